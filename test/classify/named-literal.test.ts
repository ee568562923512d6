/**
 * A composite literal of a named slice or map type (`IDs{...}` for `type IDs []int`) escapes as
 * its backing store, as `[]int{...}` does: it is no interface box, though the compiler prints it
 * like a struct value (`Pair{...}`), which escapes only as a box. Which one it is comes from the
 * type's declaration, also when a file of its own, with no verdict, declares it. A literal of a
 * generic shape type (`go.shape.[]uint8{}`, a Clone's `append(S{}, s...)`) says it in its
 * name (the message quotes the source's `S{}`). A slice literal with no elements (`IDs{}`) has
 * a backing array of no size: nothing is allocated, though converted to an interface its slice
 * header's box is. Real go1.26 -m=2 output (fixtures/namedlit).
 */
import { classifyFixture, sameFromLint } from './fixture-module.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classify } from '../../src/classify/classify.js';
import { verdicts } from './helpers.js';
import { readSourceFile } from '../../src/pipeline/lint.js';

const DIR = path.join(import.meta.dirname, 'fixtures', 'namedlit');

const RETURN_HINT = 'Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill.';
const NO_SIZE = 'It has no elements, so its backing array has no size and this does not allocate.';

const EXPECTED = [
  ['pointer-escape note 12:28 IDs{...}', `\`IDs{...}\` escapes to the heap: it is returned to the caller. ${RETURN_HINT}`],
  [
    'pointer-escape note 14:26 IDs{...}',
    '`IDs{...}` escapes to the heap: it is assigned to `kept`, a global or heap location. Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object.',
  ],
  ['pointer-escape note 16:30 IDs{}', `\`IDs{}\` escapes to the heap: it is returned to the caller. ${NO_SIZE} ${RETURN_HINT}`],
  // Set is declared in types.go, which has no verdict.
  ['pointer-escape note 18:31 Set{...}', `\`Set{...}\` escapes to the heap: it is returned to the caller. ${RETURN_HINT}`],
  [
    'interface-boxing warning 20:33 Pair{...}',
    '`Pair{...}` escapes to the heap: it is boxed into an interface and assigned to `sink`, a global or heap location. Store the concrete type, or a generic container, instead of an interface-typed field or global.',
  ],
  [
    'append-growth note 26:15 append',
    'The backing array grown by `append(S{}, s...)` escapes to the heap: the grown slice is returned to the caller. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls.',
  ],
  ['pointer-escape note 26:17 go.shape.[]uint8{}', `\`S{}\` escapes to the heap: it is returned to the caller. ${NO_SIZE} ${RETURN_HINT}`],
  // Converted to an interface: the box of the slice header allocates, the empty backing array not.
  [
    'interface-boxing warning 33:32 []byte{}',
    '`[]byte{}` escapes to the heap: it is boxed into an interface and assigned to `sink`, a global or heap location. Store the concrete type, or a generic container, instead of an interface-typed field or global.',
  ],
  [
    'pointer-escape note 33:32 []byte{}',
    `\`[]byte{}\` escapes to the heap: it is converted to an interface whose box escapes. ${NO_SIZE} Keep the pointer from outliving the function, or allocate once and reuse the object.`,
  ],
  [
    'interface-boxing warning 35:27 IDs{...}',
    '`IDs{...}` escapes to the heap: it is boxed into an interface and assigned to `sink`, a global or heap location. Store the concrete type, or a generic container, instead of an interface-typed field or global.',
  ],
  ['pointer-escape note 35:27 IDs{...}', '`IDs{...}` escapes to the heap: it is converted to an interface whose box escapes. Keep the pointer from outliving the function, or allocate once and reuse the object.'],
];

type Brief = { ruleId: string; level: string; line: number; column: number; subject: string; message: string };
const brief = (f: Brief): string[] => [`${f.ruleId} ${f.level} ${f.line}:${f.column} ${f.subject}`, f.message];

test('named slice and map literals are allocations, a struct literal is a box, an empty slice allocates nothing', () => {
  expect(classifyFixture('namedlit').map(brief)).toEqual(EXPECTED);
});

test('without the other files of the package, a type declared elsewhere is not known: the literal is left as it was read', () => {
  const result = classify(verdicts(readFileSync(path.join(DIR, 'm2.log'), 'utf8')), {
    resolver: { resolve: (file) => ({ absolute: path.join(DIR, file), repoRelative: file.replace(/^\.\//, ''), outside: null }) },
    goVersion: { major: 1, minor: 26 },
    readSource: readSourceFile,
  });
  expect(result.findings.filter((f) => f.subject === 'Set{...}').map((f) => f.ruleId)).toEqual(['interface-boxing']);
});

sameFromLint('namedlit', brief, EXPECTED);
