import { HeaplintError } from '../../src/errors.js';
import { EscapeLogParser } from '../../src/parse/parser.js';
import { checkLog, LogFactCollector, logDisplayName, logProblem, type LogFacts } from '../../src/pipeline/log-check.js';
import { boundedMessage, excerpt } from '../../src/report/excerpt.js';

describe('excerpt', () => {
  it.each([
    ['./a.go:5:12: undefined: foo', './a.go:5:12: undefined: foo'],
    ['a\tb\u0000c\u001b[31mred\r', 'a\\tb\\x00c\\x1b[31mred\\r'],
    ['\u007f\u0085ELF', '\\x7f\\x85ELF'],
    ['abc\u202edef\u2066', 'abc\\u202edef\\u2066'],
    ['héllo ← wörld', 'héllo ← wörld'],
    ['', ''],
  ])('%j → %j', (text, want) => {
    expect(excerpt(text)).toBe(want);
  });

  it('cuts at the limit and says how long the line was', () => {
    expect(excerpt('x'.repeat(200))).toBe('x'.repeat(200));
    expect(excerpt('x'.repeat(201))).toBe(`${'x'.repeat(200)}… (201 characters)`);
    expect(excerpt('abcdef', 3)).toBe('abc… (6 characters)');
  });

  it('counts escapes against the limit and never splits one', () => {
    expect(excerpt('\u0000'.repeat(100), 10)).toBe('\\x00\\x00… (100 characters)');
  });

  it('stays cheap on a 20 MB line', () => {
    const started = Date.now();
    expect(excerpt('y'.repeat(20_000_000), 5)).toBe('yyyyy… (20000000 characters)');
    // The length of a head the parser or the first-line finder cut is only a lower bound.
    expect(excerpt('y'.repeat(65_536), 5)).toBe('yyyyy… (at least 65536 characters)');
    expect(excerpt('é'.repeat(32_767), 5)).toBe('ééééé… (at least 32767 characters)');
    expect(excerpt('y'.repeat(1 << 20), 5)).toBe('yyyyy… (at least 1048576 characters)');
    expect(excerpt('y'.repeat(65_537), 5)).toBe('yyyyy… (65537 characters)');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('boundedMessage', () => {
  it('leaves ordinary messages alone and cuts only over 500 characters', () => {
    expect(boundedMessage('3 findings in the Go standard library (GOROOT) left out')).toBe('3 findings in the Go standard library (GOROOT) left out');
    expect(boundedMessage('m'.repeat(500))).toBe('m'.repeat(500));
    expect(boundedMessage('m'.repeat(501))).toBe(`${'m'.repeat(500)}… (501 characters)`);
    expect(boundedMessage('tab\there')).toBe('tab\\there');
  });
});

function factsOf(text: string): LogFacts {
  const collector = new LogFactCollector();
  const parser = new EscapeLogParser((r) => collector.onRecord(r));
  for (const line of text.split('\n')) {
    collector.onLine(line);
    parser.pushLine(line);
  }
  parser.end();
  return collector.facts();
}

describe('LogFactCollector', () => {
  it('counts lines, recognised records, go messages and compile errors', () => {
    expect(factsOf('\ngo: downloading example.com/x v1.0.0\n# example.com/x\n./a.go:5:12: undefined: foo\nnoise\n./a.go:6:2: declared and not used: y')).toEqual({
      lines: 6,
      nonBlankLines: 5,
      recognized: 3,
      toolMessages: 1,
      firstLine: { number: 2, text: 'go: downloading example.com/x v1.0.0' },
      compileErrors: 2,
      firstCompileError: './a.go:5:12: undefined: foo',
    });
  });
});

describe('logProblem and checkLog', () => {
  const none: LogFacts = { lines: 0, nonBlankLines: 0, recognized: 0, toolMessages: 0, firstLine: null, compileErrors: 0, firstCompileError: null };

  it.each([
    ['x.log', none, 'x.log: the log is empty; write it with go build -gcflags=-m=2 ./... 2> FILE'],
    ['stdin', { ...none, lines: 3 }, 'stdin: the log is empty; pipe it with go build -gcflags=-m=2 ./... 2>&1 | heaplint --from-log -'],
    ['x.log', { ...none, lines: 13, nonBlankLines: 12, firstLine: { number: 2, text: '\u0001\u0002' } }, 'x.log: no Go compiler output found (13 lines, none recognised; line 2: \\x01\\x02)'],
    ['x.log', { ...none, lines: 1, nonBlankLines: 1, toolMessages: 1, firstLine: { number: 1, text: 'go: no go files' } }, 'x.log: no Go compiler output found (1 line, only go command messages; line 1: go: no go files)'],
    ['x.log', { ...none, lines: 5, nonBlankLines: 5, recognized: 1, firstLine: { number: 1, text: 'garbage' } }, null],
  ] as const)('%s %j', (name, facts, want) => {
    expect(logProblem(name, facts)).toBe(want);
  });

  it('names stdin for -', () => {
    expect(logDisplayName('-')).toBe('stdin');
    expect(logDisplayName('logs/build.log')).toBe('logs/build.log');
  });

  it('throws exit-2 errors: the problem first, then the first compile error', () => {
    const facts: LogFacts = { ...none, lines: 3, nonBlankLines: 3, recognized: 3, firstLine: { number: 1, text: '# p' }, compileErrors: 2, firstCompileError: './a.go:1:2: bad' };
    let thrown: unknown = null;
    try {
      checkLog('x.log', facts);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(HeaplintError);
    expect([(thrown as HeaplintError).message, (thrown as HeaplintError).exitCode]).toEqual(['compile error: ./a.go:1:2: bad (and 1 more)', 2]);
    expect(() => checkLog('-', none)).toThrow(new HeaplintError('stdin: the log is empty; pipe it with go build -gcflags=-m=2 ./... 2>&1 | heaplint --from-log -'));
    expect(() => checkLog('x.log', { ...facts, compileErrors: 0, firstCompileError: null })).not.toThrow();
  });
});
