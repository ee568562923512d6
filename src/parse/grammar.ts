/**
 * Line classification for `go build -gcflags=-m[=2]` output, Go 1.19 – 1.26
 * (grammar: docs/records.md and the team reference, section 7).
 *
 * Dispatch is on cheap string checks (first character, literal prefixes and suffixes) rather
 * than a cascade of regexes, because this runs once per line over logs of hundreds of MB. The
 * reference's precedence is kept: the inlining/optimisation families first, then
 * `does not escape, mutate, or call` before `does not escape`, explanation headers (trailing
 * ':') before plain `escapes to heap`.
 */
import { parseAtPosition, splitPosition, type PlainPosition, type SplitLine } from './position.js';
import type { VerdictRecord } from './records.js';

export type VerdictKind = VerdictRecord['kind'];

/** What one message says. `rec` kinds map one-to-one to single-line records. */
export type Diag =
  | { t: 'verdict'; kind: VerdictKind; subject: string; result?: string; level?: number }
  /** E1: `X escapes to heap[ in F]:` */
  | { t: 'esc-header'; subject: string; fn: string | null }
  /** E2: `parameter p leaks to L[ for F] with derefs=N:` */
  | { t: 'param-header'; subject: string; sink: string; fn: string | null; derefs: number }
  /** E3: `   flow: D ← S:` (`=` before 1.25) */
  | { t: 'flow'; dst: string; src: string; derefs: number }
  /** E4: `     from WHERE (WHY) at POS` */
  | { t: 'from'; expr: string; why: string; at: PlainPosition }
  /** E5 */
  | { t: 'truncated' }
  | { t: 'zero-copy' }
  | { t: 'capture'; fn: string; subject: string; byRef: boolean; addr: boolean; assign: boolean; width: number }
  | { t: 'self-assignment'; fn: string; statement: string }
  | { t: 'uintptr'; kind: 'unsafe-uintptr' | 'escaping-uintptr'; subject: string; variadic: boolean }
  | { t: 'param-effect'; kind: 'param-mutates' | 'param-calls' | 'param-no-effect'; subject: string; derefs: number | null }
  | { t: 'can-inline'; fn: string; cost: number | null }
  | { t: 'cannot-inline'; fn: string; reason: string; cost: number | null; budget: number | null; caller: string | null }
  | { t: 'inlining-call'; fn: string }
  | { t: 'optimization'; category: OptimizationCategory }
  /** Errors that are errors whatever else the package printed. */
  | { t: 'compile-error' }
  | { t: 'unknown' };

export type OptimizationCategory =
  | 'devirtualize'
  | 'bounds-check'
  | 'interface-call'
  | 'convert'
  | 'loopvar'
  | 'big-function'
  | 'keep-alive'
  | 'debug-dump';

/** A whole line, classified. */
export type LineClass =
  | { t: 'blank' }
  | { t: 'package-header'; pkg: string; variant: string | null }
  | { t: 'tool-message' }
  /** TAB-indented: continues the previous (error) line. */
  | { t: 'continuation' }
  | { t: 'diag'; pos: SplitLine; message: string; diag: Diag };

const UNKNOWN: Diag = { t: 'unknown' };
const TRUNCATED: Diag = { t: 'truncated' };
const ZERO_COPY: Diag = { t: 'zero-copy' };
const COMPILE_ERROR: Diag = { t: 'compile-error' };
const OPT: Record<OptimizationCategory, Diag> = {
  devirtualize: { t: 'optimization', category: 'devirtualize' },
  'bounds-check': { t: 'optimization', category: 'bounds-check' },
  'interface-call': { t: 'optimization', category: 'interface-call' },
  convert: { t: 'optimization', category: 'convert' },
  loopvar: { t: 'optimization', category: 'loopvar' },
  'big-function': { t: 'optimization', category: 'big-function' },
  'keep-alive': { t: 'optimization', category: 'keep-alive' },
  'debug-dump': { t: 'optimization', category: 'debug-dump' },
};

const TRUNC_TEXT = '   warning: truncated explanation due to assignment cycle; see golang.org/issue/35518';
const ESC = ' escapes to heap';
const ESC_HDR_IN = ' escapes to heap in ';
const NOESC = ' does not escape';
const NOMUT = ' does not escape, mutate, or call';
const TOOL_PREFIXES = ['go: ', 'go build ', 'note: ', 'vet: '];

// `.` with the `s` flag: the text path must match U+2028/U+2029 as the byte path matches their
// latin1 bytes. A word is a run of anything but ASCII white space (`[^ \t\n\v\f\r]`), never
// `\S`: lines are read as latin1, where the UTF-8 byte 0xA0 of letters such as `à`, `Р` or `丠`
// is U+00A0, which `\s` counts as white space.
const HEADER_RE = /^# ([^ \t\n\v\f\r]+)(?: \[([^\]]+)\])?$/;
const LHDR_RE = /^parameter ([^ \t\n\v\f\r]+) leaks to (.+) with derefs=(\d+):$/s;
const CAPT_RE = /^(.+?) capturing by (ref|value): ([^ \t\n\v\f\r]+) \(addr=(true|false) assign=(true|false) width=(\d+)\)$/s;
const MUT_RE = /^(mutates|calls) param: ([^ \t\n\v\f\r]+) derefs=(\d+)$/;
const LEAKR_RE = /^([^ \t\n\v\f\r]+) to result ([^ \t\n\v\f\r]+) level=(\d+)$/;
const TOO_COMPLEX_RE = /^function too complex: cost (\d+) exceeds budget (\d+)$/;
const COST_RE = /^ with cost (\d+) as: /;
const SCORE_RE = / with score -?\d+$/;
const STMT_DUMP_RE = /^\[\d+\] .* stmt: /s;

/** Only ASCII white space (see the regexes above: U+00A0 may be half of a letter). */
function asciiBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && (c < 9 || c > 13)) return false;
  }
  return true;
}

function noSpace(s: string): boolean {
  return s.length > 0 && s.indexOf(' ') < 0;
}

/** Classifies one line (without its line terminator). */
export function classifyLine(text: string): LineClass {
  const c0 = text.charCodeAt(0);
  if (text.length === 0) return { t: 'blank' };
  if (c0 === 35 /* # */ && text.charCodeAt(1) === 32) {
    const m = HEADER_RE.exec(text);
    if (m) return { t: 'package-header', pkg: m[1] ?? '', variant: m[2] ?? null };
  }
  if (c0 === 9 /* TAB */) return asciiBlank(text) ? { t: 'blank' } : { t: 'continuation' };
  if (c0 === 32 && asciiBlank(text)) return { t: 'blank' };
  const pos = splitPosition(text);
  if (pos.file === null && pos.key === '' && pos.rest === text) {
    for (const p of TOOL_PREFIXES) if (text.startsWith(p)) return { t: 'tool-message' };
  }
  const rest = pos.rest;
  if (rest.charCodeAt(0) === 32 && rest.charCodeAt(1) === 32 && rest.charCodeAt(2) === 32) {
    return { t: 'diag', pos, message: rest.slice(1), diag: classifyExplanation(rest) };
  }
  const message = rest.charCodeAt(0) === 32 ? rest.slice(1) : rest;
  return { t: 'diag', pos, message, diag: classifyMessage(message) };
}

/** `   flow: …`, `     from …`, `   warning: truncated …` (the raw text after the position). */
export function classifyExplanation(rest: string): Diag {
  if (rest.startsWith('     from ')) return parseFrom(rest.slice(10));
  if (rest.startsWith('   flow: ') && rest.endsWith(':')) return parseFlow(rest.slice(9, -1));
  if (rest === TRUNC_TEXT) return TRUNCATED;
  return UNKNOWN;
}

/** WHERE may contain parens and " at "; WHY never contains parens. */
function parseFrom(body: string): Diag {
  const close = body.lastIndexOf(') at ');
  if (close < 0) return UNKNOWN;
  const open = body.lastIndexOf(' (', close);
  if (open < 0) return UNKNOWN;
  return {
    t: 'from',
    expr: body.slice(0, open),
    why: body.slice(open + 2, close),
    at: parseAtPosition(body.slice(close + 5)),
  };
}

/**
 * Index of the first `sep` in `s[from, to)` at brace depth 0 (outside `{storage for …}` and
 * quoted literals), or -1.
 */
export function indexOutsideBraces(s: string, sep: string, from = 0, to = s.length): number {
  let depth = 0;
  const first = sep.charCodeAt(0);
  const last = to - sep.length;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) {
      if (depth > 0) depth--;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      // Constants are printed Go-quoted, so a brace inside a literal is not structure.
      const end = quotedEnd(s, i, to);
      if (end >= 0) i = end;
    } else if (depth === 0 && c === first && i <= last && s.startsWith(sep, i)) return i;
  }
  return -1;
}

/** Runes go/constant keeps of a quoted string it cuts, opening quote included; `...` follows. */
const CUT_RUNES = 69;

/**
 * The index of the last character of the Go-quoted literal that opens at `open` (`"` or `'`):
 * its closing quote, or the last `.` of the `...` where the compiler cut it; -1 when it does not
 * end before `to`. go/constant prints a quoted string longer than 72 runes as its first 69 and
 * `...`, with no closing quote, so a `...` at rune 69 with no quote before it is that cut. Runes
 * are counted both ways the text may hold them (UTF-8 read as latin1, where bytes 0x80-0xBF
 * continue a rune, or decoded), since the two counts differ only on non-ASCII text.
 */
export function quotedEnd(s: string, open: number, to = s.length): number {
  const q = s.charCodeAt(open);
  let runes = 1;
  let latin1Runes = 1;
  for (let j = open + 1; j < to; ) {
    const c = s.charCodeAt(j);
    if (c === q) return j;
    if (q === 34 && (runes === CUT_RUNES || latin1Runes === CUT_RUNES) && c === 46 && s.startsWith('...', j)) return j + 2;
    const step = c === 92 /* \ */ ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    runes += c === 92 ? 2 : 1;
    latin1Runes += c === 92 ? 2 : c >= 0x80 && c <= 0xbf ? 0 : 1;
    j += step;
  }
  return -1;
}

/** `←` as it appears when UTF-8 bytes are read as latin1 (the stream path does that, see stream.ts). */
export const ARROW_LATIN1 = ' \u00e2\u0086\u0090 ';

function parseFlow(body: string): Diag {
  let sepLen = 3;
  let sep = indexOutsideBraces(body, ' ← ');
  if (sep < 0) {
    sep = indexOutsideBraces(body, ARROW_LATIN1);
    sepLen = ARROW_LATIN1.length;
  }
  if (sep < 0) {
    sep = indexOutsideBraces(body, ' = ');
    sepLen = 3;
  }
  if (sep < 0) return UNKNOWN;
  const dst = body.slice(0, sep);
  let src = body.slice(sep + sepLen);
  let derefs = 0;
  if (src.charCodeAt(0) === 38 /* & */) {
    derefs = -1;
    src = src.slice(1);
  } else {
    while (src.charCodeAt(derefs) === 42 /* * */) derefs++;
    if (derefs > 0) src = src.slice(derefs);
  }
  return { t: 'flow', dst, src, derefs };
}

/** Splits `LOC[ for FN]` of an E2 header: LOC is brace-balanced when it starts with '{'. */
function splitSink(s: string): { sink: string; fn: string | null } {
  let end: number;
  if (s.charCodeAt(0) === 123) {
    let depth = 0;
    end = s.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 123) depth++;
      else if (c === 125 && --depth === 0) {
        end = i + 1;
        break;
      }
    }
  } else {
    end = s.indexOf(' ');
    if (end < 0) end = s.length;
  }
  const tail = s.slice(end);
  if (tail === '') return { sink: s, fn: null };
  if (tail.startsWith(' for ')) return { sink: s.slice(0, end), fn: tail.slice(5) };
  return { sink: s, fn: null };
}

/** Classifies a message (the text after `POS: `, or a whole position-less line). */
export function classifyMessage(msg: string): Diag {
  const d = classifyByPrefix(msg);
  return d ?? classifyBySuffix(msg);
}

function classifyByPrefix(msg: string): Diag | null {
  switch (msg.charCodeAt(0)) {
    case 99: // c
      if (msg.startsWith('can inline ')) return parseCanInline(msg.slice(11));
      if (msg.startsWith('cannot inline ')) return parseCannotInline(msg.slice(14));
      if (msg.startsWith('cannot devirtualize ')) return OPT.devirtualize;
      if (msg.startsWith('calls param: ')) return parseMut(msg);
      if (msg.startsWith('convert: ')) return OPT.convert;
      if (msg === 'closure converted to global') return OPT['debug-dump'];
      return null;
    case 105: // i
      if (msg.startsWith('inlining call to ')) return { t: 'inlining-call', fn: msg.slice(17).replace(SCORE_RE, '') };
      if (msg === 'index bounds check elided') return OPT['bounds-check'];
      if (msg === 'imprecise interface call') return OPT['interface-call'];
      return null;
    case 100: // d
      if (msg.startsWith('devirtualizing ')) return OPT.devirtualize;
      if (msg.startsWith('dereference will be kept alive')) return OPT['keep-alive'];
      return null;
    case 112: // p
      if (msg.startsWith('partially devirtualizing ')) return OPT.devirtualize;
      if (msg.startsWith('parameter ') && msg.endsWith(':')) return parseParamHeader(msg);
      return null;
    case 102: // f
      if (msg.startsWith('failed to devirtualize ')) return OPT.devirtualize;
      if (msg.startsWith('function ') && msg.endsWith(" considered 'big'; reducing max cost of inlinees")) {
        return OPT['big-function'];
      }
      return null;
    case 80: // P
      if (msg.startsWith('PGO devirtualizing ')) return OPT.devirtualize;
      return null;
    case 115: // s
      if (msg.startsWith('should not PGO devirtualize ')) return OPT.devirtualize;
      if (msg.startsWith('slice: omit slice operation')) return OPT['debug-dump'];
      return null;
    case 108: // l
      if (msg.startsWith('leaking param content: ')) {
        const p = msg.slice(23);
        return noSpace(p) ? { t: 'verdict', kind: 'leaking-param-content', subject: p } : null;
      }
      if (msg.startsWith('leaking param: ')) return parseLeak(msg.slice(15));
      if (msg.startsWith('loop variable ')) return OPT.loopvar;
      return null;
    case 109: // m
      if (msg.startsWith('moved to heap: ')) {
        const v = msg.slice(15);
        return noSpace(v) ? { t: 'verdict', kind: 'moved-to-heap', subject: v } : null;
      }
      if (msg.startsWith('mutates param: ')) return parseMut(msg);
      if (msg.startsWith('marking ')) return parseMarking(msg);
      return null;
    case 97: // a
      if (msg.startsWith('assuming ') && msg.endsWith(' is unsafe uintptr')) {
        const v = msg.slice(9, -18);
        return noSpace(v) ? { t: 'uintptr', kind: 'unsafe-uintptr', subject: v, variadic: false } : null;
      }
      if (msg.startsWith('alias analysis')) return OPT['debug-dump'];
      return null;
    case 122: // z
      return msg === 'zero-copy string->[]byte conversion' ? ZERO_COPY : null;
    case 101: // e
      if (msg === 'expr is unknown to bloop pass') return OPT['keep-alive'];
      return null;
    case 117: // u
      if (msg === 'unrecognized shape for assign list stmt for blank assignment') return OPT['keep-alive'];
      return null;
    case 114: // r
      if (msg.startsWith('rewriting OCONVIFACE value from ') || msg.startsWith('rewriting closure variable ')) {
        return OPT['debug-dump'];
      }
      return null;
    case 116: // t
      if (msg === 'too many errors') return COMPILE_ERROR;
      if (msg.startsWith('tail call emitted')) return OPT['debug-dump'];
      return null;
    case 66: // B
      return msg.startsWith('Before inlining: ') ? OPT['debug-dump'] : null;
    case 65: // A
      return msg.startsWith('After inlining ') ? OPT['debug-dump'] : null;
    case 91: // [
      return STMT_DUMP_RE.test(msg) ? OPT['debug-dump'] : null;
    default:
      return null;
  }
}

function classifyBySuffix(msg: string): Diag {
  const last = msg.charCodeAt(msg.length - 1);
  if (last === 58 /* : */) {
    if (msg.endsWith(ESC + ':')) {
      const subject = msg.slice(0, -ESC.length - 1);
      if (subject !== '') return { t: 'esc-header', subject, fn: null };
    }
    const i = msg.indexOf(ESC_HDR_IN);
    if (i > 0) return { t: 'esc-header', subject: msg.slice(0, i), fn: msg.slice(i + ESC_HDR_IN.length, -1) };
    return UNKNOWN;
  }
  if (last === 112 /* p */ && msg.endsWith(ESC)) {
    const subject = msg.slice(0, -ESC.length);
    return subject === '' ? UNKNOWN : { t: 'verdict', kind: 'escapes-to-heap', subject };
  }
  if (last === 108 /* l */ && msg.endsWith(NOMUT)) {
    const subject = msg.slice(0, -NOMUT.length);
    return noSpace(subject) ? { t: 'param-effect', kind: 'param-no-effect', subject, derefs: null } : UNKNOWN;
  }
  if (last === 101 /* e */) {
    if (msg.endsWith(NOESC)) {
      const subject = msg.slice(0, -NOESC.length);
      return subject === '' ? UNKNOWN : { t: 'verdict', kind: 'does-not-escape', subject };
    }
    if (msg.endsWith(' will be kept alive')) return OPT['keep-alive'];
    if (msg.endsWith(', not allowed in runtime')) return COMPILE_ERROR;
  }
  if (last === 100 /* d */ && msg.endsWith('; stack allocation disallowed')) return COMPILE_ERROR;
  if (last === 41 /* ) */ && msg.includes(' capturing by ')) {
    const m = CAPT_RE.exec(msg);
    if (m) {
      return {
        t: 'capture',
        fn: m[1] ?? '',
        byRef: m[2] === 'ref',
        subject: m[3] ?? '',
        addr: m[4] === 'true',
        assign: m[5] === 'true',
        width: Number(m[6]),
      };
    }
  }
  const self = msg.indexOf(' ignoring self-assignment in ');
  if (self > 0) return { t: 'self-assignment', fn: msg.slice(0, self), statement: msg.slice(self + 29) };
  if (msg.endsWith(' was modified') && msg.includes(' loop ending at ')) return OPT.loopvar;
  if (msg.endsWith(' looping label')) return OPT['debug-dump'];
  return UNKNOWN;
}

function parseCanInline(s: string): Diag {
  const i = s.indexOf(' with cost ');
  if (i < 0) return { t: 'can-inline', fn: s.endsWith(' as:') ? s.slice(0, -4) : s, cost: null };
  const m = COST_RE.exec(s.slice(i));
  return { t: 'can-inline', fn: s.slice(0, i), cost: m ? Number(m[1]) : null };
}

function parseCannotInline(s: string): Diag {
  const i = s.indexOf(': ');
  if (i <= 0) return UNKNOWN;
  let fn = s.slice(0, i);
  const reason = s.slice(i + 2);
  let caller: string | null = null;
  const into = fn.indexOf(' into ');
  if (into > 0 && reason === 'repeated recursive cycle') {
    caller = fn.slice(into + 6);
    fn = fn.slice(0, into);
  }
  const m = TOO_COMPLEX_RE.exec(reason);
  return {
    t: 'cannot-inline',
    fn,
    reason,
    cost: m ? Number(m[1]) : null,
    budget: m ? Number(m[2]) : null,
    caller,
  };
}

function parseParamHeader(msg: string): Diag | null {
  const m = LHDR_RE.exec(msg);
  if (!m) return null; // may still be `parameter escapes to heap:` (a variable called parameter)
  const { sink, fn } = splitSink(m[2] ?? '');
  return { t: 'param-header', subject: m[1] ?? '', sink, fn, derefs: Number(m[3]) };
}

function parseLeak(s: string): Diag | null {
  if (noSpace(s)) return { t: 'verdict', kind: 'leaking-param', subject: s };
  const m = LEAKR_RE.exec(s);
  if (!m) return null;
  return {
    t: 'verdict',
    kind: 'leaking-param-to-result',
    subject: m[1] ?? '',
    result: m[2] ?? '',
    level: Number(m[3]),
  };
}

function parseMut(msg: string): Diag | null {
  const m = MUT_RE.exec(msg);
  if (!m) return null;
  return {
    t: 'param-effect',
    kind: m[1] === 'mutates' ? 'param-mutates' : 'param-calls',
    subject: m[2] ?? '',
    derefs: Number(m[3]),
  };
}

function parseMarking(msg: string): Diag | null {
  let variadic = false;
  let v: string;
  if (msg.endsWith(' as escaping ...uintptr')) {
    variadic = true;
    v = msg.slice(8, -23);
  } else if (msg.endsWith(' as escaping uintptr')) {
    v = msg.slice(8, -20);
  } else return null;
  return noSpace(v) ? { t: 'uintptr', kind: 'escaping-uintptr', subject: v, variadic } : null;
}
