/**
 * Escape analysis says `func literal escapes to heap` for a literal that captures nothing too,
 * but the compiler makes such a literal a static function value: nothing is allocated. A literal
 * that uses no variable of the functions it is nested in (globals are no captures) is a note
 * that says so; one that captures a parameter, a local or the receiver is allocated, a warning,
 * and so is one in a generic function or method, which captures the function's dictionary.
 * fixtures/staticclosure holds real go1.26 -m=2 output and a Go test that measures each case
 * with testing.AllocsPerRun.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { classify } from '../../src/classify/classify.js';
import { cliIn, GO_BIN, goEnv } from '../cli/go-module.js';
import { verdicts } from './helpers.js';

const DIR = path.join(import.meta.dirname, 'fixtures', 'staticclosure');

const EXPECTED = [
  ["closure-escape note 10:27 NoCapture func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. It captures no variables, so the compiler makes it a static function value and this does not allocate. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape note 12:29 GlobalsOnly func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. It captures no variables, so the compiler makes it a static function value and this does not allocate. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 16:28 Param func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 20:9 Local func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 25:31 R.Method func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 28:32 Generic func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 32:36 Box.Method func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
];

type Brief = { ruleId: string; level: string; line: number; column: number; function: string | null; subject: string; message: string };
const brief = (f: Brief): string[] => [`${f.ruleId} ${f.level} ${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`, f.message];

test('a func literal that captures nothing allocates nothing: a note', () => {
  const result = classify(verdicts(readFileSync(path.join(DIR, 'm2.log'), 'utf8')), {
    resolver: { resolve: (file) => ({ absolute: path.join(DIR, file), repoRelative: path.normalize(file), outside: null }) },
    goVersion: { major: 1, minor: 26 },
    readSource: (abs) => readFileSync(abs, 'utf8'),
  });
  expect(result.findings.map(brief)).toEqual(EXPECTED);
});

(existsSync(path.join(GO_BIN, 'go')) ? test : test.skip)(
  'the same from heaplint lint, and the Go test agrees on which allocate',
  async () => {
    const r = await cliIn(DIR, ['lint', './...', '--repo-root', DIR, '--format', 'json', '--fail-level', 'none']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect((JSON.parse(r.stdout) as { findings: Brief[] }).findings.map(brief)).toEqual(EXPECTED);
    const measured = await execa(path.join(GO_BIN, 'go'), ['test', '-count=1', '.'], { cwd: DIR, env: goEnv(), extendEnv: false, reject: false });
    expect([measured.exitCode, measured.stdout.replace(/\t[\d.]+s$/, '')]).toEqual([0, 'ok  \texample.com/staticclosure']);
  },
  120_000,
);
