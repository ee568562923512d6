/**
 * A package-level map literal past a size is initialized by a function the compiler outlines and
 * names `map.init.0`; a small one in `init`. Both are the package's initialization: `init`, so a
 * finding's function and fingerprint do not change when entries are added. fixtures/mapinit:
 * real go1.26 -m=2 output.
 */
import { classifyFixture, sameFromLint } from './fixture-module.js';

type Brief = { line: number; column: number; function: string | null; subject: string };
const brief = (f: Brief): string => `${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`;

const EXPECTED = ['5:27 init map[string]int{...}', '39:27 init map[string]int{...}', '42:34 init map[string]func() int{...}'];

test("an outlined map initializer's findings are init's", () => {
  expect(classifyFixture('mapinit').map(brief).filter((b) => !b.endsWith('func literal'))).toEqual(EXPECTED);
});

sameFromLint('mapinit', (f) => brief(f), classifyFixture('mapinit').map(brief));
