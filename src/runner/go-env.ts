/** The `go` tool: where it is, what it is (`go env -json`), and the version numbers rules need. */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { HeaplintError } from '../errors.js';
import { GOROOT_MARKERS } from '../paths/printed.js';
import { findExecutable } from './which.js';

/** How to run `go`: the binary, the directory to run in, and the environment. */
export interface GoTool {
  bin: string;
  dir: string;
  env: NodeJS.ProcessEnv;
}

export interface GoEnv {
  goos: string | null;
  goarch: string | null;
  /** `go1.26.8` */
  goversion: string | null;
  /** Path of go.mod, or null outside a module (`go env` prints /dev/null or ''). */
  gomod: string | null;
  gowork: string | null;
  goroot: string | null;
  gomodcache: string | null;
}

export interface GoVersion {
  major: number;
  minor: number;
}

export const GO_NOT_FOUND = 'go not found on PATH (install Go >= 1.20 or use --from-log)';

/**
 * The GOROOT of the Go installation this machine would run, found without running it: `$GOROOT`,
 * else the directory above the `bin/` of the `go` on PATH (symlinks resolved), as cmd/go finds
 * its own. Null when neither has a Go source tree (VERSION and src/runtime/runtime.go).
 */
export function installedGoroot(env: NodeJS.ProcessEnv): string | null {
  const laidOut = (root: string): boolean => GOROOT_MARKERS.every((marker) => fs.existsSync(path.join(root, marker)));
  if (env.GOROOT !== undefined && env.GOROOT !== '') return laidOut(env.GOROOT) ? env.GOROOT : null;
  const bin = findExecutable('go', env);
  if (bin === null) return null;
  try {
    const root = path.dirname(path.dirname(fs.realpathSync(bin)));
    return laidOut(root) ? root : null;
  } catch {
    return null;
  }
}

export function locateGo(dir: string, env: NodeJS.ProcessEnv): GoTool {
  const bin = findExecutable('go', env);
  if (bin === null) throw new HeaplintError(GO_NOT_FOUND);
  return { bin, dir, env };
}

/** `go1.26.8`, `go1.22rc1`, `1.25`, `devel go1.27-abc` → `{major, minor}`; null when it is none of those. */
export function parseGoVersion(text: string): GoVersion | null {
  const m = /(?:^|\s|go)(\d+)\.(\d+)(?:$|[.\-a-z\s])/.exec(text.trim());
  if (m === null) return null;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

const GO_ENV_VARS = ['GOOS', 'GOARCH', 'GOVERSION', 'GOMOD', 'GOWORK', 'GOROOT', 'GOMODCACHE'] as const;

function nonEmpty(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Parses `go env -json VARS…`; `/dev/null` / `NUL` for GOMOD/GOWORK mean "none". */
export function parseGoEnvJson(text: string): GoEnv {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new HeaplintError(`go env -json printed something that is not JSON: ${text.trim().split('\n')[0] ?? ''}`);
  }
  const rec = (typeof obj === 'object' && obj !== null ? obj : {}) as Record<string, unknown>;
  const file = (v: unknown): string | null => {
    const s = nonEmpty(v);
    return s === null || s === '/dev/null' || s.toUpperCase() === 'NUL' || s === 'off' ? null : s;
  };
  return {
    goos: nonEmpty(rec.GOOS),
    goarch: nonEmpty(rec.GOARCH),
    goversion: nonEmpty(rec.GOVERSION),
    gomod: file(rec.GOMOD),
    gowork: file(rec.GOWORK),
    goroot: nonEmpty(rec.GOROOT),
    gomodcache: nonEmpty(rec.GOMODCACHE),
  };
}

/** The workspace root (go.work) or module root (go.mod), whichever applies. */
export function moduleRoot(env: GoEnv): string | null {
  const file = env.gowork ?? env.gomod;
  return file === null ? null : path.dirname(file);
}

/** First line of a failed command's stderr, for one-line error messages. */
export function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

export async function readGoEnv(go: GoTool): Promise<GoEnv> {
  const r = await execa(go.bin, ['env', '-json', ...GO_ENV_VARS], {
    cwd: go.dir,
    env: go.env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    maxBuffer: 1024 * 1024,
  });
  if (r.exitCode !== 0) {
    throw new HeaplintError(`go env failed: ${firstLine(String(r.stderr)) || `exit status ${r.exitCode ?? 'unknown'}`}`);
  }
  return parseGoEnvJson(String(r.stdout));
}
