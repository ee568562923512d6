import { classify, Classifier, type ClassifyOptions, type ClassifyResult } from '../../src/classify/classify.js';
import type { VerdictRecord } from '../../src/parse/records.js';
import { fixtureResolver, fixtureText, goVersionOf, inMemoryOptions, readSource, verdicts } from './helpers.js';

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

/** The records of each package section, in log order. */
function sections(records: VerdictRecord[]): VerdictRecord[][] {
  const out: VerdictRecord[][] = [];
  for (const r of records) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0]?.package === r.package && last[0]?.variant === r.variant) last.push(r);
    else out.push([r]);
  }
  return out;
}

function streamed(parts: VerdictRecord[][], options: ClassifyOptions): ClassifyResult {
  const classifier = new Classifier(options);
  for (const part of parts) classifier.add(part);
  return classifier.finish();
}

test.each(['1.19', '1.21', '1.22', '1.23', '1.24', '1.25', '1.26'])(
  'Go %s m2.txt: classified section by section, in either order, the same as all at once',
  (version) => {
    const records = verdicts(fixtureText(version, 'm2.txt'));
    const options = { resolver: fixtureResolver(), goVersion: goVersionOf(version), readSource };
    const whole = classify(records, options);
    const parts = sections(records);
    expect(parts.map((p) => p[0]?.package)).toEqual(['example.com/esctest/sub', 'example.com/esctest']);
    expect(streamed(parts, options)).toEqual(whole);
    expect(streamed([...parts].reverse(), options)).toEqual(whole);
  },
);

/** An `escapes to heap` record without flows. */
function escapes(r: Pick<VerdictRecord, 'package' | 'variant' | 'file' | 'line' | 'column' | 'subject' | 'logLine'>): VerdictRecord {
  return { kind: 'escapes-to-heap', message: `${r.subject} escapes to heap`, count: 1, function: null, flows: [], explanations: [], ...r };
}

const brief = (r: ClassifyResult): string[] => r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);

describe('a package and its test variant are separate compilation units', () => {
  // `x.M` is a field of unknown type in a.go; only a_test.go declares a method M (of another
  // type). The test variant's facts include a_test.go, the plain package's do not, whichever
  // section the log prints first.
  const files: Record<string, string> = {
    '/m/p/a.go': 'package p\n\nvar sink any\n\nfunc F(x S) {\n\tsink = x.M\n}\n',
    '/m/p/a_test.go': 'package p\n\ntype U struct{}\n\nfunc (U) M() {}\n\nfunc G() *U {\n\treturn &U{}\n}\n',
  };
  const options = inMemoryOptions(files, 'p');
  const at = (file: string, line: number, column: number, subject: string, variant: string | null, logLine: number): VerdictRecord =>
    escapes({ package: 'example.com/m/p', variant, file, line, column, subject, logLine });
  const plain = [at('./a.go', 6, 9, 'x.M', null, 2)];
  const variant = [at('./a.go', 6, 9, 'x.M', 'example.com/m/p.test', 4), at('./a_test.go', 8, 9, '&U{}', 'example.com/m/p.test', 5)];

  test('the same findings whichever comes first', () => {
    // The plain build: `sink = x.M` boxes a field; the test variant: a method value.
    const expected = ['interface-boxing p/a.go:6:9', 'method-value p/a.go:6:9', 'pointer-escape p/a_test.go:8:9'];
    expect(brief(streamed([plain, variant], options))).toEqual(expected);
    expect(brief(streamed([variant, plain], options))).toEqual(expected);
    expect(brief(classify([...variant, ...plain], options))).toEqual(expected);
  });
});

test('a method inlined from a package whose section comes later is still a method value', () => {
  // store.New's body, inlined into main, takes the method value `c.evictAll`: printed as
  // `store.c.evictAll`, which only store's files can say is a method.
  const files: Record<string, string> = {
    '/m/main.go': 'package main\n\nimport "example.com/m/store"\n\nfunc main() {\n\t_ = store.New()\n}\n',
    '/m/store/store.go':
      'package store\n\ntype cache struct{}\n\nfunc (c *cache) evictAll() {}\n\nfunc New() func() {\n\tc := &cache{}\n\treturn c.evictAll\n}\n',
  };
  const options = inMemoryOptions(files);
  const main = [escapes({ package: 'example.com/m', variant: null, file: './main.go', line: 6, column: 15, subject: 'store.c.evictAll', logLine: 2 })];
  const store = [escapes({ package: 'example.com/m/store', variant: null, file: './store/store.go', line: 8, column: 7, subject: '&cache{}', logLine: 4 })];
  const expected = ['method-value main.go:6:15', 'pointer-escape store/store.go:8:7'];
  expect(brief(streamed([store, main], options))).toEqual(expected);
  expect(brief(streamed([main, store], options))).toEqual(expected);
});
