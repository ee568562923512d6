/**
 * Which directory findings are relative to: `--repo-root`, else the git top-level of the
 * working directory, else the Go module root, else the working directory itself.
 */
import path from 'node:path';
import { execa } from 'execa';
import { HeaplintError } from '../errors.js';
import { realpathOrSelf, nodePathFs } from './node-fs.js';

export interface RepoRootOptions {
  /** `--repo-root`, as given (relative to `cwd`). */
  explicit: string | undefined;
  /** The directory the build runs in (`--dir`), absolute. */
  dir: string;
  /** Directory of go.mod / go.work, when known. */
  moduleRoot: string | null;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function gitTopLevel(dir: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  try {
    const r = await execa('git', ['rev-parse', '--show-toplevel'], { cwd: dir, env, reject: false, timeout: 10_000 });
    const out = typeof r.stdout === 'string' ? r.stdout.trim() : '';
    return r.exitCode === 0 && out !== '' ? out : null;
  } catch {
    return null; // git itself missing
  }
}

/** Absolute repository root with symlinks resolved. */
export async function findRepoRoot(opts: RepoRootOptions): Promise<string> {
  if (opts.explicit !== undefined) {
    const abs = path.resolve(opts.cwd, opts.explicit);
    const real = nodePathFs.realpath(abs);
    if (real === null) throw new HeaplintError(`--repo-root ${opts.explicit}: no such directory`);
    return real;
  }
  const top = await gitTopLevel(opts.dir, opts.env);
  return realpathOrSelf(top ?? opts.moduleRoot ?? opts.dir);
}
