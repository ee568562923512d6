/**
 * The runner, resolver and CLI against the real `go` on tiny modules in a temp directory.
 * The classifier and renderer are stand-ins here, so what is asserted is this wiring: which
 * records arrive, where their paths resolve, and the exact exit codes and error lines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/findings/finding.js';
import { run } from '../../src/cli/run.js';
import { defaultDeps, type CliDeps } from '../../src/cli/deps.js';
import type { LintDeps } from '../../src/pipeline/lint.js';
import { wholeLog } from '../pipeline/whole-log.js';
import { findExecutable } from '../../src/runner/which.js';
import { Capture, type RunResult } from '../cli/io.js';

const goBin = findExecutable('go', { PATH: `${process.env.PATH ?? ''}${path.delimiter}/usr/local/go/bin` });
if (goBin === null) throw new Error('these tests need Go: put it on PATH');
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-go-')));
const mod = path.join(tmp, 'mod');
const bad = path.join(tmp, 'bad');
/** A module with a package that has only test files (go build refuses it when it is named). */
const testOnly = path.join(tmp, 'testonly');

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function goEnv(cache: string): NodeJS.ProcessEnv {
  return {
    PATH: [path.dirname(goBin ?? ''), '/usr/bin', '/bin'].join(path.delimiter),
    HOME: tmp,
    GOCACHE: path.join(tmp, cache),
    GOPATH: path.join(tmp, 'gopath'),
    GOFLAGS: '',
    GOENV: 'off',
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
  };
}

beforeAll(() => {
  write(path.join(mod, 'go.mod'), 'module example.com/hl\n\ngo 1.22\n');
  write(
    path.join(mod, 'main.go'),
    'package main\n\nimport "example.com/hl/sub"\n\nfunc f() *int { x := 1; return &x }\n\nfunc main() { sub.Keep(f()); _ = sub.New() }\n',
  );
  write(path.join(mod, 'sub', 'sub.go'), 'package sub\n\nvar G *int\n\nfunc Keep(p *int) { G = p }\n\nfunc New() *int { v := 2; return &v }\n');
  write(path.join(mod, 'sub', 'special.go'), '//go:build special\n\npackage sub\n\nfunc Special() *int { s := 3; return &s }\n');
  write(path.join(mod, 'docs', 'README.md'), 'no Go here\n');
  write(path.join(testOnly, 'go.mod'), 'module example.com/ot\n\ngo 1.22\n');
  write(path.join(testOnly, 'lib.go'), 'package ot\n\nfunc New() *int { v := 2; return &v }\n');
  write(path.join(testOnly, 'onlytest', 'x_test.go'), 'package onlytest\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n');
  write(path.join(bad, 'go.mod'), 'module example.com/bad\n\ngo 1.22\n');
  write(path.join(bad, 'bad.go'), 'package bad\n\nfunc F() int {\n\tx := 1\n\treturn x + foo + bar\n}\n');
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Stand-in classifier: one finding per record at its resolved path; outside files are counted. */
const lintDeps: LintDeps = {
  createParser: defaultDeps().lint.createParser,
  rules: [],
  classifier: wholeLog((records, { resolver }) => {
    const findings: Finding[] = [];
    const excluded: Record<string, number> = {};
    for (const r of records) {
      const where = resolver.resolve(r.file ?? '', r.package);
      if (where.repoRelative === null) {
        const reason = where.outside ?? 'unknown';
        excluded[reason] = (excluded[reason] ?? 0) + 1;
        continue;
      }
      findings.push({
        ruleId: r.kind,
        level: 'note',
        message: r.message,
        file: where.repoRelative,
        line: r.line ?? 0,
        column: r.column ?? 0,
        endLine: r.line ?? 0,
        endColumn: r.column ?? 0,
        function: r.function,
        package: r.package,
        subject: r.subject,
        evidence: [],
        flow: [],
        inlinedAt: [],
        fingerprint: `${r.kind}:${r.subject}`,
      });
    }
    return { findings, excluded };
  }),
};

const deps: CliDeps = {
  ...defaultDeps(),
  lint: lintDeps,
  render: (format, report) =>
    `${format}\n${report.findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.ruleId} ${f.subject}`).join('\n')}\n` +
    `go=${report.go.version === null ? 'null' : 'known'} ${report.go.goos ?? 'null'}/${report.go.goarch ?? 'null'} packages=${report.summary.packages}\n`,
};

async function cli(argv: string[], cwd: string, cache = 'cache'): Promise<RunResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await run(argv, { stdout, stderr, env: goEnv(cache), cwd }, deps);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const MOD_FINDINGS = [
  'main.go:5:17: moved-to-heap x',
  // f inlined into main: the compiler reports the call site
  'main.go:7:25: moved-to-heap x',
  'sub/sub.go:5:11: leaking-param p',
  'sub/sub.go:7:19: moved-to-heap v',
];
const GOOS = process.platform === 'win32' ? 'windows' : process.platform;
const GOARCH = process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch;

describe('lint with a real go build', () => {
  it('reports records of every package with repo-relative paths', async () => {
    const r = await cli(['lint', '--quiet'], mod);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`text\n${MOD_FINDINGS.join('\n')}\ngo=known ${GOOS}/${GOARCH} packages=2\n`);
  });

  it('resolves a cached replay compiled from another directory (anchors P11)', async () => {
    // An extra compiler flag gives these compiles cache keys of their own (std stays cached).
    const own = '--gcflags=-dwarf=false';
    // First compile inside sub/: the cache stores output with paths relative to sub/.
    const first = await cli(['parse', own, '--dir', 'sub', '.'], mod);
    expect(first.code).toBe(0);
    const leak = (out: string): string | undefined => out.split('\n').find((l) => l.includes('"kind":"leaking-param"'));
    expect(leak(first.stdout)).toContain('"file":"./sub.go","line":5,"column":11');
    // Replayed from the module root, the log still says ./sub.go; the finding is sub/sub.go.
    const replay = await cli(['parse', own, './...'], mod);
    expect(leak(replay.stdout)).toContain('"file":"./sub.go","line":5,"column":11');
    const r = await cli(['lint', own, '--quiet', './...'], mod);
    expect(r.stdout.split('\n').slice(1, 5)).toEqual(MOD_FINDINGS);
  });

  it('works from a subdirectory with --dir and relative patterns', async () => {
    const r = await cli(['lint', '--quiet', '--dir', 'mod', './sub'], tmp);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['text', 'sub/sub.go:5:11: leaking-param p', 'sub/sub.go:7:19: moved-to-heap v']);
  });

  it('builds .go files named on the command line (command-line-arguments)', async () => {
    const r = await cli(['lint', '--quiet', 'main.go'], mod);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['text', 'main.go:5:17: moved-to-heap x', 'main.go:7:25: moved-to-heap x']);
    expect(fs.readdirSync(mod).filter((f) => f === 'main' || f === 'hl')).toEqual([]);
  });

  it('honours --tags', async () => {
    const r = await cli(['lint', '--quiet', '--tags', 'special', './sub'], mod);
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      'text',
      'sub/special.go:5:23: moved-to-heap s',
      'sub/sub.go:5:11: leaking-param p',
      'sub/sub.go:7:19: moved-to-heap v',
    ]);
  });

  it('leaves no executable behind for a single main package', async () => {
    const before = fs.readdirSync(mod).sort();
    const r = await cli(['lint', '--quiet', '.'], mod);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1]).toBe('main.go:5:17: moved-to-heap x');
    expect(fs.readdirSync(mod).sort()).toEqual(before);
  });

  it('writes a format to a file and says so', async () => {
    const r = await cli(['lint', '--format', 'json=out/report.json', './sub'], mod);
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'heaplint: wrote out/report.json\n' });
    expect(fs.readFileSync(path.join(mod, 'out', 'report.json'), 'utf8').split('\n')[0]).toBe('json');
    fs.rmSync(path.join(mod, 'out'), { recursive: true });
  });
});

describe('parse with a real go build', () => {
  it('streams JSON Lines records in log order', async () => {
    const r = await cli(['parse', './sub'], mod);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      '{"kind":"package-header","file":null,"line":null,"column":null,"message":"# example.com/hl/sub","package":"example.com/hl/sub","variant":null,"count":1,"logLine":1}',
    );
    expect(lines[1]).toBe(
      '{"kind":"can-inline","file":"sub/sub.go","line":5,"column":6,"message":"can inline Keep with cost 3 as: func(*int) { G = p }","function":"Keep","cost":3,"package":"example.com/hl/sub","variant":null,"count":1,"logLine":2}',
    );
  });
});

describe('failures of the build are one line, exit 2', () => {
  it('quotes the first compile error and counts the rest (anchors P14)', async () => {
    expect(await cli(['lint'], bad)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'heaplint: compile error: ./bad.go:5:13: undefined: foo (and 1 more)\n',
    });
  });

  it('parse prints what it parsed, then fails the same way', async () => {
    const r = await cli(['parse'], bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('heaplint: compile error: ./bad.go:5:13: undefined: foo (and 1 more)\n');
    expect(r.stdout.split('\n')[1]).toBe(
      '{"kind":"compile-error","file":"./bad.go","line":5,"column":13,"message":"undefined: foo","text":"./bad.go:5:13: undefined: foo","package":"example.com/bad","variant":null,"count":1,"logLine":2}',
    );
  });

  it('a pattern that matches no packages', async () => {
    expect(await cli(['lint', './docs/...'], mod)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'heaplint: go: warning: "./docs/..." matched no packages\n',
    });
  });

  it('a directory without Go files', async () => {
    expect(await cli(['lint', './docs'], mod)).toEqual({
      code: 2,
      stdout: '',
      stderr: `heaplint: no Go package at ./docs: no Go files in ${path.join(mod, 'docs')}\n`,
    });
  });

  it('a package with only test files, named: refused as go build refuses it; matched by ./... or with --tests: fine', async () => {
    expect(await cli(['lint', './onlytest'], testOnly)).toEqual({
      code: 2,
      stdout: '',
      stderr: `heaplint: no Go package at example.com/ot/onlytest: no non-test Go files in ${path.join(testOnly, 'onlytest')}\n`,
    });
    expect((await cli(['lint', '--quiet', '--fail-level', 'none', './...'], testOnly)).code).toBe(0);
    expect((await cli(['lint', '--quiet', '--fail-level', 'none', '--tests', './onlytest'], testOnly)).code).toBe(0);
  });

  it('a package that does not exist', async () => {
    expect(await cli(['lint', 'example.com/zzz'], mod)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'heaplint: no Go package at example.com/zzz: no required module provides package example.com/zzz; to add it: go get example.com/zzz\n',
    });
  });

  it('go missing from PATH', async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await run(['lint'], { stdout, stderr, env: { ...goEnv('cache'), PATH: path.join(tmp, 'no-bin') }, cwd: mod }, deps);
    expect({ code, stdout: stdout.text, stderr: stderr.text }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'heaplint: go not found on PATH (install Go >= 1.20 or use --from-log)\n',
    });
  });
});
