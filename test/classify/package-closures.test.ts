/**
 * The compiler numbers func literals at package level across the package's files (`init.func3`
 * for the first of b.go after two in a.go); the source scanner, which reads one file, within it.
 * Where the compiler names the function (Go 1.25+ headers), the finding's function is its name,
 * and so is its fingerprint. Real go1.26 -m=2 output (fixtures/pkgclosures).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classify } from '../../src/classify/classify.js';
import { verdicts } from './helpers.js';

const DIR = path.join(import.meta.dirname, 'fixtures', 'pkgclosures');

test("a package-level func literal is named by the compiler's number, not its place in its file", () => {
  const result = classify(verdicts(readFileSync(path.join(DIR, 'm2.log'), 'utf8')), {
    resolver: { resolve: (file) => ({ absolute: path.join(DIR, file), repoRelative: path.normalize(file), outside: null }) },
    goVersion: { major: 1, minor: 26 },
    readSource: (abs) => readFileSync(abs, 'utf8'),
  });
  expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`)).toEqual(['interface-boxing b.go:4:34 init.func3 n']);
});
