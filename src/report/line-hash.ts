/**
 * `partialFingerprints.primaryLocationLineHash`, computed exactly as GitHub's upload action does,
 * so the action finds our value consistent (no per-result warnings) and raw API uploads
 * de-duplicate alerts the same way.
 *
 * Algorithm credit: github/codeql-action `src/fingerprints.ts` `hash()` (MIT License,
 * Copyright GitHub, Inc.). This is an independent implementation using BigInt arithmetic
 * modulo 2^64 in place of the `long` package; tests cross-check it against
 * `@microsoft/sarif`'s `computeRollingHashes`.
 *
 * In short: spaces and tabs are skipped, CR and CRLF become LF, and a polynomial rolling hash
 * (base 37) runs over a window of 100 remaining UTF-16 code units. Each line gets the hash of the
 * window that starts at its first counted character, suffixed with `:n` where n counts how often
 * that hash value has been emitted so far in the file.
 */

const BLOCK_SIZE = 100;
const BASE = 37n;
const MASK64 = (1n << 64n) - 1n;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
/** Appended once after the last character, as the action does. */
const END_OF_INPUT = 0xffff;

/** BASE^BLOCK_SIZE mod 2^64: the weight of the character leaving the window. */
const LEAVING_WEIGHT = ((): bigint => {
  let weight = 1n;
  for (let i = 0; i < BLOCK_SIZE; i++) weight = (weight * BASE) & MASK64;
  return weight;
})();

/** Line number (1-based) → `"<hex>:<n>"` for every line of `text` that has a counted character. */
export function computeLineHashes(text: string): Map<number, string> {
  const hashes = new Map<number, string>();
  const window = new Array<number>(BLOCK_SIZE).fill(0);
  // The line whose first counted character sits in this window slot, or 0 for none.
  const lineAt = new Array<number>(BLOCK_SIZE).fill(0);
  const seen = new Map<string, number>();
  let hash = 0n;
  let slot = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;

  const emit = (): void => {
    const hex = hash.toString(16);
    const count = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, count);
    hashes.set(lineAt[slot] ?? 0, `${hex}:${count}`);
    lineAt[slot] = 0;
  };

  const push = (code: number): void => {
    const leaving = window[slot] ?? 0;
    window[slot] = code;
    hash = (hash * BASE + BigInt(code) - LEAVING_WEIGHT * BigInt(leaving)) & MASK64;
    slot = (slot + 1) % BLOCK_SIZE;
  };

  const consume = (input: number): void => {
    if (input === SPACE || input === TAB || (afterCR && input === LF)) {
      afterCR = false;
      return;
    }
    const code = input === CR ? LF : input;
    afterCR = input === CR;
    // The slot we are about to overwrite started a line BLOCK_SIZE characters ago: its window is complete.
    if ((lineAt[slot] ?? 0) !== 0) emit();
    if (atLineStart) {
      atLineStart = false;
      line += 1;
      lineAt[slot] = line;
    }
    if (code === LF) atLineStart = true;
    push(code);
  };

  for (let i = 0; i < text.length; i++) consume(text.charCodeAt(i));
  consume(END_OF_INPUT);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if ((lineAt[slot] ?? 0) !== 0) emit();
    push(0);
  }
  return hashes;
}
