import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { run } from '../../src/cli/run.js';
import { toolVersion } from '../../src/cli/version.js';
import { Capture, type RunResult } from './io.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const LOG = path.join(here, 'fixtures', 'go1.26-m2-esctest4.log');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-cli-'));

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await run(argv, {
    stdout,
    stderr,
    ...(opts.stdin !== undefined ? { stdin: Readable.from([Buffer.from(opts.stdin)]) } : {}),
    env: { PATH: '', ...opts.env },
    cwd: tmp,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('heaplint parse --from-log', () => {
  it('prints one JSON record per line, as the parser produced them', async () => {
    const r = await cli(['parse', '--from-log', LOG]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      '{"kind":"package-header","file":null,"line":null,"column":null,"message":"# example.com/esctest4","package":"example.com/esctest4","variant":null,"count":1,"logLine":1}',
    );
    expect(lines[1]).toBe(
      '{"kind":"cannot-inline","file":"./a.go","line":7,"column":6,"message":"cannot inline constProp: function too complex: cost 107 exceeds budget 80","function":"constProp","reason":"function too complex: cost 107 exceeds budget 80","cost":107,"budget":80,"caller":null,"package":"example.com/esctest4","variant":null,"count":1,"logLine":2}',
    );
    expect(lines[lines.length - 1]).toBe('');
    // Every verdict line of the log is one record (6 `escapes to heap`, 2 `does not escape`).
    const kinds: Record<string, number> = {};
    for (const l of lines.slice(0, -1)) {
      const k = (JSON.parse(l) as { kind: string }).kind;
      kinds[k] = (kinds[k] ?? 0) + 1;
    }
    expect(kinds).toEqual({ 'package-header': 1, 'cannot-inline': 1, 'can-inline': 2, 'inlining-call': 1, 'escapes-to-heap': 6, 'does-not-escape': 2 });
  });

  it('reads the log from stdin with -', async () => {
    const text = fs.readFileSync(LOG, 'utf8');
    const fromFile = await cli(['parse', '--from-log', LOG]);
    const fromStdin = await cli(['parse', '--from-log', '-'], { stdin: text });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it('a missing log file is a one-line error, exit 2', async () => {
    expect(await cli(['parse', '--from-log', 'missing.log'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'heaplint: cannot read --from-log missing.log: no such file or directory\n',
    });
  });

  it('a directory given as log is a one-line error, exit 2', async () => {
    expect(await cli(['lint', '--from-log', '.'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'heaplint: cannot read --from-log .: is a directory\n',
    });
  });
});

describe('usage errors', () => {
  it.each([
    [['--bogus'], 'heaplint: Unknown argument: bogus (run heaplint --help for usage)\n'],
    [['--fail-levl', 'error'], 'heaplint: Unknown argument: fail-levl (did you mean --fail-level?) (run heaplint --help for usage)\n'],
    [['--bogus', '--fail-levl', 'error'], 'heaplint: Unknown arguments: bogus, fail-levl (run heaplint --help for usage)\n'],
    [['lint', '--dir'], 'heaplint: Not enough arguments following: dir (run heaplint --help for usage)\n'],
    [['--format', 'xml'], 'heaplint: --format "xml": unknown format "xml" (expected text, json, sarif or github)\n'],
    [['--format', 'text', '--format', 'json'], 'heaplint: --format: only one format can write to stdout (got text, json); give the others a file, e.g. sarif=heaplint.sarif\n'],
    [['--from-log', 'x.log', './...'], 'heaplint: package patterns (./...) cannot be combined with --from-log\n'],
    [['parse', '--format', 'json', '--from-log', 'x.log'], 'heaplint: --format does not apply to heaplint parse (it always prints JSON Lines)\n'],
    [['--from-log', 'x.log', '--go-version', 'banana'], 'heaplint: --go-version "banana" is not a Go version (expected e.g. 1.25)\n'],
    [['--dir', 'no/such/dir'], 'heaplint: --dir no/such/dir: no such directory\n'],
    [['--category', '', '--format', 'sarif'], 'heaplint: --category: must not be empty (leave it out to let upload-sarif choose the category)\n'],
    [['--gcflags=-l -m'], 'heaplint: --gcflags: heaplint passes -m=2 itself; remove it ("-m")\n'],
  ])('%j', async (argv, stderr) => {
    expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('without go on PATH, lint says so in one line', async () => {
    expect(await cli(['lint'], { env: { PATH: path.join(tmp, 'empty-bin') } })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'heaplint: go not found on PATH (install Go >= 1.20 or use --from-log)\n',
    });
  });
});

describe('--help and --version', () => {
  it('prints the version from package.json', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${toolVersion()}\n`, stderr: '' });
    expect(toolVersion()).toBe((JSON.parse(fs.readFileSync(path.join(here, '..', '..', 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('prints help with the commands, options and examples (golden file)', async () => {
    const r = await cli(['--help']);
    expect(r).toEqual({ code: 0, stdout: fs.readFileSync(path.join(here, 'fixtures', 'help.txt'), 'utf8'), stderr: '' });
    expect(r.stdout.split('\n')[0]).toBe('heaplint [lint] [packages..]');
  });
});
