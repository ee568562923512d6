/**
 * Turning a stored explanation block back into flows, when its record is emitted. This runs
 * once per explanation line (over a million for `std`), so it reads the block's text by index
 * instead of splitting it, and builds each step directly, with no intermediate objects. The
 * grammar is the one of `classifyExplanation` (E3–E5, grammar.ts), and the two must agree.
 */
import { ARROW_LATIN1, indexOutsideBraces } from './grammar.js';
import { latin1ToUtf8 } from './latin1.js';
import type { Flow, FlowStep } from './records.js';

const TRUNC_TEXT = '   warning: truncated explanation due to assignment cycle; see golang.org/issue/35518';
const FROM = '     from ';
const FLOW = '   flow: ';

/** What the caller learns about lines that are not flows or steps. */
export interface BlockLinesSink {
  /** The block ended with the assignment-cycle warning. */
  truncated(): void;
  /** Line `index` (1 = first line after the header) has an explanation prefix but does not parse. */
  malformed(index: number, rest: string): void;
}

export interface BlockLinesOptions {
  /** The block index written into each flow. */
  block: number;
  /** Text was decoded as latin1 (stream path): `←` can only appear in its latin1 form. */
  latin1: boolean;
  /** Some line of the block has bytes >= 0x80: re-decode record strings as UTF-8. */
  fix: boolean;
}

/**
 * Parses `text`: the lines after a block's header with their position prefix removed, each
 * `   flow: …`, `     from …` or the truncation warning, separated by '\n' (a line may end in
 * '\r'). Flows are appended to `flows`.
 */
export function parseBlockLines(text: string, opts: BlockLinesOptions, flows: Flow[], sink: BlockLinesSink): void {
  const first = flows.length;
  const arrows = parseLines(text, opts, flows, sink);
  // Each latin1 `←` separator is 3 bytes >= 0x80 (every Go 1.25+ flow line has one). Only when
  // the block has more such bytes than that can one of its strings need re-decoding.
  if (opts.fix && Buffer.byteLength(text, 'utf8') - text.length > 3 * arrows) {
    for (let i = first; i < flows.length; i++) {
      const f = flows[i];
      if (f === undefined) continue;
      f.dst = latin1ToUtf8(f.dst);
      f.src = latin1ToUtf8(f.src);
      for (const step of f.steps) {
        if (step.file !== null) step.file = latin1ToUtf8(step.file);
        step.expr = latin1ToUtf8(step.expr);
        step.why = latin1ToUtf8(step.why);
      }
    }
  }
}

/**
 * What parseBlockLines tells `sink` about `text`, without building any flow: for records whose
 * flows nobody needs, so that their malformed lines and truncation are still reported exactly.
 */
export function checkBlockLines(text: string, latin1: boolean, sink: BlockLinesSink): void {
  parseLines(text, { block: 0, latin1, fix: false }, null, sink);
}

/** Returns how many flows were split at a latin1 `←`. With `flows` null, only checks the lines. */
function parseLines(text: string, opts: BlockLinesOptions, flows: Flow[] | null, sink: BlockLinesSink): number {
  const arrow = { count: 0 };
  let flow: Flow | undefined;
  /** A flow line came before (check-only mode: `flow` stays undefined). */
  let inFlow = false;
  let prevFile: string | null = null;
  let ls = 0;
  let index = 0;
  const n = text.length;
  while (ls <= n) {
    let nl = text.indexOf('\n', ls);
    if (nl < 0) nl = n;
    index++;
    let le = nl;
    if (le > ls && text.charCodeAt(le - 1) === 13) le--;
    const c = text.charCodeAt(ls + 3);
    let ok = false;
    if (c === 32 /* ' ' */) {
      if (inFlow && text.startsWith(FROM, ls)) {
        if (flows === null || flow === undefined) ok = stepAt(text, ls + FROM.length, le) >= 0;
        else {
          const step = parseStep(text, ls + FROM.length, le, prevFile);
          if (step !== null) {
            flow.steps.push(step);
            if (step.file !== null) prevFile = step.file;
            ok = true;
          }
        }
      }
    } else if (c === 102 /* f */) {
      if (text.charCodeAt(le - 1) === 58 /* : */ && le - ls > FLOW.length && text.startsWith(FLOW, ls)) {
        if (flows === null) {
          if (flowSeparator(text, ls + FLOW.length, le - 1, opts).at >= 0) inFlow = ok = true;
        } else {
          const f = parseFlowBody(text, ls + FLOW.length, le - 1, opts, arrow);
          if (f !== null) {
            flow = f;
            flows.push(f);
            inFlow = ok = true;
          }
        }
      }
    } else if (c === 119 /* w */ && le - ls === TRUNC_TEXT.length && text.startsWith(TRUNC_TEXT, ls)) {
      sink.truncated();
      ok = true;
    }
    if (!ok) sink.malformed(index, text.slice(ls, le));
    ls = nl + 1;
  }
  return arrow.count;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function readInt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/**
 * Index of the last `) at ` that starts at or before `from` and at or after `min`, or -1.
 * By hand: String#lastIndexOf is a runtime call that costs more than scanning the few bytes of
 * a position back from the end of the line.
 */
function lastCloseAt(text: string, from: number, min: number): number {
  for (let i = from; i >= min; i--) {
    if (
      text.charCodeAt(i) === 41 /* ) */ &&
      text.charCodeAt(i + 1) === 32 &&
      text.charCodeAt(i + 2) === 97 /* a */ &&
      text.charCodeAt(i + 3) === 116 /* t */ &&
      text.charCodeAt(i + 4) === 32
    ) {
      return i;
    }
  }
  return -1;
}

/** Index of the last ` (` that starts at or before `from` and at or after `min`, or -1. */
function lastOpenAt(text: string, from: number, min: number): number {
  for (let i = from; i >= min; i--) if (text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) === 40 /* ( */) return i;
  return -1;
}

/** Where the ` (` before WHY of a step in text[bs, le) is, or -1 when the line is no step (as parseStep decides). */
function stepAt(text: string, bs: number, le: number): number {
  const close = lastCloseAt(text, le - 5, bs);
  return close < 0 ? -1 : lastOpenAt(text, close, bs);
}

/**
 * The why-notes Go 1.19 to 1.26 print (the team reference, section 2.2): a step's `why` is one
 * of these, so it is shared instead of sliced out of every line anew. Any other text still
 * parses; it is just not shared.
 */
const KNOWN_WHY: readonly string[] = [
  // Allocation reasons.
  'too large for stack',
  'too aligned for stack',
  'non-constant size',
  'zero-sized element',
  // Roots and sinks.
  'return',
  'assign',
  'call parameter',
  'send',
  'map literal key',
  'map literal value',
  'key of map put',
  'appended slice...',
  'appendee slice',
  'copied slice',
  'captured by a closure',
  'reference',
  'interface-converted',
  'conversion to unsafe.Pointer',
  '//go:uintptrescapes',
  'reflect.Header.Data',
  'callee operand',
  // Structural notes.
  'spill',
  'address-of',
  'indirection',
  'dot',
  'dot of pointer',
  'fixed-array-index-of',
  'slice',
  'slice-to-array',
  'slice-literal-element',
  'array literal element',
  'struct literal element',
  'assign-pair',
  'assign-pair-dot-type',
  'assign-pair-mapr',
  'assign-pair-receive',
  'range',
  'range-deref',
  'switch case',
];

/** KNOWN_WHY by length, for a lookup that compares only strings that can match. */
const WHY_BY_LENGTH: readonly (readonly string[])[] = (() => {
  const out: string[][] = [];
  for (const w of KNOWN_WHY) (out[w.length] ??= []).push(w);
  return out;
})();

/** text[from, to) as a string, shared with KNOWN_WHY when it is one of them. */
function whyOf(text: string, from: number, to: number): string {
  const same = WHY_BY_LENGTH[to - from];
  if (same !== undefined) for (const w of same) if (text.startsWith(w, from)) return w;
  return text.slice(from, to);
}

/**
 * `WHERE (WHY) at POS` in text[bs, le); WHERE may contain parens and " at ", WHY never has parens.
 * `prevFile`: the file of the block's previous step, reused when this one names the same file
 * (they nearly always do), so a block's steps share one string.
 */
function parseStep(text: string, bs: number, le: number, prevFile: string | null): FlowStep | null {
  const close = lastCloseAt(text, le - 5, bs);
  if (close < 0) return null;
  const open = lastOpenAt(text, close, bs);
  if (open < 0) return null;
  // POS: `file:line[:col]`, maybe with an `[orig]` suffix; numbers are read from the end.
  const a = close + 5;
  let z = le;
  if (z > a && text.charCodeAt(z - 1) === 93 /* ] */) {
    const o = text.lastIndexOf('[', z - 1);
    if (o > a) z = o;
  }
  let file: string | null = null;
  let line: number | null = null;
  let column: number | null = null;
  let start = z;
  while (start > a && isDigit(text.charCodeAt(start - 1))) start--;
  if (start !== z && start - a >= 2 && text.charCodeAt(start - 1) === 58 /* : */) {
    const last = readInt(text, start, z);
    const end = start - 1;
    let start2 = end;
    while (start2 > a && isDigit(text.charCodeAt(start2 - 1))) start2--;
    let fileEnd: number;
    if (start2 < end && start2 - a >= 2 && text.charCodeAt(start2 - 1) === 58) {
      fileEnd = start2 - 1;
      line = readInt(text, start2, end);
      column = last;
    } else {
      fileEnd = end;
      line = last;
    }
    file = prevFile !== null && prevFile.length === fileEnd - a && text.startsWith(prevFile, a) ? prevFile : text.slice(a, fileEnd);
  }
  return { file, line, column, expr: text.slice(bs, open), why: whyOf(text, open + 2, close) };
}

/** Where the separator of `DST ← SRC` in text[bs, be) is (-1: none) and how long it is. */
function flowSeparator(text: string, bs: number, be: number, opts: BlockLinesOptions): { at: number; len: number; latin1Arrow: boolean } {
  // A latin1-decoded line cannot hold U+2190 itself, only its three bytes.
  if (!opts.latin1) {
    const at = indexOutsideBraces(text, ' ← ', bs, be);
    if (at >= 0) return { at, len: 3, latin1Arrow: false };
  }
  const at = indexOutsideBraces(text, ARROW_LATIN1, bs, be);
  if (at >= 0) return { at, len: ARROW_LATIN1.length, latin1Arrow: true };
  return { at: indexOutsideBraces(text, ' = ', bs, be), len: 3, latin1Arrow: false };
}

/** `DST ← SRC` in text[bs, be) (`=` before Go 1.25). */
function parseFlowBody(text: string, bs: number, be: number, opts: BlockLinesOptions, arrow: { count: number }): Flow | null {
  const { at: sep, len: sepLen, latin1Arrow } = flowSeparator(text, bs, be, opts);
  if (sep < 0) return null;
  if (latin1Arrow) arrow.count++;
  let s = sep + sepLen;
  let derefs = 0;
  if (s < be && text.charCodeAt(s) === 38 /* & */) {
    derefs = -1;
    s++;
  } else {
    while (s < be && text.charCodeAt(s) === 42 /* * */) {
      derefs++;
      s++;
    }
  }
  return { block: opts.block, dst: text.slice(bs, sep), src: text.slice(s, be), derefs, steps: [] };
}
