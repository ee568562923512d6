/**
 * Cutting byte chunks into lines for the parser. Each chunk is decoded as latin1 (a byte-for-byte
 * copy, about five times faster than UTF-8 decoding, and it keeps ASCII logs in one-byte
 * strings); the parser converts record strings back to UTF-8 (see latin1.ts). Splitting happens
 * on '\n', which never occurs inside a UTF-8 sequence, so multi-byte characters and invalid bytes
 * are never cut in a harmful way. CRLF is handled by the parser; a last line without '\n' is
 * still a line.
 *
 * A line that spans chunks is collected as a list of pieces and joined once (linear time), but
 * only up to `maxLineBytes`: past that the line is oversized, and only its first
 * `OVERSIZED_HEAD_BYTES` are kept while the rest is skipped unseen. A 50 MB line then costs no
 * more memory than a 1 MB one (a log can hold a binary dump or a minified blob by mistake).
 */
import { isAscii } from 'node:buffer';

/** Bytes decoded into one string (see ChunkSplitter#push): under V8's large-object threshold. */
export const DECODE_PIECE = 120 << 10;

/** Lines longer than this (in bytes) are oversized. */
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
/** What is kept of an oversized line: enough for any message a person will read. */
export const OVERSIZED_HEAD_BYTES = 64 << 10;

/** What the splitter feeds (EscapeLogParser implements it). */
export interface ChunkLineSink {
  /** Feeds the complete lines of `text[start, …)`; returns the index just past the last '\n'. */
  pushLines(text: string, start: number, buf: Buffer, ascii: boolean): number;
  /** One complete line joined from pieces (latin1). */
  pushSpan(src: string, start: number, end: number): void;
  /** An oversized line: its first bytes (latin1, cut at a character boundary) and its full length. */
  pushOversized(head: string, bytes: number): void;
}

/**
 * The first `max` bytes of a latin1-decoded string, moved back to the start of a UTF-8 sequence
 * when the cut would split one (continuation bytes are 0x80–0xBF).
 */
export function headOf(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max;
  for (let k = 0; k < 3 && cut > 0 && (s.charCodeAt(cut) & 0xc0) === 0x80; k++) cut--;
  return s.slice(0, cut);
}

export class ChunkSplitter {
  private pieces: string[] = [];
  /** Characters (= bytes) held in `pieces`. */
  private pending = 0;
  /** The current line is oversized: its head is kept, the rest is being skipped. */
  private skipping = false;
  private head = '';
  private lineBytes = 0;
  /** The most characters ever held for an unfinished line (tests check it stays bounded). */
  peakPending = 0;

  constructor(
    private readonly sink: ChunkLineSink,
    private readonly maxLine: number = DEFAULT_MAX_LINE_BYTES,
  ) {}

  /**
   * Feeds a chunk of any size. It is decoded DECODE_PIECE bytes at a time: V8 allocates a string
   * larger than about 128 KB in its large-object space, where it lingers until a full garbage
   * collection, so a 1 MiB chunk decoded whole costs a megabyte of RSS for every chunk read
   * since the last one; smaller pieces die young.
   */
  push(buf: Buffer): void {
    if (buf.length <= DECODE_PIECE) {
      this.pushPiece(buf);
      return;
    }
    for (let off = 0; off < buf.length; off += DECODE_PIECE) this.pushPiece(buf.subarray(off, Math.min(buf.length, off + DECODE_PIECE)));
  }

  private pushPiece(buf: Buffer): void {
    let start = 0;
    if (this.skipping) {
      // Looked for in the bytes: a chunk that is all skipped line is never decoded.
      const nl = buf.indexOf(10);
      if (nl < 0) {
        this.lineBytes += buf.length;
        return;
      }
      this.lineBytes += nl;
      this.finishOversized();
      start = nl + 1;
      if (start === buf.length) return;
    }
    const text = buf.toString('latin1');
    if (this.pieces.length > 0) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.addPiece(text, 0, text.length);
        return;
      }
      this.addPiece(text, 0, nl);
      if (this.skipping) this.finishOversized();
      else this.finishPieces();
      start = nl + 1;
    }
    const rest = this.sink.pushLines(text, start, buf, isAscii(buf));
    if (rest < text.length) this.addPiece(text, rest, text.length);
  }

  /** Feeds the last line when the input did not end with '\n'. */
  end(): void {
    if (this.skipping) this.finishOversized();
    else if (this.pieces.length > 0) this.finishPieces();
  }

  private addPiece(text: string, from: number, to: number): void {
    const n = to - from;
    if (this.pending + n <= this.maxLine) {
      this.pieces.push(text.slice(from, to));
      this.pending += n;
      if (this.pending > this.peakPending) this.peakPending = this.pending;
      return;
    }
    // Oversized: keep the head, forget the pieces and skip the rest as it comes.
    // One character past the head, so that headOf can see whether the cut splits a sequence.
    const before = this.pieces.join('');
    this.head = headOf(before.length > OVERSIZED_HEAD_BYTES ? before : before + text.slice(from, from + OVERSIZED_HEAD_BYTES + 1), OVERSIZED_HEAD_BYTES);
    this.head = detach(this.head);
    this.lineBytes = this.pending + n;
    this.pieces = [];
    this.pending = 0;
    this.skipping = true;
  }

  private finishPieces(): void {
    const line = this.pieces.join('');
    this.pieces = [];
    this.pending = 0;
    this.sink.pushSpan(line, 0, line.length);
  }

  private finishOversized(): void {
    const head = this.head;
    const bytes = this.lineBytes;
    this.skipping = false;
    this.head = '';
    this.lineBytes = 0;
    this.sink.pushOversized(head, bytes);
  }
}

/** A copy that does not keep alive the (large) string it was sliced from. */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
