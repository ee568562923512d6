import { sectionDigestsOf } from '../../src/cache/section-digests.js';
import { ENTRY_FORMAT, type CacheEntry } from '../../src/cache/store.js';
import { OutputGate } from '../../src/pipeline/result-cache.js';
import type { Session, SourceOutcome } from '../../src/pipeline/source.js';

const A = '# example.com/m/a\n./a.go:4:2: x escapes to heap\n';
const B = '# example.com/m/b\n./b.go:9:9: &T{} escapes to heap\n';
const C = '# example.com/m/c\n./c.go:1:1: leaking param: p\n';

function entryFor(text: string): CacheEntry {
  return {
    format: ENTRY_FORMAT,
    context: 'ctx',
    sections: sectionDigestsOf(Buffer.from(text)),
    bytes: text.length,
    inputs: { files: [], dirs: [], paths: [] },
    result: { findings: [], excluded: {}, stats: { lines: 0 } as CacheEntry['result']['stats'], repoDirs: [], classified: 0, skipped: {}, contractRecords: [] },
  };
}

/**
 * A session whose output is `text` in chunks of `size` bytes, readable back only as far as it
 * was delivered (a growing file), or not at all (a pipe).
 */
function session(text: string, opts: { size?: number; exitCode?: number | null; pipe?: boolean } = {}): Session {
  const data = Buffer.from(text);
  const size = opts.size ?? 7;
  return {
    resolver: { resolve: () => ({ absolute: null, repoRelative: null, outside: 'unknown' }) },
    repoRoot: '/r',
    go: { version: null, goos: null, goarch: null },
    goVersion: null,
    packages: null,
    run: () => Promise.reject(new Error('lines not expected')),
    async runChunks(onChunk, _lineOptions, tap): Promise<SourceOutcome> {
      let delivered = 0;
      tap?.attach(
        opts.pipe === true
          ? null
          : (position, into) => {
              const n = Math.max(0, Math.min(into.length, delivered - position));
              data.copy(into, 0, position, position + n);
              return n;
            },
      );
      for (let at = 0; at < data.length; at += size) {
        // A reused buffer, as the real reader's: valid only during the call.
        const chunk = Buffer.from(data.subarray(at, at + size));
        delivered = Math.min(data.length, at + size);
        onChunk(chunk);
        chunk.fill(0);
      }
      tap?.end(opts.exitCode === undefined ? 0 : opts.exitCode);
      return { buildExitCode: opts.exitCode === undefined ? 0 : opts.exitCode, toolLines: [], bytes: data.length };
    },
  };
}

/** What the parser would have received through the gate, and the gate. */
async function through(text: string, entry: CacheEntry | null, opts: Parameters<typeof session>[1] & { valid?: boolean } = {}): Promise<{ fed: string; hit: boolean; sections: string[] }> {
  const gate = new OutputGate(entry, () => opts.valid ?? true);
  const gated = gate.wrap(session(text, opts));
  let fed = '';
  await gated.runChunks?.((chunk) => (fed += chunk.toString('latin1')));
  return { fed, hit: gate.hit, sections: gate.sections };
}

describe('OutputGate', () => {
  test('without an entry every chunk goes through, and the sections are digested for the next run', async () => {
    expect(await through(A + B, null)).toEqual({ fed: A + B, hit: false, sections: sectionDigestsOf(Buffer.from(A + B)) });
  });

  test('output that matches the entry, in another order, feeds nothing: a hit', async () => {
    expect(await through(B + A + C, entryFor(A + B + C))).toEqual({ fed: '', hit: true, sections: sectionDigestsOf(Buffer.from(A + B + C)) });
  });

  test.each([1, 3, 7, 64, 1000])('a section the entry lacks: the output so far is read back, then all goes through (chunks of %d)', async (size) => {
    const changed = A + B.replace('9:9', '9:8') + C;
    expect(await through(changed, entryFor(A + B + C), { size })).toEqual({ fed: changed, hit: false, sections: sectionDigestsOf(Buffer.from(changed)) });
  });

  test.each<[string, string, string]>([
    ['a section fewer', A + B, A + B + C],
    ['a section more at the end', A + B + C + A, A + B + C],
    ['the last section cut short', A + B + C.slice(0, -3), A + B + C],
  ])('%s: the whole output is read back at the end', async (_name, text, cached) => {
    expect(await through(text, entryFor(cached))).toEqual({ fed: text, hit: false, sections: sectionDigestsOf(Buffer.from(text)) });
  });

  test('a failed build or inputs that changed use the entry never', async () => {
    expect((await through(A + B, entryFor(A + B), { exitCode: 1 })).fed).toBe(A + B);
    expect((await through(A + B, entryFor(A + B), { valid: false })).fed).toBe(A + B);
    expect((await through(A + B, entryFor(A + B), { exitCode: null })).hit).toBe(true);
  });

  test('output that cannot be read back (a pipe) is never skipped', async () => {
    expect(await through(A + B, entryFor(A + B), { pipe: true })).toEqual({ fed: A + B, hit: false, sections: sectionDigestsOf(Buffer.from(A + B)) });
  });
});
