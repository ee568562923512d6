/**
 * Each rule on exact records built from real fixture lines (parsed by the real parser), matched
 * on their own (no cross-record facts), for several Go versions.
 */
import type { VerdictRecord } from '../../src/parse/records.js';
import { ruleById } from '../../rules/index.js';
import type { MatchContext, RuleMatch } from '../../rules/rule.js';
import { verdicts } from '../classify/helpers.js';

function record(lines: string[], pkg = 'example.com/esctest'): VerdictRecord {
  const rs = verdicts([`# ${pkg}`, ...lines, ''].join('\n'));
  expect(rs).toHaveLength(1);
  return rs[0]!;
}

function match(id: string, r: VerdictRecord, minor: number | null): RuleMatch | null {
  const ctx: MatchContext = { goVersion: minor === null ? null : { major: 1, minor } };
  return ruleById(id)!.match(r, ctx);
}

const BOX_FMT_126 = [
  './main.go:24:14: x escapes to heap in boxing:',
  './main.go:24:14:   flow: {storage for ... argument} ← &{storage for x}:',
  './main.go:24:14:     from x (spill) at ./main.go:24:14',
  './main.go:24:14:     from ... argument (slice-literal-element) at ./main.go:24:13',
  './main.go:24:14:   flow: fmt.a ← &{storage for ... argument}:',
  './main.go:24:14:     from ... argument (spill) at ./main.go:24:13',
  './main.go:24:14:     from fmt.a := ... argument (assign-pair) at ./main.go:24:13',
  './main.go:24:14:   flow: {heap} ← *fmt.a:',
  './main.go:24:14:     from fmt.Fprintln(os.Stdout, fmt.a...) (call parameter) at ./main.go:24:13',
  './main.go:24:14: x escapes to heap',
];

describe('interface-boxing', () => {
  test('go1.26 fmt argument: callee from the call note when no source is at hand', () => {
    expect(match('interface-boxing', record(BOX_FMT_126), 26)).toEqual({
      message:
        '`x` escapes to the heap: it is boxed into an interface to call `fmt.Fprintln`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.',
      evidence: ['call parameter'],
    });
  });

  test('go1.19 assignment to a global (`=` flows)', () => {
    const r = record(
      [
        './main.go:52:6: b escapes to heap:',
        './main.go:52:6:   flow: {heap} = &{storage for b}:',
        './main.go:52:6:     from b (spill) at ./main.go:52:6',
        './main.go:52:6:     from sink = b (assign) at ./main.go:52:7',
        './main.go:52:6: b escapes to heap',
      ],
    );
    expect(match('interface-boxing', r, 19)).toEqual({
      message:
        '`b` escapes to the heap: it is boxed into an interface and assigned to `sink`, a global or heap location. Store the concrete type, or a generic container, instead of an interface-typed field or global.',
      evidence: ['assign'],
    });
  });

  test('go1.25 constant rewriting: header names the variable, verdict the constant; a constant is a note', () => {
    const r = record(
      [
        './a.go:11:9: y escapes to heap in constProp:',
        './a.go:11:9:   flow: {heap} ← &{storage for y}:',
        './a.go:11:9:     from y (spill) at ./a.go:11:9',
        './a.go:11:9:     from sink = y (assign) at ./a.go:11:7',
        './a.go:11:9: "hello" escapes to heap',
      ],
      'example.com/esctest4',
    );
    expect(match('interface-boxing', r, 25)).toEqual({
      message:
        '`y` (printed as `"hello"`) escapes to the heap: it is boxed into an interface and assigned to `sink`, a global or heap location. It is a constant, so the compiler boxes it into read-only data and this does not allocate. Store the concrete type, or a generic container, instead of an interface-typed field or global.',
      evidence: ['assign'],
      // Nothing is allocated: a note, not the rule's warning.
      level: 'note',
    });
  });

  test('-m=1: no flow, lower confidence', () => {
    expect(match('interface-boxing', record(['./main.go:24:14: x escapes to heap']), 26)).toEqual({
      message:
        '`x` escapes to the heap: it is converted to an interface that outlives the function (the log holds no -m=2 explanation for it). Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box).',
      evidence: [],
      confidence: 'medium',
    });
  });

  test('does not claim allocation forms', () => {
    expect(match('interface-boxing', record(['./main.go:47:10: new(int) escapes to heap']), 26)).toBeNull();
    expect(match('interface-boxing', record(['./main.go:32:9: func literal escapes to heap']), 26)).toBeNull();
  });
});

describe('closure-capture', () => {
  const lines = [
    './main.go:30:2: x escapes to heap in closure:',
    './main.go:30:2:   flow: {storage for func literal} ← &x:',
    './main.go:30:2:     from x (captured by a closure) at ./main.go:32:22',
    './main.go:30:2:     from x (reference) at ./main.go:32:22',
    './main.go:30:2: moved to heap: x',
  ];
  test('go1.26 by-reference capture', () => {
    expect(match('closure-capture', record(lines), 26)).toEqual({
      message:
        '`x` is moved to the heap: a closure captures it by reference and the closure outlives the function. Let the closure capture a copy it never modifies (copy the value into a new variable, or pass it as an argument), or keep the closure from escaping.',
      evidence: ['captured by a closure', 'reference'],
    });
  });
  test('an address-taken variable is not a capture', () => {
    const r = record([
      './main.go:67:2: x escapes to heap:',
      './main.go:67:2:   flow: ~r0 = &x:',
      './main.go:67:2:     from &x (address-of) at ./main.go:68:9',
      './main.go:67:2:     from return &x (return) at ./main.go:68:2',
      './main.go:67:2: moved to heap: x',
    ]);
    expect(match('closure-capture', r, 19)).toBeNull();
    expect(match('pointer-escape', r, 19)).toEqual({
      message:
        '`x` is moved to the heap: its address is returned to the caller. Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill.',
      evidence: ['address-of', 'return'],
    });
  });
});

describe('closure-escape', () => {
  test('go1.19 returned func literal', () => {
    const r = record([
      './main.go:32:9: func literal escapes to heap:',
      './main.go:32:9:   flow: ~r0 = &{storage for func literal}:',
      './main.go:32:9:     from func literal (spill) at ./main.go:32:9',
      './main.go:32:9:     from return func literal (return) at ./main.go:32:2',
      './main.go:32:9: func literal escapes to heap',
    ]);
    expect(match('closure-escape', r, 19)).toEqual({
      message:
        'The func literal escapes to the heap: it is returned to the caller. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack.',
      evidence: ['return'],
    });
  });
});

describe('oversized-allocation', () => {
  const variable = (v: string) =>
    record([
      `./main.go:45:6: a escapes to heap${v}:`,
      './main.go:45:6:   flow: {heap} ← &a:',
      './main.go:45:6:     from a (too large for stack) at ./main.go:45:6',
      './main.go:45:6: moved to heap: a',
    ]);
  test.each([
    [24, 'declared variables over 128 KiB are heap-allocated since Go 1.24'],
    [22, 'declared variables over 10 MiB are heap-allocated before Go 1.24'],
    [null, 'declared variables over 128 KiB (Go 1.24+; 10 MiB before) are heap-allocated'],
  ])('variable limit for go1.%s', (minor, limit) => {
    expect(match('oversized-allocation', variable(' in large'), minor)).toEqual({
      message: `\`a\` is moved to the heap: it is too large for the stack (${limit}). Allocate it once and reuse it (pass a buffer in, keep it in a struct, or take it from a sync.Pool), or make it smaller; a heap allocation this size also costs the garbage collector time to zero and scan it.`,
      evidence: ['too large for stack'],
    });
  });
  test('implicit allocation with its size', () => {
    const r = record([
      './main.go:51:11: make([]int, 20000) escapes to heap:',
      './main.go:51:11:   flow: {heap} = &{storage for make([]int, 20000)}:',
      './main.go:51:11:     from make([]int, 20000) (too large for stack) at ./main.go:51:11',
      './main.go:51:11: make([]int, 20000) escapes to heap',
    ]);
    expect(match('oversized-allocation', r, 19)?.message.split('. ')[0]).toBe(
      '`make([]int, 20000)` escapes to the heap: it is too large for the stack at 160000 bytes (implicit allocations over 64 KiB are always heap-allocated)',
    );
  });
  test('-m=1: constant size over 64 KiB', () => {
    expect(match('oversized-allocation', record(['./a.go:198:11: make([]byte, 70000) escapes to heap']), 26)?.confidence).toBe('medium');
    expect(match('oversized-allocation', record(['./a.go:198:11: make([]byte, 7000) escapes to heap']), 26)).toBeNull();
  });
});

describe('variable-size-allocation', () => {
  test('go1.19 non-constant size', () => {
    const r = record([
      './main.go:57:11: make([]int, n) escapes to heap:',
      './main.go:57:11:   flow: {heap} = &{storage for make([]int, n)}:',
      './main.go:57:11:     from make([]int, n) (non-constant size) at ./main.go:57:11',
      './main.go:57:11: make([]int, n) escapes to heap',
    ]);
    expect(match('variable-size-allocation', r, 19)).toEqual({
      message:
        '`make([]int, n)` escapes to the heap: its size is not known at compile time, so the compiler heap-allocates it. Give it a constant capacity when a bound is known (make([]T, n, 64) stays on the stack when it fits), or reuse a buffer across calls.',
      evidence: ['non-constant size'],
    });
  });
  test('go1.25+ does not escape but may allocate above 32 bytes', () => {
    const r = record(['./main.go:57:11: make([]int, n) does not escape']);
    expect(match('variable-size-allocation', r, 26)).toEqual({
      message:
        '`make([]int, n)` may still allocate on the heap: its size is not known at compile time, and although it does not escape, Go 1.25+ only gives it a 32-byte stack buffer and allocates on the heap above 32 bytes at run time. Give it a constant capacity when a bound is known (make([]T, n, 64) stays on the stack when it fits), or reuse a buffer across calls.',
      evidence: [],
      confidence: 'medium',
    });
    expect(match('variable-size-allocation', r, 24)).toBeNull();
    expect(match('variable-size-allocation', record(['./a.go:204:11: make([]int, 10) does not escape']), 26)).toBeNull();
  });
  test('go1.25 zero-sized element', () => {
    const r = record(
      [
        './a.go:84:11: make([]struct {}, n) escapes to heap in zeroSized:',
        './a.go:84:11:   flow: {heap} ← &{storage for make([]struct {}, n)}:',
        './a.go:84:11:     from make([]struct {}, n) (zero-sized element) at ./a.go:84:11',
        './a.go:84:11: make([]struct {}, n) escapes to heap',
      ],
      'example.com/esctest2',
    );
    expect(match('variable-size-allocation', r, 25)?.evidence).toEqual(['zero-sized element']);
    // makeslice of no bytes returns the runtime's zerobase: nothing is allocated, whatever the length.
    expect(match('variable-size-allocation', r, 25)?.message).toBe(
      '`make([]struct {}, n)` escapes to the heap: its element type is zero-sized, so the compiler sends it to the heap allocator, which gives every allocation of no size one shared address: this does not allocate.',
    );
    expect(match('oversized-allocation', r, 25)).toBeNull();
  });
});

describe('append-growth, variadic-slice, string-allocation, method-value, leaking-param, unclassified', () => {
  test('go1.25 append names the header expression', () => {
    const r = record([
      './main.go:87:13: append(gs, &w) escapes to heap in composite:',
      './main.go:87:13:   flow: {heap} ← &{storage for append(gs, &w)}:',
      './main.go:87:13:     from append(gs, &w) (spill) at ./main.go:87:13',
      './main.go:87:13:     from gs = append(gs, &w) (assign) at ./main.go:87:5',
      './main.go:87:13: append escapes to heap',
    ]);
    expect(match('append-growth', r, 25)).toEqual({
      message:
        'The backing array grown by `append(gs, &w)` escapes to the heap: the grown slice is assigned to `gs`, a global or heap location. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls.',
      evidence: ['assign'],
    });
  });
  test('go1.22 variadic slice kept by the callee', () => {
    const r = record(
      [
        './a.go:73:10: ... argument escapes to heap:',
        './a.go:73:10:   flow: xs = &{storage for ... argument}:',
        './a.go:73:10:     from ... argument (spill) at ./a.go:73:10',
        './a.go:73:10:     from xs := ... argument (assign-pair) at ./a.go:73:10',
        './a.go:73:10:   flow: {heap} = xs:',
        './a.go:73:10:     from gs = xs (assign) at ./a.go:73:10',
        './a.go:73:10: ... argument escapes to heap',
      ],
      'example.com/esctest2',
    );
    expect(match('variadic-slice', r, 22)).toEqual({
      message:
        'The implicit slice built for its `...` arguments escapes to the heap: it is assigned to `gs`, a global or heap location. Change the callee to copy what it keeps, or pass an existing slice with `s...`.',
      evidence: ['assign'],
    });
  });
  test('go1.26 concatenation returned', () => {
    const r = record([
      './main.go:199:11: a + b escapes to heap in stringConcat:',
      './main.go:199:11:   flow: ~r0 ← &{storage for a + b}:',
      './main.go:199:11:     from a + b (spill) at ./main.go:199:11',
      './main.go:199:11:     from return a + b (return) at ./main.go:199:2',
      './main.go:199:11: a + b escapes to heap',
    ]);
    expect(match('string-allocation', r, 26)).toEqual({
      message:
        '`a + b` escapes to the heap: the concatenation builds a new string, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths.',
      evidence: ['return'],
    });
  });
  test('method value needs evidence beyond the record (a selector may be a boxed field)', () => {
    const r = record([
      './main.go:137:10: t.M escapes to heap in methodValue:',
      './main.go:137:10:   flow: ~r0 ← &{storage for t.M}:',
      './main.go:137:10:     from t.M (spill) at ./main.go:137:10',
      './main.go:137:10:     from return t.M (return) at ./main.go:137:2',
      './main.go:137:10: t.M escapes to heap',
    ]);
    expect(match('method-value', r, 26)).toBeNull();
    expect(match('interface-boxing', r, 26)?.message.split(':')[0]).toBe('`t.M` escapes to the heap');
  });
  test('leaking param content and to result', () => {
    const content = record([
      './main.go:72:18: parameter pp leaks to {heap} for leakContent with derefs=1:',
      './main.go:72:18:   flow: {heap} ← *pp:',
      './main.go:72:18:     from *pp (indirection) at ./main.go:72:35',
      './main.go:72:18:     from gp = *pp (assign) at ./main.go:72:33',
      './main.go:72:18: leaking param content: pp',
    ]);
    expect(match('leaking-param', content, 26)).toEqual({
      message:
        'What parameter `pp` points to leaks: it is assigned to `gp`, a global or heap location, so callers must heap-allocate what they pass. If the function only needs to read it, avoid storing or returning it so callers can keep their values on the stack.',
      evidence: ['assign'],
    });
    const toResult = record(['./main.go:73:17: leaking param: p to result ~r0 level=0']);
    expect(match('leaking-param', toResult, 26)?.message).toBe(
      "Parameter `p` leaks to result `~r0` (level=0): callers' arguments escape whenever the caller lets that result escape. If the function only needs to read it, avoid storing or returning it so callers can keep their values on the stack.",
    );
    expect(match('unclassified-escape', toResult, 26)).toBeNull();
  });
  test('unclassified: a moved variable with no recognised cause', () => {
    const r = record([
      './main.go:9:2: v escapes to heap in f:',
      './main.go:9:2:   flow: {heap} ← v:',
      './main.go:9:2:     from v (range-deref) at ./main.go:9:9',
      './main.go:9:2: moved to heap: v',
    ]);
    expect(match('pointer-escape', r, 26)).toBeNull();
    expect(match('unclassified-escape', r, 26)).toEqual({
      message:
        "`v` is moved to the heap: heaplint recognises no cause in the compiler's explanation (it is moved to the heap by the flow shown). The flow shows the compiler's reasoning; please report the case.",
      evidence: ['range-deref'],
    });
  });
});

describe('a whole append call printed as the subject is the box of its result (go1.22 std, image/format.go)', () => {
  const r = record(
    [
      './format.go:40:28: append(formats, format{...}) escapes to heap:',
      './format.go:40:28:   flow: {heap} = &{storage for append(formats, format{...})}:',
      './format.go:40:28:     from append(formats, format{...}) (spill) at ./format.go:40:28',
      './format.go:40:28:     from (*atomic.Value).Store(atomicFormats, append(formats, format{...})) (call parameter) at ./format.go:40:21',
      './format.go:40:28: append(formats, format{...}) escapes to heap',
    ],
    'image',
  );

  test('interface-boxing, not append-growth (before Go 1.25 append never reports its backing array)', () => {
    expect(match('append-growth', r, 22)).toBeNull();
    expect(match('interface-boxing', r, 22)).toEqual({
      message:
        '`append(formats, format{...})` escapes to the heap: it is boxed into an interface to call `(*atomic.Value).Store`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box).',
      evidence: ['call parameter'],
    });
  });
});
