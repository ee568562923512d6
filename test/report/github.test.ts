import type { Finding } from '../../src/findings/finding.js';
import { escapeData, escapeProperty, renderGithub, renderStepSummary } from '../../src/report/github.js';
import { FINDINGS, emptyReport, fixtureReport } from './fixture-report.js';

describe('workflow command escaping (@actions/core rules)', () => {
  test('message data: %, CR, LF', () => {
    expect(escapeData('100% of\r\nthe: time, ok')).toBe('100%25 of%0D%0Athe: time, ok');
  });

  test('properties additionally escape : and ,', () => {
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
  });
});

describe('renderGithub', () => {
  test('level maps to the command; byte columns without sources; escaping applied', () => {
    const base = FINDINGS[3] as Finding;
    const report = fixtureReport({
      findings: [{ ...base, file: 'odd,dir/a:b.go', message: 'line one\nline 100%' }],
      diagnostics: [],
    });
    expect(renderGithub(report)).toBe(
      '::notice file=odd%2Cdir/a%3Ab.go,line=6,endLine=6,col=20,endColumn=21,title=interface-boxing::line one%0Aline 100%25\n',
    );
  });

  test('multi-line findings carry no columns (the runner ignores them)', () => {
    const base = FINDINGS[2] as Finding;
    const report = fixtureReport({ findings: [{ ...base, endLine: 10, endColumn: 4 }], diagnostics: [] });
    expect(renderGithub(report)).toBe(
      '::warning file=internal/cache/cache.go,line=9,endLine=10,title=address-returned::e is moved to the heap: its address is returned from newEntry.\n',
    );
  });

  test('empty report prints nothing', () => {
    expect(renderGithub(emptyReport())).toBe('');
  });
});

describe('renderStepSummary', () => {
  test('pipes in cells are escaped; top files ordered by count then path', () => {
    const base = FINDINGS[3] as Finding;
    const report = emptyReport();
    report.findings = [
      { ...base, file: 'b.go' },
      { ...base, file: 'a|b.go' },
      { ...base, file: 'b.go', line: 7 },
    ];
    report.summary = { ...report.summary, total: 3, byLevel: { error: 0, warning: 0, note: 3 }, byRule: { 'interface-boxing': 3 } };
    expect(renderStepSummary(report)).toBe(
      [
        '## heaplint',
        '',
        '**3 findings** (0 errors, 0 warnings, 3 notes) · heaplint 0.1.0 with go1.26.0',
        '',
        '| Rule | Findings |',
        '| --- | ---: |',
        '| `interface-boxing` | 3 |',
        '',
        '### Top files',
        '',
        '| File | Findings |',
        '| --- | ---: |',
        '| `b.go` | 2 |',
        '| `a\\|b.go` | 1 |',
        '',
      ].join('\n'),
    );
  });
});
