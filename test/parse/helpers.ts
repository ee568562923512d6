import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The team's shared fixtures: shared/ beside the repository (as CI lays it out), or else the
 * workplace's own copy, for a clone made anywhere on the machine.
 */
const besideRepo = path.resolve(repoRoot, '../shared/fixtures/go-output');
export const fixturesDir = fs.existsSync(besideRepo) ? besideRepo : '/work/shared/fixtures/go-output';

/** Shared record fields, so that expected objects stay readable. */
export function base(pkg: string | null, count = 1, variant: string | null = null) {
  return { package: pkg, variant, count };
}
