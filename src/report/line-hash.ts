/**
 * `partialFingerprints.primaryLocationLineHash`, computed exactly as GitHub's upload action does,
 * so the action finds our value consistent (no per-result warnings) and raw API uploads
 * de-duplicate alerts the same way.
 *
 * Algorithm credit: github/codeql-action `src/fingerprints.ts` `hash()` (MIT License,
 * Copyright GitHub, Inc.). This is an independent implementation, with 64-bit arithmetic
 * done on two 32-bit halves in place of the `long` package; tests cross-check it against
 * `@microsoft/sarif`'s `computeRollingHashes`.
 *
 * In short: spaces and tabs are skipped, CR and CRLF become LF, and a polynomial rolling hash
 * (base 37) runs over a window of 100 remaining UTF-16 code units. Each line gets the hash of the
 * window that starts at its first counted character, suffixed with `:n` where n counts how often
 * that hash value has been emitted so far in the file.
 */

const BLOCK_SIZE = 100;
const BASE = 37;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
/** Appended once after the last character, as the action does. */
const END_OF_INPUT = 0xffff;
const TWO_32 = 0x1_0000_0000;

/**
 * BASE^BLOCK_SIZE mod 2^64, the weight of the character leaving the window, as two 32-bit
 * halves. The hash is kept as halves too: every product below stays under 2^53, so plain
 * numbers are exact, where BigInt arithmetic per character made SARIF output for a large
 * repository take seconds.
 */
const [LEAVING_HI, LEAVING_LO] = ((): [number, number] => {
  let hi = 0;
  let lo = 1;
  for (let i = 0; i < BLOCK_SIZE; i++) [hi, lo] = timesBase(hi, lo);
  return [hi, lo];
})();

/** (hi, lo) * BASE mod 2^64. */
function timesBase(hi: number, lo: number): [number, number] {
  const low = lo * BASE;
  return [(hi * BASE + Math.floor(low / TWO_32)) >>> 0, low >>> 0];
}

/** Two hex digits for each byte value. */
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** The 64-bit value in hex without leading zeros, as BigInt#toString(16) writes it (Number#toString(16) is slow above 2^31). */
function hex(hi: number, lo: number): string {
  const digits =
    (BYTE_HEX[hi >>> 24] ?? '') +
    (BYTE_HEX[(hi >>> 16) & 255] ?? '') +
    (BYTE_HEX[(hi >>> 8) & 255] ?? '') +
    (BYTE_HEX[hi & 255] ?? '') +
    (BYTE_HEX[lo >>> 24] ?? '') +
    (BYTE_HEX[(lo >>> 16) & 255] ?? '') +
    (BYTE_HEX[(lo >>> 8) & 255] ?? '') +
    (BYTE_HEX[lo & 255] ?? '');
  let start = 0;
  while (start < 15 && digits.charCodeAt(start) === 48 /* 0 */) start++;
  return start === 0 ? digits : digits.slice(start);
}

/** Line number (1-based) → `"<hex>:<n>"` for every line of `text` that has a counted character. */
export function computeLineHashes(text: string): Map<number, string> {
  const hashes = new Map<number, string>();
  const seen = new Map<string, number>();
  // The window's characters, and the line whose first counted character sits in each slot (0: none).
  const window = new Uint16Array(BLOCK_SIZE);
  const lineAt = new Int32Array(BLOCK_SIZE);
  // One loop with plain local numbers: hash values of 2^31 and above held in closure variables
  // are boxed, an allocation per character.
  let hashHi = 0;
  let hashLo = 0;
  let slot = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;
  const n = text.length;
  // The text, then the end-of-input sentinel, then BLOCK_SIZE zeros that flush the last windows.
  for (let i = 0; i <= n + BLOCK_SIZE; i++) {
    let code: number;
    if (i < n) {
      const input = text.charCodeAt(i);
      if (input === SPACE || input === TAB || (afterCR && input === LF)) {
        afterCR = false;
        continue;
      }
      afterCR = input === CR;
      code = input === CR ? LF : input;
    } else {
      code = i === n ? END_OF_INPUT : 0;
    }
    // The slot about to be overwritten started a line BLOCK_SIZE characters ago: its window is complete.
    const started = lineAt[slot] ?? 0;
    if (started !== 0) {
      const h = hex(hashHi, hashLo);
      const count = (seen.get(h) ?? 0) + 1;
      seen.set(h, count);
      hashes.set(started, `${h}:${count}`);
      lineAt[slot] = 0;
    }
    if (i <= n) {
      if (atLineStart) {
        atLineStart = false;
        line += 1;
        lineAt[slot] = line;
      }
      if (code === LF) atLineStart = true;
    }
    // hash = hash * BASE + code - LEAVING * leaving (mod 2^64)
    const leaving = window[slot] ?? 0;
    window[slot] = code;
    // Every intermediate stays below 2^53, and `>>> 0` is exact reduction mod 2^32 (negative
    // values included): no floating-point remainder, which is slow.
    const low = hashLo * BASE + code;
    let hi = hashHi * BASE + Math.floor(low / TWO_32);
    let lo = low >>> 0;
    if (leaving !== 0) {
      const subLow = LEAVING_LO * leaving;
      const diff = lo - (subLow >>> 0);
      hi -= LEAVING_HI * leaving + Math.floor(subLow / TWO_32) + (diff < 0 ? 1 : 0);
      lo = diff >>> 0;
    }
    hashHi = hi >>> 0;
    hashLo = lo;
    slot = slot === BLOCK_SIZE - 1 ? 0 : slot + 1;
  }
  return hashes;
}
