/**
 * Where compiler output comes from — a live `go build` or a saved log (`--from-log FILE|-`) —
 * together with what is needed to make sense of it: the path resolver and the Go version.
 * This is the effectful edge of the pipeline; everything after it works on records. Output
 * reaches the parser as raw chunks (`runChunks`, no string per line) when both sides support it.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fsReason, HeaplintError } from '../errors.js';
import type { PathResolver } from '../paths/resolve.js';
import { createPathResolver, type PathFs } from '../paths/resolver.js';
import { nodePathFs, realpathOrSelf } from '../paths/node-fs.js';
import { goVersionOfLog } from './log-version.js';
import { findRepoRoot } from '../paths/repo-root.js';
import type { GoInfo } from '../report/model.js';
import { installedGoroot, locateGo, moduleRoot, parseGoVersion, readGoEnv, type GoEnv, type GoVersion } from '../runner/go-env.js';
import { goList, packageMaps, type ListedPackage } from '../runner/go-list.js';
import type { ParseStats } from '../parse/records.js';
import { openLogStream } from '../parse/stream.js';
import { startGoBuild, type OutputTap } from '../runner/go-build.js';
import { FirstLineFinder, forEachChunk, forEachLine, type FirstLine, type LineOptions } from '../runner/lines.js';

export interface SourceOptions {
  /** `--dir`, as given (relative to cwd); undefined means cwd. */
  dir: string | undefined;
  /** `--from-log FILE`, `-` for stdin. */
  fromLog: string | undefined;
  packages: readonly string[];
  tags: string | undefined;
  gcflags: string | undefined;
  repoRoot: string | undefined;
  /** `--go-version`: used when the log does not say which compiler wrote it. */
  goVersion: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: Readable | undefined;
  /** Compile the test variants as well (`go list -test -export`). */
  tests?: boolean;
}

export interface SourceOutcome {
  /** `go build`'s exit code, or null for a log. */
  buildExitCode: number | null;
  /** Non-diagnostic lines cmd/go printed (bounded), for error messages. */
  toolLines: string[];
  bytes: number;
}

/** What `go list` said about the packages a build covers. */
export interface PackageList {
  /** Import path → absolute package directory (symlinks resolved). */
  packageDirs: ReadonlyMap<string, string>;
  /** Absolute paths of the Go files compiled (test files too with --tests), sorted. */
  goFiles: string[];
  /** Import paths of the packages the build compiles. */
  builtPackages: ReadonlySet<string>;
  /** Import path → base names of the files compiled into it (GoFiles, CgoFiles). */
  compiledFiles: ReadonlyMap<string, readonly string[]>;
}

export interface Session {
  resolver: PathResolver;
  repoRoot: string;
  go: GoInfo;
  goVersion: GoVersion | null;
  /** The build's package list, or null for a log (nothing is known before reading it). */
  packages: PackageList | null;
  /** `--from-log` as given (`-` for stdin); absent for a build. Names the log in error messages. */
  logName?: string;
  /**
   * What the result cache knows this run by (src/pipeline/result-cache.ts): `slot` names the
   * kind of run (the directory, the packages or the log file, the flags; one entry per slot),
   * `context` everything the session adds to what classification depends on (the repository
   * root, the package list, the Go environment). Absent: the run is not cached (standard input).
   */
  cache?: { slot: string; context: string };
  /**
   * Every realpath the session's resolver asked so far, with its answer: which files exist
   * decides how a printed path resolves, so the result cache checks them again.
   */
  realpathAnswers?(): [string, string | null][];
  /** Streams every line of the output to `onLine`, once (or use runChunks). */
  run(onLine: (line: string) => void, lineOptions?: LineOptions): Promise<SourceOutcome>;
  /**
   * Streams the output as raw byte chunks, once, instead of `run`: the parser's fast path.
   * `toolLines` is then empty; collect them from records (ToolLineCollector).
   */
  runChunks?(onChunk: (chunk: Buffer) => void, lineOptions?: LineOptions, tap?: OutputTap): Promise<SourceOutcome>;
}

/** What the pipeline feeds: a parser that takes lines, and, for the fast path, chunks. */
export interface FeedableParser {
  pushLine(line: string): void;
  pushChunk?(chunk: Buffer): void;
  end(): void;
  readonly stats: ParseStats;
}

/** The line-level facts of the output that records do not carry (see log-check.ts). */
export interface LineFacts {
  lines: number;
  /** Lines with something other than white space (exact in line mode; in chunk mode, lines that are not blank records). */
  nonBlankLines: number;
  firstLine: FirstLine | null;
}

export interface FedOutcome {
  outcome: SourceOutcome;
  /** Null in line mode, where `onLine` saw every line and the caller counted for itself. */
  lineFacts: LineFacts | null;
}

/**
 * Runs the session into the parser and ends it: as raw chunks when the session and the parser
 * both can (then `onLine` is never called and `lineFacts` says what it would have gathered),
 * otherwise line by line, with each line passed to `onLine` first.
 */
export async function feedParser(
  session: Session,
  parser: FeedableParser,
  onLine: (line: string) => void,
  lineOptions: LineOptions = {},
): Promise<FedOutcome> {
  const pushChunk = parser.pushChunk?.bind(parser);
  if (session.runChunks !== undefined && pushChunk !== undefined) {
    const first = new FirstLineFinder();
    const outcome = await session.runChunks((chunk) => {
      if (first.found === null) first.push(chunk);
      pushChunk(chunk);
    }, lineOptions);
    parser.end();
    const firstLine = first.end();
    const { lines, blankLines } = parser.stats;
    const nonBlankLines = firstLine === null ? 0 : Math.max(1, lines - (blankLines ?? 0));
    return { outcome, lineFacts: { lines, nonBlankLines, firstLine } };
  }
  const outcome = await session.run((line) => {
    onLine(line);
    parser.pushLine(line);
  }, lineOptions);
  parser.end();
  return { outcome, lineFacts: null };
}

export const DEFAULT_PATTERNS: readonly string[] = ['./...'];

export function parseGoVersionFlag(value: string | undefined): GoVersion | null {
  if (value === undefined) return null;
  const v = parseGoVersion(value);
  if (v === null) throw new HeaplintError(`--go-version ${JSON.stringify(value)} is not a Go version (expected e.g. 1.25)`);
  return v;
}

function resolveDir(opts: SourceOptions): string {
  const dir = path.resolve(opts.cwd, opts.dir ?? '.');
  let ok: boolean;
  try {
    ok = fs.statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new HeaplintError(`--dir ${opts.dir ?? '.'}: no such directory`);
  return realpathOrSelf(dir);
}


/** Bytes at the start of a log file that goVersionOfLog reads. */
const LOG_HEAD_BYTES = 1 << 20;

async function openLog(file: string, opts: SourceOptions): Promise<{ input: AsyncIterable<Buffer | string>; head: Buffer | null }> {
  if (file === '-') {
    if (opts.stdin === undefined) throw new HeaplintError('--from-log -: no standard input');
    return peekHead(opts.stdin);
  }
  const abs = path.resolve(opts.cwd, file);
  // Opened now to check it (and read its start), so that a log that cannot be read is the first
  // error, and again when the session reads it: a session that fails before reading (or is never
  // run) holds no file.
  let isDirectory: boolean;
  let head: Buffer | null = null;
  try {
    const handle = await fsp.open(abs, 'r');
    try {
      isDirectory = (await handle.stat()).isDirectory();
      if (!isDirectory) {
        const buf = Buffer.alloc(LOG_HEAD_BYTES);
        const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
        head = buf.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new HeaplintError(`cannot read --from-log ${file}: ${fsReason(err)}`);
  }
  if (isDirectory) throw new HeaplintError(`cannot read --from-log ${file}: is a directory`);
  return { input: readingErrorsAsHeaplint(openLogStream(abs), file), head };
}

/**
 * The start of a log on standard input, read before the parse as a file's is, so that a piped
 * log says what compiler wrote it just as the same log in a file does; the chunks read are
 * handed on first.
 */
async function peekHead(stdin: AsyncIterable<Buffer | string>): Promise<{ input: AsyncIterable<Buffer | string>; head: Buffer }> {
  const iterator = stdin[Symbol.asyncIterator]();
  const read: (Buffer | string)[] = [];
  let size = 0;
  let done = false;
  while (size < LOG_HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    read.push(next.value);
    size += typeof next.value === 'string' ? Buffer.byteLength(next.value) : next.value.length;
  }
  const head = Buffer.concat(read.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).subarray(0, LOG_HEAD_BYTES);
  async function* input(): AsyncGenerator<Buffer | string> {
    yield* read.splice(0);
    if (done) return;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  }
  return { input: input(), head };
}

async function* readingErrorsAsHeaplint(chunks: AsyncIterable<Buffer>, file: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of chunks) yield chunk;
  } catch (err) {
    throw new HeaplintError(`cannot read --from-log ${file}: ${fsReason(err)}`);
  }
}

/**
 * The module of the go.mod nearest above `dir`, within the repository: module path → directory.
 * A saved log gives no package directories; its packages of this module are laid out by their
 * import paths.
 */
function enclosingModule(dir: string, repoRoot: string): Map<string, string> {
  for (let at = dir; ; at = path.dirname(at)) {
    const declared = /^module[ \t]+"?([^\s"]+)"?/m.exec(readTextOrNull(path.join(at, 'go.mod')) ?? '')?.[1];
    if (declared !== undefined) return new Map([[declared, at]]);
    if (at === repoRoot || path.dirname(at) === at || path.relative(repoRoot, at).startsWith('..')) return new Map();
  }
}

function readTextOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

async function logSession(file: string, opts: SourceOptions): Promise<Session> {
  const dir = resolveDir(opts);
  const goVersion = parseGoVersionFlag(opts.goVersion);
  const { input, head } = await openLog(file, opts);
  // Without --go-version, what the log's own format says (the report still names no version).
  const compiler = goVersion ?? (head === null ? null : goVersionOfLog(head));
  const repoRoot = await findRepoRoot({ explicit: opts.repoRoot, dir, moduleRoot: null, env: opts.env, cwd: opts.cwd });
  // The standard library's source, for the types of its code inlined into the log's packages
  // (`context.backgroundCtx{}` is a zero value): the installed Go's, when there is one.
  const pathContext = { repoRoot, baseDir: dir, goroot: null, installedGoroot: installedGoroot(opts.env), gomodcache: null, packageDirs: new Map<string, string>(), moduleDirs: enclosingModule(dir, repoRoot) };
  const pathFs = cachedPathFs();
  const resolver = createPathResolver(pathContext, pathFs);
  const resolverContext = { ...pathContext, packageDirs: [], moduleDirs: [...pathContext.moduleDirs] };
  let used = false;
  const go: GoInfo = { version: goVersion === null ? null : `go${goVersion.major}.${goVersion.minor}`, goos: null, goarch: null };
  const logPath = file === '-' ? null : path.resolve(opts.cwd, file);
  return {
    resolver,
    repoRoot,
    go,
    goVersion: compiler,
    packages: null,
    logName: file,
    realpathAnswers: () => pathFs.answers(),
    ...(logPath === null
      ? {}
      : {
          cache: {
            slot: JSON.stringify({ log: logPath, dir, repoRoot }),
            context: JSON.stringify({ go, compiler, resolver: resolverContext }),
          },
        }),
    async run(onLine, lineOptions) {
      if (used) throw new Error('log session already consumed');
      used = true;
      const bytes = await forEachLine(input, onLine, lineOptions);
      return { buildExitCode: null, toolLines: [], bytes };
    },
    async runChunks(onChunk, lineOptions, tap) {
      if (used) throw new Error('log session already consumed');
      used = true;
      let fd: number | null = null;
      try {
        tap?.attach(
          logPath === null
            ? null
            : (position, into) => {
                fd ??= fs.openSync(logPath, 'r');
                return fs.readSync(fd, into, 0, into.length, position);
              },
        );
        const bytes = await forEachChunk(input, onChunk, lineOptions);
        tap?.end(null);
        return { buildExitCode: null, toolLines: [], bytes };
      } finally {
        if (fd !== null) fs.closeSync(fd);
      }
    },
  };
}

/** A PathFs that can say every answer it gave (the result cache records them). */
export interface AnsweringPathFs extends PathFs {
  answers(): [string, string | null][];
}

/** realpath as the sessions ask it: the native realpath(3) outside Windows, where the two agree. */
export function sessionRealpath(absolute: string, base: PathFs = nodePathFs, native = process.platform !== 'win32'): string | null {
  if (!native) return base.realpath(absolute);
  try {
    return fs.realpathSync.native(absolute);
  } catch {
    return null;
  }
}

/**
 * sessionRealpath, remembered per path. A build resolves every file its output names (thousands
 * for std) and every package directory, twice.
 */
export function cachedPathFs(base: PathFs = nodePathFs, native = process.platform !== 'win32'): AnsweringPathFs {
  const seen = new Map<string, string | null>();
  return {
    realpath(absolute) {
      let r = seen.get(absolute);
      if (r === undefined) {
        r = sessionRealpath(absolute, base, native);
        seen.set(absolute, r);
      }
      return r;
    },
    answers: () => [...seen],
  };
}

export function packageList(listed: readonly ListedPackage[], tests: boolean, pathFs: PathFs = nodePathFs): PackageList {
  const packageDirs = new Map<string, string>();
  const goFiles = new Set<string>();
  const builtPackages = new Set<string>();
  const compiledFiles = new Map<string, readonly string[]>();
  for (const p of listed) {
    if (p.name === null || p.importPath === '') continue;
    builtPackages.add(p.importPath);
    compiledFiles.set(p.importPath, p.goFiles);
    if (p.dir === null) continue;
    const dir = pathFs.realpath(p.dir) ?? p.dir;
    packageDirs.set(p.importPath, dir);
    // go list names files by their base name in Dir (absolute and clean): path.join's
    // normalisation of every name was a measurable part of the wait before parsing.
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const f of tests ? [...p.goFiles, ...p.testGoFiles] : p.goFiles) goFiles.add(prefix + f);
  }
  return { packageDirs, goFiles: [...goFiles].sort(), builtPackages, compiledFiles };
}

/** Both results, or the error of the first that failed in argument order (go env before go list). */
async function both<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

/**
 * A live build. `go build` starts first and runs beside `go env`, `go list` and the repository
 * root lookup (its command line needs none of them): with a warm cache, cmd/go spends as long
 * loading packages as go list does, so the build's output is ready about when the package map
 * that resolves its paths is. Until `run`/`runChunks` reads it, the output waits in the pipe.
 * When a step before the build fails (go not usable, patterns that match nothing), the build
 * is stopped and that step's error is what the user sees, as before.
 */
async function buildSession(opts: SourceOptions): Promise<Session> {
  const dir = resolveDir(opts);
  const go = locateGo(dir, opts.env);
  const patterns = opts.packages.length > 0 ? opts.packages : DEFAULT_PATTERNS;
  const tests = opts.tests === true;
  const build = startGoBuild(go, { packages: patterns, tags: opts.tags, gcflags: opts.gcflags, tests });
  let goEnv: GoEnv;
  let listed: ListedPackage[];
  let repoRoot: string;
  try {
    const envThenRoot = readGoEnv(go).then(async (env) => {
      const root = await findRepoRoot({ explicit: opts.repoRoot, dir, moduleRoot: moduleRoot(env), env: opts.env, cwd: opts.cwd });
      return { env, root };
    });
    const [first, list] = await both(envThenRoot, goList(go, { patterns, tags: opts.tags, tests }));
    goEnv = first.env;
    repoRoot = first.root;
    listed = list;
  } catch (err) {
    await build.cancel();
    throw err;
  }
  const { packageDirs, moduleDirs } = packageMaps(listed);
  const pathFs = cachedPathFs();
  const realOrSelf = (p: string): string => pathFs.realpath(p) ?? p;
  const real = (p: string | null): string | null => (p === null ? null : realOrSelf(p));
  const pathContext = {
    repoRoot,
    baseDir: dir,
    goroot: real(goEnv.goroot),
    gomodcache: real(goEnv.gomodcache),
    packageDirs: new Map([...packageDirs].map(([k, v]) => [k, realOrSelf(v)])),
    moduleDirs: new Map([...moduleDirs].map(([k, v]) => [k, realOrSelf(v)])),
  };
  const resolver = createPathResolver(pathContext, pathFs);
  const versionFromGo = goEnv.goversion === null ? null : parseGoVersion(goEnv.goversion);
  const goInfo: GoInfo = { version: goEnv.goversion, goos: goEnv.goos, goarch: goEnv.goarch };
  const goVersion = versionFromGo ?? parseGoVersionFlag(opts.goVersion);
  return {
    resolver,
    repoRoot,
    go: goInfo,
    goVersion,
    packages: packageList(listed, tests, pathFs),
    realpathAnswers: () => pathFs.answers(),
    cache: {
      slot: JSON.stringify({ dir, patterns, tags: opts.tags ?? null, gcflags: opts.gcflags ?? null, tests, repoRoot }),
      context: JSON.stringify({
        go: goInfo,
        goVersion,
        env: goEnv,
        listed,
        resolver: { ...pathContext, packageDirs: [...pathContext.packageDirs], moduleDirs: [...pathContext.moduleDirs] },
      }),
    },
    async run(onLine, lineOptions) {
      const out = await build.lines(onLine, lineOptions);
      return { buildExitCode: out.exitCode, toolLines: out.toolLines, bytes: out.bytes };
    },
    async runChunks(onChunk, lineOptions, tap) {
      const out = await build.chunks(onChunk, lineOptions, tap);
      return { buildExitCode: out.exitCode, toolLines: out.toolLines, bytes: out.bytes };
    },
  };
}

export function openSession(opts: SourceOptions): Promise<Session> {
  return opts.fromLog !== undefined ? logSession(opts.fromLog, opts) : buildSession(opts);
}
