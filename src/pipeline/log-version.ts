/**
 * What a saved log's own text says of the compiler that wrote it, for `--from-log` without
 * `--go-version`. Go 1.25 changed the -m=2 headers (reference §4): `x escapes to heap in F:` and
 * `parameter p leaks to L for F with derefs=N:` (where L is `{heap}`, a `{storage for …}` or a
 * name: an older header's L can end in ` for …` too). A log holding one was written by Go 1.25 or
 * later, which every rule's version test (1.22 to 1.25) can use; an older header only says
 * "before 1.25", which none can. Asked of the start of the file (the caller reads it), so the
 * answer does not depend on the order cmd/go printed the packages in.
 */
const GO125_HEADER =
  /^[^\n]*?:\d+(?::\d+)?: (?:.+ escapes to heap in .+|parameter \S+ leaks to (?:\{heap\}|\{storage for [^{}\n]*\}|[^\s{}]+) for .+ with derefs=-?\d+):\r?$/m;

/** The oldest Go version the log's format allows, when it says one; null otherwise. */
export function goVersionOfLog(head: Buffer): { major: number; minor: number } | null {
  return GO125_HEADER.test(head.toString('latin1')) ? { major: 1, minor: 25 } : null;
}
