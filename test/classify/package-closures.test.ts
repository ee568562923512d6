/**
 * The compiler numbers func literals at package level across the package's files (`init.func3`
 * for the first of b.go after two in a.go); the source scanner, which reads one file, within it.
 * Where the compiler names the function (Go 1.25+ headers), the finding's function is its name,
 * and so is its fingerprint. Real go1.26 -m=2 output (fixtures/pkgclosures).
 */
import { classifyFixture } from './fixture-module.js';

test("a package-level func literal is named by the compiler's number, not its place in its file", () => {
  expect(classifyFixture('pkgclosures').map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`)).toEqual(['interface-boxing b.go:4:34 init.func3 n']);
});
