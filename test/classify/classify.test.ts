import { RULES } from '../../rules/index.js';
import { classify } from '../../src/classify/classify.js';
import { classifyFixture, fixtureResolver, fixtureText, goVersionOf, readSource, verdicts } from './helpers.js';

const ALL = new Set(RULES.map((r) => r.meta.id));

function counts(version: string, file: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of classifyFixture(version, file, ALL).findings) out[f.ruleId] = (out[f.ruleId] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('whole fixture files (all rules enabled)', () => {
  test.each([
    ['1.19', 'm2.txt', { 'closure-capture': 2, 'closure-escape': 3, 'interface-boxing': 4, 'leaking-param': 15, 'method-value': 1, 'oversized-allocation': 3, 'pointer-escape': 16, 'string-allocation': 1, 'variable-size-allocation': 1 }],
    ['1.19', 'm2b.txt', { 'closure-capture': 4, 'closure-escape': 5, 'interface-boxing': 15, 'leaking-param': 9, 'method-value': 2, 'oversized-allocation': 1, 'pointer-escape': 8, 'string-allocation': 4, 'variable-size-allocation': 2, 'variadic-slice': 1 }],
    ['1.22', 'm2.txt', { 'closure-capture': 1, 'closure-escape': 3, 'interface-boxing': 5, 'leaking-param': 16, 'method-value': 1, 'oversized-allocation': 3, 'pointer-escape': 15, 'string-allocation': 1, 'variable-size-allocation': 1 }],
    ['1.22', 'm2b.txt', { 'closure-capture': 2, 'closure-escape': 5, 'interface-boxing': 15, 'leaking-param': 9, 'method-value': 2, 'oversized-allocation': 1, 'pointer-escape': 8, 'string-allocation': 4, 'variable-size-allocation': 2, 'variadic-slice': 1 }],
    ['1.24', 'm2.txt', { 'closure-capture': 1, 'closure-escape': 3, 'interface-boxing': 5, 'leaking-param': 16, 'method-value': 1, 'oversized-allocation': 4, 'pointer-escape': 15, 'string-allocation': 1, 'variable-size-allocation': 1 }],
    ['1.25', 'm2.txt', { 'append-growth': 1, 'closure-capture': 1, 'closure-escape': 3, 'interface-boxing': 5, 'leaking-param': 16, 'method-value': 1, 'oversized-allocation': 4, 'pointer-escape': 15, 'string-allocation': 1, 'variable-size-allocation': 1 }],
    ['1.25', 'm2d_esctest4.txt', { 'append-growth': 1, 'interface-boxing': 3, 'pointer-escape': 2, 'variable-size-allocation': 1 }],
    ['1.26', 'm2.txt', { 'append-growth': 1, 'closure-capture': 1, 'closure-escape': 3, 'interface-boxing': 5, 'leaking-param': 16, 'method-value': 1, 'oversized-allocation': 4, 'pointer-escape': 15, 'string-allocation': 1, 'variable-size-allocation': 1 }],
    ['1.26', 'm2b.txt', { 'append-growth': 4, 'closure-capture': 2, 'closure-escape': 5, 'interface-boxing': 15, 'leaking-param': 9, 'method-value': 2, 'oversized-allocation': 1, 'pointer-escape': 8, 'string-allocation': 4, 'variable-size-allocation': 1, 'variadic-slice': 1 }],
    ['1.26', 'm2e_esctest5_l.txt', { 'leaking-param': 1, 'pointer-escape': 4 }],
  ])('go%s %s', (version, file, expected) => {
    expect(counts(version, file)).toEqual(expected);
  });

  test('no fixture file of any version leaves an escape unclassified', () => {
    for (const version of ['1.19', '1.21', '1.22', '1.23', '1.24', '1.25', '1.26']) {
      for (const file of ['m1.txt', 'm1b.txt', 'm1c.txt', 'm1d_esctest4.txt', 'm2.txt', 'm2b.txt', 'm2c.txt', 'm2d_esctest4.txt', 'm2e_esctest5_l.txt']) {
        expect([version, file, classifyFixture(version, file, ALL).unclassified]).toEqual([version, file, 0]);
      }
    }
  });

  test('go1.22+ per-iteration loop variables: the captured loop var is no longer moved to the heap', () => {
    const at = (v: string) => classifyFixture(v, 'm2b.txt', ALL).findings.filter((f) => f.line === 45 || f.line === 48).map((f) => `${f.line}:${f.column} ${f.ruleId}`);
    expect(at('1.19')).toEqual(['45:6 closure-capture', '48:9 closure-capture']);
    expect(at('1.22')).toEqual([]);
  });

  test('leaking-param is off by default', () => {
    const r = classifyFixture('1.26', 'm2.txt');
    expect(r.findings.some((f) => f.ruleId === 'leaking-param')).toBe(false);
    expect(r.findings).toHaveLength(32);
  });
});

describe('findings in detail (go1.26 m2.txt)', () => {
  const findings = classifyFixture('1.26', 'm2.txt').findings;
  const at = (line: number, column: number) => findings.filter((f) => f.line === line && f.column === column);

  test('fmt argument: callee read from the source, flow with repo paths, extent, function', () => {
    expect(at(24, 14)).toEqual([
      {
        ruleId: 'interface-boxing',
        level: 'warning',
        message:
          '`x` escapes to the heap: it is boxed into an interface to call `fmt.Println`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.',
        file: 'main.go',
        line: 24,
        column: 14,
        endLine: 24,
        endColumn: 15,
        function: 'boxing',
        package: 'example.com/esctest',
        subject: 'x',
        evidence: ['call parameter'],
        flow: [
          { file: 'main.go', line: 24, column: 14, message: '{storage for ... argument} ← &{storage for x}: x (spill)', why: 'spill' },
          { file: 'main.go', line: 24, column: 13, message: '{storage for ... argument} ← &{storage for x}: ... argument (slice-literal-element)', why: 'slice-literal-element' },
          { file: 'main.go', line: 24, column: 13, message: 'fmt.a ← &{storage for ... argument}: ... argument (spill)', why: 'spill' },
          { file: 'main.go', line: 24, column: 13, message: 'fmt.a ← &{storage for ... argument}: fmt.a := ... argument (assign-pair)', why: 'assign-pair' },
          { file: 'main.go', line: 24, column: 13, message: '{heap} ← *fmt.a: fmt.Fprintln(os.Stdout, fmt.a...) (call parameter)', why: 'call parameter' },
        ],
        inlinedAt: [],
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    ]);
  });

  test('inlined call site merged into the callee finding', () => {
    expect(at(210, 7)).toEqual([]);
    expect(at(45, 6).map((f) => [f.ruleId, f.inlinedAt])).toEqual([['oversized-allocation', [{ file: 'main.go', line: 210, column: 7 }]]]);
    expect(at(52, 9).map((f) => [f.ruleId, f.inlinedAt])).toEqual([['interface-boxing', [{ file: 'main.go', line: 210, column: 7 }]]]);
  });

  test('generic instantiations collapse to one finding per position, the wrapper merged in', () => {
    expect(findings.filter((f) => f.line === 174).map((f) => [f.column, f.ruleId, f.function, f.inlinedAt])).toEqual([
      [39, 'interface-boxing', 'generic', [{ file: 'main.go', line: 174, column: 6 }]],
    ]);
  });

  test('closures are named as the compiler names them; func literals belong to their outer function', () => {
    expect(at(32, 9).map((f) => [f.ruleId, f.function, f.endColumn])).toEqual([['closure-escape', 'closure', 19]]);
    expect(at(37, 5).map((f) => f.message.split('. ')[0])).toEqual(['The func literal escapes to the heap: it is started as a goroutine']);
    expect(at(39, 9).map((f) => f.message.split('. ')[0])).toEqual(['The func literal escapes to the heap: it is deferred inside a loop']);
  });

  test('sorted by file, line, column, rule; fingerprints unique', () => {
    const keys = findings.map((f) => [f.file, f.line, f.column]);
    const sorted = [...keys].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : (a[1] as number) - (b[1] as number) || (a[2] as number) - (b[2] as number)));
    expect(keys).toEqual(sorted);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
  });

  test('fingerprints do not depend on line numbers', () => {
    const text = fixtureText('1.26', 'm2.txt').replace(/\.\/main\.go:67:2:/g, './main.go:70:2:');
    const shifted = classify(verdicts(text), { resolver: fixtureResolver(), goVersion: goVersionOf('1.26'), readSource: () => null });
    const original = classify(verdicts(fixtureText('1.26', 'm2.txt')), { resolver: fixtureResolver(), goVersion: goVersionOf('1.26'), readSource: () => null });
    const fp = (r: typeof shifted, line: number) => r.findings.find((f) => f.line === line && f.subject === 'x' && f.ruleId === 'pointer-escape')?.fingerprint;
    expect(fp(shifted, 70)).toBe(fp(original, 67));
    expect(fp(shifted, 70)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('cross-record evidence (go1.26 m2b.txt)', () => {
  const findings = classifyFixture('1.26', 'm2b.txt').findings;
  test('string(b) box vs. the conversion feeding it', () => {
    expect(findings.filter((f) => f.line === 36).map((f) => [f.column, f.ruleId, f.evidence])).toEqual([
      [15, 'interface-boxing', ['interface-converted', 'assign']],
      [16, 'string-allocation', ['interface-converted']],
    ]);
  });
  test('method values: receiver plumbing flow (i.M) and a declared method (s.M)', () => {
    expect(findings.filter((f) => f.line === 143 || f.line === 147).map((f) => [f.subject, f.ruleId])).toEqual([
      ['s.M', 'method-value'],
      ['i.M', 'method-value'],
    ]);
  });
  test("the errors.New inlined with fmt.Errorf(\"x %d\", 1), which that call never reaches, is no finding but counted", () => {
    expect(findings.filter((f) => f.line === 159).map((f) => [f.column, f.subject])).toEqual([[31, '1']]);
    expect(classifyFixture('1.26', 'm2b.txt').excluded.unreachable).toBe(1);
  });
  test('named result route from the source', () => {
    expect(findings.find((f) => f.line === 180)?.message.split('. ')[0]).toBe('`x` is moved to the heap: its address is returned to the caller (as result `r`)');
  });
});

describe('exclusion, enabling and dedup', () => {
  const lines = (file: string) => [
    '# example.com/esctest',
    `${file}:24:14: x escapes to heap in boxing:`,
    `${file}:24:14:   flow: {heap} ← &{storage for x}:`,
    `${file}:24:14:     from x (spill) at ${file}:24:14`,
    `${file}:24:14:     from sink = x (assign) at ${file}:24:7`,
    `${file}:24:14: x escapes to heap`,
  ];
  test('outside-repo files are counted by reason, not reported', () => {
    const text = [...lines('/usr/local/go/src/fmt/print.go'), ...lines('/home/other/x.go').slice(1), '<autogenerated>:1: x escapes to heap', ''].join('\n');
    const r = classify(verdicts(text), { resolver: fixtureResolver(), goVersion: goVersionOf('1.26'), readSource });
    expect(r).toEqual({ findings: [], excluded: { goroot: 1, 'outside-repo': 1, autogenerated: 1 }, unclassified: 0 });
  });
  test('a disabled rule suppresses its findings without falling through to another rule', () => {
    const r = classify(verdicts(lines('./main.go').join('\n')), { resolver: fixtureResolver(), goVersion: goVersionOf('1.26'), readSource, enabledRules: new Set(['pointer-escape', 'unclassified-escape']) });
    expect(r.findings).toEqual([]);
  });
  test('identical verdicts from a test variant and repeated lines make one finding', () => {
    const one = lines('./main.go');
    const text = [...one, '# example.com/esctest [example.com/esctest.test]', ...one.slice(1), ...one.slice(1), ''].join('\n');
    const r = classify(verdicts(text), { resolver: fixtureResolver(), goVersion: goVersionOf('1.26'), readSource });
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(['main.go:24:14 interface-boxing']);
  });
});
