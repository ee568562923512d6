import { Readable, Writable } from 'node:stream';
import { HeaplintError } from '../../src/errors.js';
import { EscapeLogParser } from '../../src/parse/parser.js';
import type { ParsedRecord } from '../../src/parse/records.js';
import type { PathResolver } from '../../src/paths/resolve.js';
import { runLint, type LintDeps } from '../../src/pipeline/lint.js';
import { runParse, type ParseDeps } from '../../src/pipeline/parse.js';
import { feedParser, type Session } from '../../src/pipeline/source.js';
import { FirstLineFinder, forEachChunk, forEachLine } from '../../src/runner/lines.js';

const TOOL = { name: 'heaplint' as const, version: '0' };
const resolver: PathResolver = { resolve: (file) => ({ absolute: null, repoRelative: file.replace(/^\.\//, ''), outside: null }) };

/** A session over `text` that offers both paths; `lineCalls` counts uses of the line path. */
function session(text: string, opts: { chunk: number; exitCode?: number | null; chunks?: boolean }) {
  const used = { lines: 0, chunks: 0 };
  const pieces = (): Buffer[] => {
    const buf = Buffer.from(text, 'utf8');
    const out: Buffer[] = [];
    for (let i = 0; i < buf.length; i += opts.chunk) out.push(buf.subarray(i, i + opts.chunk));
    return out;
  };
  const exit = opts.exitCode ?? null;
  const s: Session = {
    resolver,
    repoRoot: '/repo',
    go: { version: 'go1.26.0', goos: 'linux', goarch: 'amd64' },
    goVersion: { major: 1, minor: 26 },
    packages: null,
    async run(onLine) {
      used.lines++;
      const bytes = await forEachLine(Readable.from(pieces()), onLine);
      return { buildExitCode: exit, toolLines: [], bytes };
    },
  };
  if (opts.chunks !== false) {
    s.runChunks = async (onChunk, lineOptions) => {
      used.chunks++;
      const bytes = await forEachChunk(Readable.from(pieces()), onChunk, lineOptions);
      return { buildExitCode: exit, toolLines: [], bytes };
    };
  }
  return { s, used };
}

const deps: LintDeps = { createParser: (onRecord) => new EscapeLogParser(onRecord), rules: [], classify: () => ({ findings: [], excluded: {} }) };

async function lintMessage(text: string, chunk: number, chunks: boolean, exitCode: number | null = null): Promise<string> {
  try {
    await runLint(session(text, { chunk, chunks, exitCode }).s, deps, TOOL);
    return 'ok';
  } catch (err) {
    return err instanceof HeaplintError ? err.message : String(err);
  }
}

const LOG = [
  '# example.com/p',
  './a.go:3:2: x escapes to heap:',
  './a.go:3:2:   flow: {heap} ← &x:',
  './a.go:3:2:     from &x (address-of) at ./a.go:3:2',
  './a.go:3:2: moved to heap: x',
  './é.go:4:9: make([]int, n) does not escape',
  './a.go:5:6: can inline f',
  './a.go:5:6: can inline f',
  './a.go:7:1: this is not something the compiler says',
].join('\r\n');

describe('the chunk path (raw bytes into the parser)', () => {
  test('is used when session and parser support it, and reports the same as the line path', async () => {
    const { s, used } = session(LOG, { chunk: 5 });
    const chunked = await runLint(s, deps, TOOL);
    expect(used).toEqual({ lines: 0, chunks: 1 });
    const lines = await runLint(session(LOG, { chunk: 5, chunks: false }).s, deps, TOOL);
    expect(chunked).toEqual(lines);
    expect(chunked.report.summary).toMatchObject({ linesParsed: 9, unrecognizedLines: 1, packages: 1 });
  });

  test.each([
    [''],
    ['\n  \n'],
    ['\n \t\r\n\u00a0\n'],
    ['\nhello\nworld\n'],
    ['\n  hello  \r\n'],
    ['go: downloading example.com/x v1.0.0\n'],
    ['\n\n<unknown line number>: what\n'],
    [`${'y'.repeat(300)}\n`],
    ['# example.com/q\n./q.go:1:2: undefined: nope\n\tmore\n./q.go:2:2: undefined: other'],
  ])('a log %j fails (or not) with the same message on both paths', async (text) => {
    for (const chunk of [1, 3, 4096]) {
      expect(await lintMessage(text, chunk, true)).toBe(await lintMessage(text, chunk, false));
    }
  });

  test('a failed build names the first go command line, found from records', async () => {
    const text = '\ngo: updates to go.mod needed; to update it:\n\tgo mod tidy\n';
    expect(await lintMessage(text, 7, true, 1)).toBe('go build failed: go: updates to go.mod needed; to update it:');
    expect(await lintMessage('package example.com/x is not in std (/go/src/example.com/x)\n', 7, true, 1)).toBe(
      'go build failed: package example.com/x is not in std (/go/src/example.com/x)',
    );
    expect(await lintMessage('', 7, true, 2)).toBe('go build failed: exit status 2');
  });

  test('heaplint parse writes the same JSON lines on both paths, flushing between chunks', async () => {
    const parseDeps: ParseDeps = { createParser: (onRecord) => new EscapeLogParser(onRecord), recordToJson: (r: ParsedRecord) => JSON.stringify(r) };
    const out = async (chunks: boolean): Promise<{ text: string; writes: number }> => {
      const got: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          got.push(chunk.toString());
          cb();
        },
      });
      await runParse(session(`${LOG}\n# example.com/z\n./z.go:1:1: can inline z\n`, { chunk: 64, chunks }).s, parseDeps, sink);
      return { text: got.join(''), writes: got.length };
    };
    const chunked = await out(true);
    const lines = await out(false);
    expect(chunked.text).toBe(lines.text);
    expect(chunked.text.split('\n')).toHaveLength(8); // 7 records (the repeated line folds)
    // The first section was written out before the input ended.
    expect(chunked.writes).toBe(2);
  });

  test('a parser without pushChunk gets lines even from a session that has chunks', async () => {
    const { s, used } = session(LOG, { chunk: 5 });
    const seen: string[] = [];
    const inner = new EscapeLogParser(() => undefined);
    const fed = await feedParser(s, { pushLine: (l) => inner.pushLine(l), end: () => inner.end(), stats: inner.stats }, (l) => seen.push(l));
    expect(used).toEqual({ lines: 1, chunks: 0 });
    expect(fed.lineFacts).toBeNull();
    expect(seen).toHaveLength(9);
  });
});

describe('FirstLineFinder', () => {
  test.each([
    ['', null],
    ['\n \n\t\r\n', null],
    ['\n\n  x y\r\nz', { number: 3, text: '  x y' }],
    ['\u00a0\n\u2003 é\n', { number: 2, text: '\u2003 é' }],
    ['abc', { number: 1, text: 'abc' }],
  ])('%j → %j', (text, want) => {
    for (const size of [1, 2, 100]) {
      const f = new FirstLineFinder();
      const buf = Buffer.from(text, 'utf8');
      for (let i = 0; i < buf.length; i += size) f.push(buf.subarray(i, i + size));
      expect(f.end()).toEqual(want);
    }
  });
});
