/**
 * Where `go build` writes its stderr: an unnamed temporary file that is read while it grows,
 * or, when no temporary file can be made, a pipe.
 *
 * Why a file: a pipe holds 64 KiB. cmd/go prints each package's compiler output while holding
 * its output lock, so whenever the parser (which is slower than a warm-cache replay) falls
 * behind, the pipe fills and the whole build stalls until the parser catches up; go's work and
 * the parser's then take turns instead of running side by side (for `heaplint lint std`, about
 * 0.9 s of a 2.4 s run was spent waiting for a build that had been blocked on its pipe). A file
 * never blocks the writer, so the build runs at full speed — already during `go list` — and the
 * parser only ever waits when it has read everything written so far. The cost is disk space
 * for the output while the run lasts (about 150 MB for the whole standard library).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import { readChunks } from '../parse/chunk-reader.js';
import { LOG_READ_CHUNK } from '../parse/stream.js';

/** How long the reader sleeps when it has caught up with a build that is still running. */
const POLL_MS = 2;

const readAt = promisify(fs.read);

/** The build's stderr as the reader sees it. */
export interface BuildOutput {
  /** What `stderr` of the child process is set to. */
  readonly stdio: number | 'pipe';
  /** Call once, right after the child started (`stderr` is its stream for the pipe variant). */
  attach(stderr: Readable | null, exited: Promise<unknown>): void;
  /** The output as raw chunks, from the start to the end of the build. Once. */
  read(): AsyncIterable<Buffer>;
  /** Lets go of the output without reading it (the build was cancelled). */
  discard(): void;
  /** Frees the file, if any (in the background). Idempotent. */
  close(): void;
  /** Reads the output again from any position, synchronously, until `close`; null for the pipe. */
  readonly readBack: ReadBack | null;
}

/** Reads output bytes at `position` into `into`; returns how many (0 at the end of what was written). */
export type ReadBack = (position: number, into: Buffer) => number;

/** Output through a temporary file when one can be made, else through a pipe. */
export function createBuildOutput(): BuildOutput {
  return fileOutput() ?? pipeOutput();
}

function pipeOutput(): BuildOutput {
  let stream: Readable | null = null;
  // Held in paused mode by a 'readable' listener until `read`: without one, execa (on the next
  // turn of the event loop) and Node (when the child exits) resume a stream nobody reads, and
  // its data is gone. In this mode at most highWaterMark bytes are buffered; the rest waits in
  // the pipe.
  const hold = (): void => undefined;
  return {
    stdio: 'pipe',
    attach(stderr) {
      stream = stderr;
      stream?.on('readable', hold);
    },
    read() {
      if (stream === null) throw new Error('build output not attached');
      stream.off('readable', hold);
      return stream as AsyncIterable<Buffer>;
    },
    discard() {
      // Drained, or the stream never ends and neither does the wait for the child.
      stream?.off('readable', hold);
      stream?.resume();
    },
    close() {},
    readBack: null,
  };
}

function fileOutput(): BuildOutput | null {
  const file = path.join(os.tmpdir(), `heaplint-build-${process.pid}-${crypto.randomBytes(6).toString('hex')}.log`);
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx+', 0o600);
  } catch {
    return null;
  }
  let linked = true;
  const unlink = (): void => {
    if (!linked) return;
    linked = false;
    try {
      fs.unlinkSync(file);
    } catch {
      // Already gone; nothing to free.
    }
  };
  let open = true;
  let ended = false;
  let exited: Promise<unknown> = Promise.resolve();
  return {
    stdio: fd,
    attach(_stderr, whenExited) {
      exited = whenExited.then(
        () => (ended = true),
        () => (ended = true),
      );
      // The child has its own descriptor now; outside Windows the name can go at once, so
      // nothing is left behind whatever happens to this process.
      if (process.platform !== 'win32') unlink();
    },
    read() {
      return growingFile(fd, () => ended, () => Promise.race([exited, sleep(POLL_MS)]));
    },
    discard() {},
    close() {
      if (open) {
        open = false;
        // Closing the last descriptor of a large unlinked file frees its pages, which takes a
        // while (about 10 ms for std); the thread pool can do that while the run goes on.
        // Windows only deletes a file nobody has open, so there it is closed first.
        if (process.platform === 'win32') fs.closeSync(fd);
        else fs.close(fd, () => undefined);
      }
      unlink();
    },
    readBack(position, into) {
      if (!open) throw new Error('build output read back after close');
      return fs.readSync(fd, into, 0, into.length, position);
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The file's bytes from the start, as they are written, until the writer has exited and all it
 * wrote has been read (readChunks: the next read runs while the consumer parses, and a chunk is
 * valid until the next one is asked for). Whether the writer had exited is checked before each
 * read, so the read that finds nothing new after the exit is the last one.
 */
function growingFile(fd: number, exited: () => boolean, wait: () => Promise<unknown>): AsyncGenerator<Buffer> {
  // Reads run one at a time, so this belongs to the read that just returned.
  let exitedBeforeRead = false;
  return readChunks(
    async (buf, position) => {
      const done = exited();
      const { bytesRead } = await readAt(fd, buf, 0, buf.length, position);
      exitedBeforeRead = done;
      return bytesRead;
    },
    LOG_READ_CHUNK,
    async () => {
      if (exitedBeforeRead) return false;
      await wait();
      return true;
    },
  );
}
