/** A saved log's session holds no open file until it is read: one that fails first, or is never run, leaks none. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSession, type SourceOptions } from '../../src/pipeline/source.js';

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-log-session-')));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The process's open file descriptors (Linux). */
const openFds = (): number => fs.readdirSync('/proc/self/fd').length;
const linuxOnly = process.platform === 'linux' ? test : test.skip;

const options = (over: Partial<SourceOptions>): SourceOptions => ({
  dir: undefined,
  fromLog: undefined,
  packages: [],
  tags: undefined,
  gcflags: undefined,
  repoRoot: tmp,
  goVersion: undefined,
  env: {},
  cwd: tmp,
  stdin: undefined,
  ...over,
});

linuxOnly('a log whose --repo-root does not exist: the error, and the log file closed again', async () => {
  const log = path.join(tmp, 'build.log');
  fs.writeFileSync(log, '# example.com/m\n./a.go:3:6: can inline f with cost 2 as: func() {  }\n');
  const before = openFds();
  for (let i = 0; i < 5; i++) {
    await expect(openSession(options({ fromLog: log, repoRoot: path.join(tmp, 'nope') }))).rejects.toThrow(
      `--repo-root ${path.join(tmp, 'nope')}: no such directory`,
    );
  }
  expect(openFds()).toBe(before);
});

linuxOnly('a log session never run holds no open file; one run reads the whole log', async () => {
  const log = path.join(tmp, 'run.log');
  fs.writeFileSync(log, '# example.com/m\n./a.go:3:6: can inline f with cost 2 as: func() {  }\n');
  const before = openFds();
  const sessions = [];
  for (let i = 0; i < 5; i++) sessions.push(await openSession(options({ fromLog: log })));
  expect(openFds()).toBe(before);
  const chunks: Buffer[] = [];
  const outcome = await (sessions[0]?.runChunks as NonNullable<(typeof sessions)[0]['runChunks']>)((c) => chunks.push(Buffer.from(c)));
  expect(Buffer.concat(chunks).toString('utf8')).toBe(fs.readFileSync(log, 'utf8'));
  expect(outcome).toEqual({ buildExitCode: null, toolLines: [], bytes: fs.statSync(log).size });
  expect(openFds()).toBe(before);
});

test('a log that cannot be read is the error before --repo-root is looked at', async () => {
  await expect(openSession(options({ fromLog: path.join(tmp, 'missing.log'), repoRoot: path.join(tmp, 'nope') }))).rejects.toThrow(
    'cannot read --from-log ' + path.join(tmp, 'missing.log') + ': ',
  );
  await expect(openSession(options({ fromLog: tmp }))).rejects.toThrow(`cannot read --from-log ${tmp}: is a directory`);
});
