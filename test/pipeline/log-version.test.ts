/**
 * A saved log's compiler, when --go-version does not say: Go 1.25 changed the -m=2 headers
 * (`x escapes to heap in F:`, `parameter p leaks to L for F with derefs=N:`), so a log that holds
 * one was written by Go 1.25 or later. Older headers say only "before 1.25", which no rule can use.
 */
import fs, { readFileSync } from 'node:fs';
import path from 'node:path';
import { goVersionOfLog } from '../../src/pipeline/log-version.js';
import { cliIn, tempDir } from '../cli/go-module.js';
import { fixturesDir } from '../parse/helpers.js';

const fixture = (version: string, file: string): Buffer => readFileSync(path.join(fixturesDir, 'out', `go${version}`, file));

describe('goVersionOfLog', () => {
  test.each([
    ['1.26', 'm2.txt', { major: 1, minor: 25 }],
    ['1.25', 'm2.txt', { major: 1, minor: 25 }],
    ['1.24', 'm2.txt', null],
    ['1.22', 'm2.txt', null],
    ['1.19', 'm2.txt', null],
    // -m=1: no headers at all.
    ['1.26', 'm1.txt', null],
  ])('go%s %s', (version, file, expected) => {
    expect(goVersionOfLog(fixture(version, file))).toEqual(expected);
  });

  test.each([
    ['./a.go:3:2: x escapes to heap in main:\n', { major: 1, minor: 25 }],
    ['./a.go:3:2: parameter p leaks to {heap} for f with derefs=0:\r\n', { major: 1, minor: 25 }],
    ['./a.go:3:2: x escapes to heap:\n./a.go:3:2:   flow: {heap} = &x:\n', null],
    // Before 1.25 the location can hold `for` as well.
    ['./a.go:3:2: parameter s leaks to {storage for s} with derefs=0:\n', null],
    ['./a.go:3:2: parameter s leaks to {storage for s} for (*T).M with derefs=1:\n', { major: 1, minor: 25 }],
    // Words of the source, not a header: the verdict line has no colon after the function.
    ['./a.go:3:2: "escapes to heap in main:" escapes to heap\n', null],
    ['', null],
  ])('%j', (text, expected) => {
    expect(goVersionOfLog(Buffer.from(text, 'utf8'))).toEqual(expected);
  });

  test('garbage of many positions is read in time proportional to its size, and says nothing', () => {
    // One pattern over the whole head was quadratic in such input.
    expect(goVersionOfLog(Buffer.from(`${'a:1: '.repeat(200_000)}\n`))).toBeNull();
    expect(goVersionOfLog(Buffer.from(`${'a:1: '.repeat(800)}:\n`.repeat(250)))).toBeNull();
  });
});

describe('lint --from-log without --go-version', () => {
  it('classifies a Go 1.26 log as --go-version 1.25 would: the oversized wording is exact', async () => {
    const log = path.join(fixturesDir, 'out', 'go1.26', 'm2.txt');
    // The log's files are not on disk: their paths are read as written, under the repository.
    const repo = tempDir('heaplint-log-version-');
    const args = ['lint', '--from-log', log, '--repo-root', repo, '--format', 'json', '--fail-level', 'none'];
    const [plain, flagged] = [await cliIn(repo, args), await cliIn(repo, [...args, '--go-version', '1.25'])];
    fs.rmSync(repo, { recursive: true, force: true });
    expect([plain.code, plain.stderr, flagged.code]).toEqual([0, '', 0]);
    type Report = { findings: { ruleId: string; line: number; message: string }[]; go: { version: string | null } };
    const [a, b] = [JSON.parse(plain.stdout) as Report, JSON.parse(flagged.stdout) as Report];
    expect(a.findings).toEqual(b.findings);
    // The report names no version the log did not state.
    expect([a.go.version, b.go.version]).toEqual([null, 'go1.25']);
    expect(a.findings.find((f) => f.ruleId === 'oversized-allocation' && f.line === 45)?.message).toContain('since Go 1.24');
  });

  it('reads a log on standard input the same way, the version included', async () => {
    const log = path.join(fixturesDir, 'out', 'go1.26', 'm2.txt');
    const repo = tempDir('heaplint-log-version-');
    const args = ['--repo-root', repo, '--format', 'json', '--fail-level', 'none'];
    const text = readFileSync(log);
    // Cut in small chunks, as a pipe delivers them: the head is read across several.
    const chunks = Array.from({ length: Math.ceil(text.length / 4096) }, (_, i) => text.subarray(i * 4096, (i + 1) * 4096));
    const [fromFile, fromStdin] = [await cliIn(repo, ['lint', '--from-log', log, ...args]), await cliIn(repo, ['lint', '--from-log', '-', ...args], { stdin: chunks })];
    fs.rmSync(repo, { recursive: true, force: true });
    expect([fromStdin.code, fromStdin.stderr]).toEqual([0, '']);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    type Report = { findings: { ruleId: string; line: number; message: string }[] };
    expect((JSON.parse(fromStdin.stdout) as Report).findings.find((f) => f.ruleId === 'oversized-allocation' && f.line === 45)?.message).toContain('since Go 1.24');
  });
});
