/**
 * Go 1.26 inlines fmt.Errorf, and the compiler reports the `&errors.errorString{...}` of its
 * closing `errors.New(format)` at every call; only a call with nothing to format reaches it.
 * fixtures/errorf: real go1.26 output and a Go test that measures each call with
 * testing.AllocsPerRun (with an argument: the printer's string and the error, no third).
 */
import { classify } from '../../src/classify/classify.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runContractStage } from '../../src/contracts/stage.js';
import { parseText } from '../../src/parse/stream.js';
import { briefFinding, fixtureModule, fixtureOptions, sameFromLint } from './fixture-module.js';
import { verdicts } from './helpers.js';

const EXPECTED = [
  'pointer-escape note 15:19 NoArg &errors.errorString{...}',
  // A spread may be empty: the call can reach errors.New.
  'pointer-escape note 20:19 Spread &errors.errorString{...}',
  'interface-boxing warning 25:38 TwoArgs a',
  'interface-boxing warning 25:41 TwoArgs b',
];

const LOG = (): string => readFileSync(path.join(fixtureModule('errorf'), 'm2.log'), 'utf8');

test("fmt.Errorf's errors.New is an allocation only of calls with nothing to format; those left out are counted", () => {
  const result = classify(verdicts(LOG()), fixtureOptions('errorf'));
  expect(result.findings.map(briefFinding)).toEqual(EXPECTED);
  expect(result.excluded).toEqual({ unreachable: 3 });
});

test('nor does it break a noescape contract: only the leaking parameter does', async () => {
  const dir = fixtureModule('errorf');
  const findings = await runContractStage({
    repoRoot: dir,
    records: parseText(LOG()).records,
    resolve: (file) => path.normalize(file),
    builtPackages: new Set(['example.com/errorf']),
    packageDirs: new Map([['example.com/errorf', dir]]),
    goVersion: { major: 1, minor: 26 },
  });
  expect(findings.map(briefFinding)).toEqual(['contract-violation error 31:15 Noescape p']);
});

sameFromLint('errorf', briefFinding, [...EXPECTED, 'contract-violation error 31:15 Noescape p'], 'example.com/errorf');
