/**
 * A returned value names the result it is returned as when the function names its results; a
 * temporary of the compiler's (`~r1`, `.autotmp_24`, which yaml.v3's getStructInfo showed when an
 * inlined call's results pass through one; `ring.~r0` in generic code compiled where it is
 * instantiated) is no name the reader knows.
 */
import { routeClause } from '../../src/classify/evidence.js';

test('returned as a named result, not as a compiler temporary', () => {
  // Generic code compiled in another package qualifies them (`ring.~r0`).
  expect(['err', '~r1', '.autotmp_24', 'ring.~r0', 'ring..autotmp_3'].map((target) => routeClause({ kind: 'return', target, step: null }))).toEqual([
    'returned to the caller (as result `err`)',
    'returned to the caller',
    'returned to the caller',
    'returned to the caller',
    'returned to the caller',
  ]);
});

test("an assignment's target with the compiler's names in it is named by what holds it", () => {
  expect(['errors[.autotmp_16.String()]', 'm[k]', '.autotmp_3'].map((target) => routeClause({ kind: 'assign', target, step: null }))).toEqual([
    'assigned to an element of `errors`, a global or heap location',
    'assigned to `m[k]`, a global or heap location',
    'stored in a global or heap location',
  ]);
});
