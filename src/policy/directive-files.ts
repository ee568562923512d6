/** The edge that reads Go files for the directive scanner. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HeaplintError } from '../errors.js';
import { scanDirectives, type DirectiveScan } from '../source/directive-scanner.js';
import { READ_AHEAD, readAhead } from '../source/read-ahead.js';

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
  const read = async (file: string): Promise<string> => {
    try {
      return await readFile(path.join(repoRoot, file), 'utf8');
    } catch (error) {
      throw new HeaplintError(`${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  // A bounded number of files open at once, whatever the repository's size.
  const scans = new Map<string, DirectiveScan>();
  for await (const [file, source] of readAhead(sorted, READ_AHEAD, read)) scans.set(file, scanDirectives(source, knownRuleIds));
  return scans;
}
