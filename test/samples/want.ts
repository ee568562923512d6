/**
 * The `// want` harness for samples/: the Go files are the specification of what heaplint
 * must report (in the spirit of golang.org/x/tools analysistest). Syntax, documented in
 * samples/README.md:
 *
 *   code // want "rule-id" "other-rule" go>=1.25 "append-growth" go<1.25 "variable-size-allocation"
 *
 * Each quoted id is one expected finding on that line; an optional `go<op>1.N` right before an
 * id limits it to compilers whose version satisfies the comparison (op: >= > <= < ==).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { HeaplintError } from '../../src/errors.js';

export interface GoVersion {
  major: number;
  minor: number;
}

export type VersionOp = '>=' | '>' | '<=' | '<' | '==';

export interface VersionConstraint {
  op: VersionOp;
  version: GoVersion;
}

/** One parsed `// want` item. */
export interface WantEntry {
  /** Repo-relative with forward slashes, e.g. `samples/internal/events/parse.go`. */
  file: string;
  line: number;
  ruleId: string;
  /** null: expected with every Go version. */
  constraint: VersionConstraint | null;
}

/** One expected finding for a given Go version. */
export interface Want {
  file: string;
  line: number;
  ruleId: string;
}

// `// want` followed by an item; prose such as "// want to" is not a want comment.
const WANT_COMMENT = /\/\/\s*want\s+(?=go|")(.*)$/;
const ITEM = /^(?:go(>=|<=|==|<|>)(\d+)\.(\d+)\s+)?"([a-z][a-z0-9-]*)"\s*/;

/** Parses every `// want` comment of one Go file (pure; `file` is only used in results and errors). */
export function parseWantComments(file: string, text: string): WantEntry[] {
  const entries: WantEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = WANT_COMMENT.exec(lines[i]!);
    if (match === null) continue;
    let rest = match[1]!.trim();
    if (rest === '') throw new HeaplintError(`${file}:${i + 1}: empty // want comment`);
    while (rest !== '') {
      const item = ITEM.exec(rest);
      if (item === null) {
        throw new HeaplintError(`${file}:${i + 1}: cannot read // want item at ${JSON.stringify(rest)} (expected "rule-id" or go>=1.N "rule-id")`);
      }
      const [, op, major, minor, ruleId] = item;
      entries.push({
        file,
        line: i + 1,
        ruleId: ruleId!,
        constraint: op === undefined ? null : { op: op as VersionOp, version: { major: Number(major), minor: Number(minor) } },
      });
      rest = rest.slice(item[0].length);
    }
  }
  return entries;
}

function compareVersions(a: GoVersion, b: GoVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function satisfies(version: GoVersion, constraint: VersionConstraint | null): boolean {
  if (constraint === null) return true;
  const c = compareVersions(version, constraint.version);
  switch (constraint.op) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '==':
      return c === 0;
  }
}

export function wantKey(w: Want): string {
  return `${w.file}:${w.line}: ${w.ruleId}`;
}

function compareWants(a: Want, b: Want): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

/** The expected findings for one compiler version: deduplicated (one per position and rule), sorted. */
export function wantsFor(entries: readonly WantEntry[], version: GoVersion): Want[] {
  const byKey = new Map<string, Want>();
  for (const e of entries) {
    if (!satisfies(version, e.constraint)) continue;
    const want = { file: e.file, line: e.line, ruleId: e.ruleId };
    byKey.set(wantKey(want), want);
  }
  return [...byKey.values()].sort(compareWants);
}

/** Missing and unexpected keys between the want set and what was found, both sorted. */
export function diffWants(expected: readonly Want[], actual: readonly Want[]): { missing: string[]; unexpected: string[] } {
  const exp = new Set(expected.map(wantKey));
  const act = new Set(actual.map(wantKey));
  return {
    missing: [...exp].filter((k) => !act.has(k)).sort(),
    unexpected: [...act].filter((k) => !exp.has(k)).sort(),
  };
}

/** Reads `samples/**\/*.go` under repoRoot and parses their want comments (file effects at the edge). */
export function loadWantEntries(repoRoot: string, samplesDir = 'samples'): WantEntry[] {
  const files = fg.sync('**/*.go', { cwd: path.join(repoRoot, samplesDir) }).sort();
  return files.flatMap((f) => {
    const rel = `${samplesDir}/${f}`;
    return parseWantComments(rel, readFileSync(path.join(repoRoot, rel), 'utf8'));
  });
}

/** `go1.26.8` / `go1.22` / `devel go1.27-abc` → { major, minor }, or null. */
export function parseGoVersion(text: string): GoVersion | null {
  const m = /go(\d+)\.(\d+)/.exec(text);
  return m === null ? null : { major: Number(m[1]), minor: Number(m[2]) };
}
