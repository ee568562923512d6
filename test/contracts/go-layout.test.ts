import { enclosingFunc, scanGoLayout } from '../../src/contracts/go-layout.js';

describe('scanGoLayout', () => {
  const source = [
    'package p', // 1
    '', // 2
    '// F does things.', // 3
    'func F(x interface{}) struct{ a int } {', // 4
    '\ts := "hash(not a call) // nor a comment"', // 5
    '\t_ = `raw hash(', // 6
    'still raw`', // 7
    '\treturn struct{ a int }{hash(x)} /* hash( */', // 8
    '}', // 9
    '', // 10
    'func (d *Digest[T]) Write(b []byte) { d.Write(b) }', // 11
    'func (Value) M()', // 12
    '/* block', // 13
    '   comment */', // 14
    'func héllo() { hash(1) }', // 15
  ].join('\n');
  const layout = scanGoLayout(source);

  test('functions, with the compiler name, the inlining-verdict position and the exact extent', () => {
    expect(layout.funcs).toEqual([
      { compilerName: 'F', name: 'F', receiver: null, namePos: { line: 4, column: 6 }, declPos: { line: 4, column: 6 }, start: { line: 4, column: 1 }, end: { line: 9, column: 1 } },
      {
        compilerName: '(*Digest).Write',
        name: 'Write',
        receiver: 'Digest',
        namePos: { line: 11, column: 21 },
        declPos: { line: 11, column: 6 },
        start: { line: 11, column: 1 },
        end: { line: 11, column: 50 },
      },
      { compilerName: 'Value.M', name: 'M', receiver: 'Value', namePos: { line: 12, column: 14 }, declPos: { line: 12, column: 6 }, start: { line: 12, column: 1 }, end: { line: 12, column: 16 } },
      // Columns are UTF-8 bytes: é is two.
      { compilerName: 'héllo', name: 'héllo', receiver: null, namePos: { line: 15, column: 6 }, declPos: { line: 15, column: 6 }, start: { line: 15, column: 1 }, end: { line: 15, column: 25 } },
    ]);
  });

  test('line kinds tell comment lines from blank lines and code', () => {
    expect(layout.lineKinds).toEqual(['code', 'blank', 'comment', 'code', 'code', 'code', 'code', 'code', 'code', 'blank', 'code', 'code', 'comment', 'comment', 'code']);
  });

  test('call candidates are found in code only, at their left parenthesis', () => {
    expect(layout.calls.filter((c) => c.name === 'hash' || c.name === 'Write')).toEqual([
      { name: 'hash', qualified: false, start: { line: 8, column: 25 }, lparen: { line: 8, column: 29 } },
      { name: 'Write', qualified: false, start: { line: 11, column: 21 }, lparen: { line: 11, column: 26 } },
      { name: 'Write', qualified: true, start: { line: 11, column: 41 }, lparen: { line: 11, column: 46 } },
      { name: 'hash', qualified: false, start: { line: 15, column: 17 }, lparen: { line: 15, column: 21 } },
    ]);
  });

  test('enclosingFunc honours columns on the first and last line', () => {
    const oneLine = scanGoLayout('package p\nfunc A() int { return 1 }; var x = new(int)\n');
    expect(enclosingFunc(oneLine.funcs, { line: 2, column: 16 })?.name).toBe('A');
    expect(enclosingFunc(oneLine.funcs, { line: 2, column: 37 })).toBeNull();
    expect(enclosingFunc(oneLine.funcs, { line: 2, column: null })?.name).toBe('A');
  });
});
