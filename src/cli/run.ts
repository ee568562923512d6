/**
 * The whole CLI as a function: arguments and streams in, exit code out. `main.ts` calls it with
 * the process's streams; tests call it in-process.
 */
import type { Readable, Writable } from 'node:stream';
import { HeaplintError } from '../errors.js';
import { runParse } from '../pipeline/parse.js';
import { excerpt } from '../report/excerpt.js';
import { openSession, type SourceOptions } from '../pipeline/source.js';
import { parseCommandLine, type CliArgs } from './args.js';
import { defaultDeps, type CliDeps } from './deps.js';
import { checkFlags } from './flag-checks.js';
import { runLintCommand } from './lint-command.js';
import { toolVersion } from './version.js';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin?: Readable;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Whether stderr is a terminal (the progress line); defaults to the stream's isTTY. */
  stderrIsTTY?: boolean;
}

/** Colour by default only on a terminal, and never when NO_COLOR is set (no-color.org). */
export function autoColor(stdout: Writable, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return (stdout as Writable & { isTTY?: boolean }).isTTY === true;
}

/** Longest error line printed: messages quote user input, which may be anything. */
const MAX_ERROR_LINE = 1000;

/**
 * Error text on one line: cmd/go messages can carry `\n\thint` continuations; control characters
 * are escaped and the length is bounded (quoted compiler lines are already cut much shorter).
 */
export function oneLine(message: string): string {
  return excerpt(message.replace(/\s*\n\s*/g, ' ').trim(), MAX_ERROR_LINE);
}

function sourceOptions(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string, stdin: Readable | undefined): SourceOptions {
  return {
    dir: args.dir,
    fromLog: args.fromLog,
    packages: args.packages,
    tags: args.tags,
    gcflags: args.gcflags,
    repoRoot: args.repoRoot,
    goVersion: args.goVersion,
    env,
    cwd,
    stdin,
    tests: args.tests === true,
  };
}

async function execute(args: CliArgs, io: CliIo, deps: CliDeps): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  if (args.command === 'parse') {
    checkFlags(args, cwd);
    const session = await openSession(sourceOptions(args, env, cwd, io.stdin));
    await runParse(session, deps.parse, io.stdout);
    return 0;
  }
  return runLintCommand(args, {
    stdout: io.stdout,
    stderr: io.stderr,
    stdin: io.stdin,
    env,
    cwd,
    color: args.color ?? autoColor(io.stdout, env),
    stderrIsTTY: io.stderrIsTTY ?? (io.stderr as Writable & { isTTY?: boolean }).isTTY === true,
  }, deps);
}

export async function run(argv: string[], io: CliIo, deps: CliDeps = defaultDeps()): Promise<number> {
  try {
    const cmd = await parseCommandLine(argv, toolVersion());
    if (cmd.kind === 'output') {
      io.stdout.write(cmd.text);
      return 0;
    }
    return await execute(cmd.args, io, deps);
  } catch (err) {
    if (err instanceof HeaplintError) {
      io.stderr.write(`heaplint: ${oneLine(err.message)}\n`);
      return err.exitCode;
    }
    const env = io.env ?? process.env;
    const e = (typeof err === 'object' && err !== null ? err : {}) as { message?: unknown; stack?: unknown };
    const message = typeof e.message === 'string' ? e.message : String(err);
    io.stderr.write(`heaplint: internal error: ${oneLine(message)}\n`);
    if (env.HEAPLINT_DEBUG === '1' && typeof e.stack === 'string') io.stderr.write(`${e.stack}\n`);
    return 2;
  }
}
