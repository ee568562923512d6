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
 * With `tests`, the command is `go list -test -export`: the packages, their test variants
 * (`# p [p.test]`, `# p_test [p.test]`) and the generated test mains (`# p.test`), compiled as
 * `go test` compiles them, linked and run never. Beside `go test -c` it also compiles the plain
 * package of a package with tests (whose findings are the test variant's, and fold into them),
 * and it links no test binary (golang.org/x/net: 3.5-4.1 s against 11 s, the same findings).
 */
import { execa } from 'execa';
import type { ParsedRecord } from '../parse/records.js';
import { createBuildOutput, type ReadBack } from './build-output.js';
import { forEachChunk, forEachLine, type LineOptions } from './lines.js';
import type { GoTool } from './go-env.js';

export interface BuildOptions {
  packages: readonly string[];
  /** `-tags` value, passed through. */
  tags: string | undefined;
  /** Extra compiler flags appended after `-m=2` (they apply to the named packages only, as -m=2 does). */
  gcflags: string | undefined;
  /** Compile the test variants and test mains too (`go list -test`). */
  tests?: boolean;
}

export function buildArgs(opts: BuildOptions): string[] {
  const gcflags = ['-m=2', ...(opts.gcflags ?? '').split(/\s+/).filter((f) => f !== '')].join(' ');
  const args = opts.tests === true ? ['list', '-test', '-export'] : ['list', '-export'];
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

/**
 * Lets a consumer of the raw chunks read the output again (the result cache: a run that stops
 * matching a cached output parses what it skipped from the start).
 */
export interface OutputTap {
  /** Before the first chunk: how to read the output so far again, or null when it cannot be (a pipe, standard input). */
  attach(readBack: ReadBack | null): void;
  /** After the last chunk, with the exit code (null for a log), while `readBack` still works. */
  end(exitCode: number | null): void;
}

/** A build that is running, whose stderr has not been read yet (it is kept until then). */
export interface StartedBuild {
  /** Streams stderr as raw chunks (the parser's fast path); `toolLines` is then empty. Once. */
  chunks(onChunk: (chunk: Buffer) => void, lineOptions?: LineOptions, tap?: OutputTap): Promise<BuildOutcome>;
  /** Streams stderr line by line, collecting tool lines. Once, instead of `chunks`. */
  lines(onLine: (line: string) => void, lineOptions?: LineOptions): Promise<BuildOutcome>;
  /** Stops a build whose output will not be read (a step before it failed). */
  cancel(): Promise<void>;
}

/**
 * Starts the build now. Its output is kept (createBuildOutput: a temporary file, else the pipe)
 * until `chunks` or `lines` reads it; one of those or `cancel` must be called, or the child
 * never ends (pipe) or its output is never freed (file).
 */
export function startGoBuild(go: GoTool, opts: BuildOptions): StartedBuild {
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
  const args = buildArgs(opts);
  let started;
  try {
    // execa hands any descriptor number to spawn as it is; its types only spell out 3 to 9.
    started = stderr.stdio === 'pipe' ? execa(go.bin, args, { ...options, stderr: 'pipe' }) : execa(go.bin, args, { ...options, stderr: stderr.stdio as 3 });
  } catch (err) {
    stderr.close();
    throw err;
  }
  stderr.attach(started.stderr, started);
  let used = false;
  const consume = async (read: (stderr: AsyncIterable<Buffer>) => Promise<number>, tap?: OutputTap): Promise<{ exitCode: number; bytes: number }> => {
    if (used) throw new Error('build output already consumed');
    used = true;
    tap?.attach(stderr.readBack);
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
      const exitCode = result.exitCode ?? 1;
      tap?.end(exitCode);
      return { exitCode, bytes };
    } finally {
      stderr.close();
    }
  };
  return {
    async chunks(onChunk, lineOptions = {}, tap) {
      const out = await consume((output) => forEachChunk(output, onChunk, lineOptions), tap);
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
      stderr.close();
    },
  };
}
