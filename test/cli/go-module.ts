/** Small Go modules in temporary directories, and the CLI run against them in-process. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { execa } from 'execa';
import { run } from '../../src/cli/run.js';
import { Capture, type RunResult } from './io.js';

export const GO_BIN = '/usr/local/go/bin';

export const P_GO = `package p

var sink any

func Box(x int) {
	sink = x
}

func Ptr() *int {
	v := 1
	return &v
}
`;

export const Q_GO = `package q

var sink any

func Keep(s []int) {
	sink = s
}
`;

export function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/** A module `example.com/m` with packages p and q (3 findings) in `root`/`sub`. */
export function writeModule(root: string, sub = '.', module = 'example.com/m'): void {
  writeFiles(path.join(root, sub), { 'go.mod': `module ${module}\n\ngo 1.22\n`, 'p/p.go': P_GO, 'q/q.go': Q_GO });
}

export async function git(cwd: string, ...args: string[]): Promise<void> {
  await execa('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd });
}

export async function gitInit(root: string): Promise<void> {
  await git(root, 'init', '-q', '-b', 'main');
  await git(root, 'add', '-A');
  await git(root, 'commit', '-q', '-m', 'initial');
}

export function goEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${GO_BIN}${path.delimiter}${process.env.PATH ?? ''}`, ...extra };
  delete env.GITHUB_STEP_SUMMARY;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return { ...env, ...extra };
}

export async function cliIn(cwd: string, argv: string[], opts: { env?: NodeJS.ProcessEnv; tty?: boolean; stdin?: Buffer[] } = {}): Promise<RunResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await run(argv, {
    stdout,
    stderr,
    env: goEnv(opts.env),
    cwd,
    stderrIsTTY: opts.tty ?? false,
    ...(opts.stdin !== undefined ? { stdin: Readable.from(opts.stdin) } : {}),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export interface JsonFinding {
  ruleId: string;
  level: string;
  file: string;
  line: number;
  column: number;
}

export interface JsonReport {
  findings: JsonFinding[];
  summary: { total: number; excluded: Record<string, number>; packages: number };
  baseline?: { file: string; new: number; baselined: number; fixed: { rule: string; file: string; function: string | null; subject: string }[] };
}

/** `rule file:line:col level` per finding: compact and exact. */
export function brief(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.level}`);
}

/**
 * `go build -gcflags=-m=2 ./...` in `root` (its stderr saved as root/build.log), then `heaplint
 * lint` there twice with the same flags: live, and from the saved log. Both reports' findings
 * as `rule file:line:col`, with each run's exit code and stderr, and the build's stderr.
 */
export async function lintLiveAndFromLog(root: string): Promise<{ buildLog: string; live: RunResult; fromLog: RunResult; findings: { live: string[]; fromLog: string[] } }> {
  const build = await execa(path.join(GO_BIN, 'go'), ['build', '-gcflags=-m=2', './...'], { cwd: root, env: goEnv({ GOFLAGS: '', GOTOOLCHAIN: 'local' }), reject: false });
  if (build.exitCode !== 0) throw new Error(`go build failed in ${root}:\n${build.stderr}`);
  fs.writeFileSync(path.join(root, 'build.log'), build.stderr);
  const args = ['--repo-root', root, '--format', 'json', '--fail-level', 'none'];
  const live = await cliIn(root, ['lint', ...args]);
  const fromLog = await cliIn(root, ['lint', '--from-log', 'build.log', ...args]);
  const at = (r: RunResult): string[] => (r.code === 0 ? (JSON.parse(r.stdout) as JsonReport).findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`) : []);
  return { buildLog: build.stderr, live, fromLog, findings: { live: at(live), fromLog: at(fromLog) } };
}
