/**
 * Off-heap storage for the explanation lines of the current section. A `-m=2` section is
 * almost all explanation text (go/types: 86 MB, 98% of it in blocks) that has to wait until
 * its verdicts are joined. Kept as JS strings it pins every input chunk it was sliced from and
 * gives the garbage collector millions of objects to trace; copied into a few large Buffers it
 * costs its byte length and nothing else. Entries are appended one line at a time, and the
 * entry being written can be dropped again (a block printed twice).
 *
 * Memory stays bounded whatever the section's size: before a new slab would take the slabs held
 * in memory past the spill budget (DEFAULT_SPILL_BYTES), the oldest full ones are written to an
 * anonymous temporary file, and their entries are read back from it with positioned reads when
 * asked for. Nothing is cut: every entry stays readable until the next `reset()`, which closes
 * (and so removes) the file. The entry being written always stays in memory, so that it can be
 * compared and rolled back: one entry larger than the budget is the one thing not bounded.
 * Everything is synchronous, like the parser.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fsReason, HeaplintError } from '../errors.js';

/** Bytes per slab: large enough that a slab switch is rare, small enough to waste little. */
const SLAB = 8 << 20;
/** Smallest slab, for tiny spill budgets (tests). */
const MIN_SLAB = 64;
const NL = 10;
const EMPTY = Buffer.alloc(0);

/**
 * Bytes of slabs an arena keeps in memory before it writes the oldest ones to a temporary file
 * (eight 8 MiB slabs). The largest section of std is go/types: 153 MB of explanation text with
 * Go 1.22, 50 MB with Go 1.26. With 32 MiB, Go 1.26's go/types spilled about 20 MB, written and
 * read back for 45 ms of a 1 s parse (profiled); with 64 MiB it stays in memory, and the parse
 * of the std log takes 25-35 ms less (best and median of nine alternating runs) for 17 MiB more
 * peak RSS (165 MiB). Go 1.22's log still spills; its parse peaks at about 190-200 MiB of RSS
 * with 64 MiB (160-190 MiB with 32).
 */
export const DEFAULT_SPILL_BYTES = 64 << 20;

export interface ArenaOptions {
  /**
   * Bytes of slabs kept in memory; past it the oldest full slabs go to a temporary file.
   * Default DEFAULT_SPILL_BYTES; Infinity never spills. The slab size is an eighth of it (at
   * most 8 MiB), so that memory stays under it unless a single entry is larger.
   */
  spillBytes?: number;
  /** Directory of the temporary file. Default: os.tmpdir() (TMPDIR), read at the first spill. */
  tmpdir?: string;
}

/** Where a committed entry lives; valid until the next `reset()`. */
export interface ArenaSpan {
  /** The bytes holding the entry while they are in memory; null once they are in the file. */
  readonly buf: Buffer | null;
  readonly start: number;
  readonly end: number;
}

/** A slab of entries: in memory (`buf`) or, once spilled, in the file from offset `at`. */
class Slab {
  /** Bytes of committed entries, set when the arena moves on to the next slab. */
  length = 0;
  /** Offset in the temporary file once spilled; -1 before, and after a reset. */
  at = -1;

  constructor(
    public buf: Buffer | null,
    readonly arena: TextArena,
  ) {}
}

class Span implements ArenaSpan {
  constructor(
    readonly slab: Slab,
    readonly start: number,
    readonly end: number,
  ) {}

  get buf(): Buffer | null {
    return this.slab.buf;
  }
}

/** Bytes and where an entry lies in them (a slab or the read buffer). */
interface Bytes {
  buf: Buffer;
  start: number;
}

/** The temporary file: unlinked (with its directory) as soon as it is open, where the OS allows it. */
interface SpillFile {
  fd: number;
  dir: string;
  /** Its name and directory are gone already (every OS but Windows). */
  removed: boolean;
  /** The directory it was created in, for error messages. */
  base: string;
}

/** Buffer#toString('latin1', …) without the argument handling: what it calls underneath. */
interface Latin1Buffer extends Buffer {
  latin1Slice(start: number, end: number): string;
}

export class TextArena {
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Start of the entry being written (always in `buf`: a slab switch moves it). */
  private entry = 0;
  /** Bytes written since the last reset, i.e. what the section costs (in memory or not). */
  used = 0;
  /** Bytes of `used` that are in the temporary file. */
  spilled = 0;

  private readonly spillBytes: number;
  private readonly tmpdir: string | undefined;
  private readonly slabSize: number;
  /** Every slab since the last reset, oldest first; the last one is `buf`'s. */
  private slabs: Slab[];
  /** Index of the oldest slab still in memory. */
  private firstInMemory = 0;
  /** Bytes of the slabs in memory (their whole size, used or not). */
  private slabBytes = 0;
  private file: SpillFile | null = null;
  private fileEnd = 0;
  /** Where spilled entries are read back to. */
  private readBuf: Buffer = EMPTY;
  /** For `same()`, when both entries are in the file. */
  private otherBuf: Buffer = EMPTY;
  /** The buffer of the last slab spilled, for the next slab. */
  private spare: Buffer = EMPTY;

  constructor(
    private readonly encoding: 'latin1' | 'utf8',
    options: ArenaOptions = {},
  ) {
    this.spillBytes = options.spillBytes ?? DEFAULT_SPILL_BYTES;
    this.tmpdir = options.tmpdir;
    this.slabSize = Math.max(MIN_SLAB, Math.min(SLAB, Math.floor(this.spillBytes / 8)));
    this.slabs = [new Slab(EMPTY, this)];
  }

  /** Bytes of the section held in memory (written, not yet spilled): what it costs in RAM. */
  get resident(): number {
    return this.used - this.spilled;
  }

  /** Bytes of Buffers the arena holds right now: slabs in memory and read buffers. */
  get memory(): number {
    return this.slabBytes + this.spare.length + this.readBuf.length + this.otherBuf.length;
  }

  /** Starts a new entry. */
  begin(): void {
    this.entry = this.pos;
  }

  /** Appends bytes `src[from, to)` and a '\n' to the entry. */
  copyLine(src: Buffer, from: number, to: number): void {
    const n = to - from;
    if (this.pos + n + 1 > this.buf.length) this.grow(n + 1);
    // TypedArray#set: Buffer#copy adds argument checks that cost more than the copy itself.
    this.buf.set(src.subarray(from, to), this.pos);
    this.pos += n;
    this.buf[this.pos++] = NL;
    this.used += n + 1;
  }

  /**
   * Appends the lines `src[from, to)` (each ending in '\n'; line i starts at `starts[i]`),
   * each without its first `skip` bytes. One copy for the run, then the lines are moved down
   * in place: no allocation per line.
   */
  copyLines(src: Buffer, from: number, to: number, starts: Int32Array, n: number, skip: number): void {
    if (this.pos + (to - from) > this.buf.length) this.grow(to - from);
    const base = this.pos;
    const buf = this.buf;
    buf.set(src.subarray(from, to), base);
    let dst = base;
    for (let i = 0; i < n; i++) {
      const s = base + (starts[i] ?? 0) - from + skip;
      const e = i + 1 < n ? base + (starts[i + 1] ?? 0) - from : base + to - from;
      buf.copyWithin(dst, s, e);
      dst += e - s;
    }
    this.used += dst - base;
    this.pos = dst;
  }

  /** Appends `s` (in the arena's encoding) and a '\n' to the entry. */
  writeLine(s: string): void {
    const n = this.encoding === 'latin1' ? s.length : Buffer.byteLength(s, 'utf8');
    if (this.pos + n + 1 > this.buf.length) this.grow(n + 1);
    this.buf.write(s, this.pos, n, this.encoding);
    this.pos += n;
    this.buf[this.pos++] = NL;
    this.used += n + 1;
  }

  /** Where the entry being written is so far (to compare it before committing). */
  current(): ArenaSpan {
    return new Span(this.last(), this.entry, this.pos);
  }

  /** Ends the entry and says where it is. */
  commit(): ArenaSpan {
    const span = new Span(this.last(), this.entry, this.pos);
    this.entry = this.pos;
    return span;
  }

  /** Drops the entry being written. */
  rollback(): void {
    this.used -= this.pos - this.entry;
    this.pos = this.entry;
  }

  /**
   * Forgets every entry and closes the temporary file (which removes it). Keeps one standard
   * slab, so that small sections allocate nothing.
   */
  reset(): void {
    // Spans of the section must not read a later section's bytes or file.
    for (const s of this.slabs) {
      s.at = -1;
      s.buf = null;
    }
    this.buf = this.buf.length === this.slabSize ? this.buf : EMPTY;
    this.slabs = [new Slab(this.buf, this)];
    this.firstInMemory = 0;
    this.slabBytes = this.buf.length;
    this.pos = 0;
    this.entry = 0;
    this.used = 0;
    this.spilled = 0;
    this.readBuf = EMPTY;
    this.otherBuf = EMPTY;
    this.spare = EMPTY;
    this.closeFile();
  }

  /** True when two committed entries (of this arena, or of any) hold the same bytes. */
  static same(a: ArenaSpan, b: ArenaSpan): boolean {
    const n = a.end - a.start;
    if (n !== b.end - b.start) return false;
    const x = TextArena.bytesOf(a, false);
    const y = TextArena.bytesOf(b, true);
    return x.buf.compare(y.buf, y.start, y.start + n, x.start, x.start + n) === 0;
  }

  /** The entry's text, without the final '\n'. */
  text(span: ArenaSpan): string {
    if (span.end <= span.start) return '';
    const { buf, start } = TextArena.bytesOf(span, false);
    const end = start + span.end - span.start - 1;
    return this.encoding === 'latin1' ? (buf as Latin1Buffer).latin1Slice(start, end) : buf.toString('utf8', start, end);
  }

  /**
   * The bytes of an entry of this arena that was spilled, read from the file into a reusable
   * buffer (`other`: a second one, which the next call does not overwrite; for `same`). Just the
   * entry: flushing asks for them in record order, which jumps about the file (measured on Go
   * 1.22's go/types: reading 1 MiB ahead at each miss read 5.6 GB back for 92 MB of entries).
   */
  private load(slab: Slab, start: number, end: number, other: boolean): Bytes {
    if (slab.at < 0) throw new Error('TextArena: span used after reset()');
    const n = end - start;
    let buf = other ? this.otherBuf : this.readBuf;
    if (buf.length < n) {
      buf = Buffer.allocUnsafeSlow(Math.max(n, 2 * buf.length));
      if (other) this.otherBuf = buf;
      else this.readBuf = buf;
    }
    this.readAt(buf, n, slab.at + start);
    return { buf, start: 0 };
  }

  /** Where the bytes of `span` are: its slab, or (spilled) a read buffer of its arena. */
  private static bytesOf(span: ArenaSpan, other: boolean): Bytes {
    if (span instanceof Span) {
      const slab = span.slab;
      if (slab.buf !== null) return { buf: slab.buf, start: span.start };
      return slab.arena.load(slab, span.start, span.end, other);
    }
    return { buf: span.buf ?? EMPTY, start: span.start };
  }

  private last(): Slab {
    return this.slabs[this.slabs.length - 1] as Slab;
  }

  private grow(need: number): void {
    const partial = this.pos - this.entry;
    const size = Math.max(this.slabSize, 2 * (partial + need));
    this.last().length = this.entry;
    // Spill the oldest full slabs (never the current one: it holds the entry being written)
    // until the new slab fits in the budget. The new slab reuses a spilled one's buffer: a
    // dropped Buffer is only freed by a full garbage collection, which would let memory pass
    // the budget by as much again.
    while (this.slabBytes + size > this.spillBytes && this.firstInMemory < this.slabs.length - 1) {
      this.spill(this.slabs[this.firstInMemory++] as Slab);
    }
    const spare = this.spare;
    this.spare = EMPTY;
    const next = spare.length === size ? spare : Buffer.allocUnsafeSlow(size);
    this.buf.copy(next, 0, this.entry, this.pos);
    this.slabs.push(new Slab(next, this));
    this.slabBytes += next.length;
    this.buf = next;
    this.entry = 0;
    this.pos = partial;
  }

  private spill(slab: Slab): void {
    const buf = slab.buf;
    if (buf === null) return;
    if (slab.length > 0) {
      const file = this.openFile();
      let done = 0;
      try {
        while (done < slab.length) done += fs.writeSync(file.fd, buf, done, slab.length - done, this.fileEnd + done);
      } catch (err) {
        this.closeFile();
        throw new HeaplintError(`cannot write a temporary file for the parser in ${file.base}: ${fsReason(err)} (set TMPDIR to another directory)`);
      }
      slab.at = this.fileEnd;
      this.fileEnd += slab.length;
      this.spilled += slab.length;
    }
    slab.buf = null;
    this.slabBytes -= buf.length;
    if (buf.length === this.slabSize) this.spare = buf;
  }

  private readAt(buf: Buffer, n: number, position: number): void {
    const file = this.file;
    if (file === null) throw new Error('TextArena: no temporary file');
    let done = 0;
    try {
      while (done < n) {
        const got = fs.readSync(file.fd, buf, done, n - done, position + done);
        if (got === 0) throw new Error('EOF: unexpected end of file');
        done += got;
      }
    } catch (err) {
      throw new HeaplintError(`cannot read a temporary file of the parser in ${file.base}: ${fsReason(err)}`);
    }
  }

  private openFile(): SpillFile {
    if (this.file !== null) return this.file;
    const base = this.tmpdir ?? os.tmpdir();
    let dir: string | null = null;
    let fd: number;
    try {
      dir = fs.mkdtempSync(path.join(base, 'heaplint-'));
      fd = fs.openSync(path.join(dir, 'arena'), 'wx+', 0o600);
    } catch (err) {
      try {
        if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // The error below says what went wrong.
      }
      throw new HeaplintError(`cannot create a temporary file for the parser in ${base}: ${fsReason(err)} (set TMPDIR to another directory)`);
    }
    // Outside Windows the names can go at once, so that nothing is left behind whatever happens
    // to this process; Windows deletes only files nobody has open (see closeFile).
    let removed = false;
    if (process.platform !== 'win32') {
      try {
        fs.unlinkSync(path.join(dir, 'arena'));
        fs.rmdirSync(dir);
        removed = true;
      } catch {
        // Removed at close instead.
      }
    }
    this.file = { fd, dir, removed, base };
    this.fileEnd = 0;
    return this.file;
  }

  private closeFile(): void {
    const f = this.file;
    if (f === null) return;
    this.file = null;
    this.fileEnd = 0;
    if (f.removed) {
      // Closing the last descriptor of a large unlinked file frees its pages, which takes a
      // while; the thread pool can do that while the parser goes on.
      fs.close(f.fd, () => undefined);
      return;
    }
    try {
      fs.closeSync(f.fd);
      fs.rmSync(f.dir, { recursive: true, force: true });
    } catch {
      // A file left in the temporary directory is no reason to fail the run.
    }
  }
}
