import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TextArena, type ArenaSpan } from '../../src/parse/arena.js';
import { HeaplintError } from '../../src/errors.js';
import { EscapeLogParser } from '../../src/parse/parser.js';
import { parseText } from '../../src/parse/stream.js';
import type { ParsedRecord } from '../../src/parse/records.js';
import { fixturesDir, repoRoot } from './helpers.js';

/** A fresh, empty directory for an arena's temporary file; removed after each test. */
const dirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-spill-test-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Counts calls to fs.writeSync (the arena's spills) while `fn` runs. */
function countingWrites<T>(fn: () => T): { result: T; writes: number } {
  const mutable = fs as { writeSync: typeof fs.writeSync };
  const real = mutable.writeSync;
  let writes = 0;
  mutable.writeSync = ((...args: Parameters<typeof fs.writeSync>) => {
    writes++;
    return (real as (...a: unknown[]) => number)(...args);
  }) as typeof fs.writeSync;
  try {
    return { result: fn(), writes };
  } finally {
    mutable.writeSync = real;
  }
}

/** Open file descriptors of this process (Linux), or null where /proc is not there. */
function openFds(): number | null {
  try {
    return fs.readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

/** Waits until the open descriptors are back to `n` (the arena closes its file asynchronously). */
async function fdsBackTo(n: number | null): Promise<number | null> {
  for (let i = 0; i < 100 && openFds() !== n; i++) await new Promise((r) => setTimeout(r, 10));
  return openFds();
}

function listTxt(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTxt(p));
    else if (e.name.endsWith('.txt') && (e.name.startsWith('m2') || e.name.includes('.m2.'))) out.push(p);
  }
  return out.sort();
}

describe('a tiny spill budget gives exactly the records of no spilling', () => {
  const logs = [...listTxt(path.join(fixturesDir, 'out')), ...listTxt(path.join(repoRoot, 'test/fixtures'))];

  test('there are -m=2 fixtures to compare', () => {
    expect(logs.length).toBeGreaterThanOrEqual(10);
  });

  test.each(logs.map((f) => [path.relative(path.dirname(repoRoot), f)]))('%s', (rel) => {
    const text = fs.readFileSync(path.join(path.dirname(repoRoot), rel), 'utf8');
    const tmpdir = tmpDir();
    const whole = parseText(text, { arena: { spillBytes: Infinity } });
    const { result: spilled, writes } = countingWrites(() => parseText(text, { arena: { spillBytes: 512, tmpdir } }));
    expect(writes).toBeGreaterThan(0);
    expect(JSON.stringify(spilled.records)).toBe(JSON.stringify(whole.records));
    expect(spilled.stats).toEqual(whole.stats);
    expect(fs.readdirSync(tmpdir)).toEqual([]);
  });

  test('text mode (pushLine, utf8 arena) too', () => {
    const lines = fs.readFileSync(path.join(fixturesDir, 'out/go1.26/m2.txt'), 'utf8').split('\n');
    const run = (spillBytes: number) => {
      const got: ParsedRecord[] = [];
      const p = new EscapeLogParser((r) => got.push(r), { arena: { spillBytes, tmpdir: tmpDir() } });
      for (const l of lines) p.pushLine(l);
      p.end();
      return { got, stats: p.stats };
    };
    const whole = run(Infinity);
    const { result: spilled, writes } = countingWrites(() => run(256));
    expect(writes).toBeGreaterThan(0);
    expect(JSON.stringify(spilled.got)).toBe(JSON.stringify(whole.got));
    expect(spilled.stats).toEqual(whole.stats);
  });

  test('a block printed twice, its first copy on disk, is still folded', () => {
    // Block x, forty other blocks (enough to push x's slab to the file), x again, then verdicts.
    const block = (i: number, v: string) => [`./a.go:${i}:2: ${v} escapes to heap:`, `./a.go:${i}:2:   flow: {heap} ← &${v}:`, `./a.go:${i}:2:     from &${v} (address-of) at ./a.go:${i}:9`];
    const others = Array.from({ length: 40 }, (_, i) => block(i + 10, `y${i}`)).flat();
    const verdicts = ['./a.go:1:2: moved to heap: x', ...Array.from({ length: 40 }, (_, i) => `./a.go:${i + 10}:2: moved to heap: y${i}`)];
    const log = ['# p', ...block(1, 'x'), ...others, ...block(1, 'x'), ...verdicts].join('\n');
    const whole = parseText(log, { arena: { spillBytes: Infinity } });
    const { result: spilled, writes } = countingWrites(() => parseText(log, { arena: { spillBytes: 512, tmpdir: tmpDir() } }));
    expect(writes).toBeGreaterThan(0);
    expect(whole.stats.duplicates).toBe(3);
    expect(spilled.stats).toEqual(whole.stats);
    expect(spilled.records).toEqual(whole.records);
    expect(spilled.records[1]).toMatchObject({ kind: 'moved-to-heap', subject: 'x', logLine: 2, flows: [{ dst: '{heap}', src: 'x' }] });
  });
});

describe('TextArena with a spill budget', () => {
  /** Entries of 1 to 12 lines of 5 to 80 characters, some not ASCII (`←` only in UTF-8). */
  function entries(count: number, encoding: 'latin1' | 'utf8'): string[][] {
    const unit = encoding === 'utf8' ? 'abcdé←' : 'abcdé\u00a0';
    const out: string[][] = [];
    for (let i = 0; i < count; i++) {
      const lines: string[] = [];
      for (let j = 0; j <= (i * 7) % 12; j++) lines.push(`${i}.${j} ${unit.repeat((i + j) % 13)}`.slice(0, 5 + ((i * 31 + j * 17) % 76)));
      out.push(lines);
    }
    return out;
  }

  test('spans read back the same across the memory/disk boundary, and memory stays under the budget', () => {
    // 512-byte slabs; the largest entry (~1 KB) gets a slab of its own, twice its size.
    const budget = 4096;
    for (const encoding of ['latin1', 'utf8'] as const) {
      const a = new TextArena(encoding, { spillBytes: budget, tmpdir: tmpDir() });
      const want = entries(300, encoding);
      const spans: ArenaSpan[] = [];
      for (const lines of want) {
        a.begin();
        for (const l of lines) {
          a.writeLine(l);
          expect(a.memory).toBeLessThanOrEqual(budget);
          expect(a.resident).toBeLessThanOrEqual(budget);
        }
        spans.push(a.commit());
      }
      const expected = want.map((lines) => lines.join('\n'));
      const bytes = expected.reduce((n, t) => n + Buffer.byteLength(t, encoding) + 1, 0);
      expect(a.used).toBe(bytes);
      expect(a.spilled).toBeGreaterThan(bytes - budget);
      expect(a.resident).toBe(a.used - a.spilled);
      expect(spans[0]?.buf).toBeNull(); // on disk
      expect(spans[spans.length - 1]?.buf).not.toBeNull(); // in memory
      // In order, backwards, and every entry twice (the read buffer is reused).
      expect(spans.map((s) => a.text(s))).toEqual(expected);
      expect(spans.map((s) => a.text(s)).reverse()).toEqual([...expected].reverse());
      expect(a.memory).toBeLessThanOrEqual(budget + 2 * Math.max(...expected.map((t) => Buffer.byteLength(t, encoding) + 1)));
      a.reset();
    }
  });

  test('copyLine and copyLines spill too', () => {
    const a = new TextArena('latin1', { spillBytes: 512, tmpdir: tmpDir() });
    const src = Buffer.from('P:first\nP:second line\nP:third\n', 'latin1');
    const spans: ArenaSpan[] = [];
    for (let i = 0; i < 60; i++) {
      a.begin();
      a.copyLine(src, 2, 7);
      a.copyLines(src, 8, src.length, Int32Array.from([8, 22]), 2, 2);
      spans.push(a.commit());
    }
    expect(a.spilled).toBeGreaterThan(0);
    for (const s of spans) expect(a.text(s)).toBe('first\nsecond line\nthird');
  });

  test('rollback drops an entry that moved to a new slab while older slabs went to disk', () => {
    const a = new TextArena('latin1', { spillBytes: 512, tmpdir: tmpDir() }); // 64-byte slabs
    const kept: [ArenaSpan, string][] = [];
    for (let i = 0; i < 20; i++) {
      a.begin();
      a.writeLine(`kept entry ${i}`);
      kept.push([a.commit(), `kept entry ${i}`]);
    }
    const used = a.used;
    const spilled = a.spilled;
    a.begin();
    for (let i = 0; i < 30; i++) a.writeLine(`dropped line ${i}`); // 500+ bytes: several slab switches
    expect(a.spilled).toBeGreaterThan(spilled);
    a.rollback();
    expect(a.used).toBe(used);
    a.begin();
    a.writeLine('after');
    const after = a.commit();
    expect(a.text(after)).toBe('after');
    for (const [s, t] of kept) expect(a.text(s)).toBe(t);
  });

  test('same() compares an entry on disk with the one being written, and two entries on disk', () => {
    const a = new TextArena('latin1', { spillBytes: 512, tmpdir: tmpDir() });
    const block = ['   flow: {heap} <- &x:', '     from &x (address-of) at ./a.go:4:7'];
    const write = (lines: string[]) => {
      a.begin();
      for (const l of lines) a.writeLine(l);
    };
    write(block);
    const first = a.commit();
    write(block.map((l) => l.replace('x', 'y')));
    const other = a.commit(); // same length, other bytes
    for (let i = 0; i < 40; i++) {
      write([`filler ${i} ${'z'.repeat(20)}`]);
      a.commit();
    }
    expect(first.buf).toBeNull();
    expect(other.buf).toBeNull();
    write(block);
    expect(TextArena.same(first, a.current())).toBe(true);
    expect(TextArena.same(other, a.current())).toBe(false);
    a.rollback();
    write(block);
    const second = a.commit();
    for (let i = 0; i < 40; i++) {
      write([`filler ${i} ${'z'.repeat(20)}`]);
      a.commit();
    }
    expect(second.buf).toBeNull();
    expect(TextArena.same(first, second)).toBe(true);
    expect(TextArena.same(second, first)).toBe(true);
    expect(TextArena.same(first, other)).toBe(false);
    expect(a.text(second)).toBe(block.join('\n'));
  });

  test('the temporary file is never seen in its directory, and reset closes it', async () => {
    const tmpdir = tmpDir();
    const before = openFds();
    const a = new TextArena('latin1', { spillBytes: 512, tmpdir });
    const spans: ArenaSpan[] = [];
    for (let i = 0; i < 50; i++) {
      a.begin();
      a.writeLine(`entry ${i} ${'q'.repeat(30)}`);
      spans.push(a.commit());
    }
    expect(a.spilled).toBeGreaterThan(0);
    // Unlinked as soon as it was opened (Windows: removed when closed).
    if (process.platform !== 'win32') expect(fs.readdirSync(tmpdir)).toEqual([]);
    if (before !== null) expect(openFds()).toBe(before + 1);
    a.reset();
    expect(fs.readdirSync(tmpdir)).toEqual([]);
    expect(await fdsBackTo(before)).toBe(before);
    expect(a.used).toBe(0);
    expect(a.spilled).toBe(0);
    expect(() => a.text(spans[0] as ArenaSpan)).toThrow('span used after reset()');
  });

  test('300 spilling sections leave no descriptor open and nothing in the directory', async () => {
    const tmpdir = tmpDir();
    const before = openFds();
    const log: string[] = [];
    for (let s = 0; s < 300; s++) {
      log.push(`# p${s}`);
      for (let i = 1; i <= 6; i++) log.push(`./a.go:${i}:2: x escapes to heap:`, `./a.go:${i}:2:   flow: {heap} ← &x:`, `./a.go:${i}:2:     from &x (address-of) at ./a.go:${i}:9`, `./a.go:${i}:2: moved to heap: x`);
    }
    const text = log.join('\n');
    const whole = parseText(text, { arena: { spillBytes: Infinity } });
    const { result, writes } = countingWrites(() => parseText(text, { arena: { spillBytes: 256, tmpdir } }));
    expect(writes).toBeGreaterThanOrEqual(300);
    expect(result.records).toEqual(whole.records);
    expect(fs.readdirSync(tmpdir)).toEqual([]);
    expect(await fdsBackTo(before)).toBe(before);
  });
});

describe('temporary file errors are one-line HeaplintErrors', () => {
  function spillInto(tmpdir: string): () => void {
    return () => {
      const a = new TextArena('latin1', { spillBytes: 256, tmpdir });
      for (let i = 0; i < 50; i++) {
        a.begin();
        a.writeLine(`entry ${i} ${'q'.repeat(30)}`);
        a.commit();
      }
    };
  }

  test('a directory that does not exist', () => {
    const missing = path.join(tmpDir(), 'missing');
    const run = spillInto(missing);
    expect(run).toThrow(HeaplintError);
    expect(run).toThrow(`cannot create a temporary file for the parser in ${missing}: no such file or directory (set TMPDIR to another directory)`);
  });

  test('a file where the directory should be', () => {
    const file = path.join(tmpDir(), 'file');
    fs.writeFileSync(file, '');
    expect(spillInto(file)).toThrow(`cannot create a temporary file for the parser in ${file}: not a directory (set TMPDIR to another directory)`);
  });

  test('a full disk: the write error is reported, the file closed and removed', async () => {
    const tmpdir = tmpDir();
    const before = openFds();
    const mutable = fs as { writeSync: typeof fs.writeSync };
    const real = mutable.writeSync;
    mutable.writeSync = (() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    }) as typeof fs.writeSync;
    let err: unknown;
    try {
      spillInto(tmpdir)();
    } catch (e) {
      err = e;
    } finally {
      mutable.writeSync = real;
    }
    expect(err).toBeInstanceOf(HeaplintError);
    expect((err as HeaplintError).message).toBe(`cannot write a temporary file for the parser in ${tmpdir}: no space left on device (set TMPDIR to another directory)`);
    expect((err as HeaplintError).exitCode).toBe(2);
    expect(fs.readdirSync(tmpdir)).toEqual([]);
    expect(await fdsBackTo(before)).toBe(before);
  });

  test('through the parser', () => {
    const text = fs.readFileSync(path.join(fixturesDir, 'out/go1.26/m2.txt'), 'utf8');
    const missing = path.join(tmpDir(), 'missing');
    expect(() => parseText(text, { arena: { spillBytes: 512, tmpdir: missing } })).toThrow(
      new HeaplintError(`cannot create a temporary file for the parser in ${missing}: no such file or directory (set TMPDIR to another directory)`),
    );
  });
});
