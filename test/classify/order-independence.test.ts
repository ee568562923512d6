import { classify } from '../../src/classify/classify.js';
import type { VerdictRecord } from '../../src/parse/records.js';
import { fixtureResolver, fixtureText, goVersionOf, readSource, verdicts } from './helpers.js';

/**
 * cmd/go prints package sections in the order its parallel actions finish, which changes from
 * run to run (more so on a busy machine): the findings must not. A call site's allocations are
 * merged into the inlined body's finding, and repeated findings into one, whichever comes first.
 */
function findingsOf(records: VerdictRecord[]): unknown {
  return classify(records, { resolver: fixtureResolver(), goVersion: goVersionOf('1.26'), readSource }).findings;
}

/** The records grouped by package section, the sections in reverse order. */
function sectionsReversed(records: VerdictRecord[]): VerdictRecord[] {
  const byPackage = new Map<string, VerdictRecord[]>();
  for (const r of records) {
    const list = byPackage.get(r.package ?? '') ?? [];
    list.push(r);
    byPackage.set(r.package ?? '', list);
  }
  return [...byPackage.values()].reverse().flat();
}

test.each(['m2.txt', 'm2b.txt', 'm2c.txt', 'm2d_esctest4.txt', 'm2e_esctest5_l.txt'])('%s: the same findings whatever the order of the records', (file) => {
  const records = verdicts(fixtureText('1.26', file));
  const inLogOrder = findingsOf(records);
  expect(findingsOf(sectionsReversed(records))).toEqual(inLogOrder);
  expect(findingsOf([...records].reverse())).toEqual(inLogOrder);
});
