/**
 * The contracts stage: which files it checks, and the same corpus findings as the pure checker,
 * from the captured Go 1.26 log and from a live `go list` + `go build`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { fileMayHoldDirective, mayHoldDirective, modulePathOf, runContractStage } from '../../src/contracts/stage.js';
import type { Finding } from '../../src/findings/finding.js';
import { parseText } from '../../src/parse/stream.js';
import { BUILT, CORPUS_DIR, MODULE, resolveCorpus } from './corpus.js';
import { brief, CORPUS_FINDINGS } from './corpus-findings.js';

const REPO = path.resolve(CORPUS_DIR, '../../..');
const GO126 = { major: 1, minor: 26 };

function corpusPackageDirs(): Map<string, string> {
  return new Map([...BUILT].map((p) => [p, path.join(CORPUS_DIR, p.slice(MODULE.length + 1))]));
}

/** The stage over the captured Go 1.26 log of the corpus. */
function capturedLogFindings(): Promise<Finding[]> {
  const { records } = parseText(readFileSync(path.join(CORPUS_DIR, 'go1.26.m2.txt'), 'utf8'));
  return runContractStage({
    repoRoot: REPO,
    records,
    resolve: resolveCorpus,
    builtPackages: BUILT,
    packageDirs: corpusPackageDirs(),
    goVersion: GO126,
  });
}

describe('runContractStage on the contracts corpus', () => {
  test('captured log: the corpus findings, with the unbuilt package found by scanning the module', async () => {
    const findings = await capturedLogFindings();
    expect(findings.map(brief)).toEqual(CORPUS_FINDINGS);
  });

  test('misspelt words are left to the policy stage: no finding at their positions', async () => {
    const findings = await capturedLogFindings();
    const directivesFile = findings.filter((f) => f.file === 'test/fixtures/contracts/directives/directives.go');
    expect(directivesFile.map((f) => [f.line, f.subject])).toEqual([[18, '//heaplint:noescape']]);
  });

  const GO_BIN = '/usr/local/go/bin';
  (existsSync(`${GO_BIN}/go`) ? test : test.skip)(
    'live go list -json + go build -gcflags=-m=2 ./...: the same findings',
    async () => {
      const env = { PATH: `${GO_BIN}${path.delimiter}${process.env.PATH ?? ''}`, GOTOOLCHAIN: 'local', GOFLAGS: '' };
      const list = await execa('go', ['list', '-json=ImportPath,Dir', './...'], { cwd: CORPUS_DIR, env });
      const packageDirs = new Map<string, string>();
      for (const m of list.stdout.matchAll(/"Dir": "([^"]+)",\s*"ImportPath": "([^"]+)"/g)) packageDirs.set(m[2]!, m[1]!);
      expect([...packageDirs.keys()].sort()).toEqual([...BUILT].sort());
      const build = await execa('go', ['build', '-gcflags=-m=2', './...'], { cwd: CORPUS_DIR, env, reject: false });
      expect(build.exitCode).toBe(0);
      const findings = await runContractStage({
        repoRoot: REPO,
        records: parseText(build.stderr).records,
        resolve: resolveCorpus,
        builtPackages: new Set(packageDirs.keys()),
        packageDirs,
        goVersion: GO126,
      });
      expect(findings.map(brief)).toEqual(CORPUS_FINDINGS);
    },
    120_000,
  );
});

describe('runContractStage: which files are checked', () => {
  let repo: string;

  const CONTRACT = (pkg: string): string => `package ${pkg}\n\n//heaplint:noescape\nfunc F() int { return 1 }\n`;
  const FILES: Record<string, string> = {
    'go.mod': 'module "example.com/r" // quoted is legal\n\ngo 1.22\n',
    'a/a.go': CONTRACT('a'),
    'a/a_test.go': CONTRACT('a'),
    'a/a_windows.go': CONTRACT('a'),
    'b/b.go': CONTRACT('b'),
    'b/plain.go': 'package b\n\n// heaplint: mentioned in prose only.\nfunc G() {}\n',
    'c/c.go': 'package c\n\n//heaplint:noescpae\nfunc H() {}\n',
    'd/e/deep.go': 'package e\n\nfunc I() int {\n\treturn 2 //gcassert:inline\n}\n',
    'vendor/v/v.go': CONTRACT('v'),
    'a/testdata/t.go': CONTRACT('t'),
    'node_modules/n/n.go': CONTRACT('n'),
    '_tools/t.go': CONTRACT('t'),
    '.cache/c.go': CONTRACT('c'),
    'other/go.mod': 'module example.com/other\n',
    'other/o.go': CONTRACT('o'),
    'other/sub/s.go': CONTRACT('s'),
  };

  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'heaplint-stage-'));
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
      writeFileSync(path.join(repo, rel), text);
    }
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  // `F` in a/a.go compiles to `can inline F` and no heap verdict: its contract holds.
  const log = '# example.com/r/a\na/a.go:4:6: can inline F with cost 2 as: func() int { return 1 }\n';

  async function run(extra: { compiledFiles?: ReadonlyMap<string, readonly string[]>; outsideDir?: string } = {}): Promise<string[]> {
    const packageDirs = new Map([['example.com/r/a', path.join(repo, 'a')]]);
    if (extra.outsideDir !== undefined) packageDirs.set('example.com/elsewhere', extra.outsideDir);
    const findings = await runContractStage({
      repoRoot: repo,
      records: parseText(log).records,
      resolve: (printed) => printed,
      builtPackages: new Set(packageDirs.keys()),
      packageDirs,
      goVersion: GO126,
      ...(extra.compiledFiles === undefined ? {} : { compiledFiles: extra.compiledFiles }),
    });
    return findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message}`);
  }

  test('built dirs are checked; other contracts of the module are never-checked errors; other modules and ignored dirs are skipped', async () => {
    expect(await run()).toEqual([
      'invalid-directive a/a_test.go:3:1 //heaplint:noescape is never checked: `go build` does not compile test files.',
      'invalid-directive b/b.go:3:1 //heaplint:noescape is never checked: package `example.com/r/b` was not built.',
      'invalid-directive d/e/deep.go:4:11 //gcassert:inline is never checked: package `example.com/r/d/e` was not built.',
    ]);
  });

  test('with go list file names, a built-dir file the build did not compile is never checked', async () => {
    expect(await run({ compiledFiles: new Map([['example.com/r/a', ['a.go']]]) })).toEqual([
      'invalid-directive a/a_test.go:3:1 //heaplint:noescape is never checked: `go build` does not compile test files.',
      'invalid-directive a/a_windows.go:3:1 //heaplint:noescape is never checked: the build did not compile this file (excluded by build constraints).',
      'invalid-directive b/b.go:3:1 //heaplint:noescape is never checked: package `example.com/r/b` was not built.',
      'invalid-directive d/e/deep.go:4:11 //gcassert:inline is never checked: package `example.com/r/d/e` was not built.',
    ]);
  });

  test('a built package outside the repository adds nothing', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'heaplint-outside-'));
    try {
      writeFileSync(path.join(outside, 'x.go'), CONTRACT('x'));
      expect(await run({ outsideDir: outside })).toEqual(await run());
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('tells onScan of every file it scanned, with the ids it scanned against', async () => {
    const seen: string[] = [];
    const ids = ['interface-boxing'];
    await runContractStage({
      repoRoot: repo,
      records: [],
      resolve: (printed) => printed,
      builtPackages: new Set(['example.com/r/a']),
      packageDirs: new Map([['example.com/r/a', path.join(repo, 'a')]]),
      goVersion: GO126,
      knownRuleIds: ids,
      onScan: (file, scan, scannedWith) => seen.push(`${file} ${scan.directives.length} ${scannedWith === ids ? 'same ids' : 'other ids'}`),
    });
    // The built directory's files, and the module's other files that hold a directive; b/plain.go
    // only mentions one in prose and is not scanned.
    expect(seen).toEqual(['a/a.go 1 same ids', 'a/a_test.go 1 same ids', 'a/a_windows.go 1 same ids', 'b/b.go 1 same ids', 'c/c.go 1 same ids', 'd/e/deep.go 1 same ids']);
  });

  test('nothing built in the repository: nothing to check', async () => {
    const findings = await runContractStage({
      repoRoot: repo,
      records: [],
      resolve: () => null,
      builtPackages: new Set(),
      packageDirs: new Map(),
      goVersion: null,
    });
    expect(findings).toEqual([]);
  });
});

describe('modulePathOf', () => {
  test('reads bare, quoted and commented module lines', () => {
    expect(modulePathOf('// c\nmodule example.com/a // x\n\ngo 1.22\n')).toBe('example.com/a');
    expect(modulePathOf('module "example.com/b"\n')).toBe('example.com/b');
    expect(modulePathOf('module `example.com/c`\n')).toBe('example.com/c');
    expect(modulePathOf('go 1.22\n')).toBeNull();
  });
});

describe('mayHoldDirective and fileMayHoldDirective', () => {
  const cases: [string, boolean][] = [
    ['package p\n\n//heaplint:noescape\nfunc f() {}\n', true],
    ['package p\n\nfunc f() {} //gcassert:inline\n', true],
    ['package p\n\n// heaplint: prose, not a directive\n', false],
    ['package p\n\n/* //heaplint:escapes in a block comment still counts: the scan decides */\n', true],
    ['package p\n\nvar s = "é//heaplint:x" // non-ASCII before it\n', true],
    ['package p\n\n//heaplint\n//gcassert\n', false],
    ['', false],
  ];

  test('the text and the file bytes answer alike', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heaplint-may-'));
    try {
      const answers = cases.map(([source], i) => {
        const file = path.join(dir, `f${i}.go`);
        writeFileSync(file, source);
        return [mayHoldDirective(source), fileMayHoldDirective(file)];
      });
      expect(answers).toEqual(cases.map(([, may]) => [may, may]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a marker is found wherever it lies in a large file, across any read boundary', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heaplint-may-'));
    try {
      const filler = 'x'.repeat(700 * 1024);
      const answers = [0, 1, 5, 10, 11, 64 * 1024, 256 * 1024 - 6, 256 * 1024 - 1, 256 * 1024, 512 * 1024 - 3, filler.length].map((at) => {
        const file = path.join(dir, `at${at}.go`);
        writeFileSync(file, filler.slice(0, at) + '//gcassert:inline' + filler.slice(at));
        return [at, fileMayHoldDirective(file)];
      });
      expect(answers.filter(([, may]) => may !== true)).toEqual([]);
      const none = path.join(dir, 'none.go');
      writeFileSync(none, filler + '//gcassert' + filler);
      expect(fileMayHoldDirective(none)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('files are read through one reused buffer: asking of many large files holds no memory', () => {
    // A Buffer per file is memory outside V8's heap that stays until V8 collects it, and lint
    // asks this of every repository file with verdicts: 40 MB here when each file is read whole.
    const dir = mkdtempSync(path.join(tmpdir(), 'heaplint-may-'));
    try {
      const body = 'package p\n' + '// filler\n'.repeat(100_000);
      const files = Array.from({ length: 40 }, (_, i) => path.join(dir, `f${i}.go`));
      for (const f of files) writeFileSync(f, body);
      const before = process.memoryUsage().arrayBuffers;
      let grown = 0;
      const answers = files.map((f) => {
        const may = fileMayHoldDirective(f);
        grown = Math.max(grown, process.memoryUsage().arrayBuffers - before);
        return may;
      });
      expect(answers.every((a) => a === false)).toBe(true);
      expect(grown).toBeLessThan(4 << 20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file that cannot be read may hold one (the contracts stage reports why it cannot read it)', () => {
    expect(fileMayHoldDirective(path.join(tmpdir(), 'heaplint-no-such-dir', 'x.go'))).toBe(true);
  });
});
