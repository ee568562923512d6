/**
 * Compiler lines quoted in messages. A log can hold anything (binary garbage, a 50 MB line), and a
 * message is read on a terminal, in a PR annotation or a SARIF viewer: so a quoted line is cut to
 * a bounded length (saying how long it was) and control characters are escaped, never printed.
 */

import { OVERSIZED_HEAD_BYTES } from '../parse/splitter.js';
import { FIRST_LINE_CAP } from '../runner/lines.js';

/** How many characters of a compiler line a diagnostic or error message quotes. */
export const MAX_QUOTED_LINE = 200;

/**
 * Reporters' last line of defence: no diagnostic message is printed longer than this, whoever
 * built it. Above `MAX_QUOTED_LINE` plus a sentence, so pipeline-made messages are never cut twice.
 */
export const MAX_DIAGNOSTIC_MESSAGE = 500;

// C0, DEL, C1, and the bidirectional overrides/isolates that can make a line read differently
// from what it holds (CVE-2021-42574).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x09) return '\\t';
  if (code === 0x0d) return '\\r';
  if (code === 0x0a) return '\\n';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character and bidirectional override escaped (nothing cut). */
export function escapeUnsafe(text: string): string {
  if (!UNSAFE.test(text)) return text;
  let out = '';
  for (const ch of text) out += UNSAFE.test(ch) ? escapeChar(ch) : ch;
  return out;
}

/**
 * Whether `text` may be the head of a longer line, cut before it got here: the parser keeps the
 * first OVERSIZED_HEAD_BYTES of an oversized line and the first-line finder FIRST_LINE_CAP bytes,
 * each cut back to a whole UTF-8 sequence. Its length is then only a lower bound.
 */
function maybeCutAlready(text: string): boolean {
  if (text.length < OVERSIZED_HEAD_BYTES / 4) return false;
  const bytes = Buffer.byteLength(text, 'utf8');
  return [OVERSIZED_HEAD_BYTES, FIRST_LINE_CAP].some((cap) => bytes <= cap && bytes > cap - 4);
}

/**
 * `text` with control characters escaped, at most `max` characters of output before the `…`;
 * a cut line ends with `… (N characters)` where N is the length of the original, or
 * `… (at least N characters)` when the text may have been cut before (see maybeCutAlready).
 */
export function excerpt(text: string, max: number = MAX_QUOTED_LINE): string {
  let out = '';
  let cut = false;
  // Walk only as far as needed: a 50 MB line costs no more than a short one.
  for (const ch of text) {
    const piece = UNSAFE.test(ch) ? escapeChar(ch) : ch;
    if (out.length + piece.length > max) {
      cut = true;
      break;
    }
    out += piece;
  }
  if (!cut) return out;
  return `${out}… (${maybeCutAlready(text) ? 'at least ' : ''}${text.length} characters)`;
}

/** A diagnostic message as a reporter prints it: unchanged unless it is over the hard limit. */
export function boundedMessage(message: string): string {
  if (message.length <= MAX_DIAGNOSTIC_MESSAGE && !UNSAFE.test(message)) return message;
  return excerpt(message, MAX_DIAGNOSTIC_MESSAGE);
}
