/** startGoBuild against the real `go`: output that waits in the pipe, and cancelling. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NULL_OUTPUT, startGoBuild } from '../../src/runner/go-build.js';
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
    await expect(late.chunks(() => undefined)).rejects.toThrow('go build output already consumed');
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

  test('-o is the null device as cmd/go spells it', () => {
    expect(NULL_OUTPUT).toBe(process.platform === 'win32' ? 'NUL' : '/dev/null');
  });
});
