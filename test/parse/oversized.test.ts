import { Readable } from 'node:stream';
import { EscapeLogParser } from '../../src/parse/parser.js';
import type { ParsedRecord, ParseStats } from '../../src/parse/records.js';
import { DEFAULT_MAX_LINE_BYTES, OVERSIZED_HEAD_BYTES } from '../../src/parse/splitter.js';
import { parseStream, parseText } from '../../src/parse/stream.js';

const MiB = 1 << 20;
const HUGE = 50 * MiB;
const POS = './a.go:4:9: ';

/** `# p`, a verdict, a line of `bytes` bytes (POS + 'y'…), another verdict: as 1 MiB chunks. */
function* hugeLog(bytes: number): Generator<Buffer> {
  yield Buffer.from(`# example.com/p\n./a.go:3:2: moved to heap: x\n${POS}`);
  const block = Buffer.alloc(MiB, 'y');
  let left = bytes - POS.length;
  while (left > 0) {
    const n = Math.min(left, MiB);
    yield n === MiB ? block : block.subarray(0, n);
    left -= n;
  }
  yield Buffer.from(' escapes to heap\n./a.go:5:6: can inline f\n');
}

const shared = { package: 'example.com/p', variant: null, count: 1 };

function expected(total: number): { records: ParsedRecord[]; stats: ParseStats } {
  return {
    records: [
      { kind: 'package-header', file: null, line: null, column: null, message: '# example.com/p', ...shared, logLine: 1 },
      {
        kind: 'moved-to-heap',
        file: './a.go',
        line: 3,
        column: 2,
        message: 'moved to heap: x',
        ...shared,
        logLine: 2,
        subject: 'x',
        function: null,
        flows: [],
        explanations: [],
      },
      // The section has diagnostics, so a positioned line nobody recognises is not an error.
      { kind: 'unrecognized', file: './a.go', line: 4, column: 9, message: 'y'.repeat(OVERSIZED_HEAD_BYTES - POS.length), ...shared, logLine: 3 },
      { kind: 'can-inline', file: './a.go', line: 5, column: 6, message: 'can inline f', ...shared, logLine: 4, function: 'f', cost: null },
    ],
    stats: {
      lines: 4,
      bytes: total,
      records: 4,
      duplicates: 0,
      unrecognized: 1,
      compileErrors: 0,
      explanationLines: 0,
      packages: 1,
      blankLines: 0,
      continuationLines: 0,
      oversizedLines: 1,
    },
  };
}

/** A record with its message shortened, so that a failure does not print 64 KB. */
function short(r: ParsedRecord): ParsedRecord {
  return { ...r, message: r.message.length > 100 ? `${r.message.slice(0, 20)}…(${r.message.length})` : r.message };
}

function totalBytes(bytes: number): number {
  let n = 0;
  for (const b of hugeLog(bytes)) n += b.length;
  return n;
}

describe('oversized lines', () => {
  test('a 50 MB line between normal lines: exact records around it, counted, only its head kept', async () => {
    const got: ParsedRecord[] = [];
    const stats = await parseStream(Readable.from(hugeLog(HUGE)), (r) => got.push(r));
    const want = expected(totalBytes(HUGE));
    // The message is the head without POS (which ends in the space).
    expect(got.map(short)).toEqual(want.records.map(short));
    expect(got).toEqual(want.records);
    expect(stats).toEqual(want.stats);
  });

  test('memory is not proportional to the line: never more than maxLineBytes held for it', () => {
    const p = new EscapeLogParser(() => undefined);
    for (const chunk of hugeLog(HUGE)) p.pushChunk(chunk);
    p.end();
    expect(p.stats.oversizedLines).toBe(1);
    expect(p.peakLineBuffer).toBeLessThanOrEqual(DEFAULT_MAX_LINE_BYTES);
    expect(p.peakLineBuffer).toBeGreaterThan(0);
  });

  test('the same line in one chunk (or a smaller limit) gives the same records', () => {
    const text = Buffer.concat([...hugeLog(3 * MiB)]).toString('latin1');
    const one = parseText(text);
    const want = expected(text.length);
    expect(one.records.map(short)).toEqual(want.records.map(short));
    expect(one).toEqual(want);
    const p = new EscapeLogParser(() => undefined, { maxLineBytes: 2 * MiB });
    p.pushChunk(Buffer.from(text, 'latin1'));
    p.end();
    expect(p.stats.oversizedLines).toBe(1);
  });

  test('lines at the limit are kept whole; one byte more is oversized', () => {
    const limit = 100_000;
    const line = (n: number): string => `${POS}${'z'.repeat(n - POS.length - ' escapes to heap'.length)} escapes to heap`;
    const at = parseText(`# p\n${line(limit)}\n`, { maxLineBytes: limit });
    expect(at.records.map((r) => r.kind)).toEqual(['package-header', 'escapes-to-heap']);
    expect(at.stats.oversizedLines).toBeUndefined();
    const over = parseText(`# p\n${line(limit + 1)}\n`, { maxLineBytes: limit });
    // No diagnostics in the section: a positioned line that says nothing known is an error.
    expect(over.records.map((r) => r.kind)).toEqual(['package-header', 'compile-error']);
    expect(over.records[1]).toMatchObject({ file: './a.go', line: 4, column: 9, text: line(limit + 1).slice(0, OVERSIZED_HEAD_BYTES) });
    expect(over.stats.oversizedLines).toBe(1);
  });

  test('an oversized line spanning chunks, cut mid-way, at the end without a newline', () => {
    const limit = OVERSIZED_HEAD_BYTES + 10;
    const p = new EscapeLogParser(() => undefined, { maxLineBytes: limit });
    const got: ParsedRecord[] = [];
    const q = new EscapeLogParser((r) => got.push(r), { maxLineBytes: limit });
    const text = `# p\n./a.go:1:1: can inline f\n${'w'.repeat(3 * limit)}`;
    const buf = Buffer.from(text);
    for (let i = 0; i < buf.length; i += 4096) q.pushChunk(buf.subarray(i, i + 4096));
    q.end();
    p.end();
    expect(got.map((r) => [r.kind, r.logLine, r.message.length])).toEqual([
      ['package-header', 1, 3],
      ['can-inline', 2, 12],
      ['unrecognized', 3, OVERSIZED_HEAD_BYTES],
    ]);
    expect(q.stats).toMatchObject({ lines: 3, bytes: buf.length, oversizedLines: 1, unrecognized: 1 });
    expect(q.peakLineBuffer).toBeLessThanOrEqual(limit);
  });

  test('the head is cut at a character boundary and re-decoded as UTF-8', () => {
    const limit = OVERSIZED_HEAD_BYTES + 100;
    // 'é' is 2 bytes: with an odd prefix the byte cut falls inside a character.
    const { records } = parseText(`# p\n${'é'.repeat(limit)}x\n`, { maxLineBytes: limit });
    const msg = records[1]?.message ?? '';
    expect(msg).toBe('é'.repeat(OVERSIZED_HEAD_BYTES / 2));
    const odd = parseText(`# p\na${'é'.repeat(limit)}\n`, { maxLineBytes: limit });
    expect(odd.records[1]?.message).toBe(`a${'é'.repeat(OVERSIZED_HEAD_BYTES / 2 - 1)}`);
  });

  test('the head of a line that spans chunks is cut at a character boundary too', async () => {
    // The line becomes oversized while it is being collected from chunks, with the head's last
    // byte in the middle of an 'é'.
    const line = Buffer.from(`a${'é'.repeat(OVERSIZED_HEAD_BYTES)}\n`);
    const log = Buffer.concat([Buffer.from('# p\n'), line]);
    async function* twoChunks(cut: number): AsyncGenerator<Buffer> {
      yield log.subarray(0, cut);
      yield log.subarray(cut);
    }
    // The first chunk ends before, inside and past the line's first maxLineBytes.
    for (const cut of [4 + 10, 4 + OVERSIZED_HEAD_BYTES + 1, 4 + OVERSIZED_HEAD_BYTES + 10, 4 + OVERSIZED_HEAD_BYTES + 11]) {
      const got: ParsedRecord[] = [];
      await parseStream(twoChunks(cut), (r) => got.push(r), { maxLineBytes: OVERSIZED_HEAD_BYTES + 2 });
      expect([cut, got[1]?.message]).toEqual([cut, `a${'é'.repeat(OVERSIZED_HEAD_BYTES / 2 - 1)}`]);
    }
  });

  test('an oversized line inside an explanation block closes it; the block still reaches its verdict', () => {
    const limit = OVERSIZED_HEAD_BYTES + 1;
    const log = [
      '# p',
      './a.go:3:2: x escapes to heap:',
      './a.go:3:2:   flow: {heap} = &x:',
      `./a.go:3:2:     from ${'v'.repeat(limit)} (spill) at ./a.go:3:2`,
      './a.go:3:2: x escapes to heap',
    ].join('\n');
    const { records, stats } = parseText(log, { maxLineBytes: limit });
    expect(records.map((r) => [r.kind, r.logLine])).toEqual([
      ['package-header', 1],
      ['escapes-to-heap', 2],
      ['unrecognized', 4],
    ]);
    expect(records[1]).toMatchObject({ flows: [{ block: 0, dst: '{heap}', src: 'x', derefs: -1, steps: [] }] });
    expect(stats).toMatchObject({ lines: 5, explanationLines: 2, oversizedLines: 1, unrecognized: 1 });
  });

  test('a TAB line that is oversized continues the error before it', () => {
    const limit = OVERSIZED_HEAD_BYTES + 1;
    const { records, stats } = parseText(`# p\n./a.go:1:2: undefined: x\n\t${'t'.repeat(limit)}\n`, { maxLineBytes: limit });
    expect(records.map((r) => r.kind)).toEqual(['package-header', 'compile-error']);
    expect(records[1]?.kind === 'compile-error' && records[1].text).toBe(`./a.go:1:2: undefined: x\n\t${'t'.repeat(OVERSIZED_HEAD_BYTES - 1)}`);
    expect(stats).toMatchObject({ lines: 3, continuationLines: 1, oversizedLines: 1 });
  });

  test('pushLine (text mode) applies the same limit, in characters', () => {
    const got: ParsedRecord[] = [];
    const p = new EscapeLogParser((r) => got.push(r), { maxLineBytes: OVERSIZED_HEAD_BYTES });
    p.pushLine('# p');
    p.pushLine('./a.go:1:1: can inline f');
    p.pushLine(`./a.go:2:1: ${'ü'.repeat(OVERSIZED_HEAD_BYTES)}`);
    p.end();
    expect(got.map((r) => [r.kind, r.message.length])).toEqual([
      ['package-header', 3],
      ['can-inline', 12],
      ['unrecognized', OVERSIZED_HEAD_BYTES - 12],
    ]);
    expect(p.stats.oversizedLines).toBe(1);
  });
});
