/**
 * A light Go source scanner: enough to name the function that encloses a compiler position,
 * find where the expression at a position ends, and read the callee in front of a `(`.
 *
 * It tokenises (skipping comments, and treating strings, raw strings and runes as single tokens)
 * instead of parsing, because the compiler has already type-checked the code: we only need
 * brace structure and a few keywords. Columns are 1-based UTF-8 byte columns, as the compiler
 * prints them; end columns are exclusive (one past the last byte).
 */

export type TokenKind = 'ident' | 'number' | 'string' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
  endLine: number;
  /** Exclusive. */
  endColumn: number;
}

export interface GoFunction {
  /** `Name`, `T.Name` for methods, `F.func1` / `F.func1.2` for closures, `glob..func1` at package level. */
  name: string;
  closure: boolean;
  /** Position of the `func` keyword. */
  line: number;
  column: number;
  /** Position just past the closing `}` of the body (exclusive). */
  endLine: number;
  endColumn: number;
  /** Declared result names (empty when results are unnamed). */
  namedResults: string[];
  /** Declared parameter names, receiver included. */
  params: string[];
}

export interface GoSource {
  lines: string[];
  tokens: Token[];
  functions: GoFunction[];
  /** Names declared as methods (`func (r T) Name`) or interface methods (`Name(` inside `interface {}`). */
  methodNames: ReadonlySet<string>;
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;

/** Tokenise Go source. Unterminated literals end at the end of the text, never throw. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let column = 1;
  const chars = Array.from(text);
  const advance = (): string => {
    const ch = chars[i] ?? '';
    i += 1;
    if (ch === '\n') {
      line += 1;
      column = 1;
    } else {
      column += utf8Length(ch.codePointAt(0) ?? 0);
    }
    return ch;
  };
  while (i < chars.length) {
    const ch = chars[i] ?? '';
    const next = chars[i + 1] ?? '';
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      advance();
      continue;
    }
    if (ch === '/' && next === '/') {
      while (i < chars.length && chars[i] !== '\n') advance();
      continue;
    }
    if (ch === '/' && next === '*') {
      advance();
      advance();
      while (i < chars.length && !(chars[i] === '*' && chars[i + 1] === '/')) advance();
      advance();
      advance();
      continue;
    }
    const startLine = line;
    const startColumn = column;
    let kind: TokenKind;
    let value = '';
    if (ch === '"' || ch === "'") {
      kind = 'string';
      value += advance();
      while (i < chars.length && chars[i] !== ch && chars[i] !== '\n') {
        if (chars[i] === '\\') value += advance();
        value += advance();
      }
      if (chars[i] === ch) value += advance();
    } else if (ch === '`') {
      kind = 'string';
      value += advance();
      while (i < chars.length && chars[i] !== '`') value += advance();
      if (chars[i] === '`') value += advance();
    } else if (IDENT_START.test(ch)) {
      kind = 'ident';
      while (i < chars.length && IDENT_PART.test(chars[i] ?? '')) value += advance();
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(next))) {
      kind = 'number';
      while (i < chars.length && /[0-9A-Za-z_.]/.test(chars[i] ?? '')) value += advance();
    } else {
      kind = 'punct';
      value = advance();
    }
    tokens.push({ kind, text: value, line: startLine, column: startColumn, endLine: line, endColumn: column });
  }
  return tokens;
}

function compare(aLine: number, aColumn: number, bLine: number, bColumn: number): number {
  return aLine !== bLine ? aLine - bLine : aColumn - bColumn;
}

/** Index of the token that closes the bracket opened at `open`, or the last token. */
function matchClose(tokens: readonly Token[], open: number): number {
  const opener = tokens[open]?.text;
  const closer = opener === '(' ? ')' : opener === '[' ? ']' : '}';
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k];
    if (t === undefined || t.kind !== 'punct') continue;
    if (t.text === opener) depth += 1;
    else if (t.text === closer) {
      depth -= 1;
      if (depth === 0) return k;
    }
  }
  return tokens.length - 1;
}

/** Split the tokens strictly between `open` and its closer into top-level comma groups. */
function commaGroups(tokens: readonly Token[], open: number, close: number): Token[][] {
  const groups: Token[][] = [[]];
  let depth = 0;
  for (let k = open + 1; k < close; k++) {
    const t = tokens[k];
    if (t === undefined) continue;
    if (t.kind === 'punct' && '([{'.includes(t.text)) depth += 1;
    if (t.kind === 'punct' && ')]}'.includes(t.text)) depth -= 1;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') groups.push([]);
    else groups[groups.length - 1]?.push(t);
  }
  return groups.filter((g) => g.length > 0);
}

/** Names declared in a parameter or result list `(a, b int, c string)`; [] when unnamed. */
function declaredNames(tokens: readonly Token[], open: number, close: number): string[] {
  const groups = commaGroups(tokens, open, close);
  const named = groups.some((g) => g.length >= 2 && g[0]?.kind === 'ident' && g[1]?.text !== '.');
  if (!named) return [];
  return groups.map((g) => g[0]).filter((t): t is Token => t?.kind === 'ident').map((t) => t.text);
}

/**
 * Skip a signature's results, starting after the parameter list: returns the index of the body's `{`,
 * or -1 when there is no body (a function type or a bodyless declaration).
 */
function findBody(tokens: readonly Token[], from: number): { body: number; results: [number, number] | null } {
  let k = from;
  let results: [number, number] | null = null;
  if (tokens[k]?.text === '(') {
    const close = matchClose(tokens, k);
    results = [k, close];
    k = close + 1;
  }
  for (; k < tokens.length; k++) {
    const t = tokens[k];
    if (t === undefined) break;
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) {
      k = matchClose(tokens, k);
      continue;
    }
    if (t.kind === 'punct' && t.text === '{') {
      const prev = tokens[k - 1]?.text;
      if (prev === 'interface' || prev === 'struct') {
        k = matchClose(tokens, k);
        continue;
      }
      return { body: k, results };
    }
    // A newline-terminated bodyless declaration or a func type in an expression ends here.
    if (t.kind === 'punct' && (t.text === ';' || t.text === ')' || t.text === ',' || t.text === '}' || t.text === '=')) break;
    if (t.kind === 'ident' && t.text === 'func' && tokens[k + 1]?.text === '(') {
      // a func type among the results: skip its parameter list
      k = matchClose(tokens, k + 1);
      continue;
    }
    const prevTok = tokens[k - 1];
    if (prevTok !== undefined && t.line > prevTok.endLine && k > from) break;
  }
  return { body: -1, results };
}

function receiverType(tokens: readonly Token[], open: number, close: number): string | null {
  const idents: string[] = [];
  let depth = 0;
  for (let k = open + 1; k < close; k++) {
    const t = tokens[k];
    if (t === undefined) continue;
    if (t.text === '[') depth += 1;
    else if (t.text === ']') depth -= 1;
    else if (depth === 0 && t.kind === 'ident') idents.push(t.text);
  }
  return idents.length >= 2 ? (idents[1] ?? null) : (idents[0] ?? null);
}

/** Scan a Go file: tokens, functions (declarations and func literals) and method names. */
export function scanGoSource(text: string): GoSource {
  const tokens = tokenize(text);
  const functions: GoFunction[] = [];
  const methodNames = new Set<string>();
  // Stack of open functions: the body's closing token index and a closure counter.
  interface Open {
    fn: GoFunction;
    closeIndex: number;
    closures: number;
  }
  const stack: Open[] = [];
  let globalClosures = 0;
  let braceDepth = 0;
  for (let k = 0; k < tokens.length; k++) {
    while (stack.length > 0 && k > (stack[stack.length - 1]?.closeIndex ?? Infinity)) stack.pop();
    const t = tokens[k];
    if (t === undefined) continue;
    if (t.kind === 'ident' && t.text === 'interface' && tokens[k + 1]?.text === '{') {
      const close = matchClose(tokens, k + 1);
      for (let m = k + 2; m < close; m++) {
        if (tokens[m]?.kind === 'ident' && tokens[m + 1]?.text === '(' && tokens[m - 1]?.text !== '.') {
          methodNames.add(tokens[m]?.text ?? '');
        }
      }
    }
    if (t.kind === 'punct' && t.text === '{') braceDepth += 1;
    if (t.kind === 'punct' && t.text === '}') braceDepth -= 1;
    if (t.kind !== 'ident' || t.text !== 'func') continue;
    // A declaration starts its line at package level; `var f = func() {}` is a literal.
    const prevTok = tokens[k - 1];
    const topLevel = stack.length === 0 && braceDepth === 0 && (prevTok === undefined || prevTok.endLine < t.line || prevTok.text === ';');
    let m = k + 1;
    let name: string | null = null;
    const params: string[] = [];
    if (topLevel) {
      let recv: string | null = null;
      if (tokens[m]?.text === '(') {
        const close = matchClose(tokens, m);
        recv = receiverType(tokens, m, close);
        params.push(...declaredNames(tokens, m, close));
        m = close + 1;
      }
      if (tokens[m]?.kind !== 'ident') continue;
      const base = tokens[m]?.text ?? '';
      if (recv !== null) methodNames.add(base);
      name = recv !== null ? `${recv}.${base}` : base;
      m += 1;
      if (tokens[m]?.text === '[') m = matchClose(tokens, m) + 1; // type parameters
    } else if (tokens[m]?.text !== '(') {
      continue;
    }
    if (tokens[m]?.text !== '(') continue;
    const paramsClose = matchClose(tokens, m);
    params.push(...declaredNames(tokens, m, paramsClose));
    const { body, results } = findBody(tokens, paramsClose + 1);
    if (body < 0) continue;
    const bodyClose = matchClose(tokens, body);
    const closeTok = tokens[bodyClose];
    const parent = stack[stack.length - 1];
    if (name === null) {
      if (parent !== undefined) {
        parent.closures += 1;
        name = parent.fn.closure ? `${parent.fn.name}.${parent.closures}` : `${parent.fn.name}.func${parent.closures}`;
      } else {
        globalClosures += 1;
        name = `glob..func${globalClosures}`;
      }
    }
    const fn: GoFunction = {
      name,
      closure: !topLevel,
      line: t.line,
      column: t.column,
      endLine: closeTok?.endLine ?? t.line,
      endColumn: closeTok?.endColumn ?? t.endColumn,
      namedResults: results === null ? [] : declaredNames(tokens, results[0], results[1]),
      params,
    };
    functions.push(fn);
    stack.push({ fn, closeIndex: bodyClose, closures: 0 });
    // continue at the body: func types in the signature are not literals
    k = body - 1;
  }
  return { lines: text.split('\n'), tokens, functions, methodNames };
}

/** The innermost function or func literal whose text contains the position. */
export function enclosingFunction(src: GoSource, line: number, column: number): GoFunction | null {
  let best: GoFunction | null = null;
  for (const fn of src.functions) {
    // strict at the start: a func literal reported at its own `func` keyword belongs to the outer function
    if (compare(fn.line, fn.column, line, column) < 0 && compare(line, column, fn.endLine, fn.endColumn) < 0) {
      if (best === null || compare(fn.line, fn.column, best.line, best.column) > 0) best = fn;
    }
  }
  return best;
}

/** Index of the first token that starts at or after the position. */
function tokenAt(src: GoSource, line: number, column: number): number {
  let lo = 0;
  let hi = src.tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = src.tokens[mid];
    if (t !== undefined && compare(t.line, t.column, line, column) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Extent {
  endLine: number;
  /** Exclusive UTF-8 byte column. */
  endColumn: number;
}

/**
 * Where the expression that starts at (line, column) ends: an identifier or selector chain, a call
 * or conversion with balanced parentheses, a composite literal with balanced braces, a func literal
 * header (up to its `{`), a literal, or the single operator token at the position (`a + b` is
 * reported at the `+`). Falls back to the end of the line when no token starts there.
 */
export function expressionExtent(src: GoSource, line: number, column: number, mode: 'expression' | 'identifier' = 'expression'): Extent {
  const k = tokenAt(src, line, column);
  const first = src.tokens[k];
  const lineText = src.lines[line - 1] ?? '';
  const endOfLine: Extent = { endLine: line, endColumn: Buffer.byteLength(lineText.replace(/\r$/, ''), 'utf8') + 1 };
  if (first === undefined || first.line !== line || first.column !== column) return endOfLine;
  const tokens = src.tokens;
  const end = (idx: number): Extent => {
    const t = tokens[idx] ?? first;
    return { endLine: t.endLine, endColumn: t.endColumn };
  };
  if (mode === 'identifier' || first.kind === 'string' || first.kind === 'number') return end(k);
  if (first.kind === 'ident' && first.text === 'func') {
    if (tokens[k + 1]?.text !== '(') return end(k);
    const close = matchClose(tokens, k + 1);
    const { body } = findBody(tokens, close + 1);
    return end(body > 0 ? body - 1 : close);
  }
  // Slice and map literals are reported at their `{`.
  if (first.kind === 'punct' && first.text === '{') return end(matchClose(tokens, k));
  if (first.kind === 'punct' && !['&', '.', '[', '(', '*'].includes(first.text)) return end(k);
  // Operand: optional `&`, a type or name chain, then call / index / composite-literal suffixes.
  let last = k;
  for (let m = k; m < tokens.length; m++) {
    const t = tokens[m];
    if (t === undefined) break;
    const prev = m > k ? tokens[m - 1] : undefined;
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) {
      m = matchClose(tokens, m);
      last = m;
      continue;
    }
    if (t.kind === 'punct' && t.text === '{') {
      // A composite literal follows a type name, `]`, or `struct{...}`; after `)` a `{` opens a block.
      if (prev?.text === 'interface' || prev?.text === 'struct' || prev?.kind === 'ident' || prev?.text === ']') {
        m = matchClose(tokens, m);
        last = m;
        continue;
      }
      break;
    }
    if (t.kind === 'punct' && t.text === '.' && tokens[m + 1]?.kind === 'ident') {
      m += 1;
      last = m;
      continue;
    }
    if (t.kind === 'punct' && (t.text === '&' || t.text === '*') && (m === k || prev?.text === ']' || prev?.text === '&' || prev?.text === '*')) {
      continue;
    }
    if (t.kind === 'ident' && (m === k || prev?.text === ']' || prev?.text === '*' || prev?.text === '&' || prev?.text === 'map' || prev?.text === 'chan')) {
      last = m;
      continue;
    }
    break;
  }
  return end(last);
}

/**
 * When the token at the position is `(`, the dotted name called there (`fmt.Println`, `t.Write`).
 * The compiler positions a call parameter note at the call's opening parenthesis.
 */
export function calleeAt(src: GoSource, line: number, column: number): string | null {
  const k = tokenAt(src, line, column);
  const t = src.tokens[k];
  if (t === undefined || t.line !== line || t.column !== column || t.text !== '(') return null;
  const parts: string[] = [];
  let m = k - 1;
  if (src.tokens[m]?.text === ']') m = matchOpen(src.tokens, m) - 1; // explicit instantiation f[int](
  while (m >= 0 && src.tokens[m]?.kind === 'ident') {
    parts.unshift(src.tokens[m]?.text ?? '');
    if (src.tokens[m - 1]?.text !== '.') break;
    m -= 2;
  }
  return parts.length > 0 ? parts.join('.') : null;
}

function matchOpen(tokens: readonly Token[], close: number): number {
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    const t = tokens[k];
    if (t?.text === ']') depth += 1;
    else if (t?.text === '[') {
      depth -= 1;
      if (depth === 0) return k;
    }
  }
  return 0;
}

/** The token just before the position (e.g. `go` / `defer` in front of a statement). */
export function tokenBefore(src: GoSource, line: number, column: number): string | null {
  const k = tokenAt(src, line, column);
  return src.tokens[k - 1]?.text ?? null;
}

/** The start of the statement that contains the token at the position: its first keyword. */
export function statementKeyword(src: GoSource, line: number, column: number): string | null {
  const k = tokenAt(src, line, column);
  const t = src.tokens[k];
  if (t === undefined) return null;
  // Walk back over tokens on the same line until a statement boundary.
  let m = k - 1;
  while (m >= 0) {
    const p = src.tokens[m];
    if (p === undefined || p.endLine < t.line || p.text === ';' || p.text === '{' || p.text === '}') break;
    m -= 1;
  }
  const head = src.tokens[m + 1];
  return head !== undefined && head.kind === 'ident' ? head.text : null;
}

/** Whether `name` is used inside a func literal nested in `fn` (a -m=1 hint for closure capture). */
export function referencedInClosure(src: GoSource, fn: GoFunction, name: string): boolean {
  const inner = src.functions.filter(
    (f) => f.closure && compare(fn.line, fn.column, f.line, f.column) < 0 && compare(f.endLine, f.endColumn, fn.endLine, fn.endColumn) <= 0,
  );
  for (let k = 0; k < src.tokens.length; k++) {
    const t = src.tokens[k];
    if (t === undefined || t.kind !== 'ident' || t.text !== name || src.tokens[k - 1]?.text === '.') continue;
    if (inner.some((f) => compare(f.line, f.column, t.line, t.column) < 0 && compare(t.line, t.column, f.endLine, f.endColumn) < 0)) {
      return true;
    }
  }
  return false;
}

/** Whether `&name` appears inside `fn` (a -m=1 hint for an address-taken variable). */
export function addressTaken(src: GoSource, fn: GoFunction, name: string): boolean {
  for (let k = 1; k < src.tokens.length; k++) {
    const t = src.tokens[k];
    if (t === undefined || t.kind !== 'ident' || t.text !== name) continue;
    if (src.tokens[k - 1]?.text !== '&') continue;
    if (compare(fn.line, fn.column, t.line, t.column) < 0 && compare(t.line, t.column, fn.endLine, fn.endColumn) < 0) return true;
  }
  return false;
}
