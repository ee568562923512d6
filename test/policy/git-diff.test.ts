import { mkdtempSync, mkdirSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { HeaplintError } from '../../src/errors.js';
import {
  changedGoPackageDirs,
  changedLinesSince,
  goPackageDirsOf,
  mergeBase,
  parseUnifiedDiff,
  unquoteGitPath,
} from '../../src/policy/git-diff.js';

const asObject = (changed: Map<string, Set<number>>) =>
  Object.fromEntries([...changed].map(([file, lines]) => [file, [...lines].sort((a, b) => a - b)]));

describe('parseUnifiedDiff', () => {
  test('-U0 hunks: additions, modifications, pure deletions, new and deleted files', () => {
    const diff = [
      'diff --git a/pkg/a.go b/pkg/a.go',
      'index 1111111..2222222 100644',
      '--- a/pkg/a.go',
      '+++ b/pkg/a.go',
      '@@ -3 +3 @@ func f() {',
      '-\tx := 1',
      '+\tx := 2',
      '@@ -10,0 +11,2 @@ func g() {',
      '+\ty := 3',
      '+\tz := 4',
      '@@ -20,2 +22,0 @@',
      '-\tgone()',
      '-\tgone()',
      'diff --git a/new.go b/new.go',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.go',
      '@@ -0,0 +1,3 @@',
      '+package main',
      '+',
      '+func main() {}',
      '\\ No newline at end of file',
      'diff --git a/old.go b/old.go',
      'deleted file mode 100644',
      '--- a/old.go',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-package old',
      '---- a decoy line that looks like a header',
      '',
    ].join('\n');
    expect(asObject(parseUnifiedDiff(diff))).toEqual({ 'pkg/a.go': [3, 11, 12], 'new.go': [1, 2, 3] });
  });

  test('context lines advance the new-side counter; a +++ line inside a hunk is content', () => {
    const diff = ['--- a/x.go', '+++ b/x.go', '@@ -5,4 +5,5 @@', ' keep', '-old', '+new', '++++ plus', ' keep', ' keep', ''].join('\n');
    expect(asObject(parseUnifiedDiff(diff))).toEqual({ 'x.go': [6, 7] });
  });

  test('quoted paths with octal UTF-8 escapes and CRLF diff text', () => {
    const diff = '--- "a/caf\\303\\251.go"\r\n+++ "b/caf\\303\\251.go"\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n';
    expect(asObject(parseUnifiedDiff(diff))).toEqual({ 'café.go': [1] });
    expect(unquoteGitPath('"b/tab\\there \\"q\\".go"')).toBe('b/tab\there "q".go');
    expect(unquoteGitPath('plain.go')).toBe('plain.go');
  });

  test('goPackageDirsOf', () => {
    expect(goPackageDirsOf(['main.go', 'a/b/c.go', 'a/b/d.go', 'a/README.md', 'vendor/x/y.go', 'a/testdata/t.go', 'z\\w.go'])).toEqual([
      '.',
      'a/b',
      'z',
    ]);
  });
});

describe('git edge (temporary repository)', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo });

  beforeAll(async () => {
    repo = mkdtempSync(path.join(tmpdir(), 'heaplint-git-'));
    await git('init', '-q', '-b', 'main');
    mkdirSync(path.join(repo, 'a'));
    mkdirSync(path.join(repo, 'b'));
    writeFileSync(path.join(repo, 'a', 'a.go'), 'package a\n\nfunc A() {}\n');
    writeFileSync(path.join(repo, 'b', 'b.go'), 'package b\n\nfunc B() {}\n');
    writeFileSync(path.join(repo, 'gone.go'), 'package main\n');
    await git('add', '.');
    await git('commit', '-q', '-m', 'base');
    await git('checkout', '-q', '-b', 'feature');
    writeFileSync(path.join(repo, 'a', 'a.go'), 'package a\n\nfunc A() {\n\tx := 1\n\t_ = x\n}\n');
    await git('commit', '-q', '-am', 'change a');
    writeFileSync(path.join(repo, 'b', 'b.go'), 'package b\n\n// B does nothing.\nfunc B() {}\n');
    mkdirSync(path.join(repo, 'c'));
    writeFileSync(path.join(repo, 'c', 'new.go'), 'package c\n\nvar C = 1\n');
    writeFileSync(path.join(repo, 'notes.txt'), 'x\n');
    unlinkSync(path.join(repo, 'gone.go'));
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test('changedLinesSince covers commits, working-tree edits and untracked files', async () => {
    expect(asObject(await changedLinesSince(repo, 'main'))).toEqual({
      'a/a.go': [3, 4, 5, 6],
      'b/b.go': [3],
      'c/new.go': [1, 2, 3],
      'notes.txt': [1],
    });
  });

  test('mergeBase and changedGoPackageDirs', async () => {
    const base = (await git('rev-parse', 'main')).stdout.trim();
    expect(await mergeBase(repo, 'main')).toBe(base);
    expect(await changedGoPackageDirs(repo, base)).toEqual(['.', 'a', 'b', 'c']);
    expect(await changedGoPackageDirs(repo)).toEqual(['.', 'b', 'c']);
  });

  test('bad revisions are usage errors', async () => {
    await expect(changedLinesSince(repo, 'no-such-branch')).rejects.toThrow(new HeaplintError('--new-from-rev no-such-branch: unknown revision'));
    await expect(changedLinesSince(repo, '--output=x')).rejects.toThrow(new HeaplintError('--new-from-rev: not a revision: "--output=x"'));
    await expect(mergeBase(repo, 'nope')).rejects.toThrow(new HeaplintError('--new-from-merge-base nope: unknown revision'));
  });
});
