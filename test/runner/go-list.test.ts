import { HeaplintError } from '../../src/errors.js';
import {
  JsonObjectSplitter,
  checkBuildable,
  checkListedPackages,
  goListArgs,
  packageMaps,
  parseGoList,
  type ListedPackage,
} from '../../src/runner/go-list.js';

const LIST_OUTPUT = `{
	"Dir": "/repo",
	"ImportPath": "example.com/m",
	"Name": "main",
	"Match": ["./..."],
	"GoFiles": ["main.go", "flags.go"],
	"CgoFiles": ["c.go"],
	"TestGoFiles": ["main_test.go"],
	"XTestGoFiles": ["x_test.go"],
	"Module": {
		"Path": "example.com/m",
		"Main": true,
		"Dir": "/repo",
		"GoMod": "/repo/go.mod",
		"GoVersion": "1.22"
	}
}
{
	"Dir": "/repo/sub",
	"ImportPath": "example.com/m/sub",
	"Name": "sub",
	"Module": {
		"Path": "example.com/m",
		"Main": true,
		"Dir": "/repo"
	}
}
{
	"Dir": "/repo/docs",
	"ImportPath": "./docs",
	"Error": {
		"ImportStack": [],
		"Pos": "",
		"Err": "no Go files in /repo/docs"
	}
}
`;

describe('JsonObjectSplitter', () => {
  it('splits concatenated objects fed in arbitrary pieces, braces inside strings included', () => {
    const text = '{"a":"}{\\"","b":{"c":1}}\n{"d":[1,{"e":"x"}]} {"f":"\\\\"}';
    for (const size of [1, 2, 3, 7, text.length]) {
      const s = new JsonObjectSplitter();
      const got: unknown[] = [];
      for (let i = 0; i < text.length; i += size) got.push(...s.push(text.slice(i, i + size)));
      s.end();
      expect(got).toEqual([{ a: '}{"', b: { c: 1 } }, { d: [1, { e: 'x' }] }, { f: '\\' }]);
    }
  });

  it('rejects text between objects and unfinished input', () => {
    expect(() => new JsonObjectSplitter().push('{} oops')).toThrow('go list output: unexpected "o" at offset 3');
    const s = new JsonObjectSplitter();
    s.push('{"a":');
    expect(() => s.end()).toThrow('go list output ended inside a JSON object');
  });
});

describe('parseGoList', () => {
  it('reads import path, dir, name, module and error', () => {
    expect(parseGoList(LIST_OUTPUT)).toEqual([
      {
        importPath: 'example.com/m',
        dir: '/repo',
        name: 'main',
        forTest: null,
        module: { path: 'example.com/m', dir: '/repo' },
        error: null,
        goFiles: ['c.go', 'flags.go', 'main.go'],
        testGoFiles: ['main_test.go', 'x_test.go'],
        match: ['./...'],
      },
      { importPath: 'example.com/m/sub', dir: '/repo/sub', name: 'sub', forTest: null, module: { path: 'example.com/m', dir: '/repo' }, error: null, goFiles: [], testGoFiles: [], match: [] },
      { importPath: './docs', dir: '/repo/docs', name: null, forTest: null, module: null, error: 'no Go files in /repo/docs', goFiles: [], testGoFiles: [], match: [] },
    ]);
  });

  it('builds the import path and module maps', () => {
    const maps = packageMaps(parseGoList(LIST_OUTPUT));
    expect([...maps.packageDirs]).toEqual([
      ['example.com/m', '/repo'],
      ['example.com/m/sub', '/repo/sub'],
      ['./docs', '/repo/docs'],
    ]);
    expect([...maps.moduleDirs]).toEqual([['example.com/m', '/repo']]);
  });
});

describe('checkBuildable', () => {
  const lib: ListedPackage = { importPath: 'example.com/m/t', dir: '/repo/t', name: 't', forTest: null, module: null, error: null, goFiles: [], testGoFiles: ['t_test.go'], match: [] };
  it('refuses a package with only test files that a pattern names as it is', () => {
    expect(() => checkBuildable([{ ...lib, match: ['./t'] }])).toThrow(new HeaplintError('no Go package at example.com/m/t: no non-test Go files in /repo/t'));
    expect(() => checkBuildable([{ ...lib, match: ['./...', 'example.com/m/t'] }])).toThrow('no non-test Go files in /repo/t');
  });
  it('lets wildcards and meta-patterns skip it, as go build does, and leaves packages with Go files or load errors alone', () => {
    for (const m of ['./...', 'example.com/...', 'std', 'all', 'cmd', 'tool', 'work']) expect(() => checkBuildable([{ ...lib, match: [m] }])).not.toThrow();
    expect(() => checkBuildable([{ ...lib, match: ['./t'], goFiles: ['t.go'] }])).not.toThrow();
    expect(() => checkBuildable([{ ...lib, match: ['./t'], error: 'no Go files in /repo/t' }])).not.toThrow();
  });
});

describe('checkListedPackages', () => {
  const ok: ListedPackage = { importPath: 'example.com/m', dir: '/repo', name: 'main', forTest: null, module: null, error: null, goFiles: ['main.go'], testGoFiles: [], match: ['./...'] };

  it('accepts loadable packages, even ones with errors of their own', () => {
    expect(() => checkListedPackages([ok, { ...ok, importPath: 'example.com/m/bad', error: 'bad.go:3:1: syntax error' }], '')).not.toThrow();
  });

  it('rejects a pattern that names no package directory', () => {
    const err = (() => {
      try {
        checkListedPackages([ok, { ...ok, importPath: './docs', name: null, error: 'no Go files in /repo/docs' }], '');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(HeaplintError);
    expect((err as HeaplintError).message).toBe('no Go package at ./docs: no Go files in /repo/docs');
    expect((err as HeaplintError).exitCode).toBe(2);
  });

  it('quotes go list\'s warning when nothing matched', () => {
    expect(() => checkListedPackages([], 'go: warning: "./docs/..." matched no packages\n')).toThrow(
      new HeaplintError('go: warning: "./docs/..." matched no packages'),
    );
  });

  it('builds its argument list with tags', () => {
    expect(goListArgs({ patterns: ['./...'], tags: 'integration,linux' })).toEqual([
      'list',
      '-e',
      '-find',
      '-json=ImportPath,Dir,Name,ForTest,Module,Error,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,Match',
      '-tags',
      'integration,linux',
      '--',
      './...',
    ]);
  });
});
