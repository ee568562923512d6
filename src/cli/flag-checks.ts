/**
 * Flag values and combinations checked before anything runs, so a mistake costs no build and
 * gets one line naming the flag. Directory and file checks are here too: they are what the user
 * typed, and `no such directory` is clearer from here than from deep inside go or git.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HeaplintError } from '../errors.js';
import { parseGoVersionFlag } from '../pipeline/source.js';
import { gcflagProblem } from '../policy/config.js';
import type { CliArgs } from './args.js';

/** Flags of the lint pipeline that `heaplint parse` (every record, no policy) has no use for. */
const LINT_ONLY: ReadonlyArray<[keyof CliArgs, string]> = [
  ['config', '--config'],
  ['failLevel', '--fail-level'],
  ['baseline', '--baseline'],
  ['writeBaseline', '--write-baseline'],
  ['newFromRev', '--new-from-rev'],
  ['newFromMergeBase', '--new-from-merge-base'],
  ['changed', '--changed'],
  ['includeSuppressed', '--include-suppressed'],
  ['category', '--category'],
];

function given(v: CliArgs[keyof CliArgs]): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== false;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `--dir`, `--repo-root`: must name an existing directory. */
export function checkDirectoryFlag(flag: string, value: string | undefined, cwd: string): void {
  if (value === undefined) return;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path.resolve(cwd, value));
  } catch {
    throw new HeaplintError(`${flag} ${value}: no such directory`);
  }
  if (!stat.isDirectory()) throw new HeaplintError(`${flag} ${value}: not a directory`);
}

/** Flags that name a file or directory: an empty value would quietly mean the working directory. */
const PATH_FLAGS: ReadonlyArray<[keyof CliArgs, string]> = [
  ['fromLog', '--from-log'],
  ['config', '--config'],
  ['baseline', '--baseline'],
  ['writeBaseline', '--write-baseline'],
  ['dir', '--dir'],
  ['repoRoot', '--repo-root'],
];

/** Every check that needs only the arguments and the file system; throws the first problem. */
export function checkFlags(args: CliArgs, cwd: string): void {
  for (const [key, flag] of PATH_FLAGS) if (args[key] === '') throw new HeaplintError(`${flag}: must not be empty`);
  if (args.fromLog !== undefined && args.packages.length > 0) {
    throw new HeaplintError(`package patterns (${args.packages.join(' ')}) cannot be combined with --from-log`);
  }
  for (const [given, flag] of [
    [args.tests === true, '--tests'],
    [args.tags !== undefined, '--tags'],
    [args.gcflags !== undefined, '--gcflags'],
  ] as const) {
    if (args.fromLog !== undefined && given) throw new HeaplintError(`${flag} cannot be combined with --from-log (the log already holds whatever was compiled)`);
  }
  if (args.command === 'parse') {
    if (args.format.length > 0) throw new HeaplintError('--format does not apply to heaplint parse (it always prints JSON Lines)');
    const flag = LINT_ONLY.find(([key]) => given(args[key]));
    if (flag !== undefined) throw new HeaplintError(`${flag[1]} does not apply to heaplint parse (it prints every record, unfiltered)`);
  } else {
    if (args.newFromRev !== undefined && args.newFromMergeBase !== undefined) {
      throw new HeaplintError('--new-from-rev and --new-from-merge-base cannot be combined; use one');
    }
    if (args.changed && args.fromLog !== undefined) throw new HeaplintError('--changed cannot be combined with --from-log (nothing is built)');
    if (args.changed && args.newFromMergeBase !== undefined) {
      throw new HeaplintError('--changed compares with HEAD or --new-from-rev, not --new-from-merge-base');
    }
    if (args.command === 'baseline' && args.baseline !== undefined) {
      throw new HeaplintError('heaplint baseline records every finding; --baseline does not apply (use --write-baseline FILE to name the file)');
    }
  }
  if (args.category?.trim() === '') throw new HeaplintError('--category: must not be empty (leave it out to let upload-sarif choose the category)');
  for (const flag of (args.gcflags ?? '').split(/\s+/)) {
    const problem = gcflagProblem(flag);
    if (problem !== null) throw new HeaplintError(`--gcflags: ${problem} (${JSON.stringify(flag)})`);
  }
  // Checked even when go reports its own version, which would otherwise make a typo pass silently.
  parseGoVersionFlag(args.goVersion);
  if (args.config !== undefined && isDirectory(path.resolve(cwd, args.config))) throw new HeaplintError(`--config ${args.config}: is a directory`);
  checkDirectoryFlag('--dir', args.dir, cwd);
  checkDirectoryFlag('--repo-root', args.repoRoot, cwd);
}
