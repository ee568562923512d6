/**
 * Running the compiler's escape analysis over the packages and streaming its stderr to a
 * callback: as raw chunks for the parser's fast path, or line by line.
 *
 * The command is `go list -export -gcflags=-m=2 -- <packages>`, not `go build`: `-export` makes
 * cmd/go run the same compile actions as `go build` (same flags, same build-cache entries, so a
 * warm cache replays the same output) and print the compiler's output and errors on stderr
 * exactly as `go build` does, with the same exit status (without `-e`); but it links nothing.
 * `go build` links every main package it builds, even with `-o` set to the null device, and
 * escape analysis is over by then: in golang.org/x/net linking was most of a warm build
 * (0.8 s against 0.2 s). The one difference users can see: an error only the linker finds (a
 * main package without `func main`, a missing symbol) no longer fails the run. The import
 * paths go list prints on stdout are discarded.
 *
 * With `tests`, the command is `go test -c`, which compiles each package once, as its test
 * variant when it has tests (`go list -test` would add the plain package as well).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { ParsedRecord } from '../parse/records.js';
import { createBuildOutput } from './build-output.js';
import { forEachChunk, forEachLine, type LineOptions } from './lines.js';
import type { GoTool } from './go-env.js';

export interface BuildOptions {
  packages: readonly string[];
  /** `-tags` value, passed through. */
  tags: string | undefined;
  /** Extra compiler flags appended after `-m=2` (they apply to the named packages only, as -m=2 does). */
  gcflags: string | undefined;
  /** Where `go test -c` writes test binaries (tests only; null: go's default). */
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
  const args = ['list', '-export'];
  if (opts.tags !== undefined && opts.tags !== '') args.push('-tags', opts.tags);
  args.push(`-gcflags=${gcflags}`);
  return [...args, '--', ...opts.packages];
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

/** A build that is running, whose stderr has not been read yet (it is kept until then). */
export interface StartedBuild {
  /** Streams stderr as raw chunks (the parser's fast path); `toolLines` is then empty. Once. */
  chunks(onChunk: (chunk: Buffer) => void, lineOptions?: LineOptions): Promise<BuildOutcome>;
  /** Streams stderr line by line, collecting tool lines. Once, instead of `chunks`. */
  lines(onLine: (line: string) => void, lineOptions?: LineOptions): Promise<BuildOutcome>;
  /** Stops a build whose output will not be read (a step before it failed). */
  cancel(): Promise<void>;
}

/**
 * Starts the build now. Its output is kept (createBuildOutput: a temporary file, else the pipe)
 * until `chunks` or `lines` reads it; one of those or `cancel` must be called, or the child
 * never ends (pipe) or its output is never freed (file). `go test -c` (tests) writes test
 * binaries, into a fresh temporary directory.
 */
export function startGoBuild(go: GoTool, opts: Omit<BuildOptions, 'output'>): StartedBuild {
  const tests = opts.tests === true;
  const tmp = tests ? fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-')) : null;
  const output = tmp === null ? null : `${tmp}${path.sep}`;
  const stderr = createBuildOutput();
  const options = {
    cwd: go.dir,
    env: go.env,
    extendEnv: false,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    stdout: 'ignore',
  } as const;
  const args = buildArgs({ ...opts, output });
  let started;
  try {
    // execa hands any descriptor number to spawn as it is; its types only spell out 3 to 9.
    started = stderr.stdio === 'pipe' ? execa(go.bin, args, { ...options, stderr: 'pipe' }) : execa(go.bin, args, { ...options, stderr: stderr.stdio as 3 });
  } catch (err) {
    stderr.close();
    throw err;
  }
  stderr.attach(started.stderr, started);
  const cleanup = async (): Promise<void> => {
    stderr.close();
    if (tmp !== null) await fsp.rm(tmp, { recursive: true, force: true });
  };
  let used = false;
  const consume = async (read: (stderr: AsyncIterable<Buffer>) => Promise<number>): Promise<{ exitCode: number; bytes: number }> => {
    if (used) throw new Error('build output already consumed');
    used = true;
    try {
      let bytes = 0;
      try {
        bytes = await read(stderr.read());
      } catch (err) {
        started.kill();
        await started.catch(() => undefined);
        throw err;
      }
      const result = await started;
      return { exitCode: result.exitCode ?? 1, bytes };
    } finally {
      await cleanup();
    }
  };
  return {
    async chunks(onChunk, lineOptions = {}) {
      const out = await consume((output) => forEachChunk(output, onChunk, lineOptions));
      return { ...out, toolLines: [] };
    },
    async lines(onLine, lineOptions = {}) {
      const toolLines: string[] = [];
      const out = await consume((output) =>
        forEachLine(
          output,
          (line) => {
            if (toolLines.length < MAX_TOOL_LINES && isToolLine(line)) toolLines.push(line);
            onLine(line);
          },
          lineOptions,
        ),
      );
      return { ...out, toolLines };
    },
    async cancel() {
      if (used) return;
      used = true;
      started.kill();
      stderr.discard();
      await started.catch(() => undefined);
      await cleanup();
    },
  };
}
