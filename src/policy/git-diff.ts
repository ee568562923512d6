/**
 * "New code only" support: which lines changed since a revision, and which Go package
 * directories those changes touch. The unified-diff parser is pure; git runs at the edge through
 * execa with argument arrays. Remember that escapes are non-local (editing a callee can move a
 * caller's variable to the heap), so line filtering can miss real regressions; the fingerprint
 * baseline is the stronger tool.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { HeaplintError } from '../errors.js';

/** Repo-relative file → 1-based line numbers added or modified on the new side. */
export type ChangedLines = Map<string, Set<number>>;

/** Undo git's C-style path quoting (`"dir/caf\303\251.go"`), decoding octal escapes as UTF-8 bytes. */
export function unquoteGitPath(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"') || raw.length < 2) return raw;
  const body = raw.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\' && i + 1 < body.length) {
      const next = body[i + 1]!;
      const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
      if (octal) {
        bytes.push(parseInt(octal[0], 8));
        i += 3;
        continue;
      }
      if (next in simple) {
        bytes.push(simple[next]!);
        i += 1;
        continue;
      }
    }
    bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function stripPrefix(file: string): string | null {
  const unquoted = unquoteGitPath(file.replace(/\t.*$/, ''));
  if (unquoted === '/dev/null') return null;
  return unquoted.replace(/^[ab]\//, '');
}

/**
 * New-side changed lines of a unified diff (any context size; heaplint asks for `-U0`). Pure
 * deletions mark no line. Files deleted in the diff do not appear.
 */
export function parseUnifiedDiff(text: string): ChangedLines {
  const changed: ChangedLines = new Map();
  const lines = text.split('\n');
  let file: string | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let newLine = 0;
  for (const rawLine of lines) {
    const line = rawLine.replace(/\r$/, '');
    if (oldLeft > 0 || newLeft > 0) {
      const marker = line[0];
      if (marker === '+') {
        if (file !== null) changed.get(file)!.add(newLine);
        newLine++;
        newLeft--;
      } else if (marker === '-') {
        oldLeft--;
      } else if (marker === ' ' || line === '') {
        newLine++;
        newLeft--;
        oldLeft--;
      }
      // `\ No newline at end of file` belongs to the previous line and counts for nothing.
      continue;
    }
    if (line.startsWith('diff --git ')) {
      file = null;
    } else if (line.startsWith('+++ ')) {
      file = stripPrefix(line.slice(4));
      if (file !== null && !changed.has(file)) changed.set(file, new Set());
    } else if (line.startsWith('@@')) {
      const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!hunk) continue;
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLine = Number(hunk[2]);
      newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
    }
  }
  for (const [name, set] of changed) if (set.size === 0) changed.delete(name);
  return changed;
}

/** Directories (repo-relative, `.` for the root, sorted) holding the given `.go` files, skipping vendor and testdata. */
export function goPackageDirsOf(files: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const file of files) {
    const normalized = file.replace(/\\/g, '/');
    if (!normalized.endsWith('.go')) continue;
    const segments = normalized.split('/');
    if (segments.some((s) => s === 'vendor' || s === 'testdata' || s === 'node_modules')) continue;
    dirs.add(path.posix.dirname(normalized));
  }
  return [...dirs].sort();
}

async function git(repoRoot: string, args: string[]): Promise<string> {
  let result;
  try {
    result = await execa('git', args, { cwd: repoRoot, reject: false, stripFinalNewline: false, env: { GIT_PAGER: 'cat' } });
  } catch (error) {
    throw new HeaplintError(`git: cannot run: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (result.exitCode !== 0) {
    const why = String(result.stderr).trim().split('\n')[0] || `exit code ${String(result.exitCode)}`;
    throw new HeaplintError(`git ${args[0] ?? ''}: ${why}`);
  }
  return String(result.stdout);
}

function checkRevArgument(rev: string, flag: string): void {
  if (rev === '' || rev.startsWith('-')) throw new HeaplintError(`${flag}: not a revision: ${JSON.stringify(rev)}`);
}

async function verifyRevision(repoRoot: string, rev: string, flag: string): Promise<void> {
  checkRevArgument(rev, flag);
  const result = await execa('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: repoRoot, reject: false });
  if (result.exitCode !== 0) throw new HeaplintError(`${flag} ${rev}: unknown revision`);
}

/** The top directory of the git work tree containing `cwd`. */
export async function gitRepoRoot(cwd: string): Promise<string> {
  return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
}

/** `git merge-base BRANCH HEAD`, for `--new-from-merge-base BRANCH`. */
export async function mergeBase(repoRoot: string, branch: string): Promise<string> {
  await verifyRevision(repoRoot, branch, '--new-from-merge-base');
  return (await git(repoRoot, ['merge-base', branch, 'HEAD'])).trim();
}

async function untrackedFiles(repoRoot: string): Promise<string[]> {
  const out = await git(repoRoot, ['ls-files', '--others', '--exclude-standard', '-z']);
  return out.split('\0').filter((f) => f !== '').sort();
}

/**
 * Lines changed between `rev` and the working tree (committed, staged and unstaged changes),
 * plus every line of untracked files.
 */
export async function changedLinesSince(repoRoot: string, rev: string, flag = '--new-from-rev'): Promise<ChangedLines> {
  await verifyRevision(repoRoot, rev, flag);
  const diff = await git(repoRoot, [
    '-c', 'core.quotePath=true',
    'diff', '--no-color', '--no-ext-diff', '--find-renames', '-U0', '--src-prefix=a/', '--dst-prefix=b/', rev, '--',
  ]);
  const changed = parseUnifiedDiff(diff);
  for (const file of await untrackedFiles(repoRoot)) {
    const text = await readFile(path.join(repoRoot, file), 'utf8').catch(() => null);
    if (text === null) continue;
    const count = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    changed.set(file, new Set(Array.from({ length: count }, (_, i) => i + 1)));
  }
  return changed;
}

/**
 * Package directories (repo-relative, sorted) whose `.go` files changed since `rev`, untracked
 * files included, for `--changed`. Directories that no longer exist are left out.
 */
export async function changedGoPackageDirs(repoRoot: string, rev = 'HEAD'): Promise<string[]> {
  await verifyRevision(repoRoot, rev, '--changed');
  const names = (await git(repoRoot, ['diff', '--name-only', '-z', '--no-renames', rev, '--'])).split('\0').filter((f) => f !== '');
  const dirs = goPackageDirsOf([...names, ...(await untrackedFiles(repoRoot))]);
  return dirs.filter((dir) => {
    const abs = path.join(repoRoot, dir);
    return existsSync(abs) && statSync(abs).isDirectory();
  });
}
