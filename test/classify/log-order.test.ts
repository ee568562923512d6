/**
 * cmd/go prints package sections in the order its actions finish, which changes from run to run,
 * and lint classifies each section as it ends: what it says of one package must not depend on
 * whether another came before it. fixtures/logorder: real go1.26 output of literals and constants
 * of types declared in other packages, reached through a dot import, through an import whose path
 * does not give the package's name (`nats.go`), and through a constant of a package the file does
 * not import (only the log's section of the type's package declares it). The `nats.go` directory
 * also once failed `--from-log` (its directive scan read it as a Go file).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Classifier } from '../../src/classify/classify.js';
import type { VerdictRecord } from '../../src/parse/records.js';
import { briefFinding, fixtureModule, fixtureOptions, fixtureTests } from './fixture-module.js';
import { verdicts } from './helpers.js';

const EXPECTED = [
  'pointer-escape note 13:14 Lex rules.Rules{...}',
  'pointer-escape note 18:20 Head nats.Header{}',
  'interface-boxing note 12:26 Min rules.Edition(998)',
  'pointer-escape note 9:32 New Rules{}',
];

fixtureTests('logorder', 'types of other packages, however the file reaches them', briefFinding, EXPECTED, 'example.com/logorder');

/** The records by package section, in log order. */
function sectionsOf(records: VerdictRecord[]): VerdictRecord[][] {
  const byPackage = new Map<string, VerdictRecord[]>();
  for (const r of records) byPackage.set(r.package ?? '', [...(byPackage.get(r.package ?? '') ?? []), r]);
  return [...byPackage.values()];
}

test('the same findings, each section classified as it ends, in every order of the sections', () => {
  const sections = sectionsOf(verdicts(readFileSync(path.join(fixtureModule('logorder'), 'm2.log'), 'utf8')));
  expect(sections.map((s) => s[0]?.package)).toEqual(['example.com/logorder/rules', 'example.com/logorder/lexers', 'example.com/logorder']);
  const orders = [
    [0, 1, 2],
    [2, 1, 0],
    [1, 2, 0],
    [2, 0, 1],
  ];
  for (const order of orders) {
    const classifier = new Classifier(fixtureOptions('logorder'));
    for (const i of order) classifier.add(sections[i] ?? []);
    const findings = classifier.finish().findings.map(briefFinding);
    expect([order, findings]).toEqual([order, EXPECTED]);
  }
});
