import type { Rule } from './rule.js';
import { deciding, explained, findRoute, routeClause } from '../src/classify/evidence.js';
import type { SubjectForm } from '../src/classify/subject.js';
import { parseSubject } from '../src/classify/subject.js';
import { code, factsOf } from '../src/classify/rule-kit.js';

const WHAT: Partial<Record<SubjectForm, string>> = {
  'string-conversion': 'the conversion copies the bytes into a new string',
  'bytes-conversion': 'the conversion copies the string into a new byte slice',
  'runes-conversion': 'the conversion decodes the string into a new rune slice',
  concatenation: 'the concatenation builds a new string',
};

export const stringAllocation: Rule = {
  meta: {
    id: 'string-allocation',
    name: 'StringAllocation',
    shortDescription: 'A string conversion or concatenation allocates a result that escapes to the heap.',
    fullDescription:
      'string(b), []byte(s), []rune(s) and a + b create new backing storage, and so does a conversion to a named string or slice type that changes the representation (Pointer(b) for type Pointer string). When the result escapes (returned, stored, boxed into an interface, passed to a function that keeps it) that storage is heap-allocated on every execution.',
    helpMarkdown: [
      '## Why it allocates',
      '',
      'Strings are immutable, so converting between `string` and `[]byte` / `[]rune` copies the data, and `a + b` builds a new string.',
      'A result that does not escape and is at most 32 bytes can use a stack buffer; a result that escapes is always heap-allocated.',
      '',
      '## Example',
      '',
      '```go',
      'func key(prefix string, id []byte) string {',
      '\treturn prefix + ":" + string(id) // new string returned to the caller',
      '}',
      '```',
      '',
      'After: append into a reusable buffer.',
      '',
      '```go',
      'func appendKey(dst []byte, prefix string, id []byte) []byte {',
      '\tdst = append(dst, prefix...)',
      '\tdst = append(dst, \':\')',
      '\treturn append(dst, id...)',
      '}',
      '```',
      '',
      '## Fix',
      '',
      'Keep working with `[]byte` (`strconv.Append*`, `bytes` functions), build strings with a reused `strings.Builder` or byte buffer,',
      'and remember that `m[string(b)]` lookups and `string(b) == s` comparisons do not allocate.',
    ].join('\n'),
    defaultLevel: 'warning',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'string'],
    precision: 'high',
  },
  match(record, context) {
    if (record.kind !== 'escapes-to-heap') return null;
    const facts = factsOf(context);
    const printed = parseSubject(record.subject).form;
    // `Pointer(b)` for `type Pointer string` copies like `string(b)`.
    const form = printed === 'conversion' ? (facts.copyingConversion() ?? printed) : printed;
    const what = WHAT[form];
    // The box of a converted result is interface-boxing; so is an arithmetic `a + b`, which can only reach the heap boxed.
    if (what === undefined || facts.boxed || (form === 'concatenation' && facts.sumKind === 'non-string')) return null;
    const route = findRoute(record, facts);
    return {
      message: `${code(record.subject)} escapes to the heap: ${what}, which is ${routeClause(route)}. Work with a reused []byte buffer or strings.Builder on hot paths.`,
      evidence: deciding(record),
      ...(explained(record) ? {} : { confidence: 'medium' as const }),
    };
  },
};

export default stringAllocation;
