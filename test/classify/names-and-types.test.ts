import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileDeclarations, localType, scanGoSource, stringness } from '../../src/source/go-source.js';
import { operandStringness, sumStringness } from '../../src/classify/subject.js';

const NAMES = join(import.meta.dirname, 'fixtures', 'names');

describe('closure names match the compiler', () => {
  // inline-go1.26.txt: the `can inline` / `cannot inline` lines of go1.26 (the same with 1.22, 1.24, 1.25) for main.go.
  const compiler = readFileSync(join(NAMES, 'inline-go1.26.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => /^\.\/main\.go:(\d+):(\d+): (?:can|cannot) inline (\S+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}:${m[2]} ${m[3]}`);

  test('func literals in go/defer statements and nested literals; wrappers are the compiler\'s own', () => {
    const src = scanGoSource(readFileSync(join(NAMES, 'main.go'), 'utf8'), { goMinor: 26 });
    const literals = src.functions.filter((f) => f.closure).map((f) => `${f.line}:${f.column} ${f.name}`);
    expect(literals).toEqual(['15:5 F.func1', '17:10 F.func1.1', '20:8 F.func2', '21:10 F.func3', '22:9 F.func4', '24:6 F.func4.1', '28:9 F.func5', '32:9 init.func1', '32:25 init.func1.1']);
    // Every literal the compiler names is named alike; the rest are the go/defer wrappers at the statement.
    expect(compiler.filter((c) => !literals.includes(c))).toEqual(['7:6 work', '9:6 use', '12:6 F', '14:2 F.gowrap1', '19:2 F.deferwrap2', '21:2 F.gowrap3', '34:6 main']);
  });

  test('package-level literals were glob..funcN before Go 1.22', () => {
    const src = scanGoSource('package p\n\nvar G = func() { _ = func() {} }\n', { goMinor: 21 });
    expect(src.functions.map((f) => f.name)).toEqual(['glob..func1', 'glob..func1.1']);
  });
});

describe('declared types for a + b and x.f', () => {
  const text = [
    'package p', // 1
    '', // 2
    'type offset uint32', // 3
    'type event struct {', // 4
    '\tKind, Sub int', // 5
    '\tname string', // 6
    '}', // 7
    '', // 8
    'const prefix = "p:"', // 9
    'var (', // 10
    '\tcount int', // 11
    '\tlabel string', // 12
    ')', // 13
    '', // 14
    'func (e *event) Name() string { return e.name }', // 15
    '', // 16
    'func f(a, b string, n ...int) (r offset) {', // 17
    '\tx := "lit"', // 18
    '\tvar y float64', // 19
    '\tz := len(a)', // 20
    '\treturn 0', // 21
    '}', // 22
  ].join('\n');
  const src = scanGoSource(text);
  const decls = fileDeclarations(src);

  test('parameters, results, receivers and locals', () => {
    expect(src.functions.map((f) => [f.name, [...f.declaredTypes]])).toEqual([
      ['event.Name', [['e', '*event']]],
      ['f', [['a', 'string'], ['b', 'string'], ['n', '[]int'], ['r', 'offset']]],
    ]);
    expect(['a', 'n', 'r', 'x', 'y', 'z', 'count'].map((n) => localType(src, 21, 2, n))).toEqual(['string', '[]int', 'offset', 'string', 'float64', 'int', null]);
  });

  test('package values, struct fields per type, named types, methods per type', () => {
    expect([...decls.values]).toEqual([['prefix', 'string'], ['count', 'int'], ['label', 'string']]);
    expect([...decls.fields]).toEqual([['Kind', 'int'], ['Sub', 'int'], ['name', 'string']]);
    expect([...decls.types]).toEqual([['offset', 'uint32'], ['event', 'struct']]);
    expect([...(decls.typeFields.get('event') ?? [])]).toEqual(['Kind', 'Sub', 'name']);
    expect([...(decls.typeMethods.get('event') ?? [])]).toEqual(['Name']);
    expect(['string', 'offset', 'event', 'int', null].map((t) => stringness(t, decls.types))).toEqual(['string', 'non-string', null, 'non-string', null]);
  });

  test('the printed operands of a + b', () => {
    expect(['"x"', '`raw`', '1', "'a'", 'uint64(1)', 'len(b)', 's[i:]', 'err.Error()', 'time.Time.String(t)', 'strconv.Itoa(n)', '~r0', 'x', 's[i]'].map(operandStringness)).toEqual([
      'string', 'string', 'non-string', 'non-string', 'non-string', 'non-string', 'string', 'string', 'string', 'string', null, null, null,
    ]);
    expect(sumStringness('r.start + r.length - int64(1)')).toEqual({ kind: 'non-string', operands: ['r.start', 'r.length - int64(1)'] });
    expect(sumStringness('"a - b" + s')).toEqual({ kind: 'string', operands: ['"a - b"', 's'] });
    expect(sumStringness('a + b')).toEqual({ kind: null, operands: ['a', 'b'] });
  });
});
