/**
 * Generic code is compiled once per GC shape, and the compiler prints each type parameter as its
 * shape (`make([]go.shape.int, 0, n)`, `&node[go.shape.int]{...}`); a generic function of another
 * package, compiled where it is instantiated, has its names qualified by its package
 * (`len(ring.r.data)`, its result `ring.~r0`). Messages quote what the source writes
 * (`make([]T, 0, n)`, `&Ring[T]{...}`, also for the literal a value is stored in), and where no
 * source is written so (slices.Clone's body, inlined), the shape's type without its mark
 * (`[]string{}`). A generic function compiled with one shape in its own package and in another
 * (`New[go.shape.int]` for ring.Counts and generics.Ints) is one finding per allocation, the own
 * package's copy. A generic method called inside a larger expression is printed as a method
 * expression with the dictionary the compiler passes it (`(*Table[…]).Get(t, &.dict.…, k)`): the
 * call as written, `t.Get(k)`; an inlined call's result indexed (`(~r0)[i]`) is the call as
 * written too. An empty literal of a generic slice type is one of no size whatever its shape, also
 * one that prints braces in its type arguments (`queue[go.shape.interface {}]{}`). A constant
 * the compiler folds (`16` for `defaultSize`) and a literal's elided elements (`pair[T]{...}`)
 * match what the source writes there. Real go1.26 -m=2 output (fixtures/generics).
 */
import type { Finding } from '../../src/findings/finding.js';
import { fixtureTests } from './fixture-module.js';

const EXPECTED = [
  ["pointer-escape note generics.go:26:9 newNode &node[go.shape.int]{...}","`&node[T]{...}` escapes to the heap: it is returned to the caller. Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill."],
  ["pointer-escape note generics.go:26:29 newNode make([]go.shape.int, 0, n)","`make([]T, 0, n)` escapes to the heap: it is stored in `&node[T]{...}`, which itself escapes. Keep the pointer from outliving the function, or allocate once and reuse the object."],
  ["append-growth note generics.go:33:24 Tree.Insert append","The backing array grown by `append([]T{}, item)` escapes to the heap: the grown slice is assigned to `t.root.items`, a global or heap location. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls."],
  ["pointer-escape note generics.go:33:28 Tree.Insert []go.shape.int{}","`[]T{}` escapes to the heap: it is assigned to `t.root.items`, a global or heap location. It has no elements, so its backing array has no size and this does not allocate. Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object."],
  ["pointer-escape note generics.go:40:15 Tree.Items make([]go.shape.int, 0, ~r0)","`make([]T, 0, t.Len())` (printed as `make([]int, 0, ~r0)`) escapes to the heap: it is returned to the caller. Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill."],
  ["append-growth note generics.go:42:17 Tree.Items append","The backing array grown by `append(items, n.items...)` escapes to the heap: the grown slice is returned to the caller. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls."],
  ["pointer-escape note generics.go:49:13 Map make([]go.shape.string, len(s))","`make([]F, len(s))` escapes to the heap: it is returned to the caller. Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill."],
  ["append-growth note generics.go:65:22 Keep append","The backing array grown by `append([]string{}, slices.s...)` escapes to the heap: the grown slice is assigned to `names`, a global or heap location. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls. It happens inside `slices.Clone`, which is inlined at this call."],
  ["pointer-escape note generics.go:65:22 Keep go.shape.[]string{}","`[]string{}` escapes to the heap: it is assigned to `names`, a global or heap location. It has no elements, so its backing array has no size and this does not allocate. Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object. It happens inside `slices.Clone`, which is inlined at this call."],
  ["pointer-escape note generics.go:83:51 Ints make([]go.shape.int, 0, 8)","`make([]int, 0, 8)` escapes to the heap: it is stored in `&ring.Ring[int]{...}`, which itself escapes. Keep the pointer from outliving the function, or allocate once and reuse the object. It happens inside `ring.New`, which is inlined at this call."],
  ["string-allocation warning generics.go:94:73 Label \"<\" + (*Table[go.shape.int,go.shape.string]).Get(t, &.dict.Table[int,string], k) + \">\"","`\"<\" + t.Get(k) + \">\"` (printed as `\"<\" + (*Table[int,string]).Get(t, &.dict.Table[int,string], k) + \">\"`) escapes to the heap: the concatenation builds a new string, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths."],
  ["interface-boxing warning generics.go:101:53 First (~r0)[i]","`n.all()[i]` (printed as `(~r0)[i]`) escapes to the heap: it is boxed into an interface and returned to the caller. Return the concrete type (or use a type parameter) instead of an interface."],
  ["pointer-escape note generics.go:109:37 newQueue &queue[go.shape.int]{}","`&queue[T]{}` escapes to the heap: it is returned to the caller. Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill."],
  ["pointer-escape note generics.go:109:46 newQueue queue[go.shape.int]{}","`queue[T]{}` escapes to the heap: it is stored in `&queue[T]{}`, which itself escapes. It has no elements, so its backing array has no size and this does not allocate. Keep the pointer from outliving the function, or allocate once and reuse the object."],
  ["pointer-escape note generics.go:126:44 stack.Reset make([]pair[go.shape.int], 0, 16)","`make([]pair[T], 0, defaultSize)` escapes to the heap: it is assigned to `s.items`, a global or heap location. Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object."],
  ["append-growth note generics.go:129:48 stack.Push append","The backing array grown by `append(s.items, pair[T]{v, 1})` escapes to the heap: the grown slice is assigned to `s.items`, a global or heap location. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls."],
  ["pointer-escape note ring/ring.go:11:9 New &Ring[go.shape.int]{...}","`&Ring[T]{...}` escapes to the heap: it is returned to the caller. Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill."],
  ["pointer-escape note ring/ring.go:12:18 New make([]go.shape.int, 0, chunkSize)","`make([]T, 0, chunkSize)` escapes to the heap: it is stored in `&Ring[T]{...}`, which itself escapes. Keep the pointer from outliving the function, or allocate once and reuse the object."],
  ["append-growth note ring/ring.go:21:17 Ring.Push append","The backing array grown by `append(r.data, v)` escapes to the heap: the grown slice is assigned to `r.data`, a global or heap location. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls."],
  ["pointer-escape note ring/ring.go:25:11 Ring.grow make([]go.shape.int, len(r.data), len(r.data) + r.chunkSize)","`make([]T, len(r.data), len(r.data)+r.chunkSize)` escapes to the heap: it is assigned to `r.data`, a global or heap location. Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object."],
];

const brief = (f: Finding): unknown[] => [`${f.ruleId} ${f.level} ${f.file}:${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`, f.message];

fixtureTests('generics', 'generic code is quoted as the source writes it, shapes as their types', brief, EXPECTED);
