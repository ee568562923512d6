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
