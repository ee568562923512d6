/** The edge that reads Go files for the directive scanner. */
import path from 'node:path';
import { scanDirectives, type DirectiveScan } from '../source/directive-scanner.js';
import { readTextFile } from '../source/read-text.js';

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
  const scans = new Map<string, DirectiveScan>();
  for (const file of sorted) scans.set(file, known.get(file) ?? scanDirectives(readTextFile(path.join(repoRoot, file), file), knownRuleIds));
  return scans;
}
