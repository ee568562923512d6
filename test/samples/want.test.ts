import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeaplintError } from '../../src/errors.js';
import { diffWants, loadWantEntries, parseGoVersion, parseWantComments, satisfies, wantsFor } from './want.js';

const GO = `package demo

import "fmt"

// want comments in prose are not expectations: we want to keep this one ignored.
func f(n int) *int {
	x := n // want "pointer-escape"
	fmt.Println(x) // want "interface-boxing" "variadic-slice"
	s := make([]int, n) // want go<1.25 "variable-size-allocation" go>=1.25 "pointer-escape"
	s = append(s, 1) //want go>=1.25 "append-growth"
	_ = s
	return &x // want "pointer-escape" go==1.22 "closure-capture" go>1.25 "method-value" go<=1.19 "leaking-param"
}
`;

describe('parseWantComments', () => {
  it('reads every item with its line and version constraint', () => {
    expect(parseWantComments('samples/demo/f.go', GO)).toEqual([
      { file: 'samples/demo/f.go', line: 7, ruleId: 'pointer-escape', constraint: null },
      { file: 'samples/demo/f.go', line: 8, ruleId: 'interface-boxing', constraint: null },
      { file: 'samples/demo/f.go', line: 8, ruleId: 'variadic-slice', constraint: null },
      { file: 'samples/demo/f.go', line: 9, ruleId: 'variable-size-allocation', constraint: { op: '<', version: { major: 1, minor: 25 } } },
      { file: 'samples/demo/f.go', line: 9, ruleId: 'pointer-escape', constraint: { op: '>=', version: { major: 1, minor: 25 } } },
      { file: 'samples/demo/f.go', line: 10, ruleId: 'append-growth', constraint: { op: '>=', version: { major: 1, minor: 25 } } },
      { file: 'samples/demo/f.go', line: 12, ruleId: 'pointer-escape', constraint: null },
      { file: 'samples/demo/f.go', line: 12, ruleId: 'closure-capture', constraint: { op: '==', version: { major: 1, minor: 22 } } },
      { file: 'samples/demo/f.go', line: 12, ruleId: 'method-value', constraint: { op: '>', version: { major: 1, minor: 25 } } },
      { file: 'samples/demo/f.go', line: 12, ruleId: 'leaking-param', constraint: { op: '<=', version: { major: 1, minor: 19 } } },
    ]);
  });

  it('rejects a malformed item with file:line in a HeaplintError', () => {
    const bad = 'x := 1 // want "pointer-escape" go>=1.25\n';
    expect(() => parseWantComments('samples/a.go', bad)).toThrow(HeaplintError);
    expect(() => parseWantComments('samples/a.go', bad)).toThrow('samples/a.go:1: cannot read // want item at "go>=1.25"');
    expect(() => parseWantComments('samples/a.go', 'x // want "Bad_Id"\n')).toThrow('samples/a.go:1: cannot read // want item at "\\"Bad_Id\\""');
  });
});

describe('wantsFor', () => {
  const entries = parseWantComments('samples/demo/f.go', GO);

  it('keeps unconstrained items and those whose constraint the version satisfies (Go 1.22)', () => {
    expect(wantsFor(entries, { major: 1, minor: 22 })).toEqual([
      { file: 'samples/demo/f.go', line: 7, ruleId: 'pointer-escape' },
      { file: 'samples/demo/f.go', line: 8, ruleId: 'interface-boxing' },
      { file: 'samples/demo/f.go', line: 8, ruleId: 'variadic-slice' },
      { file: 'samples/demo/f.go', line: 9, ruleId: 'variable-size-allocation' },
      { file: 'samples/demo/f.go', line: 12, ruleId: 'closure-capture' },
      { file: 'samples/demo/f.go', line: 12, ruleId: 'pointer-escape' },
    ]);
  });

  it('switches version-specific items at 1.25 and 1.26', () => {
    expect(wantsFor(entries, { major: 1, minor: 26 })).toEqual([
      { file: 'samples/demo/f.go', line: 7, ruleId: 'pointer-escape' },
      { file: 'samples/demo/f.go', line: 8, ruleId: 'interface-boxing' },
      { file: 'samples/demo/f.go', line: 8, ruleId: 'variadic-slice' },
      { file: 'samples/demo/f.go', line: 9, ruleId: 'pointer-escape' },
      { file: 'samples/demo/f.go', line: 10, ruleId: 'append-growth' },
      { file: 'samples/demo/f.go', line: 12, ruleId: 'method-value' },
      { file: 'samples/demo/f.go', line: 12, ruleId: 'pointer-escape' },
    ]);
  });

  it('deduplicates one finding per (position, rule)', () => {
    const twice = parseWantComments('a.go', 'x // want "pointer-escape" go>=1.20 "pointer-escape"\n');
    expect(wantsFor(twice, { major: 1, minor: 24 })).toEqual([{ file: 'a.go', line: 1, ruleId: 'pointer-escape' }]);
  });
});

describe('helpers', () => {
  it('compares versions numerically, not as text', () => {
    expect(satisfies({ major: 1, minor: 9 }, { op: '<', version: { major: 1, minor: 25 } })).toBe(true);
    expect(satisfies({ major: 2, minor: 0 }, { op: '>=', version: { major: 1, minor: 25 } })).toBe(true);
    expect(satisfies({ major: 1, minor: 25 }, { op: '>', version: { major: 1, minor: 25 } })).toBe(false);
  });

  it('parses Go version strings', () => {
    expect(parseGoVersion('go1.26.8')).toEqual({ major: 1, minor: 26 });
    expect(parseGoVersion('go1.22')).toEqual({ major: 1, minor: 22 });
    expect(parseGoVersion('devel go1.27-abcdef')).toEqual({ major: 1, minor: 27 });
    expect(parseGoVersion('unknown')).toBeNull();
  });

  it('lists missing and unexpected findings, sorted', () => {
    const a = { file: 'a.go', line: 1, ruleId: 'pointer-escape' };
    const b = { file: 'a.go', line: 2, ruleId: 'interface-boxing' };
    const c = { file: 'a.go', line: 3, ruleId: 'closure-escape' };
    expect(diffWants([a, b], [c, a])).toEqual({ missing: ['a.go:2: interface-boxing'], unexpected: ['a.go:3: closure-escape'] });
  });
});

describe('the samples corpus', () => {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const entries = loadWantEntries(repoRoot);

  function perRule(version: { major: number; minor: number }): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const w of wantsFor(entries, version)) counts[w.ruleId] = (counts[w.ruleId] ?? 0) + 1;
    return counts;
  }

  // Pins the corpus: a changed sample must change these numbers on purpose.
  it('has at least two expectations of every default rule with Go 1.26', () => {
    expect(perRule({ major: 1, minor: 26 })).toEqual({
      'append-growth': 10,
      'closure-capture': 3,
      'closure-escape': 10,
      'interface-boxing': 16,
      'method-value': 5,
      'oversized-allocation': 4,
      'pointer-escape': 27,
      'string-allocation': 13,
      'variable-size-allocation': 3,
      'variadic-slice': 2,
    });
  });

  it('has no append-growth and more variable-size-allocation with Go 1.22', () => {
    expect(perRule({ major: 1, minor: 22 })).toEqual({
      'closure-capture': 3,
      'closure-escape': 10,
      'interface-boxing': 16,
      'method-value': 5,
      'oversized-allocation': 2,
      'pointer-escape': 22,
      'string-allocation': 12,
      'variable-size-allocation': 8,
      'variadic-slice': 2,
    });
  });
});
