import { recordToJson } from '../../src/report/jsonl.js';
import { parseText } from '../../src/parse/stream.js';

describe('recordToJson', () => {
  test('stable key order: kind, position, message, kind fields, package, variant, count, logLine', () => {
    const log = [
      '# example.com/e [example.com/e.test]',
      './a.go:3:8: parameter p leaks to ~r0 for F with derefs=0:',
      './a.go:3:8:   flow: ~r0 ← p:',
      './a.go:3:8:     from return p (return) at ./a.go:4:2',
      './a.go:3:8: leaking param: p to result ~r0 level=0',
      './a.go:9:6: cannot inline G: marked go:noinline',
    ].join('\n');
    expect(parseText(log).records.map(recordToJson)).toEqual([
      '{"kind":"package-header","file":null,"line":null,"column":null,"message":"# example.com/e [example.com/e.test]","package":"example.com/e","variant":"example.com/e.test","count":1,"logLine":1}',
      '{"kind":"leaking-param-to-result","file":"./a.go","line":3,"column":8,"message":"leaking param: p to result ~r0 level=0","subject":"p","function":"F","result":"~r0","level":0,' +
        '"flows":[{"block":0,"dst":"~r0","src":"p","derefs":0,"steps":[{"expr":"return p","why":"return","file":"./a.go","line":4,"column":2}]}],' +
        '"explanations":[{"subject":"p","function":"F","sink":"~r0","derefs":0,"truncated":false}],"package":"example.com/e","variant":"example.com/e.test","count":1,"logLine":2}',
      '{"kind":"cannot-inline","file":"./a.go","line":9,"column":6,"message":"cannot inline G: marked go:noinline","function":"G","reason":"marked go:noinline","cost":null,"budget":null,"caller":null,"package":"example.com/e","variant":"example.com/e.test","count":1,"logLine":6}',
    ]);
  });

  test('order does not depend on how the object was built', () => {
    expect(
      recordToJson({ logLine: 3, count: 2, variant: null, package: 'p', category: 'devirtualize', message: 'devirtualizing i.M to *T', column: 1, line: 2, file: 'a.go', kind: 'optimization' }),
    ).toBe('{"kind":"optimization","file":"a.go","line":2,"column":1,"message":"devirtualizing i.M to *T","category":"devirtualize","package":"p","variant":null,"count":2,"logLine":3}');
  });
});
