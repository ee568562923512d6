import type { Finding } from '../../src/findings/finding.js';
import { renderText } from '../../src/report/text.js';
import { FINDINGS, emptyReport, fixtureReport, readFixtureSource } from './fixture-report.js';

const plain = { color: false, readSource: readFixtureSource };

describe('renderText', () => {
  test('contract violations come first, before the per-file groups', () => {
    const out = renderText(fixtureReport(), plain);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Contract violations (1)');
    expect(lines[2]).toBe('cmd/server/main.go:11:2  error  contract-violation  cfg is moved to the heap, but main is marked //heaplint:noescape.');
    expect(lines.indexOf('cmd/server/main.go')).toBeGreaterThan(2);
  });

  test('caret spans column..endColumn in display cells (wide characters count 2, tabs 4)', () => {
    const out = renderText(fixtureReport({ findings: [FINDINGS[1] as Finding], diagnostics: [] }), plain);
    expect(out).toContain(
      ['  12 | ' + '    log.Print("名前: ", cfg.Name, &cfg)', '     | ' + ' '.repeat(34) + '^~~~'].join('\n'),
    );
  });

  test('a finding spanning lines underlines to the end of its first line', () => {
    const base = FINDINGS[3] as Finding;
    const out = renderText(fixtureReport({ findings: [{ ...base, column: 9, endLine: 7, endColumn: 2 }], diagnostics: [] }), plain);
    // Byte 9 is `fmt` (after a tab and `return `): 11 cells in, 13 cells to the end of the line.
    expect(out).toContain(`  6 |     return fmt.Sprint(n)\n    | ${' '.repeat(11)}^${'~'.repeat(12)}\n`);
  });

  test("a call placed at its `(` is underlined from what it calls; the header keeps the compiler's column", () => {
    const base = FINDINGS[3] as Finding;
    // `return fmt.Sprint(n)`: the call's `(` is byte 19, `fmt` byte 9, the call ends before byte 22.
    const out = renderText(fixtureReport({ findings: [{ ...base, column: 19, startColumn: 9, endLine: 6, endColumn: 22 }], diagnostics: [] }), plain);
    expect(out).toContain(`pkg/my dir/x.go:6:19  note`);
    expect(out).toContain(`  6 |     return fmt.Sprint(n)\n    | ${' '.repeat(11)}^${'~'.repeat(12)}\n`);
  });

  test('missing source: no code frame, the header line still printed', () => {
    const out = renderText(fixtureReport({ findings: [FINDINGS[3] as Finding], diagnostics: [] }), { color: false, readSource: () => null });
    expect(out.split('\n').slice(0, 3)).toEqual([
      'pkg/my dir/x.go',
      'pkg/my dir/x.go:6:20  note  interface-boxing  n escapes to the heap: it is converted to an interface to be passed to fmt.Sprint.',
      '',
    ]);
  });

  test('summary lists only non-zero rules and excluded reasons', () => {
    const out = renderText(fixtureReport(), plain);
    expect(out).toContain('Rule                Findings\naddress-returned           1\ncontract-violation         1\ninterface-boxing           2\n');
    expect(out).not.toContain('closure-capture');
    expect(out).toContain('Excluded: 12 goroot, 1 suppressed\n');
    expect(out).not.toContain('baseline');
  });

  test('colour can be forced on and off', () => {
    expect(renderText(emptyReport(), plain)).not.toContain('\u001b[');
    expect(renderText(emptyReport(), { ...plain, color: true })).toContain('\u001b[32mNo findings.\u001b[39m');
  });
});
