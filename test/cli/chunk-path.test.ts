import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { HeaplintError } from '../../src/errors.js';
import { EscapeLogParser } from '../../src/parse/parser.js';
import type { ParsedRecord, VerdictRecord } from '../../src/parse/records.js';
import { memoResolve, type PathResolver } from '../../src/paths/resolve.js';
import { lintFlowSelector, runLint, type LintDeps } from '../../src/pipeline/lint.js';
import { wholeLog } from '../pipeline/whole-log.js';
import { PARSE_WRITE_BATCH, runParse, type ParseDeps } from '../../src/pipeline/parse.js';
import { nodePathFs } from '../../src/paths/node-fs.js';
import { cachedPathFs, feedParser, type Session } from '../../src/pipeline/source.js';
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

const deps: LintDeps = { createParser: (onRecord) => new EscapeLogParser(onRecord), rules: [], classifier: wholeLog(() => ({ findings: [], excluded: {} })) };

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

  test('heaplint parse writes a large section as it goes, not after the next chunk', async () => {
    // One section's records come out of the parser together (go/types in Go 1.22's std output is
    // 250 MB of log): holding its JSON until the next chunk held all of it (872 MB of RSS).
    const parseDeps: ParseDeps = { createParser: (onRecord) => new EscapeLogParser(onRecord), recordToJson: (r: ParsedRecord) => JSON.stringify(r) };
    const lines = ['# example.com/big'];
    for (let i = 1; i <= 20_000; i++) lines.push(`./big.go:${i}:2: can inline f${i} with cost 4 as: func() int { return ${i} }`);
    const text = lines.join('\n') + '\n';
    const writes: number[] = [];
    const got: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        writes.push(chunk.length);
        got.push(chunk.toString());
        cb();
      },
    });
    // One chunk for the whole log: nothing between chunks to flush at.
    await runParse(session(text, { chunk: text.length }).s, parseDeps, sink);
    const out = got.join('').split('\n');
    expect(out).toHaveLength(20_002); // header, 20,000 records, final newline
    expect(JSON.parse(out[20_000] ?? '')).toMatchObject({ kind: 'can-inline', line: 20000, function: 'f20000', cost: 4 });
    const total = writes.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(4 * PARSE_WRITE_BATCH);
    // Each write is a batch: at most one record past the batch size.
    expect(Math.max(...writes)).toBeLessThan(PARSE_WRITE_BATCH + 1024);
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

describe('flows only where lint needs them (lintFlowSelector)', () => {
  // Repository files are ./…; /goroot/… is outside. Package r has repository files, so its outside
  // records (an inlined body in GOROOT) reach the classifier whole; package o has none.
  const MIXED = [
    '# example.com/o',
    '/goroot/o.go:3:2: x escapes to heap:',
    '/goroot/o.go:3:2:   flow: {heap} ← &x:',
    '/goroot/o.go:3:2:     from &x (address-of) at /goroot/o.go:3:2',
    '/goroot/o.go:3:2: moved to heap: x',
    '/goroot/o.go:4:4:     from stray (line) at /goroot/o.go:4:4',
    '# example.com/r',
    '/goroot/inl.go:9:9: parameter p leaks to {heap} with derefs=0:',
    '/goroot/inl.go:9:9:   flow: {heap} ← p:',
    '/goroot/inl.go:9:9:     from p (assigned) at /goroot/inl.go:9:10',
    '/goroot/inl.go:9:9: leaking param: p',
    './r.go:5:6: y escapes to heap:',
    './r.go:5:6:   flow: {heap} ← y:',
    './r.go:5:6:     from y (spill) at ./r.go:5:6',
    './r.go:5:6: y escapes to heap',
    './r.go:7:1: z does not escape',
    './r.go:8:1: can inline g',
  ].join('\n');
  const outsideResolver: PathResolver = {
    resolve: (file) => (file.startsWith('/goroot/') ? { absolute: file, repoRelative: null, outside: 'goroot' } : { absolute: null, repoRelative: file.replace(/^\.\//, ''), outside: null }),
  };

  async function lintInputs(selector: boolean): Promise<{ classified: ParsedRecord[]; contracts: ParsedRecord[]; report: unknown }> {
    const classified: ParsedRecord[] = [];
    const contracts: ParsedRecord[] = [];
    const d: LintDeps = {
      createParser: (onRecord) => {
        const p = new EscapeLogParser(onRecord);
        // Without setFlowSelector the pipeline cannot ask for fewer flows.
        return selector ? p : { pushLine: (l) => p.pushLine(l), pushChunk: (c) => p.pushChunk(c), end: () => p.end(), stats: p.stats };
      },
      rules: [],
      classifier: wholeLog((records) => {
        classified.push(...records);
        return { findings: [], excluded: { goroot: records.filter((r) => r.file?.startsWith('/goroot/')).length } };
      }),
      contracts: ({ records }) => {
        contracts.push(...records);
        return Promise.resolve([]);
      },
    };
    const s = { ...session(MIXED, { chunk: 7 }).s, resolver: outsideResolver };
    const { report } = await runLint(s, d, TOOL);
    return { classified, contracts, report };
  }

  test('what the classifier and the contracts stage get is unchanged, flows included', async () => {
    const fewer = await lintInputs(true);
    const all = await lintInputs(false);
    expect(fewer).toEqual(all);
    expect(fewer.classified.map((r) => [r.kind, r.file, 'flows' in r ? r.flows.length : -1])).toEqual([
      // the stand-in for package o's dropped record, as o's section ends
      ['does-not-escape', '/goroot/o.go', 0],
      ['leaking-param', '/goroot/inl.go', 1],
      ['escapes-to-heap', './r.go', 1],
    ]);
    expect(fewer.contracts.map((r) => r.kind)).toEqual(['escapes-to-heap', 'does-not-escape', 'can-inline']);
  });

  test('the selector: outside records of packages without repository files, and orphans, get no flows', () => {
    const resolve = memoResolve(outsideResolver);
    const select = lintFlowSelector(resolve);
    const rec = (kind: 'moved-to-heap' | 'orphan-explanation', file: string | null, pkg: string | null): VerdictRecord =>
      ({ kind, file, line: 1, column: 1, message: '', package: pkg, variant: null, count: 1, logLine: 1, subject: 'x', function: null, flows: [], explanations: [] }) as VerdictRecord;
    const o = rec('moved-to-heap', '/goroot/o.go', 'o');
    const wantO = select([o], true);
    expect(wantO(o)).toBe(false);
    expect(wantO(rec('moved-to-heap', null, 'o'))).toBe(true);
    expect(wantO(rec('moved-to-heap', '/goroot/o.go', null))).toBe(true);
    const inl = rec('moved-to-heap', '/goroot/inl.go', 'r');
    const wantR = select([inl, rec('moved-to-heap', './r.go', 'r')], true);
    expect(wantR(inl)).toBe(true);
    expect(wantR(rec('orphan-explanation', './r.go', 'r'))).toBe(false);
    // a later section of r (a test variant) still counts r as a repository package
    expect(select([inl], true)(inl)).toBe(true);
    // an unfinished window cannot know what the rest of its section holds
    expect(select([o], false)(o)).toBe(true);
    expect(resolve('./r.go', 'r')).toBe(resolve('./r.go', 'r'));
  });
});

describe('cachedPathFs (a build session resolves thousands of paths)', () => {
  test.each([true, false])('native=%s: the real path, null for what is not there, each path asked once', (native) => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-pathfs-')));
    try {
      fs.mkdirSync(path.join(dir, 'real'));
      fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
      const asked: string[] = [];
      const pfs = cachedPathFs({ realpath: (p) => (asked.push(p), nodePathFs.realpath(p)) }, native);
      for (let i = 0; i < 2; i++) {
        expect(pfs.realpath(path.join(dir, 'link'))).toBe(path.join(dir, 'real'));
        expect(pfs.realpath(path.join(dir, 'missing'))).toBeNull();
      }
      expect(asked).toEqual(native ? [] : [path.join(dir, 'link'), path.join(dir, 'missing')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
