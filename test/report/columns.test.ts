import { displayLine, displayWidth, sliceByBytes, splitLines, utf8ToUtf16Column } from '../../src/report/columns.js';

describe('utf8ToUtf16Column', () => {
  test('ASCII: byte columns equal UTF-16 columns', () => {
    expect(utf8ToUtf16Column('return &x', 1)).toBe(1);
    expect(utf8ToUtf16Column('return &x', 8)).toBe(8);
    expect(utf8ToUtf16Column('return &x', 10)).toBe(10);
  });

  test('two-byte characters (é is 2 bytes, 1 unit)', () => {
    // s := "é" + x   — x is at byte 14, UTF-16 unit 13
    const line = 's := "é" + x';
    expect(utf8ToUtf16Column(line, 14)).toBe(13);
    expect(utf8ToUtf16Column(line, 7)).toBe(7); // é itself starts at byte 7
  });

  test('three-byte CJK characters', () => {
    const line = '名前 := &T{}'; // 名 and 前 are 3 bytes each
    expect(utf8ToUtf16Column(line, 7)).toBe(3); // the space after 前
    expect(utf8ToUtf16Column(line, 11)).toBe(7); // &
  });

  test('astral characters (4 bytes, 2 UTF-16 units)', () => {
    const line = 'm := "😀" + &v';
    // m(1) space := space " = bytes 1..6, 😀 = bytes 7..10, " at 11
    expect(utf8ToUtf16Column(line, 11)).toBe(9);
    expect(utf8ToUtf16Column(line, 16)).toBe(14); // &
  });

  test('a column inside a multibyte character maps to its start', () => {
    expect(utf8ToUtf16Column('é!', 2)).toBe(1);
    expect(utf8ToUtf16Column('😀!', 3)).toBe(1);
  });

  test('columns past the end of the line keep their distance', () => {
    expect(utf8ToUtf16Column('é', 3)).toBe(2); // one past the end
    expect(utf8ToUtf16Column('é', 5)).toBe(4);
    expect(utf8ToUtf16Column('', 1)).toBe(1);
  });
});

describe('sliceByBytes', () => {
  test('cuts at byte columns', () => {
    expect(sliceByBytes('x := "日本" + y', 6, 14)).toBe('"日本"');
    expect(sliceByBytes('x := "日本" + y', 17)).toBe('y');
  });
});

describe('displayWidth', () => {
  test('counts cells: wide CJK and emoji are 2, combining marks 0, tabs 4', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('\tx')).toBe(5);
  });

  test('displayLine expands tabs and drops a trailing CR', () => {
    expect(displayLine('\treturn &x\r')).toBe('    return &x');
  });

  test('splitLines handles LF and CRLF', () => {
    expect(splitLines('a\r\nb\nc')).toEqual(['a', 'b', 'c']);
  });
});
