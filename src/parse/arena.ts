/**
 * Off-heap storage for the explanation lines of the current section. A `-m=2` section is
 * almost all explanation text (go/types: 86 MB, 98% of it in blocks) that has to wait until
 * its verdicts are joined. Kept as JS strings it pins every input chunk it was sliced from and
 * gives the garbage collector millions of objects to trace; copied into a few large Buffers it
 * costs its byte length and nothing else. Entries are appended one line at a time, and the
 * entry being written can be dropped again (a block printed twice).
 */

/** Bytes per slab: large enough that a slab switch is rare, small enough to waste little. */
const SLAB = 8 << 20;
const NL = 10;

/** Where a committed entry lives; valid until the next `reset()`. */
export interface ArenaSpan {
  buf: Buffer;
  start: number;
  end: number;
}

export class TextArena {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Start of the entry being written (always in `buf`: a slab switch moves it). */
  private entry = 0;
  /** Bytes written since the last reset, i.e. what the section costs. */
  used = 0;

  constructor(private readonly encoding: 'latin1' | 'utf8') {}

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
    return { buf: this.buf, start: this.entry, end: this.pos };
  }

  /** Ends the entry and says where it is. */
  commit(): ArenaSpan {
    const span = { buf: this.buf, start: this.entry, end: this.pos };
    this.entry = this.pos;
    return span;
  }

  /** Drops the entry being written. */
  rollback(): void {
    this.used -= this.pos - this.entry;
    this.pos = this.entry;
  }

  /** Forgets every entry. Keeps one standard slab, so that small sections allocate nothing. */
  reset(): void {
    if (this.buf.length !== SLAB) this.buf = Buffer.alloc(0);
    this.pos = 0;
    this.entry = 0;
    this.used = 0;
  }

  /** True when two committed entries hold the same bytes. */
  static same(a: ArenaSpan, b: ArenaSpan): boolean {
    return a.end - a.start === b.end - b.start && a.buf.compare(b.buf, b.start, b.end, a.start, a.end) === 0;
  }

  /** The entry's text, without the final '\n'. */
  text(span: ArenaSpan): string {
    return span.end > span.start ? span.buf.toString(this.encoding, span.start, span.end - 1) : '';
  }

  private grow(need: number): void {
    const partial = this.pos - this.entry;
    const next = Buffer.allocUnsafeSlow(Math.max(SLAB, 2 * (partial + need)));
    this.buf.copy(next, 0, this.entry, this.pos);
    this.buf = next;
    this.entry = 0;
    this.pos = partial;
  }
}
