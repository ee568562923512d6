/**
 * A package's name is what its files declare, which its import path need not end in
 * (example.com/versionedpkg/q/v2 is package q, github.com/nats-io/nats.go package nats): the
 * type of a constant inlined from it (`q.delayOpt(500000000)`) is looked up in that package, so
 * the box is known to be read-only data. Real go1.26 -m=2 output (fixtures/versionedpkg).
 */
import { fixtureTests } from './fixture-module.js';

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

fixtureTests('versionedpkg', "a constant of a type of a package named otherwise than its path's end is known for one", brief, EXPECTED);
