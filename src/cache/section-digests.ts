/**
 * Digests of compiler output, one per package section, as it streams: what the result cache
 * compares a build's output by.
 *
 * cmd/go prints each package's compiler output as one block that starts with a `# importpath`
 * line, and the order of the blocks changes from one run to the next (the standard library's
 * warm replay came out in three orders in three runs). So the output is not compared as one
 * byte string but as the multiset of its blocks: it is cut before every line that starts with
 * `# `, and each piece is hashed (SHA-256, native, about 1.8 GB/s here). The pieces need not be
 * exactly cmd/go's blocks: any cut that depends only on the bytes gives equal multisets for
 * outputs that are the same blocks in another order, and unequal ones otherwise.
 *
 * Only hashing and the search for `\n# ` touch the bytes: for the 151 MB std log, 0.1 s in
 * all, where the parser takes about one second.
 */
import crypto, { type Hash } from 'node:crypto';

const HEADER = Buffer.from('\n# ', 'latin1');
const EMPTY = Buffer.alloc(0);

export class SectionDigests {
  /** Hex digests of the finished sections, in output order. */
  readonly digests: string[] = [];
  /** Bytes pushed so far. */
  bytes = 0;
  private hash: Hash = crypto.createHash('sha256');
  private empty = true;
  /** The last (at most two) bytes pushed, not hashed yet: a header may start in them. */
  private carry = EMPTY;

  /** `onSection(digest)` is told of each section as it is finished, before the next starts. */
  constructor(private readonly onSection: (digest: string) => void = () => undefined) {}

  push(input: Buffer): void {
    if (input.length === 0) return;
    this.bytes += input.length;
    let chunk = input;
    if (this.carry.length > 0 && chunk.length < 3) {
      // Too short to decide on alone: joined to the carried bytes (a few bytes copied).
      chunk = Buffer.concat([this.carry, chunk]);
      this.carry = EMPTY;
    } else if (this.carry.length > 0) {
      // A `\n# ` whose newline is in the carried bytes ends in this chunk's first two.
      const window = Buffer.concat([this.carry, chunk.subarray(0, 2)]);
      const at = window.indexOf(HEADER);
      if (at >= 0 && at < this.carry.length) {
        this.update(window.subarray(0, at + 1));
        this.finish();
        this.update(window.subarray(at + 1, this.carry.length));
      } else {
        this.update(this.carry);
      }
      this.carry = EMPTY;
    }
    let from = 0;
    for (let at = chunk.indexOf(HEADER); at >= 0; at = chunk.indexOf(HEADER, from)) {
      this.update(chunk.subarray(from, at + 1));
      this.finish();
      from = at + 1;
    }
    // Held back: a header's newline may be in the last two bytes, its `# ` in the next chunk.
    const hold = Math.min(2, chunk.length - from);
    this.update(chunk.subarray(from, chunk.length - hold));
    this.carry = Buffer.from(chunk.subarray(chunk.length - hold));
  }

  /** Finishes the last section; returns every digest, sorted (the output's multiset). */
  end(): string[] {
    if (this.carry.length > 0) this.update(this.carry);
    this.carry = EMPTY;
    this.finish();
    return [...this.digests].sort();
  }

  private update(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.hash.update(bytes);
    this.empty = false;
  }

  private finish(): void {
    if (this.empty) return;
    const digest = this.hash.digest('hex');
    this.digests.push(digest);
    this.hash = crypto.createHash('sha256');
    this.empty = true;
    this.onSection(digest);
  }
}

/** The multiset of an output's sections, sorted, as SectionDigests#end gives it; for tests and logs. */
export function sectionDigestsOf(output: Buffer): string[] {
  const d = new SectionDigests();
  d.push(output);
  return d.end();
}

