/**
 * Is a `--from-log` file compiler output at all? A saved log is read without a build to vouch for
 * it, so three mistakes would otherwise pass as a clean run: an empty file (`go build … > FILE`
 * sends the compiler's stderr elsewhere), a file that is not compiler output, and a log of a
 * failed build. Each is an input error (exit 2), as for a live build.
 *
 * A log with some recognised records and some unrecognised lines is still read: the unrecognised
 * lines become a warning diagnostic (counted, the first quoted), and do not change the exit code.
 */
import { HeaplintError } from '../errors.js';
import type { CompileErrorRecord, ParsedRecord } from '../parse/records.js';
import { excerpt } from '../report/excerpt.js';
import { buildFailure, compileErrorLine } from './build-failure.js';

/** How many characters of the first line the "not compiler output" error quotes. */
const FIRST_LINE_QUOTE = 80;

/** What the checks need to know about a log, gathered while it streams. */
export interface LogFacts {
  lines: number;
  /** Lines with something other than white space. */
  nonBlankLines: number;
  /** Records that are compiler output: a `# pkg` header, a diagnostic, an error. */
  recognized: number;
  /** Records of lines cmd/go printed (`go: …`): recognised, but not compiler output. */
  toolMessages: number;
  /** The first non-blank line and its 1-based number. */
  firstLine: { number: number; text: string } | null;
  compileErrors: number;
  firstCompileError: string | null;
}

/** Collects `LogFacts` from the lines and records of one log. */
export class LogFactCollector {
  private lines = 0;
  private nonBlankLines = 0;
  private recognized = 0;
  private toolMessages = 0;
  private firstLine: LogFacts['firstLine'] = null;
  private compileErrors = 0;
  private firstCompileError: CompileErrorRecord | null = null;

  onLine(line: string): void {
    this.lines++;
    if (/\S/.test(line)) {
      this.nonBlankLines++;
      this.firstLine ??= { number: this.lines, text: line };
    }
  }

  onRecord(r: ParsedRecord): void {
    if (r.kind === 'unrecognized') return;
    if (r.kind === 'tool-message') {
      this.toolMessages++;
      return;
    }
    this.recognized++;
    if (r.kind === 'compile-error') {
      this.compileErrors++;
      this.firstCompileError ??= r;
    }
  }

  facts(): LogFacts {
    return {
      lines: this.lines,
      nonBlankLines: this.nonBlankLines,
      recognized: this.recognized,
      toolMessages: this.toolMessages,
      firstLine: this.firstLine,
      compileErrors: this.compileErrors,
      firstCompileError: this.firstCompileError === null ? null : compileErrorLine(this.firstCompileError),
    };
  }
}

/** `build.log`, or `stdin` for `-`. */
export function logDisplayName(fromLog: string): string {
  return fromLog === '-' ? 'stdin' : fromLog;
}

function lines(n: number): string {
  return `${n} ${n === 1 ? 'line' : 'lines'}`;
}

/** The one-line problem with a log, or null when it is usable. Pure, for tests. */
export function logProblem(name: string, facts: LogFacts): string | null {
  if (facts.nonBlankLines === 0) {
    const how = name === 'stdin' ? 'pipe it with go build -gcflags=-m=2 ./... 2>&1 | heaplint --from-log -' : 'write it with go build -gcflags=-m=2 ./... 2> FILE';
    return `${name}: the log is empty; ${how}`;
  }
  if (facts.recognized === 0) {
    const what = facts.toolMessages > 0 ? 'only go command messages' : 'none recognised';
    const first = facts.firstLine === null ? '' : `; line ${facts.firstLine.number}: ${excerpt(facts.firstLine.text, FIRST_LINE_QUOTE)}`;
    return `${name}: no Go compiler output found (${lines(facts.lines)}, ${what}${first})`;
  }
  return null;
}

/** Throws the log's problem: not compiler output, or the log of a failed build. */
export function checkLog(fromLog: string, facts: LogFacts): void {
  const problem = logProblem(logDisplayName(fromLog), facts);
  if (problem !== null) throw new HeaplintError(problem);
  if (facts.compileErrors > 0) throw buildFailure(null, facts.firstCompileError, facts.compileErrors, []);
}
