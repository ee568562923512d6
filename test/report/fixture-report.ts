/**
 * A small hand-built Report for the reporter golden tests: four findings (one on a line with
 * 2-, 3- and 4-byte UTF-8 characters, one with a three-step escape flow, one in a path with a
 * space, one contract violation whose rule is not in the table), a compile error and an
 * unrecognized line.
 */
import type { RuleMeta } from '../../rules/rule.js';
import type { Finding } from '../../src/findings/finding.js';
import type { Report } from '../../src/report/model.js';

export const SOURCES: Record<string, string> = {
  'cmd/server/main.go': [
    'package main',
    '',
    'import (',
    '\t"fmt"',
    '\t"log"',
    ')',
    '',
    'type Config struct{ Name string }',
    '',
    'func main() {',
    '\tcfg := Config{Name: "héllo, 世界 😀"}',
    '\tlog.Print("名前: ", cfg.Name, &cfg)',
    '\tfmt.Println(cfg.Name)',
    '}',
    '',
  ].join('\n'),
  'internal/cache/cache.go': [
    'package cache',
    '',
    'type Entry struct {',
    '\tKey   string',
    '\tValue []byte',
    '}',
    '',
    'func newEntry(k string) *Entry {',
    '\te := Entry{Key: k}',
    '\treturn &e',
    '}',
    '',
    'func (c *Cache) Put(k string) {',
    '\tc.items = append(c.items, newEntry(k))',
    '}',
    '',
  ].join('\r\n'),
  'pkg/my dir/x.go': ['package x', '', 'import "fmt"', '', 'func Show(n int) string {', '\treturn fmt.Sprint(n)', '}'].join('\n'),
};

export function readFixtureSource(path: string): string | null {
  return SOURCES[path] ?? null;
}

/** 1-based UTF-8 byte column of `needle` on line `line` of a fixture file, as the compiler would print it. */
export function byteColumn(file: string, line: number, needle: string): number {
  const text = (SOURCES[file] ?? '').split(/\r?\n/)[line - 1] ?? '';
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`${needle} not on ${file}:${line}`);
  return Buffer.byteLength(text.slice(0, index), 'utf8') + 1;
}

export const RULES: RuleMeta[] = [
  {
    id: 'interface-boxing',
    name: 'InterfaceBoxing',
    shortDescription: 'A value escapes to the heap because it is converted to an interface.',
    fullDescription:
      'Passing a non-pointer value as an interface (for example to fmt.Sprint or a ...any parameter) makes the compiler allocate a copy on the heap.',
    helpMarkdown:
      '## Interface boxing\n\nConverting a value to an interface may allocate.\n\n```go\nfmt.Sprint(n) // n escapes\n```\n\nUse `strconv.Itoa(n)` instead. See [Go FAQ](https://go.dev/doc/faq).',
    defaultLevel: 'note',
    enabledByDefault: true,
    tags: ['performance', 'escape-analysis', 'allocation', 'go', 'interface', 't6', 't7', 't8', 't9', 't10', 't11', 't12'],
    precision: 'high',
  },
  {
    id: 'address-returned',
    name: 'AddressReturned',
    shortDescription: 'A local variable moves to the heap because its address is returned.',
    fullDescription: 'Returning the address of a local variable forces the compiler to allocate it on the heap.',
    helpMarkdown: 'Returning `&x` moves `x` to the heap.\n\nReturn the value instead when it is small.',
    defaultLevel: 'warning',
    enabledByDefault: true,
    tags: ['performance', 'escape-analysis'],
    precision: 'very-high',
  },
  {
    id: 'closure-capture',
    name: 'ClosureCapture',
    shortDescription: 'A variable captured by reference in an escaping closure moves to the heap.',
    fullDescription: 'A closure that escapes takes its captured variables with it.',
    helpMarkdown: 'Capture by value, or keep the closure local.',
    defaultLevel: 'note',
    enabledByDefault: false,
    tags: ['performance'],
    precision: 'medium',
  },
];

const MAIN = 'cmd/server/main.go';
const CACHE = 'internal/cache/cache.go';
const SPACED = 'pkg/my dir/x.go';

function finding(partial: Partial<Finding> & Pick<Finding, 'ruleId' | 'level' | 'message' | 'file' | 'line' | 'column' | 'endColumn'>): Finding {
  return {
    endLine: partial.line,
    function: null,
    package: null,
    subject: '',
    evidence: [],
    flow: [],
    inlinedAt: [],
    fingerprint: '',
    ...partial,
  };
}

export const FINDINGS: Finding[] = [
  finding({
    ruleId: 'contract-violation',
    level: 'error',
    message: 'cfg is moved to the heap, but main is marked //heaplint:noescape.',
    file: MAIN,
    line: 11,
    column: byteColumn(MAIN, 11, 'cfg'),
    endColumn: byteColumn(MAIN, 11, ' :='),
    function: 'main',
    package: 'example.com/app/cmd/server',
    subject: 'cfg',
    evidence: ['address-of'],
    fingerprint: 'd4c1e0a94f3b2a10',
  }),
  finding({
    ruleId: 'interface-boxing',
    level: 'warning',
    message: '&cfg escapes to the heap: it is passed to log.Print as an any argument. The call site is hot.',
    file: MAIN,
    line: 12,
    column: byteColumn(MAIN, 12, '&cfg'),
    endColumn: byteColumn(MAIN, 12, ')'),
    function: 'main',
    package: 'example.com/app/cmd/server',
    subject: '&cfg',
    evidence: ['interface-converted', 'call parameter'],
    fingerprint: '5be0f1c2a7d94e31',
  }),
  finding({
    ruleId: 'address-returned',
    level: 'warning',
    message: 'e is moved to the heap: its address is returned from newEntry.',
    file: CACHE,
    line: 9,
    column: byteColumn(CACHE, 9, 'e :='),
    endColumn: byteColumn(CACHE, 9, ' :='),
    function: 'newEntry',
    package: 'example.com/app/internal/cache',
    subject: 'e',
    evidence: ['address-of', 'return'],
    flow: [
      { file: CACHE, line: 10, column: byteColumn(CACHE, 10, '&e'), message: '~r0 ← &e: &e (address-of)', why: 'address-of' },
      { file: CACHE, line: 10, column: null, message: '~r0 ← &e: return &e (return)', why: 'return' },
      { file: null, line: null, column: null, message: '{heap} ← ~r0: result [0] of newEntry', why: null },
    ],
    inlinedAt: [{ file: CACHE, line: 14, column: byteColumn(CACHE, 14, 'newEntry') }],
    fingerprint: '9a7f3c0e21b84d56',
  }),
  finding({
    ruleId: 'interface-boxing',
    level: 'note',
    message: 'n escapes to the heap: it is converted to an interface to be passed to fmt.Sprint.',
    file: SPACED,
    line: 6,
    column: byteColumn(SPACED, 6, 'n)'),
    endColumn: byteColumn(SPACED, 6, ')'),
    function: 'Show',
    package: 'example.com/app/pkg/x',
    subject: 'n',
    evidence: ['interface-converted'],
    fingerprint: '0c3e5d7f9a1b2c4d',
    confidence: 'medium',
  }),
];

export function fixtureReport(overrides: Partial<Report> = {}): Report {
  return {
    tool: { name: 'heaplint', version: '0.1.0' },
    go: { version: 'go1.26.0', goos: 'linux', goarch: 'amd64' },
    rules: RULES,
    findings: FINDINGS,
    summary: {
      byRule: { 'address-returned': 1, 'closure-capture': 0, 'contract-violation': 1, 'interface-boxing': 2 },
      byLevel: { error: 1, warning: 2, note: 1 },
      total: 4,
      excluded: { suppressed: 1, goroot: 12, baseline: 0 },
      packages: 3,
      linesParsed: 120,
      unrecognizedLines: 1,
      compileErrors: 1,
    },
    diagnostics: [
      {
        level: 'error',
        code: 'compile-error',
        message: 'cmd/broken/broken.go:3:8: undefined: foo',
        file: 'cmd/broken/broken.go',
        line: 3,
        column: 8,
      },
      { level: 'warning', code: 'unrecognized-line', message: 'Line 42 of the compiler output was not recognized: "weird: output"' },
    ],
    executionSuccessful: false,
    ...overrides,
  };
}

export function emptyReport(): Report {
  return fixtureReport({
    findings: [],
    diagnostics: [],
    executionSuccessful: true,
    summary: {
      byRule: { 'address-returned': 0, 'closure-capture': 0, 'interface-boxing': 0 },
      byLevel: { error: 0, warning: 0, note: 0 },
      total: 0,
      excluded: {},
      packages: 1,
      linesParsed: 10,
      unrecognizedLines: 0,
      compileErrors: 0,
    },
  });
}
