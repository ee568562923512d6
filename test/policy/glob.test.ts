import { globProblem, globToRegExp, matchesAnyGlob, matchesGlob } from '../../src/policy/glob.js';

describe('glob matcher', () => {
  test.each([
    ['*.go', 'main.go', true],
    ['*.go', 'internal/x/main.go', true],
    ['*_test.go', 'pkg/a_test.go', true],
    ['*_test.go', 'pkg/a.go', false],
    ['internal/*.go', 'internal/a.go', true],
    ['internal/*.go', 'internal/x/a.go', false],
    ['internal/**/*.go', 'internal/a.go', true],
    ['internal/**/*.go', 'internal/x/y/a.go', true],
    ['internal/**', 'internal/x/y/a.go', true],
    ['internal/**', 'internalx/a.go', false],
    ['**/gen/**', 'a/gen/b.go', true],
    ['**/gen/**', 'gen/b.go', true],
    ['gen', 'gen/b.go', true],
    ['gen', 'a/gen/b.go', true],
    ['gen/', 'a/gen/b.go', true],
    ['cmd/tool', 'cmd/tool/main.go', true],
    ['cmd/tool', 'cmd/toolbox/main.go', false],
    ['./cmd/tool', 'cmd/tool/main.go', true],
    ['a?.go', 'ab.go', true],
    ['a?.go', 'a/.go', false],
    ['[ab].go', 'b.go', true],
    ['[!ab].go', 'b.go', false],
    ['*.{pb,gen}.go', 'api/x.pb.go', true],
    ['*.{pb,gen}.go', 'api/x.gen.go', true],
    ['*.{pb,gen}.go', 'api/x.go', false],
    ['{a,b}/{c,d}.go', 'b/c.go', true],
    ['a+b(c).go', 'a+b(c).go', true],
    ['*.go', 'dir\\win.go', true],
  ])('%s matches %s: %s', (pattern, file, expected) => {
    expect(matchesGlob(file, pattern)).toBe(expected);
  });

  test('regular expression for a ** pattern', () => {
    expect(globToRegExp('internal/**/*.go').source).toBe('^internal\\/(?:[^/]*\\/)*[^/]*\\.go(?:\\/.*)?$');
  });

  test('matchesAnyGlob', () => {
    expect(matchesAnyGlob('a/b.go', [])).toBe(false);
    expect(matchesAnyGlob('a/b.go', ['x/**', 'b.go'])).toBe(true);
  });

  test('globProblem', () => {
    expect(['ok/**', ' ', '/abs', 'C:\\x', 'a{b', 'a{b{c}}'].map(globProblem)).toEqual([
      null,
      'empty pattern',
      'must be relative to the repository root',
      'must be relative to the repository root',
      'unbalanced braces',
      'nested braces are not supported',
    ]);
  });
});
