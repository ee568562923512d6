/**
 * The contracts stage: finds the Go files whose contracts a run must check, reads and scans them,
 * and hands everything to the pure `checkContracts`.
 *
 * Which files (docs/contracts.md, "Which files are checked"):
 *  - every `.go` file in the directory of a built package (the calls in them count for
 *    `inline` contracts, their contracts are checked);
 *  - every other `.go` file of the module(s) being built that holds a contract directive: those
 *    contracts were never checked, which is an `invalid-directive` error, never silence.
 * A module is "being built" when one of the built packages lives in it. Other modules of the
 * repository (directories with their own go.mod) are left alone: they are not analysed at all,
 * so their contracts are not this run's business. `vendor/`, `testdata/`, `node_modules/` and
 * directories the go tool ignores (`.x`, `_x`) are never looked at.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../findings/finding.js';
import type { ParsedRecord } from '../parse/records.js';
import { allKnownRuleIds } from '../policy/rule-ids.js';
import { scanDirectives, type DirectiveScan } from '../source/directive-scanner.js';
import { readTextFile } from '../source/read-text.js';
import { checkContracts, type ContractFile } from './check.js';

export interface ContractStageInput {
  /** Absolute repository root; findings carry paths relative to it. */
  repoRoot: string;
  /** Verdict and inlining records as parsed (printed paths). */
  records: readonly ParsedRecord[];
  /** Printed path + `# pkg` header → repo-relative path, or null when outside the repository. */
  resolve: (printedFile: string, pkg: string | null) => string | null;
  /** Import paths of the packages the build compiled. */
  builtPackages: ReadonlySet<string>;
  /** Import path → absolute directory, from `go list`. */
  packageDirs: ReadonlyMap<string, string>;
  goVersion: { major: number; minor: number } | null;
  /**
   * Import path → base names of the files the build compiled (`go list` GoFiles + CgoFiles).
   * Without it every non-test `.go` file of a built package's directory counts as compiled.
   */
  compiledFiles?: ReadonlyMap<string, readonly string[]>;
  /** Ids `//heaplint:escapes` may name; pass the policy stage's list so problems line up. */
  knownRuleIds?: readonly string[];
  /**
   * Told of every file the stage read and scanned, with the ids it scanned against: the policy
   * stage scans the same files for suppressions and need not read them again.
   */
  onScan?: (repoPath: string, scan: DirectiveScan, knownRuleIds: readonly string[]) => void;
}

/** Directories no package pattern ever reaches. */
const IGNORED_DIRS = ['**/vendor/**', '**/testdata/**', '**/node_modules/**', '**/_*/**'];

/** What every heaplint and gcassert directive starts with. */
const DIRECTIVE_MARKERS = ['//heaplint:', '//gcassert:'];
const DIRECTIVE_MARKER_BYTES = DIRECTIVE_MARKERS.map((m) => Buffer.from(m, 'latin1'));
/** Bytes a marker split by a read needs from the read before: all but its last. */
const MARKER_OVERLAP = Math.max(...DIRECTIVE_MARKERS.map((m) => m.length)) - 1;
/**
 * fileMayHoldDirective reads every file into this one buffer, a part at a time, however large
 * the file. A Buffer per file would be memory outside V8's heap, which stays until V8 gets round
 * to collecting the Buffers: lint asks this of every repository file with verdicts (well over
 * a thousand with GOROOT as the repository).
 */
const MARKER_SCAN = Buffer.allocUnsafe(256 * 1024);

/** Whether Go source may hold a heaplint or gcassert directive (a cheap test before scanning). */
export function mayHoldDirective(source: string): boolean {
  return DIRECTIVE_MARKERS.some((m) => source.includes(m));
}

/**
 * mayHoldDirective of a file, asked of its bytes: the markers are ASCII, which UTF-8 encodes as
 * itself, so the answer is the same without decoding the file (lint asks it of every repository
 * file with verdicts). True when the file cannot be read: the stage that reads it says why.
 */
export function fileMayHoldDirective(absPath: string): boolean {
  let fd: number;
  try {
    fd = openSync(absPath, 'r');
  } catch {
    return true;
  }
  try {
    let kept = 0;
    for (;;) {
      const n = readSync(fd, MARKER_SCAN, kept, MARKER_SCAN.length - kept, null);
      if (n === 0) return false;
      const end = kept + n;
      const part = MARKER_SCAN.subarray(0, end);
      if (DIRECTIVE_MARKER_BYTES.some((m) => part.includes(m))) return true;
      // The tail of this part begins the next, so a marker split between two reads is found.
      kept = Math.min(MARKER_OVERLAP, end);
      MARKER_SCAN.copyWithin(0, end - kept, end);
    }
  } catch {
    return true;
  } finally {
    closeSync(fd);
  }
}

const CONTRACT_KINDS = new Set(['noescape', 'escapes', 'inline']);

export interface GoModule {
  /** Absolute directory holding go.mod. */
  dir: string;
  /** The `module` path, or null when go.mod has none. */
  path: string | null;
}

/** A candidate file: where it is and, when it belongs to a built package, which one. */
export interface CandidateFile {
  /** Repo-relative, forward slashes. */
  repoPath: string;
  /** Import path of its package: the built one for its directory, else derived from go.mod. */
  packageImportPath: string | null;
  built: boolean;
  compiled: boolean;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** `a/b` relative to `root`, or null when `abs` is outside it. */
function relativeInside(root: string, abs: string): string | null {
  const rel = path.relative(root, abs);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return toPosix(rel);
}

/** The `module` path of a go.mod, quoted or not (pure, exported for tests). */
export function modulePathOf(goMod: string): string | null {
  for (const raw of goMod.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const m = /^module\s+(?:"([^"]+)"|`([^`]+)`|(\S+))$/.exec(line);
    if (m) return m[1] ?? m[2] ?? m[3] ?? null;
  }
  return null;
}

/**
 * The import path of the package in `dir`, inside `module`: the module path joined with the
 * directory's path in the module. The standard library's go.mod (GOROOT/src) says `module std`,
 * but its packages are imported by their directory alone (`fmt`, `internal/trace`).
 */
export function importPathIn(module: GoModule, dir: string): string | null {
  if (module.path === null) return null;
  const rel = relativeInside(module.dir, dir);
  if (rel === null) return null;
  if (module.path === 'std') return rel === '' ? null : rel;
  return rel === '' ? module.path : `${module.path}/${rel}`;
}

/**
 * The import path of the package in `dir` as its nearest go.mod gives it, or null (no go.mod,
 * none that names a module, or one that cannot be read). `modules` remembers each go.mod read.
 */
export function importPathOfDir(dir: string, modules: Map<string, GoModule | null> = new Map()): string | null {
  const moduleDir = findModuleDir(dir);
  if (moduleDir === null) return null;
  let module = modules.get(moduleDir);
  if (module === undefined) {
    try {
      module = { dir: moduleDir, path: modulePathOf(readTextFile(path.join(moduleDir, 'go.mod'), 'go.mod')) };
    } catch {
      module = null;
    }
    modules.set(moduleDir, module);
  }
  return module === null ? null : importPathIn(module, dir);
}

/** Nearest directory at or above `dir` holding a go.mod, or null. */
function findModuleDir(dir: string): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'go.mod'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

/** The file's text; named relative to the repository in the error when it cannot be read. */
function readText(repoRoot: string, abs: string): string {
  return readTextFile(abs, relativeInside(repoRoot, abs) ?? abs);
}

/** The modules the built packages live in, each with its module path. */
function builtModules(repoRoot: string, builtDirs: Iterable<string>): GoModule[] {
  const dirs = new Set<string>();
  for (const dir of builtDirs) {
    const found = findModuleDir(dir);
    if (found !== null) dirs.add(found);
  }
  const modules: GoModule[] = [];
  for (const dir of [...dirs].sort()) {
    modules.push({ dir, path: modulePathOf(readText(repoRoot, path.join(dir, 'go.mod'))) });
  }
  return modules;
}

/**
 * Decides, for each `.go` file found, whether it is part of the build. Pure: absolute paths in,
 * candidates out, sorted by repo path.
 */
export function classifyCandidates(input: {
  repoRoot: string;
  goFiles: readonly string[];
  builtDirs: ReadonlyMap<string, string>;
  modules: readonly GoModule[];
  compiledFiles?: ReadonlyMap<string, readonly string[]>;
}): CandidateFile[] {
  const out = new Map<string, CandidateFile>();
  for (const abs of input.goFiles) {
    const repoPath = relativeInside(input.repoRoot, abs);
    if (repoPath === null || repoPath === '') continue;
    const dir = path.dirname(abs);
    const builtAs = input.builtDirs.get(dir);
    if (builtAs !== undefined) {
      const base = path.basename(abs);
      const listed = input.compiledFiles?.get(builtAs);
      const compiled = listed !== undefined ? listed.includes(base) : !base.endsWith('_test.go');
      out.set(repoPath, { repoPath, packageImportPath: builtAs, built: true, compiled });
      continue;
    }
    // The innermost module holding the file gives its would-be import path.
    const module = [...input.modules]
      .filter((m) => relativeInside(m.dir, dir) !== null)
      .sort((a, b) => b.dir.length - a.dir.length)[0];
    const packageImportPath = module === undefined ? null : importPathIn(module, dir);
    out.set(repoPath, { repoPath, packageImportPath, built: false, compiled: false });
  }
  return [...out.values()].sort((a, b) => (a.repoPath < b.repoPath ? -1 : a.repoPath > b.repoPath ? 1 : 0));
}

/** Every `.go` file the stage has to look at, absolute. */
async function listGoFiles(repoRoot: string, builtDirs: Iterable<string>, modules: readonly GoModule[]): Promise<string[]> {
  const files = new Set<string>();
  const dirs = [...builtDirs];
  if (dirs.length === 0 && modules.length === 0) return [];
  // Loaded here: a run with nothing of its own to look at (std outside the repository) does not
  // need it, and it costs about 40 ms of start-up.
  const { default: fg } = await import('fast-glob');
  for (const dir of dirs) {
    for (const f of await fg('*.go', { cwd: dir, absolute: true, onlyFiles: true })) files.add(path.normalize(f));
  }
  for (const module of modules) {
    // Only the part of the module inside the repository: findings never point outside it.
    const root = relativeInside(repoRoot, module.dir) === null ? repoRoot : module.dir;
    const found = await fg(['**/*.go', '**/go.mod'], {
      cwd: root,
      absolute: true,
      onlyFiles: true,
      dot: false,
      followSymbolicLinks: false,
      ignore: IGNORED_DIRS,
    });
    // Directories with their own go.mod are other modules, analysed (or not) on their own.
    const nested = found
      .filter((f) => path.basename(f) === 'go.mod')
      .map((f) => path.dirname(path.normalize(f)))
      .filter((d) => d !== module.dir && relativeInside(module.dir, d) !== null);
    for (const f of found) {
      if (!f.endsWith('.go')) continue;
      const abs = path.normalize(f);
      const dir = path.dirname(abs);
      if (nested.some((n) => relativeInside(n, dir) !== null)) continue;
      files.add(abs);
    }
  }
  return [...files].sort();
}

/** Contract, stale-annotation and invalid-directive findings for one run, sorted. */
export async function runContractStage(input: ContractStageInput): Promise<Finding[]> {
  const repoRoot = path.resolve(input.repoRoot);
  const knownRuleIds = input.knownRuleIds ?? allKnownRuleIds();
  const builtDirs = new Map<string, string>();
  for (const importPath of [...input.builtPackages].sort()) {
    const dir = input.packageDirs.get(importPath);
    if (dir === undefined) continue;
    const abs = path.resolve(dir);
    if (relativeInside(repoRoot, abs) === null || builtDirs.has(abs)) continue;
    builtDirs.set(abs, importPath);
  }
  const modules = builtModules(repoRoot, builtDirs.keys());
  const goFiles = await listGoFiles(repoRoot, builtDirs.keys(), modules);
  const candidates = classifyCandidates({ repoRoot, goFiles, builtDirs, modules, compiledFiles: input.compiledFiles });

  const files: ContractFile[] = [];
  // Built files without a directive matter only as call sites of `inline` contracts. A large
  // build has thousands of them: they are read again only when some contract needs them, so
  // memory does not grow with the repository.
  const plain: CandidateFile[] = [];
  const contractFile = (candidate: CandidateFile, source: string, scan: ReturnType<typeof scanDirectives>): ContractFile => ({
    repoPath: candidate.repoPath,
    packageImportPath: candidate.packageImportPath,
    source,
    directives: scan.directives,
    problems: scan.problems,
    compiled: candidate.compiled,
  });
  const read = (candidate: CandidateFile): string => readText(repoRoot, path.join(repoRoot, candidate.repoPath));
  for (const candidate of candidates) {
    const source = read(candidate);
    // Files outside the build matter only when they hold a contract; skip the rest cheaply.
    if (!candidate.built && !mayHoldDirective(source)) continue;
    const scan = scanDirectives(source, knownRuleIds);
    input.onScan?.(candidate.repoPath, scan, knownRuleIds);
    if (!candidate.built && !scan.directives.some((d) => CONTRACT_KINDS.has(d.kind))) continue;
    if (scan.directives.length === 0 && scan.problems.length === 0) {
      plain.push(candidate);
      continue;
    }
    files.push(contractFile(candidate, source, scan));
  }
  if (plain.length > 0 && files.some((f) => f.directives.some((d) => d.kind === 'inline'))) {
    // Scanned above, with nothing found: only their text is needed again.
    const nothing = { directives: [], problems: [] };
    for (const candidate of plain) files.push(contractFile(candidate, read(candidate), nothing));
  }
  return checkContracts({
    files,
    records: input.records,
    resolve: input.resolve,
    builtPackages: input.builtPackages,
    goVersion: input.goVersion,
  });
}
