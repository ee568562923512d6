/**
 * The stream path decodes bytes as latin1 (one byte = one char): several times faster than
 * UTF-8 decoding, and the grammar only needs ASCII plus `←`. Strings that reach a record are
 * re-decoded as UTF-8 here, only when they contain a byte >= 0x80.
 */
const HIGH = /[\u0080-\u00ff]/;

export function hasHighBytes(s: string): boolean {
  // The UTF-8 length is computed natively and equals the length for pure ASCII: a cheap
  // negative answer for nearly every string, before the exact test.
  return Buffer.byteLength(s, 'utf8') !== s.length && HIGH.test(s);
}

/** Re-reads a latin1-decoded string as UTF-8 (invalid sequences become U+FFFD). */
export function latin1ToUtf8(s: string): string {
  return hasHighBytes(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Fixes every string field of a flat object in place (rare path: a line with non-ASCII text),
 * except the fields named in `decoded`, which already hold UTF-8 (decoding twice would garble
 * them).
 */
export function fixStrings<T extends object>(o: T, decoded: ReadonlySet<string> = NONE): T {
  const rec = o as Record<string, unknown>;
  for (const k of Object.keys(rec)) {
    const v = rec[k];
    if (typeof v === 'string' && !decoded.has(k)) rec[k] = latin1ToUtf8(v);
  }
  return o;
}
