/**
 * The form of a verdict's subject (reference §1.3): the compiler prints allocation sites in a few
 * fixed shapes (`new(T)`, `&T{...}`, `func literal`, ...) and an implicit interface conversion as
 * its operand. The form says *what* is allocated; the flow says *why* (evidence.ts).
 */
import { quotedEnd } from '../parse/grammar.js';

export type SubjectForm =
  | 'new' // new(T)
  | 'pointer-literal' // &T{...}
  | 'slice-literal' // []T{...}
  | 'map-literal' // map[K]V{...}
  | 'make' // make(...)
  | 'func-literal' // func literal
  | 'variadic' // ... argument
  | 'string-conversion' // string(b)
  | 'bytes-conversion' // ([]byte)(s)
  | 'runes-conversion' // ([]rune)(s)
  | 'concatenation' // a + b
  | 'append' // append (the backing array; `append(s, x)` is the box of the call's result)
  | 'selector' // t.M (method value) or t.f (boxed field)
  | 'constant' // 3, "lit", 'x', true, go.shape.int(3)
  | 'conversion' // any(x), I(x), errorString(msg), unsafe.Pointer(x), (interface {})(...)
  | 'composite-value' // T{...}, [4]int{...}: a value boxed into an interface
  | 'value'; // a name or other operand: x, *p, ~r0, .autotmp_3

export interface Subject {
  form: SubjectForm;
  text: string;
  /** For `make`: the kind of the made type. */
  makeKind?: 'slice' | 'map' | 'chan' | 'named';
  /** For `make`: the printed type and size arguments. */
  makeType?: string;
  makeArgs?: string[];
}

/** The forms that are explicit allocations of their own (the pointer-escape family). */
export const EXPLICIT_ALLOCATION_FORMS: ReadonlySet<SubjectForm> = new Set([
  'new',
  'pointer-literal',
  'slice-literal',
  'map-literal',
  'make',
]);

/** Split `a, b(c, d), e` at top-level commas, respecting brackets and quotes. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quote !== null) {
      current += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") {
      // Go-quoted, and possibly cut by the compiler (quotedEnd): the literal whole, or the rest.
      const end = quotedEnd(text, i);
      const stop = end < 0 ? text.length - 1 : end;
      current += text.slice(i, stop + 1);
      i = stop;
      continue;
    }
    if (ch === '`') quote = ch;
    if ('([{'.includes(ch)) depth += 1;
    if (')]}'.includes(ch)) depth -= 1;
    if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(current.trim());
      current = '';
      i += separator.length - 1;
      continue;
    }
    current += ch;
  }
  parts.push(current.trim());
  return parts;
}

/** The text inside the parentheses that start at `open` (which must be `(`), or null when unbalanced. */
function insideParens(text: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth += 1;
    else if (text[i] === ')') {
      depth -= 1;
      if (depth === 0) return i === text.length - 1 ? text.slice(open + 1, i) : null;
    }
  }
  return null;
}

// A long string constant is printed cut, without its closing quote (`"called without peeker pointing to 'for' identif...`),
// maybe inside an escape, whose backslash is then the last thing before the dots (`"…implementation.\...`).
const CONSTANT = /^(?:-?[0-9][0-9a-fA-FxXoObB_.+-]*i?|"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*\\?\.\.\.|`[^`]*`|'(?:[^'\\]|\\.)+'|true|false|nil)$/;
const NAME_CHAIN = /^[*&]*[\p{L}_.~#][\p{L}\p{N}_.~#]*$/u;

/** True when a printed size argument is a compile-time constant (after 1.25 constant rewriting). */
export function isConstantExpression(text: string): boolean {
  return /^[0-9a-fA-FxXoObB_ ()+\-*/<>%&|^]+$/.test(text.trim()) && /[0-9]/.test(text);
}

/**
 * Parsed subjects by their text: every rule asks about the record's subject in turn (and
 * repeated subjects are common), so each distinct text is parsed once. Bounded, since the
 * texts come from the log; results are frozen, being shared.
 */
const parsedSubjects = new Map<string, Readonly<Subject>>();
const PARSED_SUBJECTS_KEPT = 10_000;

export function parseSubject(text: string): Readonly<Subject> {
  let subject = parsedSubjects.get(text);
  if (subject === undefined) {
    if (parsedSubjects.size >= PARSED_SUBJECTS_KEPT) parsedSubjects.clear();
    subject = Object.freeze(parseSubjectText(text));
    parsedSubjects.set(text, subject);
  }
  return subject;
}

function parseSubjectText(text: string): Subject {
  const s = text.trim();
  if (s === 'func literal') return { form: 'func-literal', text: s };
  if (s === '... argument') return { form: 'variadic', text: s };
  // Bare `append` is the backing array an append allocates (Go 1.25+). The whole call printed as a
  // subject (`append(s, x)`, any version) is that call's result converted to an interface: a box.
  if (s === 'append') return { form: 'append', text: s };
  if (s.startsWith('new(')) return { form: 'new', text: s };
  if (s.startsWith('make(')) {
    const inner = insideParens(s, 4);
    const args = inner === null ? [] : splitTopLevel(inner);
    const type = args[0] ?? '';
    const makeKind = type.startsWith('[]') ? 'slice' : type.startsWith('map[') ? 'map' : type.startsWith('chan') ? 'chan' : 'named';
    return { form: 'make', text: s, makeKind, makeType: type, makeArgs: args.slice(1) };
  }
  if (s.startsWith('&') && s.endsWith('}')) return { form: 'pointer-literal', text: s };
  // A literal of a generic shape type (`append(S{}, s...)` in slices.Clone prints `go.shape.[]uint8{}`).
  const literal = s.startsWith('go.shape.') ? s.slice('go.shape.'.length) : s;
  if (literal.startsWith('[]') && literal.endsWith('}')) return { form: 'slice-literal', text: s };
  if (literal.startsWith('map[') && literal.endsWith('}')) return { form: 'map-literal', text: s };
  // A nil converted to a type (`([]byte)(nil)`): no string is copied, and the box comes from static data.
  if (/^\(.*\)\(nil\)$/.test(s) && insideParens(s, s.lastIndexOf('(nil)')) === 'nil') return { form: 'constant', text: s };
  if (s.startsWith('([]byte)(')) return { form: 'bytes-conversion', text: s };
  if (s.startsWith('([]rune)(')) return { form: 'runes-conversion', text: s };
  if (s.startsWith('string(') && insideParens(s, 6) !== null) return { form: 'string-conversion', text: s };
  if (CONSTANT.test(s)) return { form: 'constant', text: s };
  // A constant converted to a basic type (`uint32(4711)`, Go 1.25+ rewriting a variable to its value).
  const basic = /^(?:u?int(?:8|16|32|64)?|uintptr|float(?:32|64)|complex(?:64|128)|byte|rune|bool|string)\((.*)\)$/.exec(s);
  if (basic !== null && CONSTANT.test(basic[1] ?? '')) return { form: 'constant', text: s };
  if (/^go\.shape\.[\w.]+\((.*)\)$/.test(s)) {
    const inner = s.slice(s.indexOf('(') + 1, -1);
    return { form: CONSTANT.test(inner) ? 'constant' : 'conversion', text: s };
  }
  if (splitTopLevel(s, ' + ').length > 1) return { form: 'concatenation', text: s };
  if (/^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)+$/u.test(s)) return { form: 'selector', text: s };
  // A method or field of a parenthesized operand: `(~r0).ServeHTTP` for `pprof.Handler(n).ServeHTTP`.
  if (/^\([^*].*\)\.[\p{L}_][\p{L}\p{N}_]*$/u.test(s) && insideParens(s.slice(0, s.lastIndexOf('.')), 0) !== null) return { form: 'selector', text: s };
  if (s.endsWith('}') && !s.startsWith('&')) return { form: 'composite-value', text: s };
  if (s.endsWith(')') && s.includes('(')) return { form: 'conversion', text: s };
  if (NAME_CHAIN.test(s)) return { form: 'value', text: s };
  return { form: 'value', text: s };
}

/** The last component of a selector subject: `M` for `t.M`. */
export function selectorName(text: string): string {
  const dot = text.lastIndexOf('.');
  return dot < 0 ? text : text.slice(dot + 1);
}

/** Sizes of Go's predeclared types on 64-bit targets, for -m=1 size estimates. */
const BASIC_SIZES: Readonly<Record<string, number>> = {
  bool: 1, byte: 1, uint8: 1, int8: 1,
  int16: 2, uint16: 2,
  int32: 4, uint32: 4, rune: 4, float32: 4,
  int: 8, uint: 8, int64: 8, uint64: 8, uintptr: 8, float64: 8, complex64: 8,
  complex128: 16, string: 16, any: 16, error: 16,
};

/** Byte size of a printed type when it is built from predeclared types, pointers, arrays and slices. */
export function typeSize(type: string): number | null {
  const t = type.trim();
  if (t.startsWith('*') || t.startsWith('map[') || t.startsWith('chan ') || t.startsWith('func(')) return 8;
  if (t.startsWith('[]')) return 24;
  if (t.startsWith('interface')) return 16;
  const arr = /^\[(\d+)\](.+)$/.exec(t);
  if (arr !== null) {
    const elem = typeSize(arr[2] ?? '');
    return elem === null ? null : Number(arr[1]) * elem;
  }
  return BASIC_SIZES[t] ?? null;
}

/**
 * Bytes an implicit allocation needs when the subject spells it out with constants:
 * `new([100000]byte)`, `make([]byte, 100000)`. Null when unknown.
 */
export function constantAllocationSize(subject: Subject): number | null {
  if (subject.form === 'new') {
    return typeSize(subject.text.slice(4, -1));
  }
  if (subject.form === 'make' && subject.makeKind === 'slice' && subject.makeType !== undefined) {
    const elem = typeSize(subject.makeType.slice(2));
    const sizeArg = subject.makeArgs?.[subject.makeArgs.length - 1];
    if (elem === null || sizeArg === undefined || !/^\d+$/.test(sizeArg)) return null;
    return elem * Number(sizeArg);
  }
  return null;
}

/** Binary operators other than `+`, as the compiler prints them (spaced). Any of them at top level makes a number. */
const ARITHMETIC_ONLY = [' - ', ' * ', ' / ', ' % ', ' << ', ' >> ', ' & ', ' | ', ' ^ ', ' &^ '];
const NUMERIC_CONVERSIONS: ReadonlySet<string> = new Set([
  'byte', 'rune', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr',
  'float32', 'float64', 'complex', 'complex64', 'complex128', 'len', 'cap', 'real', 'imag', 'unsafe.Sizeof', 'unsafe.Alignof', 'unsafe.Offsetof',
]);
const STRING_RESULT_CALLS = /^(?:string|strconv\.(?:Itoa|Format\w+|Quote\w*|AppendQuote\w*)|fmt\.Sprint\w*|strings\.(?:Repeat|Join|ToLower|ToUpper|Title|Trim\w*|Replace\w*|Map)|path\.(?:Join|Base|Dir|Clean|Ext)|filepath\.(?:Join|Base|Dir|Clean|Ext|ToSlash|FromSlash))$|\.(?:String|Error|GoString)$/;

/** The callee of an operand that is a call (`strconv.Itoa(n)` → `strconv.Itoa`), or null. */
function calleeOfOperand(text: string): string | null {
  if (!text.endsWith(')')) return null;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === ')') depth += 1;
    else if (text[i] === '(') {
      depth -= 1;
      if (depth === 0) return i > 0 ? text.slice(0, i) : null;
    }
  }
  return null;
}

/** What one operand of `+` shows on its face: a string literal, a number, a slice expression (only strings slice and add). */
export function operandStringness(text: string): 'string' | 'non-string' | null {
  const s = text.trim();
  if (s.startsWith('"') || s.startsWith('`')) return 'string';
  if (CONSTANT.test(s)) return s === 'true' || s === 'false' || s === 'nil' ? null : 'non-string';
  if (s.endsWith(']')) {
    const open = s.lastIndexOf('[');
    if (open > 0 && splitTopLevel(s.slice(open + 1, -1), ':').length > 1) return 'string';
  }
  const callee = calleeOfOperand(s);
  if (callee !== null) {
    if (NUMERIC_CONVERSIONS.has(callee)) return 'non-string';
    if (STRING_RESULT_CALLS.test(callee)) return 'string';
  }
  return null;
}

/**
 * For a `+` subject: `string` when it is a concatenation, `non-string` when it is arithmetic, from
 * the printed operands alone (another top-level operator, a literal, a slice expression, a
 * well-known call); null when the operands do not say. Go never mixes the two, so one operand decides.
 */
export function sumStringness(text: string): { kind: 'string' | 'non-string' | null; operands: string[] } {
  const operands = splitTopLevel(text.trim(), ' + ');
  if (ARITHMETIC_ONLY.some((op) => splitTopLevel(text.trim(), op).length > 1)) return { kind: 'non-string', operands };
  const kinds = new Set(operands.map(operandStringness).filter((k) => k !== null));
  return { kind: kinds.size === 1 ? ([...kinds][0] ?? null) : null, operands };
}
