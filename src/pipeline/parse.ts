/**
 * `heaplint parse`: every record as one JSON line on stdout, written as the parser produces them
 * (a package section at a time), with stdout back-pressure respected so memory stays flat.
 */
import type { Writable } from 'node:stream';
import type { CompileErrorRecord, ParsedRecord, ParseStats } from '../parse/records.js';
import { buildFailure, compileErrorLine } from './build-failure.js';
import { checkLog, LogFactCollector } from './log-check.js';
import { ToolLineCollector } from '../runner/go-build.js';
import { logFacts, toolLinesOf, type RecordParser } from './lint.js';
import { feedParser, type Session } from './source.js';

export interface ParseDeps {
  createParser(onRecord: (r: ParsedRecord) => void): RecordParser;
  recordToJson(r: ParsedRecord): string;
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      out.off('error', fail);
      resolve();
    };
    const fail = (err: Error): void => {
      out.off('drain', done);
      reject(err);
    };
    out.once('drain', done);
    out.once('error', fail);
  });
}

/**
 * Characters of JSON lines written at once. A package section's records all come out of the
 * parser when the section ends (go/types in Go 1.22's standard library output is 250 MB of log),
 * so waiting for the next chunk to write them held that whole section's JSON: `heaplint parse`
 * peaked at 872 MiB of RSS on that log. Writes to a file or a terminal are synchronous, and the
 * bin makes writes to a pipe wait for the reader (cli/main.ts), so batches keep memory flat; a
 * stream that buffers anyway is still waited for between chunks.
 */
export const PARSE_WRITE_BATCH = 256 << 10;

export async function runParse(session: Session, deps: ParseDeps, out: Writable): Promise<ParseStats> {
  let pending: string[] = [];
  let pendingChars = 0;
  let needDrain = false;
  let firstError: CompileErrorRecord | null = null;
  let errors = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    pendingChars = 0;
    if (!out.write(text)) needDrain = true;
  };
  const facts = new LogFactCollector();
  const tools = new ToolLineCollector();
  const parser = deps.createParser((r) => {
    facts.onRecord(r);
    tools.onRecord(r);
    if (r.kind === 'compile-error') {
      errors++;
      firstError ??= r;
    }
    const line = deps.recordToJson(r) + '\n';
    pending.push(line);
    pendingChars += line.length;
    if (pendingChars >= PARSE_WRITE_BATCH) flush();
  });
  const fed = await feedParser(
    session,
    parser,
    (line) => facts.onLine(line),
    {
      betweenChunks: () => {
        flush();
        if (!needDrain) return undefined;
        needDrain = false;
        return drained(out);
      },
    },
  );
  const outcome = fed.outcome;
  flush();
  // Every record is printed first (they show what was read); then a log that is not usable
  // compiler output, or is the log of a failed build, fails as it would for lint.
  if (outcome.buildExitCode === null) checkLog(session.logName ?? 'the log', logFacts(facts.facts(), fed));
  if (outcome.buildExitCode !== null && outcome.buildExitCode !== 0) {
    const first: CompileErrorRecord | null = firstError;
    throw buildFailure(outcome.buildExitCode, first === null ? null : compileErrorLine(first), errors, toolLinesOf(fed, tools));
  }
  return parser.stats;
}
