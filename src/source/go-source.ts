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

const KINDS: readonly TokenKind[] = ['ident', 'number', 'string', 'punct'];
const IDENT = 0;
const NUMBER = 1;
const STRING = 2;
const PUNCT = 3;
const FIELDS = 7;

/**
 * The tokens of one file as columns of numbers, not an object and a string per token: the
 * classifier scans every file that holds a verdict and keeps the most recent ones, and token
 * objects were most of what it allocated. A token's text is cut from the source only when asked
 * for (`text`); `is` compares in place.
 */
export class Tokens {
  count = 0;
  /** FIELDS numbers per token: kind, start, end (UTF-16 indexes), line, column, end line, end column. */
  private data: Int32Array;

  constructor(readonly source: string) {
    // About one token per four characters of Go: one allocation for most files.
    this.data = new Int32Array(FIELDS * (16 + (source.length >> 2)));
  }

  push(kind: number, start: number, end: number, line: number, column: number, endLine: number, endColumn: number): void {
    let at = this.count * FIELDS;
    if (at + FIELDS > this.data.length) {
      const bigger = new Int32Array(2 * this.data.length);
      bigger.set(this.data);
      this.data = bigger;
    }
    const d = this.data;
    d[at++] = kind;
    d[at++] = start;
    d[at++] = end;
    d[at++] = line;
    d[at++] = column;
    d[at++] = endLine;
    d[at] = endColumn;
    this.count++;
  }

  has(k: number): boolean {
    return k >= 0 && k < this.count;
  }

  private field(k: number, f: number): number {
    return this.data[k * FIELDS + f] ?? 0;
  }

  /** The kind of token k; undefined past either end. */
  kind(k: number): TokenKind | undefined {
    return this.has(k) ? KINDS[this.field(k, 0)] : undefined;
  }

  isIdent(k: number): boolean {
    return this.has(k) && this.field(k, 0) === IDENT;
  }

  isPunct(k: number): boolean {
    return this.has(k) && this.field(k, 0) === PUNCT;
  }

  /** The text of token k (cut from the source); undefined past either end. */
  text(k: number): string | undefined {
    return this.has(k) ? this.source.slice(this.field(k, 1), this.field(k, 2)) : undefined;
  }

  /** The source from token `first` through token `last`, as written (spaces between them kept). */
  span(first: number, last: number): string {
    return this.has(first) && this.has(last) ? this.source.slice(this.field(first, 1), this.field(last, 2)) : '';
  }

  /** Whether token k is exactly `text` (false past either end). */
  is(k: number, text: string): boolean {
    if (!this.has(k)) return false;
    const start = this.field(k, 1);
    if (this.field(k, 2) - start !== text.length) return false;
    return text.length === 1 ? this.source.charCodeAt(start) === text.charCodeAt(0) : this.source.startsWith(text, start);
  }

  /** Whether token k is one of the one-character tokens in `chars`. */
  isOneOf(k: number, chars: string): boolean {
    if (!this.has(k)) return false;
    const start = this.field(k, 1);
    if (this.field(k, 2) - start !== 1) return false;
    const c = this.source.charCodeAt(start);
    for (let i = 0; i < chars.length; i++) if (chars.charCodeAt(i) === c) return true;
    return false;
  }

  line(k: number): number {
    return this.field(k, 3);
  }

  column(k: number): number {
    return this.field(k, 4);
  }

  endLine(k: number): number {
    return this.field(k, 5);
  }

  endColumn(k: number): number {
    return this.field(k, 6);
  }

  /** Token k as an object (tests and tools; the scanner never builds them). */
  token(k: number): Token {
    return {
      kind: this.kind(k) ?? 'punct',
      text: this.text(k) ?? '',
      line: this.line(k),
      column: this.column(k),
      endLine: this.endLine(k),
      endColumn: this.endColumn(k),
    };
  }
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
  /** A generic function or a method of a generic type: its code gets a dictionary, which its closures capture. */
  generic?: true;
  /** The written type of its only result (`uint64`, `[]byte`), when it has exactly one. */
  result?: string;
  /** The written type of each result, in order (`(bool, error)`, `(n, m int)`), when it has several. */
  results?: string[];
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
  tokens: Tokens;
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
  /** The paths the file imports with `.` (their names are not bound, but the compiler prints them). */
  dotImports: readonly string[];
  /** The name in the file's `package` clause, or null when it has none. */
  packageName: string | null;
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

/** Where advanceOver leaves the position: line, then column. */
const POSITION = new Int32Array(2);

/** The position after text[from, to) from (line, column), into POSITION (two numbers, no object). */
function advanceOver(text: string, from: number, to: number, line: number, column: number): void {
  let i = from;
  while (i < to) {
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
  POSITION[0] = line;
  POSITION[1] = column;
}

/** Where literalEnd leaves its answer: the end, then the bytes missing. */
const LITERAL = new Int32Array(2);

/**
 * Where the literal whose quote `c` is at `from` stops, before its closing quote (into LITERAL
 * with the bytes it misses). Interpreted literals end at their quote or the line's end; a
 * backslash takes the next character with it (a newline too), and one that ends the text
 * escapes one more (missing) byte. Raw literals run to their backquote. A function of its own,
 * as literals are rare beside identifiers: tokenTable's loop is not recompiled for them.
 */
function literalEnd(text: string, from: number, c: number): void {
  const n = text.length;
  let j = from + 1;
  let missing = 0;
  if (c === 96) {
    const close = text.indexOf('`', j);
    j = close < 0 ? n : close;
  } else {
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === c || d === 10) break;
      if (d !== 92 /* \ */) j += 1;
      else if (j + 1 < n) j += 2;
      else {
        j = n;
        missing = 1;
      }
    }
  }
  LITERAL[0] = j;
  LITERAL[1] = missing;
}

/**
 * Tokenise Go source. Unterminated literals end at the end of the text, never throw.
 *
 * The position is kept in local variables and advanced inline, ASCII first: the classifier
 * tokenises every file that holds a verdict, and a closure over the position (or a string per
 * character) cost more than the rest of its work. Columns count UTF-8 bytes.
 */
export function tokenize(text: string): Token[] {
  const table = tokenTable(text);
  const out: Token[] = [];
  for (let k = 0; k < table.count; k++) out.push(table.token(k));
  return out;
}

/** The tokens of `text` as a table (see tokenize for the rules). */
export function tokenTable(text: string): Tokens {
  const tokens = new Tokens(text);
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
      const nl = text.indexOf('\n', i);
      const stop = nl < 0 ? n : nl;
      advanceOver(text, i, stop, line, column);
      column = POSITION[1] ?? column;
      i = stop;
      continue;
    }
    if (c === 47 /* / */ && next === 42 /* * */) {
      // Past `*/`, or past the end of an unterminated comment by two, as if it were there.
      const close = text.indexOf('*/', i + 2);
      const stop = close < 0 ? n : close;
      advanceOver(text, i + 2, stop, line, column + 2);
      line = POSITION[0] ?? line;
      column = (POSITION[1] ?? column) + 2;
      i = stop + 2;
      continue;
    }
    const start = i;
    const startLine = line;
    const startColumn = column;
    let kind: number;
    if (c === 34 /* " */ || c === 39 /* ' */ || c === 96 /* ` */) {
      kind = STRING;
      literalEnd(text, i, c);
      const j = LITERAL[0] ?? n;
      const missing = LITERAL[1] ?? 0;
      advanceOver(text, i + 1, j, line, column + 1);
      line = POSITION[0] ?? line;
      column = (POSITION[1] ?? column) + missing;
      i = j;
      if (i < n && text.charCodeAt(i) === c) {
        i += 1;
        column += 1;
      }
    } else if (c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 : IDENT_START.test(charAt(text, i))) {
      kind = IDENT;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < 128 ? !((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || d === 95 || (d >= 48 && d <= 57)) : !isIdentPart(text, i)) break;
        const w = width(text, i, d);
        i += w >> 3;
        column += w & 7;
      }
    } else if ((c >= 48 && c <= 57) || (c === 46 /* . */ && next >= 48 && next <= 57)) {
      kind = NUMBER;
      while (i < n && isNumberPart(text.charCodeAt(i))) {
        i += 1;
        column += 1;
      }
    } else {
      kind = PUNCT;
      const w = width(text, i, c);
      i += w >> 3;
      column += w & 7;
    }
    // A literal left open at the end of the text ends with it (its position may run past).
    tokens.push(kind, start, Math.min(i, n), startLine, startColumn, line, column);
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
function matchClose(tokens: Tokens, open: number): number {
  const opener = tokens.isPunct(open) ? tokens.text(open) : undefined;
  const closer = opener === '(' ? ')' : opener === '[' ? ']' : '}';
  let depth = 0;
  for (let k = open; k < tokens.count; k++) {
    if (!tokens.isPunct(k)) continue;
    if (opener !== undefined && tokens.is(k, opener)) depth += 1;
    else if (tokens.is(k, closer)) {
      depth -= 1;
      if (depth === 0) return k;
    }
  }
  return tokens.count - 1;
}

/** The token indexes strictly between `open` and its closer, split into top-level comma groups. */
function commaGroups(tokens: Tokens, open: number, close: number): number[][] {
  const groups: number[][] = [[]];
  let depth = 0;
  for (let k = open + 1; k < close; k++) {
    if (!tokens.has(k)) continue;
    if (tokens.isPunct(k) && tokens.isOneOf(k, '([{')) depth += 1;
    if (tokens.isPunct(k) && tokens.isOneOf(k, ')]}')) depth -= 1;
    if (depth === 0 && tokens.isPunct(k) && tokens.is(k, ',')) groups.push([]);
    else groups[groups.length - 1]?.push(k);
  }
  return groups.filter((g) => g.length > 0);
}

/** Whether a group list declares names (`a int`), not only types (`int`, `pkg.T`). */
function namedGroups(tokens: Tokens, groups: readonly (readonly number[])[]): boolean {
  // `x T`, or `xs ...T` (a `pkg.T` alone is a type: one dot).
  const variadic = (g: readonly number[]): boolean => tokens.is(g[1] ?? -1, '.') && tokens.is(g[2] ?? -1, '.') && tokens.is(g[3] ?? -1, '.');
  return groups.some((g) => g.length >= 2 && tokens.isIdent(g[0] ?? -1) && (!tokens.is(g[1] ?? -1, '.') || variadic(g)));
}

/** Names declared in a parameter or result list `(a, b int, c string)`; [] when unnamed. */
function declaredNames(tokens: Tokens, open: number, close: number): string[] {
  const groups = commaGroups(tokens, open, close);
  if (!namedGroups(tokens, groups)) return [];
  const out: string[] = [];
  for (const g of groups) {
    const first = g[0] ?? -1;
    if (tokens.isIdent(first)) out.push(tokens.text(first) ?? '');
  }
  return out;
}

/** Type text of a run of tokens: `[]byte`, `map[string]int`, `chan int`, `*pkg.T`. */
function typeText(tokens: Tokens, run: readonly number[]): string {
  let out = '';
  run.forEach((k, i) => {
    const prev = run[i - 1];
    if (prev !== undefined && tokens.isIdent(prev) && tokens.isIdent(k)) out += ' ';
    out += tokens.text(k) ?? '';
  });
  return out;
}

/** Name → written type for a parameter or result list `(a, b int, c string)`; empty when unnamed. */
function declaredTypesOf(tokens: Tokens, open: number, close: number): Map<string, string> {
  const out = new Map<string, string>();
  const groups = commaGroups(tokens, open, close);
  if (!namedGroups(tokens, groups)) return out;
  let waiting: string[] = [];
  for (const g of groups) {
    const name = g[0] ?? -1;
    if (!tokens.isIdent(name)) continue;
    waiting.push(tokens.text(name) ?? '');
    if (g.length < 2) continue;
    // The tokenizer gives `...` as three `.` tokens.
    const variadic = tokens.is(g[1] ?? -1, '.') && tokens.is(g[2] ?? -1, '.') && tokens.is(g[3] ?? -1, '.');
    const type = typeText(tokens, g.slice(variadic ? 4 : 1));
    for (const n of waiting) out.set(n, variadic ? `[]${type}` : type);
    waiting = [];
  }
  return out;
}

/**
 * Skip a signature's results, starting after the parameter list: returns the index of the body's `{`,
 * or -1 when there is no body (a function type or a bodyless declaration).
 */
function findBody(tokens: Tokens, from: number): { body: number; results: [number, number] | null } {
  let k = from;
  let results: [number, number] | null = null;
  if (tokens.is(k, '(')) {
    const close = matchClose(tokens, k);
    results = [k, close];
    k = close + 1;
  }
  for (; k < tokens.count; k++) {
    if (!tokens.has(k)) break;
    // A signature that ends its line ends there (a func type, a declaration without a body): what
    // follows, a method declaration's `func (` included, is another statement.
    if (tokens.has(k - 1) && tokens.line(k) > tokens.endLine(k - 1)) break;
    const punct = tokens.isPunct(k);
    if (punct && (tokens.is(k, '(') || tokens.is(k, '['))) {
      k = matchClose(tokens, k);
      continue;
    }
    if (punct && tokens.is(k, '{')) {
      if (tokens.is(k - 1, 'interface') || tokens.is(k - 1, 'struct')) {
        k = matchClose(tokens, k);
        continue;
      }
      return { body: k, results };
    }
    // A newline-terminated bodyless declaration or a func type in an expression ends here.
    if (punct && tokens.isOneOf(k, ';),}=')) break;
    if (tokens.isIdent(k) && tokens.is(k, 'func') && tokens.is(k + 1, '(')) {
      // a func type among the results: skip its parameter list
      k = matchClose(tokens, k + 1);
      continue;
    }
  }
  return { body: -1, results };
}

/** The types of a parenthesized result list, in order (`(a, b int, err error)` → int, int, error); null when a group is not understood. */
function resultTypes(tokens: Tokens, results: [number, number]): string[] | null {
  const groups = commaGroups(tokens, results[0], results[1]);
  if (!namedGroups(tokens, groups)) return groups.map((g) => typeText(tokens, g));
  const types = declaredTypesOf(tokens, results[0], results[1]);
  const out: string[] = [];
  for (const name of declaredNames(tokens, results[0], results[1])) {
    const type = types.get(name);
    if (type === undefined) return null;
    out.push(type);
  }
  return out.length === groups.length ? out : null;
}

/** The type of a signature's only result: `T` between the parameters and the body, or `(T)` / `(n T)`; null for none or several. */
function onlyResult(tokens: Tokens, from: number, body: number, results: [number, number] | null): string | null {
  if (results === null) {
    const run: number[] = [];
    for (let k = from; k < body; k++) run.push(k);
    return run.length === 0 ? null : typeText(tokens, run);
  }
  const groups = commaGroups(tokens, results[0], results[1]);
  const only = groups.length === 1 ? groups[0] : undefined;
  if (only === undefined) return null;
  // `(n T)`: a name, then its type (a lone `pkg.T` is a type).
  const named = only.length >= 2 && tokens.isIdent(only[0] ?? -1) && !GO_KEYWORDS.has(tokens.text(only[0] ?? -1) ?? '') && !tokens.is(only[1] ?? -1, '.');
  return typeText(tokens, named ? only.slice(1) : only);
}

function receiverType(tokens: Tokens, open: number, close: number): string | null {
  const idents: string[] = [];
  let depth = 0;
  for (let k = open + 1; k < close; k++) {
    if (!tokens.has(k)) continue;
    if (tokens.is(k, '[')) depth += 1;
    else if (tokens.is(k, ']')) depth -= 1;
    else if (depth === 0 && tokens.isIdent(k)) idents.push(tokens.text(k) ?? '');
  }
  return idents.length >= 2 ? (idents[1] ?? null) : (idents[0] ?? null);
}

/** Scan a Go file: tokens, functions (declarations and func literals) and method names. */
export function scanGoSource(text: string, options: ScanOptions = {}): GoSource {
  const tokens = tokenTable(text);
  const scan: FunctionScan = {
    tokens,
    packageClosure: options.goMinor !== undefined && options.goMinor !== null && options.goMinor < 22 ? 'glob.' : 'init',
    functions: [],
    methodNames: new Set<string>(),
    stack: [],
    globalClosures: 0,
    braceDepth: 0,
  };
  const imports = new Map<string, string>();
  const dotImports: string[] = [];
  let packageName: string | null = null;
  // Only the token tests stay in this loop; what a declaration needs is in functions of its own,
  // which V8 optimizes once each instead of recompiling one large loop (see src/cli/jit-tuning.ts).
  for (let k = 0; k < tokens.count; k++) {
    const stack = scan.stack;
    while (stack.length > 0 && k > (stack[stack.length - 1]?.closeIndex ?? Infinity)) stack.pop();
    if (!tokens.isIdent(k)) {
      if (tokens.is(k, '{')) scan.braceDepth += 1;
      else if (tokens.is(k, '}')) scan.braceDepth -= 1;
      continue;
    }
    if (packageName === null && scan.braceDepth === 0 && tokens.is(k, 'package') && tokens.isIdent(k + 1)) {
      packageName = tokens.text(k + 1) ?? null;
      k++;
      continue;
    }
    if (scan.braceDepth === 0 && tokens.is(k, 'import')) {
      k = readImports(tokens, k + 1, imports, dotImports) - 1;
      continue;
    }
    if (tokens.is(k, 'interface') && tokens.is(k + 1, '{')) addInterfaceMethods(tokens, k, scan.methodNames);
    else if (tokens.is(k, 'func')) k = readFunction(scan, k);
  }
  let lines: string[] | undefined;
  return {
    get lines(): string[] {
      return (lines ??= text.split('\n'));
    },
    tokens,
    functions: scan.functions,
    methodNames: scan.methodNames,
    imports,
    dotImports,
    packageName,
  };
}

/** scanGoSource's state while it walks a file's tokens. */
interface FunctionScan {
  readonly tokens: Tokens;
  /** What an unnamed package-level func literal's name starts with (`glob.` before Go 1.22). */
  readonly packageClosure: string;
  readonly functions: GoFunction[];
  readonly methodNames: Set<string>;
  /** Open functions: the body's closing token index and a closure counter. */
  readonly stack: { fn: GoFunction; closeIndex: number; closures: number }[];
  globalClosures: number;
  braceDepth: number;
}

/** The method names of the interface type whose `interface` keyword is token k. */
function addInterfaceMethods(tokens: Tokens, k: number, into: Set<string>): void {
  const close = matchClose(tokens, k + 1);
  for (let m = k + 2; m < close; m++) {
    if (tokens.isIdent(m) && tokens.is(m + 1, '(') && !tokens.is(m - 1, '.')) into.add(tokens.text(m) ?? '');
  }
}

/**
 * The function declaration or literal whose `func` keyword is token k, added to the scan. Returns
 * the index to continue from: before its body (func types in the signature are not literals),
 * or k itself when it has none (a func type, a declaration without a body).
 */
function readFunction(scan: FunctionScan, k: number): number {
  const { tokens, stack } = scan;
  // A declaration starts its line at package level; `var f = func() {}` is a literal.
  const topLevel = stack.length === 0 && scan.braceDepth === 0 && (!tokens.has(k - 1) || tokens.endLine(k - 1) < tokens.line(k) || tokens.is(k - 1, ';'));
  // A func type of a composite literal's element (`[]func(){}`, `map[K]func(){…}`) or a channel's is no literal.
  if (!topLevel && (tokens.is(k - 1, ']') || tokens.is(k - 1, 'chan'))) return k;
  let m = k + 1;
  let name: string | null = null;
  const params: string[] = [];
  const types = new Map<string, string>();
  let generic = false;
  if (topLevel) {
    let recv: string | null = null;
    if (tokens.is(m, '(')) {
      const close = matchClose(tokens, m);
      recv = receiverType(tokens, m, close);
      for (let r = m + 1; r < close && !generic; r++) generic = tokens.is(r, '[');
      params.push(...declaredNames(tokens, m, close));
      for (const [n, ty] of declaredTypesOf(tokens, m, close)) types.set(n, ty);
      m = close + 1;
    }
    if (!tokens.isIdent(m)) return k;
    const base = tokens.text(m) ?? '';
    if (recv !== null) scan.methodNames.add(base);
    name = recv !== null ? `${recv}.${base}` : base;
    m += 1;
    if (tokens.is(m, '[')) {
      m = matchClose(tokens, m) + 1; // type parameters
      generic = true;
    }
  } else if (!tokens.is(m, '(')) {
    return k;
  }
  if (!tokens.is(m, '(')) return k;
  const paramsClose = matchClose(tokens, m);
  params.push(...declaredNames(tokens, m, paramsClose));
  for (const [n, ty] of declaredTypesOf(tokens, m, paramsClose)) types.set(n, ty);
  const { body, results } = findBody(tokens, paramsClose + 1);
  if (body < 0) return k;
  const parent = stack[stack.length - 1];
  // In a file whose brackets do not balance, a literal's body can run past its function's end:
  // it ends there, so that functions nest.
  const bodyClose = Math.min(matchClose(tokens, body), parent?.closeIndex ?? Infinity);
  if (name === null) {
    if (parent !== undefined) {
      parent.closures += 1;
      name = parent.fn.closure ? `${parent.fn.name}.${parent.closures}` : `${parent.fn.name}.func${parent.closures}`;
    } else {
      scan.globalClosures += 1;
      name = `${scan.packageClosure}.func${scan.globalClosures}`;
    }
  }
  const closed = tokens.has(bodyClose);
  const result = onlyResult(tokens, paramsClose + 1, body, results);
  const several = results === null ? null : resultTypes(tokens, results);
  const fn: GoFunction = {
    name,
    closure: !topLevel,
    line: tokens.line(k),
    column: tokens.column(k),
    endLine: closed ? tokens.endLine(bodyClose) : tokens.line(k),
    endColumn: closed ? tokens.endColumn(bodyClose) : tokens.endColumn(k),
    namedResults: results === null ? [] : declaredNames(tokens, results[0], results[1]),
    params,
    declaredTypes: results === null ? types : new Map([...types, ...declaredTypesOf(tokens, results[0], results[1])]),
    ...(generic ? { generic: true as const } : {}),
    ...(result !== null ? { result } : {}),
    ...(several !== null && several.length > 1 ? { results: several } : {}),
  };
  scan.functions.push(fn);
  stack.push({ fn, closeIndex: bodyClose, closures: 0 });
  return body - 1;
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
function readImports(tokens: Tokens, k: number, into: Map<string, string>, dots: string[]): number {
  const spec = (m: number): number => {
    if (!tokens.has(m)) return m;
    if (tokens.kind(m) === 'string') {
      const path = (tokens.text(m) ?? '').slice(1, -1);
      into.set(importName(path), path);
      return m + 1;
    }
    if ((tokens.isIdent(m) || tokens.is(m, '.')) && tokens.kind(m + 1) === 'string') {
      if (tokens.isIdent(m) && !tokens.is(m, '_')) into.set(tokens.text(m) ?? '', (tokens.text(m + 1) ?? '').slice(1, -1));
      else if (tokens.is(m, '.')) dots.push((tokens.text(m + 1) ?? '').slice(1, -1));
      return m + 2;
    }
    return m + 1;
  };
  if (!tokens.is(k, '(')) return spec(k);
  const close = matchClose(tokens, k);
  for (let m = k + 1; m < close; ) m = tokens.is(m, ';') ? m + 1 : spec(m);
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

/**
 * Whether the keys of a composite literal of the written type (`T`, `pkg.T`) are field names:
 * true only for a type known to be a struct. A map literal's keys are expressions, which can name
 * a captured variable.
 */
export type StructTypeTest = (typeName: string) => boolean;

/**
 * Whether the func literal `lit` uses a variable of a function it is nested in: a parameter,
 * result or receiver, or a local declared (`:=`, `var`) outside the literal. A literal that
 * captures nothing is a static function value: escaping, it allocates nothing. Names that are no
 * variable there do not count: selectors, labels, field keys of a struct literal and fields of a
 * struct type, and names the literal declares again where that declaration is in scope. Where the
 * source leaves it open (a keyed literal of an unknown type, a name declared in an `else` branch's
 * header), the answer errs toward a capture, that is, an allocation.
 */
export function literalCaptures(src: GoSource, lit: GoFunction, isStruct: StructTypeTest = () => false): boolean {
  const { order, parent } = nesting(src);
  const tokens = src.tokens;
  const start = tokenAt(src, lit.line, lit.column);
  const end = tokenAt(src, lit.endLine, lit.endColumn);
  const outer = new Set<string>();
  for (let j = parent[order.indexOf(lit)] ?? -1; j >= 0; j = parent[j] ?? -1) {
    const fn = order[j];
    if (fn === undefined) break;
    // The code of a generic function runs with a dictionary, which a closure in it captures.
    if (fn.generic === true) return true;
    for (const p of fn.params) outer.add(p);
    for (const n of fn.declaredTypes.keys()) outer.add(n);
    for (const n of fn.namedResults) outer.add(n);
    // Only `fn`'s own declarations: those of another literal in it are not in the literal's scope.
    const own = (k: number): boolean => enclosingFunction(src, tokens.line(k), tokens.column(k)) === fn;
    for (let k = tokenAt(src, fn.line, fn.column), last = tokenAt(src, fn.endLine, fn.endColumn); k < last; k++) {
      if (k === start) k = end;
      if (isDefine(tokens, k) && own(k)) {
        for (const m of definedNames(tokens, k)) outer.add(tokens.text(m) ?? '');
      } else if (tokens.is(k, 'var') && own(k)) {
        for (const m of varNames(tokens, k)) outer.add(tokens.text(m) ?? '');
      }
    }
  }
  // The literal's own parameters and named results hide the names they repeat.
  for (const p of [...lit.params, ...lit.namedResults]) outer.delete(p);
  if (outer.size === 0) return false;
  let inner: Declared[] | undefined;
  for (let k = start + 1; k < end; k++) {
    if (!tokens.isIdent(k) || tokens.is(k - 1, '.')) continue;
    const name = tokens.text(k) ?? '';
    if (!outer.has(name) || notAVariable(tokens, k, isStruct)) continue;
    inner ??= literalDeclarations(src, lit, start, end);
    if (inner.some((d) => d.name === name && d.from <= k && k < d.to)) continue;
    return true;
  }
  return false;
}

/** Whether token k starts `:=`. */
function isDefine(tokens: Tokens, k: number): boolean {
  return tokens.is(k, ':') && tokens.is(k + 1, '=') && tokens.column(k + 1) === tokens.endColumn(k) && tokens.line(k + 1) === tokens.line(k);
}

/** The names before the `:=` at k (`a, b :=`), first to last. */
function definedNames(tokens: Tokens, k: number): number[] {
  const names: number[] = [];
  for (let m = k - 1; tokens.isIdent(m); m -= 2) {
    names.unshift(m);
    if (!tokens.is(m - 1, ',')) break;
  }
  return names;
}

/** The names a `var` at k declares: `var a, b T`, or the names that start each line of a `var (…)` block. */
function varNames(tokens: Tokens, k: number): number[] {
  const names: number[] = [];
  const block = tokens.is(k + 1, '(') ? matchClose(tokens, k + 1) : -1;
  for (let m = k + 1; block < 0 ? m === k + 1 : m < block; m++) {
    if (block >= 0 && (m === k + 1 || tokens.line(m) === tokens.endLine(m - 1))) continue;
    for (let n = m; tokens.isIdent(n); n += 2) {
      names.push(n);
      if (!tokens.is(n + 1, ',')) break;
    }
  }
  return names;
}

/** A name declared inside a func literal, in scope for the token indexes [from, to). */
interface Declared {
  name: string;
  from: number;
  to: number;
}

/**
 * The literal's own declarations with their scopes: `:=` and `var` statements from the end of
 * the statement to the end of their block (the right-hand side still sees the outer name), a
 * `for`/`if`/`switch` header's from its `;` or `{` to the end of that block, a `select` case's
 * to the next case, and the parameters and results of literals nested in it.
 */
function literalDeclarations(src: GoSource, lit: GoFunction, start: number, end: number): Declared[] {
  const tokens = src.tokens;
  const out: Declared[] = [];
  const add = (names: readonly number[], from: number, to: number): void => {
    for (const m of names) {
      const name = tokens.text(m) ?? '';
      // The declaring name itself is no use of the outer one.
      out.push({ name, from: m, to: m + 1 }, { name, from, to });
    }
  };
  for (let k = start + 1; k < end; k++) {
    if (isDefine(tokens, k)) {
      const names = definedNames(tokens, k);
      const before = (names[0] ?? k) - 1;
      if (tokens.is(before, 'for') || tokens.is(before, 'if') || tokens.is(before, 'switch')) {
        const block = nextAtDepth(tokens, k + 2, end, (m) => tokens.is(m, '{'));
        if (block < 0) continue;
        const semicolon = nextAtDepth(tokens, k + 2, block, (m) => tokens.is(m, ';'));
        add(names, semicolon >= 0 ? semicolon : block, matchClose(tokens, block));
      } else if (tokens.is(before, 'case')) {
        const close = matchClose(tokens, enclosingOpen(tokens, k));
        const colon = nextAtDepth(tokens, k + 2, close, (m) => tokens.is(m, ':'));
        if (colon < 0) continue;
        const next = nextAtDepth(tokens, colon + 1, close, (m) => tokens.is(m, 'case') || tokens.is(m, 'default'));
        add(names, colon, next >= 0 ? next : close);
      } else {
        add(names, statementEnd(tokens, k + 2, end), matchClose(tokens, enclosingOpen(tokens, k)));
      }
    } else if (tokens.is(k, 'var')) {
      const from = tokens.is(k + 1, '(') ? matchClose(tokens, k + 1) + 1 : statementEnd(tokens, k + 1, end);
      add(varNames(tokens, k), from, matchClose(tokens, enclosingOpen(tokens, k)));
    }
  }
  for (const fn of src.functions) {
    if (fn === lit || compare(fn.line, fn.column, lit.line, lit.column) <= 0 || compare(fn.line, fn.column, lit.endLine, lit.endColumn) >= 0) continue;
    const [from, to] = tokenRange(src, fn);
    for (const name of [...fn.params, ...fn.namedResults]) out.push({ name, from, to });
  }
  return out;
}

/** The first token in [from, to) at bracket depth 0 (relative to `from`) that `test` accepts; -1 if none. */
function nextAtDepth(tokens: Tokens, from: number, to: number, test: (m: number) => boolean): number {
  let depth = 0;
  for (let m = from; m < to && tokens.has(m); m++) {
    if (depth === 0 && test(m)) return m;
    if (tokens.isPunct(m) && tokens.isOneOf(m, '([{')) depth += 1;
    else if (tokens.isPunct(m) && tokens.isOneOf(m, ')]}')) {
      if (depth === 0) return -1;
      depth -= 1;
    }
  }
  return -1;
}

/**
 * Where the statement that goes on at token `from` ends: its `;`, the `}` of its block, or the
 * first line break after a token that ends a statement (Go's semicolon rule), at bracket depth 0.
 */
function statementEnd(tokens: Tokens, from: number, to: number): number {
  const end = nextAtDepth(tokens, from, to, (m) => tokens.isOneOf(m, ';}') || (m > from && tokens.line(m) > tokens.endLine(m - 1) && endsStatement(tokens, m - 1)));
  return end >= 0 ? end : to;
}

const STATEMENT_END_KEYWORDS: ReadonlySet<string> = new Set(['break', 'continue', 'fallthrough', 'return']);

/** Whether a line break after token m ends a statement (the Go spec's automatic semicolons). */
function endsStatement(tokens: Tokens, m: number): boolean {
  const kind = tokens.kind(m);
  if (kind === 'string' || kind === 'number') return true;
  if (tokens.isIdent(m)) {
    const text = tokens.text(m) ?? '';
    return !GO_KEYWORDS.has(text) || STATEMENT_END_KEYWORDS.has(text);
  }
  return tokens.isOneOf(m, ')]}') || ((tokens.is(m, '+') || tokens.is(m, '-')) && tokens.is(m - 1, tokens.text(m) ?? '') && tokens.column(m) === tokens.endColumn(m - 1));
}

/** The innermost bracket open before token k and not closed before it; -1 at top level. */
function enclosingOpen(tokens: Tokens, k: number): number {
  let depth = 0;
  for (let m = k - 1; m >= 0; m--) {
    if (!tokens.isPunct(m)) continue;
    if (tokens.isOneOf(m, ')]}')) depth += 1;
    else if (tokens.isOneOf(m, '([{')) {
      if (depth === 0) return m;
      depth -= 1;
    }
  }
  return -1;
}

/**
 * Whether the name at token k is no variable: a label (`outer:` at the start of a statement,
 * `break outer`), a field key of a struct literal (`T{name: v}`), or a field of a struct type.
 * A case value (`case x:`, `case a, x:`) and a map literal's key are variables.
 */
function notAVariable(tokens: Tokens, k: number, isStruct: StructTypeTest): boolean {
  if (tokens.is(k - 1, 'break') || tokens.is(k - 1, 'continue') || tokens.is(k - 1, 'goto')) return true;
  const open = enclosingOpen(tokens, k);
  if (open < 0 || !tokens.is(open, '{')) return false;
  if (tokens.is(open - 1, 'struct') || tokens.is(open - 1, 'interface')) return true;
  if (!tokens.is(k + 1, ':') || isDefine(tokens, k + 1) || tokens.is(k - 1, 'case')) return false;
  const prev = k - 1;
  // A block's `{` (after a signature or condition's `)`, or `else`): a label.
  if (prev === open && (tokens.isOneOf(open - 1, ');') || tokens.is(open - 1, 'else'))) return true;
  if (prev === open || tokens.is(prev, ',')) {
    // After `,` in a block, only a case list goes on with `x:`.
    for (let m = prev - 1; m > open; m--) {
      if (tokens.isPunct(m) && tokens.isOneOf(m, ')]}')) m = matchOpen(tokens, m);
      else if (tokens.is(m, 'case')) return false;
    }
    return keysAreFields(tokens, open, isStruct);
  }
  // A label starts a statement.
  return tokens.is(prev, ';') || (tokens.endLine(prev) < tokens.line(k) && endsStatement(tokens, prev));
}

/** Whether the keys of the composite literal whose `{` is token `open` are field names (or a slice's constant indexes). */
function keysAreFields(tokens: Tokens, open: number, isStruct: StructTypeTest): boolean {
  let t = open - 1;
  if (tokens.is(t, '}')) return tokens.is(matchOpen(tokens, t) - 1, 'struct');
  if (tokens.is(t, ']')) t = matchOpen(tokens, t) - 1; // type arguments: `T[int]{`
  if (!tokens.isIdent(t) || GO_KEYWORDS.has(tokens.text(t) ?? '')) return false;
  let first = t;
  if (tokens.is(t - 1, '.') && tokens.isIdent(t - 2)) first = t - 2;
  let before = first - 1;
  while (tokens.is(before, '*')) before -= 1;
  if (tokens.is(before, ']')) {
    // The element type of `[]T{`, `[N]T{` (constant indexes) or `map[K]T{` (expressions).
    return !tokens.is(matchOpen(tokens, before) - 1, 'map');
  }
  const name = first === t ? (tokens.text(t) ?? '') : `${tokens.text(first) ?? ''}.${tokens.text(t) ?? ''}`;
  return isStruct(name);
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

/**
 * Whether the position lies in the body of a `for … range` loop of the function `fn`, whose
 * braces hold it. The body of a loop over a function (Go 1.23+) is a closure the compiler makes;
 * code of a call inlined there is printed at the call instead, which no loop body holds.
 */
export function insideRangeLoop(src: GoSource, fn: GoFunction, line: number, column: number): boolean {
  const tokens = src.tokens;
  const at = tokenAt(src, line, column);
  for (let k = tokenAt(src, fn.line, fn.column); k < at && tokens.has(k); k++) {
    if (!tokens.is(k, 'for')) continue;
    let ranged = false;
    let m = k + 1;
    for (; tokens.has(m) && !tokens.is(m, '{'); m++) {
      if (tokens.is(m, 'range')) ranged = true;
      else if (tokens.isOneOf(m, '([')) m = matchClose(tokens, m);
    }
    if (ranged && m < at && at < matchClose(tokens, m)) return true;
  }
  return false;
}

/**
 * The name of the func literal called where it is written (`func() {…}()`) when the position is
 * that call's `(`; null otherwise.
 */
export function literalCalledAt(src: GoSource, line: number, column: number): string | null {
  const tokens = src.tokens;
  const k = tokenAt(src, line, column);
  if (!tokens.has(k) || tokens.line(k) !== line || tokens.column(k) !== column || !tokens.is(k, '(') || !tokens.is(k - 1, '}')) return null;
  // The literal whose body ends at that `}`.
  const [endLine, endColumn] = [tokens.endLine(k - 1), tokens.endColumn(k - 1)];
  return src.functions.find((f) => f.closure && f.endLine === endLine && f.endColumn === endColumn)?.name ?? null;
}

/** Index of the first token that starts at or after the position. */
function tokenAt(src: GoSource, line: number, column: number): number {
  const tokens = src.tokens;
  let lo = 0;
  let hi = tokens.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(tokens.line(mid), tokens.column(mid), line, column) < 0) lo = mid + 1;
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
  const tokens = src.tokens;
  if (!tokens.has(k) || tokens.line(k) !== line || tokens.column(k) !== column) {
    // A line outside the file (a source edited since the build) ends within it.
    const shownLine = Math.min(Math.max(line, 1), Math.max(src.lines.length, 1));
    const lineText = src.lines[shownLine - 1] ?? '';
    return { endLine: shownLine, endColumn: Buffer.byteLength(lineText.replace(/\r$/, ''), 'utf8') + 1 };
  }
  const end = (idx: number): Extent => {
    const t = tokens.has(idx) ? idx : k;
    return { endLine: tokens.endLine(t), endColumn: tokens.endColumn(t) };
  };
  const kind = tokens.kind(k);
  if (mode === 'identifier' || kind === 'string' || kind === 'number') return end(k);
  if (kind === 'ident' && tokens.is(k, 'func')) {
    if (!tokens.is(k + 1, '(')) return end(k);
    const close = matchClose(tokens, k + 1);
    const { body } = findBody(tokens, close + 1);
    return end(body > 0 ? body - 1 : close);
  }
  // Slice and map literals are reported at their `{`.
  if (kind === 'punct' && tokens.is(k, '{')) return end(matchClose(tokens, k));
  if (kind === 'punct' && !tokens.isOneOf(k, '&.[(*')) return end(k);
  // A call is placed at its `(`: it ends at its `)`, not with what a chain does with its result
  // (`new(L[T])` in `new(L[T]).Init()`).
  if (tokens.is(k, '(') && endsOperand(tokens, k - 1)) return end(matchClose(tokens, k));
  // Operand: optional `&`, a type or name chain, then call / index / composite-literal suffixes.
  let last = k;
  for (let m = k; m < tokens.count; m++) {
    const punct = tokens.isPunct(m);
    const prev = m > k ? m - 1 : -1;
    if (punct && (tokens.is(m, '(') || tokens.is(m, '['))) {
      m = matchClose(tokens, m);
      last = m;
      continue;
    }
    if (punct && tokens.is(m, '{')) {
      // A composite literal follows a type name, `]`, or `struct{...}`; after `)` a `{` opens a block.
      if (tokens.is(prev, 'interface') || tokens.is(prev, 'struct') || tokens.isIdent(prev) || tokens.is(prev, ']')) {
        m = matchClose(tokens, m);
        last = m;
        continue;
      }
      break;
    }
    if (punct && tokens.is(m, '.') && tokens.isIdent(m + 1)) {
      m += 1;
      last = m;
      continue;
    }
    if (punct && (tokens.is(m, '&') || tokens.is(m, '*')) && (m === k || tokens.is(prev, ']') || tokens.is(prev, '&') || tokens.is(prev, '*'))) {
      continue;
    }
    if (
      tokens.isIdent(m) &&
      (m === k || tokens.is(prev, ']') || tokens.is(prev, '*') || tokens.is(prev, '&') || tokens.is(prev, 'map') || tokens.is(prev, 'chan'))
    ) {
      last = m;
      continue;
    }
    break;
  }
  return end(last);
}

/**
 * The named types a file declares, read from its text as gofmt lays it out (`type T …` at the
 * start of a line, or one tab in from a `type (` block): name → what it is declared as, as
 * FileDeclarations.types has it (`struct`, `[]int`, `map[string][]string`, another type's name).
 * For files nothing else needs scanned (the standard library's, for one type): it does not
 * tokenize them.
 */
export function typeSpecsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (name: string | undefined, rhs: string | undefined): void => {
    if (name === undefined || rhs === undefined) return;
    // An empty struct is told apart: it has no size (boxing one allocates nothing).
    const type = /^struct[ \t]*\{[ \t]*\}/.test(rhs) ? 'struct{}' : rhs.startsWith('struct') ? 'struct' : rhs.startsWith('interface') ? 'interface' : (/^[^\s{/]+/.exec(rhs)?.[0] ?? rhs);
    if (!out.has(name)) out.set(name, type);
  };
  for (const m of text.matchAll(/^type[ \t]+([\p{L}_][\p{L}\p{N}_]*)(?:\[[^\]\n]*\])?[ \t]*=?[ \t]*(\S[^\n]*)$/gmu)) add(m[1], m[2]);
  for (const block of text.matchAll(/^type[ \t]*\(\n([\s\S]*?)^\)/gm)) {
    for (const m of (block[1] ?? '').matchAll(/^\t([\p{L}_][\p{L}\p{N}_]*)(?:\[[^\]\n]*\])?[ \t]*=?[ \t]*(\S[^\n]*)$/gmu)) add(m[1], m[2]);
  }
  return out;
}

/**
 * The package-level variables a file declares with a type and no value (`var BigEndian
 * bigEndian`, also in a `var (…)` block): name → written type. Read from the text, as typeSpecsOf.
 */
export function varSpecsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (name: string | undefined, type: string | undefined): void => {
    if (name !== undefined && type !== undefined && !out.has(name)) out.set(name, type);
  };
  const TYPED = /^([\p{L}_][\p{L}\p{N}_]*)[ \t]+((?:[\p{L}_][\p{L}\p{N}_]*\.)?[\p{L}_][\p{L}\p{N}_]*)[ \t]*(?:\/\/.*)?$/u;
  for (const m of text.matchAll(/^var[ \t]+([^\n(]*)$/gmu)) {
    const typed = TYPED.exec((m[1] ?? '').trim());
    add(typed?.[1], typed?.[2]);
  }
  for (const block of text.matchAll(/^var[ \t]*\(\n([\s\S]*?)^\)/gm)) {
    for (const line of (block[1] ?? '').split('\n')) {
      const typed = /^\t/.test(line) ? TYPED.exec(line.trim()) : null;
      add(typed?.[1], typed?.[2]);
    }
  }
  return out;
}

/**
 * Whether the composite literal whose `{` is at the position holds only literals: numbers,
 * strings, runes, `true`, `false`, `nil`, signs, field keys and nested `{…}`. The compiler boxes
 * such a value (its walk's isStaticCompositeLiteral) from read-only data instead of allocating.
 * Named constants are not known here, so a literal using one is not counted.
 */
export function constantLiteralAt(src: GoSource, line: number, column: number): boolean {
  const k = tokenAt(src, line, column);
  const tokens = src.tokens;
  if (!tokens.has(k) || tokens.line(k) !== line || tokens.column(k) !== column || !tokens.is(k, '{')) return false;
  const close = matchClose(tokens, k);
  if (!tokens.is(close, '}')) return false;
  for (let m = k + 1; m < close; m++) {
    const kind = tokens.kind(m);
    if (kind === 'string' || kind === 'number' || tokens.isOneOf(m, '{},:+-')) continue;
    if (tokens.is(m, 'true') || tokens.is(m, 'false') || tokens.is(m, 'nil')) continue;
    // A field key: `A: 1`.
    if (tokens.isIdent(m) && tokens.is(m + 1, ':') && (tokens.is(m - 1, '{') || tokens.is(m - 1, ','))) continue;
    return false;
  }
  return true;
}

const GO_KEYWORDS: ReadonlySet<string> = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func', 'go', 'goto', 'if',
  'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type', 'var',
]);

/**
 * When the token at the position is `(`, the dotted name called there (`fmt.Println`, `t.Write`).
 * The compiler positions a call parameter note at the call's opening parenthesis.
 */
export function calleeAt(src: GoSource, line: number, column: number): string | null {
  const k = tokenAt(src, line, column);
  const tokens = src.tokens;
  if (!tokens.has(k) || tokens.line(k) !== line || tokens.column(k) !== column || !tokens.is(k, '(')) return null;
  const parts: string[] = [];
  let m = k - 1;
  if (tokens.is(m, ']')) m = matchOpen(tokens, m) - 1; // explicit instantiation f[int](
  while (m >= 0 && tokens.isIdent(m)) {
    parts.unshift(tokens.text(m) ?? '');
    if (!tokens.is(m - 1, '.')) break;
    m -= 2;
  }
  // `func (b Box[T]) Ptr()`, `return (x)`: a keyword before `(` calls nothing.
  if (parts.length === 1 && GO_KEYWORDS.has(parts[0] ?? '')) return null;
  return parts.length > 0 ? parts.join('.') : null;
}

/**
 * The arguments of the call whose `(` is at the position: how many, and whether the last is
 * spread (`args...`); null when the token there is no call's `(` (calleeAt).
 */
export function callArguments(src: GoSource, line: number, column: number): { count: number; spread: boolean } | null {
  if (calleeAt(src, line, column) === null) return null;
  const tokens = src.tokens;
  const open = tokenAt(src, line, column);
  const close = matchClose(tokens, open);
  if (!tokens.is(close, ')')) return null;
  const groups = commaGroups(tokens, open, close);
  const last = groups[groups.length - 1] ?? [];
  const dots = (k: number | undefined): boolean => k !== undefined && tokens.is(k, '.');
  return { count: groups.length, spread: last.length > 3 && dots(last[last.length - 1]) && dots(last[last.length - 2]) && dots(last[last.length - 3]) };
}

/**
 * The call at the position as its source writes it, arguments elided (`w.StreamID()`,
 * `slog.String(…)`), or null when the token there is no call's `(` (calleeAt).
 */
export function callWritten(src: GoSource, line: number, column: number): string | null {
  const callee = calleeAt(src, line, column);
  if (callee === null) return null;
  const tokens = src.tokens;
  const open = tokenAt(src, line, column);
  // What is called as written, a receiver that is itself a call or an index included
  // (`rec.Header().Get`, `msgs[0].GetType`), when it is on the call's line.
  const start = operandStart(tokens, open - 1);
  const written =
    tokens.line(start) === line ? tokens.span(start, open - 1) : callee;
  return tokens.is(open + 1, ')') ? `${written}()` : `${written}(…)`;
}

/** The `a + b + c` (or `a - b`, `a * b`, …) around the operator that is token k, on one line, as written; null when it spans lines or is longer than `max`. */
function concatenationAt(src: GoSource, k: number, max: number): string | null {
  const tokens = src.tokens;
  const op = tokens.text(k) ?? '+';
  let start = k;
  while (tokens.is(start, op)) start = operandStart(tokens, start - 1) - 1;
  start += 1;
  let end = k;
  while (tokens.is(end, op)) end = operandEnd(tokens, end + 1) + 1;
  end -= 1;
  const line = tokens.line(k);
  if (!tokens.has(start) || !tokens.has(end) || tokens.line(start) !== line || tokens.endLine(end) !== line || start >= k || end <= k) return null;
  const written = tokens.span(start, end);
  return written.length > max ? null : written;
}

/**
 * The operands of the sum whose `+` is at the position, as written (`m.get(0)`, `n`), first to
 * last; null when no `+` is there or the sum spans lines.
 */
export function sumOperandsAt(src: GoSource, line: number, column: number): string[] | null {
  const tokens = src.tokens;
  const k = tokenAt(src, line, column);
  if (!tokens.has(k) || tokens.line(k) !== line || tokens.column(k) !== column || !tokens.is(k, '+')) return null;
  const out: string[] = [];
  let plus = k;
  while (tokens.is(plus, '+')) {
    const first = operandStart(tokens, plus - 1);
    if (first >= plus || tokens.line(first) !== line) return null;
    out.unshift(tokens.span(first, plus - 1));
    plus = first - 1;
  }
  for (plus = k; tokens.is(plus, '+'); ) {
    const last = operandEnd(tokens, plus + 1);
    if (last <= plus || tokens.endLine(last) !== line) return null;
    out.push(tokens.span(plus + 1, last));
    plus = last + 1;
  }
  return out;
}

/**
 * Where the expression the compiler places inside it starts, when the position holds such a
 * place: a call at its `(` starts at what it calls (`flag.NewFlagSet` in
 * `flag.NewFlagSet("x", 0)`, `([]byte)` in `([]byte)(s)`), a selector at its `.` and an index at
 * its `[` at their operand (`p.worker`, `b.set[i]`), a composite literal at its `{` at its type
 * (`[]T{}`, `map[K]V{…}`, `node[T]{…}`). A byte column on the same line; null otherwise.
 */
export function expressionStartColumn(src: GoSource, line: number, column: number): number | null {
  const tokens = src.tokens;
  const k = tokenAt(src, line, column);
  if (!tokens.has(k) || tokens.line(k) !== line || tokens.column(k) !== column || !tokens.isOneOf(k, '(.[{')) return null;
  if (!endsOperand(tokens, k - 1)) return null;
  let start = operandStart(tokens, k - 1);
  // A literal's type: its `[]`, `[N]`, `*` and `map[K]` before the element type's name.
  if (tokens.is(k, '{')) {
    for (;;) {
      if (tokens.is(start - 1, '*') && tokens.is(start - 2, ']')) start -= 1;
      else if (tokens.is(start - 1, ']')) {
        const open = matchOpen(tokens, start - 1);
        start = tokens.is(open - 1, 'map') ? open - 1 : open;
      } else break;
    }
  }
  return tokens.line(start) === line && tokens.column(start) < column ? tokens.column(start) : null;
}

/**
 * Whether token m can end an operand, so that a `(`, `.`, `[` or `{` after it calls, selects from,
 * indexes or is a literal of it: a name that is no keyword, or a `)` or `]`.
 */
function endsOperand(tokens: Tokens, m: number): boolean {
  return (tokens.isIdent(m) && !GO_KEYWORDS.has(tokens.text(m) ?? '')) || tokens.isOneOf(m, ')]');
}

/**
 * The first token of the operand whose last token is m (`caller.File`, `strconv.Itoa(x)`, `s[i]`,
 * `rec.Header().Get`): before a call's `(…)` or an index's `[…]` comes what is called or indexed.
 * A keyword (`return`, `func`) is no part of it.
 */
function operandStart(tokens: Tokens, m: number): number {
  const name = (k: number): boolean => tokens.isIdent(k) && !GO_KEYWORDS.has(tokens.text(k) ?? '');
  for (;;) {
    if (tokens.isOneOf(m, ')]')) {
      m = matchOpen(tokens, m);
      if (!(name(m - 1) || tokens.isOneOf(m - 1, ')]'))) return m;
      m -= 1;
      continue;
    }
    if (!name(m) && tokens.kind(m) !== 'string' && tokens.kind(m) !== 'number') return m + 1;
    if (!tokens.is(m - 1, '.')) return m;
    m -= 2;
  }
}

/** The last token of the operand whose first token is m. */
function operandEnd(tokens: Tokens, m: number): number {
  if (tokens.is(m, '(')) m = matchClose(tokens, m);
  else if (tokens.is(m, 'func') && tokens.is(m + 1, '(')) {
    // A func literal: through its body (`func() string { … }()` is called where it is written).
    const { body } = findBody(tokens, matchClose(tokens, m + 1) + 1);
    if (body < 0) return m - 1;
    m = matchClose(tokens, body);
  } else if (!tokens.isIdent(m) && tokens.kind(m) !== 'string' && tokens.kind(m) !== 'number') return m - 1;
  for (;;) {
    if (tokens.is(m + 1, '.') && tokens.isIdent(m + 2)) m += 2;
    else if (tokens.isOneOf(m + 1, '([')) m = matchClose(tokens, m + 1);
    else return m;
  }
}

/**
 * The expression written at the position, on one line, as its source spells it (`new(T)`,
 * `lis.Addr().String()`): after an `=` or `:=` there, the value assigned. Null when the position
 * holds an operator, or the expression spans lines or is longer than `max` characters.
 */
export function writtenExpressionAt(src: GoSource, line: number, column: number, max = 80): string | null {
  const tokens = src.tokens;
  let k = tokenAt(src, line, column);
  if (!tokens.has(k) || tokens.line(k) !== line || tokens.column(k) !== column) return null;
  // A concatenation is printed at a `+`: all of it, its operands to either side.
  if (tokens.is(k, '+')) return concatenationAt(src, k, max);
  // Other arithmetic is printed at its operator too (`len(~r0) - 1`): when it is binary there.
  const operand = (m: number): boolean => (tokens.isIdent(m) && !GO_KEYWORDS.has(tokens.text(m) ?? '')) || tokens.isOneOf(m, ')]') || tokens.kind(m) === 'number' || tokens.kind(m) === 'string';
  if (tokens.isOneOf(k, '-*/%') && operand(k - 1) && tokens.line(k - 1) === line) {
    return concatenationAt(src, k, max);
  }
  if (tokens.is(k, '=')) k += 1;
  else if (tokens.is(k, ':') && tokens.is(k + 1, '=')) k += 2;
  if (!tokens.has(k) || tokens.line(k) !== line) return null;
  let extent: Extent;
  if (tokens.is(k, '(') && (tokens.isIdent(k - 1) || tokens.isOneOf(k - 1, ')]'))) {
    // A call is printed at its `(`: from the start of what it calls (`lis.Addr().String`, `new`).
    const close = matchClose(tokens, k);
    extent = { endLine: tokens.endLine(close), endColumn: tokens.endColumn(close) };
    k = operandStart(tokens, k - 1);
    if (tokens.line(k) !== line) return null;
  } else if ((tokens.is(k, '[') || (tokens.is(k, '.') && tokens.isIdent(k + 1))) && endsOperand(tokens, k - 1)) {
    // An index is printed at its `[`, a selector at its `.`: from the start of their operand
    // (`n.items()[i]`, `Specs()[t].Name`).
    const end = tokens.is(k, '[') ? matchClose(tokens, k) : k + 1;
    extent = { endLine: tokens.endLine(end), endColumn: tokens.endColumn(end) };
    k = operandStart(tokens, k - 1);
    if (tokens.line(k) !== line) return null;
  } else {
    // An operator, or a statement's keyword (`return`, `for`: code the compiler placed there).
    if ((tokens.isPunct(k) && !tokens.isOneOf(k, '&*')) || GO_KEYWORDS.has(tokens.text(k) ?? '')) return null;
    extent = expressionExtent(src, line, tokens.column(k));
  }
  if (extent.endLine !== line) return null;
  // Columns count bytes: cut the line's UTF-8, not its UTF-16.
  const written = Buffer.from(src.lines[line - 1] ?? '', 'utf8').subarray(tokens.column(k) - 1, extent.endColumn - 1).toString('utf8');
  return written === '' || written.length > max ? null : written;
}

/**
 * The call whose result the selector at the position selects from, as its source writes it
 * (`Handler(…)` in `Handler(n).Serve`, the position at the `.`), or null when no call ends there.
 */
export function callBeforeSelector(src: GoSource, line: number, column: number): string | null {
  const tokens = src.tokens;
  const dot = tokenAt(src, line, column);
  if (!tokens.has(dot) || tokens.line(dot) !== line || tokens.column(dot) !== column || !tokens.is(dot, '.') || !tokens.is(dot - 1, ')')) return null;
  let depth = 0;
  for (let k = dot - 1; k >= 0; k--) {
    if (tokens.is(k, ')')) depth += 1;
    else if (tokens.is(k, '(') && --depth === 0) return callWritten(src, tokens.line(k), tokens.column(k));
  }
  return null;
}

/** The `(` or `[` that the `)` or `]` at token `close` closes. */
function matchOpen(tokens: Tokens, close: number): number {
  const [opener, closer] = tokens.is(close, ')') ? ['(', ')'] : tokens.is(close, '}') ? ['{', '}'] : ['[', ']'];
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    if (tokens.is(k, closer)) depth += 1;
    else if (tokens.is(k, opener)) {
      depth -= 1;
      if (depth === 0) return k;
    }
  }
  return 0;
}

/**
 * Whether the `make` at the position (its keyword or its `(`) is spread into an append (`append(dst, make([]T, n)...)`):
 * the compiler extends dst in place and never makes that slice.
 */
export function spreadIntoAppend(src: GoSource, line: number, column: number): boolean {
  const tokens = src.tokens;
  const at = tokenAt(src, line, column);
  if (tokens.line(at) !== line || tokens.column(at) !== column) return false;
  // The compiler places a make at its `(`.
  const k = tokens.is(at, '(') ? at - 1 : at;
  if (!tokens.is(k, 'make') || !tokens.is(k + 1, '(') || !tokens.is(k - 1, ',')) return false;
  const close = matchClose(tokens, k + 1);
  if (!(tokens.is(close + 1, '.') && tokens.is(close + 2, '.') && tokens.is(close + 3, '.') && tokens.is(close + 4, ')'))) return false;
  return tokens.is(matchOpen(tokens, close + 4) - 1, 'append');
}

/** The makes in a function's text, as written without spaces (`make([]string,n-len(s))`), and whether each is spread into an append. */
export function makesIn(src: GoSource, fn: GoFunction): { text: string; spread: boolean }[] {
  const tokens = src.tokens;
  const out: { text: string; spread: boolean }[] = [];
  const [from, to] = tokenRange(src, fn);
  for (let k = from; k < to; k++) {
    if (!tokens.is(k, 'make') || !tokens.is(k + 1, '(')) continue;
    let text = '';
    for (let m = k, close = matchClose(tokens, k + 1); m <= close; m++) text += tokens.text(m) ?? '';
    out.push({ text, spread: spreadIntoAppend(src, tokens.line(k), tokens.column(k)) });
  }
  return out;
}

/** The token that starts at the position, or null. */
export function tokenTextAt(src: GoSource, line: number, column: number): string | null {
  const k = tokenAt(src, line, column);
  return src.tokens.has(k) && src.tokens.line(k) === line && src.tokens.column(k) === column ? (src.tokens.text(k) ?? null) : null;
}

/** The token just before the position (e.g. `go` / `defer` in front of a statement). */
export function tokenBefore(src: GoSource, line: number, column: number): string | null {
  const k = tokenAt(src, line, column);
  return src.tokens.text(k - 1) ?? null;
}

/** The start of the statement that contains the token at the position: its first keyword. */
export function statementKeyword(src: GoSource, line: number, column: number): string | null {
  const k = tokenAt(src, line, column);
  const tokens = src.tokens;
  if (!tokens.has(k)) return null;
  // Walk back over tokens on the same line until a statement boundary.
  let m = k - 1;
  while (m >= 0) {
    if (!tokens.has(m) || tokens.endLine(m) < tokens.line(k) || tokens.isOneOf(m, ';{}')) break;
    m -= 1;
  }
  return tokens.isIdent(m + 1) ? (tokens.text(m + 1) ?? null) : null;
}

/** Token indexes [from, to) of a function's text. */
function tokenRange(src: GoSource, fn: GoFunction): [number, number] {
  return [tokenAt(src, fn.line, fn.column), tokenAt(src, fn.endLine, fn.endColumn)];
}

/** Whether `name` is used inside a func literal nested in `fn` (a -m=1 hint for closure capture). */
export function referencedInClosure(src: GoSource, fn: GoFunction, name: string): boolean {
  const [from, to] = tokenRange(src, fn);
  const tokens = src.tokens;
  for (let k = from; k < to; k++) {
    if (!tokens.isIdent(k) || !tokens.is(k, name) || tokens.is(k - 1, '.')) continue;
    const inner = enclosingFunction(src, tokens.line(k), tokens.column(k));
    if (inner !== null && inner !== fn && inner.closure) return true;
  }
  return false;
}

/** Whether `&name` appears inside `fn` (a -m=1 hint for an address-taken variable). */
export function addressTaken(src: GoSource, fn: GoFunction, name: string): boolean {
  const [from, to] = tokenRange(src, fn);
  const tokens = src.tokens;
  for (let k = Math.max(from, 1); k < to; k++) {
    if (tokens.isIdent(k) && tokens.is(k, name) && tokens.is(k - 1, '&')) return true;
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
function literalType(tokens: Tokens, k: number): string | null {
  const kind = tokens.kind(k);
  if (kind === undefined) return null;
  const text = tokens.text(k) ?? '';
  if (kind === 'string') return text.startsWith("'") ? 'rune' : 'string';
  if (kind === 'number') return /[.eEpP]/.test(text) && !/^0[xX][0-9a-fA-F_]*$/.test(text) ? 'float64' : 'int';
  if (kind === 'ident' && tokens.is(k + 1, '(')) {
    if (text === 'len' || text === 'cap' || text === 'copy') return 'int';
    if (BASIC_VALUE_TYPES.has(text)) return text;
  }
  // A composite literal: `T{…}`, `&T{…}`, `pkg.T{…}`, `T[int]{…}`.
  let m = tokens.is(k, '&') ? k + 1 : k;
  if (!tokens.isIdent(m)) return null;
  let name = tokens.text(m) ?? '';
  if (tokens.is(m + 1, '.') && tokens.isIdent(m + 2)) {
    name += `.${tokens.text(m + 2) ?? ''}`;
    m += 2;
  }
  if (tokens.is(m + 1, '[')) m = matchClose(tokens, m + 1);
  return tokens.is(m + 1, '{') ? `${tokens.is(k, '&') ? '*' : ''}${name}` : null;
}

/** Token indexes of a type that runs up to `=`, a line end, `;` or the closing bracket of its group. */
function typeUntilEnd(tokens: Tokens, from: number): number[] {
  const out: number[] = [];
  const firstLine = tokens.has(from) ? tokens.line(from) : undefined;
  for (let k = from; k < tokens.count; k++) {
    if (!tokens.has(k) || tokens.line(k) !== firstLine) break;
    const punct = tokens.isPunct(k);
    if (punct && tokens.isOneOf(k, '=;)},')) break;
    if (punct && tokens.isOneOf(k, '[(')) {
      const close = matchClose(tokens, k);
      for (let m = k; m <= close; m++) if (tokens.has(m)) out.push(m);
      k = close;
      continue;
    }
    if (punct && tokens.is(k, '{')) break;
    out.push(k);
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
  const typeMethods = new Map<string, Set<string>>();
  for (const fn of src.functions) {
    const dot = fn.name.indexOf('.');
    if (fn.closure || dot < 0) continue;
    const set = typeMethods.get(fn.name.slice(0, dot)) ?? new Set<string>();
    set.add(fn.name.slice(dot + 1));
    typeMethods.set(fn.name.slice(0, dot), set);
  }
  const tokens = src.tokens;
  const scan: DeclarationScan = { src, tokens, values: new Map(), fields: new Map(), types: new Map(), typeFields: new Map(), owner: null };
  // As in scanGoSource: the loop only tests tokens, each declaration is read by a function of its own.
  for (let k = 0; k < tokens.count; k++) {
    if (!tokens.isIdent(k)) continue;
    if (tokens.is(k, 'type') && tokens.isIdent(k + 1)) readTypeSpec(scan, k);
    else if (tokens.is(k, 'struct') && tokens.is(k + 1, '{')) readStructFields(scan, k);
    else if ((tokens.is(k, 'var') || tokens.is(k, 'const')) && enclosingFunction(src, tokens.line(k), tokens.column(k)) === null) k = readValueDecl(scan, k);
  }
  const { values, fields, types, typeFields } = scan;
  return { values, fields, types, typeFields, typeMethods };
}

/** fileDeclarations' state while it walks a file's tokens. */
interface DeclarationScan {
  readonly src: GoSource;
  readonly tokens: Tokens;
  readonly values: Map<string, string | null>;
  readonly fields: Map<string, string | null>;
  readonly types: Map<string, string | null>;
  readonly typeFields: Map<string, Set<string>>;
  /** The struct token a `type Name struct` declaration is waiting for. */
  owner: { name: string; at: number } | null;
}

/**
 * `name [, name] Type` or `name Type = ...` or `name = literal` at token k, one spec per line:
 * its names go into `into` (and `collect`) with the type, which is returned.
 */
function readSpec(tokens: Tokens, k: number, into: Map<string, string | null>, inherited: string | null, collect: string[] = []): string | null {
  const names: string[] = [];
  let m = k;
  while (tokens.isIdent(m)) {
    names.push(tokens.text(m) ?? '');
    if (!tokens.is(m + 1, ',')) break;
    m += 2;
  }
  const after = m + 1;
  let type: string | null;
  if (!tokens.has(after) || tokens.line(after) !== (tokens.has(m) ? tokens.line(m) : undefined)) type = inherited;
  else if (tokens.is(after, '=')) type = literalType(tokens, m + 2);
  else type = typeText(tokens, typeUntilEnd(tokens, m + 1)) || null;
  for (const n of names) put(into, n, type);
  collect.push(...names);
  return type;
}

/** `type Name ...` at token k. */
function readTypeSpec(scan: DeclarationScan, k: number): void {
  const tokens = scan.tokens;
  const name = tokens.text(k + 1) ?? '';
  let m = k + 2;
  // Type parameters (`[T any]`, `[T ~int64]`, `[K, V any]`), not an array's length (`[N]T`).
  if (tokens.is(m, '[') && tokens.isIdent(m + 1) && (tokens.isIdent(m + 2) || tokens.isOneOf(m + 2, '~,'))) m = matchClose(tokens, m) + 1;
  if (tokens.is(m, '=')) m += 1;
  const head = tokens.text(m);
  if (head === 'struct') scan.owner = { name, at: m };
  put(scan.types, name, head === 'struct' || head === 'interface' ? head : typeText(tokens, typeUntilEnd(tokens, m)) || null);
}

/** The fields of the `struct {` at token k (a named type's, when `type Name struct` came before). */
function readStructFields(scan: DeclarationScan, k: number): void {
  const tokens = scan.tokens;
  const close = matchClose(tokens, k + 1);
  const names: string[] = [];
  let m = k + 2;
  while (m < close) {
    const lineStart = m;
    if (
      tokens.isIdent(lineStart) &&
      (tokens.isIdent(m + 1) || tokens.is(m + 1, ',') || tokens.isOneOf(m + 1, '[*(')) &&
      !tokens.is(m + 1, '.')
    ) {
      readSpec(tokens, m, scan.fields, null, names);
    }
    // next line or `;`
    const line = tokens.has(lineStart) ? tokens.line(lineStart) : 0;
    while (m < close && (tokens.has(m) ? tokens.line(m) : 0) === line && !tokens.is(m, ';')) {
      if (tokens.isOneOf(m, '{([')) m = matchClose(tokens, m);
      m += 1;
    }
    if (tokens.is(m, ';')) m += 1;
  }
  if (scan.owner !== null && scan.owner.at === k) scan.typeFields.set(scan.owner.name, new Set(names));
}

/** A package-level `var` or `const` declaration at token k; returns the index to continue from. */
function readValueDecl(scan: DeclarationScan, k: number): number {
  const tokens = scan.tokens;
  const isConst = tokens.is(k, 'const');
  if (tokens.is(k + 1, '(')) {
    const close = matchClose(tokens, k + 1);
    let inherited: string | null = null;
    let line = -1;
    for (let m = k + 2; m < close; m++) {
      if (!tokens.has(m) || tokens.line(m) === line) continue;
      line = tokens.line(m);
      if (tokens.isIdent(m)) inherited = readSpec(tokens, m, scan.values, isConst ? inherited : null);
    }
    return close;
  }
  if (tokens.isIdent(k + 1)) readSpec(tokens, k + 1, scan.values, null);
  return k;
}

/**
 * The written type of `name` as seen at a position inside a function: a parameter, result or
 * receiver of an enclosing function, or the nearest earlier `var name T` / `name := literal` in it.
 * Null when it is not declared there or the declaration does not show the type.
 */
export function localType(src: GoSource, line: number, column: number, name: string): string | null {
  const enclosing = enclosingFunctions(src, line, column);
  if (enclosing.length === 0) return null;
  const tokens = src.tokens;
  const end = tokenAt(src, line, column);
  // Nearest local declaration, scanning back from the position to the innermost function's start.
  const start = tokenAt(src, enclosing[enclosing.length - 1]?.line ?? line, enclosing[enclosing.length - 1]?.column ?? column);
  for (let k = end - 1; k > start; k--) {
    if (!tokens.isIdent(k) || !tokens.is(k, name) || tokens.is(k - 1, '.')) continue;
    if (tokens.is(k + 1, ':') && tokens.is(k + 2, '=') && tokens.column(k + 2) === tokens.column(k + 1) + 1) {
      return tokens.is(k - 1, ',') ? null : literalType(tokens, k + 3);
    }
    if (tokens.is(k - 1, 'var')) {
      if (tokens.is(k + 1, '=')) return literalType(tokens, k + 2);
      return typeText(tokens, typeUntilEnd(tokens, k + 1)) || null;
    }
  }
  for (const fn of enclosing) {
    const type = fn.declaredTypes.get(name);
    if (type !== undefined) return type;
  }
  return null;
}

/** The functions around the position, innermost first (func literals in the functions that hold them). */
function enclosingFunctions(src: GoSource, line: number, column: number): GoFunction[] {
  const out: GoFunction[] = [];
  for (let fn = enclosingFunction(src, line, column); fn !== null; fn = enclosingFunction(src, fn.line, fn.column)) out.push(fn);
  return out;
}

/**
 * The nearest `name :=` before the position in the functions around it that `accept`s (given the
 * index of its `:=`), scanning back to the outermost one's start: that index, or -1.
 */
function definitionBefore(src: GoSource, line: number, column: number, name: string, accept: (k: number) => boolean): number {
  const outer = enclosingFunctions(src, line, column).pop();
  if (outer === undefined) return -1;
  const tokens = src.tokens;
  for (let k = tokenAt(src, line, column) - 1, start = tokenAt(src, outer.line, outer.column); k > start; k--) {
    if (isDefine(tokens, k) && tokens.is(k - 1, name) && accept(k)) return k;
  }
  return -1;
}

/**
 * The value the nearest `name := …` before the position gives it, as written on that line (`pb &
 * 0xe0`); null when there is none in the functions around the position, several names are
 * declared at once, or the value goes on past the line.
 */
export function localInitializer(src: GoSource, line: number, column: number, name: string): string | null {
  const tokens = src.tokens;
  const k = definitionBefore(src, line, column, name, (m) => !tokens.is(m - 2, ','));
  if (k < 0) return null;
  const first = k + 2;
  let last = first;
  while (tokens.has(last + 1) && tokens.line(last + 1) === tokens.line(first) && !tokens.isOneOf(last + 1, ';}')) last++;
  return tokens.has(first) && balanced(tokens, first, last) ? tokens.span(first, last) : null;
}

/**
 * The call that gives `name` its value in the nearest `a, name, … := f(x)` before the position
 * (several names, one call, on one line), and which of the call's results it is; null when there
 * is none in the functions around the position.
 */
export function multiInitializer(src: GoSource, line: number, column: number, name: string): { call: string; index: number } | null {
  const outer = enclosingFunctions(src, line, column).pop();
  if (outer === undefined) return null;
  const tokens = src.tokens;
  for (let k = tokenAt(src, line, column) - 1, start = tokenAt(src, outer.line, outer.column); k > start; k--) {
    if (!isDefine(tokens, k)) continue;
    const names = definedNames(tokens, k);
    const index = names.findIndex((m) => tokens.is(m, name));
    if (index < 0) continue;
    if (names.length < 2) return null;
    const first = k + 2;
    const close = tokens.is(first + 1, '(') ? matchClose(tokens, first + 1) : tokens.is(first + 1, '.') && tokens.is(first + 3, '(') ? matchClose(tokens, first + 3) : -1;
    if (!tokens.isIdent(first) || close < 0 || !tokens.is(close, ')') || tokens.line(close) !== tokens.line(first)) return null;
    // The call is the whole value: what follows ends the statement.
    if (tokens.has(close + 1) && tokens.line(close + 1) === tokens.line(close) && !tokens.isOneOf(close + 1, ';}')) return null;
    return { call: tokens.span(first, close), index };
  }
  return null;
}

/**
 * The type `name` has at the position when it is the variable of a type switch (`switch name :=
 * x.(type) {`) and the position is in a clause that names one type (`case bool:`); null
 * otherwise (in a clause of several types, or `default`, the variable has the operand's type).
 */
export function typeSwitchClauseType(src: GoSource, line: number, column: number, name: string): string | null {
  const tokens = src.tokens;
  const at = tokenAt(src, line, column);
  const k = definitionBefore(src, line, column, name, (m) => !tokens.is(m - 2, ',') && tokens.is(m - 2, 'switch'));
  if (k < 0) return null;
  const body = nextAtDepth(tokens, k + 2, tokens.count, (m) => tokens.is(m, '{'));
  const typeSwitch = body > k + 6 && tokens.is(body - 1, ')') && tokens.is(body - 2, 'type') && tokens.is(body - 3, '(') && tokens.is(body - 4, '.');
  if (!typeSwitch || at <= body || at >= matchClose(tokens, body)) return null;
  let clause = -1;
  let depth = 0;
  for (let m = body + 1; m < at; m++) {
    if (tokens.isPunct(m) && tokens.isOneOf(m, '([{')) depth += 1;
    else if (tokens.isPunct(m) && tokens.isOneOf(m, ')]}')) depth -= 1;
    else if (depth === 0 && (tokens.is(m, 'case') || tokens.is(m, 'default'))) clause = m;
  }
  if (clause < 0 || !tokens.is(clause, 'case')) return null;
  const colon = nextAtDepth(tokens, clause + 1, at, (m) => tokens.is(m, ':') || tokens.is(m, ','));
  if (colon < 0 || !tokens.is(colon, ':') || colon === clause + 1) return null;
  const run: number[] = [];
  for (let m = clause + 1; m < colon; m++) run.push(m);
  return typeText(tokens, run);
}

/**
 * The expression the value variable `name` ranges over (`bs` of `for _, name := range bs {`),
 * nearest before the position, as written on its line; null when there is none.
 */
export function rangedOver(src: GoSource, line: number, column: number, name: string): string | null {
  const tokens = src.tokens;
  const k = definitionBefore(src, line, column, name, (m) => tokens.is(m - 2, ',') && tokens.is(m + 2, 'range'));
  if (k < 0) return null;
  const first = k + 3;
  const block = nextAtDepth(tokens, first, tokens.count, (m) => tokens.is(m, '{'));
  return block > first && tokens.line(block - 1) === tokens.line(first) ? tokens.span(first, block - 1) : null;
}

/** Whether the brackets of tokens [first, last] balance. */
function balanced(tokens: Tokens, first: number, last: number): boolean {
  let depth = 0;
  for (let m = first; m <= last; m++) {
    if (tokens.isPunct(m) && tokens.isOneOf(m, '([{')) depth += 1;
    else if (tokens.isPunct(m) && tokens.isOneOf(m, ')]}') && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Whether `name` is a variable at the position: a parameter, result or receiver of a function
 * around it, or a local declared (`:=`, `var`) before it in one of them.
 */
export function declaresVariable(src: GoSource, line: number, column: number, name: string): boolean {
  const around = enclosingFunctions(src, line, column);
  if (around.some((fn) => fn.params.includes(name) || fn.namedResults.includes(name) || fn.declaredTypes.has(name))) return true;
  const outer = around[around.length - 1];
  if (outer === undefined) return false;
  const tokens = src.tokens;
  for (let k = tokenAt(src, line, column) - 1, start = tokenAt(src, outer.line, outer.column); k > start; k--) {
    if (isDefine(tokens, k) && definedNames(tokens, k).some((m) => tokens.is(m, name))) return true;
    if (tokens.is(k, 'var') && varNames(tokens, k).some((m) => tokens.is(m, name))) return true;
  }
  return false;
}

/** `string` / `non-string` for a written type, following named types; null when unknown. */
export function stringness(type: string | null, types: ReadonlyMap<string, string | null>): 'string' | 'non-string' | null {
  const underlying = underlyingType(type, types);
  if (underlying === 'string') return 'string';
  return underlying !== null && BASIC_VALUE_TYPES.has(underlying) ? 'non-string' : null;
}

/** Whether `name` is a predeclared value type (`int`, `bool`, `string`, ...). */
export function isBasicType(name: string): boolean {
  return BASIC_VALUE_TYPES.has(name);
}

/**
 * What a written type stands for, following the package's named types (`type offset uint32` →
 * `uint32`, see FileDeclarations.types) to a predeclared type or to a type the package does not
 * name (`struct{}`, `pkg.T`). Null when unknown: a name declared twice, or more than four steps.
 */
export function underlyingType(type: string | null, types: ReadonlyMap<string, string | null>): string | null {
  let t = type;
  for (let depth = 0; t !== null; depth++) {
    if (depth > 4) return null;
    if (BASIC_VALUE_TYPES.has(t)) return t;
    const next = types.get(t);
    if (next === undefined) return t;
    t = next;
  }
  return null;
}
