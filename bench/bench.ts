/**
 * `npm run bench`: parser throughput and memory on the whole standard library's -m=2 output,
 * beside `wc -l` on the same file; a log with one 50 MB line; the CLI on that log, also with
 * GOROOT/src as the repository (every escape a finding); and a warm-cache
 * `heaplint lint std` beside the bare `go build -gcflags=-m=2 std` replay it wraps (alternating
 * runs, best and median of each, their ratio, and the lint runs' peak RSS); and the same for a
 * real module linted as its own repository (golang.org/x/net). The lint runs are measured with
 * `--no-cache` (every run parses and classifies) and with heaplint's result cache warm (a second
 * run over an unchanged tree), and once with it empty (the first run, which also writes it).
 * Prints a markdown table.
 *
 * The log is produced once into .bench-cache/ with a dedicated GOCACHE there (override with
 * HEAPLINT_BENCH_GOCACHE, e.g. an already warm `go env GOCACHE`), so later runs and the replay
 * measurements hit a warm cache the way CI re-runs do. Every measurement that needs its own
 * memory figure, or a cold JIT, runs in a child process: this file re-invoked with --child-* for
 * the parser, the `bin` (dist/heaplint.js, which loads the bundle) with bench/rss-probe.ts
 * preloaded for the CLI.
 */
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openLogStream, parseStream } from '../src/parse/stream.js';
import { findExecutable } from '../src/runner/which.js';
import { tuneJit } from '../src/cli/jit-tuning.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/bench → the repository root. */
const root = path.resolve(here, '..', '..');
const cacheDir = path.join(root, '.bench-cache');
const logFile = path.join(cacheDir, 'std-m2.log');
const hugeFile = path.join(cacheDir, 'huge-line.log');
/** Size of the one long line in huge-line.log. */
const HUGE_LINE = 50 << 20;
/** Cold single-pass children (the median is reported). */
const COLD_RUNS = 5;
/** `heaplint lint --from-log` with GOROOT/src as the repository (best and median reported). */
const AS_REPO_RUNS = 3;
/** Alternating `go build` replays and `heaplint lint std` runs (best and median reported). */
const LINT_RUNS = 5;
/**
 * The bare build `heaplint lint std` is measured against (heaplint compiles the same with
 * `go list -export`, which prints the same output and, for std, does the same work: no main package).
 */
const REPLAY_ARGS = ['build', '-gcflags=-m=2', 'std'];

interface ChildStats {
  /** Wall time of the measured pass (for --child-steady: the best of the timed passes). */
  ms: number;
  bytes: number;
  lines: number;
  records: number;
  /**
   * Peak resident set size in KiB (process.resourceUsage().maxRSS). On Linux it is at least the
   * parent's RSS at fork time, so the parent keeps nothing large in memory.
   */
  maxRssKiB: number;
  exitCode: number;
}

/** heaplint's result cache for the bench's runs: emptied at the start of every bench. */
const resultCacheDir = path.join(cacheDir, 'heaplint-cache');

function goEnv(goBin: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HEAPLINT_CACHE: resultCacheDir,
    PATH: `${path.dirname(goBin)}${path.delimiter}${process.env.PATH ?? ''}`,
    GOCACHE: process.env.HEAPLINT_BENCH_GOCACHE ?? path.join(cacheDir, 'gocache'),
    GOFLAGS: '',
    GOTOOLCHAIN: 'local',
  };
}

async function parseOnce(file: string): Promise<{ ms: number; bytes: number; lines: number; records: number }> {
  const start = performance.now();
  let records = 0;
  const stats = await parseStream(openLogStream(file), () => {
    records++;
  });
  return { ms: performance.now() - start, bytes: stats.bytes, lines: stats.lines, records };
}

async function childParse(file: string): Promise<void> {
  const r = await parseOnce(file);
  const out: ChildStats = { ...r, maxRssKiB: process.resourceUsage().maxRSS, exitCode: 0 };
  process.stdout.write(JSON.stringify(out));
}

/** One warm-up pass, then the best of three: the parser once the JIT has settled. */
async function childSteady(file: string): Promise<void> {
  await parseOnce(file);
  let best = await parseOnce(file);
  for (let i = 0; i < 2; i++) {
    const r = await parseOnce(file);
    if (r.ms < best.ms) best = r;
  }
  const out: ChildStats = { ...best, maxRssKiB: process.resourceUsage().maxRSS, exitCode: 0 };
  process.stdout.write(JSON.stringify(out));
}

/** The real `bin`, as users run it: `node dist/heaplint.js` (it loads the bundle `npm run build` makes). */
const heaplintBin = path.join(root, 'dist', 'heaplint.js');
const rssProbe = path.join(here, 'rss-probe.js');

/**
 * Runs the heaplint bin in its own process, timed from spawn to exit (Node start-up and module
 * loading included, as a user sees it), with its peak RSS from the preloaded rss-probe. Its
 * stdout goes to /dev/null, or with `pipe` into a pipe this process reads and counts (`bytes`).
 */
async function cliRun(args: string[], env: NodeJS.ProcessEnv, stdout: 'ignore' | 'pipe' = 'ignore'): Promise<ChildStats & { wallMs: number }> {
  const rssFile = path.join(cacheDir, `rss-${process.pid}.txt`);
  const start = performance.now();
  const child = execa(process.execPath, ['--import', pathToFileURL(rssProbe).href, heaplintBin, ...args], {
    env: { ...env, HEAPLINT_BENCH_RSS_FILE: rssFile },
    cwd: root,
    reject: false,
    stdout,
    stderr: 'pipe',
    buffer: { stdout: false, stderr: true },
  });
  let bytes = 0;
  child.stdout?.on('data', (d: Buffer) => {
    bytes += d.length;
  });
  const r = await child;
  const wallMs = performance.now() - start;
  const code = r.exitCode ?? -1;
  if (code !== 0) throw new Error(`heaplint ${args.join(' ')} exited ${code}: ${String(r.stderr).split('\n')[0] ?? ''}`);
  const maxRssKiB = Number(fs.readFileSync(rssFile, 'utf8'));
  fs.rmSync(rssFile, { force: true });
  return { ms: wallMs, bytes, lines: 0, records: 0, maxRssKiB, exitCode: code, wallMs };
}

async function inChild(mode: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildStats & { wallMs: number }> {
  const start = performance.now();
  const r = await execa(process.execPath, [fileURLToPath(import.meta.url), mode, ...args], { env, reject: false, maxBuffer: 1 << 20 });
  const wallMs = performance.now() - start;
  if (r.exitCode !== 0) throw new Error(`${mode} failed: ${String(r.stderr).split('\n')[0] ?? ''}`);
  return { ...(JSON.parse(String(r.stdout)) as ChildStats), wallMs };
}

async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = root): Promise<number> {
  const start = performance.now();
  await execa(cmd, args, { env, cwd, stdout: 'ignore', stderr: 'ignore', reject: false, buffer: false });
  return performance.now() - start;
}

/**
 * A real module linted as the repository it is, as users run heaplint: every record is theirs,
 * so flows, classification, source reads, contracts and the report all do their full work.
 * Copied out of the module cache once (the Go module proxy must be reachable the first time).
 */
const MODULE = 'golang.org/x/net@v0.62.0';
const moduleDir = path.join(cacheDir, 'module');

async function ensureModule(goBin: string): Promise<boolean> {
  if (fs.existsSync(path.join(moduleDir, 'go.mod'))) return true;
  const env = goEnv(goBin);
  const r = await execa(goBin, ['mod', 'download', '-json', MODULE], { env, cwd: root, reject: false });
  const dir = r.exitCode === 0 ? (JSON.parse(String(r.stdout)) as { Dir?: string }).Dir : undefined;
  if (dir === undefined) {
    process.stderr.write(`bench: cannot download ${MODULE}; skipping the module rows\n`);
    return false;
  }
  fs.cpSync(dir, moduleDir, { recursive: true });
  // The module cache is read-only; the copy must not be, or it could never be removed.
  const writable = (d: string): void => {
    fs.chmodSync(d, 0o755);
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) writable(p);
      else fs.chmodSync(p, 0o644);
    }
  };
  writable(moduleDir);
  // Fills the build cache (and downloads the module's dependencies).
  await timed(goBin, MODULE_REPLAY_ARGS, env, moduleDir);
  return true;
}

const MODULE_REPLAY_ARGS = ['build', '-gcflags=-m=2', './...'];

/**
 * The log is what `heaplint lint std` parses: the output of a warm `go build -gcflags=-m=2 std`
 * replay. The first build fills the cache (its own output can differ: a cold build compiles
 * some packages as dependencies of others, with different flags), the replay writes the log.
 */
async function ensureLog(goBin: string): Promise<void> {
  if (fs.existsSync(logFile) && fs.statSync(logFile).size > 0) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  process.stderr.write('bench: building std with -gcflags=-m=2 once (cached in .bench-cache/)...\n');
  const tmp = `${logFile}.tmp`;
  for (let pass = 0; pass < 2; pass++) {
    await execa(goBin, REPLAY_ARGS, { env: goEnv(goBin), cwd: root, stdout: 'ignore', stderr: { file: tmp }, reject: false });
  }
  fs.renameSync(tmp, logFile);
}

/** The first 2000 lines of the std log, one 50 MB line (a pasted binary blob), the next 2000. */
function ensureHugeLog(): void {
  if (fs.existsSync(hugeFile) && fs.statSync(hugeFile).size > HUGE_LINE) return;
  // Only the start of the log is read: this process must stay small, because a child's peak RSS
  // (getrusage maxrss on Linux) starts from its parent's at fork time.
  const fd0 = fs.openSync(logFile, 'r');
  const start = Buffer.alloc(4 << 20);
  const got = fs.readSync(fd0, start, 0, start.length, 0);
  fs.closeSync(fd0);
  const head = start.toString('latin1', 0, got).split('\n', 4000);
  const fd = fs.openSync(hugeFile, 'w');
  try {
    fs.writeSync(fd, `${head.slice(0, 2000).join('\n')}\n`, null, 'latin1');
    const block = Buffer.alloc(1 << 20, 'x');
    for (let n = 0; n < HUGE_LINE; n += block.length) fs.writeSync(fd, block);
    fs.writeSync(fd, `\n${head.slice(2000).join('\n')}\n`, null, 'latin1');
  } finally {
    fs.closeSync(fd);
  }
}

const mb = (bytes: number): number => bytes / (1024 * 1024);
const fmt = (n: number, digits = 1): string => n.toFixed(digits);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(3, ...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]): string => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`;
  return [line(rows[0] ?? []), rule, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  // The parser as the bin runs it: with the bin's V8 flags.
  if (mode === '--child-parse' || mode === '--child-steady') tuneJit();
  if (mode === '--child-parse') return childParse(rest[0] ?? logFile);
  if (mode === '--child-steady') return childSteady(rest[0] ?? logFile);

  const goBin = findExecutable('go', { PATH: `${process.env.PATH ?? ''}${path.delimiter}/usr/local/go/bin` });
  if (goBin === null) throw new Error('bench needs Go on PATH');
  await ensureLog(goBin);
  ensureHugeLog();
  const env = goEnv(goBin);
  fs.rmSync(resultCacheDir, { recursive: true, force: true });
  const size = fs.statSync(logFile).size;
  const rate = (ms: number, bytes = size): string => fmt(mb(bytes) / (ms / 1000));
  const rss = (s: ChildStats): string => fmt(s.maxRssKiB / 1024, 0);

  const wcMs = Math.min(await timed('wc', ['-l', logFile], env), await timed('wc', ['-l', logFile], env));
  const cold: ChildStats[] = [];
  for (let i = 0; i < COLD_RUNS; i++) cold.push(await inChild('--child-parse', [logFile], env));
  const coldMs = cold.map((c) => c.ms);
  const worstRss = cold.reduce((a, c) => (c.maxRssKiB > a.maxRssKiB ? c : a));
  const steady = await inChild('--child-steady', [logFile], env);
  const huge = await inChild('--child-parse', [hugeFile], env);
  const hugeSize = fs.statSync(hugeFile).size;

  // The CLI over the same log: chunk feeding, record filter, classifier, report.
  const repoRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-bench-'));
  try {
    const fromLog = await cliRun(['lint', '--from-log', logFile, '--repo-root', repoRoot, '--quiet', '--fail-level', 'none', '--no-cache'], env);
    // `heaplint parse` as a script reads it: every record with its flows, into a pipe.
    const parsed = await cliRun(['parse', '--from-log', logFile], env, 'pipe');
    // The same log with GOROOT/src as the repository: every escape of std is a finding of its
    // own, the most lint ever keeps (pending findings, the contracts stage's records, the report).
    const stdRepo = path.join((await execa(goBin, ['env', 'GOROOT'], { env })).stdout.trim(), 'src');
    const asRepoReport = path.join(cacheDir, 'std-as-repo-report.json');
    const asRepo: (ChildStats & { wallMs: number })[] = [];
    const asRepoArgs = ['lint', '--from-log', logFile, '--repo-root', stdRepo, '--quiet', '--fail-level', 'none', '--format', `json=${asRepoReport}`];
    for (let i = 0; i < AS_REPO_RUNS; i++) asRepo.push(await cliRun([...asRepoArgs, '--no-cache'], env));
    // With the result cache: the first run parses and writes it, the next ones read it.
    const asRepoFirst = await cliRun(asRepoArgs, env);
    const asRepoCached: (ChildStats & { wallMs: number })[] = [];
    for (let i = 0; i < AS_REPO_RUNS; i++) asRepoCached.push(await cliRun(asRepoArgs, env));
    const asRepoCachedMs = asRepoCached.map((l) => l.wallMs);
    const asRepoCachedWorst = asRepoCached.reduce((a, c) => (c.maxRssKiB > a.maxRssKiB ? c : a));
    const asRepoFindings = (JSON.parse(fs.readFileSync(asRepoReport, 'utf8')) as { summary: { total: number } }).summary.total;
    const asRepoMs = asRepo.map((l) => l.wallMs);
    const asRepoWorst = asRepo.reduce((a, c) => (c.maxRssKiB > a.maxRssKiB ? c : a));
    // Warm the build cache (a no-op when ensureLog just built). Then replays and lint runs take
    // turns, so that noise from other work on the machine hits both alike. A lint run is timed
    // from spawn to exit of its process (Node start-up and module loading included, as a user
    // sees it); --repo-root outside GOROOT: std counts as outside the repository, as for a
    // user's module.
    await timed(goBin, REPLAY_ARGS, env);
    const replays: number[] = [];
    const lints: (ChildStats & { wallMs: number })[] = [];
    const cachedLints: (ChildStats & { wallMs: number })[] = [];
    const lintArgs = ['lint', 'std', '--repo-root', repoRoot, '--quiet', '--fail-level', 'none', '--format', `json=${path.join(cacheDir, 'std-report.json')}`];
    const firstLint = await cliRun(lintArgs, env);
    for (let i = 0; i < LINT_RUNS; i++) {
      replays.push(await timed(goBin, REPLAY_ARGS, env));
      lints.push(await cliRun([...lintArgs, '--no-cache'], env));
      cachedLints.push(await cliRun(lintArgs, env));
    }
    // The real module: replays and lint runs take turns here too.
    let moduleRows: string[][] = [];
    let moduleLine = '';
    if (await ensureModule(goBin)) {
      await timed(goBin, MODULE_REPLAY_ARGS, env, moduleDir);
      const moduleReport = path.join(cacheDir, 'module-report.json');
      const mReplays: number[] = [];
      const mLints: (ChildStats & { wallMs: number })[] = [];
      const mCached: (ChildStats & { wallMs: number })[] = [];
      const mArgs = ['lint', '--dir', moduleDir, '--repo-root', moduleDir, '--quiet', '--fail-level', 'none', '--format', `json=${moduleReport}`];
      const mFirst = await cliRun(mArgs, env);
      for (let i = 0; i < LINT_RUNS; i++) {
        mReplays.push(await timed(goBin, MODULE_REPLAY_ARGS, env, moduleDir));
        mLints.push(await cliRun([...mArgs, '--no-cache'], env));
        mCached.push(await cliRun(mArgs, env));
      }
      const findings = (JSON.parse(fs.readFileSync(moduleReport, 'utf8')) as { summary: { total: number } }).summary.total;
      const mLintMs = mLints.map((l) => l.wallMs);
      const mCachedMs = mCached.map((l) => l.wallMs);
      const worst = [...mLints, ...mCached].reduce((a, c) => (c.maxRssKiB > a.maxRssKiB ? c : a));
      moduleRows = [
        [`\`go build -gcflags=-m=2 ./...\` in ${MODULE} (warm cache, replay; best, median of ${LINT_RUNS})`, `${fmt(Math.min(...mReplays), 0)}, ${fmt(median(mReplays), 0)}`, '-', '-'],
        [`\`heaplint lint --no-cache\` in ${MODULE} (warm cache; best, median of ${LINT_RUNS}; worst RSS of both rows)`, `${fmt(Math.min(...mLintMs), 0)}, ${fmt(median(mLintMs), 0)}`, '-', rss(worst)],
        [`\`heaplint lint\` in ${MODULE}, its result cache warm (best, median of ${LINT_RUNS})`, `${fmt(Math.min(...mCachedMs), 0)}, ${fmt(median(mCachedMs), 0)}`, '-', '-'],
        [`\`heaplint lint\` in ${MODULE}, its result cache empty (one run, which writes it)`, fmt(mFirst.wallMs, 0), '-', rss(mFirst)],
      ];
      moduleLine =
        `\`heaplint lint --no-cache\` in ${MODULE} (${findings} findings) / bare replay: ${fmt(Math.min(...mLintMs) / Math.min(...mReplays), 2)}x best to best, ` +
        `${fmt(median(mLintMs) / median(mReplays), 2)}x median to median\n` +
        `\`heaplint lint\` in ${MODULE}, result cache warm / bare replay: ${fmt(Math.min(...mCachedMs) / Math.min(...mReplays), 2)}x best to best, ` +
        `${fmt(median(mCachedMs) / median(mReplays), 2)}x median to median\n`;
    }
    const lintMs = lints.map((l) => l.wallMs);
    const replayMs = Math.min(...replays);
    const lint = [...lints, ...cachedLints].reduce((a, c) => (c.maxRssKiB > a.maxRssKiB ? c : a));
    const cachedMs = cachedLints.map((l) => l.wallMs);

    const rows: string[][] = [
      ['measurement', 'wall ms', 'MiB/s', 'peak RSS MiB'],
      ['`wc -l` std-m2.log', fmt(wcMs, 0), rate(wcMs), '-'],
      [`parser, cold single pass (median of ${COLD_RUNS} processes)`, fmt(median(coldMs), 0), rate(median(coldMs)), rss(worstRss)],
      [`parser, cold single pass (best of ${COLD_RUNS})`, fmt(Math.min(...coldMs), 0), rate(Math.min(...coldMs)), '-'],
      ['parser, steady state (best of 3 after a warm-up pass)', fmt(steady.ms, 0), rate(steady.ms), rss(steady)],
      [`parser, ${fmt(mb(hugeSize), 0)} MiB log with one 50 MiB line`, fmt(huge.ms, 0), rate(huge.ms, hugeSize), rss(huge)],
      [`\`heaplint lint --from-log\` std-m2.log (exit ${fromLog.exitCode}; process wall)`, fmt(fromLog.wallMs, 0), rate(fromLog.wallMs), rss(fromLog)],
      [
        `the same, GOROOT/src as the repository (${asRepoFindings} findings, JSON report, --no-cache; best, median of ${AS_REPO_RUNS}; worst RSS)`,
        `${fmt(Math.min(...asRepoMs), 0)}, ${fmt(median(asRepoMs), 0)}`,
        rate(Math.min(...asRepoMs)),
        rss(asRepoWorst),
      ],
      [`the same with the result cache empty (one run, which writes it)`, fmt(asRepoFirst.wallMs, 0), rate(asRepoFirst.wallMs), rss(asRepoFirst)],
      [
        `the same with the result cache warm (best, median of ${AS_REPO_RUNS}; worst RSS)`,
        `${fmt(Math.min(...asRepoCachedMs), 0)}, ${fmt(median(asRepoCachedMs), 0)}`,
        rate(Math.min(...asRepoCachedMs)),
        rss(asRepoCachedWorst),
      ],
      [`\`heaplint parse --from-log\` std-m2.log into a pipe (${fmt(mb(parsed.bytes), 0)} MiB of JSON Lines read)`, fmt(parsed.wallMs, 0), rate(parsed.wallMs), rss(parsed)],
      [`\`go build -gcflags=-m=2 std\` (warm cache, replay; best of ${LINT_RUNS})`, fmt(replayMs, 0), rate(replayMs), '-'],
      [`\`go build -gcflags=-m=2 std\` (warm cache, replay; median of ${LINT_RUNS})`, fmt(median(replays), 0), rate(median(replays)), '-'],
      [`\`heaplint lint std --no-cache\` (warm cache, exit ${lint.exitCode}; best of ${LINT_RUNS}, worst RSS of all lint std rows)`, fmt(Math.min(...lintMs), 0), rate(Math.min(...lintMs)), rss(lint)],
      [`\`heaplint lint std --no-cache\` (warm cache; median of ${LINT_RUNS})`, fmt(median(lintMs), 0), rate(median(lintMs)), '-'],
      [`\`heaplint lint std\`, its result cache warm (best of ${LINT_RUNS})`, fmt(Math.min(...cachedMs), 0), rate(Math.min(...cachedMs)), '-'],
      [`\`heaplint lint std\`, its result cache warm (median of ${LINT_RUNS})`, fmt(median(cachedMs), 0), rate(median(cachedMs)), '-'],
      [`\`heaplint lint std\`, its result cache empty (one run, which writes it)`, fmt(firstLint.wallMs, 0), rate(firstLint.wallMs), rss(firstLint)],
      ...moduleRows,
    ];
    process.stdout.write(`log: ${fmt(mb(size))} MiB, ${cold[0]?.lines ?? 0} lines, ${cold[0]?.records ?? 0} records; node ${process.version}, ${os.cpus().length} CPUs\n\n`);
    process.stdout.write(`${table(rows)}\n\n`);
    process.stdout.write(
      `\`heaplint lint std --no-cache\` / bare replay: ${fmt(Math.min(...lintMs) / replayMs, 2)}x best to best, ` +
        `${fmt(median(lintMs) / median(replays), 2)}x median to median; peak RSS of the lint runs ${rss(lint)} MiB\n` +
        `\`heaplint lint std\`, result cache warm / bare replay: ${fmt(Math.min(...cachedMs) / replayMs, 2)}x best to best, ` +
        `${fmt(median(cachedMs) / median(replays), 2)}x median to median\n${moduleLine}`,
    );
  } finally {
    fs.rmSync(repoRoot, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
