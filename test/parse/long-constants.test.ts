/**
 * The compiler prints constants with go/constant, which cuts a quoted string longer than 72 runes
 * to its first 69 and `...`: the closing quote is gone. A flow that names such a literal before
 * its arrow was unrecognized (golang.org/x/crypto/openpgp, three lines), since the quote seemed
 * to open a literal that ran over the arrow. The cut is always at rune 69 of the quoted text, so
 * the literal ends there.
 */
import { indexOutsideBraces } from '../../src/parse/grammar.js';
import { EscapeLogParser } from '../../src/parse/parser.js';
import type { ParsedRecord, VerdictRecord } from '../../src/parse/records.js';
import { parseText } from '../../src/parse/stream.js';
import { splitTopLevel } from '../../src/classify/subject.js';

/** The literal `"cannot … compiled in. (Wanted "`, as the compiler prints it. */
const CUT = '"cannot encrypt because no candidate hash functions are compiled in. ...';
const CONCAT = `${CUT} + name + " in this case.)"`;
const CALL = `errors.InvalidArgumentError(${CONCAT})`;

/** golang.org/x/crypto@v0.58.0, go1.26: `go build -gcflags=-m=2 ./openpgp` (openpgp/write.go:212). */
function log(cut = CUT): string[] {
  const concat = `${cut} + name + " in this case.)"`;
  const call = `errors.InvalidArgumentError(${concat})`;
  return [
    '# golang.org/x/crypto/openpgp',
    `openpgp/write.go:212:42: ${call} escapes to heap in writeAndSign:`,
    `openpgp/write.go:212:42:   flow: err ← &{storage for ${call}}:`,
    `openpgp/write.go:212:42:     from ${call} (spill) at openpgp/write.go:212:42`,
    `openpgp/write.go:212:42:     from return nil, ${call} (return) at openpgp/write.go:212:3`,
    `openpgp/write.go:212:129: ${concat} escapes to heap in writeAndSign:`,
    `openpgp/write.go:212:129:   flow: {storage for ${call}} ← &{storage for ${concat}}:`,
    `openpgp/write.go:212:129:     from ${concat} (spill) at openpgp/write.go:212:129`,
    `openpgp/write.go:212:129:     from ${call} (interface-converted) at openpgp/write.go:212:42`,
    `openpgp/write.go:212:42: ${call} escapes to heap`,
    `openpgp/write.go:212:129: ${concat} escapes to heap`,
  ];
}

function flowsOf(records: ParsedRecord[]): string[][] {
  return records
    .filter((r): r is VerdictRecord => r.kind === 'escapes-to-heap')
    .map((r) => r.flows.flatMap((f) => [`${f.dst} ← ${f.src}`, ...f.steps.map((s) => `${s.why} ${s.line}:${s.column}`)]));
}

function expectedFlows(cut = CUT): string[][] {
  const concat = `${cut} + name + " in this case.)"`;
  const call = `errors.InvalidArgumentError(${concat})`;
  return [
    [`err ← {storage for ${call}}`, 'spill 212:42', 'return 212:3'],
    [`{storage for ${call}} ← {storage for ${concat}}`, 'spill 212:129', 'interface-converted 212:42'],
  ];
}

describe('a string constant cut by the compiler', () => {
  test('the byte path: every line recognized, the flows whole', () => {
    const { records, stats } = parseText(`${log().join('\n')}\n`);
    expect(stats.unrecognized).toBe(0);
    expect(flowsOf(records)).toEqual(expectedFlows());
  });

  test('the text path', () => {
    const records: ParsedRecord[] = [];
    const parser = new EscapeLogParser((r) => records.push(r), { encoding: 'text' });
    for (const l of log()) parser.pushLine(l);
    parser.end();
    expect(parser.stats.unrecognized).toBe(0);
    expect(flowsOf(records)).toEqual(expectedFlows());
  });

  // 69 runes of which 10 take two bytes: the byte path sees 79 latin1 characters before the cut.
  const wide = `"${'é'.repeat(10)}${'x'.repeat(58)}...`;
  test('runes, not bytes: a cut literal with non-ASCII letters, on both paths', () => {
    const { records, stats } = parseText(`${log(wide).join('\n')}\n`);
    expect(stats.unrecognized).toBe(0);
    expect(flowsOf(records)).toEqual(expectedFlows(wide));
    const text: ParsedRecord[] = [];
    const parser = new EscapeLogParser((r) => text.push(r), { encoding: 'text' });
    for (const l of log(wide)) parser.pushLine(l);
    parser.end();
    expect(parser.stats.unrecognized).toBe(0);
    expect(flowsOf(text)).toEqual(expectedFlows(wide));
  });

  test.each([
    // Cut: the literal ends with the `...` at rune 69.
    [`{storage for ${CALL}} ← &{storage for ${CONCAT}}`, ' ← ', CALL.length + 14],
    // Not cut: a short literal that holds `...` ends at its own quote.
    ['{storage for f("wait...", "{")} ← &x', ' ← ', 31],
    ['"a...b" ← x', ' ← ', 7],
    // An escaped quote does not end a literal.
    ['"say \\"hi\\" ← x" ← y', ' ← ', 16],
  ])('indexOutsideBraces(%j, %j) is %d', (s, sep, at) => {
    expect(indexOutsideBraces(s, sep)).toBe(at);
  });

  test('the operands of a concatenation with a cut literal', () => {
    expect(splitTopLevel(CONCAT, '+')).toEqual([CUT, 'name', '" in this case.)"']);
  });
});
