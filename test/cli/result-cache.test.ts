/**
 * The result cache with the real go command: a second run over unchanged output and sources
 * reuses the first run's classification (shown by an entry altered on disk coming back), and
 * every change the result depends on makes it classify again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { defaultDeps, type CliDeps } from '../../src/cli/deps.js';
import { run } from '../../src/cli/run.js';
import { GO_BIN, goEnv, P_GO, tempDir, writeModule } from './go-module.js';
import { Capture, type RunResult } from './io.js';

interface Report {
  findings: { ruleId: string; message: string; file: string; line: number; level: string }[];
}

function depsFor(identity: string): CliDeps {
  return { ...defaultDeps(), cacheIdentity: () => identity };
}

async function lint(cwd: string, cacheDir: string, argv: string[] = [], identity = 'build-1'): Promise<RunResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await run(['lint', '--format', 'json', '--fail-level', 'none', ...argv], { stdout, stderr, env: goEnv({ HEAPLINT_CACHE: cacheDir }), cwd }, depsFor(identity));
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function messages(r: RunResult): string[] {
  expect(r).toMatchObject({ code: 0, stderr: '' });
  return (JSON.parse(r.stdout) as Report).findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message.slice(0, 40)}`);
}

/** Rewrites the message of every cached finding: a run that prints it used the entry. */
function tamper(cacheDir: string): void {
  const dir = path.join(cacheDir, 'results');
  const files = fs.readdirSync(dir);
  expect(files).toHaveLength(1);
  const file = path.join(dir, files[0] ?? '');
  const [header, body] = fs.readFileSync(file, 'utf8').split('\n');
  const result = JSON.parse(body ?? '') as { findings: { message: string }[] };
  for (const f of result.findings) f.message = `CACHED ${f.message}`;
  fs.writeFileSync(file, `${header ?? ''}\n${JSON.stringify(result)}`);
}

const FRESH = [
  'interface-boxing p/p.go:6 `x` escapes to the heap: it is boxed int',
  'pointer-escape p/p.go:10 `v` is moved to the heap: its address is',
  'interface-boxing q/q.go:6 `s` escapes to the heap: it is boxed int',
];
const CACHED = FRESH.map((m) => m.replace(/^(\S+ \S+ )(.*)$/, (_all, head: string, text: string) => `${head}CACHED ${text}`.slice(0, head.length + 40)));

describe('the result cache, live builds', () => {
  let root: string;
  let cache: string;
  beforeEach(() => {
    root = tempDir('heaplint-cache-mod-');
    cache = tempDir('heaplint-cache-dir-');
    writeModule(root);
  });

  test('a second run uses the first run\'s classification; its report is byte-identical', async () => {
    const first = await lint(root, cache);
    expect(messages(first)).toEqual(FRESH);
    const second = await lint(root, cache);
    expect(second).toEqual(first);
    tamper(cache);
    expect(messages(await lint(root, cache))).toEqual(CACHED);
  });

  test('--no-cache, HEAPLINT_CACHE=off and another heaplint build do not use it', async () => {
    await lint(root, cache);
    tamper(cache);
    expect(messages(await lint(root, cache, ['--no-cache']))).toEqual(FRESH);
    expect(messages(await lint(root, 'off'))).toEqual(FRESH);
    expect(messages(await lint(root, cache, [], 'build-2'))).toEqual(FRESH);
    // The other build's run replaced the entry: the first build's is gone.
    expect(messages(await lint(root, cache))).toEqual(FRESH);
  });

  test('a cache directory that cannot be written: one line on stderr, the same findings, not with --quiet', async () => {
    const file = path.join(cache, 'not-a-directory');
    fs.writeFileSync(file, '');
    const r = await lint(root, file);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`heaplint: cannot write the result cache in ${file} (ENOTDIR): results are not cached (HEAPLINT_CACHE=off turns the cache off)\n`);
    expect(messages({ ...r, stderr: '' })).toEqual(FRESH);
    expect((await lint(root, file, ['--quiet'])).stderr).toBe('');
  });

  test('an entry whose result cannot be read: classified again, and written anew', async () => {
    await lint(root, cache);
    const dir = path.join(cache, 'results');
    const file = path.join(dir, fs.readdirSync(dir)[0] ?? '');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, -10));
    expect(messages(await lint(root, cache))).toEqual(FRESH);
    tamper(cache);
    expect(messages(await lint(root, cache))).toEqual(CACHED);
  });

  test('a source file edited where the compiler output does not change: classified again', async () => {
    await lint(root, cache);
    tamper(cache);
    fs.writeFileSync(path.join(root, 'p', 'p.go'), `${P_GO}\n// a comment at the end changes no position\n`);
    expect(messages(await lint(root, cache))).toEqual(FRESH);
  });

  test('a changed package: classified again, and the entry now stands for the new output', async () => {
    await lint(root, cache);
    tamper(cache);
    fs.writeFileSync(path.join(root, 'q', 'q.go'), 'package q\n\nvar sink any\n\nfunc Keep(s []int) {\n\tsink = &s\n}\n');
    const changed = messages(await lint(root, cache));
    expect(changed).toEqual([FRESH[0], FRESH[1], 'pointer-escape q/q.go:5 `s` is moved to the heap: its address is']);
    tamper(cache);
    expect(messages(await lint(root, cache))).toEqual(changed.map((m) => m.replace(/^(\S+ \S+ )(.*)$/, (_all, head: string, text: string) => `${head}CACHED ${text}`.slice(0, head.length + 40))));
  });

  test('policy settings apply to the entry; a rule the classifier did not run makes it classify again', async () => {
    await lint(root, cache);
    tamper(cache);
    expect(await lint(root, cache, ['--fail-level', 'note'])).toMatchObject({ code: 1 });
    fs.writeFileSync(path.join(root, '.heaplint.yml'), 'version: 1\nrules:\n  pointer-escape: off\n');
    expect(messages(await lint(root, cache))).toEqual([CACHED[0], CACHED[2]]);
    fs.writeFileSync(path.join(root, '.heaplint.yml'), 'version: 1\nrules:\n  leaking-param: true\n');
    expect(messages(await lint(root, cache))).toEqual([FRESH[0], FRESH[1], 'leaking-param q/q.go:5 Parameter `s` leaks: it is converted to ', FRESH[2]]);
  });
});

describe('the result cache, saved logs', () => {
  test('a log linted again uses the entry; the same log changed does not', async () => {
    const root = tempDir('heaplint-cache-log-');
    const cache = tempDir('heaplint-cache-dir-');
    writeModule(root);
    const build = await execa(path.join(GO_BIN, 'go'), ['build', '-gcflags=-m=2', './...'], { cwd: root, env: goEnv({ GOFLAGS: '', GOTOOLCHAIN: 'local' }), reject: false });
    fs.writeFileSync(path.join(root, 'build.log'), build.stderr);
    const args = ['--from-log', 'build.log', '--repo-root', root];
    expect(messages(await lint(root, cache, args))).toEqual(FRESH);
    tamper(cache);
    expect(messages(await lint(root, cache, args))).toEqual(CACHED);
    fs.writeFileSync(path.join(root, 'build.log'), build.stderr.split('\n').filter((l) => !l.includes('q.go')).join('\n'));
    expect(messages(await lint(root, cache, args))).toEqual([FRESH[0], FRESH[1]]);
  });

  test('a log on standard input is not cached', async () => {
    const root = tempDir('heaplint-cache-stdin-');
    const cache = tempDir('heaplint-cache-dir-');
    writeModule(root);
    const stdout = new Capture();
    const stderr = new Capture();
    const { Readable } = await import('node:stream');
    const build = await execa(path.join(GO_BIN, 'go'), ['build', '-gcflags=-m=2', './...'], { cwd: root, env: goEnv({ GOFLAGS: '', GOTOOLCHAIN: 'local' }), reject: false });
    const code = await run(['lint', '--from-log', '-', '--repo-root', root, '--format', 'json', '--fail-level', 'none'], { stdout, stderr, env: goEnv({ HEAPLINT_CACHE: cache }), cwd: root, stdin: Readable.from([Buffer.from(build.stderr)]) }, depsFor('build-1'));
    expect(messages({ code, stdout: stdout.text, stderr: stderr.text })).toEqual(FRESH);
    expect(fs.readdirSync(cache)).toEqual([]);
  });
});
