/**
 * Feeding the parser from a byte stream: chunks go to EscapeLogParser#pushChunk, which cuts
 * them into lines itself (see splitter.ts: latin1 decoding, oversized lines). Memory: one chunk
 * plus the parser's bounded section buffer and at most one line of `maxLineBytes`.
 */
import fsp, { type FileHandle } from 'node:fs/promises';
import { readChunks } from './chunk-reader.js';
import { EscapeLogParser, type ParserOptions } from './parser.js';
import type { ParsedRecord, ParseStats } from './records.js';

/**
 * Read size for log files and the build's output. Larger than the 64 KB stream default (fewer
 * reads and callbacks, fewer lines cut in two); measured on the 151 MB std log, 2–4 MB chunks
 * parse no faster. The parser decodes a chunk in smaller pieces (splitter.ts).
 */
export const LOG_READ_CHUNK = 1 << 20;

/**
 * An open file's chunks, LOG_READ_CHUNK bytes at a time into two reused buffers (see
 * chunk-reader.ts: a chunk is valid until the next one is asked for); closes the file at the end.
 */
async function* fileChunks(handle: FileHandle): AsyncGenerator<Buffer> {
  try {
    yield* readChunks(async (buf, position) => (await handle.read(buf, 0, buf.length, position)).bytesRead, LOG_READ_CHUNK);
  } finally {
    await handle.close();
  }
}

/** A log file's chunks for parseStream (see fileChunks); the file is opened when the first chunk is asked for. */
export async function* openLogStream(path: string): AsyncGenerator<Buffer> {
  yield* fileChunks(await fsp.open(path, 'r'));
}

/** Parser settings the stream functions pass through (the encoding is theirs to choose). */
export type StreamParseOptions = Omit<ParserOptions, 'encoding'>;

/**
 * Parses a whole log from a stream (`go build` stderr, a file, stdin). Records reach
 * `onRecord` as each package section completes; resolves with the final counters. For a file,
 * `openLogStream(path)` reads it in large chunks. Chunks are parsed as they come and not kept,
 * so a source may reuse a chunk's memory once the next one is asked for.
 */
export async function parseStream(
  input: NodeJS.ReadableStream | AsyncIterable<Buffer | string>,
  onRecord: (r: ParsedRecord) => void,
  options: StreamParseOptions = {},
): Promise<ParseStats> {
  const parser = new EscapeLogParser(onRecord, { ...options, encoding: 'latin1' });
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    parser.pushChunk(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }
  parser.end();
  return parser.stats;
}

/** Parses a complete log held in memory (tests, small inputs). Same path as parseStream. */
export function parseText(text: string, options: StreamParseOptions = {}): { records: ParsedRecord[]; stats: ParseStats } {
  const records: ParsedRecord[] = [];
  const parser = new EscapeLogParser((r) => records.push(r), { ...options, encoding: 'latin1' });
  parser.pushChunk(Buffer.from(text, 'utf8'));
  parser.end();
  return { records, stats: parser.stats };
}
