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
  /** The written type of each named parameter, result and receiver (`n` → `int`, `b` → `[]byte`). */
  declaredTypes: ReadonlyMap<string, string>;
}

export interface ScanOptions {
  /**
   * Go minor version of the compiler whose positions are being named, or null when unknown. Package-level
   * func literals are `init.func1` from Go 1.22 and `glob..func1` before; unknown means current naming.
   */
  goMinor?: number | null;
}

export interface GoSource {
  /** The text's lines (split on first use: few callers need them). */
  readonly lines: string[];
  tokens: Token[];
  /** In source order, so an enclosing function comes before the literals nested in it. */
  functions: GoFunction[];
  /** Names declared as methods (`func (r T) Name`) or interface methods (`Name(` inside `interface {}`). */
  methodNames: ReadonlySet<string>;
  /**
   * The file's imports by the name they bind (`slog` → `log/slog`, `u` → `net/url` for
   * `import u "net/url"`). Without an explicit name, the name is guessed from the path (see
   * importName); blank and dot imports bind none.
   */
  imports: ReadonlyMap<string, string>;
}

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;

// The Unicode classes are only consulted for non-ASCII characters.
/**
 * The character at `i` (code unit `c`, not a newline): (UTF-16 units << 3) | UTF-8 bytes. A
 * surrogate pair is one character of four bytes; a lone surrogate counts three bytes.
 */
function width(text: string, i: number, c: number): number {
  if (c < 0x80) return (1 << 3) | 1;
  if (c < 0x800) return (1 << 3) | 2;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) return (2 << 3) | 4;
  return (1 << 3) | 3;
}

/** The character at k as a string (two code units for a surrogate pair), for the Unicode tests. */
function charAt(text: string, k: number): string {
  const c = text.charCodeAt(k);
  return c >= 0xd800 && c <= 0xdbff && k + 1 < text.length && (text.charCodeAt(k + 1) & 0xfc00) === 0xdc00 ? text.slice(k, k + 2) : text.charAt(k);
}

function isIdentPart(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
  return k < text.length && IDENT_PART.test(charAt(text, k));
}

/**
 * Tokenise Go source. Unterminated literals end at the end of the text, never throw.
 *
 * The position is kept in local variables and advanced inline, ASCII first: the classifier
 * tokenises every file that holds a verdict, and a closure over the position (or a string per
 * character) cost more than the rest of its work. Columns count UTF-8 bytes.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let column = 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      i += 1;
      line += 1;
      column = 1;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i += 1;
      column += 1;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (c === 47 /* / */ && next === 47) {
      // Up to the newline, which the loop above takes.
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 10) break;
        const w = width(text, i, d);
        i += w >> 3;
        column += w & 7;
      }
      continue;
    }
    if (c === 47 /* / */ && next === 42 /* * */) {
      i += 2;
      column += 2;
      while (i < n && !(text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47)) {
        const d = text.charCodeAt(i);
        if (d === 10) {
          i += 1;
          line += 1;
          column = 1;
        } else {
          const w = width(text, i, d);
          i += w >> 3;
          column += w & 7;
        }
      }
      // Past `*/`, or past the end of an unterminated comment by two, as if it were there.
      i += 2;
      column += 2;
      continue;
    }
    const start = i;
    const startLine = line;
    const startColumn = column;
    let kind: TokenKind;
    if (c === 34 /* " */ || c === 39 /* ' */ || c === 96 /* ` */) {
      kind = 'string';
      i += 1;
      column += 1;
      // Interpreted literals end at their quote or the line's end; a backslash takes the next
      // character with it (a newline too). Raw literals run to their backquote.
      const raw = c === 96;
      while (i < n) {
        let d = text.charCodeAt(i);
        if (d === c || (!raw && d === 10)) break;
        if (!raw && d === 92 /* \ */) {
          i += 1;
          column += 1;
          if (i >= n) {
            // A backslash that ends the text escapes one more (missing) byte.
            i += 1;
            column += 1;
            break;
          }
          d = text.charCodeAt(i);
        }
        if (d === 10) {
          i += 1;
          line += 1;
          column = 1;
        } else {
          const w = width(text, i, d);
          i += w >> 3;
          column += w & 7;
        }
      }
      if (i < n && text.charCodeAt(i) === c) {
        i += 1;
        column += 1;
      }
    } else if (c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 : IDENT_START.test(charAt(text, i))) {
      kind = 'ident';
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < 128 ? !((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || d === 95 || (d >= 48 && d <= 57)) : !isIdentPart(text, i)) break;
        const w = width(text, i, d);
        i += w >> 3;
        column += w & 7;
      }
    } else if ((c >= 48 && c <= 57) || (c === 46 /* . */ && next >= 48 && next <= 57)) {
      kind = 'number';
      while (i < n && isNumberPart(text.charCodeAt(i))) {
        i += 1;
        column += 1;
      }
    } else {
      kind = 'punct';
      const w = width(text, i, c);
      i += w >> 3;
      column += w & 7;
    }
    tokens.push({ kind, text: text.slice(start, i), line: startLine, column: startColumn, endLine: line, endColumn: column });
  }
  return tokens;
}

/** [0-9A-Za-z_.] */
function isNumberPart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46;
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

/** Type text of a run of tokens: `[]byte`, `map[string]int`, `chan int`, `*pkg.T`. */
function typeText(tokens: readonly Token[]): string {
  let out = '';
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    if (prev !== undefined && prev.kind === 'ident' && t.kind === 'ident') out += ' ';
    out += t.text;
  });
  return out;
}

/** Name → written type for a parameter or result list `(a, b int, c string)`; empty when unnamed. */
function declaredTypesOf(tokens: readonly Token[], open: number, close: number): Map<string, string> {
  const out = new Map<string, string>();
  const groups = commaGroups(tokens, open, close);
  if (!groups.some((g) => g.length >= 2 && g[0]?.kind === 'ident' && g[1]?.text !== '.')) return out;
  let waiting: string[] = [];
  for (const g of groups) {
    const name = g[0];
    if (name?.kind !== 'ident') continue;
    waiting.push(name.text);
    if (g.length < 2) continue;
    // The tokenizer gives `...` as three `.` tokens.
    const variadic = g[1]?.text === '.' && g[2]?.text === '.' && g[3]?.text === '.';
    const type = typeText(g.slice(variadic ? 4 : 1));
    for (const n of waiting) out.set(n, variadic ? `[]${type}` : type);
    waiting = [];
  }
  return out;
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
export function scanGoSource(text: string, options: ScanOptions = {}): GoSource {
  const packageClosure = options.goMinor !== undefined && options.goMinor !== null && options.goMinor < 22 ? 'glob.' : 'init';
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
  const imports = new Map<string, string>();
  let globalClosures = 0;
  let braceDepth = 0;
  for (let k = 0; k < tokens.length; k++) {
    while (stack.length > 0 && k > (stack[stack.length - 1]?.closeIndex ?? Infinity)) stack.pop();
    const t = tokens[k];
    if (t === undefined) continue;
    if (t.kind === 'ident' && t.text === 'import' && braceDepth === 0) {
      k = readImports(tokens, k + 1, imports) - 1;
      continue;
    }
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
    const types = new Map<string, string>();
    if (topLevel) {
      let recv: string | null = null;
      if (tokens[m]?.text === '(') {
        const close = matchClose(tokens, m);
        recv = receiverType(tokens, m, close);
        params.push(...declaredNames(tokens, m, close));
        for (const [n, ty] of declaredTypesOf(tokens, m, close)) types.set(n, ty);
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
    for (const [n, ty] of declaredTypesOf(tokens, m, paramsClose)) types.set(n, ty);
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
        name = `${packageClosure}.func${globalClosures}`;
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
      declaredTypes: results === null ? types : new Map([...types, ...declaredTypesOf(tokens, results[0], results[1])]),
    };
    functions.push(fn);
    stack.push({ fn, closeIndex: bodyClose, closures: 0 });
    // continue at the body: func types in the signature are not literals
    k = body - 1;
  }
  let lines: string[] | undefined;
  return {
    get lines(): string[] {
      return (lines ??= text.split('\n'));
    },
    tokens,
    functions,
    methodNames,
    imports,
  };
}

/**
 * The name an import binds when the spec gives none: the package's name, which by convention is
 * the last element of its path, before a major-version element (`.../v2`) and without a
 * `.vN` suffix (`gopkg.in/yaml.v3`). A package named otherwise is not recognised, which only
 * means its qualified calls are taken for method calls.
 */
export function importName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? '';
  if (/^v[0-9]+$/.test(last) && parts.length > 1) last = parts[parts.length - 2] ?? '';
  return last.replace(/\.v[0-9]+$/, '');
}

/** Reads the import spec (or parenthesised group) starting at token k; returns the index after it. */
function readImports(tokens: readonly Token[], k: number, into: Map<string, string>): number {
  const spec = (m: number): number => {
    const first = tokens[m];
    if (first === undefined) return m;
    if (first.kind === 'string') {
      const path = first.text.slice(1, -1);
      into.set(importName(path), path);
      return m + 1;
    }
    const second = tokens[m + 1];
    if ((first.kind === 'ident' || first.text === '.') && second?.kind === 'string') {
      if (first.kind === 'ident' && first.text !== '_') into.set(first.text, second.text.slice(1, -1));
      return m + 2;
    }
    return m + 1;
  };
  if (tokens[k]?.text !== '(') return spec(k);
  const close = matchClose(tokens, k);
  for (let m = k + 1; m < close; ) m = tokens[m]?.text === ';' ? m + 1 : spec(m);
  return close + 1;
}

/** Functions by start position with the index of the function each is nested in (-1 at top level). */
interface Nesting {
  order: GoFunction[];
  parent: number[];
}

const NESTING = new WeakMap<GoSource, Nesting>();

function nesting(src: GoSource): Nesting {
  let n = NESTING.get(src);
  if (n !== undefined) return n;
  const order = [...src.functions].sort((a, b) => compare(a.line, a.column, b.line, b.column));
  const parent: number[] = [];
  const stack: number[] = [];
  order.forEach((fn, i) => {
    while (stack.length > 0) {
      const top = order[stack[stack.length - 1] ?? 0];
      if (top !== undefined && compare(fn.line, fn.column, top.endLine, top.endColumn) < 0) break;
      stack.pop();
    }
    parent.push(stack.length > 0 ? (stack[stack.length - 1] ?? -1) : -1);
    stack.push(i);
  });
  n = { order, parent };
  NESTING.set(src, n);
  return n;
}

/** The innermost function or func literal whose text contains the position (binary search, then up the nesting). */
export function enclosingFunction(src: GoSource, line: number, column: number): GoFunction | null {
  const { order, parent } = nesting(src);
  // strict at the start: a func literal reported at its own `func` keyword belongs to the outer function
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const fn = order[mid];
    if (fn !== undefined && compare(fn.line, fn.column, line, column) < 0) lo = mid + 1;
    else hi = mid;
  }
  let j = lo - 1;
  while (j >= 0) {
    const fn = order[j];
    if (fn !== undefined && compare(line, column, fn.endLine, fn.endColumn) < 0) return fn;
    j = parent[j] ?? -1;
  }
  return null;
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
  if (first === undefined || first.line !== line || first.column !== column) {
    // A line outside the file (a source edited since the build) ends within it.
    const shownLine = Math.min(Math.max(line, 1), Math.max(src.lines.length, 1));
    const lineText = src.lines[shownLine - 1] ?? '';
    return { endLine: shownLine, endColumn: Buffer.byteLength(lineText.replace(/\r$/, ''), 'utf8') + 1 };
  }
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

/** Token indexes [from, to) of a function's text. */
function tokenRange(src: GoSource, fn: GoFunction): [number, number] {
  return [tokenAt(src, fn.line, fn.column), tokenAt(src, fn.endLine, fn.endColumn)];
}

/** Whether `name` is used inside a func literal nested in `fn` (a -m=1 hint for closure capture). */
export function referencedInClosure(src: GoSource, fn: GoFunction, name: string): boolean {
  const [from, to] = tokenRange(src, fn);
  for (let k = from; k < to; k++) {
    const t = src.tokens[k];
    if (t === undefined || t.kind !== 'ident' || t.text !== name || src.tokens[k - 1]?.text === '.') continue;
    const inner = enclosingFunction(src, t.line, t.column);
    if (inner !== null && inner !== fn && inner.closure) return true;
  }
  return false;
}

/** Whether `&name` appears inside `fn` (a -m=1 hint for an address-taken variable). */
export function addressTaken(src: GoSource, fn: GoFunction, name: string): boolean {
  const [from, to] = tokenRange(src, fn);
  for (let k = Math.max(from, 1); k < to; k++) {
    const t = src.tokens[k];
    if (t !== undefined && t.kind === 'ident' && t.text === name && src.tokens[k - 1]?.text === '&') return true;
  }
  return false;
}

/** Declarations a file makes outside function bodies, and its struct fields, by name (null when a name has two types). */
export interface FileDeclarations {
  /** Package-level `var` and `const` names → written type (`string` for a string-literal constant). */
  values: ReadonlyMap<string, string | null>;
  /** Struct field names → written type. */
  fields: ReadonlyMap<string, string | null>;
  /** `type Name Underlying` → underlying type text (`struct` / `interface` for those). */
  types: ReadonlyMap<string, string | null>;
  /** Named struct type → its (non-embedded) field names. */
  typeFields: ReadonlyMap<string, ReadonlySet<string>>;
  /** Receiver type name → its method names. */
  typeMethods: ReadonlyMap<string, ReadonlySet<string>>;
}

function put(map: Map<string, string | null>, name: string, type: string | null): void {
  if (type === null || type === '') return;
  const old = map.get(name);
  map.set(name, old === undefined || old === type ? type : null);
}

/** The type a declaration's initialiser shows on its face: a literal, `string(...)`, `len(...)`. */
function literalType(tokens: readonly Token[], k: number): string | null {
  const t = tokens[k];
  if (t === undefined) return null;
  if (t.kind === 'string') return t.text.startsWith("'") ? 'rune' : 'string';
  if (t.kind === 'number') return /[.eEpP]/.test(t.text) && !/^0[xX][0-9a-fA-F_]*$/.test(t.text) ? 'float64' : 'int';
  if (t.kind === 'ident' && tokens[k + 1]?.text === '(') {
    if (t.text === 'len' || t.text === 'cap' || t.text === 'copy') return 'int';
    if (BASIC_VALUE_TYPES.has(t.text)) return t.text;
  }
  return null;
}

/** Tokens of a type that runs up to `=`, a line end, `;` or the closing bracket of its group. */
function typeUntilEnd(tokens: readonly Token[], from: number): Token[] {
  const out: Token[] = [];
  const first = tokens[from];
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k];
    if (t === undefined || t.line !== first?.line || (t.kind === 'punct' && ['=', ';', ')', '}', ','].includes(t.text))) break;
    if (t.kind === 'punct' && ['[', '('].includes(t.text)) {
      const close = matchClose(tokens, k);
      out.push(...tokens.slice(k, close + 1));
      k = close;
      continue;
    }
    if (t.kind === 'punct' && t.text === '{') break;
    out.push(t);
  }
  return out;
}

const BASIC_VALUE_TYPES: ReadonlySet<string> = new Set([
  'string', 'bool', 'byte', 'rune', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64',
  'uintptr', 'float32', 'float64', 'complex64', 'complex128',
]);

/**
 * Package-level values, struct fields and named types of a file: enough to tell a string `a + b`
 * from an arithmetic one when the operands are names. Not a type checker: shadowing and
 * cross-file ambiguity give null, and callers treat null as unknown.
 */
export function fileDeclarations(src: GoSource): FileDeclarations {
  const values = new Map<string, string | null>();
  const fields = new Map<string, string | null>();
  const types = new Map<string, string | null>();
  const typeFields = new Map<string, Set<string>>();
  const typeMethods = new Map<string, Set<string>>();
  for (const fn of src.functions) {
    const dot = fn.name.indexOf('.');
    if (fn.closure || dot < 0) continue;
    const set = typeMethods.get(fn.name.slice(0, dot)) ?? new Set<string>();
    set.add(fn.name.slice(dot + 1));
    typeMethods.set(fn.name.slice(0, dot), set);
  }
  // The struct token a `type Name struct` declaration is waiting for.
  let owner: { name: string; at: number } | null = null;
  const tokens = src.tokens;
  const insideFunction = (t: Token): boolean => enclosingFunction(src, t.line, t.column) !== null;
  // `name [, name] Type` or `name Type = ...` or `name = literal`, one spec per line.
  const spec = (k: number, into: Map<string, string | null>, inherited: string | null, collect: string[] = []): string | null => {
    const names: string[] = [];
    let m = k;
    while (tokens[m]?.kind === 'ident') {
      names.push(tokens[m]?.text ?? '');
      if (tokens[m + 1]?.text !== ',') break;
      m += 2;
    }
    const after = tokens[m + 1];
    let type: string | null;
    if (after === undefined || after.line !== tokens[m]?.line) type = inherited;
    else if (after.text === '=') type = literalType(tokens, m + 2);
    else type = typeText(typeUntilEnd(tokens, m + 1)) || null;
    for (const n of names) put(into, n, type);
    collect.push(...names);
    return type;
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t === undefined || t.kind !== 'ident') continue;
    if (t.text === 'type' && tokens[k + 1]?.kind === 'ident') {
      const name = tokens[k + 1]?.text ?? '';
      let m = k + 2;
      if (tokens[m]?.text === '[' && tokens[m + 1]?.kind === 'ident' && tokens[m + 2]?.kind === 'ident') m = matchClose(tokens, m) + 1; // type parameters
      if (tokens[m]?.text === '=') m += 1;
      const head = tokens[m]?.text;
      if (head === 'struct') owner = { name, at: m };
      put(types, name, head === 'struct' || head === 'interface' ? head : typeText(typeUntilEnd(tokens, m)) || null);
      continue;
    }
    if (t.text === 'struct' && tokens[k + 1]?.text === '{') {
      const close = matchClose(tokens, k + 1);
      const names: string[] = [];
      let m = k + 2;
      while (m < close) {
        const lineStart = tokens[m];
        if (lineStart?.kind === 'ident' && (tokens[m + 1]?.kind === 'ident' || tokens[m + 1]?.text === ',' || ['[', '*', '('].includes(tokens[m + 1]?.text ?? '')) && tokens[m + 1]?.text !== '.') {
          spec(m, fields, null, names);
        }
        // next line or `;`
        const line = lineStart?.line ?? 0;
        while (m < close && (tokens[m]?.line ?? 0) === line && tokens[m]?.text !== ';') {
          if (['{', '(', '['].includes(tokens[m]?.text ?? '')) m = matchClose(tokens, m);
          m += 1;
        }
        if (tokens[m]?.text === ';') m += 1;
      }
      if (owner !== null && owner.at === k) typeFields.set(owner.name, new Set(names));
      continue;
    }
    if ((t.text === 'var' || t.text === 'const') && !insideFunction(t)) {
      if (tokens[k + 1]?.text === '(') {
        const close = matchClose(tokens, k + 1);
        let inherited: string | null = null;
        let line = -1;
        for (let m = k + 2; m < close; m++) {
          const u = tokens[m];
          if (u === undefined || u.line === line) continue;
          line = u.line;
          if (u.kind === 'ident') inherited = spec(m, values, t.text === 'const' ? inherited : null);
        }
        k = close;
      } else if (tokens[k + 1]?.kind === 'ident') {
        spec(k + 1, values, null);
      }
    }
  }
  return { values, fields, types, typeFields, typeMethods };
}

/**
 * The written type of `name` as seen at a position inside a function: a parameter, result or
 * receiver of an enclosing function, or the nearest earlier `var name T` / `name := literal` in it.
 * Null when it is not declared there or the declaration does not show the type.
 */
export function localType(src: GoSource, line: number, column: number, name: string): string | null {
  const enclosing: GoFunction[] = [];
  for (let fn = enclosingFunction(src, line, column); fn !== null; fn = enclosingFunction(src, fn.line, fn.column)) enclosing.push(fn);
  if (enclosing.length === 0) return null;
  const tokens = src.tokens;
  const end = tokenAt(src, line, column);
  // Nearest local declaration, scanning back from the position to the innermost function's start.
  const start = tokenAt(src, enclosing[enclosing.length - 1]?.line ?? line, enclosing[enclosing.length - 1]?.column ?? column);
  for (let k = end - 1; k > start; k--) {
    const t = tokens[k];
    if (t === undefined || t.kind !== 'ident' || t.text !== name || tokens[k - 1]?.text === '.') continue;
    const next = tokens[k + 1]?.text;
    if (next === ':' && tokens[k + 2]?.text === '=' && tokens[k + 2]?.column === (tokens[k + 1]?.column ?? 0) + 1) {
      return tokens[k - 1]?.text === ',' ? null : literalType(tokens, k + 3);
    }
    if (tokens[k - 1]?.text === 'var') {
      if (next === '=') return literalType(tokens, k + 2);
      return typeText(typeUntilEnd(tokens, k + 1)) || null;
    }
  }
  for (const fn of enclosing) {
    const type = fn.declaredTypes.get(name);
    if (type !== undefined) return type;
  }
  return null;
}

/** `string` / `non-string` for a written type, following named types; null when unknown. */
export function stringness(type: string | null, types: ReadonlyMap<string, string | null>, depth = 0): 'string' | 'non-string' | null {
  if (type === null || depth > 4) return null;
  if (type === 'string') return 'string';
  if (BASIC_VALUE_TYPES.has(type)) return 'non-string';
  return stringness(types.get(type) ?? null, types, depth + 1);
}
