/**
 * cmd/go shortens a package's directory in the compiler's output by replacing it as a plain
 * prefix (reportCmd), so under package example.com/zl/log (directory log/) a file of the root
 * package, log.go, is printed `log.go`: here a func literal inlined from it. Read against the
 * package's directory it was log/log.go, whose line 7 is shorter than the column printed
 * (github.com/rs/zerolog/log had one such finding).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cliIn, GO_BIN, goEnv, tempDir, writeFiles } from '../cli/go-module.js';

const haveGo = fs.existsSync(path.join(GO_BIN, 'go'));

(haveGo ? describe : describe.skip)('a file beside the package directory (real go build)', () => {
  let root: string;
  beforeAll(() => {
    root = tempDir('heaplint-cut-path-');
    writeFiles(root, {
      'go.mod': 'module example.com/zl\n\ngo 1.22\n',
      'log.go': 'package zl\n\nvar sink func(string)\n\n// Hook installs a closure that panics with its message; small enough to inline.\nfunc Hook() {\n\tsink = func(msg string) { panic(msg) }\n}\n',
      'log/log.go': 'package log\n\nimport "example.com/zl"\n\n// Install calls zl.Hook, inlined here with its func literal.\nfunc Install() {\n\tzl.Hook()\n}\n',
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is read where it is, live and from the saved log alike', async () => {
    const build = await execa(path.join(GO_BIN, 'go'), ['build', '-gcflags=-m=2', './...'], { cwd: root, env: goEnv({ GOFLAGS: '', GOTOOLCHAIN: 'local' }), reject: false });
    expect(build.exitCode).toBe(0);
    expect(build.stderr).toContain('\nlog.go:7:34: zl.msg escapes to heap\n');
    fs.writeFileSync(path.join(root, 'build.log'), build.stderr);
    const args = ['--repo-root', root, '--format', 'json', '--fail-level', 'none'];
    const brief = (stdout: string): string[] =>
      (JSON.parse(stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[] }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
    const live = await cliIn(root, ['lint', ...args]);
    const fromLog = await cliIn(root, ['lint', '--from-log', 'build.log', ...args]);
    expect([live.code, live.stderr, fromLog.code, fromLog.stderr]).toEqual([0, '', 0, '']);
    // The boxing in the inlined literal is the root package's own finding, not one in log/log.go.
    expect(brief(live.stdout)).toEqual(['closure-escape log.go:7:9', 'interface-boxing log.go:7:34', 'closure-escape log/log.go:7:9']);
    expect(brief(fromLog.stdout)).toEqual(brief(live.stdout));
  }, 60_000);
});
