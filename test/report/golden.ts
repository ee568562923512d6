/** Byte-exact golden files under test/fixtures/report/golden; `UPDATE_GOLDEN=1` rewrites them. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function goldenPath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/report/golden/${name}`, import.meta.url));
}

export function expectGolden(name: string, actual: string): void {
  const path = goldenPath(name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
