/** scanDirectiveFiles: what it reads, and the scans the contracts stage already made. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanDirectiveFiles } from '../../src/policy/directive-files.js';
import { allKnownRuleIds } from '../../src/policy/rule-ids.js';
import { scanDirectives } from '../../src/source/directive-scanner.js';

const ids = allKnownRuleIds();
let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-directive-files-'));
  fs.mkdirSync(path.join(root, 'p'));
  fs.writeFileSync(path.join(root, 'p', 'a.go'), 'package p\n\nvar x = 1 //heaplint:ignore interface-boxing the caller owns it\n');
  fs.writeFileSync(path.join(root, 'p', 'b.go'), 'package p\n\n//heaplint:ignore no-such-rule why\nvar y = 2\n');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('reads and scans each file, keyed and sorted by repo-relative path', () => {
  const scans = scanDirectiveFiles(root, ['p/b.go', 'p/a.go', 'p/a.go'], ids);
  expect([...scans.keys()]).toEqual(['p/a.go', 'p/b.go']);
  expect(scans.get('p/a.go')).toEqual(scanDirectives(fs.readFileSync(path.join(root, 'p', 'a.go'), 'utf8'), ids));
  expect(scans.get('p/b.go')?.problems.map((p) => p.line)).toEqual([3]);
});

test('a file scanned already is taken as it is, not read again', () => {
  const known = scanDirectives('package q\n\nvar z = 3 //heaplint:ignore pointer-escape kept\n', ids);
  // p/gone.go does not exist: reading it would fail.
  const scans = scanDirectiveFiles(root, ['p/gone.go', 'p/a.go'], ids, new Map([['p/gone.go', known]]));
  expect(scans.get('p/gone.go')).toBe(known);
  expect(scans.get('p/a.go')?.directives.map((d) => d.line)).toEqual([3]);
});

test('a file that cannot be read is a one-line error naming it by its repository path, with the reason only', () => {
  expect(() => scanDirectiveFiles(root, ['p/gone.go'], ids)).toThrow(new Error('p/gone.go: cannot read: no such file or directory'));
  fs.mkdirSync(path.join(root, 'p', 'dir.go'));
  expect(() => scanDirectiveFiles(root, ['p/dir.go'], ids)).toThrow(new Error('p/dir.go: cannot read: is a directory'));
});
