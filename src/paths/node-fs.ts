/** The file-system side of path resolution: `realpath` that answers null instead of throwing. */
import fs from 'node:fs';
import type { PathFs } from './resolver.js';

export const nodePathFs: PathFs = {
  realpath(absolute: string): string | null {
    try {
      return fs.realpathSync(absolute);
    } catch {
      return null;
    }
  },
};

/** `p` with symlinks resolved when it exists, else unchanged. */
export function realpathOrSelf(p: string): string {
  return nodePathFs.realpath(p) ?? p;
}
