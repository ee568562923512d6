import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkContracts, type CheckContractsInput, type ContractFile } from '../../src/contracts/check.js';
import type { Finding } from '../../src/findings/finding.js';
import { parseText } from '../../src/parse/stream.js';
import { scanDirectives } from '../../src/source/directive-scanner.js';
import { BUILT, CORPUS_DIR, corpusFiles, KNOWN_RULES, resolveCorpus } from './corpus.js';
import { brief, CORPUS_FINDINGS } from './corpus-findings.js';

const GO126 = { major: 1, minor: 26 };

function corpusFindings(): Finding[] {
  const { records } = parseText(readFileSync(join(CORPUS_DIR, 'go1.26.m2.txt'), 'utf8'));
  return checkContracts({ files: corpusFiles(), records, resolve: resolveCorpus, builtPackages: BUILT, goVersion: GO126 });
}

describe('the contracts corpus with Go 1.26 -m=2 output', () => {
  const findings = corpusFindings();

  test('every violated, stale and invalid directive is reported, and nothing else', () => {
    expect(findings.map(brief)).toEqual(CORPUS_FINDINGS);
  });

  test('a violation carries the function, package, subject, evidence and the flow with repo paths', () => {
    const buf = findings.find((f) => f.line === 23)!;
    expect(buf).toEqual({
      ruleId: 'contract-violation',
      level: 'error',
      message: '`buf` is moved to the heap in `Encode`, which is marked //heaplint:noescape: it is captured by a closure.',
      file: 'test/fixtures/contracts/codec/codec.go',
      line: 23,
      column: 6,
      endLine: 23,
      endColumn: 9,
      function: 'Encode',
      package: 'example.com/contracts/codec',
      subject: 'buf',
      evidence: ['captured by a closure', 'reference'],
      flow: [
        {
          file: 'test/fixtures/contracts/codec/codec.go',
          line: 25,
          column: 3,
          message: '{storage for func literal} ← &buf: buf (captured by a closure)',
          why: 'captured by a closure',
        },
        {
          file: 'test/fixtures/contracts/codec/codec.go',
          line: 25,
          column: 3,
          message: '{storage for func literal} ← &buf: buf (reference)',
          why: 'reference',
        },
      ],
      inlinedAt: [],
      fingerprint: buf.fingerprint,
    });
    expect(buf.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  test('fingerprints are unique and do not depend on line numbers', () => {
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
    const files = corpusFiles().map((f) =>
      f.repoPath.endsWith('codec/codec.go') ? { ...f, source: `\n\n${f.source}`, directives: scanDirectives(`\n\n${f.source}`, KNOWN_RULES).directives } : f,
    );
    const log = readFileSync(join(CORPUS_DIR, 'go1.26.m2.txt'), 'utf8').replace(/^(codec\/codec\.go):(\d+)/gm, (_, file: string, line: string) => `${file}:${Number(line) + 2}`);
    const shifted = checkContracts({ files, records: parseText(log).records, resolve: resolveCorpus, builtPackages: BUILT, goVersion: GO126 });
    expect(shifted.map((f) => f.fingerprint)).toEqual(findings.map((f) => f.fingerprint));
    expect(shifted.filter((f) => f.file.endsWith('codec.go')).map((f) => f.line)).toEqual(
      findings.filter((f) => f.file.endsWith('codec.go')).map((f) => f.line + 2),
    );
  });

  test('every finding spans what it points at: the subject, the directive or the function name', () => {
    const spans = findings.map((f) => `${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`);
    expect(findings.filter((f) => f.endLine === f.line && f.endColumn <= f.column).map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual([]);
    expect(spans).toContain('contract-violation 23:6-23:9');
  });

  test('the same input gives the same findings in the same order', () => {
    expect(corpusFindings()).toEqual(findings);
  });
});

/** One-file package `example.com/m/p` at `p/p.go`, built, checked against `log`. */
function checkOne(source: string, log: string, over: Partial<CheckContractsInput> = {}, extra: ContractFile[] = []): Finding[] {
  const file: ContractFile = {
    repoPath: 'p/p.go',
    packageImportPath: 'example.com/m/p',
    source,
    directives: scanDirectives(source, KNOWN_RULES).directives,
  };
  return checkContracts({
    files: [file, ...extra],
    records: parseText(log).records,
    resolve: (printed) => (printed.startsWith('/') ? null : printed.replace(/^\.\//, '')),
    builtPackages: new Set(['example.com/m/p', 'example.com/m/q']),
    goVersion: GO126,
    ...over,
  });
}

describe('noescape', () => {
  const source = [
    'package p', // 1
    '', // 2
    '//heaplint:noescape', // 3
    'func F(n int) []int {', // 4
    '\tb := make([]int, n)', // 5
    '\treturn b', // 6
    '}', // 7
    '', // 8
    'func G() *int { return new(int) }', // 9
  ].join('\n');

  test('Go 1.24: a non-constant make escapes with the non-constant size reason', () => {
    const log = [
      '# example.com/m/p',
      'p/p.go:5:11: make([]int, n) escapes to heap:',
      'p/p.go:5:11:   flow: {heap} = &{storage for make([]int, n)}:',
      'p/p.go:5:11:     from make([]int, n) (non-constant size) at p/p.go:5:11',
      'p/p.go:5:11: make([]int, n) escapes to heap',
      'p/p.go:9:24: new(int) escapes to heap',
    ].join('\n');
    expect(checkOne(source, log, { goVersion: { major: 1, minor: 24 } }).map(brief)).toEqual([
      {
        ruleId: 'contract-violation',
        level: 'error',
        file: 'p/p.go',
        line: 5,
        column: 11,
        message: '`make([]int, n)` escapes to the heap in `F`, which is marked //heaplint:noescape: its size is not a compile-time constant.',
      },
    ]);
  });

  test('Go 1.25+: a non-constant make that "does not escape" still violates; a constant one does not', () => {
    const log = ['# example.com/m/p', 'p/p.go:5:11: make([]int, n) does not escape', 'p/p.go:9:24: make([]int, 0x10, 64) does not escape'].join('\n');
    expect(checkOne(source, log).map((f) => [f.line, f.column, f.evidence, f.message])).toEqual([
      [
        5,
        11,
        ['non-constant size'],
        '`make([]int, n)` has a size known only at run time in `F`, which is marked //heaplint:noescape: sizes over 32 bytes are allocated on the heap.',
      ],
    ]);
  });

  test('a verdict is inside the contract by column, not by line substring', () => {
    const oneLine = ['package p', '', '//heaplint:noescape', 'func A() int { return 1 }; func B() *int { return new(int) }'].join('\n');
    const log = ['# example.com/m/p', './p/p.go:4:52: new(int) escapes to heap', './p/p.go:4:23: x escapes to heap'].join('\n');
    expect(checkOne(oneLine, log).map((f) => [f.column, f.subject])).toEqual([[23, 'x']]);
  });

  test('at -m=1 there is no flow, so the message says how to see why', () => {
    const log = ['# example.com/m/p', 'p/p.go:5:11: make([]int, n) escapes to heap'].join('\n');
    expect(checkOne(source, log).map((f) => [f.message, f.evidence, f.flow])).toEqual([
      ['`make([]int, n)` escapes to the heap in `F`, which is marked //heaplint:noescape. Run with -gcflags=-m=2 to see why.', [], []],
    ]);
  });

  test('verdicts in files outside the repository (module cache, GOROOT) are never attributed to a contract', () => {
    const log = ['# example.com/m/p', '/root/go/pkg/mod/example.com/dep@v1.2.3/dep.go:5:11: moved to heap: x'].join('\n');
    expect(checkOne(source, log)).toEqual([]);
  });

  test('a trailing noescape covers every verdict on its line and only that line', () => {
    const src = ['package p', '', 'func H(n int) (any, any) {', '\ta := any(n) //gcassert:noescape', '\treturn a, any(n + 1)', '}'].join('\n');
    const log = ['# example.com/m/p', 'p/p.go:4:10: any(n) escapes to heap', 'p/p.go:5:15: any(n + 1) escapes to heap'].join('\n');
    expect(checkOne(src, log).map(brief)).toEqual([
      {
        ruleId: 'contract-violation',
        level: 'error',
        file: 'p/p.go',
        line: 4,
        column: 10,
        message: '`any(n)` escapes to the heap on a line marked //gcassert:noescape in `H`: it is boxed into an interface.',
      },
    ]);
  });
});

describe('escapes annotations', () => {
  const src = ['package p', '', 'var sink any', '', 'func F(n int) {', '\tsink = n //heaplint:escapes interface-boxing needed', '}'].join('\n');

  test('a live annotation outside any contract produces nothing', () => {
    expect(checkOne(src, '# example.com/m/p\np/p.go:6:9: n escapes to heap')).toEqual([]);
  });

  test('the annotation goes stale when the escape disappears', () => {
    expect(checkOne(src, '# example.com/m/p\np/p.go:6:9: n does not escape').map(brief)).toEqual([
      {
        ruleId: 'stale-annotation',
        level: 'error',
        file: 'p/p.go',
        line: 6,
        column: 11,
        message: '//heaplint:escapes interface-boxing on this line is stale: the compiler reports no escape here any more.',
      },
    ]);
  });
});

describe('inline', () => {
  const a = ['package p', '', '//heaplint:inline', 'func F(x int) int { return x + 1 }'].join('\n');
  const q: ContractFile = {
    repoPath: 'q/q.go',
    packageImportPath: 'example.com/m/q',
    source: ['package q', '', 'import "example.com/m/p"', '', 'func Q() int {', '\treturn p.F(1) + p.F(2) + F(3)', '}', '', 'func F(int) int { return 0 }'].join('\n'),
    directives: [],
  };

  test('a call from another package is matched by its qualified name and the column of its parenthesis', () => {
    const log = [
      '# example.com/m/p',
      'p/p.go:4:6: can inline F with cost 4 as: func(int) int { return x + 1 }',
      '# example.com/m/q',
      'q/q.go:6:12: inlining call to p.F',
    ].join('\n');
    expect(checkOne(a, log, {}, [q]).map(brief)).toEqual([
      {
        ruleId: 'contract-violation',
        level: 'error',
        file: 'q/q.go',
        line: 6,
        column: 21,
        message: 'This call to `F` is not inlined, but `F` is marked //heaplint:inline: the compiler printed no `inlining call to F` here (`F` costs 4).',
      },
    ]);
  });

  test('without a can-inline line (an -m=1 log) the function is not inlinable', () => {
    expect(checkOne(a, '# example.com/m/p\n').map(brief)).toEqual([
      {
        ruleId: 'contract-violation',
        level: 'error',
        file: 'p/p.go',
        line: 4,
        column: 6,
        message:
          '`F` has no `can inline` line in the compiler output, but it is marked //heaplint:inline: it is not inlinable (with -gcflags=-m=2 the compiler also says why).',
      },
    ]);
  });

  test('a cannot-inline reason without a cost is quoted as is', () => {
    const log = '# example.com/m/p\np/p.go:4:6: cannot inline F: marked go:noinline';
    expect(checkOne(a, log).map((f) => [f.message, f.evidence])).toEqual([
      ['`F` cannot be inlined, but it is marked //heaplint:inline: marked go:noinline.', ['marked go:noinline']],
    ]);
  });

  test('a line-level inline with no inlined call says so', () => {
    const src = ['package p', '', 'func G(f func() int) int {', '\treturn f() //gcassert:inline', '}'].join('\n');
    expect(checkOne(src, '# example.com/m/p\n').map((f) => [f.line, f.column, f.function, f.message])).toEqual([
      [4, 2, 'G', 'No call on this line is inlined, but the line is marked //gcassert:inline: the compiler printed no `inlining call to` line here.'],
    ]);
  });
});

describe('directive checks', () => {
  test('a contract in a file with no package is never checked', () => {
    const src = ['package p', '', '//heaplint:noescape', 'func F() {}'].join('\n');
    const file = { repoPath: 'x.go', packageImportPath: null, source: src, directives: scanDirectives(src, KNOWN_RULES).directives };
    const findings = checkContracts({ files: [file], records: [], resolve: () => null, builtPackages: new Set(), goVersion: null });
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'invalid-directive',
        level: 'error',
        file: 'x.go',
        line: 3,
        column: 1,
        message: '//heaplint:noescape is never checked: the file is not part of any built package.',
      },
    ]);
  });

  test('a directive at the end of the file is attached to nothing; an unknown word is left to the policy stage', () => {
    const src = ['package p', '', 'func F() {}', '//heaplint:frobnicate', '//heaplint:inline'].join('\n');
    expect(checkOne(src, '').map((f) => [f.line, f.message])).toEqual([
      [5, "//heaplint:inline is attached to nothing: put it in a function's doc comment, at the end of a line of code, or alone on the line above one."],
    ]);
  });

  // `//heaplint:escapes interface-boxing` without a reason: the scanner reports it (policy stage),
  // so it documents nothing and the noescape function's boxing is a violation.
  const malformed = [
    'package p',
    '',
    'import "fmt"',
    '',
    '//heaplint:noescape',
    'func F(n int) string {',
    '\treturn fmt.Sprint(n) //heaplint:escapes interface-boxing',
    '}',
  ].join('\n');
  const malformedLog = [
    '# example.com/m/p',
    'p/p.go:7:20: n escapes to heap in F:',
    'p/p.go:7:20:   flow: {storage for ... argument} ← &{storage for n}:',
    'p/p.go:7:20:     from n (spill) at p/p.go:7:20',
    'p/p.go:7:20:     from ... argument (slice-literal-element) at p/p.go:7:19',
    'p/p.go:7:20:   flow: {heap} ← {storage for ... argument}:',
    'p/p.go:7:20:     from ... argument (spill) at p/p.go:7:19',
    'p/p.go:7:20:     from fmt.Sprint(... argument...) (call parameter) at p/p.go:7:19',
    'p/p.go:7:19: ... argument does not escape',
    'p/p.go:7:20: n escapes to heap',
  ].join('\n');

  function withProblems(src: string, over: Partial<ContractFile> = {}): ContractFile {
    const scan = scanDirectives(src, KNOWN_RULES);
    return { repoPath: 'p/p.go', packageImportPath: 'example.com/m/p', source: src, directives: scan.directives, problems: scan.problems, ...over };
  }

  test('a directive the scanner reports a problem for has no effect and is not reported again', () => {
    const findings = checkContracts({
      files: [withProblems(malformed)],
      records: parseText(malformedLog).records,
      resolve: (printed) => printed,
      builtPackages: new Set(['example.com/m/p']),
      goVersion: GO126,
    });
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'contract-violation',
        level: 'error',
        file: 'p/p.go',
        line: 7,
        column: 20,
        message:
          '`n` escapes to the heap in `F`, which is marked //heaplint:noescape: it is boxed into an interface, which is passed to a call that keeps it.',
      },
    ]);
  });

  test('in a file that is not built, a malformed contract is still reported as never checked', () => {
    const findings = checkContracts({
      files: [withProblems(malformed)],
      records: [],
      resolve: (printed) => printed,
      builtPackages: new Set(),
      goVersion: GO126,
    });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [5, 1, '//heaplint:noescape is never checked: package `example.com/m/p` was not built.'],
      [7, 23, '//heaplint:escapes is never checked: package `example.com/m/p` was not built.'],
    ]);
  });

  test('a file of a built package that the build did not compile is never checked, and its calls do not count', () => {
    const src = ['package p', '', '//heaplint:noescape', 'func F() {}', '', 'func G() { F() }'].join('\n');
    const run = (repoPath: string): string[] =>
      checkContracts({
        files: [withProblems(src, { repoPath, compiled: false })],
        records: [],
        resolve: (printed) => printed,
        builtPackages: new Set(['example.com/m/p']),
        goVersion: GO126,
      }).map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`);
    expect(run('p/p_test.go')).toEqual(['p/p_test.go:3:1 //heaplint:noescape is never checked: `go build` does not compile test files.']);
    expect(run('p/p_windows.go')).toEqual([
      'p/p_windows.go:3:1 //heaplint:noescape is never checked: the build did not compile this file (excluded by build constraints).',
    ]);
  });
});
