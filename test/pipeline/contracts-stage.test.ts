/**
 * Which directory a package a saved log names lives in: its section also shows files of other
 * packages (generic functions instantiated there), and a wrong choice leaves the package's own
 * contracts unchecked (`invalid-directive`) and its violations unreported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importPathIn } from '../../src/contracts/stage.js';
import { logPackageDirs } from '../../src/pipeline/contracts-stage.js';
import { lintLiveAndFromLog, tempDir, writeFiles } from '../cli/go-module.js';

const R = path.join(path.sep, 'r');
const at = (...parts: string[]): string => path.join(R, ...parts);

describe('logPackageDirs', () => {
  const byModule = (dir: string): string | null => {
    const rel = path.relative(R, dir).split(path.sep).join('/');
    return rel.startsWith('..') ? null : `example.com/m/${rel}`;
  };

  it('takes the directory whose import path is the package, not the first in sorted order', () => {
    const dirs = logPackageDirs(
      new Map([
        ['example.com/m/z', new Set([at('a'), at('z')])],
        ['example.com/m/z_test', new Set([at('a'), at('z')])],
        ['example.com/m/a', new Set([at('a')])],
      ]),
      byModule,
    );
    expect([...dirs]).toEqual([
      ['example.com/m/z', at('z')],
      ['example.com/m/z_test', at('z')],
      ['example.com/m/a', at('a')],
    ]);
  });

  it('without a match, the directory ending in most of the import path, then the first', () => {
    const dirs = logPackageDirs(
      new Map([
        // Vendored: the go.mod says example.com/m/vendor/golang.org/x/text/width.
        ['golang.org/x/text/width', new Set([at('a'), at('vendor', 'golang.org', 'x', 'text', 'width'), at('vendor', 'golang.org', 'x', 'text', 'unicode', 'norm')])],
        ['example.com/other/q', new Set([at('p'), at('b')])],
      ]),
      byModule,
    );
    expect([...dirs]).toEqual([
      ['golang.org/x/text/width', at('vendor', 'golang.org', 'x', 'text', 'width')],
      ['example.com/other/q', at('b')],
    ]);
  });
});

describe('importPathIn', () => {
  it('joins the module path and the directory', () => {
    const m = { dir: at(), path: 'example.com/m' };
    expect([importPathIn(m, at()), importPathIn(m, at('a', 'b')), importPathIn(m, path.join(path.sep, 'elsewhere'))]).toEqual(['example.com/m', 'example.com/m/a/b', null]);
  });

  it('names the packages of GOROOT/src (module std) by their directory alone', () => {
    const std = { dir: at('goroot', 'src'), path: 'std' };
    expect([importPathIn(std, at('goroot', 'src', 'internal', 'trace')), importPathIn(std, at('goroot', 'src'))]).toEqual(['internal/trace', null]);
    expect(importPathIn({ dir: at('goroot', 'src', 'cmd'), path: 'cmd' }, at('goroot', 'src', 'cmd', 'go'))).toBe('cmd/go');
  });
});

describe('contracts from a saved log (real go build)', () => {
  let root: string;
  beforeAll(() => {
    root = tempDir('heaplint-log-dirs-');
    writeFiles(root, {
      'go.mod': 'module example.com/m\n\ngo 1.22\n',
      // a sorts before z, and z instantiates a's generic function: z's section shows a/a.go.
      'a/a.go': 'package a\n\ntype T struct{ n int }\n\nfunc New(n int) *T { return &T{n} }\n\nfunc Each[E any](xs []E, f func(E)) {\n\tfor _, x := range xs {\n\t\tf(x)\n\t}\n}\n',
      'z/z.go':
        'package z\n\nimport "example.com/m/a"\n\nvar sink *a.T\n\nvar total int\n\n//heaplint:noescape\nfunc Sum(xs []int) {\n\ta.Each(xs, func(x int) { total += x })\n}\n\n//heaplint:noescape\nfunc Keep() {\n\tsink = a.New(1)\n}\n',
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('gives the findings the build gives: the violation in z, no invalid directive', async () => {
    const { buildLog, live, fromLog, findings } = await lintLiveAndFromLog(root);
    expect(buildLog).toContain('./a/a.go:7:6: can inline a.Each[go.shape.int]');
    expect([live.code, live.stderr, fromLog.code, fromLog.stderr]).toEqual([0, '', 0, '']);
    expect(findings.live).toEqual(['pointer-escape a/a.go:5:29', 'contract-violation z/z.go:16:14', 'pointer-escape z/z.go:16:14']);
    expect(findings.fromLog).toEqual(findings.live);
  }, 60_000);
});
