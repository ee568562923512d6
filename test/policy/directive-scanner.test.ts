import { lexDirectives, mayHoldDirective, scanDirectives } from '../../src/source/directive-scanner.js';
import { allKnownRuleIds } from '../../src/policy/rule-ids.js';

const KNOWN = allKnownRuleIds();

function scan(source: string) {
  return scanDirectives(source, KNOWN);
}

describe('scanDirectives: suppressions', () => {
  test('own-line ignore with two rules and a reason', () => {
    const src = 'package p\n\nfunc f() {\n\t//heaplint:ignore interface-boxing,closure-capture hot path is fine\n\tx := 1\n}\n';
    expect(scan(src)).toEqual({
      directives: [
        {
          kind: 'ignore',
          name: 'ignore',
          namespace: 'heaplint',
          line: 4,
          column: 2,
          trailing: false,
          rules: ['interface-boxing', 'closure-capture'],
          reason: 'hot path is fine',
          text: '//heaplint:ignore interface-boxing,closure-capture hot path is fine',
        },
      ],
      problems: [],
    });
  });

  test('trailing ignore after code, CRLF line endings, reason in golangci style', () => {
    const src = 'package p\r\nvar x any = 1 //heaplint:ignore interface-boxing // boxed once at init\r\n';
    const result = scan(src);
    expect(result.problems).toEqual([]);
    expect(result.directives).toEqual([
      {
        kind: 'ignore',
        name: 'ignore',
        namespace: 'heaplint',
        line: 2,
        column: 15,
        trailing: true,
        rules: ['interface-boxing'],
        reason: 'boxed once at init',
        text: '//heaplint:ignore interface-boxing // boxed once at init',
      },
    ]);
  });

  test('nolint:heaplint with reason, and with another linter in the list', () => {
    const src = 'package p\nvar a = f() //nolint:heaplint // measured\nvar b = g() //nolint:gosec,heaplint // vetted\n//nolint:gosec // not ours\n';
    const result = scan(src);
    expect(result.problems).toEqual([]);
    expect(result.directives.map((d) => [d.kind, d.namespace, d.name, d.line, d.trailing, d.rules, d.reason])).toEqual([
      ['nolint', 'nolint', 'nolint', 2, true, [], 'measured'],
      ['nolint', 'nolint', 'nolint', 3, true, [], 'vetted'],
    ]);
  });

  test('missing reason is a problem, the directive is still returned', () => {
    const result = scan('package p\n//heaplint:ignore interface-boxing\n//nolint:heaplint\n');
    expect(result.directives.map((d) => [d.kind, d.line, d.reason])).toEqual([
      ['ignore', 2, ''],
      ['nolint', 3, ''],
    ]);
    expect(result.problems).toEqual([
      {
        line: 2,
        column: 1,
        message: '//heaplint:ignore needs a reason; write //heaplint:ignore rule-id[,rule-id] reason',
        text: '//heaplint:ignore interface-boxing',
      },
      {
        line: 3,
        column: 1,
        message: '//nolint:heaplint needs a reason; write //nolint:heaplint // reason',
        text: '//nolint:heaplint',
      },
    ]);
  });

  test('unknown rule id gets a suggestion; no rule at all is a problem', () => {
    const result = scan('package p\n//heaplint:ignore interface-boxng,closure-capture why\n//heaplint:ignore\n');
    expect(result.problems.map((p) => [p.line, p.message])).toEqual([
      [2, '//heaplint:ignore unknown rule interface-boxng (did you mean interface-boxing?)'],
      [3, '//heaplint:ignore names no rule; write //heaplint:ignore rule-id[,rule-id] reason'],
    ]);
  });

  test('misspelled directive, space after //, misspelled namespace, block comment', () => {
    const src = [
      'package p',
      '//heaplint:ingore interface-boxing why',
      '// heaplint:ignore interface-boxing why',
      '//heaplnt:ignore interface-boxing why',
      '/*heaplint:ignore interface-boxing why*/',
      '//HeapLint:ignore interface-boxing why',
      '// nolint:heaplint // why',
      '//nolint:heaplnt // why',
      '',
    ].join('\n');
    const result = scan(src);
    expect(result.directives.map((d) => [d.kind, d.name, d.line])).toEqual([['unknown', 'ingore', 2]]);
    expect(result.problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'unknown directive //heaplint:ingore (did you mean //heaplint:ignore?)'],
      [3, '"// heaplint:ignore" is not a directive: remove the space after //'],
      [4, 'unknown directive prefix heaplnt: (did you mean //heaplint:?)'],
      [5, '//heaplint: directives must be line comments, not /* */'],
      [6, 'unknown directive prefix HeapLint: (did you mean //heaplint:?)'],
      [7, '"// nolint:heaplint" is not a directive: remove the space after //'],
      [8, 'unknown linter heaplnt in //nolint (did you mean heaplint?)'],
    ]);
  });

  test('ordinary comments are not directives', () => {
    const src = 'package p\n// TODO: fix\n// See https://example.com/x\n//go:noinline\n//nolint:gosec // ok\n/* note: fine */\n';
    expect(scan(src)).toEqual({ directives: [], problems: [] });
  });
});

describe('scanDirectives: Go lexing', () => {
  test('directive text inside strings, raw strings and runes is ignored', () => {
    const src = [
      'package p',
      'var s = "//heaplint:ignore interface-boxing in a string"',
      'var e = "escaped quote \\" //heaplint:ingore still string"',
      'var r = `raw',
      '//heaplint:ingore inside raw string',
      '`',
      "var c = '\"' //heaplint:ignore interface-boxing after a rune",
      "var q = '\\'' // plain",
      '',
    ].join('\n');
    const result = scan(src);
    expect(result.problems).toEqual([]);
    expect(result.directives.map((d) => [d.line, d.column, d.trailing, d.reason])).toEqual([[7, 13, true, 'after a rune']]);
  });

  test('line comment inside a block comment is not a directive; lines after the block stay right', () => {
    const src = 'package p\n/*\n//heaplint:ingore x\n*/\n//heaplint:noescape\nfunc f() {}\n';
    const result = scan(src);
    expect(result.problems).toEqual([]);
    expect(result.directives.map((d) => [d.kind, d.line, d.trailing])).toEqual([['noescape', 5, false]]);
  });

  test('block comment before a directive on the same line does not make it trailing', () => {
    const result = scan('package p\n/* a */ //heaplint:inline\n');
    expect(result.directives.map((d) => [d.kind, d.column, d.trailing])).toEqual([['inline', 9, false]]);
  });

  test('columns are UTF-8 byte columns', () => {
    const result = scan('package p\nvar s = "é" //heaplint:ignore string-allocation ok\n');
    expect(result.directives.map((d) => d.column)).toEqual([14]);
  });

  test('an unterminated string ends at the newline', () => {
    const result = scan('package p\nvar s = "oops\n//heaplint:inline\n');
    expect(result.directives.map((d) => [d.kind, d.line, d.trailing])).toEqual([['inline', 3, false]]);
  });
});

describe('scanDirectives: contract directives', () => {
  test('noescape, escapes, inline in both namespaces; gcassert:bce is left alone', () => {
    const src = [
      'package p',
      '//heaplint:noescape',
      '//heaplint:escapes interface-boxing logged once',
      '//heaplint:inline',
      '//gcassert:inline',
      '//gcassert:noescape',
      '//gcassert:bce',
      '//gcassert:inlne',
      '//heaplint:escapes interface-boxing',
      '',
    ].join('\n');
    const result = scan(src);
    expect(result.directives.map((d) => [d.kind, d.namespace, d.name, d.line, d.rules, d.reason])).toEqual([
      ['noescape', 'heaplint', 'noescape', 2, [], ''],
      ['escapes', 'heaplint', 'escapes', 3, ['interface-boxing'], 'logged once'],
      ['inline', 'heaplint', 'inline', 4, [], ''],
      ['inline', 'gcassert', 'inline', 5, [], ''],
      ['noescape', 'gcassert', 'noescape', 6, [], ''],
      ['unknown', 'gcassert', 'inlne', 8, [], ''],
      ['escapes', 'heaplint', 'escapes', 9, ['interface-boxing'], ''],
    ]);
    expect(result.problems.map((p) => [p.line, p.message])).toEqual([
      [8, 'unknown directive //gcassert:inlne (did you mean //gcassert:inline?)'],
      [9, '//heaplint:escapes needs a reason; write //heaplint:escapes rule-id reason'],
    ]);
  });
});

describe('mayHoldDirective: the quick look before the lexer', () => {
  /** Every word one edit from `word` (deletions, substitutions, insertions, transpositions) over a small alphabet. */
  function oneEditFrom(word: string): string[] {
    const letters = [...new Set([...word, 'x', 'A'])];
    const out = new Set<string>();
    for (let i = 0; i <= word.length; i++) {
      if (i < word.length) out.add(word.slice(0, i) + word.slice(i + 1));
      for (const c of letters) {
        if (i < word.length) out.add(word.slice(0, i) + c + word.slice(i + 1));
        out.add(word.slice(0, i) + c + word.slice(i));
      }
      if (i + 1 < word.length) out.add(word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2));
    }
    return [...out].filter((w) => /^[A-Za-z]+$/.test(w));
  }
  const near = [...new Set(['heaplint', 'gcassert', 'nolint', 'HEAPLINT', 'Nolint'].flatMap((w) => [w, ...oneEditFrom(w), ...oneEditFrom(w).flatMap(oneEditFrom).filter((_, i) => i % 7 === 0)]))];
  const shapes = (w: string): string[] => [`//${w}:ignore x y`, `// ${w}:ignore`, `//  ${w}:heaplint // why`, `/*${w}: x */`, `/* ${w}:inline */`, `//${w}:`];

  test('lets through every file whose comments the lexer finds a directive or a problem in', () => {
    let acted = 0;
    for (const w of near) {
      for (const comment of shapes(w)) {
        const src = `package p\n\n${comment}\nfunc f() {}\n`;
        const lexed = lexDirectives(src, KNOWN);
        if (lexed.directives.length + lexed.problems.length > 0) {
          acted++;
          expect([w, comment, mayHoldDirective(src)]).toEqual([w, comment, true]);
        }
        expect(scan(src)).toEqual(lexed);
      }
    }
    expect(acted).toBeGreaterThan(500);
  });

  test('skips the comments Go files are full of', () => {
    const src =
      '// Copyright 2025 The Go Authors.\n//go:build linux && amd64\n// +build linux\n\n// Package p does things.\n//\n// Deprecated: use q.\npackage p\n\n' +
      '// TODO: fix. BUG(x): y. Note: z. See: https://example.com/a:b\n//go:noinline\n//lint:ignore SA1019 old\n/* Output: 1 */\nvar u = "http://host:80"\n';
    expect(mayHoldDirective(src)).toBe(false);
    expect(lexDirectives(src, KNOWN)).toEqual({ directives: [], problems: [] });
    expect(mayHoldDirective(`${src}//heaplnt:ignore x y\n`)).toBe(true);
    expect(mayHoldDirective(`${src}var s = "//heaplint:ignore"\n`)).toBe(true);
  });
});
