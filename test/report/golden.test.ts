import { renderGithub, renderStepSummary } from '../../src/report/github.js';
import { renderJson } from '../../src/report/json.js';
import { renderReport, renderReportForWriting } from '../../src/report/render.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderText } from '../../src/report/text.js';
import { emptyReport, fixtureReport, readFixtureSource } from './fixture-report.js';
import { expectGolden } from './golden.js';
import { validateSarif } from './sarif-validate.js';

const sarifOptions = { repoRoot: '/home/ci/work/app', readSource: readFixtureSource };

describe('golden output of every format', () => {
  test('sarif', () => {
    const text = renderSarif(fixtureReport(), sarifOptions);
    expectGolden('report.sarif', text);
    expect(validateSarif(text)).toEqual([]);
  });

  test('sarif for an empty report', () => {
    const text = renderSarif(emptyReport(), sarifOptions);
    expectGolden('empty.sarif', text);
    expect(validateSarif(text)).toEqual([]);
  });

  test('text without colour', () => {
    expectGolden('report.txt', renderText(fixtureReport(), { color: false, readSource: readFixtureSource }));
  });

  test('text with colour', () => {
    expectGolden('report.color.txt', renderText(fixtureReport(), { color: true, readSource: readFixtureSource }));
  });

  test('text for an empty report', () => {
    expectGolden('empty.txt', renderText(emptyReport(), { color: false, readSource: readFixtureSource }));
  });

  test('json', () => {
    expectGolden('report.json', renderJson(fixtureReport()));
  });

  test('json for an empty report', () => {
    expectGolden('empty.json', renderJson(emptyReport()));
  });

  test('github annotations (UTF-16 columns when the source is readable)', () => {
    expectGolden('report.github.txt', renderGithub(fixtureReport(), { readSource: readFixtureSource }));
  });

  test('github step summary', () => {
    expectGolden('report.summary.md', renderStepSummary(fixtureReport()));
  });

  test('github step summary for an empty report', () => {
    expectGolden('empty.summary.md', renderStepSummary(emptyReport()));
  });
});

describe('renderReport dispatches by format', () => {
  const options = { ...sarifOptions, color: false };
  test.each([
    ['text', 'report.txt'],
    ['json', 'report.json'],
    ['sarif', 'report.sarif'],
    ['github', 'report.github.txt'],
  ] as const)('%s', (format, golden) => {
    expectGolden(golden, renderReport(format, fixtureReport(), options));
  });
});

describe('the bytes written are the report as one serialisation would print it', () => {
  // renderReportForWriting builds JSON and SARIF a finding at a time (to bound memory); the file
  // must still be exactly the pretty-printed document, with and without findings.
  test.each(['json', 'sarif'] as const)('%s', (format) => {
    const options = { ...sarifOptions, color: false };
    for (const report of [fixtureReport(), { ...fixtureReport(), findings: [] }]) {
      const bytes = renderReportForWriting(format, report, options);
      expect(Buffer.isBuffer(bytes)).toBe(true);
      const text = bytes.toString();
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      expect(text).toBe(renderReport(format, report, options));
    }
  });
});

describe('determinism', () => {
  test.each(['text', 'json', 'sarif', 'github'] as const)('%s: same input, same bytes, whatever the input order', (format) => {
    const options = { ...sarifOptions, color: true };
    const first = renderReport(format, fixtureReport(), options);
    const shuffled = fixtureReport();
    shuffled.findings = [...shuffled.findings].reverse();
    shuffled.rules = [...shuffled.rules].reverse();
    expect(renderReport(format, fixtureReport(), options)).toBe(first);
    expect(renderReport(format, shuffled, options)).toBe(first);
  });

  test('no absolute paths or repo root leak into any format', () => {
    for (const format of ['text', 'json', 'sarif', 'github'] as const) {
      const out = renderReport(format, fixtureReport(), { ...sarifOptions, color: false });
      expect(out).not.toContain('/home/ci');
      expect(out.endsWith('\n')).toBe(true);
    }
  });
});
