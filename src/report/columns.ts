/**
 * Column arithmetic. The Go compiler reports 1-based UTF-8 *byte* columns; SARIF (with
 * `columnKind: "utf16CodeUnits"`) and editors want UTF-16 code units; a terminal code frame wants
 * display cells. All conversions need the text of the line, which the caller reads.
 */
import { escapeUnsafe } from './excerpt.js';

/** Bytes one code point takes in UTF-8. */
function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Converts a 1-based UTF-8 byte column on `lineText` to a 1-based UTF-16 column.
 *
 * A byte column inside a multibyte character maps to the start of that character (the compiler
 * never points there, but a hand-edited file might). Columns past the end of the line keep their
 * distance from the end, one unit per byte, so an exclusive end column one past the last
 * character stays one past it.
 */
export function utf8ToUtf16Column(lineText: string, byteColumn: number): number {
  if (byteColumn <= 1) return 1;
  const targetOffset = byteColumn - 1;
  let bytes = 0;
  let units = 0;
  for (const char of lineText) {
    const codePoint = char.codePointAt(0) ?? 0;
    const width = utf8Length(codePoint);
    if (bytes + width > targetOffset) return units + 1;
    bytes += width;
    units += char.length;
  }
  return units + 1 + (targetOffset - bytes);
}

/**
 * utf8ToUtf16Column for a position reported on `lineText`: one past the end of the line at most
 * (a column past it comes from a source edited since the build, and a region must lie within
 * its line).
 */
export function utf16ColumnWithin(lineText: string, byteColumn: number): number {
  return Math.min(utf8ToUtf16Column(lineText, byteColumn), lineText.length + 1);
}

/** The substring of `lineText` between two 1-based UTF-8 byte columns (end exclusive). */
export function sliceByBytes(lineText: string, startColumn: number, endColumn?: number): string {
  const start = utf8ToUtf16Column(lineText, startColumn) - 1;
  const end = endColumn === undefined ? lineText.length : utf8ToUtf16Column(lineText, endColumn) - 1;
  return lineText.slice(Math.min(start, lineText.length), Math.min(Math.max(end, start), lineText.length));
}

/** Tabs are shown as this many spaces in code frames, so the caret line can use plain spaces. */
export const TAB_WIDTH = 4;

// East Asian Wide/Fullwidth blocks and emoji take two terminal cells. This is the common
// subset wcwidth implementations agree on, not the full Unicode EastAsianWidth table.
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2060]$/u;

/** Terminal cells one code point occupies. */
function charWidth(char: string): number {
  if (char === '\t') return TAB_WIDTH;
  const codePoint = char.codePointAt(0) ?? 0;
  // Variation selectors (U+FE00–FE0F) only pick a glyph form.
  if (ZERO_WIDTH.test(char) || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return 0;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
  for (const [low, high] of WIDE_RANGES) {
    if (codePoint >= low && codePoint <= high) return 2;
  }
  return 1;
}

/** Display width of `text` in terminal cells (tabs count as TAB_WIDTH). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/**
 * The line as a code frame shows it: tabs expanded to TAB_WIDTH spaces, trailing CR dropped, and
 * other control characters and bidirectional overrides escaped (a Trojan Source line is shown
 * as it is stored, not reordered).
 */
export function displayLine(lineText: string): string {
  return escapeUnsafe(lineText.replace(/\r$/, '').replace(/\t/g, ' '.repeat(TAB_WIDTH)));
}

/** Splits source text into lines the way the compiler counts them (LF, CRLF tolerated). */
export function splitLines(source: string): string[] {
  return source.split('\n').map((line) => line.replace(/\r$/, ''));
}
