/** The edge that reads a repository file the run cannot do without (a Go file to scan, a go.mod). */
import { readFileSync } from 'node:fs';
import { fsReason, HeaplintError } from '../errors.js';

/**
 * The file's text, or a one-line error naming it as `shownAs` (exit 2). Synchronous: for the
 * thousands of small files a build has, one read at a time is several times faster than reads
 * through the thread pool, however many are under way.
 */
export function readTextFile(absolute: string, shownAs: string): string {
  try {
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new HeaplintError(`${shownAs}: cannot read: ${fsReason(error)}`);
  }
}
