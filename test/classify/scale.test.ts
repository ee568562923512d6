import { classify } from '../../src/classify/classify.js';
import type { VerdictRecord } from '../../src/parse/records.js';

// Every record sits at a call's `(` (the shape of an inlined body), which used to make the
// inlined-site merge compare each finding with every other one.
// Timing belongs to `npm run bench`; this test keeps the large input's exact results.
test('classify handles 20000 inlined-call verdicts in one file', () => {
  const n = 20000;
  const lines = ['package p', ''];
  for (let i = 0; i < n; i++) lines.push(`func f${i}(x int) { keep(x) }`);
  const text = lines.join('\n');
  const column = 'func f(x int) { keep('.length + 0; // column of `(` after keep, shifted by the index digits below
  const records: VerdictRecord[] = [];
  for (let i = 0; i < n; i++) {
    const col = column + String(i).length;
    records.push({
      kind: 'escapes-to-heap', subject: 'x', function: null, file: './p.go', line: i + 3, column: col, message: 'x escapes to heap',
      package: 'example.com/p', variant: null, count: 1, logLine: i + 1, flows: [], explanations: [],
    });
  }
  const result = classify(records, {
    resolver: { resolve: () => ({ absolute: '/virtual/p.go', repoRelative: 'p.go', outside: null }) },
    goVersion: { major: 1, minor: 26 },
    readSource: () => text,
  });
  expect(result.findings).toHaveLength(n);
  expect(result.findings[5]?.function).toBe('f5');
  expect(result.findings[5]?.ruleId).toBe('interface-boxing');
});
