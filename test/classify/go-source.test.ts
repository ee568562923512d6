import { calleeAt, expressionStartColumn, callWritten, enclosingFunction, expressionExtent, fileDeclarations, importName, literalCaptures, scanGoSource, sumOperandsAt, typeSpecsOf, statementKeyword, tokenize } from '../../src/source/go-source.js';

const SRC = [
  'package p', // 1
  '', // 2
  'type T struct{ s []int }', // 3
  '', // 4
  'func (t *T) Len() int { return len(t.s) }', // 5
  '', // 6
  'func (s *Stack[E]) Push(v E) { s.items = append(s.items, v) }', // 7
  '', // 8
  'func outer() (r *int, err error) {', // 9
  '\tx := "é}{" // a string with braces: func (', // 10
  '\tf := func() func() int {', // 11
  "\t\treturn func() int { return len(`}`) + 'x' }", // 12
  '\t}', // 13
  '\tg := func() {}', // 14
  '\t/* func fake() { */', // 15
  '\t_ = []*int{new(int),', // 16
  '\t\tnil}', // 17
  '\tgo fmt.Println(x, f, g)', // 18
  '\treturn nil, nil', // 19
  '}', // 20
  '', // 21
  'var hook = func() {}', // 22
  'func generic[X any](x X) any { return x }', // 23
  'func bodyless(p *int)', // 24
  '', // 25
].join('\n');

describe('scanGoSource', () => {
  const src = scanGoSource(SRC);
  test('functions, methods, closures and their ranges', () => {
    expect(src.functions.map((f) => [f.name, f.closure, f.line, f.column, f.endLine, f.endColumn, f.namedResults, f.params])).toEqual([
      ['T.Len', false, 5, 1, 5, 42, [], ['t']],
      ['Stack.Push', false, 7, 1, 7, 62, [], ['s', 'v']],
      ['outer', false, 9, 1, 20, 2, ['r', 'err'], []],
      ['outer.func1', true, 11, 7, 13, 3, [], []],
      ['outer.func1.1', true, 12, 10, 12, 46, [], []],
      ['outer.func2', true, 14, 7, 14, 16, [], []],
      ['init.func1', true, 22, 12, 22, 21, [], []],
      ['generic', false, 23, 1, 23, 42, [], ['x']],
    ]);
    expect([...src.methodNames].sort()).toEqual(['Len', 'Push']);
  });

  test('a func type that ends its line has no body: the next declaration is not its literal', () => {
    // gin's `var DebugPrintFunc func(...)` before `func debugPrintRoute`: reported as init.func1.
    const text = [
      'package r', // 1
      '', // 2
      'type Opt func(c *int)', // 3
      '', // 4
      'func WithN(n int) Opt {', // 5
      '\treturn func(c *int) { *c = n }', // 6
      '}', // 7
      '', // 8
      'var Hook func(format string, args ...any)', // 9
      'func Log(s string) { println(s) }', // 10
      'var (', // 11
      '\tf func() error', // 12
      '\tg = func() {}', // 13
      ')', // 14
      'var fsink func() string', // 15
      'func (c *Conn) hs() error { return nil }', // 16
    ].join('\n');
    expect(scanGoSource(text).functions.map((f) => `${f.line}:${f.column} ${f.name}`)).toEqual([
      '5:1 WithN',
      '6:9 WithN.func1',
      '10:1 Log',
      '13:6 init.func1',
      '16:1 Conn.hs',
    ]);
  });

  test('a composite literal of func-typed elements is no func literal: closures after it keep their numbers', () => {
    // kafka-go's prototest: `[]func(){}` was loadValue.func1, and the real func1 became func2.
    const text = [
      'package r',
      'func Register() {',
      '\tfs := []func(){}',
      '\tm := map[string]func() int{"a": func() int { return 1 }}',
      '\tvar c chan func()',
      '\tfs = append(fs, func() { println(m, c) })',
      '}',
    ].join('\n');
    expect(scanGoSource(text).functions.map((f) => `${f.line}:${f.column} ${f.name}`)).toEqual(['2:1 Register', '4:34 Register.func1', '6:18 Register.func2']);
  });

  test("a signature's only result, named or not; none for several", () => {
    const text = [
      'package r',
      'func A() uint64 { return 0 }',
      'func B() (n []byte) { return }',
      'func C() (pkg.T) { return pkg.T{} }',
      'func D() (int, error) { return 0, nil }',
      'func E() {}',
      'func (m *M) F() func() int { return nil }',
      'func G() (f func() int) { return }',
    ].join('\n');
    expect(scanGoSource(text).functions.map((f) => `${f.name} ${f.result ?? '-'}`)).toEqual(['A uint64', 'B []byte', 'C pkg.T', 'D -', 'E -', 'M.F func()int', 'G func()int']);
  });

  test('the operands of a sum as written', () => {
    const src = scanGoSource('package r\nfunc f() {\n\tprintln(m.get(0)+m.get(1) + n)\n}\n');
    expect([sumOperandsAt(src, 3, 18), sumOperandsAt(src, 3, 28), sumOperandsAt(src, 3, 10)]).toEqual([['m.get(0)', 'm.get(1)', 'n'], ['m.get(0)', 'm.get(1)', 'n'], null]);
  });

  test('in a file whose brackets do not balance, a literal ends with its function: functions nest', () => {
    // Found by the layout fuzz test: `}}}` inside the literal's parameters closed the method early.
    const text = 'package p\n\nfunc (a *Args) All() iter.Seq[[]byte] {\n\treturn func(yield func([]byte) boo}}}l) {\n\t\tfor range a.keys {\n\t\t}\n\t}\n}\n';
    expect(scanGoSource(text).functions.map((f) => `${f.name} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)).toEqual(['Args.All 3:1-4:37', 'Args.All.func1 4:9-4:37']);
  });

  test('which func literals use a variable of a function they are nested in', () => {
    const text = [
      'package p',
      'var f func()',
      'var G = func() { println(f) }',
      'func S() { f = func() { println("x") } }',
      'func T(a int) { f = func() { println(a) } }',
      'func U() { b := 1; f = func() { println(b) } }',
      'func V() {',
      '\tvar (',
      '\t\tc = 1',
      '\t\td = 2',
      '\t)',
      '\tf = func() { println(d) }',
      '}',
      'func W() { f = func() { e := 1; println(e) } }',
      'func X() { x := struct{ n int }{}; f = func() { println(x.n) } }',
      'func Z() { for i := range 3 { f = func() { println(i) } } }',
      'func (r *R) M() { f = func() { println(r) } }',
      // A field named like a local is no use of it.
      'func Y() { y := 2; f = func() { z := struct{ y int }{}; println(z.y) } }',
      // A local of another literal is not in scope; a parameter hides the name it repeats.
      'func P(t int) { run(func() { c := 1; _ = c }); f = func(c *int) { println(c) } }',
    ].join('\n');
    const src = scanGoSource(text);
    expect(src.functions.filter((f) => f.closure).map((f) => `${f.name} ${literalCaptures(src, f)}`)).toEqual([
      'init.func1 false',
      'S.func1 false',
      'T.func1 true',
      'U.func1 true',
      'V.func1 true',
      'W.func1 false',
      'X.func1 true',
      'Z.func1 true',
      'R.M.func1 true',
      'Y.func1 false',
      'P.func1 false',
      'P.func2 false',
    ]);
  });

  test('names in a func literal that are no variable, or a variable the literal declares again, are no capture', () => {
    const cases: [string, boolean][] = [
      // Field keys of a struct literal, of a qualified or pointed-to struct type; a map's keys are values.
      ['func A() { v := 1; _ = v; f = func() { _ = T{v: 2} } }', false],
      ['func A() { v := 1; _ = v; f = func() { _ = &pkg.T{\n\t\tw: 1,\n\t\tv: 2,\n\t} } }', false],
      ['func A() { v := 1; _ = v; f = func() { _ = U{v: 2} } }', true],
      ['func A() { v := "k"; f = func() { _ = map[string]int{v: 1} } }', true],
      ['func A() { v := 1; f = func() { _ = []T{{v: 1}} } }', true],
      // Labels; case values are uses.
      ['func B() { v := 1; _ = v; f = func() {\n\tv:\n\tfor {\n\t\tbreak v\n\t}\n} }', false],
      ['func B() { v := 1; f = func() { switch 2 { case 1, v: } } }', true],
      ['func B() { v := 1; f = func() { switch 2 { case v: } } }', true],
      ['func B(v chan int) { f = func() { select { case <-v: } } }', true],
      // Declared again: from the end of its statement to the end of its block.
      ['func C() { v := 1; _ = v; f = func() { v := 2; println(v) } }', false],
      ['func C() { v := 1; _ = v; f = func() { var v int; println(v) } }', false],
      ['func C() { v := 1; f = func() { v := v + 1; println(v) } }', true],
      ['func C() { v := 1; f = func() {\n\tv := v +\n\t\t1\n\tprintln(v)\n} }', true],
      ['func C() { v := 1; f = func() { println(v); v := 2; _ = v } }', true],
      ['func C() { v := 1; f = func() { if true { v := 2; _ = v }; println(v) } }', true],
      // In a header: for that statement's block.
      ['func D() { v := 1; _ = v; f = func() { for v := 0; v < 3; v++ { println(v) } } }', false],
      ['func D() { v := 1; f = func() { for v := range 3 { _ = v }; println(v) } }', true],
      ['func D() { v := []int{}; f = func() { for v := range v { _ = v } } }', true],
      // A nested literal's parameter; a select case's variable.
      ['func E() { v := 1; _ = v; f = func() { g := func(v int) { println(v) }; g(1) } }', false],
      ['func E() { v := 1; _ = v; f = func() { ch := make(chan int); select { case v := <-ch: println(v); default: } } }', false],
      ['func E() { v := 1; f = func() { ch := make(chan int); select { case v := <-ch: _ = v; default: println(v) } } }', true],
      // The literal's own named result hides the function's (validator's `(err error)` translations).
      ['func F() (err error) { h = func() (err error) { err = nil; return }; return }', false],
      ['func F() (err error) { f = func() { err = nil }; return }', true],
    ];
    const isStruct = (name: string): boolean => name === 'T' || name === 'pkg.T';
    const got = cases.map(([fn]) => {
      const src = scanGoSource(`package p\n\nvar f func()\n\n${fn}\n`);
      const lit = src.functions.find((g) => g.closure && g.name.endsWith('.func1'));
      return [fn, lit === undefined ? null : literalCaptures(src, lit, isStruct)];
    });
    expect(got).toEqual(cases);
  });

  test('enclosing function is the innermost; a func literal at its own keyword belongs to the outer one', () => {
    expect(enclosingFunction(src, 12, 30)?.name).toBe('outer.func1.1');
    expect(enclosingFunction(src, 12, 10)?.name).toBe('outer.func1');
    expect(enclosingFunction(src, 10, 2)?.name).toBe('outer');
    expect(enclosingFunction(src, 3, 1)).toBeNull();
  });

  test('UTF-8 byte columns: a two-byte rune shifts later columns by one', () => {
    const line10 = tokenize(SRC).filter((t) => t.line === 10);
    expect(line10.map((t) => [t.text, t.column, t.endColumn])).toEqual([
      ['x', 2, 3],
      [':', 4, 5],
      ['=', 5, 6],
      ['"é}{"', 7, 13],
    ]);
  });

  // [kind, text, line, column, endLine, endColumn] of each token.
  test.each([
    [
      '4-byte runes and Unicode identifiers; numbers as the scanner cuts them',
      '\u{1d431}é := "\u{1f600}" + `a\nb` // c\n.5e+3 0x1p-2',
      [
        ['ident', '\u{1d431}é', 1, 1, 1, 7],
        ['punct', ':', 1, 8, 1, 9],
        ['punct', '=', 1, 9, 1, 10],
        ['string', '"\u{1f600}"', 1, 11, 1, 17],
        ['punct', '+', 1, 18, 1, 19],
        ['string', '`a\nb`', 1, 20, 2, 3],
        ['number', '.5e', 3, 1, 3, 4],
        ['punct', '+', 3, 4, 3, 5],
        ['number', '3', 3, 5, 3, 6],
        ['number', '0x1p', 3, 7, 3, 11],
        ['punct', '-', 3, 11, 3, 12],
        ['number', '2', 3, 12, 3, 13],
      ],
    ],
    [
      'a lone surrogate counts as the three bytes of U+FFFD; an escaped newline stays in the string',
      'a\ud800b "x\\\ny" z',
      [
        ['ident', 'a', 1, 1, 1, 2],
        ['punct', '\ud800', 1, 2, 1, 5],
        ['ident', 'b', 1, 5, 1, 6],
        ['string', '"x\\\ny"', 1, 7, 2, 3],
        ['ident', 'z', 2, 4, 2, 5],
      ],
    ],
    ['an unterminated string ends with the text', '"abc', [['string', '"abc', 1, 1, 1, 5]]],
    ['an unterminated comment ends with the text', 'x /* é', [['ident', 'x', 1, 1, 1, 2]]],
  ])('tokens: %s', (_what, text, expected) => {
    expect(tokenize(text).map((t) => [t.kind, t.text, t.line, t.column, t.endLine, t.endColumn])).toEqual(expected);
  });

  test('expression extents', () => {
    expect(expressionExtent(src, 16, 12)).toEqual({ endLine: 17, endColumn: 7 }); // []*int{…} at its `{`, across lines
    expect(expressionExtent(src, 16, 13)).toEqual({ endLine: 16, endColumn: 21 }); // new(int)
    expect(expressionExtent(src, 11, 7)).toEqual({ endLine: 11, endColumn: 24 }); // func literal header
    expect(expressionExtent(src, 18, 17)).toEqual({ endLine: 18, endColumn: 18 }); // x
    expect(expressionExtent(src, 18, 5)).toEqual({ endLine: 18, endColumn: 25 }); // fmt.Println(...)
    expect(expressionExtent(src, 5, 37)).toEqual({ endLine: 5, endColumn: 39 }); // .s selector at the dot
    expect(expressionExtent(src, 10, 2, 'identifier')).toEqual({ endLine: 10, endColumn: 3 });
    expect(expressionExtent(src, 10, 3)).toEqual({ endLine: 10, endColumn: 45 }); // no token starts there: end of line
  });

  test('callee at a call paren, statement keyword', () => {
    expect(calleeAt(src, 18, 16)).toBe('fmt.Println');
    expect(calleeAt(src, 7, 48)).toBe('append');
    expect(calleeAt(src, 18, 17)).toBeNull();
    expect(statementKeyword(src, 18, 5)).toBe('go');
    expect(statementKeyword(src, 19, 2)).toBe('return');
  });

  test('where a call placed at its `(` starts: what it calls, on the line', () => {
    const calls = scanGoSource(
      'package p\n\nfunc f() {\n\tfs := flag.NewFlagSet("x", 0)\n\tb := ([]byte)(s)\n\tv := rec.Header().Get(k)\n\tif (a) {\n\t}\n\tq := g[int](1)\n\tx := make([]T, n)\n}\n',
    );
    expect(expressionStartColumn(calls, 4, 23)).toBe(8); // flag.NewFlagSet
    expect(expressionStartColumn(calls, 5, 15)).toBe(7); // ([]byte)
    expect(expressionStartColumn(calls, 6, 23)).toBe(7); // rec.Header().Get
    expect(expressionStartColumn(calls, 6, 17)).toBe(7); // rec.Header
    expect(expressionStartColumn(calls, 9, 13)).toBe(7); // g[int]
    expect(expressionStartColumn(calls, 10, 11)).toBe(7); // make
    // A keyword's parenthesis, a position at no `(`, a call's name itself: none.
    expect([expressionStartColumn(calls, 7, 5), expressionStartColumn(calls, 4, 24), expressionStartColumn(calls, 4, 8)]).toEqual([null, null, null]);
  });

  test("a call placed at its `(` ends at its `)`, not with the chain it starts", () => {
    const src = scanGoSource('package p\n\nfunc f() {\n\tl := new(L).Init()\n\tt := template.New("").Delims(a, b).Funcs(m)\n}\n');
    expect(expressionExtent(src, 4, 10)).toEqual({ endLine: 4, endColumn: 13 }); // new(L)
    expect(expressionExtent(src, 5, 19)).toEqual({ endLine: 5, endColumn: 23 }); // template.New("")
    expect(expressionExtent(src, 5, 30)).toEqual({ endLine: 5, endColumn: 36 }); // .Delims(a, b)
    expect(expressionExtent(src, 4, 7)).toEqual({ endLine: 4, endColumn: 20 }); // from `new`: the whole chain, as before
  });

  test('where a selector, an index and a composite literal placed inside them start', () => {
    const src = scanGoSource(
      'package p\n\nfunc f() {\n\tg := p.worker\n\tv := b.set[i]\n\te := []T{}\n\tm := map[string][]int{}\n\tn := node[T]{x}\n\tq := []*T{}\n\ta := x * y\n}\n',
    );
    expect(expressionStartColumn(src, 4, 8)).toBe(7); // p.worker at its `.`
    expect(expressionStartColumn(src, 5, 12)).toBe(7); // b.set[i] at its `[`
    expect(expressionStartColumn(src, 6, 10)).toBe(7); // []T{} at its `{`
    expect(expressionStartColumn(src, 7, 23)).toBe(7); // map[string][]int{} at its `{`
    expect(expressionStartColumn(src, 8, 14)).toBe(7); // node[T]{x} at its `{`
    expect(expressionStartColumn(src, 9, 11)).toBe(7); // []*T{} at its `{`
    expect(expressionStartColumn(src, 10, 9)).toBeNull(); // an operator
  });

  test('a call as written, arguments elided', () => {
    const call = scanGoSource('package p\n\nfunc f() {\n\tw.StreamID()\n\tslog.String("a", v)\n\tg[int]( )\n\trec.Header().Get(k)\n\tmsgs[0].GetType()\n}\n');
    expect([callWritten(call, 4, 12), callWritten(call, 5, 13), callWritten(call, 6, 8), callWritten(call, 4, 3), callWritten(call, 7, 18), callWritten(call, 8, 17)]).toEqual([
      'w.StreamID()',
      'slog.String(…)',
      'g[int]()',
      null,
      // The receiver as written, when it is itself a call or an index.
      'rec.Header().Get(…)',
      'msgs[0].GetType()',
    ]);
  });
});

describe("typeSpecsOf (a file's named types, read from its text)", () => {
  test('single declarations and type blocks as gofmt lays them out; fields of a struct in a block are not types', () => {
    const text = [
      'package url',
      '',
      'type Values map[string][]string',
      'type Error struct {',
      '\tOp string',
      '}',
      'type (',
      '\tIDs []int',
      '\tpair struct {',
      '\t\ta, b int',
      '\t}',
      '\tAlias = IDs',
      '\tlist[T any] []T',
      '\tGrid [4][4]byte',
      ')',
      'type Stringer interface{ String() string }',
      'type Duration int64 // a comment',
    ].join('\n');
    expect([...typeSpecsOf(text)]).toEqual([
      ['Values', 'map[string][]string'],
      ['Error', 'struct'],
      ['Stringer', 'interface'],
      ['Duration', 'int64'],
      ['IDs', '[]int'],
      ['pair', 'struct'],
      ['Alias', 'IDs'],
      ['list', '[]T'],
      ['Grid', '[4][4]byte'],
    ]);
  });
});

describe('fileDeclarations: named types with type parameters', () => {
  test('[T ~int64] and [K, V any] are type parameters, [N] an array length', () => {
    const src = scanGoSource('package p\n\nconst N = 3\n\ntype rng[T ~int64] []T\ntype kv[K, V any] map[K]V\ntype arr [N]int\ntype list[T any] []T\n');
    expect([...fileDeclarations(src).types]).toEqual([
      ['rng', '[]T'],
      ['kv', 'map[K]V'],
      ['arr', '[N]int'],
      ['list', '[]T'],
    ]);
  });
});

describe('imports (the names a file binds to packages)', () => {
  test('single, grouped, aliased, blank and dot imports; names guessed from paths', () => {
    const src = scanGoSource(
      [
        'package p',
        '',
        'import "fmt"',
        'import u "net/url"',
        'import (',
        '\t"log/slog"',
        '\t_ "embed"',
        '\t. "strings"',
        '\tyaml "gopkg.in/yaml.v3"',
        '\t"github.com/a/b/v2"',
        '\t"gopkg.in/check.v1"',
        '\traw `os`',
        ')',
        '',
        'func f() { import := 1; _ = import }',
      ].join('\n'),
    );
    expect([...src.imports].sort()).toEqual([
      ['b', 'github.com/a/b/v2'],
      ['check', 'gopkg.in/check.v1'],
      ['fmt', 'fmt'],
      ['raw', 'os'],
      ['slog', 'log/slog'],
      ['u', 'net/url'],
      ['yaml', 'gopkg.in/yaml.v3'],
    ]);
  });

  test.each([
    ['fmt', 'fmt'],
    ['log/slog', 'slog'],
    ['github.com/a/b/v2', 'b'],
    ['gopkg.in/yaml.v3', 'yaml'],
    ['v2', 'v2'],
  ])('importName(%s) is %s', (path, name) => {
    expect(importName(path)).toBe(name);
  });
});
