/**
 * The contracts stage on samples/ with a live `go list` + `go build -gcflags=-m=2 ./...` of the
 * machine's Go: `internal/hotpath` holds two kept contracts (`Adler32` noescape, `fold` inline),
 * a documented escape that is still there, and one broken contract (`PutHeader` returns a boxed
 * `SizeError`). Exactly that one violation must come out, with nothing stale or invalid.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import fg from 'fast-glob';
import { runContractStage } from '../../src/contracts/stage.js';
import { parseText } from '../../src/parse/stream.js';
import { SAMPLES_MODULE, samplesResolver } from './resolver.js';
import { parseGoVersion } from './want.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLES = path.join(REPO, 'samples');
const GO = '/usr/local/go/bin/go';

interface Listed {
  ImportPath: string;
  Dir: string;
}

/** `go list -json` prints concatenated objects; each one starts at a line `{`. */
function parseList(stdout: string): Listed[] {
  return stdout
    .split(/^(?=\{)/m)
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => JSON.parse(chunk) as Listed);
}


const EXPECTED = [
  {
    ruleId: 'contract-violation',
    level: 'error',
    message:
      '`SizeError(len(payload))` escapes to the heap in `PutHeader`, which is marked //heaplint:noescape: it is boxed into an interface, which is returned from the function.',
    file: 'samples/internal/hotpath/frame.go',
    line: 56,
    column: 22,
    // The conversion `SizeError(…)`, placed at its `(`, starts at its name.
    startColumn: 13,
    endLine: 56,
    endColumn: 36,
    function: 'PutHeader',
    package: 'example.com/heaplint-samples/internal/hotpath',
    subject: 'SizeError(len(payload))',
    evidence: ['spill', 'return'],
    flow: [
      {
        file: 'samples/internal/hotpath/frame.go',
        line: 56,
        column: 22,
        message: '~r1 ← &{storage for SizeError(len(payload))}: SizeError(len(payload)) (spill)',
        why: 'spill',
      },
      {
        file: 'samples/internal/hotpath/frame.go',
        line: 56,
        column: 3,
        message: '~r1 ← &{storage for SizeError(len(payload))}: return 0, SizeError(len(payload)) (return)',
        why: 'return',
      },
    ],
    inlinedAt: [],
    // sha256 of rule, file, function, subject and ordinal: stable while the line moves.
    fingerprint: 'f4b82d04e554e433bf66600b446b36bf',
  },
];


(existsSync(GO) ? describe : describe.skip)('contracts on the samples, live Go', () => {
  test('exactly the one broken contract in internal/hotpath is reported', async () => {
    const env = { GOTOOLCHAIN: 'local', GOFLAGS: '' };
    const version = parseGoVersion((await execa(GO, ['env', 'GOVERSION'], { cwd: SAMPLES, env })).stdout);
    expect(version).not.toBeNull();
    const listed = parseList((await execa(GO, ['list', '-json=ImportPath,Dir', './...'], { cwd: SAMPLES, env })).stdout);
    expect(listed.map((p) => p.ImportPath)).toContain('example.com/heaplint-samples/internal/hotpath');
    const build = await execa(GO, ['build', '-gcflags=-m=2', './...'], { cwd: SAMPLES, env, reject: false });
    expect(build.exitCode).toBe(0);

    const resolver = samplesResolver({ repoRoot: REPO, exists: (f) => existsSync(path.join(REPO, f)) });
    const findings = await runContractStage({
      repoRoot: REPO,
      records: parseText(build.stderr).records,
      resolve: (printed, pkg) => resolver.resolve(printed, pkg).repoRelative,
      builtPackages: new Set(listed.map((p) => p.ImportPath)),
      packageDirs: new Map(listed.map((p) => [p.ImportPath, p.Dir])),
      goVersion: version,
    });

    expect(findings).toEqual(EXPECTED);
  }, 120_000);
});

describe('contracts on the samples, captured logs of every Go version', () => {
  const fixtures = path.join(REPO, 'test/fixtures/samples');
  const versions = readdirSync(fixtures).filter((d) => /^go1\.\d+$/.test(d)).sort();
  // Every directory of the module with Go files is a package `go build ./...` compiled.
  const dirs = [...new Set(fg.sync('**/*.go', { cwd: SAMPLES }).map((f) => path.posix.dirname(f)))].sort();
  const packageDirs = new Map(dirs.map((d) => [`${SAMPLES_MODULE}/${d}`, path.join(SAMPLES, d)]));
  const resolver = samplesResolver({ repoRoot: REPO, exists: (f) => existsSync(path.join(REPO, f)) });

  test.each(versions)('%s -m=2: the same one violation', async (dir) => {
    const findings = await runContractStage({
      repoRoot: REPO,
      records: parseText(readFileSync(path.join(fixtures, dir, 'm2.txt'), 'utf8')).records,
      resolve: (printed, pkg) => resolver.resolve(printed, pkg).repoRelative,
      builtPackages: new Set(packageDirs.keys()),
      packageDirs,
      goVersion: parseGoVersion(dir),
    });
    expect(findings).toEqual(EXPECTED);
  });
});
