import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MAX_SECTION_BYTES, DEFAULT_MAX_SECTION_OBJECTS, EscapeLogParser } from '../../src/parse/parser.js';
import { LOG_READ_CHUNK, openLogStream, parseStream, parseText } from '../../src/parse/stream.js';
import type { ParsedRecord, VerdictRecord } from '../../src/parse/records.js';
import { fixturesDir } from './helpers.js';

const flowsOf = (r: ParsedRecord | undefined) => (r !== undefined && 'flows' in r ? r.flows : null);

/** One escape-analysis batch: explanation block, then its verdict, then a line every batch repeats. */
function batch(i: number): string[] {
  return [
    `./a.go:${i}:2: x escapes to heap:`,
    `./a.go:${i}:2:   flow: {heap} ← &x:`,
    `./a.go:${i}:2:     from &x (address-of) at ./a.go:${i}:9`,
    `./a.go:${i}:2: moved to heap: x`,
    './b.go:1:1: inlining call to f',
  ];
}

describe('a section larger than the budget is emitted in windows', () => {
  // The same batch printed twice: inside one window its block is a duplicate and its lines
  // fold into counts; with a cut in between, each half stands alone.
  const log = ['# p', ...batch(1), ...batch(1)].join('\n');
  const moved = (count: number, logLine: number) => ({
    kind: 'moved-to-heap',
    file: './a.go',
    line: 1,
    column: 2,
    message: 'moved to heap: x',
    package: 'p',
    variant: null,
    count,
    logLine,
    subject: 'x',
    function: null,
    flows: [{ block: 0, dst: '{heap}', src: 'x', derefs: -1, steps: [{ file: './a.go', line: 1, column: 9, expr: '&x', why: 'address-of' }] }],
    explanations: [{ subject: 'x', function: null, sink: null, derefs: null, truncated: false }],
  });
  const inlining = (count: number, logLine: number) => ({
    kind: 'inlining-call',
    file: './b.go',
    line: 1,
    column: 1,
    message: 'inlining call to f',
    package: 'p',
    variant: null,
    count,
    logLine,
    function: 'f',
  });
  const header = { kind: 'package-header', file: null, line: null, column: null, message: '# p', package: 'p', variant: null, count: 1, logLine: 1 };

  test('under the budget: one window, lines folded', () => {
    const { records, stats } = parseText(log);
    expect(records).toEqual([header, moved(2, 2), inlining(2, 6)]);
    expect(stats).toMatchObject({ lines: 11, records: 3, duplicates: 5, explanationLines: 3 });
  });

  // Budgets below count an estimate per record and block: 400, plus three times its line's length.
  test('over the budget: the cut falls where the next batch starts', () => {
    // 1000: the first batch fits, and the second one's header finds the budget exceeded.
    const { records, stats } = parseText(log, { maxSectionBytes: 1000 });
    expect(records).toEqual([header, moved(1, 2), inlining(1, 6), moved(1, 7), inlining(1, 11)]);
    expect(stats).toMatchObject({ lines: 11, records: 5, duplicates: 0, explanationLines: 6 });
    expect(stats.records + stats.explanationLines + stats.duplicates).toBe(stats.lines);
  });

  test('no batch boundary (blocks only): cut past 1.25 times the budget, blocks become orphans', () => {
    const blocks = Array.from({ length: 4 }, (_, i) => [`./a.go:${i + 1}:2: x escapes to heap:`, `./a.go:${i + 1}:2:   flow: {heap} ← &x:`]).flat();
    const got: ParsedRecord[] = [];
    const p = new EscapeLogParser((r) => got.push(r), { maxSectionBytes: 1 });
    for (const l of blocks) p.pushLine(l);
    // A block counts once it is closed (explanation text, in the arena, never does): the third
    // header finds the first block over 1.25 times the budget, and the two blocks before it leave.
    expect(got.map((r) => [r.kind, r.logLine])).toEqual([
      ['orphan-explanation', 1],
      ['orphan-explanation', 3],
    ]);
    p.end();
    expect(got.map((r) => r.logLine)).toEqual([1, 3, 5, 7]);
    expect(got.map((r) => flowsOf(r)?.length)).toEqual([1, 1, 1, 1]);
  });

  test('a positioned unknown line keeps its section-wide meaning across a cut', () => {
    // 1200: the unknown line arrives with 1.25 times the budget buffered and no batch start in
    // sight, so the cut falls just before it. The section had diagnostics before the cut,
    // so the line is not a compile error.
    const got: ParsedRecord[] = [];
    const p = new EscapeLogParser((r) => got.push(r), { maxSectionBytes: 1200 });
    for (const l of ['# p', ...batch(1), './a.go:7:1: something new']) p.pushLine(l);
    expect(got.map((r) => r.kind)).toEqual(['package-header', 'moved-to-heap', 'inlining-call']);
    p.end();
    expect(got.slice(3)).toEqual([
      { kind: 'unrecognized', file: './a.go', line: 7, column: 1, message: 'something new', package: 'p', variant: null, count: 1, logLine: 7 },
    ]);
  });
});

describe('a synthetic 2-million-line section', () => {
  const batches = 400_000; // 5 lines each
  let done = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    let lines: string[] = [];
    for (let i = 1; i <= batches; i++) {
      lines.push(...batch(i));
      if (lines.length >= 50_000) {
        yield Buffer.from(lines.join('\n') + '\n');
        lines = [];
      }
    }
    if (lines.length > 0) yield Buffer.from(lines.join('\n') + '\n');
    done = true;
  }

  test('streams out in bounded windows with every line accounted for', async () => {
    let inlining = 0;
    let inliningRecords = 0;
    let verdicts = 0;
    let flows = 0;
    let first: ParsedRecord | undefined;
    let last: ParsedRecord | undefined;
    let emittedEarly = 0;
    const maxSectionBytes = 16 << 20;
    const stats = await parseStream(
      chunks(),
      (r) => {
        first ??= r;
        last = r;
        if (!done) emittedEarly++;
        if (r.kind === 'inlining-call') {
          inlining += r.count;
          inliningRecords++;
        } else if (r.kind === 'moved-to-heap') {
          verdicts++;
          flows += r.flows.length;
        }
      },
      { maxSectionBytes },
    );
    expect(stats.lines).toBe(2_000_000);
    expect(stats.unrecognized).toBe(0);
    expect(stats.explanationLines).toBe(3 * batches);
    expect(verdicts).toBe(batches);
    expect(flows).toBe(batches);
    // The repeated line folds within a window, not across: a few records, one count per line.
    expect(inlining).toBe(batches);
    expect(inliningRecords).toBeGreaterThan(1);
    expect(inliningRecords).toBeLessThan(200);
    expect(stats.duplicates).toBe(batches - inliningRecords);
    expect(stats.records + stats.explanationLines + stats.duplicates).toBe(stats.lines);
    // Records left while input was still coming: the section was never held whole.
    expect(emittedEarly).toBeGreaterThan(stats.records / 2);
    expect(first).toEqual({
      kind: 'moved-to-heap',
      file: './a.go',
      line: 1,
      column: 2,
      message: 'moved to heap: x',
      package: null,
      variant: null,
      count: 1,
      logLine: 1,
      subject: 'x',
      function: null,
      flows: [{ block: 0, dst: '{heap}', src: 'x', derefs: -1, steps: [{ file: './a.go', line: 1, column: 9, expr: '&x', why: 'address-of' }] }],
      explanations: [{ subject: 'x', function: null, sink: null, derefs: null, truncated: false }],
    });
    // Last in log order of the last window: the last batch's verdict (logLine = its block's).
    expect(last).toMatchObject({ kind: 'moved-to-heap', line: batches, count: 1, logLine: 2_000_000 - 4 });
  }, 60_000);

  test('the default budget keeps a std-sized section whole (go/types: 20 MB and 27 K records and blocks with Go 1.26, 34.5 MB and 42.5 K with Go 1.22)', () => {
    expect([DEFAULT_MAX_SECTION_BYTES, DEFAULT_MAX_SECTION_OBJECTS]).toEqual([64 << 20, 80_000]);
    // 12 000 batches (24 000 records and blocks) are below the budget: the whole-section result.
    const text = Array.from({ length: 12_000 }, (_, i) => batch(i + 1))
      .flat()
      .join('\n');
    const whole = parseText(text, { maxSectionBytes: Number.MAX_SAFE_INTEGER, maxSectionObjects: Number.MAX_SAFE_INTEGER });
    expect(parseText(text)).toEqual(whole);
    expect(whole.records.filter((r) => r.kind === 'inlining-call').map((r) => r.count)).toEqual([12_000]);
    // Past the object budget the same kind of section is cut.
    const cut = parseText(text, { maxSectionObjects: 5_000 });
    expect(cut.records.filter((r) => r.kind === 'inlining-call').map((r) => r.count)).toEqual([2_500, 2_500, 2_500, 2_500, 2_000]);
  });
});

describe('chunked input', () => {
  // CRLF, non-ASCII in flows (and only `←` in others), a malformed explanation line, a line
  // longer than a chunk: every chunk size gives what parseText gives.
  const log = [
    '# p',
    './a.go:3:2: t escapes to heap:',
    './a.go:3:2:   flow: {heap} ← &té:',
    './a.go:3:2:     from &té (address-of) at ./aé.go:4:7\r',
    './a.go:3:2:     from garbage with no position',
    './a.go:3:2: moved to heap: t',
    `./a.go:9:9: ${'y'.repeat(300)} escapes to heap`,
    './b.go:1:1: parameter q leaks to {heap} with derefs=0:',
    './b.go:1:1:   flow: {heap} ← q:',
    './b.go:1:1:     from q (assigned) at ./b.go:2:2',
    './b.go:1:1:   warning: truncated explanation due to assignment cycle; see golang.org/issue/35518',
    './b.go:1:1: leaking param: q',
  ].join('\n');
  const expected = parseText(log);

  test('the records themselves', () => {
    const moved = expected.records.find((r) => r.kind === 'moved-to-heap') as VerdictRecord;
    expect(moved.flows).toEqual([
      { block: 0, dst: '{heap}', src: 't\u00e9', derefs: -1, steps: [{ file: './a\u00e9.go', line: 4, column: 7, expr: '&t\u00e9', why: 'address-of' }] },
    ]);
    expect(expected.records.map((r) => [r.kind, r.logLine])).toEqual([
      ['package-header', 1],
      ['moved-to-heap', 2],
      ['unrecognized', 5],
      ['escapes-to-heap', 7],
      ['leaking-param', 8],
    ]);
    const leak = expected.records.find((r) => r.kind === 'leaking-param') as VerdictRecord;
    expect(leak.explanations).toEqual([{ subject: 'q', function: null, sink: '{heap}', derefs: 0, truncated: true }]);
    expect(leak.flows).toEqual([{ block: 0, dst: '{heap}', src: 'q', derefs: 0, steps: [{ file: './b.go', line: 2, column: 2, expr: 'q', why: 'assigned' }] }]);
    expect(expected.stats).toMatchObject({ lines: 12, records: 5, explanationLines: 7, unrecognized: 1 });
  });

  test.each([1, 2, 5, 13, 64, 200, 4096])('chunks of %i bytes', async (size) => {
    const bytes = Buffer.from(log, 'utf8');
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    }
    const got: ParsedRecord[] = [];
    const stats = await parseStream(chunks(), (r) => got.push(r));
    expect(got).toEqual(expected.records);
    expect(stats).toEqual(expected.stats);
  });

  test('the line-by-line API (text mode) agrees', () => {
    const got: ParsedRecord[] = [];
    const p = new EscapeLogParser((r) => got.push(r));
    for (const l of log.split('\n')) p.pushLine(l);
    p.end();
    expect(got).toEqual(expected.records);
  });

  test('pushLines and pushChunk are for latin1 parsers only', () => {
    const p = new EscapeLogParser(() => undefined, { encoding: 'text' });
    expect(() => p.pushLines('a\n', 0, Buffer.from('a\n'), true)).toThrow("EscapeLogParser.pushLines needs { encoding: 'latin1' }");
    expect(() => p.pushChunk(Buffer.from('a\n'))).toThrow("EscapeLogParser.pushChunk needs { encoding: 'latin1' } (or no encoding)");
    // Without an encoding, the first input decides: a line makes it a text parser.
    const q = new EscapeLogParser(() => undefined);
    q.pushLine('# p');
    expect(() => q.pushChunk(Buffer.from('a\n'))).toThrow("EscapeLogParser.pushChunk needs { encoding: 'latin1' } (or no encoding)");
  });

  test('a parser without an encoding fed chunks parses like parseStream (UTF-8 restored)', () => {
    const got: ParsedRecord[] = [];
    const p = new EscapeLogParser((r) => got.push(r));
    const buf = Buffer.from(`${log}\n./é.go:1:2: moved to heap: ñ\n`, 'utf8');
    for (let i = 0; i < buf.length; i += 7) p.pushChunk(buf.subarray(i, i + 7));
    p.end();
    const want = parseText(`${log}\n./é.go:1:2: moved to heap: ñ\n`);
    expect(got).toEqual(want.records);
    expect(p.stats).toEqual(want.stats);
    expect(got.at(-1)).toMatchObject({ kind: 'moved-to-heap', file: './é.go', subject: 'ñ' });
  });

  test('pushSpan over a chunk declared with setChunk agrees', () => {
    const got: ParsedRecord[] = [];
    const p = new EscapeLogParser((r) => got.push(r), { encoding: 'latin1' });
    const buf = Buffer.from(log, 'utf8');
    const text = buf.toString('latin1');
    p.setChunk(buf, text, false);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      p.pushSpan(text, start, nl);
      start = nl + 1;
    }
    p.pushSpan(text, start, text.length);
    p.setChunk(null, null, false);
    p.end();
    expect(got).toEqual(expected.records);
  });
});

describe('openLogStream', () => {
  test('reads a file in large chunks, with the same records as parseText', async () => {
    const file = path.join(fixturesDir, 'out/go1.26/m2.txt');
    const got: ParsedRecord[] = [];
    const stats = await parseStream(openLogStream(file), (r) => got.push(r));
    const expected = parseText(fs.readFileSync(file, 'utf8'));
    expect(got).toEqual(expected.records);
    expect(stats).toEqual(expected.stats);
  });

  test('a file larger than one chunk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-parse-'));
    try {
      const file = path.join(dir, 'big.log');
      const text = ['# p', ...Array.from({ length: 8_000 }, (_, i) => batch(i + 1)).flat()].join('\n') + '\n';
      fs.writeFileSync(file, text);
      expect(fs.statSync(file).size).toBeGreaterThan(LOG_READ_CHUNK);
      // LOG_READ_CHUNK at a time, in two buffers used in turn.
      const sizes: number[] = [];
      const memory = new Set<ArrayBufferLike>();
      const copy: Buffer[] = [];
      for await (const chunk of openLogStream(file)) {
        sizes.push(chunk.length);
        memory.add(chunk.buffer);
        copy.push(Buffer.from(chunk));
      }
      expect(Buffer.concat(copy).toString('utf8')).toBe(text);
      expect(sizes.slice(0, -1).every((n) => n === LOG_READ_CHUNK)).toBe(true);
      expect(sizes.length).toBe(Math.ceil(text.length / LOG_READ_CHUNK));
      expect(memory.size).toBe(2);
      const got: ParsedRecord[] = [];
      await parseStream(openLogStream(file), (r) => got.push(r));
      expect(got).toEqual(parseText(text).records);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
