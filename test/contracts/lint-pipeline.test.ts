/**
 * The contracts corpus through the whole `heaplint lint` pipeline (record filter, contracts
 * stage, policy stage), from its captured Go 1.26 log: the same findings as the pure checker
 * gets from every parsed record. The filter decides which records reach the stage; a kind it
 * leaves out changes a message here (it once left out `considered 'big'`).
 */
import path from 'node:path';
import { cliIn, type JsonReport } from '../cli/go-module.js';
import { CORPUS_DIR } from './corpus.js';
import { CORPUS_FINDINGS } from './corpus-findings.js';

const REPO = path.resolve(CORPUS_DIR, '../../..');

type Full = JsonReport['findings'][number] & { message: string };

test('heaplint lint --from-log on the corpus log gives the corpus findings', async () => {
  const r = await cliIn(CORPUS_DIR, ['lint', '--from-log', 'go1.26.m2.txt', '--repo-root', REPO, '--format', 'json', '--fail-level', 'none']);
  expect([r.code, r.stderr]).toEqual([0, '']);
  const findings = (JSON.parse(r.stdout) as { findings: Full[] }).findings;
  // The policy stage adds its own invalid-directive findings (misspelt directives): compare the rest.
  const checked = new Set(['contract-violation', 'stale-annotation']);
  const contracts = findings
    .filter((f) => checked.has(f.ruleId))
    .map((f) => ({ ruleId: f.ruleId, level: f.level, file: f.file, line: f.line, column: f.column, message: f.message }));
  const byPosition = (a: { file: string; line: number; column: number }, b: { file: string; line: number; column: number }): number =>
    a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
  expect(contracts.sort(byPosition)).toEqual(CORPUS_FINDINGS.filter((f) => checked.has(f.ruleId)).sort(byPosition));
});
