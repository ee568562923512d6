/**
 * A leak to a result (`leaking param: p to result ~r0`) is classified by leaking-param, but it is
 * no heap verdict: it adds nothing to the facts other records are classified with. Its file
 * holds no heap verdict here; had it been registered with the package, the method `output`
 * declared there would make the field `test.output` a method value.
 */
import { classify } from '../../src/classify/classify.js';
import type { VerdictRecord } from '../../src/parse/records.js';
import { inMemoryOptions } from './helpers.js';

const files: Record<string, string> = {
  '/m/p/a.go': 'package p\n\nimport "fmt"\n\nfunc check(tests []T) {\n\tfor _, test := range tests {\n\t\tfmt.Println(test.output)\n\t}\n}\n',
  '/m/p/b.go': 'package p\n\ntype G struct{}\n\nfunc (g *G) output(s string) string { return s }\n\nfunc pass(p *int) *int { return p }\n',
};
const options = inMemoryOptions(files, 'p');
const at = { package: 'example.com/m/p', variant: null, count: 1, function: null, flows: [], explanations: [] };
const boxed: VerdictRecord = { ...at, kind: 'escapes-to-heap', file: './a.go', line: 7, column: 20, message: 'test.output escapes to heap', logLine: 2, subject: 'test.output' };
const toResult: VerdictRecord = {
  ...at,
  kind: 'leaking-param-to-result',
  file: './b.go',
  line: 7,
  column: 11,
  message: 'leaking param: p to result ~r0 level=0',
  logLine: 3,
  subject: 'p',
  result: '~r0',
  level: 0,
};

test('the leak is reported, and the other record is classified as without it', () => {
  const brief = (records: VerdictRecord[]): string[] => classify(records, options).findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
  expect(brief([boxed])).toEqual(['interface-boxing p/a.go:7:20']);
  expect(brief([boxed, toResult])).toEqual(['interface-boxing p/a.go:7:20', 'leaking-param p/b.go:7:11']);
});
