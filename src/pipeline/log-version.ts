/**
 * What a saved log's own text says of the compiler that wrote it, for `--from-log` without
 * `--go-version`. Go 1.25 changed the -m=2 headers (reference §4): `x escapes to heap in F:` and
 * `parameter p leaks to L for F with derefs=N:` (where L is `{heap}`, a `{storage for …}` or a
 * name: an older header's L can end in ` for …` too). A log holding one was written by Go 1.25 or
 * later, which every rule's version test (1.22 to 1.25) can use; an older header only says
 * "before 1.25", which none can. Asked of the start of the file (the caller reads it), so the
 * answer does not depend on the order cmd/go printed the packages in.
 */
import { splitPosition } from '../parse/position.js';

const ESCAPE_HEADER = / escapes to heap in ./;
const LEAK_HEADER = /^parameter \S+ leaks to (?:\{heap\}|\{storage for [^{}]*\}|[^\s{}]+) for .+ with derefs=-?\d+$/;
/** Longer lines are not looked at: a header is short, and garbage must not cost more than its size. */
const MAX_LINE = 4096;

/** The oldest Go version the log's format allows, when it says one; null otherwise. */
export function goVersionOfLog(head: Buffer): { major: number; minor: number } | null {
  for (const raw of head.toString('latin1').split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length > MAX_LINE || !line.endsWith(':')) continue;
    const { line: at, rest } = splitPosition(line);
    if (at === null || !rest.startsWith(' ')) continue;
    const body = rest.slice(1, -1);
    if (ESCAPE_HEADER.test(body) || LEAK_HEADER.test(body)) return { major: 1, minor: 25 };
  }
  return null;
}
