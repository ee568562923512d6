/**
 * Just enough of a Go file's layout for contracts: top-level function declarations with their
 * doc-comment lines and exact extents, each line's kind (blank / comment / code), and the
 * identifier-followed-by-`(` call candidates in code. Works on UTF-8 bytes, so every column is
 * the compiler's 1-based byte column. Comments and literals are masked before anything is
 * looked for, so `hash(` inside a string or comment is never a call.
 */

export interface SourcePoint {
  line: number;
  column: number;
}

export interface FuncDecl {
  /** The compiler's spelling: `hash`, `(*Digest).Write`, `Digest.Write`. */
  compilerName: string;
  /** Bare identifier: `hash`, `Write`. */
  name: string;
  /** Receiver base type for methods (`Digest`), else null. */
  receiver: string | null;
  /** Position of the name. */
  namePos: SourcePoint;
  /**
   * Where the compiler prints `can inline` / `cannot inline` for it: the first token after
   * `func`, which is the name of a function but the receiver's `(` of a method.
   */
  declPos: SourcePoint;
  /** The `func` keyword. */
  start: SourcePoint;
  /** The closing `}` of the body, or the end of the signature for body-less functions. */
  end: SourcePoint;
}

export type LineKind = 'blank' | 'comment' | 'code';

export interface CallCandidate {
  /** Identifier immediately before the `(`. */
  name: string;
  /** True when written `x.name(`. */
  qualified: boolean;
  /** The identifier. */
  start: SourcePoint;
  /** The `(`: the compiler positions a call at its left parenthesis. */
  lparen: SourcePoint;
}

export interface GoLayout {
  funcs: FuncDecl[];
  /** Index 0 is line 1. */
  lineKinds: LineKind[];
  calls: CallCandidate[];
}

const NL = 0x0a;

function isIdentByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b >= 0x80;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d;
}

/** Copy of `bytes` with comments and string/rune literal contents replaced by spaces (newlines kept). */
function mask(bytes: Uint8Array): { code: Uint8Array; commentBytes: Uint8Array } {
  const code = Uint8Array.from(bytes);
  // 1 where a byte belongs to a comment; lets line classification tell comments from blanks.
  const commentBytes = new Uint8Array(bytes.length);
  const blank = (from: number, to: number, comment: boolean): void => {
    for (let k = from; k < to; k++) {
      if (code[k] !== NL) code[k] = 0x20;
      if (comment) commentBytes[k] = 1;
    }
  };
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const next = bytes[i + 1];
    if (b === 0x2f && next === 0x2f) {
      let j = i;
      while (j < bytes.length && bytes[j] !== NL) j++;
      blank(i, j, true);
      i = j;
    } else if (b === 0x2f && next === 0x2a) {
      let j = i + 2;
      while (j < bytes.length && !(bytes[j] === 0x2a && bytes[j + 1] === 0x2f)) j++;
      j = Math.min(bytes.length, j + 2);
      blank(i, j, true);
      i = j;
    } else if (b === 0x60) {
      let j = i + 1;
      while (j < bytes.length && bytes[j] !== 0x60) j++;
      blank(i + 1, j, false);
      i = j + 1;
    } else if (b === 0x22 || b === 0x27) {
      let j = i + 1;
      while (j < bytes.length && bytes[j] !== b && bytes[j] !== NL) j += bytes[j] === 0x5c ? 2 : 1;
      blank(i + 1, Math.min(j, bytes.length), false);
      i = j + 1;
    } else {
      i++;
    }
  }
  return { code, commentBytes };
}

class Cursor {
  private readonly lineStarts: number[] = [0];

  constructor(readonly code: Uint8Array) {
    for (let i = 0; i < code.length; i++) if (code[i] === NL) this.lineStarts.push(i + 1);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  lineStart(line: number): number {
    return this.lineStarts[line - 1]!;
  }

  lineEnd(line: number): number {
    return line < this.lineStarts.length ? this.lineStarts[line]! - 1 : this.code.length;
  }

  point(offset: number): SourcePoint {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
}

function skipSpace(code: Uint8Array, i: number, newlines: boolean): number {
  while (i < code.length && (isSpace(code[i]!) || (newlines && code[i] === NL))) i++;
  return i;
}

function readIdent(code: Uint8Array, i: number): string {
  let j = i;
  while (j < code.length && isIdentByte(code[j]!)) j++;
  return Buffer.from(code.subarray(i, j)).toString('utf8');
}

/** Offset just past the bracket that closes the one at `open`. */
function skipBalanced(code: Uint8Array, open: number): number {
  const opener = code[open]!;
  const closer = opener === 0x28 ? 0x29 : opener === 0x5b ? 0x5d : 0x7d;
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === opener) depth++;
    else if (code[i] === closer && --depth === 0) return i + 1;
  }
  return UNCLOSED;
}

/**
 * What skipBalanced returns for a bracket that never closes: a declaration with one did not
 * compile (the source changed since the build), and taken as running to the end of the file it
 * would swallow the declarations after it.
 */
const UNCLOSED = -1;

/** `d *Digest[T]` → `{ base: 'Digest', pointer: true }`. */
function receiverType(text: string): { base: string; pointer: boolean } | null {
  const withoutParams = text.replace(/\[[^\]]*\]/g, '').trim();
  const m = /(\*?)\s*([\p{L}_][\p{L}\p{N}_]*)\s*$/u.exec(withoutParams);
  return m ? { base: m[2]!, pointer: m[1] === '*' } : null;
}

/** Parses the declaration whose `func` keyword is at `at`; returns null for anything unexpected. */
function parseFunc(cur: Cursor, at: number): FuncDecl | null {
  const code = cur.code;
  let i = skipSpace(code, at + 4, false);
  const declPos = cur.point(i);
  let receiver: { base: string; pointer: boolean } | null = null;
  if (code[i] === 0x28) {
    const close = skipBalanced(code, i);
    if (close === UNCLOSED) return null;
    receiver = receiverType(Buffer.from(code.subarray(i + 1, close - 1)).toString('utf8'));
    if (receiver === null) return null;
    i = skipSpace(code, close, false);
  }
  const name = readIdent(code, i);
  if (name === '') return null;
  const namePos = cur.point(i);
  i += Buffer.byteLength(name);
  // Signature: type parameters, parameters, results. The body is the first `{` outside any
  // bracket that does not open a struct/interface type literal.
  let lastWord = '';
  while (i < code.length) {
    const b = code[i]!;
    if (b === 0x28 || b === 0x5b) {
      i = skipBalanced(code, i);
      if (i === UNCLOSED) return null;
      lastWord = '';
    } else if (b === 0x7b) {
      if (lastWord === 'struct' || lastWord === 'interface') {
        i = skipBalanced(code, i);
        if (i === UNCLOSED) return null;
        lastWord = '';
        continue;
      }
      const close = skipBalanced(code, i);
      if (close === UNCLOSED) return null;
      return finish(cur, name, receiver, namePos, declPos, at, close - 1);
    } else if (b === NL || b === 0x3b) {
      // A body-less (assembly or linkname) declaration ends with the line.
      return finish(cur, name, receiver, namePos, declPos, at, i - 1);
    } else if (isIdentByte(b)) {
      lastWord = readIdent(code, i);
      i += Buffer.byteLength(lastWord);
    } else {
      if (!isSpace(b)) lastWord = '';
      i++;
    }
  }
  return finish(cur, name, receiver, namePos, declPos, at, code.length - 1);
}

function finish(
  cur: Cursor,
  name: string,
  receiver: { base: string; pointer: boolean } | null,
  namePos: SourcePoint,
  declPos: SourcePoint,
  start: number,
  end: number,
): FuncDecl {
  const compilerName = receiver === null ? name : receiver.pointer ? `(*${receiver.base}).${name}` : `${receiver.base}.${name}`;
  return { compilerName, name, receiver: receiver?.base ?? null, namePos, declPos, start: cur.point(start), end: cur.point(Math.max(start, end)) };
}

/** Layout of one Go source file. */
export function scanGoLayout(source: string): GoLayout {
  const bytes = Buffer.from(source, 'utf8');
  const { code, commentBytes } = mask(bytes);
  const cur = new Cursor(code);

  const lineKinds: LineKind[] = [];
  for (let line = 1; line <= cur.lineCount; line++) {
    let kind: LineKind = 'blank';
    for (let k = cur.lineStart(line); k < cur.lineEnd(line); k++) {
      if (!isSpace(code[k]!)) {
        kind = 'code';
        break;
      }
      if (commentBytes[k] === 1) kind = 'comment';
    }
    lineKinds.push(kind);
  }

  const funcs: FuncDecl[] = [];
  const calls: CallCandidate[] = [];
  let depth = 0;
  let i = 0;
  while (i < code.length) {
    const b = code[i]!;
    if (b === 0x7b) depth++;
    else if (b === 0x7d) depth = Math.max(0, depth - 1);
    if (!isIdentByte(b)) {
      i++;
      continue;
    }
    const word = readIdent(code, i);
    const len = Buffer.byteLength(word);
    const before = i > 0 ? code[i - 1]! : 0;
    if (word === 'func' && depth === 0 && (i === 0 || code[i - 1] === NL)) {
      const decl = parseFunc(cur, i);
      if (decl) funcs.push(decl);
    }
    const after = skipSpace(code, i + len, false);
    if (code[after] === 0x28 && !/^[0-9]/.test(word)) {
      calls.push({ name: word, qualified: before === 0x2e, start: cur.point(i), lparen: cur.point(after) });
    }
    i += len;
  }
  return { funcs, lineKinds, calls };
}

/** Compares two points: negative when `a` comes first. */
export function comparePoints(a: SourcePoint, b: SourcePoint): number {
  return a.line - b.line || a.column - b.column;
}

/** The innermost top-level function whose extent holds `p` (functions do not nest at top level). */
export function enclosingFunc(funcs: readonly FuncDecl[], p: { line: number; column: number | null }): FuncDecl | null {
  for (const f of funcs) {
    const col = p.column ?? 0;
    const afterStart = p.line > f.start.line || (p.line === f.start.line && (p.column === null || col >= f.start.column));
    const beforeEnd = p.line < f.end.line || (p.line === f.end.line && (p.column === null || col <= f.end.column));
    if (afterStart && beforeEnd) return f;
  }
  return null;
}
