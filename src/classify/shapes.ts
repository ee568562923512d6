/**
 * Shape types in printed expressions. The compiler compiles generic code once per GC shape and
 * prints each type parameter as its shape: the underlying type after `go.shape.`
 * (`make([]go.shape.int, n)`, `&node[go.shape.interface {}]{...}`,
 * `go.shape.[]string{}`, `go.shape.struct { example.com/p.kind int }`). No source writes that
 * name (`go` is a keyword), so the marker can be found by its text alone.
 */

export const SHAPE_MARK = 'go.shape.';

/** Whether printed text holds a shape type. */
export function hasShape(text: string): boolean {
  return text.includes(SHAPE_MARK);
}

/** The index past the bracket that closes the one at `open` (`(`, `[` or `{`), or -1. */
function closeOf(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** A name as types print it: an identifier, qualified by an import path (`example.com/p/v2.T`). */
const QUALIFIED_NAME = /^(?:[\p{L}\p{N}_.~-]+\/)*[\p{L}_][\p{L}\p{N}_.-]*/u;

/**
 * The end of the type printed at `start` (as go/types writes it: `[]*T`, `map[K]V`, `chan T`,
 * `func(A) (B, C)`, `interface {}`, `struct { f int }`, `path.T[A, B]`); `start` when none is
 * there.
 */
export function typeEnd(text: string, start: number): number {
  let i = start;
  for (;;) {
    if (text.startsWith('[]', i) || text[i] === '*') i += text[i] === '*' ? 1 : 2;
    else if (text.startsWith('chan ', i)) i += 5;
    else if (text.startsWith('<-chan ', i)) i += 7;
    else if (text.startsWith('chan<- ', i)) i += 7;
    else if (text[i] === '[' && /^\[\d+\]/.test(text.slice(i, i + 24))) i = text.indexOf(']', i) + 1;
    else break;
  }
  if (text.startsWith('map[', i)) {
    const close = closeOf(text, i + 3);
    const value = close < 0 ? close : typeEnd(text, close);
    return value === close ? start : value;
  }
  if (text.startsWith('func(', i)) {
    const close = closeOf(text, i + 4);
    if (close < 0) return start;
    // A result list, or one result type after a space.
    if (text.startsWith(' (', close)) {
      const results = closeOf(text, close + 1);
      return results < 0 ? close : results;
    }
    if (text[close] === ' ') {
      const result = typeEnd(text, close + 1);
      if (result > close + 1) return result;
    }
    return close;
  }
  for (const keyword of ['interface {', 'struct {', 'interface{', 'struct{']) {
    if (text.startsWith(keyword, i)) {
      const close = closeOf(text, i + keyword.length - 1);
      return close < 0 ? start : close;
    }
  }
  const name = QUALIFIED_NAME.exec(text.slice(i))?.[0];
  if (name === undefined) return start;
  i += name.length;
  // Type arguments of a generic type.
  if (text[i] === '[') {
    const close = closeOf(text, i);
    if (close > 0) i = close;
  }
  return i;
}

/**
 * The printed text with each shape type (its `go.shape.` mark and the type after it) replaced by
 * `placeholder`; marks whose type cannot be read stay as they are.
 */
export function replaceShapes(text: string, placeholder: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(SHAPE_MARK); at >= 0; at = text.indexOf(SHAPE_MARK, from)) {
    const end = typeEnd(text, at + SHAPE_MARK.length);
    if (end === at + SHAPE_MARK.length) {
      out += text.slice(from, end);
      from = end;
      continue;
    }
    out += text.slice(from, at) + placeholder;
    from = end;
  }
  return out + text.slice(from);
}

/** The text with the shape marks taken off: each type parameter as its shape's type (`[]int`, `interface {}`). */
export function withoutShapeMarks(text: string): string {
  return text.split(SHAPE_MARK).join('');
}
