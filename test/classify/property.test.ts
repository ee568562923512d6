/**
 * Seeded property test of the classifier (`classify(records, options)`), over every fixture log:
 * the shared fixtures of the seven compilers (Go 1.19 – 1.26, -m=1 and -m=2) and the two local
 * ones (fixtures/callsites, fixtures/sums), each with its Go sources; then over mutated inputs and
 * over random call graphs (inlined call sites, which the classifier merges).
 *
 *   1. Order independence: cmd/go prints package sections as its parallel actions finish, so any
 *      order of the records (arbitrary shuffles, not only per-package order) gives the same
 *      result, fingerprints included; and every record given twice (the same object twice, the log
 *      twice, a copy beside each record, shuffled) gives the same findings.
 *   2. Determinism: classifying the same input twice gives identical results (findings, excluded,
 *      unclassified); a zero scan budget (every file scanned again when used again) changes
 *      nothing; and classify leaves its input records unchanged.
 *   3. Output shape (shapeViolations): findings sorted by compareFindings, fingerprints unique and
 *      32 hex characters, files repo-relative, line/column >= 1, the extent not before the start,
 *      inlinedAt sorted, without duplicates and without the finding's own position.
 *   4. Robustness: mutated records (subjects, positions, file names, flows and steps, kinds,
 *      counts, functions, packages) and mutated Go sources (unterminated strings, runes, raw
 *      strings and comments, unbalanced brackets, random characters, cut short, empty, random
 *      text, one huge line, CRLF) never throw and still satisfy 1, 2 and 3.
 *
 * Everything is seeded (mulberry32), so each run sees the same inputs; a failing check names its
 * seed. More: CLASSIFY_PROPERTY_SEEDS=3000 (default 120 mutated inputs and 300 call graphs) and
 * CLASSIFY_PROPERTY_PERMUTATIONS=100 (default 6 shuffles of each fixture log).
 *
 * The two bugs found are kept at the end as reproductions (fixed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { classify } from '../../src/classify/classify.js';
import type { ClassifyOptions, ClassifyResult } from '../../src/classify/classify.js';
import { compareFindings } from '../../src/findings/order.js';
import type { Finding, InlinedSite } from '../../src/findings/finding.js';
import type { Flow, FlowStep, VerdictRecord } from '../../src/parse/records.js';
import type { PathResolver } from '../../src/paths/resolve.js';
import { RULES } from '../../rules/index.js';
import { fixtureResolver, goVersionOf, verdicts } from './helpers.js';
import { fixturesDir } from '../parse/helpers.js';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a small 32-bit PRNG, so that every run sees the same inputs. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** 0 … n-1 */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    const x = xs[this.int(xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}

/** A 32-bit string hash (FNV-1a), to derive a per-file seed. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

// ---------------------------------------------------------------------------------------------
// Corpus: every fixture log with the options it is classified with

const ALL_RULES: ReadonlySet<string> = new Set(RULES.map((r) => r.meta.id));

/** Source files read once from disk (the fixtures are small) and then served from memory. */
const sourceCache = new Map<string, string | null>();
function cachedSource(abs: string): string | null {
  let text = sourceCache.get(abs);
  if (text === undefined) {
    text = fs.statSync(abs, { throwIfNoEntry: false })?.isFile() === true ? fs.readFileSync(abs, 'utf8') : null;
    sourceCache.set(abs, text);
  }
  return text;
}

interface Case {
  name: string;
  records: VerdictRecord[];
  resolver: PathResolver;
  goVersion: { major: number; minor: number };
}

function localResolver(dir: string): PathResolver {
  return {
    resolve: (file) =>
      file.startsWith('<')
        ? { absolute: null, repoRelative: null, outside: 'autogenerated' }
        : file.startsWith('/')
          ? { absolute: file, repoRelative: null, outside: 'outside-repo' }
          : { absolute: path.join(dir, file), repoRelative: file.replace(/^\.\//, ''), outside: null },
  };
}

const CASES: Case[] = [];
const outDir = path.join(fixturesDir, 'out');
for (const v of fs.readdirSync(outDir).sort()) {
  for (const f of fs.readdirSync(path.join(outDir, v)).sort()) {
    if (!f.endsWith('.txt')) continue;
    CASES.push({
      name: `${v}/${f}`,
      records: verdicts(fs.readFileSync(path.join(outDir, v, f), 'utf8')),
      resolver: fixtureResolver(),
      goVersion: goVersionOf(v.replace(/^go/, '')),
    });
  }
}
for (const d of ['callsites', 'sums']) {
  const dir = path.join(import.meta.dirname, 'fixtures', d);
  CASES.push({ name: d, records: verdicts(fs.readFileSync(path.join(dir, 'm2.log'), 'utf8')), resolver: localResolver(dir), goVersion: { major: 1, minor: 26 } });
}

/** Every rule enabled, so that leaking-param and unclassified-escape findings are checked too. */
function optionsOf(c: Pick<Case, 'resolver' | 'goVersion'>): ClassifyOptions {
  return { resolver: c.resolver, goVersion: c.goVersion, readSource: cachedSource, enabledRules: ALL_RULES };
}

/** Each fixture log classified in log order: what the properties compare with. */
const BASE = new Map(CASES.map((c) => [c, classify(c.records, optionsOf(c))]));

// ---------------------------------------------------------------------------------------------
// Checks

function compareSites(a: InlinedSite, b: InlinedSite): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return (a.column ?? 0) - (b.column ?? 0);
}

/** Every violation of the output shape (property 3), as readable strings; [] when none. */
function shapeViolations(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  findings.forEach((f, i) => {
    const at = `#${i} ${f.file}:${f.line}:${f.column} ${f.ruleId} [${f.subject.slice(0, 40)}]`;
    const prev = findings[i - 1];
    if (prev !== undefined && compareFindings(prev, f) >= 0) out.push(`${at}: not after the previous finding in compareFindings order`);
    if (!/^[0-9a-f]{32}$/.test(f.fingerprint)) out.push(`${at}: fingerprint ${JSON.stringify(f.fingerprint)} is not 32 hex characters`);
    if (seen.has(f.fingerprint)) out.push(`${at}: fingerprint ${f.fingerprint} is not unique`);
    seen.add(f.fingerprint);
    if (f.file === '' || f.file.startsWith('/') || f.file.startsWith('./')) out.push(`${at}: file is not repo-relative`);
    if (!Number.isInteger(f.line) || f.line < 1) out.push(`${at}: line < 1`);
    if (!Number.isInteger(f.column) || f.column < 1) out.push(`${at}: column < 1`);
    if (!Number.isInteger(f.endLine) || !Number.isInteger(f.endColumn)) out.push(`${at}: end is not an integer`);
    const before = f.endLine < f.line || (f.endLine === f.line && f.endColumn < f.column);
    if (before) out.push(`${at}: extent ends at ${f.endLine}:${f.endColumn}, before its start`);
    f.inlinedAt.forEach((s, k) => {
      const p = f.inlinedAt[k - 1];
      if (p !== undefined && compareSites(p, s) >= 0) out.push(`${at}: inlinedAt not sorted or with a duplicate at ${s.file}:${s.line}:${s.column}`);
      if (s.file === f.file && s.line === f.line && s.column === f.column) out.push(`${at}: inlinedAt holds the finding's own position`);
    });
  });
  return out;
}

const json = (x: unknown): string => JSON.stringify(x);

/** A result with `excluded` in key order (its consumers sort the keys; the counts must not depend on the order of the records). */
function canonical(r: ClassifyResult): ClassifyResult {
  return { ...r, excluded: Object.fromEntries(Object.entries(r.excluded).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

/** Identical results (the same JSON), reported with a label so that a failure names its input. */
function expectSame(label: string, got: unknown, want: unknown): void {
  // A string comparison first: toEqual on every one of thousands of results costs seconds.
  if (json(got) === json(want)) return;
  expect({ label, result: got }).toEqual({ label, result: want }); // a readable diff
  expect({ label, json: json(got) }).toEqual({ label, json: json(want) }); // equal but for key order or undefined fields
}

// ---------------------------------------------------------------------------------------------
// 1 – 3 on every fixture log

test('the corpus: every compiler, the local fixtures, and findings to check', () => {
  expect([...new Set(CASES.map((c) => c.name.split('/')[0]))]).toEqual(['go1.19', 'go1.21', 'go1.22', 'go1.23', 'go1.24', 'go1.25', 'go1.26', 'callsites', 'sums']);
  const findings = [...BASE.values()].map((r) => r.findings);
  expect(findings.every((f) => f.length > 0)).toBe(true);
  expect(findings.flat().filter((f) => f.inlinedAt.length > 0).length).toBeGreaterThan(10);
});

const PERMUTATIONS = Number(process.env.CLASSIFY_PROPERTY_PERMUTATIONS ?? 6);

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const options = optionsOf(c);
  const base = BASE.get(c) as ClassifyResult;

  test('output shape', () => {
    expect(shapeViolations(base.findings)).toEqual([]);
  });

  test('deterministic, whatever the scan budget, and the input left unchanged', () => {
    const before = json(c.records);
    expectSame('again', classify(c.records, options), base);
    expectSame('scanBudget 0', classify(c.records, { ...options, scanBudget: 0 }), base);
    expect(json(c.records)).toBe(before);
  });

  test(`the same result for ${PERMUTATIONS} shuffles, the same findings for every record given twice`, () => {
    const rng = new Rng(hash(c.name));
    for (let k = 0; k < PERMUTATIONS; k++) {
      expectSame(`shuffle ${k}`, canonical(classify(rng.shuffle(c.records), options)), canonical(base));
    }
    expectSame('each record twice (same object)', classify(c.records.flatMap((r) => [r, r]), options).findings, base.findings);
    expectSame('the log twice', classify([...c.records, ...c.records], options).findings, base.findings);
    expectSame(
      'each record and a copy, shuffled',
      classify(rng.shuffle(c.records.flatMap((r) => [r, structuredClone(r)])), options).findings,
      base.findings,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 4: mutated records and sources

const SUBJECT_PIECES = [
  '(', ')', '[', ']', '{', '}', '"', '`', "'", '\\', '.', ',', ' + ', ' - ', '&', '*', '~r0', '...', ':', '\u001f', '\u0000', '\t', '\n',
  'à', 'Р', '丠', '😀', '\ud800', '\u2028', 'go.shape.', '{storage for ', 'make(', 'new(', 'string(', '([]byte)(', 'append', 'func literal',
];
const SUBJECT_SEEDS = ['', ' ', 'x', 'x.y', 'x.y.', '.x', '&T{', '&T{...}', '[]int{1, 2', 'map[string]int{', 'make([]int, n', 'make(', 'new(',
  'string(b', '([]byte)(', 'a + "b', '"a" + ', ' + ', 'go.shape.int(', 'func literal', '... argument', '~r0', '{heap}', '&', '*', 'α.β', '😀.x'];

function mutateSubject(rng: Rng, s: string): string {
  switch (rng.int(7)) {
    case 0:
      return '';
    case 1: // very long: a repeated piece, or deeply nested brackets
      return rng.chance(0.5) ? rng.pick(SUBJECT_PIECES).repeat(rng.range(2000, 20000)) : '('.repeat(5000) + s + '['.repeat(5000);
    case 2:
      return rng.pick(SUBJECT_SEEDS);
    default: {
      let out = s;
      for (let k = rng.range(1, 6); k > 0; k--) {
        const i = rng.int(out.length + 1);
        out = rng.chance(0.3) ? out.slice(0, i) + out.slice(i + rng.range(1, 3)) : out.slice(0, i) + rng.pick(SUBJECT_PIECES) + out.slice(i);
      }
      return out;
    }
  }
}

const ODD_FILES = ['./nope.go', 'missing/x.go', './à.go', '<autogenerated>', '/tmp/heaplint-no-such-dir/x.go', 'sub/../nope.go', './main.go', 'main.go'];
const ODD_WHYS = ['', 'interface-converted', 'call parameter', 'captured by a closure', 'reference', 'too large for stack', 'non-constant size', 'return', 'assign', 'spill', 'made-up why', 'address-of'];
const ODD_LOCATIONS = ['{heap}', '{temp}', '{storage for x}', '{storage for ', '{storage for }', '~r0', '', 'x', '&x', '{storage for func literal}'];
const KINDS: readonly VerdictRecord['kind'][] = ['moved-to-heap', 'escapes-to-heap', 'does-not-escape', 'leaking-param', 'leaking-param-content', 'leaking-param-to-result'];

function oddPosition(rng: Rng): { line: number | null; column: number | null } {
  return rng.pick([
    { line: 1_000_000, column: 1 },
    { line: 3, column: 1_000_000 },
    { line: 1_000_000, column: 1_000_000 },
    { line: rng.range(1, 60), column: null },
    { line: null, column: rng.range(1, 40) },
    { line: null, column: null },
    { line: rng.range(1, 80), column: rng.range(1, 120) },
    { line: 1, column: 1 },
  ]);
}

function mutateStep(rng: Rng, step: FlowStep): FlowStep {
  const s = { ...step };
  switch (rng.int(5)) {
    case 0:
      s.file = rng.chance(0.5) ? null : rng.pick(ODD_FILES);
      break;
    case 1:
      Object.assign(s, oddPosition(rng));
      break;
    case 2:
      s.why = rng.pick(ODD_WHYS);
      break;
    case 3:
      s.expr = mutateSubject(rng, s.expr);
      break;
    default:
      s.line = null;
      s.column = null;
      s.file = null;
  }
  return s;
}

function mutateFlows(rng: Rng, r: VerdictRecord): void {
  switch (rng.int(7)) {
    case 0: // no explanation at all (as at -m=1)
      r.flows = [];
      r.explanations = [];
      break;
    case 1: // flows whose steps are gone
      r.flows = r.flows.map((f) => ({ ...f, steps: [] }));
      break;
    case 2: // a block index with no explanation header, and headers without flows
      r.flows = r.flows.map((f) => ({ ...f, block: f.block + rng.range(1, 5) }));
      if (rng.chance(0.5)) r.explanations = [];
      break;
    case 3: {
      // an odd flow added
      const flow: Flow = {
        block: rng.range(0, 3),
        dst: rng.pick(ODD_LOCATIONS).replace('x', r.subject),
        src: rng.pick(ODD_LOCATIONS),
        derefs: rng.range(-1, 3),
        steps: Array.from({ length: rng.range(0, 3) }, () =>
          mutateStep(rng, { file: r.file, line: r.line, column: r.column, expr: r.subject, why: rng.pick(ODD_WHYS) }),
        ),
      };
      r.flows = rng.chance(0.5) ? [flow, ...r.flows] : [...r.flows, flow];
      break;
    }
    default:
      // steps mutated, dropped or repeated
      r.flows = r.flows.map((f) => ({
        ...f,
        steps: f.steps.flatMap((s) => (rng.chance(0.2) ? [] : rng.chance(0.2) ? [s, s] : [rng.chance(0.5) ? mutateStep(rng, s) : s])),
      }));
  }
}

function mutateRecord(rng: Rng, r: VerdictRecord): void {
  switch (rng.int(9)) {
    case 0:
    case 1:
      r.subject = mutateSubject(rng, r.subject);
      break;
    case 2:
      Object.assign(r, oddPosition(rng));
      break;
    case 3:
      r.file = rng.chance(0.2) ? null : rng.pick(ODD_FILES);
      break;
    case 4:
    case 5:
      mutateFlows(rng, r);
      break;
    case 6:
      r.kind = rng.pick(KINDS);
      break;
    case 7:
      r.count = rng.range(1, 4);
      break;
    default:
      r.function = rng.pick([null, '', 'F', 'T.M', 'generic[go.shape.int]', 'main.func1', 'a\u001fb', mutateSubject(rng, 'F')]);
      if (rng.chance(0.3)) r.package = rng.pick([null, '', 'other/pkg', 'example.com/esctest/sub']);
  }
}

/** Mutated Go: each kind of damage the tokenizer and scanner must survive. */
function mutateSource(rng: Rng, text: string): string {
  const at = (): number => rng.int(text.length + 1);
  const insert = (piece: string): string => {
    const i = at();
    return text.slice(0, i) + piece + text.slice(i);
  };
  switch (rng.int(10)) {
    case 0:
      return '';
    case 1:
      return insert(rng.pick(['"', '"unterminated \\', "'", '`', '`raw', '/*', '/* never closed', '//']));
    case 2:
      return insert(rng.pick(['{', '}', '{{{', '}}}', '(', ')', '[', ']', 'func (', 'func f(', 'import (', 'type T struct {', 'interface {']));
    case 3: {
      // random characters (control characters, non-ASCII, a lone surrogate)
      let out = text;
      for (let k = rng.range(1, 30); k > 0; k--) {
        const i = rng.int(out.length + 1);
        const piece = rng.chance(0.2) ? rng.pick(['\u0000', '\r', '\ud800', '\udc00', 'à', '丠', '😀', '\ufeff']) : String.fromCharCode(rng.int(128));
        out = out.slice(0, i) + piece + out.slice(i + (rng.chance(0.5) ? 1 : 0));
      }
      return out;
    }
    case 4: // cut short
      return text.slice(0, at());
    case 5: // one huge line: the file with its newlines gone, or a long line appended
      return rng.chance(0.5) ? text.replace(/\n/g, rng.pick([' ', ';', '\r'])) : `${text}\nvar huge = ${'x + '.repeat(15_000)}1 // ${'é'.repeat(10_000)}\n`;
    case 6: // a line deleted
      return text.split('\n').filter((_l, i, ls) => i !== rng.int(ls.length)).join('\n');
    case 7: // CRLF
      return text.replace(/\n/g, '\r\n');
    case 8: // random bytes only
      return Array.from({ length: rng.range(1, 400) }, () => String.fromCharCode(rng.int(0x3000))).join('');
    default:
      return insert(rng.pick(['func', 'func (x', 'func g[', '"\n', '`\n\n', '/*\n*/*/', '\\']));
  }
}

/** The sources of one mutated run: each path mutated (or not) from its own seed, and memoised, so readSource stays a function. */
function mutatedReader(seed: number, pSource: number): (abs: string) => string | null {
  const memo = new Map<string, string | null>();
  return (abs) => {
    if (memo.has(abs)) return memo.get(abs) ?? null;
    const rng = new Rng(seed ^ hash(abs));
    const text = cachedSource(abs);
    const out = text === null || !rng.chance(pSource) ? text : mutateSource(rng, text);
    memo.set(abs, out);
    return out;
  };
}

/** Records cut from one fixture (all of them, or a random part), a few of them mutated, some repeated. */
function mutatedRecords(rng: Rng, c: Case): VerdictRecord[] {
  let records = rng.chance(0.3) ? c.records : c.records.filter(() => rng.chance(0.4));
  records = records.map((r) => structuredClone(r));
  const n = records.length === 0 ? 0 : rng.range(1, Math.min(records.length, 12));
  for (let k = 0; k < n; k++) {
    const r = rng.pick(records);
    for (let m = rng.range(1, 3); m > 0; m--) mutateRecord(rng, r);
  }
  if (rng.chance(0.2) && records.length > 0) records.push(structuredClone(rng.pick(records)));
  return records;
}

const SEEDS = Number(process.env.CLASSIFY_PROPERTY_SEEDS ?? 120);

test(`mutated records and sources (${SEEDS} seeds): no throw, deterministic, well-shaped, the same shuffled or given twice`, () => {
  const failures: string[] = [];
  let findings = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const rng = new Rng(seed);
    const c = rng.pick(CASES);
    const records = mutatedRecords(rng, c);
    const readSource = mutatedReader(seed, rng.pick([0, 0.5, 1]));
    const options: ClassifyOptions = {
      resolver: c.resolver,
      goVersion: rng.chance(0.1) ? null : c.goVersion,
      readSource,
      ...(rng.chance(0.5) ? { enabledRules: ALL_RULES } : {}),
      ...(rng.chance(0.2) ? { scanBudget: 0 } : {}),
    };
    const label = `seed ${seed} (${c.name}, ${records.length} records)`;
    let first: ClassifyResult;
    try {
      first = classify(records, options);
    } catch (e) {
      failures.push(`${label}: threw ${String(e)}`);
      continue;
    }
    findings += first.findings.length;
    const before = json(records);
    if (json(classify(records, options)) !== json(first)) failures.push(`${label}: a second classify differs`);
    if (json(records) !== before) failures.push(`${label}: the input records were changed`);
    if (json(canonical(classify(rng.shuffle(records), options))) !== json(canonical(first))) failures.push(`${label}: a shuffle changes the result`);
    const twice = classify(rng.shuffle(records.flatMap((r) => [r, r])), options).findings;
    if (json(twice) !== json(first.findings)) failures.push(`${label}: each record twice changes the findings`);
    for (const v of shapeViolations(first.findings)) failures.push(`${label}: ${v}`);
  }
  expect(failures).toEqual([]);
  // The mutations leave most inputs classifiable: the checks above ran on real findings.
  expect(findings).toBeGreaterThan(SEEDS * 5);
});

// ---------------------------------------------------------------------------------------------
// Inlined call sites: synthetic call graphs

/** A file of functions that call each other (`F0(x)`, `q.F1(x)`), and records at the calls and in the bodies. */
function callGraph(rng: Rng): { text: string; records: VerdictRecord[] } {
  const n = rng.range(2, 5);
  const lines = ['package p', '', 'import q "example.com/q"', ''];
  const records: VerdictRecord[] = [];
  const pkgs = ['example.com/p', 'example.com/p', 'example.com/q'];
  const rec = (line: number, column: number): VerdictRecord => ({
    kind: 'escapes-to-heap', subject: rng.pick(['x', 'x', '&T{...}']), function: null, file: './p.go', line, column,
    message: 'x escapes to heap', package: rng.pick(pkgs), variant: null, count: 1, logLine: records.length + 1, flows: [], explanations: [],
  });
  for (let i = 0; i < n; i++) {
    const head = rng.chance(0.2) ? `func (T) F${i}(x int) {` : `func F${i}(x int) {`;
    let body = head;
    for (let k = rng.range(0, 3); k > 0; k--) {
      const callee = `${rng.pick(['', '', 'q.', 't.'])}F${rng.int(n)}`;
      body += ` ${callee}`;
      const col = body.length + 1;
      body += '(x);';
      if (rng.chance(0.8)) records.push(rec(lines.length + 1, col));
    }
    body += ' }';
    if (rng.chance(0.5)) records.push(rec(lines.length + 1, head.indexOf('x') + 1));
    lines.push(body);
  }
  const text = lines.join('\n') + '\n';
  for (let k = rng.range(0, 3); k > 0 && records.length > 0; k--) records.push({ ...rng.pick(records), package: rng.pick(pkgs) });
  return { text, records };
}

const CALL_GRAPH_SEEDS = Math.max(100, Math.round(SEEDS * 2.5));

test(`inlined call sites of random call graphs (${CALL_GRAPH_SEEDS} seeds): deterministic, well-shaped, the same shuffled or given twice`, () => {
  const failures: string[] = [];
  let merged = 0;
  for (let seed = 1; seed <= CALL_GRAPH_SEEDS; seed++) {
    const rng = new Rng(0x5eed0000 + seed);
    const { text, records } = callGraph(rng);
    const options: ClassifyOptions = {
      resolver: { resolve: () => ({ absolute: '/virtual/p.go', repoRelative: 'p.go', outside: null }) },
      goVersion: { major: 1, minor: 26 },
      readSource: () => text,
    };
    const label = `seed ${seed}`;
    const base = classify(records, options);
    merged += base.findings.reduce((n, f) => n + f.inlinedAt.length, 0);
    if (json(classify(records, options)) !== json(base)) failures.push(`${label}: a second classify differs`);
    // Bug 1 (fixed): a site at the same position as another in a cycle of calls landed in its twin's inlinedAt.
    for (const v of shapeViolations(base.findings)) failures.push(`${label}: ${v}`);
    for (let k = 0; k < 3; k++) {
      if (json(canonical(classify(rng.shuffle(records), options))) !== json(canonical(base))) failures.push(`${label}: shuffle ${k} changes the result`);
    }
    const twice = classify(rng.shuffle(records.flatMap((r) => [r, r])), options).findings;
    if (json(twice) !== json(base.findings)) failures.push(`${label}: each record twice changes the findings`);
  }
  expect(failures).toEqual([]);
  expect(merged).toBeGreaterThan(CALL_GRAPH_SEEDS / 2);
});

// ---------------------------------------------------------------------------------------------
// Bugs found, as reproductions of the correct behaviour.

/** An `x escapes to heap` verdict at a position of ./p.go (the -m=1 shape: no flows). */
function escapes(line: number, column: number | null): VerdictRecord {
  return {
    kind: 'escapes-to-heap', subject: 'x', function: null, file: './p.go', line, column, message: 'x escapes to heap',
    package: 'example.com/p', variant: null, count: 1, logLine: 1, flows: [], explanations: [],
  };
}

function classifyText(text: string, records: VerdictRecord[]): Finding[] {
  return classify(records, {
    resolver: { resolve: () => ({ absolute: '/virtual/p.go', repoRelative: 'p.go', outside: null }) },
    goVersion: { major: 1, minor: 26 },
    readSource: () => text,
  }).findings;
}

const summary = (f: Finding): string => `${f.line}:${f.column} ${f.ruleId} ${f.function ?? '-'} [${f.subject}]${f.inlinedAt.map((s) => ` @${s.line}:${s.column}`).join('')}`;

/**
 * Bug 1 (as found, before its fix): two findings at one position (the same record twice, as when a package's section is
 * printed again for its test variant, or two packages print one generic body) that are call sites
 * in a cycle of inlined calls (here a recursive F calling itself twice) are not merged alike. Both
 * `F(` sites name F's body, whose findings are the two sites: 3:18 → 3:24 and 3:24 → 3:18. Alone,
 * the cycle is cut at 3:18, which stays the finding with 3:24 inlined at it. With 3:18 twice, the
 * cycle check in classify (src/classify/classify.ts, classify(): "Call sites that name each other
 * in a cycle", then endOf) cuts only the first copy's edge; the second copy still goes 3:18 → 3:24
 * → 3:18 and is merged into its own twin, so 3:18 lists itself in inlinedAt, and the findings
 * depend on whether a record is repeated. Sites at one position should be merged as one (cut
 * every edge from the position the cycle is cut at, or never follow a chain back to the site's
 * own position).
 */
test('bug 1 (fixed): a call site given twice in a cycle of inlined calls is not listed in its own inlinedAt', () => {
  const text = 'package p\n\nfunc F(x int) { F(x); F(x) }\n';
  const once = classifyText(text, [escapes(3, 18), escapes(3, 24)]);
  const twice = classifyText(text, [escapes(3, 18), escapes(3, 18), escapes(3, 24)]);
  expect(twice.map(summary)).toEqual(['3:18 interface-boxing F [x] @3:24']); // was: '... @3:18 @3:24'
  expect(twice).toEqual(once);
  expect(shapeViolations(twice)).toEqual([]);
});

/**
 * Bug 2 (as found, before its fix): a verdict whose position lies past the end of its line, or past the end of the file
 * (a source edited since the build, a cached replay, a //line directive), gets an extent that ends
 * before it starts: 3:30 on the 22-byte line `func F(x int) { G(x) }` ends at 3:23, and line 10^6
 * of a 3-line file ends at 1000000:1 for column 5. expressionExtent (src/source/go-source.ts) falls
 * back to the end of the line when no token starts at the position, whatever the column, and
 * classify (src/classify/classify.ts, classify(): `extent`) reports it as it is. The end should
 * never come before the start (with no source at all classify already gives column + 1).
 */
test('bug 2 (fixed): a position past the end of its line or file gets an extent that does not end before it', () => {
  const text = 'package p\n\nfunc F(x int) { G(x) }\n';
  const findings = classifyText(text, [escapes(3, 30), escapes(1_000_000, 5)]);
  expect(findings.map((f) => `${f.line}:${f.column}`)).toEqual(['3:30', '1000000:5']);
  // was: 'extent ends at 3:23, before its start' and 'extent ends at 1000000:1, before its start'
  expect(findings.map((f) => `${f.endLine}:${f.endColumn}`)).toEqual(['3:31', '1000000:6']);
  expect(shapeViolations(findings)).toEqual([]);
});
