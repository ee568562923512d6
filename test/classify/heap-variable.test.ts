/**
 * The compiler explains an escape by the location it reaches that outlives the allocation. That
 * is a variable of an outer loop or function, or one that is itself moved to the heap: the two
 * read alike in the explanation (`feed ← &{storage for …}`, `p ← &x`), and only the `moved to
 * heap` verdict of that variable, in the same function, tells them apart. Real go1.26 -m=2 output
 * (fixtures/heapvar: `go build -gcflags=-m=2 ./...` of the module there).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classify } from '../../src/classify/classify.js';
import { cliIn, GO_BIN } from '../cli/go-module.js';
import { verdicts } from './helpers.js';
import { readSourceFile } from '../../src/pipeline/lint.js';

const DIR = path.join(import.meta.dirname, 'fixtures', 'heapvar');

const EXPECTED = [
  [
    'pointer-escape 12:2 feed',
    '`feed` is moved to the heap: its address is assigned to `last`, a global or heap location. Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object.',
  ],
  [
    'string-allocation 12:26 "tag:" + host',
    '`"tag:" + host` escapes to the heap: the concatenation builds a new string, which is stored in `feed`, a variable that is itself moved to the heap. Work with a reused []byte buffer or strings.Builder on hot paths.',
  ],
  [
    'pointer-escape 13:19 make([]string, n)',
    '`make([]string, n)` escapes to the heap: it is stored in `feed`, a variable that is itself moved to the heap. Keep that variable on the stack (its own finding says why it moves), or store a value instead of a pointer in it.',
  ],
  // `p` stays on the stack: it outlives the loop iteration that declares `x`.
  [
    'pointer-escape 21:3 x',
    '`x` is moved to the heap: its address is assigned to `p`, which outlives the loop iteration or closure that created it. Declare the variable inside the loop or closure that uses it, or allocate once and reuse it.',
  ],
];

const brief = (f: { ruleId: string; line: number; column: number; subject: string; message: string }): string[] => [`${f.ruleId} ${f.line}:${f.column} ${f.subject}`, f.message];

test('what is stored in a variable moved to the heap escapes with it; a variable of an outer loop only outlives', () => {
  const result = classify(verdicts(readFileSync(path.join(DIR, 'm2.log'), 'utf8')), {
    resolver: { resolve: (file) => ({ absolute: path.join(DIR, file), repoRelative: file.replace(/^\.\//, ''), outside: null }) },
    goVersion: { major: 1, minor: 26 },
    readSource: readSourceFile,
  });
  expect(result.findings.map(brief)).toEqual(EXPECTED);
});

(existsSync(path.join(GO_BIN, 'go')) ? test : test.skip)(
  'the same from heaplint lint on the module, built by the real toolchain',
  async () => {
    const r = await cliIn(DIR, ['lint', './...', '--repo-root', DIR, '--format', 'json', '--fail-level', 'none']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect((JSON.parse(r.stdout) as { findings: { ruleId: string; line: number; column: number; subject: string; message: string }[] }).findings.map(brief)).toEqual(EXPECTED);
  },
  60_000,
);
