import fs from 'node:fs';
import path from 'node:path';
import { parseText } from '../../src/parse/stream.js';
import type { ParsedRecord } from '../../src/parse/records.js';
import { fixturesDir } from './helpers.js';

function fixture(rel: string): ParsedRecord[] {
  return parseText(fs.readFileSync(path.join(fixturesDir, 'out', rel), 'utf8')).records;
}

function at(records: ParsedRecord[], file: string, line: number, column: number | null, message: string): ParsedRecord {
  const r = records.find((x) => x.file === file && x.line === line && x.column === column && x.message === message);
  if (r === undefined) throw new Error(`no record ${file}:${line}:${column}: ${message}`);
  return r;
}

describe('Go 1.19 (`=` flows, headers without function)', () => {
  test('param leak with `=` flow', () => {
    const recs = fixture('go1.19/m2.txt');
    expect(at(recs, 'sub/sub.go', 5, 15, 'leaking param: p')).toEqual({
      kind: 'leaking-param',
      file: 'sub/sub.go',
      line: 5,
      column: 15,
      message: 'leaking param: p',
      subject: 'p',
      function: null,
      flows: [
        {
          block: 0,
          dst: '{heap}',
          src: 'p',
          derefs: 0,
          steps: [{ file: 'sub/sub.go', line: 5, column: 27, expr: 'G = p', why: 'assign' }],
        },
      ],
      explanations: [{ subject: 'p', function: null, sink: '{heap}', derefs: 0, truncated: false }],
      package: 'example.com/esctest/sub',
      variant: null,
      count: 1,
      logLine: 4,
    });
  });
});

describe('Go 1.25 / 1.26 (`←` flows, ` in F` / ` for F` headers)', () => {
  test('moved to heap joined to the `x escapes to heap in F:` header', () => {
    const recs = fixture('go1.26/m2.txt');
    expect(at(recs, './main.go', 67, 2, 'moved to heap: x')).toEqual({
      kind: 'moved-to-heap',
      file: './main.go',
      line: 67,
      column: 2,
      message: 'moved to heap: x',
      subject: 'x',
      function: 'moved',
      flows: [
        {
          block: 0,
          dst: '~r0',
          src: 'x',
          derefs: -1,
          steps: [
            { file: './main.go', line: 68, column: 9, expr: '&x', why: 'address-of' },
            { file: './main.go', line: 68, column: 2, expr: 'return &x', why: 'return' },
          ],
        },
      ],
      explanations: [{ subject: 'x', function: 'moved', sink: null, derefs: null, truncated: false }],
      package: 'example.com/esctest',
      variant: null,
      count: 1,
      logLine: 155, // the header line: a record is placed at its first line
    });
  });

  test('header subject differs from the verdict (1.25 constant rewriting): y → "hello", append(s, i) → append', () => {
    const recs = fixture('go1.25/m2d_esctest4.txt');
    expect(at(recs, './a.go', 11, 9, '"hello" escapes to heap')).toEqual({
      kind: 'escapes-to-heap',
      file: './a.go',
      line: 11,
      column: 9,
      message: '"hello" escapes to heap',
      subject: '"hello"',
      function: 'constProp',
      flows: [
        {
          block: 0,
          dst: '{heap}',
          src: '{storage for y}',
          derefs: -1,
          steps: [
            { file: './a.go', line: 11, column: 9, expr: 'y', why: 'spill' },
            { file: './a.go', line: 11, column: 7, expr: 'sink = y', why: 'assign' },
          ],
        },
      ],
      explanations: [{ subject: 'y', function: 'constProp', sink: null, derefs: null, truncated: false }],
      package: 'example.com/esctest4',
      variant: null,
      count: 1,
      logLine: 6,
    });
    const app = at(recs, './a.go', 20, 13, 'append escapes to heap');
    expect(app.kind === 'escapes-to-heap' && app.explanations).toEqual([
      { subject: 'append(s, i)', function: 'varSize', sink: null, derefs: null, truncated: false },
    ]);
    expect(app.kind === 'escapes-to-heap' && app.flows.map((f) => `${f.dst} <- ${f.src}`)).toEqual([
      's <- {storage for append(s, i)}',
      '~r0 <- s',
    ]);
    expect(recs.filter((r) => r.kind === 'orphan-explanation')).toEqual([]);
  });

  test('a parameter with two E2 blocks (one per use) and a parameter with one verdict per result', () => {
    const recs = fixture('go1.26/m2.txt');
    const s = at(recs, './main.go', 21, 20, 'leaking param: s');
    expect(s.kind === 'leaking-param' && s.explanations).toEqual([
      { subject: 's', function: 'boxing', sink: '{storage for s}', derefs: 0, truncated: false },
      { subject: 's', function: 'boxing', sink: '{storage for s}', derefs: 0, truncated: false },
    ]);
    expect(s.kind === 'leaking-param' && s.flows).toEqual([
      {
        block: 0,
        dst: '{storage for s}',
        src: 's',
        derefs: 0,
        steps: [{ file: './main.go', line: 24, column: 17, expr: 's', why: 'interface-converted' }],
      },
      {
        block: 1,
        dst: '{storage for s}',
        src: 's',
        derefs: 0,
        steps: [{ file: './main.go', line: 25, column: 9, expr: 's', why: 'interface-converted' }],
      },
    ]);
    const toA = at(recs, './main.go', 202, 18, 'leaking param: p to result a level=0');
    const toB = at(recs, './main.go', 202, 18, 'leaking param: p to result b level=0');
    expect([toA, toB].map((r) => (r.kind === 'leaking-param-to-result' ? [r.result, r.level, r.flows.map((f) => f.dst)] : null))).toEqual([
      ['a', 0, ['a']],
      ['b', 0, ['b']],
    ]);
  });

  test('orphan go-statement closure block (verdict suppressed for the go wrapper)', () => {
    const recs = fixture('go1.26/m2b.txt');
    expect(at(recs, './a.go', 66, 2, 'func literal escapes to heap in goArgs:')).toEqual({
      kind: 'orphan-explanation',
      file: './a.go',
      line: 66,
      column: 2,
      message: 'func literal escapes to heap in goArgs:',
      subject: 'func literal',
      function: 'goArgs',
      flows: [
        {
          block: 0,
          dst: '{heap}',
          src: '{storage for func literal}',
          derefs: -1,
          steps: [{ file: './a.go', line: 66, column: 2, expr: 'func literal', why: 'spill' }],
        },
      ],
      explanations: [{ subject: 'func literal', function: 'goArgs', sink: null, derefs: null, truncated: false }],
      package: 'example.com/esctest2',
      variant: null,
      count: 1,
      logLine: 205,
    });
  });

  test('generic duplicate verdict lines fold into count 2, both differing blocks attach', () => {
    const recs = fixture('go1.26/m2.txt');
    const x = at(recs, './main.go', 174, 39, 'x escapes to heap');
    expect(x.count).toBe(2);
    expect(x.kind === 'escapes-to-heap' && x.explanations.map((e) => e.function)).toEqual([
      'generic[go.shape.string]',
      'generic[go.shape.int]',
    ]);
    expect(recs.filter((r) => r.message === 'x escapes to heap' && r.line === 174 && r.column === 39)).toHaveLength(1);
  });

  test('`<autogenerated>:1:` has no column; wrapper E2 block is an orphan', () => {
    const recs = fixture('go1.26/m2.txt');
    expect(at(recs, '<autogenerated>', 1, null, 'inlining call to (*T).M')).toEqual({
      kind: 'inlining-call',
      file: '<autogenerated>',
      line: 1,
      column: null,
      message: 'inlining call to (*T).M',
      function: '(*T).M',
      package: 'example.com/esctest',
      variant: null,
      count: 1,
      logLine: 70,
    });
    expect(at(recs, '<autogenerated>', 1, null, 'parameter ~p0 leaks to {heap} for I.M with derefs=0:')).toEqual({
      kind: 'orphan-explanation',
      file: '<autogenerated>',
      line: 1,
      column: null,
      message: 'parameter ~p0 leaks to {heap} for I.M with derefs=0:',
      subject: '~p0',
      function: 'I.M',
      flows: [
        {
          block: 0,
          dst: '{heap}',
          src: '~p0',
          derefs: 0,
          steps: [{ file: '<autogenerated>', line: 1, column: null, expr: '~p0.M()', why: 'call parameter' }],
        },
      ],
      explanations: [{ subject: '~p0', function: 'I.M', sink: '{heap}', derefs: 0, truncated: false }],
      package: 'example.com/esctest',
      variant: null,
      count: 1,
      logLine: 420,
    });
  });

  test('function names with spaces and braces after ` for `', () => {
    const recs = fixture('go1.26/m2e_esctest5_l.txt');
    const o = recs.find((r) => r.kind === 'orphan-explanation' && r.subject === '~p1');
    expect(o?.kind === 'orphan-explanation' && o.explanations).toEqual([
      {
        subject: '~p1',
        function: 'interface { Read([]uint8) (int, error) }.Read',
        sink: '{heap}',
        derefs: 0,
        truncated: false,
      },
    ]);
  });
});

describe('synthetic range-over-func variables and truncated cycles (from std, Go 1.26)', () => {
  test('`<unknown line number>:` block joins the position-less `moved to heap: #next`', () => {
    const log = [
      '# reflect',
      'Value.Comparable capturing by ref: #next (addr=false assign=true width=8)',
      '<unknown line number>: #next escapes to heap in Value.Comparable:',
      '<unknown line number>:   flow: {storage for func literal} ← &#next:',
      '<unknown line number>:     from #next (captured by a closure) at /usr/local/go/src/reflect/value.go:3283:5',
      '<unknown line number>:     from #next (reference) at <unknown line number>',
      'moved to heap: #next',
    ].join('\n');
    const { records, stats } = parseText(log);
    expect(records).toEqual([
      { kind: 'package-header', file: null, line: null, column: null, message: '# reflect', package: 'reflect', variant: null, count: 1, logLine: 1 },
      {
        kind: 'capture',
        file: null,
        line: null,
        column: null,
        message: 'Value.Comparable capturing by ref: #next (addr=false assign=true width=8)',
        function: 'Value.Comparable',
        subject: '#next',
        byRef: true,
        addr: false,
        assign: true,
        width: 8,
        package: 'reflect',
        variant: null,
        count: 1,
        logLine: 2,
      },
      {
        kind: 'moved-to-heap',
        file: null,
        line: null,
        column: null,
        message: 'moved to heap: #next',
        subject: '#next',
        function: 'Value.Comparable',
        flows: [
          {
            block: 0,
            dst: '{storage for func literal}',
            src: '#next',
            derefs: -1,
            steps: [
              { file: '/usr/local/go/src/reflect/value.go', line: 3283, column: 5, expr: '#next', why: 'captured by a closure' },
              { file: null, line: null, column: null, expr: '#next', why: 'reference' },
            ],
          },
        ],
        explanations: [{ subject: '#next', function: 'Value.Comparable', sink: null, derefs: null, truncated: false }],
        package: 'reflect',
        variant: null,
        count: 1,
        logLine: 3,
      },
    ]);
    expect(stats).toEqual({
      lines: 7,
      bytes: Buffer.byteLength(log),
      records: 3,
      duplicates: 0,
      unrecognized: 0,
      compileErrors: 0,
      explanationLines: 4,
      packages: 1,
      blankLines: 0,
      continuationLines: 0,
    });
  });

  test('truncated-cycle warning marks the explanation', () => {
    const p = '/usr/local/go/src/go/types/labels.go:97:7:';
    const log = [
      '# go/types',
      `${p} &block{...} escapes to heap in (*Checker).blockBranches:`,
      `${p}   flow: b ← &{storage for &block{...}}:`,
      `${p}     from &block{...} (spill) at /usr/local/go/src/go/types/labels.go:97:7`,
      `${p}   flow: {storage for &block{...}} ← parent:`,
      `${p}     from block{...} (struct literal element) at /usr/local/go/src/go/types/labels.go:97:13`,
      `${p}   warning: truncated explanation due to assignment cycle; see golang.org/issue/35518`,
      `${p} &block{...} escapes to heap`,
    ].join('\n');
    const r = parseText(log).records[1];
    expect(r).toEqual({
      kind: 'escapes-to-heap',
      file: '/usr/local/go/src/go/types/labels.go',
      line: 97,
      column: 7,
      message: '&block{...} escapes to heap',
      subject: '&block{...}',
      function: '(*Checker).blockBranches',
      flows: [
        {
          block: 0,
          dst: 'b',
          src: '{storage for &block{...}}',
          derefs: -1,
          steps: [{ file: '/usr/local/go/src/go/types/labels.go', line: 97, column: 7, expr: '&block{...}', why: 'spill' }],
        },
        {
          block: 0,
          dst: '{storage for &block{...}}',
          src: 'parent',
          derefs: 0,
          steps: [
            { file: '/usr/local/go/src/go/types/labels.go', line: 97, column: 13, expr: 'block{...}', why: 'struct literal element' },
          ],
        },
      ],
      explanations: [
        { subject: '&block{...}', function: '(*Checker).blockBranches', sink: null, derefs: null, truncated: true },
      ],
      package: 'go/types',
      variant: null,
      count: 1,
      logLine: 2,
    });
  });
});
