/**
 * `npm run bench`: parser throughput and memory on the whole standard library's -m=2 output,
 * beside `wc -l` on the same file, and a warm-cache `heaplint lint std` beside the bare
 * `go build` replay it wraps.
 *
 * The log is produced once into .bench-cache/ with a dedicated GOCACHE there, so later runs
 * (and the replay measurements) hit a warm cache the way CI re-runs do. Measurements that need
 * their own memory figure run in a child process (this file re-invoked with --child-*).
 */
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli/run.js';
import { parseStream } from '../src/parse/stream.js';
import { findExecutable } from '../src/runner/which.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/bench → the repository root. */
const root = path.resolve(here, '..', '..');
const cacheDir = path.join(root, '.bench-cache');
const logFile = path.join(cacheDir, 'std-m2.log');

interface ChildStats {
  ms: number;
  bytes: number;
  lines: number;
  /** Peak resident set size in KiB (process.resourceUsage().maxRSS). */
  maxRssKiB: number;
  exitCode: number;
}

function goEnv(goBin: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.dirname(goBin)}${path.delimiter}${process.env.PATH ?? ''}`,
    GOCACHE: path.join(cacheDir, 'gocache'),
    GOFLAGS: '',
    GOTOOLCHAIN: 'local',
  };
}

const nullSink = (): Writable =>
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });

async function childParse(file: string): Promise<void> {
  const start = performance.now();
  let records = 0;
  const stats = await parseStream(fs.createReadStream(file), () => {
    records++;
  });
  const out: ChildStats = {
    ms: performance.now() - start,
    bytes: stats.bytes,
    lines: stats.lines,
    maxRssKiB: process.resourceUsage().maxRSS,
    exitCode: records >= 0 ? 0 : 1,
  };
  process.stdout.write(JSON.stringify(out));
}

async function childLint(args: string[]): Promise<void> {
  const start = performance.now();
  const stderr: string[] = [];
  const code = await run(args, {
    stdout: nullSink(),
    stderr: new Writable({
      write(chunk: Buffer, _enc, cb) {
        stderr.push(chunk.toString());
        cb();
      },
    }),
    env: process.env,
    cwd: root,
  });
  const out: ChildStats = { ms: performance.now() - start, bytes: 0, lines: 0, maxRssKiB: process.resourceUsage().maxRSS, exitCode: code };
  process.stderr.write(stderr.join(''));
  process.stdout.write(JSON.stringify(out));
}

async function inChild(mode: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildStats> {
  const r = await execa(process.execPath, [fileURLToPath(import.meta.url), mode, ...args], { env, reject: false, maxBuffer: 1 << 20 });
  if (r.exitCode !== 0) throw new Error(`${mode} failed: ${String(r.stderr).split('\n')[0] ?? ''}`);
  return JSON.parse(String(r.stdout)) as ChildStats;
}

async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  await execa(cmd, args, { env, cwd: root, stdout: 'ignore', stderr: 'ignore', reject: false, buffer: false });
  return performance.now() - start;
}

async function ensureLog(goBin: string): Promise<void> {
  if (fs.existsSync(logFile) && fs.statSync(logFile).size > 0) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  process.stderr.write('bench: building std with -gcflags=all=-m=2 once (cached in .bench-cache/)...\n');
  const tmp = `${logFile}.tmp`;
  await execa(goBin, ['build', '-gcflags=all=-m=2', 'std'], {
    env: goEnv(goBin),
    cwd: root,
    stdout: 'ignore',
    stderr: { file: tmp },
    reject: false,
  });
  fs.renameSync(tmp, logFile);
}

const mb = (bytes: number): number => bytes / (1024 * 1024);
const fmt = (n: number, digits = 1): string => n.toFixed(digits);

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === '--child-parse') return childParse(rest[0] ?? logFile);
  if (mode === '--child-lint') return childLint(rest);

  const goBin = findExecutable('go', { PATH: `${process.env.PATH ?? ''}${path.delimiter}/usr/local/go/bin` });
  if (goBin === null) throw new Error('bench needs Go on PATH');
  await ensureLog(goBin);
  const env = goEnv(goBin);
  const size = fs.statSync(logFile).size;

  const wcMs = await timed('wc', ['-l', logFile], env);
  const parse = await inChild('--child-parse', [logFile], env);
  const replayMs = await timed(goBin, ['build', '-gcflags=all=-m=2', 'std'], env);
  const lint = await inChild('--child-lint', ['lint', 'std', '--quiet', '--format', `json=${path.join(cacheDir, 'std-report.json')}`], env);

  const rows: string[][] = [
    ['measurement', 'wall ms', 'MB/s', 'peak RSS MiB'],
    ['wc -l std-m2.log', fmt(wcMs, 0), fmt(mb(size) / (wcMs / 1000)), '-'],
    ['parser (child, stream)', fmt(parse.ms, 0), fmt(mb(parse.bytes) / (parse.ms / 1000)), fmt(parse.maxRssKiB / 1024)],
    ['go build -gcflags=all=-m=2 std (warm replay)', fmt(replayMs, 0), fmt(mb(size) / (replayMs / 1000)), '-'],
    [`heaplint lint std (warm, exit ${lint.exitCode})`, fmt(lint.ms, 0), fmt(mb(size) / (lint.ms / 1000)), fmt(lint.maxRssKiB / 1024)],
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  process.stdout.write(`log: ${fmt(mb(size))} MB, ${parse.lines} lines\n`);
  for (const r of rows) {
    process.stdout.write(`${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
