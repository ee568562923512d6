import { applyPolicy, policyFingerprint, suppressionLines } from '../../src/policy/apply.js';
import { createBaseline } from '../../src/policy/baseline.js';
import { defaultConfig, parseConfig, type HeaplintConfig } from '../../src/policy/config.js';
import { allKnownRuleIds } from '../../src/policy/rule-ids.js';
import { scanDirectives } from '../../src/source/directive-scanner.js';
import { finding } from './helpers.js';

const KNOWN = allKnownRuleIds();
const config = (yaml = ''): HeaplintConfig => parseConfig(yaml, '.heaplint.yml', KNOWN);
const scans = (files: Record<string, string>) =>
  new Map(Object.entries(files).map(([file, src]) => [file, scanDirectives(src, KNOWN)]));

const ZERO = { 'disabled-rule': 0, 'path-excluded': 0, suppressed: 0, baseline: 0, 'not-changed': 0 };

describe('applyPolicy: rules and paths', () => {
  test('disabled rules and excluded paths are counted; level overrides apply; output is sorted', () => {
    const input = [
      finding({ ruleId: 'interface-boxing', file: 'z.go', line: 1 }),
      finding({ ruleId: 'closure-capture', file: 'a.go', line: 9 }),
      finding({ ruleId: 'leaking-param', file: 'a.go', line: 3 }),
      finding({ ruleId: 'append-growth', file: 'gen/x.pb.go', line: 3 }),
      finding({ ruleId: 'append-growth', file: 'vendor/v/v.go', line: 3 }),
    ];
    const result = applyPolicy(input, {
      config: config('rules:\n  leaking-param: off\n  closure-capture: error\nexclude: ["*.pb.go", vendor]\n'),
    });
    expect(result.findings.map((f) => [f.file, f.line, f.ruleId, f.level])).toEqual([
      ['a.go', 9, 'closure-capture', 'error'],
      ['z.go', 1, 'interface-boxing', 'warning'],
    ]);
    expect(result.excluded).toEqual({ ...ZERO, 'disabled-rule': 1, 'path-excluded': 2 });
  });

  test('include keeps only matching files; rule defaults decide rules the config does not name', () => {
    const input = [
      finding({ ruleId: 'interface-boxing', file: 'internal/a.go', line: 1 }),
      finding({ ruleId: 'unclassified-escape', file: 'internal/a.go', line: 2 }),
      finding({ ruleId: 'interface-boxing', file: 'cmd/main.go', line: 1 }),
    ];
    const ruleDefaults = new Map([['unclassified-escape', { enabledByDefault: false, defaultLevel: 'note' as const }]]);
    const result = applyPolicy(input, { config: config('include: ["internal/**"]\n'), ruleDefaults });
    expect(result.findings.map((f) => [f.file, f.ruleId])).toEqual([['internal/a.go', 'interface-boxing']]);
    expect(result.excluded).toEqual({ ...ZERO, 'disabled-rule': 1, 'path-excluded': 1 });
  });
});

describe('applyPolicy: suppressions', () => {
  const src = [
    'package p', // 1
    '', // 2
    'func f() {', // 3
    '\tvar a any = x //heaplint:ignore interface-boxing boxed once', // 4
    '\t//heaplint:ignore closure-capture,interface-boxing short-lived', // 5
    '\tgo func() { use(a) }()', // 6
    '\t//nolint:heaplint // startup only', // 7
    '\tb := make([]int, n)', // 8
    '\t//heaplint:ignore append-growth nothing here', // 9
    '\tc := 1', // 10
    '\t//heaplint:ignore leaking-param', // 11
    '\td := 2', // 12
    '}', // 13
    '',
  ].join('\n');

  const findings = [
    finding({ ruleId: 'interface-boxing', file: 'p/p.go', line: 4 }),
    finding({ ruleId: 'closure-capture', file: 'p/p.go', line: 6 }),
    finding({ ruleId: 'variable-size-allocation', file: 'p/p.go', line: 8 }),
    finding({ ruleId: 'leaking-param', file: 'p/p.go', line: 12 }),
    finding({ ruleId: 'interface-boxing', file: 'p/p.go', line: 3 }),
  ];

  test('same line, line above, several rules, nolint; unused and invalid directives become findings', () => {
    const directives = scans({ 'p/p.go': src });
    const result = applyPolicy(findings, { config: defaultConfig(), directives });
    expect(result.suppressed.map((s) => [s.finding.line, s.finding.ruleId, s.directive.line, s.directive.kind, s.directive.reason])).toEqual([
      [4, 'interface-boxing', 4, 'ignore', 'boxed once'],
      [6, 'closure-capture', 5, 'ignore', 'short-lived'],
      [8, 'variable-size-allocation', 7, 'nolint', 'startup only'],
    ]);
    expect(result.excluded).toEqual({ ...ZERO, suppressed: 3 });
    expect(result.findings.map((f) => [f.line, f.column, f.ruleId, f.level, f.message])).toEqual([
      [3, 2, 'interface-boxing', 'warning', 'interface-boxing at p/p.go:3'],
      [
        5,
        2,
        'unused-suppression',
        'warning',
        'Unused suppression: //heaplint:ignore interface-boxing matched no interface-boxing finding on this line or the next; remove interface-boxing from it.',
      ],
      [9, 2, 'unused-suppression', 'warning', 'Unused suppression: //heaplint:ignore append-growth matched no append-growth finding on this line or the next; remove it.'],
      [
        11,
        2,
        'invalid-directive',
        'warning',
        'Invalid heaplint directive: //heaplint:ignore needs a reason; write //heaplint:ignore rule-id[,rule-id] reason. It has no effect until it is fixed.',
      ],
      [12, 2, 'leaking-param', 'warning', 'leaking-param at p/p.go:12'],
    ]);
  });

  test('a policy finding carries the directive as subject, its span and a line-independent fingerprint', () => {
    const result = applyPolicy([], { config: defaultConfig(), directives: scans({ 'p/p.go': 'package p\n\n//heaplint:ignore append-growth why\nx()\n' }) });
    const text = '//heaplint:ignore append-growth why';
    expect(result.findings).toEqual([
      {
        ruleId: 'unused-suppression',
        level: 'warning',
        message: 'Unused suppression: //heaplint:ignore append-growth matched no append-growth finding on this line or the next; remove it.',
        file: 'p/p.go',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 1 + text.length,
        function: null,
        package: null,
        subject: text,
        evidence: [],
        flow: [],
        inlinedAt: [],
        fingerprint: policyFingerprint('unused-suppression', 'p/p.go', text, 'append-growth', 0),
      },
    ]);
    const moved = applyPolicy([], { config: defaultConfig(), directives: scans({ 'p/p.go': 'package p\n\n\n\n//heaplint:ignore append-growth why\nx()\n' }) });
    expect(moved.findings[0]!.fingerprint).toBe(result.findings[0]!.fingerprint);
    expect(moved.findings[0]!.line).toBe(5);
  });

  test('an invalid suppression does not suppress', () => {
    const directives = scans({ 'a.go': 'package a\nvar x any = 1 //heaplint:ignore interface-boxng typo\n' });
    const result = applyPolicy([finding({ ruleId: 'interface-boxing', file: 'a.go', line: 2 })], { config: defaultConfig(), directives });
    expect(result.suppressed).toEqual([]);
    expect(result.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['interface-boxing', 2],
      ['invalid-directive', 2],
    ]);
  });

  test('a trailing suppression covers only its own line; stacked own-line directives reach the code line', () => {
    const src2 = 'package a\nvar x any = 1 //heaplint:ignore interface-boxing r\nvar y any = 2\n//heaplint:ignore closure-capture r1\n//heaplint:ignore interface-boxing r2\nvar z = f\n';
    const directives = scans({ 'a.go': src2 });
    const result = applyPolicy(
      [
        finding({ ruleId: 'interface-boxing', file: 'a.go', line: 3 }),
        finding({ ruleId: 'closure-capture', file: 'a.go', line: 6 }),
        finding({ ruleId: 'interface-boxing', file: 'a.go', line: 6 }),
      ],
      { config: defaultConfig(), directives },
    );
    expect(result.suppressed.map((s) => [s.finding.ruleId, s.finding.line, s.directive.line])).toEqual([
      ['closure-capture', 6, 4],
      ['interface-boxing', 6, 5],
    ]);
    expect(result.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['unused-suppression', 2],
      ['interface-boxing', 3],
    ]);
    expect(suppressionLines(directives.get('a.go')!.directives[1]!, directives.get('a.go')!.directives)).toEqual([4, 6]);
  });

  test('no unused-suppression for a disabled rule; policy rules obey config level and off', () => {
    const directives = scans({ 'a.go': 'package a\n//heaplint:ignore leaking-param r\nf()\n//heaplint:ingore x y\n' });
    const result = applyPolicy([], { config: config('rules:\n  leaking-param: off\n  invalid-directive: error\n'), directives });
    expect(result.findings.map((f) => [f.ruleId, f.line, f.level])).toEqual([['invalid-directive', 4, 'error']]);
    const quiet = applyPolicy([], { config: config('rules:\n  invalid-directive: off\n  unused-suppression: off\n'), directives });
    expect(quiet.findings).toEqual([]);
  });

  test('directives in excluded files are not reported', () => {
    const directives = scans({ 'gen/a.go': 'package a\n//heaplint:ingore x y\n' });
    expect(applyPolicy([], { config: config('exclude: [gen]\n'), directives }).findings).toEqual([]);
  });

  test('an invalid-directive finding from the contracts stage at a scanner problem is not reported twice', () => {
    const directives = scans({ 'a.go': 'package a\n//heaplint:noescpe\nfunc f() {}\n' });
    const fromContracts = finding({ ruleId: 'invalid-directive', file: 'a.go', line: 2, column: 1, level: 'error', message: 'contracts says so' });
    const elsewhere = finding({ ruleId: 'invalid-directive', file: 'a.go', line: 3, column: 1, message: 'attached to nothing' });
    const result = applyPolicy([fromContracts, elsewhere], { config: defaultConfig(), directives });
    expect(result.findings.map((f) => [f.line, f.message])).toEqual([
      [2, 'Invalid heaplint directive: unknown directive //heaplint:noescpe (did you mean //heaplint:noescape?). It has no effect until it is fixed.'],
      [3, 'attached to nothing'],
    ]);
  });

  test('unused nolint', () => {
    const directives = scans({ 'a.go': 'package a\nx := 1 //nolint:heaplint // why\n' });
    expect(applyPolicy([], { config: defaultConfig(), directives }).findings.map((f) => f.message)).toEqual([
      'Unused suppression: //nolint:heaplint matched no heaplint finding on this line; remove it.',
    ]);
  });
});

describe('applyPolicy: baseline and new-only', () => {
  const current = [
    finding({ ruleId: 'interface-boxing', file: 'a.go', line: 10, fingerprint: 'old-1' }),
    finding({ ruleId: 'closure-capture', file: 'a.go', line: 20, fingerprint: 'old-2' }),
    finding({ ruleId: 'append-growth', file: 'b.go', line: 5, fingerprint: 'new-1' }),
  ];

  test('baseline survives moved lines and lists fixed entries', () => {
    const baseline = createBaseline([
      finding({ ruleId: 'interface-boxing', file: 'a.go', line: 3, fingerprint: 'old-1' }),
      finding({ ruleId: 'closure-capture', file: 'a.go', line: 4, fingerprint: 'old-2' }),
      finding({ ruleId: 'leaking-param', file: 'c.go', line: 4, fingerprint: 'gone', subject: 'p' }),
      finding({ ruleId: 'method-value', file: 'c.go', line: 4, fingerprint: 'off-rule' }),
      finding({ ruleId: 'method-value', file: 'gen/c.go', line: 4, fingerprint: 'out-of-scope' }),
    ]);
    const result = applyPolicy(current, { config: config('rules:\n  method-value: off\nexclude: [gen]\n'), baseline });
    expect(result.findings.map((f) => f.fingerprint)).toEqual(['new-1']);
    expect(result.baselined.map((f) => f.fingerprint)).toEqual(['old-1', 'old-2']);
    expect(result.fixed).toEqual([{ fingerprint: 'gone', rule: 'leaking-param', file: 'c.go', function: 'F', subject: 'p' }]);
    expect(result.excluded).toEqual({ ...ZERO, baseline: 2 });
  });

  test('changed lines keep only findings whose span touches a changed line', () => {
    const spanning = finding({ ruleId: 'pointer-escape', file: 'b.go', line: 7, endLine: 9, fingerprint: 'span' });
    const changedLines = new Map([
      ['a.go', new Set([20])],
      ['b.go', new Set([9])],
    ]);
    const result = applyPolicy([...current, spanning], { config: defaultConfig(), changedLines });
    expect(result.findings.map((f) => f.fingerprint)).toEqual(['old-2', 'span']);
    expect(result.excluded).toEqual({ ...ZERO, 'not-changed': 2 });
  });
});
