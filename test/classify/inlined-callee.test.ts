/**
 * A finding at a call whose callee was inlined there joins the finding of that callee's body.
 * Which body, the compiler says (`inlining call to Header.Get`): two methods named Get are not one,
 * and the boxed result of Header.Get in Check stays Check's finding instead of becoming a site
 * of Store.Get's. Without those records (classify on verdicts alone) the callee's written name
 * decides, as before. Real go1.26 -m=2 output (fixtures/inlinedcallee).
 */
import { fixtureModule, sameFromLint } from './fixture-module.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Classifier } from '../../src/classify/classify.js';
import { parseText } from '../../src/parse/stream.js';
import { verdicts } from './helpers.js';

const DIR = fixtureModule('inlinedcallee');

const EXPECTED = [
  ["pointer-escape note 16:16 Store.Get []Opt{...}", "`[]Opt{...}` escapes to the heap: it is assigned to `s.opts`, a global or heap location. Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object.", []],
  ["interface-boxing warning 16:24 Store.Get ~r0", "`Context(…)` (the result of the inlined call, printed as `~r0`) escapes to the heap: it is boxed into an interface and stored in `[]Opt{...}`, which itself escapes. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box).", []],
  ["interface-boxing warning 26:37 Check ~r0", "`h.Get(…)` (the result of the inlined call, printed as `~r0`) escapes to the heap: it is boxed into an interface to call `fmt.Errorf`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.", []],
];

type Brief = { ruleId: string; level: string; line: number; column: number; function: string | null; subject: string; message: string; inlinedAt: unknown };
const brief = (f: Brief): unknown[] => [`${f.ruleId} ${f.level} ${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`, f.message, f.inlinedAt];

test('with the inlining records, a call joins only the body inlined there', () => {
  const text = readFileSync(path.join(DIR, 'm2.log'), 'utf8');
  const options = {
    resolver: { resolve: (file: string) => ({ absolute: path.join(DIR, file), repoRelative: path.normalize(file), outside: null }) },
    goVersion: { major: 1, minor: 26 },
    readSource: (abs: string) => (abs.endsWith('.go') && existsSync(abs) ? readFileSync(abs, 'utf8') : null),
  };
  const strict = new Classifier(options);
  strict.add(verdicts(text));
  strict.addInlinedCalls(parseText(text).records);
  expect(strict.finish().findings.map(brief)).toEqual(EXPECTED);
  // Without them, Check's result of Get is taken for a site of Store.Get's.
  const loose = new Classifier(options);
  loose.add(verdicts(text));
  expect(loose.finish().findings.map((f) => `${f.line}:${f.column} ${f.inlinedAt.map((s) => `${s.line}:${s.column}`).join(',')}`)).toEqual([
    '16:16 ',
    '16:24 26:37',
  ]);
});

sameFromLint('inlinedcallee', brief, EXPECTED);
