import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/go-output');

/** Shared record fields, so that expected objects stay readable. */
export function base(pkg: string | null, count = 1, variant: string | null = null) {
  return { package: pkg, variant, count };
}
