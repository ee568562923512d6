/**
 * Running `go build -gcflags=-m=2` and streaming its stderr to a callback: as raw chunks for
 * the parser's fast path, or line by line.
 *
 * Output files: `go build` of several packages (or one non-main package) discards what it
 * builds, but a single main package is linked and written to the current directory — even when
 * matched by `./...`. Then heaplint passes `-o` with a file in a fresh temporary directory and
 * removes it afterwards. `-o /dev/null` is avoided on purpose: it does not exist on Windows
 * (anchors P20).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { ParsedRecord } from '../parse/records.js';
import { forEachChunk, forEachLine, type LineOptions } from './lines.js';
import type { GoTool } from './go-env.js';
import type { ListedPackage } from './go-list.js';

export interface BuildOptions {
  packages: readonly string[];
  /** `-tags` value, passed through. */
  tags: string | undefined;
  /** Extra compiler flags appended after `-m=2` (they apply to the named packages only, as -m=2 does). */
  gcflags: string | undefined;
  /** `-o` target, or null to let go build discard the results. */
  output: string | null;
  /**
   * Compile the test variants too: `go test -c -vet=off -o DIR/` builds every package and its
   * test binary without running a test (Go >= 1.21 accepts a directory for several packages).
   */
  tests?: boolean;
}

export function buildArgs(opts: BuildOptions): string[] {
  const gcflags = ['-m=2', ...(opts.gcflags ?? '').split(/\s+/).filter((f) => f !== '')].join(' ');
  if (opts.tests === true) {
    // `go test` takes no `--`: what follows the packages goes to the test binary.
    const args = ['test', '-c', '-vet=off'];
    if (opts.tags !== undefined && opts.tags !== '') args.push('-tags', opts.tags);
    args.push(`-gcflags=${gcflags}`);
    if (opts.output !== null) args.push('-o', opts.output.endsWith('/') ? opts.output : `${opts.output}/`);
    return [...args, ...opts.packages];
  }
  const args = ['build'];
  if (opts.tags !== undefined && opts.tags !== '') args.push('-tags', opts.tags);
  args.push(`-gcflags=${gcflags}`);
  if (opts.output !== null) args.push('-o', opts.output);
  return [...args, '--', ...opts.packages];
}

/** True when go build would write an executable for these packages (exactly one, and it is main). */
export function needsOutputFile(pkgs: readonly ListedPackage[]): boolean {
  return pkgs.length === 1 && pkgs[0]?.name === 'main';
}

/** A line cmd/go printed about the build itself (not a compiler position line, header or continuation). */
export function isToolLine(line: string): boolean {
  if (line === '' || line.startsWith('# ') || line.startsWith('\t')) return false;
  return !/^\S[^\s]*?:\d+(:\d+)?: /.test(line);
}

export interface BuildOutcome {
  exitCode: number;
  /** The first lines cmd/go printed that are not compiler diagnostics (bounded), for error messages. */
  toolLines: string[];
  /** Bytes of stderr read. */
  bytes: number;
}

const MAX_TOOL_LINES = 20;

/**
 * Collects tool lines from parser records instead of lines, for the chunk path (no per-line
 * strings there): `tool-message` records and position-less `unrecognized` ones are what
 * `isToolLine` picks out of a log (a `<unknown line number>:` prefix or one leading space
 * aside, which the record's message drops).
 */
export class ToolLineCollector {
  readonly lines: string[] = [];

  onRecord(r: ParsedRecord): void {
    if (this.lines.length >= MAX_TOOL_LINES) return;
    if (r.kind === 'tool-message') this.lines.push(r.message);
    else if (r.kind === 'unrecognized' && r.file === null) {
      const nl = r.message.indexOf('\n');
      this.lines.push(nl < 0 ? r.message : r.message.slice(0, nl));
    }
  }
}

/** Runs the build and hands its stderr to `consume`, which resolves with the bytes it read. */
async function withGoBuild(
  go: GoTool,
  opts: Omit<BuildOptions, 'output'>,
  listed: readonly ListedPackage[],
  consume: (stderr: AsyncIterable<Buffer>) => Promise<number>,
): Promise<{ exitCode: number; bytes: number }> {
  const tests = opts.tests === true;
  const tmp = tests || needsOutputFile(listed) ? await fs.mkdtemp(path.join(os.tmpdir(), 'heaplint-')) : null;
  try {
    const output = tmp === null ? null : tests ? `${tmp}${path.sep}` : path.join(tmp, 'a.out');
    const args = buildArgs({ ...opts, output });
    const child = execa(go.bin, args, {
      cwd: go.dir,
      env: go.env,
      extendEnv: false,
      reject: false,
      buffer: false,
      stdin: 'ignore',
      stdout: 'ignore',
      stderr: 'pipe',
    });
    let bytes = 0;
    try {
      bytes = await consume(child.stderr);
    } catch (err) {
      child.kill();
      await child.catch(() => undefined);
      throw err;
    }
    const result = await child;
    return { exitCode: result.exitCode ?? 1, bytes };
  } finally {
    if (tmp !== null) await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** Streams the build's stderr line by line (tool lines collected from the lines). */
export async function runGoBuild(
  go: GoTool,
  opts: Omit<BuildOptions, 'output'>,
  listed: readonly ListedPackage[],
  onLine: (line: string) => void,
  lineOptions: LineOptions = {},
): Promise<BuildOutcome> {
  const toolLines: string[] = [];
  const out = await withGoBuild(go, opts, listed, (stderr) =>
    forEachLine(
      stderr,
      (line) => {
        if (toolLines.length < MAX_TOOL_LINES && isToolLine(line)) toolLines.push(line);
        onLine(line);
      },
      lineOptions,
    ),
  );
  return { ...out, toolLines };
}

/**
 * Streams the build's stderr as raw chunks (the parser's fast path). `toolLines` is empty: the
 * caller collects them from records (ToolLineCollector).
 */
export async function runGoBuildChunks(
  go: GoTool,
  opts: Omit<BuildOptions, 'output'>,
  listed: readonly ListedPackage[],
  onChunk: (chunk: Buffer) => void,
  lineOptions: LineOptions = {},
): Promise<BuildOutcome> {
  const out = await withGoBuild(go, opts, listed, (stderr) => forEachChunk(stderr, onChunk, lineOptions));
  return { ...out, toolLines: [] };
}
