/**
 * A package's name is what its files declare, which its import path need not end in
 * (example.com/versionedpkg/q/v2 is package q, github.com/nats-io/nats.go package nats): the
 * type of a constant inlined from it (`q.delayOpt(500000000)`) is looked up in that package, so
 * the box is known to be read-only data. Real go1.26 -m=2 output (fixtures/versionedpkg).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classify } from '../../src/classify/classify.js';
import { cliIn, GO_BIN } from '../cli/go-module.js';
import { verdicts } from './helpers.js';

const DIR = path.join(import.meta.dirname, 'fixtures', 'versionedpkg');

const EXPECTED = [
  [
    'interface-boxing warning q/v2/q.go:8:36 delayOpt(d)',
    '`delayOpt(d)` escapes to the heap: it is boxed into an interface and assigned to `Sink`, a global or heap location. Store the concrete type, or a generic container, instead of an interface-typed field or global.',
  ],
  [
    'interface-boxing note versionedpkg.go:6:19 q.delayOpt(500000000)',
    '`q.delayOpt(q.d)` (printed as `q.delayOpt(500000000)`) escapes to the heap: it is boxed into an interface and assigned to `q.Sink`, a global or heap location. It is a constant, so the compiler boxes it into read-only data and this does not allocate. Store the concrete type, or a generic container, instead of an interface-typed field or global.',
  ],
];

type Brief = { ruleId: string; level: string; file: string; line: number; column: number; subject: string; message: string };
const brief = (f: Brief): string[] => [`${f.ruleId} ${f.level} ${f.file}:${f.line}:${f.column} ${f.subject}`, f.message];

test("a constant of a type of a package named otherwise than its path's end is known for one", () => {
  const result = classify(verdicts(readFileSync(path.join(DIR, 'm2.log'), 'utf8')), {
    resolver: { resolve: (file) => ({ absolute: path.join(DIR, file), repoRelative: path.normalize(file), outside: null }) },
    goVersion: { major: 1, minor: 26 },
    readSource: (abs) => readFileSync(abs, 'utf8'),
  });
  expect(result.findings.map(brief)).toEqual(EXPECTED);
});

(existsSync(path.join(GO_BIN, 'go')) ? test : test.skip)(
  'the same from heaplint lint on the module, built by the real toolchain',
  async () => {
    const r = await cliIn(DIR, ['lint', './...', '--repo-root', DIR, '--format', 'json', '--fail-level', 'none']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect((JSON.parse(r.stdout) as { findings: Brief[] }).findings.map(brief)).toEqual(EXPECTED);
  },
  60_000,
);
