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

/** Every captured log of the shared fixtures (the .txt files under out/, one folder per Go version), sorted. */
export function fixtureLogs(dir: string = path.join(fixturesDir, 'out')): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...fixtureLogs(p));
    else if (e.name.endsWith('.txt')) out.push(p);
  }
  return out.sort();
}

/** Shared record fields, so that expected objects stay readable. */
export function base(pkg: string | null, count = 1, variant: string | null = null) {
  return { package: pkg, variant, count };
}
