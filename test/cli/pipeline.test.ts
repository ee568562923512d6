import { Readable } from 'node:stream';
import { HeaplintError } from '../../src/errors.js';
import type { Finding } from '../../src/findings/finding.js';
import type { ParsedRecord, ParseStats, VerdictRecord } from '../../src/parse/records.js';
import type { PathResolver } from '../../src/paths/resolve.js';
import type { RuleMeta } from '../../rules/rule.js';
import { buildFailureMessage } from '../../src/pipeline/build-failure.js';
import { runLint, type LintDeps } from '../../src/pipeline/lint.js';
import { wholeLog } from '../pipeline/whole-log.js';
import { exitCodeFor } from '../../src/policy/exit-code.js';
import { buildReport } from '../../src/pipeline/report.js';
import { isClassifierInput } from '../../src/pipeline/select.js';
import type { Session } from '../../src/pipeline/source.js';
import { EscapeLogParser } from '../../src/parse/parser.js';
import { forEachLine } from '../../src/runner/lines.js';

const NO_FINDINGS: LintDeps = { createParser: (onRecord) => new EscapeLogParser(onRecord), rules: [], classifier: wholeLog(() => ({ findings: [], excluded: {} })) };

const base = { file: './a.go', line: 3, column: 2, message: '', package: 'p', variant: null, count: 1, logLine: 1 };

function verdict(kind: VerdictRecord['kind'], subject: string): VerdictRecord {
  return { ...base, kind, subject, function: null, flows: [], explanations: [] };
}

describe('isClassifierInput', () => {
  it.each([
    [verdict('moved-to-heap', 'x'), true],
    [verdict('escapes-to-heap', '&T{...}'), true],
    [verdict('leaking-param', 'p'), true],
    [verdict('leaking-param-content', 'p'), true],
    [verdict('leaking-param-to-result', 'p'), true],
    [verdict('does-not-escape', 'make([]int, n)'), true],
    [verdict('does-not-escape', '&T{...}'), false],
  ])('%j → %s', (record, expected) => {
    expect(isClassifierInput(record)).toBe(expected);
  });

  it('skips non-verdict records', () => {
    const r: ParsedRecord = { ...base, kind: 'can-inline', function: 'f', cost: 3 };
    expect(isClassifierInput(r)).toBe(false);
  });
});

describe('buildFailureMessage', () => {
  it.each([
    [1, './bad.go:5:12: undefined: foo', 1, [], 'compile error: ./bad.go:5:12: undefined: foo'],
    [1, './bad.go:5:12: undefined: foo', 4, [], 'compile error: ./bad.go:5:12: undefined: foo (and 3 more)'],
    [1, null, 0, ['', 'package example.com/x is not in std'], 'go build failed: package example.com/x is not in std'],
    [2, null, 0, [], 'go build failed: exit status 2'],
  ] as const)('exit %d', (code, first, count, tool, expected) => {
    expect(buildFailureMessage(code, first, count, tool)).toBe(expected);
  });
});

const RULES: RuleMeta[] = ['zeta', 'alpha'].map((id) => ({
  id,
  name: id.toUpperCase(),
  shortDescription: id,
  fullDescription: id,
  helpMarkdown: id,
  defaultLevel: 'note',
  enabledByDefault: true,
  tags: [],
  precision: 'high',
}));

function finding(file: string, line: number, ruleId: string, level: Finding['level']): Finding {
  return {
    ruleId,
    level,
    message: 'm',
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    function: null,
    package: 'p',
    subject: 'x',
    evidence: [],
    flow: [],
    inlinedAt: [],
    fingerprint: `${file}:${line}`,
  };
}

const LOG = [
  '# example.com/p',
  './a.go:3:2: moved to heap: x',
  './a.go:4:9: make([]int, n) does not escape',
  './a.go:5:6: can inline f',
  './a.go:7:1: this is not something the compiler says',
].join('\n');

const FAILED_LOG = `${LOG}\n# example.com/q\n./q.go:1:2: undefined: nope\n./q.go:2:2: undefined: other`;

function logSession(text: string): Session {
  const resolver: PathResolver = {
    resolve: (file) => ({ absolute: null, repoRelative: file.replace(/^\.\//, ''), outside: null }),
  };
  return {
    resolver,
    repoRoot: '/repo',
    go: { version: 'go1.26.8', goos: 'linux', goarch: 'amd64' },
    goVersion: { major: 1, minor: 26 },
    packages: null,
    async run(onLine) {
      const bytes = await forEachLine(Readable.from([Buffer.from(text)]), onLine);
      return { buildExitCode: null, toolLines: [], bytes };
    },
  };
}

describe('runLint', () => {
  it('hands the classifier only what it needs and builds a sorted, complete report', async () => {
    const seen: string[] = [];
    const deps: LintDeps = {
      createParser: (onRecord) => new EscapeLogParser(onRecord),
      rules: RULES,
      classifier: wholeLog((records) => {
        seen.push(...records.map((r) => `${r.kind} ${r.subject}`));
        return {
          findings: [finding('b.go', 1, 'zeta', 'note'), finding('a.go', 9, 'alpha', 'warning'), finding('a.go', 3, 'zeta', 'note')],
          excluded: { 'outside-repo': 2, goroot: 1 },
        };
      }),
    };
    const out = await runLint(logSession(LOG), deps, { name: 'heaplint', version: '9.9.9' });
    expect(seen).toEqual(['moved-to-heap x', 'does-not-escape make([]int, n)']);
    expect(out.classified).toBe(2);
    expect(out.skipped).toEqual({ 'can-inline': 1, 'package-header': 1, unrecognized: 1 });
    const r = out.report;
    expect(r.rules.map((m) => m.id)).toEqual(['alpha', 'zeta']);
    expect(r.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['a.go:3', 'a.go:9', 'b.go:1']);
    expect(r.summary).toEqual({
      byRule: { alpha: 1, zeta: 2 },
      byLevel: { error: 0, warning: 1, note: 2 },
      total: 3,
      excluded: { goroot: 1, 'outside-repo': 2 },
      packages: 1,
      linesParsed: 5,
      unrecognizedLines: 1,
      compileErrors: 0,
    });
    expect(r.diagnostics).toEqual([
      {
        level: 'warning',
        code: 'unrecognized-line',
        message: '1 line of compiler output not recognized; the first, at log line 5: this is not something the compiler says',
      },
      { level: 'note', code: 'excluded-goroot', message: '1 finding in the Go standard library (GOROOT) left out' },
      { level: 'note', code: 'excluded-outside-repo', message: '2 findings in files outside the repository left out' },
    ]);
    // Unrecognised lines in a log that is otherwise compiler output: a warning, the run still succeeded.
    expect(r.executionSuccessful).toBe(true);
    expect(r.tool).toEqual({ name: 'heaplint', version: '9.9.9' });
    expect(exitCodeFor(r.findings, 'warning')).toBe(1);
  });

  it('throws the build failure after parsing when go build failed', async () => {
    const session = logSession(FAILED_LOG);
    const failing: Session = { ...session, run: async (onLine) => ({ ...(await session.run(onLine)), buildExitCode: 1 }) };
    await expect(runLint(failing, NO_FINDINGS, { name: 'heaplint', version: '0' })).rejects.toThrow(
      new HeaplintError('compile error: ./q.go:1:2: undefined: nope (and 1 more)'),
    );
  });

  it('a saved log of a failed build fails the same way, though it has no exit code', async () => {
    await expect(runLint(logSession(FAILED_LOG), NO_FINDINGS, { name: 'heaplint', version: '0' })).rejects.toThrow(
      new HeaplintError('compile error: ./q.go:1:2: undefined: nope (and 1 more)'),
    );
  });

  it.each([
    ['', 'the log: the log is empty; write it with go build -gcflags=-m=2 ./... 2> FILE'],
    ['\n  \n', 'the log: the log is empty; write it with go build -gcflags=-m=2 ./... 2> FILE'],
    ['\nhello\nworld\n', 'the log: no Go compiler output found (3 lines, none recognised; line 2: hello)'],
    ['go: downloading example.com/x v1.0.0\n', 'the log: no Go compiler output found (1 line, only go command messages; line 1: go: downloading example.com/x v1.0.0)'],
  ])('a log %j is not compiler output', async (text, message) => {
    await expect(runLint(logSession(text), NO_FINDINGS, { name: 'heaplint', version: '0' })).rejects.toThrow(new HeaplintError(message));
  });
});

describe('the exit code at the default fail level', () => {
  it('is 0 for notes only, 1 from warnings up', () => {
    expect(exitCodeFor([], 'warning')).toBe(0);
    expect(exitCodeFor([finding('a.go', 1, 'x', 'note')], 'warning')).toBe(0);
    expect(exitCodeFor([finding('a.go', 1, 'x', 'error')], 'warning')).toBe(1);
  });
});

describe('buildReport', () => {
  it('lists every rule in byRule, zero included', () => {
    const stats: ParseStats = { lines: 0, bytes: 0, records: 0, duplicates: 0, unrecognized: 0, compileErrors: 0, explanationLines: 0, packages: 0 };
    const r = buildReport({
      tool: { name: 'heaplint', version: '1' },
      go: { version: null, goos: null, goarch: null },
      rules: RULES,
      findings: [],
      excluded: {},
      stats,
      compileErrors: [],
      unrecognized: [],
      resolver: { resolve: () => ({ absolute: null, repoRelative: null, outside: 'unknown' }) },
      executionSuccessful: true,
    });
    expect(r.summary.byRule).toEqual({ alpha: 0, zeta: 0 });
    expect(r.diagnostics).toEqual([]);
    expect(r.executionSuccessful).toBe(true);
  });
});
