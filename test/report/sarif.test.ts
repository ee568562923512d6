import { gzipSync } from 'node:zlib';
import { computeRollingHashes } from '@microsoft/sarif';
import type * as Sarif from 'sarif';
import type { Finding, Level } from '../../src/findings/finding.js';
import { formatCount } from '../../src/report/order.js';
import { encodeRepoPath, renderSarif } from '../../src/report/sarif.js';
import type { SarifOptions } from '../../src/report/sarif.js';
import { FINDINGS, SOURCES, emptyReport, fixtureReport, readFixtureSource } from './fixture-report.js';
import { validateSarif } from './sarif-validate.js';

const options: SarifOptions = { repoRoot: '/repo', readSource: readFixtureSource };

function render(report = fixtureReport(), extra: Partial<SarifOptions> = {}): { text: string; log: Sarif.Log; run: Sarif.Run; results: Sarif.Result[] } {
  const text = renderSarif(report, { ...options, ...extra });
  expect(validateSarif(text)).toEqual([]);
  const log = JSON.parse(text) as Sarif.Log;
  const run = log.runs[0] as Sarif.Run;
  return { text, log, run, results: run.results ?? [] };
}

function region(result: Sarif.Result | undefined): Sarif.Region | undefined {
  return result?.locations?.[0]?.physicalLocation?.region;
}

function notifications(run: Sarif.Run): Array<{ id: string | undefined; level: string | undefined; text: string }> {
  return (run.invocations?.[0]?.toolExecutionNotifications ?? []).map((n) => ({ id: n.descriptor?.id, level: n.level, text: n.message.text ?? '' }));
}

describe('renderSarif: structure', () => {
  test('one run, heaplint driver, rules sorted by id with stubs for unknown ids', () => {
    const { log, run } = render();
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('heaplint');
    expect(run.tool.driver.semanticVersion).toBe('0.1.0');
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(['address-returned', 'closure-capture', 'contract-violation', 'interface-boxing']);
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  test('rule descriptors: name ≠ id, help with doc link, ≤ 10 tags, no security-severity', () => {
    const { run } = render();
    const boxing = run.tool.driver.rules?.find((r) => r.id === 'interface-boxing');
    expect(boxing?.name).toBe('InterfaceBoxing');
    expect(boxing?.helpUri).toBe('https://github.com/heaplint/heaplint/blob/main/docs/rules/interface-boxing.md');
    expect(boxing?.help?.markdown?.endsWith('[Rule documentation: interface-boxing](https://github.com/heaplint/heaplint/blob/main/docs/rules/interface-boxing.md)')).toBe(true);
    expect(boxing?.properties).toEqual({
      tags: ['performance', 'escape-analysis', 'allocation', 'go', 'interface', 't6', 't7', 't8', 't9', 't10'],
      precision: 'high',
      'problem.severity': 'recommendation',
    });
    expect(boxing?.defaultConfiguration).toEqual({ level: 'note' });
    expect(run.tool.driver.rules?.find((r) => r.id === 'closure-capture')?.defaultConfiguration).toEqual({ enabled: false, level: 'note' });
  });

  test('descriptions are truncated to 1024 characters and short ones to one line', () => {
    const report = fixtureReport();
    const long = 'x'.repeat(2000);
    report.rules = report.rules.map((r) => (r.id === 'address-returned' ? { ...r, shortDescription: 'line one\nline two', fullDescription: long } : r));
    const rule = render(report).run.tool.driver.rules?.[0];
    expect(rule?.shortDescription?.text).toBe('line one line two');
    expect(rule?.fullDescription?.text).toHaveLength(1024);
    expect(rule?.fullDescription?.text.endsWith('…')).toBe(true);
  });

  test('results: ruleIndex, level, UTF-16 region on a multibyte line, percent-encoded URI', () => {
    const { results } = render();
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['contract-violation', 2, 'error'],
      ['interface-boxing', 3, 'warning'],
      ['address-returned', 0, 'warning'],
      ['interface-boxing', 3, 'note'],
    ]);
    // `&cfg` is at byte 34 but UTF-16 unit 30: 名前 are 3 bytes / 1 unit each, plus the tab.
    expect(FINDINGS[1]?.column).toBe(34);
    expect(region(results[1])).toEqual({ startLine: 12, startColumn: 30, endLine: 12, endColumn: 34 });
    expect(results[3]?.locations?.[0]?.physicalLocation?.artifactLocation).toEqual({ uri: 'pkg/my%20dir/x.go', uriBaseId: '%SRCROOT%' });
  });

  test("a call's region starts at what it calls (startColumn), in UTF-16 units", () => {
    const call = { ...(FINDINGS[1] as Finding), column: 34, startColumn: 24 };
    const { results } = render(fixtureReport({ findings: [call], diagnostics: [] }));
    // Byte 24 is `cfg.Name`'s `c`: UTF-16 unit 20 (名前 are 3 bytes, 1 unit each).
    expect(region(results[0])).toEqual({ startLine: 12, startColumn: 20, endLine: 12, endColumn: 34 });
  });

  test('message links to related locations, with ids from 1, and the code flow keeps every step', () => {
    const result = render().results[2];
    expect(result?.message.text).toBe(
      'e is moved to the heap: its address is returned from newEntry.\nEscape flow: [address-of](1) → [return](2).\nAlso reported where inlined: [internal/cache/cache.go:14](3).',
    );
    expect(result?.relatedLocations?.map((l) => [l.id, l.physicalLocation?.region, l.message?.text])).toEqual([
      [1, { startLine: 10, startColumn: 9 }, '~r0 ← &e: &e (address-of)'],
      [2, { startLine: 10 }, '~r0 ← &e: return &e (return)'],
      [3, { startLine: 14, startColumn: 28 }, 'inlined call site'],
    ]);
    const steps = result?.codeFlows?.[0]?.threadFlows[0]?.locations ?? [];
    expect(steps.map((s) => s.location?.message?.text)).toEqual(['~r0 ← &e: &e (address-of)', '~r0 ← &e: return &e (return)', '{heap} ← ~r0: result [0] of newEntry']);
    // A step without a position falls back to the primary location.
    expect(steps[2]?.location?.physicalLocation?.region).toEqual({ startLine: 9, startColumn: 2, endLine: 9, endColumn: 3 });
  });

  test('flows are capped: 1,000 thread-flow steps, 20 linked related locations; brackets in link text are escaped', () => {
    const base = FINDINGS[2] as Finding;
    const flow = Array.from({ length: 1200 }, (_, i) => ({ file: base.file, line: 10, column: 2, message: `step ${i}`, why: i === 0 ? 'make([]int)' : `w${i}` }));
    const report = fixtureReport({ findings: [{ ...base, flow, inlinedAt: [] }] });
    const result = render(report).results[0];
    const threadFlow = result?.codeFlows?.[0];
    expect(threadFlow?.threadFlows[0]?.locations).toHaveLength(1000);
    expect(threadFlow?.message?.text).toBe('The first 1000 of 1200 flow steps.');
    expect(result?.relatedLocations).toHaveLength(20);
    expect(result?.message.text?.split('\n')[1]?.startsWith('Escape flow: [make(\\[\\]int)](1) → [w1](2)')).toBe(true);
  });

  test('fingerprints: codeql-action line hash (cross-checked) plus heaplint/v1', () => {
    const { results } = render();
    for (const result of results) {
      const physical = result.locations?.[0]?.physicalLocation;
      const file = decodeURIComponent(physical?.artifactLocation?.uri ?? '');
      const expected = computeRollingHashes(SOURCES[file] ?? '').get(physical?.region?.startLine ?? 0);
      expect(result.partialFingerprints?.primaryLocationLineHash).toBe(expected);
    }
    expect(results.map((r) => r.partialFingerprints?.['heaplint/v1'])).toEqual(['d4c1e0a94f3b2a10', '5be0f1c2a7d94e31', '9a7f3c0e21b84d56', '0c3e5d7f9a1b2c4d']);
  });

  test('includeFingerprints: false leaves the line hash to the upload action', () => {
    const { results } = render(fixtureReport(), { includeFingerprints: false });
    expect(results.map((r) => r.partialFingerprints)).toEqual(FINDINGS.map((f) => ({ 'heaplint/v1': f.fingerprint })));
  });

  test('unreadable sources: no line hash, byte columns kept', () => {
    const { results } = render(fixtureReport(), { readSource: () => null });
    expect(region(results[1])).toEqual({ startLine: 12, startColumn: 34, endLine: 12, endColumn: 38 });
    expect(results[1]?.partialFingerprints).toEqual({ 'heaplint/v1': '5be0f1c2a7d94e31' });
  });

  test('each source file is read once', () => {
    const reads: string[] = [];
    render(fixtureReport(), { readSource: (path) => (reads.push(path), readFixtureSource(path)) });
    expect(reads.sort()).toEqual(['cmd/broken/broken.go', 'cmd/server/main.go', 'internal/cache/cache.go', 'pkg/my dir/x.go']);
  });

  test('category: automationDetails.id only when given', () => {
    expect(render(fixtureReport(), { category: 'backend' }).run.automationDetails).toEqual({ id: 'backend/' });
    const { run, text } = render();
    expect(run.automationDetails).toBeUndefined();
    expect(text).not.toContain('automationDetails');
  });

  test('empty report: results present and empty, execution successful, no notifications', () => {
    const { run } = render(emptyReport());
    expect(run.results).toEqual([]);
    expect(run.invocations).toEqual([{ executionSuccessful: true }]);
  });

  test('diagnostics become tool execution notifications', () => {
    const { run } = render();
    expect(run.invocations?.[0]?.executionSuccessful).toBe(false);
    expect(notifications(run)).toEqual([
      { id: 'compile-error', level: 'error', text: 'cmd/broken/broken.go:3:8: undefined: foo' },
      { id: 'unrecognized-line', level: 'warning', text: 'Line 42 of the compiler output was not recognized: "weird: output"' },
    ]);
  });

  test('absolute paths under the repo root are made relative; paths outside are left out with a notification', () => {
    const base = FINDINGS[3] as Finding;
    const report = fixtureReport({
      findings: [
        { ...base, file: '/repo/pkg/my dir/x.go' },
        { ...base, file: '/usr/local/go/src/fmt/print.go', fingerprint: 'x' },
      ],
      diagnostics: [{ level: 'error', code: 'compile-error', message: 'boom', file: '/tmp/go-build/x.go', line: 1 }],
    });
    const { results, run } = render(report);
    expect(results.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri)).toEqual(['pkg/my%20dir/x.go']);
    expect(run.invocations?.[0]?.toolExecutionNotifications?.[0]?.locations).toBeUndefined();
    expect(notifications(run)[1]).toEqual({
      id: 'sarif-outside-repository',
      level: 'warning',
      text: '1 finding had a path outside the repository root and were left out of the SARIF file.',
    });
  });
});

describe('encodeRepoPath', () => {
  test('percent-encodes each segment per RFC 3986', () => {
    expect(encodeRepoPath('a b/c#d/e%f/g?h.go')).toBe('a%20b/c%23d/e%25f/g%3Fh.go');
    expect(encodeRepoPath('pkg/名前/x:y.go')).toBe('pkg/%E5%90%8D%E5%89%8D/x%3Ay.go');
    expect(encodeRepoPath('plain/path_1-2.go')).toBe('plain/path_1-2.go');
  });
});

describe('GitHub limits', () => {
  function bulkReport(counts: Record<Level, number>): ReturnType<typeof fixtureReport> {
    const findings: Finding[] = [];
    let i = 0;
    for (const level of ['note', 'warning', 'error'] as const) {
      for (let n = 0; n < counts[level]; n++, i++) {
        const file = `gen/f${String(Math.floor(i / 1000)).padStart(3, '0')}.go`;
        const line = (i % 1000) + 1;
        findings.push({
          ruleId: 'interface-boxing',
          level,
          message: `v${i} escapes to the heap.`,
          file,
          line,
          column: 2,
          endLine: line,
          endColumn: 4,
          function: null,
          package: null,
          subject: `v${i}`,
          evidence: [],
          flow: [],
          inlinedAt: [],
          fingerprint: `fp${i}`,
        });
      }
    }
    return fixtureReport({ findings, diagnostics: [], executionSuccessful: true });
  }

  test('26,000 results: the 25,000 most severe are kept, in canonical order, with a notification', () => {
    const report = bulkReport({ error: 3000, warning: 3000, note: 20_000 });
    const text = renderSarif(report, { ...options, readSource: () => null });
    const run = (JSON.parse(text) as Sarif.Log).runs[0] as Sarif.Run;
    const results = run.results ?? [];
    expect(results).toHaveLength(25_000);
    const byLevel = { error: 0, warning: 0, note: 0 } as Record<string, number>;
    for (const r of results) byLevel[r.level ?? 'none'] = (byLevel[r.level ?? 'none'] ?? 0) + 1;
    expect(byLevel).toEqual({ error: 3000, warning: 3000, note: 19_000 });
    // Notes are generated first (f000..f019); the last 1,000 in canonical order are the ones dropped.
    expect(results.some((r) => r.message.text === 'v18999 escapes to the heap.')).toBe(true);
    expect(results.some((r) => r.message.text === 'v19000 escapes to the heap.')).toBe(false);
    const uris = results.map((r) => `${r.locations?.[0]?.physicalLocation?.artifactLocation?.uri}:${String(region(r)?.startLine).padStart(5, '0')}`);
    expect(uris).toEqual([...uris].sort());
    expect(notifications(run)).toEqual([
      {
        id: 'sarif-results-truncated',
        level: 'warning',
        text: 'heaplint found 26,000 results, more than GitHub code scanning accepts in one run (25,000); the 25,000 most severe were kept and 1,000 were left out.',
      },
    ]);
    expect(validateSarif(text)).toEqual([]);
  });

  test('gzip size limit: code flows go first, then related locations, then the least severe results', () => {
    const gz = (text: string): number => gzipSync(Buffer.from(text)).length;
    const full = renderSarif(fixtureReport(), options);
    // Margins of 20–40 bytes absorb the notification text's own effect on the compressed size.
    const noFlows = renderSarif(fixtureReport(), { ...options, limits: { maxGzipBytes: gz(full) - 20 } });
    let log = JSON.parse(noFlows) as Sarif.Log;
    let results = log.runs[0]?.results ?? [];
    expect(results.some((r) => r.codeFlows !== undefined)).toBe(false);
    expect(results[2]?.relatedLocations).toHaveLength(3);
    expect(notifications(log.runs[0] as Sarif.Run).at(-1)?.text).toBe(
      `The SARIF file would exceed GitHub's limit of ${formatCount(gz(full) - 20)} bytes gzipped, so code flows were left out.`,
    );
    expect(validateSarif(noFlows)).toEqual([]);

    const noRelated = renderSarif(fixtureReport(), { ...options, limits: { maxGzipBytes: gz(noFlows) - 40 } });
    log = JSON.parse(noRelated) as Sarif.Log;
    results = log.runs[0]?.results ?? [];
    expect(results).toHaveLength(4);
    expect(results.some((r) => r.relatedLocations !== undefined)).toBe(false);
    expect(results[2]?.message.text).toBe('e is moved to the heap: its address is returned from newEntry.');
    expect(validateSarif(noRelated)).toEqual([]);

    const limit = gz(noRelated) - 200;
    const fewer = renderSarif(fixtureReport(), { ...options, limits: { maxGzipBytes: limit } });
    log = JSON.parse(fewer) as Sarif.Log;
    results = log.runs[0]?.results ?? [];
    expect(gz(fewer)).toBeLessThanOrEqual(limit);
    expect(results.length).toBeLessThan(4);
    // The error survives longest.
    expect(results[0]?.ruleId).toBe('contract-violation');
    expect(notifications(log.runs[0] as Sarif.Run).at(-1)?.text).toMatch(
      new RegExp(`so code flows and related locations were left out and only the ${results.length} most severe of 4 results were kept\\.$`),
    );
    expect(validateSarif(fewer)).toEqual([]);
  });
});
