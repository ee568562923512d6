/**
 * A func literal inlined from another package's function (`dep.Hook()` returning a literal) is
 * printed at the call, and so are its captures (`UseAdder capturing by value: dep.n`): one with
 * no capture line there captures nothing and is a static function value, a note; one that
 * captures a variable, or in generic code its dictionary (`dep..dict`), allocates. The
 * dependency's files are outside the repository here, so each call keeps its own finding. Real
 * go1.26 -m=2 output and a Go test measuring each call (fixtures/inlinedliteral).
 */
import path from 'node:path';
import { execa } from 'execa';
import { classify } from '../../src/classify/classify.js';
import { ImplicitClosures } from '../../src/pipeline/implicit-closures.js';
import { parseText } from '../../src/parse/stream.js';
import type { ParsedRecord, VerdictRecord } from '../../src/parse/records.js';
import { isClassifierInput } from '../../src/pipeline/select.js';
import { GO_BIN, goEnv } from '../cli/go-module.js';
import { fixtureModule, fixtureOptions, withGo } from './fixture-module.js';
import { readFileSync } from 'node:fs';
import { verdicts } from './helpers.js';

const DIR = fixtureModule('inlinedliteral');

/**
 * The fixture's verdicts as lint hands them on: through ImplicitClosures, which marks literals,
 * without those of the dependency's files (the record filter leaves out files outside the repository).
 */
function lintVerdicts(): VerdictRecord[] {
  const implicit = new ImplicitClosures();
  const out: VerdictRecord[] = [];
  const push = (r: ParsedRecord): void => {
    if (isClassifierInput(r) && !(r.file ?? '').endsWith('dep/dep.go')) out.push(r);
  };
  for (const r of parseText(readFileSync(path.join(DIR, 'm2.log'), 'utf8')).records) {
    for (const v of implicit.onRecord(r)) push(v);
    push(r);
  }
  for (const v of implicit.end()) push(v);
  return out;
}

test('a literal inlined at a call with no capture line there is static; one capturing a variable or the dictionary allocates', () => {
  const findings = classify(lintVerdicts(), fixtureOptions('inlinedliteral')).findings;
  expect(findings.filter((f) => f.ruleId === 'closure-escape').map((f) => `${f.level} ${f.file}:${f.line}:${f.column} ${f.function ?? ''}`)).toEqual([
    'note inlinedliteral.go:11:33 UseHook',
    'warning inlinedliteral.go:14:40 UseAdder',
    'warning inlinedliteral.go:17:40 UseGHook',
    'note inlinedliteral.go:20:39 UseOpt',
  ]);
  // Without the marks (a parse that did not go through ImplicitClosures), nothing is said static.
  const unmarked = verdicts(readFileSync(path.join(DIR, 'm2.log'), 'utf8')).filter((r) => !(r.file ?? '').endsWith('dep/dep.go'));
  expect(classify(unmarked, fixtureOptions('inlinedliteral')).findings.filter((f) => f.ruleId === 'closure-escape').map((f) => f.level)).toEqual(['warning', 'warning', 'warning', 'warning']);
});

withGo(
  'the Go test agrees on which allocate',
  async () => {
    const test = await execa(path.join(GO_BIN, 'go'), ['test', '-count=1', '.'], { cwd: DIR, env: goEnv(), extendEnv: false, reject: false });
    expect([test.exitCode, test.stdout.replace(/\t[\d.]+s$/, '')]).toEqual([0, 'ok  \texample.com/inlinedliteral']);
  },
  120_000,
);
