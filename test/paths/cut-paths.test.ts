/**
 * cmd/go shortens a package's directory in the compiler's output by replacing it as a plain
 * prefix (reportCmd), so under package example.com/zl/log (directory log/) a file of the root
 * package, log.go, is printed `log.go`: here a func literal inlined from it. Read against the
 * package's directory it was log/log.go, whose line 7 is shorter than the column printed
 * (github.com/rs/zerolog/log had one such finding).
 */
import fs from 'node:fs';
import path from 'node:path';
import { GO_BIN, lintLiveAndFromLog, tempDir, writeFiles } from '../cli/go-module.js';

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
    const { buildLog, live, fromLog, findings } = await lintLiveAndFromLog(root);
    expect(buildLog).toContain('\nlog.go:7:34: zl.msg escapes to heap\n');
    expect([live.code, live.stderr, fromLog.code, fromLog.stderr]).toEqual([0, '', 0, '']);
    // The boxing in the inlined literal is the root package's own finding, not one in log/log.go;
    // the literal inlined at zl.Hook() is an inlined site of Hook's closure-escape finding.
    expect(findings.live).toEqual(['closure-escape log.go:7:9', 'interface-boxing log.go:7:34']);
    expect(findings.fromLog).toEqual(findings.live);
  }, 60_000);
});
