/** The edge that reads Go files for the directive scanner. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fsReason, HeaplintError } from '../errors.js';
import { scanDirectives, type DirectiveScan } from '../source/directive-scanner.js';

/**
 * Scan repo-relative `.go` files (forward slashes) under `repoRoot`. The map is keyed by the same
 * repo-relative paths findings use, in sorted order. A file in `known` (scanned already, against
 * the same rule ids) is not read again.
 */
export function scanDirectiveFiles(
  repoRoot: string,
  files: readonly string[],
  knownRuleIds: readonly string[],
  known: ReadonlyMap<string, DirectiveScan> = new Map(),
): Map<string, DirectiveScan> {
  const sorted = [...new Set(files)].sort();
  const read = (file: string): string => {
    try {
      return readFileSync(path.join(repoRoot, file), 'utf8');
    } catch (error) {
      throw new HeaplintError(`${file}: cannot read: ${fsReason(error)}`);
    }
  };
  // Read one at a time, synchronously: for thousands of small files that is several times
  // faster than reads through the thread pool, however many are under way.
  const scans = new Map<string, DirectiveScan>();
  for (const file of sorted) scans.set(file, known.get(file) ?? scanDirectives(read(file), knownRuleIds));
  return scans;
}
