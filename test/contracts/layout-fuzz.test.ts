/**
 * Seeded robustness fuzz for the two light Go scanners: src/contracts/go-layout.ts and
 * src/source/go-source.ts. ~400 mutated Go sources are fed to every exported function, with
 * random positions (including line 0, negative and past the end). Properties: no exception,
 * deterministic (deep-equal on a second call), every returned position lies inside the file,
 * and function ranges are well formed and well nested.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { comparePoints, enclosingFunc, scanGoLayout, type SourcePoint } from '../../src/contracts/go-layout.js';
import {
  addressTaken,
  calleeAt,
  enclosingFunction,
  expressionExtent,
  fileDeclarations,
  importName,
  localType,
  referencedInClosure,
  scanGoSource,
  statementKeyword,
  stringness,
  tokenBefore,
  tokenize,
} from '../../src/source/go-source.js';
import { Rng } from '../seeded-random.js';

const SEED = 0x1ea7f022;
const ROOT = process.cwd();

function goFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...goFiles(p));
    else if (name.endsWith('.go')) out.push(p);
  }
  return out;
}

const SEEDS: string[] = [...goFiles(join(ROOT, 'samples')), ...goFiles(join(ROOT, 'test/classify/fixtures'))].map((p) => readFileSync(p, 'utf8'));
const NOISE = ['{', '}', '(', ')', '[', ']', '"', "'", '`', '/', '*', '\n', '\r', '\t', 'é', 'λ', '世', 'ß', '𝔘', ' ', 'func ', '/*', '//', '[T any]'];
const FRAGMENTS = ['"unterminated', '`raw\nnever closed', '/* open comment', "'x", "'\\", '"\\', '{{{', '}}}', 'func F[T any, U ~int](x T) U {', 'func (r *R[T]) M() {', 'func', 'func (', 'func ()', 'func x', ')))', '[[', 'x := func() { y := func() {'];

function mutate(rng: Rng, text: string): string {
  let s = text;
  const ops = rng.range(1, 6);
  for (let o = 0; o < ops; o++) {
    const at = rng.int(s.length + 1);
    switch (rng.int(7)) {
      case 0: // cut
        s = rng.chance(0.5) ? s.slice(0, at) : s.slice(at);
        break;
      case 1: // delete a few characters
        s = s.slice(0, at) + s.slice(at + rng.range(1, 4));
        break;
      case 2: // insert noise characters
        for (let n = rng.range(1, 5); n > 0; n--) {
          const k = rng.int(s.length + 1);
          s = s.slice(0, k) + rng.pick(NOISE) + s.slice(k);
        }
        break;
      case 3: // unterminated literal / unbalanced fragment
        s = s.slice(0, at) + rng.pick(FRAGMENTS) + s.slice(at);
        break;
      case 4: // delete all of one kind of bracket
        s = s.split(rng.pick(['{', '}', '(', ')', '[', ']', '"', '`'])).join('');
        break;
      case 5: // CRLF
        s = s.replace(/\n/g, '\r\n');
        break;
      default: // a lone CR or a NUL-ish control character
        s = s.slice(0, at) + rng.pick(['\r', '\u0000', '\ufeff', '\u2028']) + s.slice(at);
    }
  }
  return s;
}

function corpus(): string[] {
  const rng = new Rng(SEED);
  const out: string[] = ['', '\n', '\r\n', 'func', 'func (', 'package p\nfunc F() {', '}', '"', '`', '/*', "'", 'é'];
  out.push('package p\nfunc F() { x := "' + 'a'.repeat(200 * 1024) + '" }\n'); // 200 KB single line
  out.push('package p; func F() { ' + 'f(x); '.repeat(35_000) + '}'); // 200 KB line of code
  out.push(...SEEDS.map((s) => s.replace(/\n/g, '\r\n')));
  while (out.length < 400) out.push(mutate(rng, rng.pick(SEEDS)));
  return out;
}

const CORPUS = corpus();

/** Determinism: node's deep equality (Maps and Sets included) is much faster than Jest's on 70k-token arrays. */
function same(a: unknown, b: unknown, what: string, v: string[]): void {
  if (!isDeepStrictEqual(a, b)) v.push(`${what} differs between two calls`);
}

function layoutLines(source: string): number {
  return source.split('\n').length;
}

function inFile(p: SourcePoint, lines: number): boolean {
  return Number.isInteger(p.line) && Number.isInteger(p.column) && p.line >= 1 && p.line <= lines && p.column >= 1;
}

function positions(rng: Rng, lines: number): Array<[number, number]> {
  const out: Array<[number, number]> = [
    [0, 1],
    [-1, -1],
    [1, 0],
    [lines + 1, 1],
    [lines, 1_000_000],
  ];
  for (let n = 0; n < 3; n++) out.push([rng.range(-2, lines + 2), rng.range(-2, 120)]);
  return out;
}

function layoutViolations(source: string): string[] {
  const v: string[] = [];
  const a = scanGoLayout(source);
  same(scanGoLayout(source), a, 'scanGoLayout', v);
  const lines = layoutLines(source);
  if (a.lineKinds.length !== lines) v.push(`lineKinds.length ${a.lineKinds.length} != ${lines} lines`);
  for (const f of a.funcs) {
    for (const [k, p] of Object.entries({ start: f.start, end: f.end, namePos: f.namePos, declPos: f.declPos })) {
      if (!inFile(p, lines)) v.push(`func ${f.compilerName} ${k} ${JSON.stringify(p)} outside file of ${lines} lines`);
    }
    if (comparePoints(f.start, f.end) > 0) v.push(`func ${f.compilerName} starts after it ends`);
  }
  for (let i = 1; i < a.funcs.length; i++) {
    // Ordered by start, and disjoint.
    if (comparePoints(a.funcs[i - 1]!.start, a.funcs[i]!.start) >= 0) v.push(`top-level funcs ${i - 1} and ${i} out of order`);
    if (comparePoints(a.funcs[i - 1]!.end, a.funcs[i]!.start) >= 0) v.push(`top-level funcs ${i - 1} and ${i} overlap`);
  }
  for (const c of a.calls) {
    if (!inFile(c.start, lines) || !inFile(c.lparen, lines)) v.push(`call ${c.name} outside file`);
  }
  const rng = new Rng(source.length);
  for (const [line, column] of positions(rng, lines)) {
    const f = enclosingFunc(a.funcs, { line, column });
    same(enclosingFunc(a.funcs, { line, column }), f, 'enclosingFunc', v);
    if (f !== null && (line < 1 || line > lines)) v.push(`enclosingFunc found ${f.compilerName} at ${line}:${column} outside file`);
    enclosingFunc(a.funcs, { line, column: null });
  }
  return v;
}

function sourceViolations(source: string): string[] {
  const v: string[] = [];
  const toks = tokenize(source);
  same(tokenize(source), toks, 'tokenize', v);
  const src = scanGoSource(source);
  same(scanGoSource(source), src, 'scanGoSource', v);
  if (scanGoSource(source, { goMinor: 21 }).functions.length !== src.functions.length) v.push('goMinor changes the function count');
  const lines = src.lines.length;
  if (lines !== layoutLines(source)) v.push(`src.lines.length ${lines} != ${layoutLines(source)}`);
  for (const t of toks) {
    if (!inFile(t, lines) || !inFile({ line: t.endLine, column: t.endColumn }, lines)) v.push(`token ${JSON.stringify(t.text.slice(0, 20))} ${t.line}:${t.column}-${t.endLine}:${t.endColumn} outside file`);
    if (comparePoints(t, { line: t.endLine, column: t.endColumn }) > 0) v.push(`token ${JSON.stringify(t.text.slice(0, 20))} ends before it starts`);
  }
  const fns = src.functions;
  for (const f of fns) {
    const s = { line: f.line, column: f.column };
    const e = { line: f.endLine, column: f.endColumn };
    if (!inFile(s, lines) || !inFile(e, lines)) v.push(`function ${f.name} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} outside file`);
    if (comparePoints(s, e) >= 0) v.push(`function ${f.name} does not start before it ends`);
  }
  for (let i = 0; i < fns.length; i++) {
    for (let j = i + 1; j < fns.length; j++) {
      const a = fns[i]!;
      const b = fns[j]!;
      const disjoint = comparePoints({ line: a.endLine, column: a.endColumn }, { line: b.line, column: b.column }) <= 0;
      const nested = comparePoints({ line: a.line, column: a.column }, { line: b.line, column: b.column }) <= 0 && comparePoints({ line: b.endLine, column: b.endColumn }, { line: a.endLine, column: a.endColumn }) <= 0;
      if (!disjoint && !nested) v.push(`functions ${a.name} and ${b.name} overlap`);
    }
  }
  const decls = fileDeclarations(src);
  same(fileDeclarations(src), decls, 'fileDeclarations', v);
  for (const t of decls.types.values()) stringness(t, decls.types);
  for (const p of src.imports.values()) importName(p);
  const rng = new Rng(source.length + 1);
  const names = ['x', 'err', 'b', 's', rng.pick(toks.filter((t) => t.kind === 'ident').map((t) => t.text).concat(['y']))];
  const probes = positions(rng, lines);
  for (let n = 0; n < 3 && toks.length > 0; n++) {
    const t = rng.pick(toks);
    probes.push([t.line, t.column]);
  }
  for (const [line, column] of probes) {
    const fn = enclosingFunction(src, line, column);
    same(enclosingFunction(src, line, column), fn, 'enclosingFunction', v);
    if (fn !== null && !fns.includes(fn)) v.push('enclosingFunction returned a function not in src.functions');
    for (const mode of ['expression', 'identifier'] as const) {
      const x = expressionExtent(src, line, column, mode);
      same(expressionExtent(src, line, column, mode), x, 'expressionExtent', v);
      if (!inFile({ line: x.endLine, column: x.endColumn }, lines)) v.push(`expressionExtent(${line}, ${column}, ${mode}) = ${x.endLine}:${x.endColumn} outside file`);
    }
    same(calleeAt(src, line, column), calleeAt(src, line, column), 'calleeAt', v);
    same(tokenBefore(src, line, column), tokenBefore(src, line, column), 'tokenBefore', v);
    same(statementKeyword(src, line, column), statementKeyword(src, line, column), 'statementKeyword', v);
    const name = rng.pick(names);
    same(localType(src, line, column, name), localType(src, line, column, name), 'localType', v);
  }
  for (const f of fns.slice(0, 10)) {
    const name = rng.pick(names);
    same(referencedInClosure(src, f, name), referencedInClosure(src, f, name), 'referencedInClosure', v);
    same(addressTaken(src, f, name), addressTaken(src, f, name), 'addressTaken', v);
  }
  return v;
}

describe('go scanners under mutated input', () => {
  test('the corpus is large and varied', () => {
    expect(SEEDS.length).toBeGreaterThan(5);
    expect(CORPUS.length).toBe(400);
    expect(CORPUS.some((s) => s.length >= 200 * 1024 && !s.slice(0, 200 * 1024).includes('\n', 20))).toBe(true);
  });

  test('scanGoLayout / enclosingFunc: no throw, deterministic, positions in file, ordered funcs', () => {
    const bad: string[] = [];
    CORPUS.forEach((s, i) => bad.push(...layoutViolations(s).map((m) => `#${i}: ${m}`)));
    expect(bad.slice(0, 20)).toEqual([]);
  });

  test('go-source exports: no throw, deterministic, positions in file, nested functions', () => {
    const bad: string[] = [];
    CORPUS.forEach((s, i) => bad.push(...sourceViolations(s).map((m) => `#${i}: ${m}`)));
    expect(bad.slice(0, 20)).toEqual([]);
  });

  // Bug (fixed): a signature with an unclosed `(` or `[` swallowed the rest of the file, and the
  // next top-level `func` was still reported, so two top-level functions overlapped
  // (src/contracts/go-layout.ts, parseFunc → skipBalanced ran to EOF). Such a declaration did not
  // compile: it is now no function at all, and the ones after it are unaffected.
  test('scanGoLayout: unclosed ( in a signature does not make top-level functions overlap', () => {
    const funcs = scanGoLayout('func A(x int {\n}\nfunc B() {}\n').funcs;
    expect(funcs.map((f) => [f.name, f.start.line, f.end.line])).toEqual([['B', 3, 3]]);
    expect(scanGoLayout('func A[T any(x T) {\n}\nfunc B() {}\n').funcs.map((f) => f.name)).toEqual(['B']);
  });

  // Bug (fixed): for a line outside the file expressionExtent echoed that line back ({endLine: 0,
  // endColumn: 1} for line 0, {endLine: 2, ...} for a 1-line file): its end-of-line fallback used
  // `line` unclamped (src/source/go-source.ts).
  test('expressionExtent: positions outside the file give an extent inside it', () => {
    const src = scanGoSource('x');
    for (const line of [0, -1, 2]) {
      const x = expressionExtent(src, line, 1);
      expect(x.endLine).toBeGreaterThanOrEqual(1);
      expect(x.endLine).toBeLessThanOrEqual(1);
    }
  });
});
