/** Shape types in printed expressions (src/classify/shapes.ts), as go1.26 prints them in the soak's logs. */
import { replaceShapes, typeEnd, withoutShapeMarks } from '../../src/classify/shapes.js';

test.each([
  ['int, 0, n)', 'int'],
  ['int]{...}', 'int'],
  ['interface {}]{...}', 'interface {}'],
  ['[]string{}', '[]string'],
  ['*uint8]{...}', '*uint8'],
  ['[16]uint8](x)', '[16]uint8'],
  ['[]*github.com/prometheus/client_model/go.MetricFamily{}, s...)', '[]*github.com/prometheus/client_model/go.MetricFamily'],
  ['struct { example.com/p.kind int; example.com/p.value string }, 0, n)', 'struct { example.com/p.kind int; example.com/p.value string }'],
  ['struct {}]int{}', 'struct {}'],
  ['func(struct {}), len(c))', 'func(struct {})'],
  ['func(net/http.Handler) net/http.Handler, n)', 'func(net/http.Handler) net/http.Handler'],
  ['func(int) (string, error), n)', 'func(int) (string, error)'],
  ['map[string][]int{}', 'map[string][]int'],
  ['chan int, 1)', 'chan int'],
  ['example.com/p.Pair[int,string]{...}', 'example.com/p.Pair[int,string]'],
  ['~p0 leaks', ''],
])('the type printed at the start of %j is %j', (text, type) => {
  expect(text.slice(0, typeEnd(text, 0))).toBe(type);
});

test('each shape type is replaced whole; a mark without a type stays', () => {
  expect(replaceShapes('append([]go.shape.interface {}{}, item)', 'T')).toBe('append([]T{}, item)');
  expect(replaceShapes('&ring.Ring[go.shape.struct { a int }]{...}', 'T')).toBe('&ring.Ring[T]{...}');
  expect(replaceShapes('Map[go.shape.int,go.shape.string]', 'T')).toBe('Map[T,T]');
  expect(replaceShapes('parameter go.shape.~p0', 'T')).toBe('parameter go.shape.~p0');
});

test('without marks, each type parameter reads as its shape', () => {
  expect(withoutShapeMarks('append(go.shape.[]string{}, slices.s...)')).toBe('append([]string{}, slices.s...)');
  expect(withoutShapeMarks('`make([]go.shape.uint8, slices.n)` may still allocate')).toBe('`make([]uint8, slices.n)` may still allocate');
});
