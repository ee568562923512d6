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
 * '\r'). The parser stores no other lines, so the fourth character tells which one a line is
 * and only what follows its marker is checked. Flows are appended to `flows`.
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
      if (inFlow) {
        if (flows === null || flow === undefined) ok = stepAt(text, ls + FROM.length, le) >= 0;
        else {
          const step = parseStep(text, ls + FROM.length, le);
          if (step !== null) {
            flow.steps.push(step);
            ok = true;
          }
        }
      }
    } else if (c === 102 /* f */) {
      if (text.charCodeAt(le - 1) === 58 /* : */ && le - ls > FLOW.length) {
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

/** Where the ` (` before WHY of a step in text[bs, le) is, or -1 when the line is no step (as parseStep decides). */
function stepAt(text: string, bs: number, le: number): number {
  const close = text.lastIndexOf(') at ', le - 5);
  if (close < bs) return -1;
  const open = text.lastIndexOf(' (', close);
  return open < bs ? -1 : open;
}

/** `WHERE (WHY) at POS` in text[bs, le); WHERE may contain parens and " at ", WHY never has parens. */
function parseStep(text: string, bs: number, le: number): FlowStep | null {
  const close = text.lastIndexOf(') at ', le - 5);
  if (close < bs) return null;
  const open = text.lastIndexOf(' (', close);
  if (open < bs) return null;
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
    if (start2 < end && start2 - a >= 2 && text.charCodeAt(start2 - 1) === 58) {
      file = text.slice(a, start2 - 1);
      line = readInt(text, start2, end);
      column = last;
    } else {
      file = text.slice(a, end);
      line = last;
    }
  }
  return { file, line, column, expr: text.slice(bs, open), why: text.slice(open + 2, close) };
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
