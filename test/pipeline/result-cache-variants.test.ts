/**
 * The result cache against the parse it stands in for, on real compiler output: samples/ built
 * by the machine's Go, and variants of that output (its package sections in another order, one
 * section dropped, one changed, one repeated). Each variant is linted after each other one has
 * filled the cache: the lint must equal a lint without the cache, whether the entry was used
 * (only when the sections are the same, in any order), followed to the end and read back, or
 * given up on at the first unknown section.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { ResultStore } from '../../src/cache/store.js';
import { defaultDeps } from '../../src/cli/deps.js';
import { lintModule, type ModuleLint } from '../../src/pipeline/lint.js';
import type { LintCache } from '../../src/pipeline/result-cache.js';
import { openSession } from '../../src/pipeline/source.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLES = path.join(REPO, 'samples');
const GO = '/usr/local/go/bin/go';

/** The output cut into its `# pkg` sections (each with its header), in order. */
function sections(log: string): string[] {
  return log.split(/^(?=# )/m).filter((s) => s !== '');
}

/** What a lint yields, as comparable data (the cache's own flag left out). */
function outcome(m: ModuleLint): unknown {
  return {
    findings: m.findings,
    contractFindings: m.contractFindings,
    excluded: m.excluded,
    stats: m.stats,
    repoDirs: [...m.repoDirs].map(([k, v]) => [k, [...v].sort()]).sort(),
    classified: m.classified,
    skipped: m.skipped,
  };
}

describe('the result cache on variants of real output', () => {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-cache-variants-')));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const logFile = path.join(tmp, 'build.log');

  async function lint(log: string, cache: LintCache | undefined): Promise<ModuleLint> {
    fs.writeFileSync(logFile, log);
    const session = await openSession({ dir: SAMPLES, fromLog: logFile, packages: [], tags: undefined, gcflags: undefined, repoRoot: REPO, goVersion: undefined, env: {}, cwd: REPO, stdin: undefined });
    return lintModule(session, defaultDeps().lint, cache === undefined ? {} : { cache });
  }

  test('every variant after every other: the same lint as without the cache, the entry used only for the same sections', async () => {
    const built = await execa(GO, ['build', '-gcflags=-m=2', './...'], { cwd: SAMPLES, env: { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local' }, reject: false });
    expect(built.exitCode).toBe(0);
    const original = sections(built.stderr.endsWith('\n') ? built.stderr : `${built.stderr}\n`);
    expect(original.length).toBeGreaterThan(4);
    const changedAt = original.findIndex((s) => / escapes to heap$/m.test(s) && /: can inline /.test(s));
    const variants: Record<string, string[]> = {
      original,
      reversed: [...original].reverse(),
      rotated: [...original.slice(2), ...original.slice(0, 2)],
      'first dropped': original.slice(1),
      'last dropped': original.slice(0, -1),
      // Its `escapes to heap` summaries dropped (a heap verdict is then told by its -m=2 header alone).
      'one changed': original.map((s, i) => (i === changedAt ? s.replace(/^.* escapes to heap\n/gm, '') : s)),
      'one repeated': [...original, original[changedAt] ?? ''],
    };
    const sameSections = (a: string[], b: string[]): boolean => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
    const fresh = new Map<string, unknown>();
    for (const [name, v] of Object.entries(variants)) fresh.set(name, outcome(await lint(v.join(''), undefined)));
    // The variants differ in what they yield, or the comparison says little.
    expect(new Set([...fresh.values()].map((o) => JSON.stringify(o))).size).toBeGreaterThanOrEqual(4);
    for (const o of fresh.values()) expect(o).toMatchObject({ stats: { unrecognized: 0 } });
    // cmd/go prints the packages in any order: the lint must not depend on it (it did: a method
    // value of another package's type was interface boxing when its package came later).
    expect(fresh.get('reversed')).toEqual(fresh.get('original'));
    expect(fresh.get('rotated')).toEqual(fresh.get('original'));
    const seen: string[] = [];
    for (const [first, a] of Object.entries(variants)) {
      for (const [second, b] of Object.entries(variants)) {
        const cache: LintCache = { store: new ResultStore(fs.mkdtempSync(path.join(tmp, 'store-'))), identity: 'test' };
        const filled = await lint(a.join(''), cache);
        expect([first, filled.fromCache, outcome(filled)]).toEqual([first, false, fresh.get(first)]);
        const after = await lint(b.join(''), cache);
        expect([first, second, after.fromCache, outcome(after)]).toEqual([first, second, sameSections(a, b), fresh.get(second)]);
        seen.push(`${first} → ${second}: ${after.fromCache ? 'hit' : 'parsed'}`);
      }
    }
    // The three orders of the same sections, each after each, and every other variant after itself.
    expect(seen.filter((s) => s.endsWith('hit'))).toHaveLength(9 + 4);
  });
});
