import { TextArena } from '../../src/parse/arena.js';
import { parseBlockLines } from '../../src/parse/flows.js';
import type { Flow } from '../../src/parse/records.js';

describe('TextArena', () => {
  test('entries round-trip; a rolled-back entry is gone; same() compares bytes', () => {
    const a = new TextArena('latin1');
    a.begin();
    a.writeLine('one');
    a.writeLine('two');
    const first = a.commit();
    a.begin();
    a.writeLine('dropped');
    a.rollback();
    a.begin();
    a.writeLine('one');
    a.writeLine('two');
    const second = a.commit();
    expect(a.text(first)).toBe('one\ntwo');
    expect(a.text(second)).toBe('one\ntwo');
    expect(second.start).toBe(first.end);
    expect(TextArena.same(first, second)).toBe(true);
    expect(a.used).toBe(16);
    a.begin();
    a.writeLine('one');
    expect(TextArena.same(first, a.commit())).toBe(false);
    expect(a.text({ buf: Buffer.alloc(0), start: 0, end: 0 })).toBe('');
  });

  test('an entry that outgrows its slab moves whole to the next one', () => {
    const a = new TextArena('latin1');
    a.begin();
    a.writeLine('x'.repeat(5 << 20));
    const big = a.commit();
    a.begin();
    a.writeLine('head');
    a.writeLine('y'.repeat(6 << 20)); // the first slab (10 MB, sized for 5 MB) has 5 MB left
    const moved = a.commit();
    expect(moved.buf).not.toBe(big.buf);
    expect(moved.start).toBe(0);
    expect(a.text(moved)).toBe(`head\n${'y'.repeat(6 << 20)}`);
    expect(a.text(big)).toBe('x'.repeat(5 << 20));
    a.reset();
    expect(a.used).toBe(0);
  });

  test('copyLines drops each line’s prefix', () => {
    const src = Buffer.from('junk\nP:a\nP:bb\r\nP:c\nrest', 'latin1');
    const a = new TextArena('latin1');
    a.begin();
    a.copyLines(src, 5, 19, Int32Array.from([5, 9, 15]), 3, 2);
    expect(a.text(a.commit())).toBe('a\nbb\r\nc');
    expect(a.used).toBe(8);
  });

  test('copyLine and utf8 entries', () => {
    const a = new TextArena('utf8');
    a.begin();
    a.copyLine(Buffer.from('P:x ← y'), 2, 9);
    a.writeLine('→ é');
    expect(a.text(a.commit())).toBe('x ← y\n→ é');
  });
});

describe('parseBlockLines', () => {
  const run = (text: string, latin1 = false, fix = false) => {
    const flows: Flow[] = [];
    const events: (string | number)[] = [];
    parseBlockLines(text, { block: 2, latin1, fix }, flows, {
      truncated: () => events.push('truncated'),
      malformed: (i, rest) => events.push(i, rest),
    });
    return { flows, events };
  };

  test('flows, steps, positions with [orig], `=` flows, derefs', () => {
    const text = [
      '   flow: {heap} ← &x:',
      '     from &x (address-of) at ./a.go:4:7',
      '     from f(g(x)) at y (call parameter) at a.go:10[/abs/b.go:20:3]',
      '     from x (assigned) at <unknown line number>',
      '   flow: ~r0 = **p:',
      '     from return p (return) at C:\\a.go:5',
    ].join('\n');
    expect(run(text)).toEqual({
      flows: [
        {
          block: 2,
          dst: '{heap}',
          src: 'x',
          derefs: -1,
          steps: [
            { file: './a.go', line: 4, column: 7, expr: '&x', why: 'address-of' },
            { file: 'a.go', line: 10, column: null, expr: 'f(g(x)) at y', why: 'call parameter' },
            { file: null, line: null, column: null, expr: 'x', why: 'assigned' },
          ],
        },
        { block: 2, dst: '~r0', src: 'p', derefs: 2, steps: [{ file: 'C:\\a.go', line: 5, column: null, expr: 'return p', why: 'return' }] },
      ],
      events: [],
    });
  });

  test('steps that name other files of the same length, whys of the same length, parens in WHERE', () => {
    const text = [
      '   flow: {heap} ← x:',
      '     from x (spill) at a.go:1:2',
      '     from y (slice) at b.go:3:4',
      '     from (z) (slice) at b.go:3:5',
      '     from g(w) (range) at a.go:6',
      '     from v (novel note) at ab.go:7:8',
      '     from u (call parameter) at ab.go:9:1',
      '     from t) at (dot) at ab.go:9:2',
    ].join('\n');
    const { flows, events } = run(text);
    expect(events).toEqual([]);
    expect(flows[0]?.steps).toEqual([
      { file: 'a.go', line: 1, column: 2, expr: 'x', why: 'spill' },
      { file: 'b.go', line: 3, column: 4, expr: 'y', why: 'slice' },
      { file: 'b.go', line: 3, column: 5, expr: '(z)', why: 'slice' },
      { file: 'a.go', line: 6, column: null, expr: 'g(w)', why: 'range' },
      { file: 'ab.go', line: 7, column: 8, expr: 'v', why: 'novel note' },
      { file: 'ab.go', line: 9, column: 1, expr: 'u', why: 'call parameter' },
      { file: 'ab.go', line: 9, column: 2, expr: 't) at', why: 'dot' },
    ]);
  });

  test('malformed lines and the truncation warning are reported with their index', () => {
    const text = [
      '     from x (assigned) at a.go:1:1',
      '   flow: {heap} ← x:',
      '   flow: no separator:',
      '     from nothing to see',
      '   warning: truncated explanation due to assignment cycle; see golang.org/issue/35518\r',
    ].join('\n');
    const { flows, events } = run(text);
    expect(flows.map((f) => f.steps.length)).toEqual([0]);
    expect(events).toEqual([1, '     from x (assigned) at a.go:1:1', 3, '   flow: no separator:', 4, '     from nothing to see', 'truncated']);
  });

  test('latin1 text: the arrow alone needs no re-decoding, other high bytes do', () => {
    const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
    const plain = run(latin1('   flow: {heap} ← x:\n     from x (assigned) at a.go:1:1'), true, true);
    expect(plain.flows[0]).toMatchObject({ dst: '{heap}', src: 'x' });
    const accented = run(latin1('   flow: {heap} ← &é:\n     from &é (address-of) at ./ü.go:1:1'), true, true);
    expect(accented.flows).toEqual([
      { block: 2, dst: '{heap}', src: 'é', derefs: -1, steps: [{ file: './ü.go', line: 1, column: 1, expr: '&é', why: 'address-of' }] },
    ]);
  });
});
