/**
 * Seeded property test of the contracts stage (`runContractStage`). cmd/go prints package
 * sections (a `# importpath` header and that package's lines) in the order its parallel actions
 * finish, and may print a package twice: a test variant `# p [p.test]` repeats many of p's lines.
 * The findings, compared in full (messages, flows, extents, fingerprints), must be the same for
 *   1. the log as printed and its package sections in random orders;
 *   2. one section printed twice, as a plain repeat or as a `[p.test]` variant copy, at a random
 *      place among the shuffled sections;
 *   3. several sections printed twice at once (repeats and variants mixed), shuffled;
 *   4. a real `go test -c -gcflags=-m=2` log (real `[p.test]` variants holding the test files'
 *      lines too, packages printed again, test mains) mixed into the `go build` log.
 *
 * Inputs: the contracts corpus (test/fixtures/contracts, captured Go 1.26 log); the samples
 * module (samples/, one deliberate violation in internal/hotpath) with its captured logs (Go 1.22,
 * 1.24, 1.25, 1.26 -m=2 and 1.26 -m=1); and, when /usr/local/go/bin/go exists, built once in
 * beforeAll: a live `go build -gcflags=-m=2 ./...` of samples/, and a temporary copy of the
 * corpus with two `_test.go` files, built with `go build` and `go test -c`.
 *
 * Everything is seeded (mulberry32); a failing check names its input and seed.
 * More shuffles: CONTRACTS_ORDER_SHUFFLES=200 (default 8 per input).
 *
 * One bug found, kept at the end as a reproduction (fixed): an `inlining call to` line printed
 * by two sections was counted twice in the message of a violation at that call.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import fg from 'fast-glob';
import { runContractStage, type ContractStageInput } from '../../src/contracts/stage.js';
import type { Finding } from '../../src/findings/finding.js';
import { parseText } from '../../src/parse/stream.js';
import { BUILT, CORPUS_DIR, MODULE, resolveCorpus } from './corpus.js';
import { SAMPLES_MODULE, samplesResolver } from '../samples/resolver.js';
import { parseGoVersion } from '../samples/want.js';
import { Rng } from '../seeded-random.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLES = path.join(REPO, 'samples');
const GO = '/usr/local/go/bin/go';
const GO_ENV = { GOTOOLCHAIN: 'local', GOFLAGS: '' };
/** Keep the log's last '\n', so that sections join losslessly. */
const GO_OPTS = { env: GO_ENV, stripFinalNewline: false, reject: false } as const;
const haveGo = existsSync(GO);
const SHUFFLES = Number(process.env.CONTRACTS_ORDER_SHUFFLES ?? 8);

// ---------------------------------------------------------------------------------------------
// Package sections of a log

interface Section {
  /** The import path of the `# importpath` header. */
  pkg: string;
  /** The header line and every line up to the next header, each ending in '\n'. */
  text: string;
}

/** Cuts a log at its `# ` header lines (these logs have nothing before the first header). */
function sectionsOf(log: string): Section[] {
  const sections: Section[] = [];
  for (const chunk of log.split(/^(?=# )/m)) {
    if (chunk === '') continue;
    const m = /^# (\S+)/.exec(chunk);
    if (m === null) throw new Error(`text before the first package header: ${chunk.slice(0, 80)}`);
    sections.push({ pkg: m[1]!, text: chunk.endsWith('\n') ? chunk : `${chunk}\n` });
  }
  return sections;
}

/** The section as cmd/go prints it for the package's test variant: `# p [p.test]`. */
function testVariant(section: Section): Section {
  return { pkg: section.pkg, text: section.text.replace(/^# [^\n]*/, `# ${section.pkg} [${section.pkg}.test]`) };
}

const joinSections = (sections: readonly Section[]): string => sections.map((s) => s.text).join('');

// ---------------------------------------------------------------------------------------------
// Inputs

type StageSetup = Omit<ContractStageInput, 'records'>;

interface Input {
  name: string;
  log: string;
  setup: StageSetup;
  /** Sections of another real log of the same module (go test -c), for property 4. */
  testLog?: string;
}

function corpusSetup(): StageSetup {
  return {
    repoRoot: path.resolve(CORPUS_DIR, '../../..'),
    resolve: resolveCorpus,
    builtPackages: BUILT,
    packageDirs: new Map([...BUILT].map((p) => [p, path.join(CORPUS_DIR, p.slice(MODULE.length + 1))])),
    goVersion: { major: 1, minor: 26 },
  };
}

/** samples/ as `go build ./...` compiles it: every directory with Go files is a package. */
function samplesSetup(goVersion: { major: number; minor: number } | null): StageSetup {
  const dirs = [...new Set(fg.sync('**/*.go', { cwd: SAMPLES }).map((f) => path.posix.dirname(f)))].sort();
  const packageDirs = new Map(dirs.map((d) => [`${SAMPLES_MODULE}/${d}`, path.join(SAMPLES, d)]));
  const resolver = samplesResolver({ repoRoot: REPO, exists: (f) => existsSync(path.join(REPO, f)) });
  return {
    repoRoot: REPO,
    resolve: (printed, pkg) => resolver.resolve(printed, pkg).repoRelative,
    builtPackages: new Set(packageDirs.keys()),
    packageDirs,
    goVersion,
  };
}

function capturedInputs(): Input[] {
  const inputs: Input[] = [
    { name: 'corpus go1.26 -m=2 (captured)', log: readFileSync(path.join(CORPUS_DIR, 'go1.26.m2.txt'), 'utf8'), setup: corpusSetup() },
  ];
  const fixtures = path.join(REPO, 'test/fixtures/samples');
  for (const dir of readdirSync(fixtures).filter((d) => /^go1\.\d+$/.test(d)).sort()) {
    for (const file of readdirSync(path.join(fixtures, dir)).filter((f) => /^m\d\.txt$/.test(f)).sort()) {
      inputs.push({
        name: `samples ${dir} -m=${file[1]} (captured)`,
        log: readFileSync(path.join(fixtures, dir, file), 'utf8'),
        setup: samplesSetup(parseGoVersion(dir)),
      });
    }
  }
  return inputs;
}

async function goVersionIn(cwd: string): Promise<{ major: number; minor: number } | null> {
  return parseGoVersion((await execa(GO, ['env', 'GOVERSION'], { cwd, env: GO_ENV })).stdout);
}

async function goBuildLog(cwd: string): Promise<string> {
  const build = await execa(GO, ['build', '-gcflags=-m=2', './...'], { cwd, ...GO_OPTS });
  if (build.exitCode !== 0) throw new Error(`go build in ${cwd} failed:\n${build.stderr}`);
  return build.stderr;
}

/** Test files for the corpus copy: plain, no directives; they call contract functions. */
const TEST_FILES: Record<string, string> = {
  'codec/codec_test.go':
    'package codec\n\nimport "testing"\n\nfunc TestWrap(t *testing.T) {\n\tif Wrap(1) != 2 {\n\t\tt.Fatal("Wrap")\n\t}\n}\n',
  'fast-path/hash_test.go':
    'package fastpath\n\nimport "testing"\n\nfunc TestSum(t *testing.T) {\n\tif Sum([]byte("a")) != hash([]byte("a")) {\n\t\tt.Fatal("Sum")\n\t}\n}\n',
};

/** A copy of the corpus with test files, built with go build and go test -c in `dir`. */
async function corpusWithTests(dir: string): Promise<Input> {
  for (const rel of fg.sync(['go.mod', '**/*.go'], { cwd: CORPUS_DIR })) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), readFileSync(path.join(CORPUS_DIR, rel)));
  }
  for (const [rel, text] of Object.entries(TEST_FILES)) writeFileSync(path.join(dir, rel), text);
  const goVersion = await goVersionIn(dir);
  const log = await goBuildLog(dir);
  const test = await execa(GO, ['test', '-c', '-o', path.join(dir, 'bin') + path.sep, '-gcflags=-m=2', './...'], { cwd: dir, ...GO_OPTS });
  if (test.exitCode !== 0) throw new Error(`go test -c failed:\n${test.stderr}`);
  const built = [...BUILT].map((p) => [p, path.join(dir, p.slice(MODULE.length + 1))] as const);
  return {
    name: 'corpus copy with test files, go build + go test -c (live)',
    log,
    testLog: test.stderr,
    setup: {
      repoRoot: dir,
      // Printed relative to the module root; `_testmain.go` and GOROOT files are not in it.
      resolve: (printed) => {
        if (/^[/<$]/.test(printed)) return null;
        const rel = path.posix.normalize(printed);
        return existsSync(path.join(dir, rel)) ? rel : null;
      },
      builtPackages: new Set(built.map(([p]) => p)),
      packageDirs: new Map(built),
      goVersion,
    },
  };
}

async function findingsOf(input: Input, log: string): Promise<Finding[]> {
  return runContractStage({ ...input.setup, records: parseText(log).records });
}

// ---------------------------------------------------------------------------------------------
// The properties

const INPUTS = capturedInputs();

describe('contracts findings do not depend on the order or repetition of package sections', () => {
  let temp: string | null = null;

  beforeAll(async () => {
    if (!haveGo) return;
    INPUTS.push({ name: 'samples go build -m=2 (live)', log: await goBuildLog(SAMPLES), setup: samplesSetup(await goVersionIn(SAMPLES)) });
    temp = mkdtempSync(path.join(tmpdir(), 'heaplint-order-'));
    INPUTS.push(await corpusWithTests(temp));
  }, 60_000);
  afterAll(() => {
    if (temp !== null) rmSync(temp, { recursive: true, force: true });
  });

  /** The log as printed: the reference for every property. */
  const reference = new Map<string, Finding[]>();
  async function want(input: Input): Promise<Finding[]> {
    let found = reference.get(input.name);
    if (found === undefined) {
      found = await findingsOf(input, input.log);
      reference.set(input.name, found);
    }
    return found;
  }

  test('the inputs: several sections each, with contract findings, the samples violation among them', async () => {
    expect(INPUTS.length).toBe(haveGo ? 8 : 6);
    for (const input of INPUTS) {
      const sections = sectionsOf(input.log);
      expect({ input: input.name, lossless: joinSections(sections) === input.log }).toEqual({ input: input.name, lossless: true });
      expect({ input: input.name, many: sections.length >= 3 }).toEqual({ input: input.name, many: true });
      const findings = await want(input);
      expect({ input: input.name, some: findings.length > 0 }).toEqual({ input: input.name, some: true });
      if (input.name.startsWith('samples')) {
        expect(findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)).toEqual([
          'contract-violation samples/internal/hotpath/frame.go:56:22',
        ]);
      }
    }
  });

  test('1. sections in random orders: the same findings', async () => {
    for (const [n, input] of INPUTS.entries()) {
      const sections = sectionsOf(input.log);
      for (let seed = 1; seed <= SHUFFLES; seed++) {
        const got = await findingsOf(input, joinSections(new Rng(n * 10_000 + seed).shuffle(sections)));
        expect({ input: input.name, seed, findings: got }).toEqual({ input: input.name, seed, findings: await want(input) });
      }
    }
  });

  test('2. one section printed twice (a repeat, a [p.test] variant), shuffled: the same findings', async () => {
    for (const [n, input] of INPUTS.entries()) {
      const sections = sectionsOf(input.log);
      for (const [i, section] of sections.entries()) {
        for (const [how, copy] of [
          ['repeat', section],
          ['[p.test]', testVariant(section)],
        ] as const) {
          const seed = n * 10_000 + i * 10 + (how === 'repeat' ? 1 : 2);
          const rng = new Rng(seed);
          const got = await findingsOf(input, joinSections(rng.insert(rng.shuffle(sections), copy)));
          expect({ input: input.name, section: section.pkg, how, seed, findings: got }).toEqual({
            input: input.name,
            section: section.pkg,
            how,
            seed,
            findings: await want(input),
          });
        }
      }
    }
  });

  test('3. several sections printed twice, repeats and variants mixed, shuffled: the same findings', async () => {
    for (const [n, input] of INPUTS.entries()) {
      const sections = sectionsOf(input.log);
      for (let seed = 1; seed <= SHUFFLES; seed++) {
        const rng = new Rng(n * 10_000 + 5_000 + seed);
        const copies = sections.filter(() => rng.chance(0.6)).map((s) => (rng.chance(0.5) ? s : testVariant(s)));
        const log = joinSections(rng.shuffle([...sections, ...copies]));
        const got = await findingsOf(input, log);
        expect({ input: input.name, seed, copies: copies.length, findings: got }).toEqual({
          input: input.name,
          seed,
          copies: copies.length,
          findings: await want(input),
        });
      }
    }
  });

  (haveGo ? test : test.skip)('4. a real go test -c log mixed into the go build log, shuffled: the same findings', async () => {
    const input = INPUTS.find((i) => i.testLog !== undefined)!;
    const extra = sectionsOf(input.testLog!);
    // The real log holds what this property is about: variants and a package printed again.
    expect(extra.map((s) => /^# [^\n]*/.exec(s.text)![0]).sort()).toEqual([
      `# ${MODULE}/codec [${MODULE}/codec.test]`,
      `# ${MODULE}/codec.test`,
      `# ${MODULE}/directives`,
      `# ${MODULE}/fast-path [${MODULE}/fast-path.test]`,
      `# ${MODULE}/fast-path.test`,
    ]);
    const sections = sectionsOf(input.log);
    expect(await findingsOf(input, input.log + input.testLog!)).toEqual(await want(input));
    for (let seed = 1; seed <= SHUFFLES; seed++) {
      const got = await findingsOf(input, joinSections(new Rng(90_000 + seed).shuffle([...sections, ...extra])));
      expect({ seed, findings: got }).toEqual({ seed, findings: await want(input) });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Bug reproductions

describe('bug 1 (fixed): an inlining call printed by two sections is named once in a violation', () => {
  /*
   * A `//heaplint:noescape` function G calls f, which the compiler inlines; f's `x` is moved to
   * the heap at the call. Printed once, the violation says "`x` (from the inlined call to `f`) is
   * moved to the heap in `G`". When the package's section is printed twice (a repeat, or the
   * test variant `# p [p.test]`, which repeats p's lines), it said "(from the inlined call to `f`
   * and `f`)": indexRecords (src/contracts/check.ts) kept every `inlining call to` record, where
   * it keeps verdicts once; now each name once per position, in first-seen order.
   *
   * Lines are the relevant two of `go build -gcflags=-m=2 .` (Go 1.26) on the source below,
   * flow notes left out. Real output shows it too: the corpus's `Wrap` (codec.go:63:17, "from the
   * inlined call to `newPoint` and `newPoint`") once the real `go test -c` log of property 4 is
   * mixed in, or once the codec section is repeated (properties 2 and 3).
   */
  const SOURCE = 'package m\n\nfunc f() *int {\n\tx := 0\n\treturn &x\n}\n\n//heaplint:noescape\nfunc G() *int {\n\treturn f()\n}\n';
  const SECTION = '# example.com/m\n./m.go:10:10: inlining call to f\n./m.go:10:10: moved to heap: x\n';
  let repo: string;

  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'heaplint-order-bug1-'));
    writeFileSync(path.join(repo, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    writeFileSync(path.join(repo, 'm.go'), SOURCE);
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  async function run(log: string): Promise<Finding[]> {
    return runContractStage({
      repoRoot: repo,
      records: parseText(log).records,
      resolve: (printed) => path.posix.normalize(printed),
      builtPackages: new Set(['example.com/m']),
      packageDirs: new Map([['example.com/m', repo]]),
      goVersion: { major: 1, minor: 26 },
    });
  }

  test('printed once: the callee is named once', async () => {
    expect((await run(SECTION)).map((f) => f.message)).toEqual([
      '`x` (from the inlined call to `f`) is moved to the heap in `G`, which is marked //heaplint:noescape. Run with -gcflags=-m=2 to see why.',
    ]);
  });

  test.each([
    ['a repeat', SECTION],
    ['the [p.test] variant', SECTION.replace('# example.com/m', '# example.com/m [example.com/m.test]')],
  ])('printed twice (%s): the same finding as printed once', async (_how, copy) => {
    expect(await run(SECTION + copy)).toEqual(await run(SECTION));
  });
});
