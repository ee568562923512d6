/**
 * Integration test over samples/: compiler output (captured for Go 1.22, 1.24, 1.25, 1.26 and
 * a live run of the machine's Go) → parseText → classify must give exactly the findings the
 * `// want` comments ask for, in both directions.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { classify } from '../../src/classify/classify.js';
import type { Finding } from '../../src/findings/finding.js';
import { isVerdictRecord } from '../../src/parse/records.js';
import { parseText } from '../../src/parse/stream.js';
import { samplesResolver } from './resolver.js';
import { diffWants, loadWantEntries, parseGoVersion, wantsFor } from './want.js';
import type { GoVersion, Want } from './want.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(REPO, 'test/fixtures/samples');

/** Rules that are off by default: the samples contain such escapes, but no want comments for them. */
const OFF_BY_DEFAULT = new Set(['leaking-param']);

function readSource(absPath: string): string | null {
  try {
    return readFileSync(absPath, 'utf8');
  } catch {
    return null;
  }
}

function run(log: string, goVersion: GoVersion | null) {
  const { records } = parseText(log);
  const resolver = samplesResolver({ repoRoot: REPO, exists: (f) => existsSync(path.join(REPO, f)) });
  return classify(records.filter(isVerdictRecord), { resolver, goVersion, readSource });
}

function found(log: string, goVersion: GoVersion | null): { wants: Want[]; unclassified: number; unclassifiedFindings: string[] } {
  const result = run(log, goVersion);
  // A finding stands for every position it was reported at: its own and its inlined call sites
  // (Finding.inlinedAt), so a verdict printed at a call site counts whether or not it was folded.
  const wants = result.findings
    .filter((f: Finding) => !OFF_BY_DEFAULT.has(f.ruleId))
    .flatMap((f: Finding) => [f, ...f.inlinedAt].map((site) => ({ file: site.file, line: site.line, ruleId: f.ruleId })));
  const unclassifiedFindings = result.findings
    .filter((f: Finding) => f.ruleId === 'unclassified-escape')
    .map((f: Finding) => `${f.file}:${f.line}:${f.column} ${f.subject}`);
  return { wants, unclassified: result.unclassified, unclassifiedFindings };
}

const entries = loadWantEntries(REPO);
const versions = readdirSync(FIXTURES)
  .filter((d) => /^go1\.\d+$/.test(d))
  .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));

describe.each(versions)('samples, captured %s output', (dir) => {
  const version = parseGoVersion(dir)!;
  const m2 = readFileSync(path.join(FIXTURES, dir, 'm2.txt'), 'utf8');

  it('the fixture carries no machine-specific absolute paths', () => {
    const machinePath = (l: string) => /\/(?:root|work|tmp)\//.test(l) || /\/home\/(?!dev\/samples\/)/.test(l);
    expect(m2.split('\n').filter(machinePath)).toEqual([]);
  });

  it('-m=2: findings equal the // want set exactly (missing and unexpected listed)', () => {
    const got = found(m2, version);
    expect(diffWants(wantsFor(entries, version), got.wants)).toEqual({ missing: [], unexpected: [] });
  });

  it('-m=2: nothing is left unclassified', () => {
    const got = found(m2, version);
    expect(got.unclassifiedFindings).toEqual([]);
    expect(got.unclassified).toBe(0);
  });
});

describe('samples, captured go1.26 -m=1 output', () => {
  const m1Path = path.join(FIXTURES, 'go1.26', 'm1.txt');
  const version = { major: 1, minor: 26 };

  // Without explanations the cause is a heuristic, but every expected line must still be found
  // and no other line reported.
  it('finds exactly the lines that carry a want comment', () => {
    const got = found(readFileSync(m1Path, 'utf8'), version);
    const lines = (ws: Want[]) => [...new Set(ws.map((w) => `${w.file}:${w.line}`))].sort();
    expect(lines(got.wants)).toEqual(lines(wantsFor(entries, version)));
  });
});

function findGo(): string | null {
  const dirs = [...(process.env['PATH'] ?? '').split(path.delimiter), '/usr/local/go/bin'];
  for (const d of dirs) {
    const candidate = path.join(d, 'go');
    if (d !== '' && existsSync(candidate)) return candidate;
  }
  return null;
}

const go = findGo();
const liveIt = go === null ? it.skip : it;

describe('samples, live run of the machine Go', () => {
  liveIt('-m=2: findings equal the // want set for this Go version', async () => {
    const env = { GOTOOLCHAIN: 'local', GOFLAGS: '' };
    const cwd = path.join(REPO, 'samples');
    const versionText = (await execa(go!, ['env', 'GOVERSION'], { cwd, env })).stdout;
    const version = parseGoVersion(versionText);
    expect(version).not.toBeNull();
    const build = await execa(go!, ['build', '-gcflags=-m=2', './...'], { cwd, env, reject: false });
    expect(build.exitCode).toBe(0);
    const got = found(build.stderr, version);
    expect(diffWants(wantsFor(entries, version!), got.wants)).toEqual({ missing: [], unexpected: [] });
    expect(got.unclassifiedFindings).toEqual([]);
    expect(got.unclassified).toBe(0);
  });
});
