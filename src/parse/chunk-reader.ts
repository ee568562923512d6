/**
 * Reading a file in large pieces (LOG_READ_CHUNK) into two buffers used in turn. Every chunk is
 * parsed before the next one is asked for, so two buffers serve a whole run: the one the consumer
 * is parsing and the one the next read fills meanwhile. A fresh buffer per read would cost a page
 * fault for every 4 KiB of input (about 50 ms for the 150 MB std log) and leave a megabyte per
 * chunk for the garbage collector.
 *
 * The contract this asks of consumers: a chunk is valid only until the next one is requested;
 * whatever is kept must be copied (the parser and the first-line finder do).
 */

/** Reads into `buf` from `position`; resolves with the number of bytes read (0 at the end). */
export type ReadAt = (buf: Buffer, position: number) => Promise<number>;

/** The two buffers: the one the next read goes into, and the other. */
class ChunkBuffers {
  private next: Buffer;
  private other: Buffer;

  constructor(size: number) {
    this.next = Buffer.allocUnsafeSlow(size);
    this.other = Buffer.allocUnsafeSlow(size);
  }

  /** Where the next read goes. */
  target(): Buffer {
    return this.next;
  }

  /** The first `bytes` of the buffer just filled; reads go to the other buffer from now on. */
  hand(bytes: number): Buffer {
    const filled = this.next;
    this.next = this.other;
    this.other = filled;
    return filled.subarray(0, bytes);
  }
}

/**
 * The whole file from the start, chunk by chunk; the next read runs while the consumer works on
 * the current chunk. A read that returns nothing ends it, unless `atEnd` (for a file that is
 * still being written) resolves true: then the same position is read again.
 */
export async function* readChunks(readAt: ReadAt, size: number, atEnd?: () => Promise<boolean>): AsyncGenerator<Buffer> {
  const buffers = new ChunkBuffers(size);
  let position = 0;
  const start = (at: number): Promise<number> => {
    const p = readAt(buffers.target(), at);
    // Failing while the consumer works (or after it stopped) is not an unhandled rejection: the
    // error is thrown when the read is awaited, or no longer matters.
    p.catch(() => undefined);
    return p;
  };
  let pending = start(0);
  for (;;) {
    const bytes = await pending;
    if (bytes === 0) {
      if (atEnd === undefined || !(await atEnd())) return;
      pending = start(position);
      continue;
    }
    position += bytes;
    const chunk = buffers.hand(bytes);
    pending = start(position);
    yield chunk;
  }
}
