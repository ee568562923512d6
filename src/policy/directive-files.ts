/** The edge that reads Go files for the directive scanner. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HeaplintError } from '../errors.js';
import { scanDirectives, type DirectiveScan } from '../source/directive-scanner.js';

/**
 * Scan repo-relative `.go` files (forward slashes) under `repoRoot`. The map is keyed by the same
 * repo-relative paths findings use, in sorted order.
 */
export async function scanDirectiveFiles(
  repoRoot: string,
  files: readonly string[],
  knownRuleIds: readonly string[],
): Promise<Map<string, DirectiveScan>> {
  const sorted = [...new Set(files)].sort();
  const scans = await Promise.all(
    sorted.map(async (file) => {
      try {
        return scanDirectives(await readFile(path.join(repoRoot, file), 'utf8'), knownRuleIds);
      } catch (error) {
        throw new HeaplintError(`${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
  return new Map(sorted.map((file, index) => [file, scans[index]!]));
}
