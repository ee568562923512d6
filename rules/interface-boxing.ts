import type { Rule } from './rule.js';
import type { Route } from '../src/classify/evidence.js';
import { deciding, explained, findRoute, inlineCode, routeClause } from '../src/classify/evidence.js';
import type { SubjectForm } from '../src/classify/subject.js';
import { parseSubject } from '../src/classify/subject.js';
import { factsOf, subjectPhrase } from '../src/classify/rule-kit.js';

/** Subject forms that are interface conversions themselves (reference §1.3: everything that is not an allocation form). */
const BOXING_FORMS: ReadonlySet<SubjectForm> = new Set(['value', 'constant', 'conversion', 'composite-value', 'selector']);
/** Forms that can also be the box of their own result (`sink = string(b)` prints the box with the conversion's text). */
const BOXABLE_RESULTS: ReadonlySet<SubjectForm> = new Set(['string-conversion', 'bytes-conversion', 'runes-conversion', 'concatenation']);

function clause(route: Route): string {
  if (route.kind === 'call' && route.target !== null) return `it is boxed into an interface to call ${inlineCode(route.target)}`;
  if (route.kind === 'unknown') return 'it is converted to an interface that outlives the function (the log holds no -m=2 explanation for it)';
  return `it is boxed into an interface and ${routeClause(route)}`;
}

function hint(route: Route): string {
  if (route.kind === 'call' && route.target !== null && /^fmt\./.test(route.via ?? route.target)) {
    return 'On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.';
  }
  if (route.kind === 'return') return 'Return the concrete type (or use a type parameter) instead of an interface.';
  if (route.kind === 'assign') return 'Store the concrete type, or a generic container, instead of an interface-typed field or global.';
  return 'Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box).';
}

export const interfaceBoxing: Rule = {
  meta: {
    id: 'interface-boxing',
    name: 'InterfaceBoxing',
    shortDescription: 'A non-pointer value is boxed into an interface and the box escapes to the heap.',
    fullDescription:
      'Converting a non-pointer value (an int, a string, a struct, a slice) to an interface type stores a copy of it in a separate box. When the interface outlives the function - passed to fmt or another function that keeps its arguments, stored in an any field or global, returned as an error or any - the box is heap-allocated. ' +
      'Values the compiler knows at compile time - constants (also converted to a type, E(1)), nil converted to a type, zero values (T{}) and struct or array literals of literals - and values of a type that fits in one byte (bool, byte, int8) or has no size are boxed from static data and do not allocate: those are reported as notes, whatever the rule\'s default level. ' +
      'A literal of a named slice or map type (IDs{...}) escapes as its backing store, not as a box: pointer-escape reports it.',
    helpMarkdown: [
      '## Why it allocates',
      '',
      'An interface value holds a type and a pointer. A non-pointer value converted to an interface is copied into a box the pointer refers to.',
      'If the interface escapes — `fmt.Println(x)`, `var sink any = x`, `return x` from a function returning `any` or `error` — the box is allocated on the heap.',
      '',
      '## Example',
      '',
      '```go',
      'func logID(w io.Writer, id int) {',
      '\tfmt.Fprintf(w, "id=%d\\n", id) // id is boxed into an interface',
      '}',
      '```',
      '',
      'After: format without interfaces, into a concrete writer (through an `io.Writer` the buffer would escape instead: the compiler cannot see what an interface method keeps).',
      '',
      '```go',
      'func logID(w *bytes.Buffer, id int) {',
      '\tvar buf [32]byte',
      '\tb := append(buf[:0], "id="...)',
      '\tb = strconv.AppendInt(b, int64(id), 10)',
      '\tb = append(b, \'\\n\')',
      '\tw.Write(b) // nothing here reaches the heap',
      '}',
      '```',
      '',
      '## Fix',
      '',
      'Use concrete types or generics instead of `any` on hot paths, `strconv` instead of `fmt`, and return concrete types where callers do not need the interface.',
    ].join('\n'),
    defaultLevel: 'warning',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'interface'],
    precision: 'high',
  },
  match(record, context) {
    if (record.kind !== 'escapes-to-heap') return null;
    const facts = factsOf(context);
    const printed = parseSubject(record.subject).form;
    // A conversion that copies (`Pointer(b)` for `type Pointer string`) is a box only when a flow shows it converted here.
    const form = printed === 'conversion' ? (facts.copyingConversion() ?? printed) : printed;
    // A literal of a named slice or map type (IDs{...}) escapes as its backing store, like `[]int{...}`.
    // A slice literal converted to an interface prints twice alike: its backing array, and the box
    // of its slice header, which another flow shows converted here (facts.boxed).
    const slice = form === 'slice-literal' || (form === 'composite-value' && facts.literalKind() === 'slice');
    const boxing =
      (BOXING_FORMS.has(form) && !(form === 'composite-value' && facts.literalKind() !== null)) ||
      ((BOXABLE_RESULTS.has(form) || slice) && facts.boxed) ||
      (form === 'concatenation' && facts.sumKind === 'non-string');
    if (!boxing) return null;
    const route = findRoute(record, facts);
    const constant =
      form === 'constant'
        ? record.subject.endsWith('(nil)')
          ? ' It is nil, so the compiler boxes it from read-only data and this does not allocate.'
          : ' It is a constant, so the compiler boxes it into read-only data and this does not allocate.'
        : facts.staticBox()
          ? ' Its type fits in one byte (or has no size), so the compiler takes the box from static data and this does not allocate.'
          : facts.staticValue()
            ? form === 'conversion'
              ? ' It is a constant, so the compiler boxes it into read-only data and this does not allocate.'
              : record.subject.endsWith('{}')
                ? " It is its type's zero value, so the compiler boxes it from read-only data and this does not allocate."
                : ' Its value is known at compile time (a literal of literals), so the compiler boxes it from read-only data and this does not allocate.'
            : '';
    const evidence = deciding(record);
    if (facts.boxed && !evidence.includes('interface-converted')) evidence.unshift('interface-converted');
    return {
      message: `${subjectPhrase(record)} escapes to the heap: ${clause(route)}.${constant} ${hint(route)}`,
      evidence,
      ...(explained(record) ? {} : { confidence: 'medium' as const }),
      // Nothing is allocated, so it is no warning (go-escape-output.md: constant boxing escapes
      // without allocating; -d=escapedebug=1 says "using global for single-byte interface value").
      ...(constant !== '' ? { level: 'note' as const } : {}),
    };
  },
};

export default interfaceBoxing;
