/**
 * Bad input is normal input: every mistake below gets one line on stderr naming what and where,
 * exit 2, nothing on stdout, never a stack trace. Run in-process; only the last block needs Go.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { defaultDeps } from '../../src/cli/deps.js';
import { run } from '../../src/cli/run.js';
import { HeaplintError } from '../../src/errors.js';
import { cliIn, gitInit, tempDir, writeFiles, P_GO } from './go-module.js';
import { Capture, type RunResult } from './io.js';
import { BUILD_LOG } from './build-log.js';

/** `go build -gcflags=-m=2 ./... 2> build.log` of p/p.go (Go 1.26): 2 findings, exit 1 by default. */

const COMPILE_ERRORS = '# example.com/x\n./a.go:5:12: undefined: foo\n./a.go:6:2: declared and not used: y\n';

/** The start of an ELF binary, as when `--from-log` is given the wrong file. */
const BINARY = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x0a, 0x03, 0x00, 0x3e, 0x00, 0x0a]);

const LONG = 100_000;

let root: string;
beforeAll(async () => {
  root = tempDir('heaplint-bad-');
  writeFiles(root, {
    'go.mod': 'module example.com/m\n\ngo 1.22\n',
    'p/p.go': P_GO,
    'build.log': BUILD_LOG,
    'empty.log': '',
    'blank.log': '\n  \n\t\n',
    'text.log': 'hello\nworld\n',
    // Colon-separated records read like positions (`root:x` line 0, column 0), but no compiler
    // writes a message without the space after the position: not compile errors.
    'passwd': 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
    'long-first.log': `${'y'.repeat(300)}\n`,
    'ce.log': COMPILE_ERRORS,
    'huge-ce.log': `# example.com/x\n./a.go:1:1: ${'x'.repeat(LONG)}\n`,
    'mixed.log': BUILD_LOG.replace('p/p.go:9:6:', `${'z'.repeat(LONG)}\nbell\u0007 here\np/p.go:9:6:`),
    'afile': 'not a directory\n',
    'bad-values.yml': 'fail-level: banana\n',
    'bad-syntax.yml': 'rules: [\n',
    'not-json.json': '{bad',
    'wrong-shape.json': '[1, 2]',
    'old.json': '{"tool": "heaplint", "version": 99, "findings": []}',
  });
  fs.writeFileSync(path.join(root, 'a.out'), BINARY);
  fs.mkdirSync(path.join(root, 'cfgdir.yml'));
  await gitInit(root);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The CLI in `root` without Go on PATH (nothing here may need it). */
async function cli(argv: string[], stdin?: string): Promise<RunResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await run(argv, {
    stdout,
    stderr,
    ...(stdin !== undefined ? { stdin: Readable.from([Buffer.from(stdin)]) } : {}),
    env: { PATH: '/usr/bin:/bin' },
    cwd: root,
    stderrIsTTY: false,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function fails(stderr: string): RunResult {
  return { code: 2, stdout: '', stderr: `heaplint: ${stderr}\n` };
}

describe('a --from-log file that is not usable compiler output', () => {
  it('the valid log works (the baseline for everything below)', async () => {
    const r = await cli(['--from-log', 'build.log', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; line: number }[]; diagnostics: unknown[] };
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['interface-boxing p/p.go:6', 'pointer-escape p/p.go:10']);
    expect(report.diagnostics).toEqual([]);
  });

  it.each([
    [['--from-log', 'empty.log'], 'empty.log: the log is empty; write it with go build -gcflags=-m=2 ./... 2> FILE'],
    [['--from-log', 'blank.log'], 'blank.log: the log is empty; write it with go build -gcflags=-m=2 ./... 2> FILE'],
    [['--from-log', 'text.log'], 'text.log: no Go compiler output found (2 lines, none recognised; line 1: hello)'],
    [['--from-log', 'a.out'], 'a.out: no Go compiler output found (2 lines, none recognised; line 1: \\x7fELF\\x02\\x01\\x01\\x00)'],
    [['--from-log', 'passwd'], 'passwd: no Go compiler output found (2 lines, none recognised; line 1: root:x:0:0:root:/root:/bin/bash)'],
    [['--from-log', 'long-first.log'], `long-first.log: no Go compiler output found (1 line, none recognised; line 1: ${'y'.repeat(80)}… (300 characters))`],
    [['--from-log', 'ce.log'], 'compile error: ./a.go:5:12: undefined: foo (and 1 more)'],
    [['--from-log', 'ce.log', '--format', 'sarif=h.sarif'], 'compile error: ./a.go:5:12: undefined: foo (and 1 more)'],
    [['--from-log', 'huge-ce.log'], `compile error: ./a.go:1:1: ${'x'.repeat(188)}… (${LONG + 12} characters)`],
  ])('lint %j', async (argv, stderr) => {
    expect(await cli(argv)).toEqual(fails(stderr));
  });

  it('an empty stdin names stdin and the pipe that would have worked', async () => {
    expect(await cli(['--from-log', '-'], '')).toEqual(fails('stdin: the log is empty; pipe it with go build -gcflags=-m=2 ./... 2>&1 | heaplint --from-log -'));
    expect(await cli(['parse', '--from-log', '-'], '')).toEqual(fails('stdin: the log is empty; pipe it with go build -gcflags=-m=2 ./... 2>&1 | heaplint --from-log -'));
  });

  it('no report file is written when the log is rejected', async () => {
    expect(fs.existsSync(path.join(root, 'h.sarif'))).toBe(false);
  });

  it('parse prints what it read, then fails the same way', async () => {
    const garbage = await cli(['parse', '--from-log', 'text.log']);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toBe('heaplint: text.log: no Go compiler output found (2 lines, none recognised; line 1: hello)\n');
    expect(garbage.stdout.split('\n').map((l) => (l === '' ? '' : (JSON.parse(l) as { kind: string; message: string }).message))).toEqual(['hello', 'world', '']);
    const ce = await cli(['parse', '--from-log', 'ce.log']);
    expect(ce.code).toBe(2);
    expect(ce.stderr).toBe('heaplint: compile error: ./a.go:5:12: undefined: foo (and 1 more)\n');
    expect(ce.stdout.split('\n').map((l) => (l === '' ? '' : (JSON.parse(l) as { kind: string }).kind))).toEqual(['package-header', 'compile-error', 'compile-error', '']);
  });
});

describe('a log with some unrecognised lines is read; the lines are counted, quoted briefly, and do not change the exit code', () => {
  const message = `2 lines of compiler output not recognized; the first, at log line 3: ${'z'.repeat(200)}… (${LONG} characters)`;

  it('json: the diagnostic, bounded; the findings as for the clean log; exit 1 as for the clean log', async () => {
    const r = await cli(['--from-log', 'mixed.log', '--format', 'json']);
    expect([r.code, r.stderr]).toEqual([1, '']);
    const report = JSON.parse(r.stdout) as { findings: unknown[]; diagnostics: unknown[]; summary: { unrecognizedLines: number }; executionSuccessful: boolean };
    expect(report.findings).toHaveLength(2);
    expect(report.diagnostics).toEqual([{ level: 'warning', code: 'unrecognized-line', message, file: null, line: null, column: null }]);
    expect(report.summary.unrecognizedLines).toBe(2);
    expect(report.executionSuccessful).toBe(true);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThan(600);
  });

  it('sarif: executionSuccessful stays true and the warning is a tool execution notification', async () => {
    const r = await cli(['--from-log', 'mixed.log', '--format', 'sarif', '--fail-level', 'none']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const log = JSON.parse(r.stdout) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[]; results: unknown[] }[] };
    const run0 = log.runs[0];
    expect(run0?.results).toHaveLength(2);
    expect(run0?.invocations).toEqual([
      { executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text: message }, descriptor: { id: 'unrecognized-line' } }] },
    ]);
  });

  it.each(['text', 'github'])('%s: the same bounded message, no long line', async (format) => {
    const r = await cli(['--from-log', 'mixed.log', '--format', format, '--color']);
    expect([r.code, r.stderr]).toEqual([1, '']);
    expect(r.stdout).toContain(message);
    expect(r.stdout).not.toContain('z'.repeat(201));
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThan(600);
  });
});

describe('bad flags, bad config, unwritable output', () => {
  it.each([
    [['--config', 'cfgdir.yml'], '--config cfgdir.yml: is a directory'],
    [['--config', 'bad-values.yml'], 'bad-values.yml: fail-level: must be one of error, warning, note, none, got "banana"'],
    [['--config', 'bad-syntax.yml'], 'bad-syntax.yml:2:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    [['--config', 'nope.yml'], '--config nope.yml: file not found'],
    [['--format', 'sarif=afile/x.sarif'], 'cannot write sarif report to afile/x.sarif: a path component of afile is not a directory'],
    [['--format', 'sarif=.'], 'cannot write sarif report to .: is a directory'],
    [['--baseline', 'missing.json'], 'missing.json: baseline file not found (create it with heaplint baseline)'],
    [['--baseline', 'wrong-shape.json'], 'wrong-shape.json: not a heaplint baseline (expected {"tool": "heaplint", "version": 1, "findings": [...]})'],
    [['--baseline', 'old.json'], 'old.json: unsupported baseline version 99; regenerate it with heaplint baseline'],
    [['--new-from-rev', 'not-a-rev'], '--new-from-rev not-a-rev: unknown revision'],
    [['--dir', 'nope'], '--dir nope: no such directory'],
    [['--dir', 'afile'], '--dir afile: not a directory'],
    [['--repo-root', 'afile'], '--repo-root afile: not a directory'],
    [['--repo-root', 'nope'], '--repo-root nope: no such directory'],
    [['--changed'], '--changed cannot be combined with --from-log (nothing is built)'],
    [['--tests'], '--tests cannot be combined with --from-log (the log already holds whatever was compiled)'],
    [['--go-version', 'banana'], '--go-version "banana" is not a Go version (expected e.g. 1.25)'],
    [['--fail-level', 'high'], '--fail-level: must be one of error, warning, note, none, got "high"'],
  ])('lint --from-log build.log %j', async (flags, stderr) => {
    expect(await cli(['--from-log', 'build.log', ...flags])).toEqual(fails(stderr));
  });

  it('a baseline that is not JSON', async () => {
    const r = await cli(['--from-log', 'build.log', '--baseline', 'not-json.json']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    // The rest is JSON.parse's own wording, which differs between Node versions.
    expect(r.stderr.startsWith('heaplint: not-json.json: not a heaplint baseline: ')).toBe(true);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it.each([
    [['parse', '--from-log', 'build.log', '--tests'], '--tests cannot be combined with --from-log (the log already holds whatever was compiled)'],
    [['parse', '--from-log', 'build.log', '--fail-level', 'none'], '--fail-level does not apply to heaplint parse (it prints every record, unfiltered)'],
    [['parse', '--from-log', 'build.log', '--baseline', 'b.json'], '--baseline does not apply to heaplint parse (it prints every record, unfiltered)'],
    [['parse', '--from-log', 'build.log', '--changed'], '--changed does not apply to heaplint parse (it prints every record, unfiltered)'],
    [['parse', '--go-version', 'banana'], '--go-version "banana" is not a Go version (expected e.g. 1.25)'],
    [['parse', '--repo-root', 'afile'], '--repo-root afile: not a directory'],
    [['--go-version', 'banana'], '--go-version "banana" is not a Go version (expected e.g. 1.25)'],
  ])('%j (checked before go is looked for)', async (argv, stderr) => {
    expect(await cli(argv)).toEqual(fails(stderr));
  });
});

describe('package patterns that match nothing (real go)', () => {
  beforeAll(() => {
    fs.mkdirSync(path.join(root, 'empty'), { recursive: true });
  });

  it.each([
    [['./empty/...'], 'go: warning: "./empty/..." matched no packages'],
    [['./p/...', './empty/...'], 'go: warning: "./empty/..." matched no packages'],
    [['./nope'], `no Go package at ./nope: stat ${path.join('ROOT', 'nope')}: directory not found`],
  ])('%j', async (patterns, stderr) => {
    const r = await cliIn(root, ['--format', 'json', ...patterns]);
    expect({ ...r, stderr: r.stderr.replaceAll(root, 'ROOT') }).toEqual(fails(stderr));
  });
});

describe('the error line itself', () => {
  it('is one line, control characters escaped, at most 1000 characters of message', async () => {
    const deps = defaultDeps();
    const message = `first\n\tsecond \u001b[2J${'w'.repeat(5000)}`;
    const throwing = { ...deps, lint: { ...deps.lint, createParser: () => { throw new HeaplintError(message); } } };
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await run(['--from-log', 'build.log'], { stdout, stderr, env: { PATH: '' }, cwd: root }, throwing);
    const shown = `first second \\x1b[2J${'w'.repeat(5000)}`.slice(0, 1000);
    expect({ code, stdout: stdout.text, stderr: stderr.text }).toEqual(fails(`${shown}… (5017 characters)`));
  });
});
