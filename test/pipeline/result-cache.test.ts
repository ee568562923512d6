import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sectionDigestsOf } from '../../src/cache/section-digests.js';
import { ENTRY_FORMAT, ResultStore, type CacheEntry } from '../../src/cache/store.js';
import { defaultDeps } from '../../src/cli/deps.js';
import { lintModule, type ModuleLint } from '../../src/pipeline/lint.js';
import { HeaplintError } from '../../src/errors.js';
import { OutputGate, type LintCache } from '../../src/pipeline/result-cache.js';
import { openSession, type Session, type SourceOutcome } from '../../src/pipeline/source.js';

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

describe('lintModule with the result cache: when the output is read back', () => {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-result-cache-')));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const P = 'package p\n\nvar sink any\n\nfunc Box(x int) {\n\tsink = x\n}\n';
  const Q = 'package q\n\nvar sink any\n\nfunc Keep(s []int) {\n\tsink = s\n}\n';
  const LOG =
    '# example.com/m/p\n./p/p.go:5:10: x escapes to heap\n' +
    '# example.com/m/q\n./q/q.go:5:11: leaking param: s\n./q/q.go:6:9: s escapes to heap\n';
  const cache: LintCache = { store: new ResultStore(path.join(tmp, 'cache')), identity: 'test' };

  /** One lint of the log in `tmp`, counting the reads back of its output. */
  async function lintLog(): Promise<{ lint: ModuleLint; readsBack: number }> {
    const session = await openSession({ dir: undefined, fromLog: path.join(tmp, 'build.log'), packages: [], tags: undefined, gcflags: undefined, repoRoot: tmp, goVersion: '1.26', env: {}, cwd: tmp, stdin: undefined });
    let readsBack = 0;
    const runChunks = session.runChunks?.bind(session);
    const counted: Session = {
      ...session,
      runChunks: (onChunk, lineOptions, tap) =>
        (runChunks ?? (() => Promise.reject(new Error('no chunks'))))(onChunk, lineOptions, tap && {
          attach: (readBack) => tap.attach(readBack && ((position, into) => (readsBack++, readBack(position, into)))),
          end: (exitCode) => tap.end(exitCode),
        }),
    };
    return { lint: await lintModule(counted, defaultDeps().lint, { cache }), readsBack };
  }
  const brief = (m: ModuleLint): string[] => m.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);

  test('unchanged: the entry, nothing read back; an edited source: parsed from the first byte; a changed section: read back', async () => {
    fs.mkdirSync(path.join(tmp, 'p'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'q'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    fs.writeFileSync(path.join(tmp, 'p', 'p.go'), P);
    fs.writeFileSync(path.join(tmp, 'q', 'q.go'), Q);
    fs.writeFileSync(path.join(tmp, 'build.log'), LOG);
    const first = await lintLog();
    expect([first.lint.fromCache, first.readsBack, brief(first.lint)]).toEqual([false, 0, ['interface-boxing p/p.go:5', 'interface-boxing q/q.go:6']]);
    const again = await lintLog();
    expect([again.lint.fromCache, again.readsBack, brief(again.lint)]).toEqual([true, 0, brief(first.lint)]);
    fs.writeFileSync(path.join(tmp, 'q', 'q.go'), `${Q}// edited\n`);
    const edited = await lintLog();
    expect([edited.lint.fromCache, edited.readsBack, brief(edited.lint)]).toEqual([false, 0, brief(first.lint)]);
    // The output changed, the sources read did not: skipped at first, then read back.
    fs.writeFileSync(path.join(tmp, 'build.log'), LOG.replace('./q/q.go:6:9: s escapes to heap\n', './q/q.go:6:9: s escapes to heap\n./q/q.go:6:2: s escapes to heap\n'));
    const changed = await lintLog();
    expect([changed.lint.fromCache, changed.readsBack > 0, changed.lint.stats.lines]).toEqual([false, true, 6]);
  });
});

test('output that is shorter when read back (a log truncated meanwhile): one line, exit 2', async () => {
  const text = `${'# example.com/m/a\n./a.go:4:2: x escapes to heap\n'}${'# example.com/m/b\n./b.go:9:9: y escapes to heap\n'}`;
  const base = session(text);
  const truncated: Session = {
    ...base,
    runChunks: (onChunk, lineOptions, tap) =>
      (base.runChunks ?? (() => Promise.reject(new Error('no chunks'))))(onChunk, lineOptions, tap && { attach: (rb) => tap.attach(rb && (() => 0)), end: (code) => tap.end(code) }),
  };
  const other = `${'# example.com/m/a\n./a.go:4:2: x escapes to heap\n'}${'# example.com/m/c\n'}`;
  const gate = new OutputGate(entryFor(other), () => true);
  const err = await gate.wrap(truncated).runChunks?.(() => undefined).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(HeaplintError);
  expect((err as HeaplintError).message).toBe('the compiler output changed while heaplint read it: byte 0 of 96 could not be read again; run heaplint again');
});
