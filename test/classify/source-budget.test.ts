import { classify, SCANNED_SOURCE_BUDGET } from '../../src/classify/classify.js';
import { fixtureResolver, fixtureText, goVersionOf, readSource, verdicts } from './helpers.js';

/** Classifies a fixture log with a given scan budget, counting the source reads per file. */
function run(file: string, scanBudget?: number): { findings: unknown; reads: Record<string, number> } {
  const reads: Record<string, number> = {};
  const result = classify(verdicts(fixtureText('1.26', file)), {
    resolver: fixtureResolver(),
    goVersion: goVersionOf('1.26'),
    readSource: (abs) => {
      const name = abs.slice(abs.indexOf('/src/') + 5);
      reads[name] = (reads[name] ?? 0) + 1;
      return readSource(abs);
    },
    ...(scanBudget !== undefined ? { scanBudget } : {}),
  });
  return { findings: result.findings, reads };
}

describe('scanned sources are kept within a budget', () => {
  test('the default budget holds a small module: each file is read and scanned once', () => {
    expect(SCANNED_SOURCE_BUDGET).toBe(1 << 20);
    expect(run('m2.txt').reads).toEqual({ 'esctest/main.go': 1, 'esctest/s2a.go': 1, 'esctest/sub/sub.go': 1 });
  });

  test('with no budget, files are scanned again when used again, and the findings are the same', () => {
    const whole = run('m2.txt');
    const tight = run('m2.txt', 0);
    expect(tight.findings).toEqual(whole.findings);
    expect((whole.findings as unknown[]).length).toBe(32);
    // main.go's records are interleaved with lookups in the other files, so it is read (and scanned) again.
    expect(tight.reads).toEqual({ 'esctest/main.go': 3, 'esctest/s2a.go': 2, 'esctest/sub/sub.go': 1 });
  });
});
