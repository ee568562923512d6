/**
 * Splitting a byte stream into lines without holding it: logs run to hundreds of MB. Accepts
 * `\n` and `\r\n` endings (logs captured on Windows); a final line without a newline counts.
 */
import { StringDecoder } from 'node:string_decoder';

export interface LineOptions {
  /** Awaited between chunks when it returns a promise: lets a consumer apply back-pressure (stdout drain). */
  betweenChunks?: () => Promise<void> | undefined;
}

/** Calls `onLine` for every line; resolves with the number of bytes read. */
export async function forEachLine(
  input: AsyncIterable<Buffer | string>,
  onLine: (line: string) => void,
  options: LineOptions = {},
): Promise<number> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let bytes = 0;
  const emit = (text: string, final: boolean): void => {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      onLine(text.slice(start, end));
      start = nl + 1;
    }
    pending = text.slice(start);
    if (final && pending !== '') {
      onLine(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
      pending = '';
    }
  };
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      bytes += Buffer.byteLength(chunk, 'utf8');
      emit(pending + chunk, false);
    } else {
      bytes += chunk.length;
      emit(pending + decoder.write(chunk), false);
    }
    const wait = options.betweenChunks?.();
    if (wait !== undefined) await wait;
  }
  emit(pending + decoder.end(), true);
  return bytes;
}

/**
 * Calls `onChunk` with every chunk as bytes (strings are encoded as UTF-8), for consumers that
 * cut lines themselves (EscapeLogParser#pushChunk); resolves with the number of bytes read.
 */
export async function forEachChunk(
  input: AsyncIterable<Buffer | string>,
  onChunk: (chunk: Buffer) => void,
  options: LineOptions = {},
): Promise<number> {
  let bytes = 0;
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    bytes += buf.length;
    onChunk(buf);
    const wait = options.betweenChunks?.();
    if (wait !== undefined) await wait;
  }
  return bytes;
}

/** The first line with something other than white space, and its 1-based number. */
export interface FirstLine {
  number: number;
  text: string;
}

/** Bytes of the first line kept for its text (a message quotes only the start of it). */
export const FIRST_LINE_CAP = 1 << 20;

/**
 * Finds the first non-blank line of a byte stream, as `forEachLine` would deliver it (UTF-8, a
 * final '\r' removed), while the chunks go elsewhere whole. It looks only at the bytes up to that
 * line's end, so it costs nothing on a normal log; a line longer than 1 MiB is cut there.
 */
export class FirstLineFinder {
  found: FirstLine | null = null;
  private number = 1;
  private parts: Buffer[] = [];
  private held = 0;
  /** The current line has a byte that is not ASCII white space. */
  private text = false;

  push(buf: Buffer): void {
    if (this.found !== null) return;
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i] ?? 0;
      if (c === 10) {
        this.keep(buf, start, i);
        if (this.finishLine()) return;
        start = i + 1;
      } else if (!this.text && c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12) {
        this.text = true;
      }
    }
    this.keep(buf, start, buf.length);
  }

  /** Call after the last chunk: the last line may have no '\n'. */
  end(): FirstLine | null {
    if (this.found === null && (this.held > 0 || this.text)) this.finishLine();
    return this.found;
  }

  private keep(buf: Buffer, from: number, to: number): void {
    if (to <= from || this.held >= FIRST_LINE_CAP) return;
    const n = Math.min(to - from, FIRST_LINE_CAP - this.held);
    this.parts.push(Buffer.from(buf.subarray(from, from + n)));
    this.held += n;
  }

  /** Ends the current line; true when it is the first non-blank one. */
  private finishLine(): boolean {
    if (this.text) {
      let line = Buffer.concat(this.parts).toString('utf8');
      if (line.endsWith('\r')) line = line.slice(0, -1);
      // The bytes said "maybe"; the decoded text decides (U+00A0 and friends are white space).
      if (/\S/.test(line)) {
        this.found = { number: this.number, text: line };
        this.parts = [];
        return true;
      }
    }
    this.parts = [];
    this.held = 0;
    this.text = false;
    this.number++;
    return false;
  }
}
