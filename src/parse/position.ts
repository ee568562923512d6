/**
 * Splitting the `file:line[:col][[orig]]:` prefix off a compiler line, by hand rather than by
 * regex: this runs on every line of logs that are hundreds of MB, and a lazy regex over a
 * long path re-scans it once per colon.
 */

/** The position part of one line, plus where the message starts. */
export interface SplitLine {
  file: string | null;
  line: number | null;
  column: number | null;
  /**
   * Key used to join lines that share a position: the raw `file:line:col:` prefix, or '' for a
   * line with no position (which includes `<unknown line number>:`, since the compiler prints
   * such a block's verdict with no position at all).
   */
  key: string;
  /** Everything after the position's final ':' (normally starts with one space), or the whole line. */
  rest: string;
}

const UNKNOWN_LINE = '<unknown line number>:';

const C_COLON = 58;
const C_SPACE = 32;
const C_ZERO = 48;
const C_NINE = 57;
const C_LBRACK = 91;
const C_RBRACK = 93;

function isDigit(c: number): boolean {
  return c >= C_ZERO && c <= C_NINE;
}

/** Reads the decimal number in s[from, to) (caller guarantees digits). */
function readInt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - C_ZERO);
  return n;
}

/** Index just past the run of digits starting at `i`. */
function skipDigits(s: string, i: number): number {
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i;
}

/**
 * If `s[i]` starts a `[orig]` suffix (`-L` with a //line directive), returns the index just past
 * its closing bracket, else `i`.
 */
function skipOrig(s: string, i: number): number {
  if (s.charCodeAt(i) !== C_LBRACK) return i;
  const close = s.indexOf(']', i + 1);
  return close < 0 ? i : close + 1;
}

/**
 * Splits `file:line:col: rest`, `file:line: rest`, `file:line:col[orig]: rest`,
 * `<unknown line number>: rest`; lines without a position come back with `file: null` and the
 * whole line as `rest`. The file may contain ':' (Windows drive letters) but never ': '
 * (otherwise a message that ends in `at a.go:1:2` could be mistaken for the position).
 */
export function splitPosition(text: string): SplitLine {
  if (text.startsWith(UNKNOWN_LINE)) {
    return { file: null, line: null, column: null, key: '', rest: text.slice(UNKNOWN_LINE.length) };
  }
  let colon = text.indexOf(':');
  while (colon > 0) {
    const next = text.charCodeAt(colon + 1);
    if (next === C_SPACE) break; // "word: " before any position: the line has none
    if (isDigit(next)) {
      const lineEnd = skipDigits(text, colon + 1);
      let end = skipOrig(text, lineEnd);
      if (text.charCodeAt(end) === C_COLON) {
        const lineNo = readInt(text, colon + 1, lineEnd);
        let column: number | null = null;
        // Optional column: ":<digits>" then ':' (or '[orig]:').
        if (end === lineEnd && isDigit(text.charCodeAt(end + 1))) {
          const colEnd = skipDigits(text, end + 1);
          const afterOrig = skipOrig(text, colEnd);
          if (text.charCodeAt(afterOrig) === C_COLON) {
            column = readInt(text, end + 1, colEnd);
            end = afterOrig;
          }
        }
        return {
          file: text.slice(0, colon),
          line: lineNo,
          column,
          key: text.slice(0, end + 1),
          rest: text.slice(end + 1),
        };
      }
    }
    colon = text.indexOf(':', colon + 1);
  }
  return { file: null, line: null, column: null, key: '', rest: text };
}

/** A position with nothing after it, as in `from … at ./a.go:3:4` (`<unknown line number>` → all null). */
export interface PlainPosition {
  file: string | null;
  line: number | null;
  column: number | null;
}

/** Parses the `at POS` part of a `from` note, reading the numbers from the end. */
export function parseAtPosition(text: string): PlainPosition {
  let s = text;
  if (s.charCodeAt(s.length - 1) === C_RBRACK) {
    const open = s.lastIndexOf('[');
    if (open > 0) s = s.slice(0, open);
  }
  let end = s.length;
  let start = end;
  while (start > 0 && isDigit(s.charCodeAt(start - 1))) start--;
  if (start === end || start < 2 || s.charCodeAt(start - 1) !== C_COLON) {
    return { file: null, line: null, column: null };
  }
  const last = readInt(s, start, end);
  // Is there a second number before it (line:col)?
  end = start - 1;
  let start2 = end;
  while (start2 > 0 && isDigit(s.charCodeAt(start2 - 1))) start2--;
  if (start2 < end && start2 >= 2 && s.charCodeAt(start2 - 1) === C_COLON) {
    return { file: s.slice(0, start2 - 1), line: readInt(s, start2, end), column: last };
  }
  return { file: s.slice(0, end), line: last, column: null };
}
