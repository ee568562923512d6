/** Issue 5 end to end: config, suppressions, fail levels, SARIF suppressions, step summary, progress. */
import fs from 'node:fs';
import path from 'node:path';
import { brief, cliIn, gitInit, tempDir, writeFiles, writeModule, type JsonReport } from './go-module.js';

const dirs: string[] = [];
function repo(prefix = 'heaplint-policy-'): string {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const ALL = ['interface-boxing p/p.go:6:9 warning', 'pointer-escape p/p.go:10:2 note', 'interface-boxing q/q.go:6:9 warning'];

async function json(cwd: string, argv: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const r = await cliIn(cwd, ['--format', 'json', ...argv]);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

describe('exit codes and --fail-level', () => {
  let root: string;
  beforeAll(async () => {
    root = repo();
    writeModule(root);
    await gitInit(root);
  });

  it('reports every finding; default fail level warning → 1', async () => {
    const r = await json(root, []);
    expect(brief(r.report)).toEqual(ALL);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
  });

  it.each([
    ['error', 0],
    ['warning', 1],
    ['note', 1],
    ['none', 0],
  ])('--fail-level %s → %d', async (level, code) => {
    expect((await cliIn(root, ['--fail-level', level, '--format', 'json=out.json'], { env: {} })).code).toBe(code);
  });

  it('a bad --fail-level is a usage error', async () => {
    expect(await cliIn(root, ['--fail-level', 'high'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'heaplint: --fail-level: must be one of error, warning, note, none, got "high"\n',
    });
  });
});

describe('configuration file', () => {
  it('is found from a subdirectory up to the repository root; rules and fail-level apply; flags win', async () => {
    const root = repo();
    writeModule(root);
    writeFiles(root, { '.heaplint.yml': 'rules:\n  pointer-escape: off\n  interface-boxing: error\nfail-level: error\nexclude: ["q/"]\n' });
    await gitInit(root);
    const r = await json(path.join(root, 'p'), []);
    expect(brief(r.report)).toEqual(['interface-boxing p/p.go:6:9 error']);
    expect(r.report.summary.excluded).toEqual({ 'disabled-rule': 1 });
    expect(r.code).toBe(1);
    // From the root: q is built and excluded by the glob.
    const all = await json(root, []);
    expect(brief(all.report)).toEqual(['interface-boxing p/p.go:6:9 error']);
    expect(all.report.summary.excluded).toEqual({ 'disabled-rule': 1, 'path-excluded': 1 });
    expect((await cliIn(root, ['--fail-level', 'none', '--format', 'json=o.json'])).code).toBe(0);
  });

  it('--config names the file; config packages and tags are used', async () => {
    const root = repo();
    writeModule(root);
    writeFiles(root, { 'ci/heaplint.json': '{"packages": ["./q"], "fail-level": "none"}' });
    const r = await json(root, ['--config', 'ci/heaplint.json']);
    expect(brief(r.report)).toEqual(['interface-boxing q/q.go:6:9 warning']);
    expect(r.code).toBe(0);
  });

  it.each([
    ['.heaplint.yml', 'rulez: {}\n', 'heaplint: .heaplint.yml: rulez: unknown key (did you mean rules?)\n'],
    ['.heaplint.yml', 'rules:\n  interface-boxng: off\n', 'heaplint: .heaplint.yml: rules.interface-boxng: unknown rule (did you mean interface-boxing?)\n'],
    ['.heaplint.json', '{"fail-level": "high"}', 'heaplint: .heaplint.json: fail-level: must be one of error, warning, note, none, got "high"\n'],
  ])('%s with %j → one line, exit 2', async (name, text, stderr) => {
    const root = repo();
    writeModule(root);
    writeFiles(root, { [name]: text });
    expect(await cliIn(root, [])).toEqual({ code: 2, stdout: '', stderr });
  });

  it('--config with a missing file is a usage error', async () => {
    const root = repo();
    expect(await cliIn(root, ['--config', 'nope.yml'])).toEqual({ code: 2, stdout: '', stderr: 'heaplint: --config nope.yml: file not found\n' });
  });
});

const SUPPRESSED_P = `package p

var sink any

func Box(x int) {
	sink = x //heaplint:ignore interface-boxing boxed once at startup
}

func Ptr() *int {
	//nolint:heaplint // callers keep it
	v := 1
	return &v
}

//heaplint:ignore pointer-escape nothing escapes here
func Nothing() {}

//heaplint:ignroe interface-boxing typo
func Typo() {}
`;

describe('suppressions', () => {
  let root: string;
  beforeAll(() => {
    root = repo();
    writeModule(root);
    writeFiles(root, { 'p/p.go': SUPPRESSED_P });
  });

  it('suppressed findings leave every report; unused and invalid directives are findings', async () => {
    const r = await json(root, []);
    expect(brief(r.report)).toEqual([
      'unused-suppression p/p.go:15:1 warning',
      'invalid-directive p/p.go:18:1 error',
      'interface-boxing q/q.go:6:9 warning',
    ]);
    expect(r.report.summary.excluded).toEqual({ suppressed: 2 });
  });

  it('SARIF leaves them out, or with --include-suppressed carries them with suppressions', async () => {
    const plain = JSON.parse((await cliIn(root, ['--format', 'sarif'])).stdout) as { runs: { results: { ruleId: string; suppressions?: unknown }[] }[] };
    expect(plain.runs[0]?.results.map((x) => x.ruleId)).toEqual(['unused-suppression', 'invalid-directive', 'interface-boxing']);
    const r = await cliIn(root, ['--format', 'sarif', '--include-suppressed']);
    const sarif = JSON.parse(r.stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[]; suppressions?: unknown }[] }[];
    };
    expect(sarif.runs[0]?.results.map((x) => [x.ruleId, x.locations[0]?.physicalLocation.region.startLine, x.suppressions ?? null])).toEqual([
      ['interface-boxing', 6, [{ kind: 'inSource', justification: 'boxed once at startup' }]],
      ['pointer-escape', 11, [{ kind: 'inSource', justification: 'callers keep it' }]],
      ['unused-suppression', 15, null],
      ['invalid-directive', 18, null],
      ['interface-boxing', 6, null],
    ]);
  });
});

describe('--format github and the progress line', () => {
  it('appends the Markdown summary to GITHUB_STEP_SUMMARY', async () => {
    const root = repo();
    writeModule(root);
    const summary = path.join(root, 'summary.md');
    fs.writeFileSync(summary, 'before\n');
    const r = await cliIn(root, ['--format', 'github', '--fail-level', 'none'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').map((l) => l.split(' ')[0])).toEqual(['::warning', '::notice', '::warning', '']);
    const text = fs.readFileSync(summary, 'utf8');
    expect(text.startsWith('before\n## heaplint\n\n**3 findings** (0 errors, 2 warnings, 1 note)')).toBe(true);
    expect(text).toContain('| `interface-boxing` | 2 |');
  });

  it('shows progress on a terminal only, and not with --quiet', async () => {
    const root = repo();
    writeModule(root);
    const tty = await cliIn(root, ['--format', 'json=o.json', '--fail-level', 'none', '--quiet'], { tty: true });
    expect(tty.stderr).toBe('');
    const shown = await cliIn(root, ['--format', 'json=o.json', '--fail-level', 'none'], { tty: true });
    const frames = shown.stderr.split('\r\u001b[K').filter((s) => s !== '');
    // go build compiles in parallel, so the order of the packages varies; the count does not.
    expect(frames.map((f) => f.replace(/example\.com\/m\/[pq]$/, 'PKG'))).toEqual(['heaplint: [1/2] PKG', 'heaplint: [2/2] PKG', 'heaplint: wrote o.json\n']);
    expect(frames.slice(0, 2).map((f) => f.slice(-1)).sort()).toEqual(['p', 'q']);
    expect(shown.stderr.endsWith('\r\u001b[Kheaplint: wrote o.json\n')).toBe(true);
    const plain = await cliIn(root, ['--format', 'json=o.json', '--fail-level', 'none'], { tty: false });
    expect(plain.stderr).toBe('heaplint: wrote o.json\n');
  });
});

const CONTRACT_P = `package p

var sink any

func Box(x int) {
	sink = x
}

//heaplint:noescape
func Ptr() *int {
	v := 1
	return &v
}
`;

describe('contract findings', () => {
  it('ignore the config rule settings, come first in text, and can be suppressed in source', async () => {
    const root = repo();
    writeModule(root);
    writeFiles(root, {
      'p/p.go': CONTRACT_P,
      '.heaplint.yml': 'rules:\n  contract-violation: off\n  pointer-escape: off\nfail-level: error\nexclude: ["q/"]\n',
    });
    const r = await json(root, []);
    expect(brief(r.report)).toEqual(['interface-boxing p/p.go:6:9 warning', 'contract-violation p/p.go:11:2 error']);
    expect(r.code).toBe(1);
    const text = await cliIn(root, ['--color=false']);
    expect(text.stdout.startsWith('Contract violations (1)\n\np/p.go:11:2  error  contract-violation  ')).toBe(true);

    writeFiles(root, { 'p/p.go': CONTRACT_P.replace('\tv := 1\n', '\tv := 1 //heaplint:ignore contract-violation the caller owns it\n') });
    const suppressed = await json(root, []);
    expect(brief(suppressed.report)).toEqual(['interface-boxing p/p.go:6:9 warning']);
    expect(suppressed.report.summary.excluded).toEqual({ 'disabled-rule': 1, 'path-excluded': 1, suppressed: 1 });
    expect(suppressed.code).toBe(0);
  });
});

describe('the samples (npm start)', () => {
  it('--dir samples --fail-level none prints the findings and exits 0; text and JSON agree', async () => {
    const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
    const text = await cliIn(repoRoot, ['lint', '--dir', 'samples', '--fail-level', 'none', '--color=false']);
    const data = await cliIn(repoRoot, ['lint', '--dir', 'samples', '--format', 'json']);
    const report = JSON.parse(data.stdout) as JsonReport;
    expect(text.code).toBe(0);
    expect(data.code).toBe(1);
    expect(report.findings.filter((f) => !f.file.startsWith('samples/'))).toEqual([]);
    expect(text.stdout).toContain(`\n${report.summary.total} findings (`);
    expect(report.summary.total).toBeGreaterThan(50);
  });
});
