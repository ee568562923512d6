/**
 * The result cache's place in the lint pipeline: a run whose compiler output, source files and
 * settings are those of a cached run takes that run's classification instead of parsing and
 * classifying again. A warm `go build` replays the compiler's output from its cache; the parse of
 * that output is most of a warm heaplint run (about a second of CPU for the standard library),
 * and repeated runs over an unchanged tree are the common case before a commit.
 *
 * While the output streams, the gate (OutputGate) hashes it section by section
 * (SectionDigests) and feeds the parser nothing as long as every section is one of the cached
 * entry's. The first section that is not (a package changed) makes it read the output so far
 * back from its start into the parser, and pass everything on from then: the parse catches up
 * while the build goes on. When the output ends matching the entry and the build succeeded, the
 * entry's result is the run's; otherwise the whole output is read back and parsed, as if there had
 * been no entry. An entry is followed at all only when every file its classification read
 * (InputLog) reads the same as the run starts (lintModule). Where the output cannot be read back
 * (a pipe, standard input) nothing is skipped.
 *
 * What is cached is what lint derives from the output before the contracts and policy stages:
 * findings, counts, and the contracts stage's records. Those stages run on every run, so
 * configuration, directives and baselines never come from the cache. Runs with compile errors or
 * unrecognised lines are not cached.
 */
import { HeaplintError } from '../errors.js';
import type { ReadBack } from '../runner/build-output.js';
import type { OutputTap } from '../runner/go-build.js';
import { LOG_READ_CHUNK } from '../parse/stream.js';
import { SectionDigests } from '../cache/section-digests.js';
import { digestOf, type CacheHeader, type ResultStore } from '../cache/store.js';
import type { Session } from './source.js';

export interface LintCache {
  store: ResultStore;
  /** heaplint's own build (version and code): entries of another build are never used. */
  identity: string;
}

/** The slot and context digest of a session's run with these rules; null when the session is not cached. */
export function cacheKeys(session: Session, cache: LintCache, enabledRules: ReadonlySet<string> | undefined): { slot: string; context: string } | null {
  if (session.cache === undefined) return null;
  const rules = enabledRules === undefined ? null : [...enabledRules].sort();
  return { slot: session.cache.slot, context: digestOf(JSON.stringify([cache.identity, session.cache.context, rules])) };
}

/**
 * Between a session's chunks and the parser: skips the parse while the output matches `entry`
 * (see the module comment). `valid` is asked once, when the output ended matching it, whether the
 * entry can be used (its result read).
 */
export class OutputGate {
  /** The entry's result stands for this run (decided when the output ends). */
  hit = false;
  /** The output's section digests, sorted, once it ended. */
  sections: string[] = [];
  private skipping: boolean;
  private mismatch = false;
  private readonly remaining = new Map<string, number>();
  private readonly digests: SectionDigests;
  private readBack: ReadBack | null = null;

  constructor(
    entry: CacheHeader | null,
    private readonly valid: () => boolean,
  ) {
    this.skipping = entry !== null;
    for (const d of entry?.sections ?? []) this.remaining.set(d, (this.remaining.get(d) ?? 0) + 1);
    this.digests = new SectionDigests((digest) => {
      const left = this.remaining.get(digest) ?? 0;
      if (left === 0) this.mismatch = true;
      else this.remaining.set(digest, left - 1);
    });
  }

  /** The session with its chunks passing through this gate. */
  wrap(session: Session): Session {
    const runChunks = session.runChunks?.bind(session);
    if (runChunks === undefined) return session;
    return {
      ...session,
      runChunks: (onChunk, lineOptions, tap) => runChunks(this.filter(onChunk), lineOptions, this.tap(onChunk, tap)),
    };
  }

  private filter(onChunk: (chunk: Buffer) => void): (chunk: Buffer) => void {
    return (chunk) => {
      const before = this.digests.bytes;
      this.digests.push(chunk);
      if (!this.skipping) {
        onChunk(chunk);
      } else if (this.mismatch) {
        this.catchUp(onChunk, before);
        onChunk(chunk);
      }
    };
  }

  private tap(onChunk: (chunk: Buffer) => void, inner: OutputTap | undefined): OutputTap {
    return {
      attach: (readBack) => {
        this.readBack = readBack;
        if (readBack === null) this.skipping = false;
        inner?.attach(readBack);
      },
      end: (exitCode) => {
        this.sections = this.digests.end();
        if (this.skipping) {
          const complete = !this.mismatch && [...this.remaining.values()].every((n) => n === 0);
          if (complete && (exitCode === null || exitCode === 0) && this.valid()) this.hit = true;
          else this.catchUp(onChunk, this.digests.bytes);
        }
        inner?.end(exitCode);
      },
    };
  }

  /** Feeds the output's first `bytes` bytes, read back, to the parser; from now on every chunk. */
  private catchUp(onChunk: (chunk: Buffer) => void, bytes: number): void {
    this.skipping = false;
    const readBack = this.readBack;
    if (readBack === null) throw new Error('output gate skipped output it cannot read back');
    const buf = Buffer.allocUnsafe(Math.min(LOG_READ_CHUNK, Math.max(1, bytes)));
    for (let at = 0; at < bytes; ) {
      const n = readBack(at, buf.length <= bytes - at ? buf : buf.subarray(0, bytes - at));
      // Only a log someone truncated while heaplint read it: the build's output file is its own.
      if (n <= 0) throw new HeaplintError(`the compiler output changed while heaplint read it: byte ${at} of ${bytes} could not be read again; run heaplint again`);
      onChunk(buf.subarray(0, n));
      at += n;
    }
  }
}
