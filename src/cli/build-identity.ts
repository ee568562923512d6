/**
 * heaplint's own build, for the result cache: its version and a digest of the bundle it runs
 * from (dist/heaplint-cli.js, all of heaplint's code in one file), so that an entry is never used
 * by different code, not even an unreleased change with the same version. Null when heaplint runs
 * from separate modules (`tsc`'s output, the tests), which one file cannot stand for: those runs
 * do not use the cache.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolVersion } from './version.js';

export const BUNDLE_FILE = 'heaplint-cli.js';

export function bundleIdentity(moduleFile: string = fileURLToPath(import.meta.url)): string | null {
  if (path.basename(moduleFile) !== BUNDLE_FILE) return null;
  try {
    return `${toolVersion()} ${crypto.createHash('sha256').update(fs.readFileSync(moduleFile)).digest('hex')}`;
  } catch {
    return null;
  }
}
