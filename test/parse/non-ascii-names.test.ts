import { parseText } from '../../src/parse/stream.js';
import { EscapeLogParser } from '../../src/parse/parser.js';
import type { ParsedRecord } from '../../src/parse/records.js';

/**
 * Go identifiers and import paths may hold any Unicode letter. The parser reads bytes as latin1,
 * where a UTF-8 byte 0xA0 (in `à` C3 A0, Cyrillic `Р` D0 A0, CJK `丠` E4 B8 A0) is U+00A0, which
 * JavaScript's `\s` counts as white space: names with such letters must still be one word, and
 * a record's package, decoded with its section header, must not be decoded a second time.
 */
const NAMES = ['à', 'Р', '丠'];

function lines(name: string): string[] {
  return [
    `# example.com/${name} [example.com/${name}.test]`,
    `./p.go:3:8: parameter ${name} leaks to {heap} with derefs=0:`,
    `./p.go:3:8:   flow: {heap} ← ${name}:`,
    `./p.go:3:8:     from ${name} (assigned) at ./p.go:4:6`,
    `./p.go:3:8: leaking param: ${name}`,
    `./p.go:5:9: leaking param: ${name} to result ~r0 level=0`,
    `./p.go:6:2: mutates param: ${name} derefs=1`,
    `./p.go:7:3: func literal capturing by ref: ${name} (addr=false assign=true width=8)`,
  ];
}

function expected(name: string): Partial<ParsedRecord>[] {
  return [
    { kind: 'package-header', package: `example.com/${name}`, variant: `example.com/${name}.test` },
    {
      kind: 'leaking-param',
      subject: name,
      flows: [{ block: 0, dst: '{heap}', src: name, derefs: 0, steps: [{ expr: name, why: 'assigned', file: './p.go', line: 4, column: 6 }] }],
      explanations: [{ subject: name, function: null, sink: '{heap}', derefs: 0, truncated: false }],
      package: `example.com/${name}`,
      variant: `example.com/${name}.test`,
    },
    { kind: 'leaking-param-to-result', subject: name, result: '~r0', level: 0 },
    { kind: 'param-mutates', subject: name, derefs: 1 },
    { kind: 'capture', subject: name },
  ];
}

const picked = (r: ParsedRecord, like: Partial<ParsedRecord>): Partial<ParsedRecord> =>
  Object.fromEntries(Object.keys(like).map((k) => [k, (r as unknown as Record<string, unknown>)[k]])) as Partial<ParsedRecord>;

describe.each(NAMES)('names with %s', (name) => {
  test('the byte path (parseStream, --from-log, go build)', () => {
    const { records, stats } = parseText(`${lines(name).join('\n')}\n`);
    const want = expected(name);
    expect(records.map((r, i) => picked(r, want[i] ?? {}))).toEqual(want);
    expect(stats.unrecognized).toBe(0);
  });

  test('the text path (pushLine)', () => {
    const records: ParsedRecord[] = [];
    const parser = new EscapeLogParser((r) => records.push(r), { encoding: 'text' });
    for (const l of lines(name)) parser.pushLine(l);
    parser.end();
    const want = expected(name);
    expect(records.map((r, i) => picked(r, want[i] ?? {}))).toEqual(want);
    expect(parser.stats.unrecognized).toBe(0);
  });
});
