/** startGoBuild against the real `go`: output that waits in the pipe, and cancelling. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { startGoBuild } from '../../src/runner/go-build.js';
import { findExecutable } from '../../src/runner/which.js';

const goBin = findExecutable('go', { PATH: `${process.env.PATH ?? ''}${path.delimiter}/usr/local/go/bin` });
if (goBin === null) throw new Error('these tests need Go: put it on PATH');
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-start-')));
const mod = path.join(tmp, 'mod');
const env: NodeJS.ProcessEnv = {
  PATH: [path.dirname(goBin), '/usr/bin', '/bin'].join(path.delimiter),
  HOME: tmp,
  GOCACHE: path.join(tmp, 'cache'),
  GOPATH: path.join(tmp, 'gopath'),
  GOFLAGS: '',
  GOENV: 'off',
  GOTOOLCHAIN: 'local',
  GOPROXY: 'off',
};
const go = { bin: goBin, dir: mod, env };

beforeAll(() => {
  fs.mkdirSync(mod, { recursive: true });
  fs.writeFileSync(path.join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
  fs.writeFileSync(path.join(mod, 'main.go'), 'package main\n\nfunc f() *int { x := 1; return &x }\n\nfunc main() { _ = f() }\n');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const opts = { packages: ['./...'], tags: undefined, gcflags: undefined };

describe('startGoBuild', () => {
  test('output read long after the build ended is all there, and a single main package writes nothing', async () => {
    const build = startGoBuild(go, opts);
    const early: Buffer[] = [];
    const first = await build.chunks((c) => early.push(c));
    const late = startGoBuild(go, opts);
    await sleep(1500); // the build has long finished; its output waited
    const got: Buffer[] = [];
    const out = await late.chunks((c) => got.push(c));
    expect(out.exitCode).toBe(0);
    expect(first.exitCode).toBe(0);
    const text = Buffer.concat(got).toString('utf8');
    expect(text).toBe(Buffer.concat(early).toString('utf8'));
    expect(text).toContain('./main.go:3:17: moved to heap: x\n');
    expect(out.bytes).toBe(Buffer.byteLength(text));
    expect(fs.readdirSync(mod).sort()).toEqual(['go.mod', 'main.go']);
    await expect(late.chunks(() => undefined)).rejects.toThrow('build output already consumed');
  });

  test('lines: tool lines are collected', async () => {
    const build = startGoBuild(go, { ...opts, packages: ['./nope'] });
    await sleep(300);
    const lines: string[] = [];
    const out = await build.lines((l) => lines.push(l));
    expect(out.exitCode).toBe(1);
    expect(out.toolLines).toEqual(lines.filter((l) => l !== ''));
    expect(out.toolLines[0]).toMatch(/nope/);
  });

  test('cancel ends a build whose output nobody reads, at once or after it ended', async () => {
    const started = performance.now();
    await startGoBuild(go, opts).cancel();
    const ended = startGoBuild(go, opts);
    await sleep(1000);
    await ended.cancel();
    await ended.cancel(); // twice is harmless
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test('prints what go build prints, byte for byte, and fails where it fails, but links nothing', async () => {
    const other = path.join(tmp, 'other');
    fs.mkdirSync(path.join(other, 'bad'), { recursive: true });
    fs.mkdirSync(path.join(other, 'nomain'), { recursive: true });
    fs.writeFileSync(path.join(other, 'go.mod'), 'module example.com/o\n\ngo 1.22\n');
    fs.writeFileSync(path.join(other, 'lib.go'), 'package o\n\nimport "fmt"\n\nfunc F(n int) string { return fmt.Sprint(n) }\n');
    fs.writeFileSync(path.join(other, 'bad', 'bad.go'), 'package bad\n\nfunc G() int { return "x" }\n');
    // Only the linker finds that main is missing: go build fails, the compile does not.
    fs.writeFileSync(path.join(other, 'nomain', 'nomain.go'), 'package main\n\nvar V = new(int)\n');
    const at = { ...go, dir: other };
    const sortedLines = (text: string): string[] => text.split('\n').sort();
    const ours = async (packages: string[]): Promise<{ exitCode: number; text: string }> => {
      const chunks: Buffer[] = [];
      const out = await startGoBuild(at, { ...opts, packages }).chunks((c) => chunks.push(c));
      return { exitCode: out.exitCode, text: Buffer.concat(chunks).toString('utf8') };
    };
    const goBuild = async (packages: string[]): Promise<{ exitCode: number; text: string }> => {
      const r = await execa(goBin, ['build', '-gcflags=-m=2', '-o', '/dev/null', ...packages], { cwd: other, env, extendEnv: false, reject: false });
      return { exitCode: r.exitCode ?? -1, text: String(r.stderr) };
    };

    const lib = await ours(['.']);
    expect(lib.exitCode).toBe(0);
    expect(lib.text).toContain('./lib.go:5:42: n escapes to heap\n');
    expect(sortedLines(lib.text.trimEnd())).toEqual(sortedLines((await goBuild(['.'])).text));

    const bad = await ours(['./bad', '.']);
    expect(bad.exitCode).toBe(1);
    expect(bad.text).toContain('bad/bad.go:3:23: cannot use "x" (untyped string constant) as int value in return statement');
    const badBuild = await goBuild(['./bad', '.']);
    expect(badBuild.exitCode).toBe(1);
    expect(sortedLines(bad.text.trimEnd())).toEqual(sortedLines(badBuild.text));

    expect((await goBuild(['./nomain'])).exitCode).toBe(1);
    const nomain = await ours(['./nomain']);
    expect(nomain.exitCode).toBe(0);
    expect(nomain.text.split('\n').filter((l) => !l.includes('  flow: ') && !l.includes('    from '))).toEqual([
      '# example.com/o/nomain',
      'nomain/nomain.go:3:12: new(int) escapes to heap in init:',
      'nomain/nomain.go:3:12: new(int) escapes to heap',
      '',
    ]);
  });
});
