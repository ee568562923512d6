/**
 * The classification engine: verdict records in, findings out. Pure apart from `readSource`, which
 * the caller supplies (and may cache); the output is sorted and free of absolute paths.
 */
import { createHash } from 'node:crypto';
import type { Finding, FindingFlowStep, InlinedSite } from '../findings/finding.js';
import type { FlowStep, VerdictRecord } from '../parse/records.js';
import type { PathResolver } from '../paths/resolve.js';
import type { MatchContext, Rule } from '../../rules/rule.js';
import { RULES, RULES_BY_PRECEDENCE } from '../../rules/index.js';
import type { GoSource } from '../source/go-source.js';
import {
  addressTaken,
  calleeAt,
  enclosingFunction,
  expressionExtent,
  referencedInClosure,
  scanGoSource,
  statementKeyword,
  tokenBefore,
} from '../source/go-source.js';
import type { RecordFacts } from './facts.js';
import { explained } from './evidence.js';
import { parseSubject, selectorName } from './subject.js';

export interface ClassifyOptions {
  resolver: PathResolver;
  goVersion: { major: number; minor: number } | null;
  readSource: (absPath: string) => string | null;
  /** Rules to report; defaults to the rules enabled by default. */
  enabledRules?: ReadonlySet<string>;
}

export interface ClassifyResult {
  findings: Finding[];
  /** Findings left out because their file is outside the repository, by reason. */
  excluded: Record<string, number>;
  /** Heap verdicts no specific rule explained (reported as unclassified-escape when enabled). */
  unclassified: number;
}

export const UNCLASSIFIED_RULE_ID = 'unclassified-escape';

/** Per-run caches: resolved paths and scanned sources. */
class Workspace {
  private readonly sources = new Map<string, GoSource | null>();
  private readonly resolved = new Map<string, ReturnType<PathResolver['resolve']>>();

  constructor(private readonly options: ClassifyOptions) {}

  resolve(file: string, pkg: string | null): ReturnType<PathResolver['resolve']> {
    const key = `${pkg ?? ''}\u0000${file}`;
    let r = this.resolved.get(key);
    if (r === undefined) {
      r = this.options.resolver.resolve(file, pkg);
      this.resolved.set(key, r);
    }
    return r;
  }

  source(file: string | null, pkg: string | null): GoSource | null {
    if (file === null) return null;
    const abs = this.resolve(file, pkg).absolute;
    if (abs === null) return null;
    if (!this.sources.has(abs)) {
      const text = this.options.readSource(abs);
      this.sources.set(abs, text === null ? null : scanGoSource(text));
    }
    return this.sources.get(abs) ?? null;
  }
}

function storageSubject(loc: string): string | null {
  return loc.startsWith('{storage for ') && loc.endsWith('}') ? loc.slice('{storage for '.length, -1) : null;
}

function posKey(pkg: string | null, file: string | null, line: number | null, column: number | null): string {
  return `${pkg ?? ''}|${file ?? ''}:${line ?? 0}:${column ?? 0}`;
}

/** Facts drawn from every record of the log (reference §1.3 pitfalls: boxes vs. their operands, method values vs. fields). */
interface LogIndex {
  boxed: Set<string>;
  methodValues: Set<string>;
  methodNames: Map<string, Set<string>>;
}

function buildIndex(records: readonly VerdictRecord[], ws: Workspace): LogIndex {
  const boxed = new Set<string>();
  const methodValues = new Set<string>();
  const methodNames = new Map<string, Set<string>>();
  for (const r of records) {
    for (const flow of r.flows) {
      const target = storageSubject(flow.dst);
      if (target === null) continue;
      for (const step of flow.steps) {
        if (step.why === 'interface-converted') boxed.add(`${posKey(r.package, step.file, step.line, step.column)}|${target}`);
      }
      if (flow.src === '{temp}' && flow.steps.length === 0 && parseSubject(target).form === 'selector') {
        methodValues.add(`${r.package ?? ''}|${target}`);
      }
    }
    const src = ws.source(r.file, r.package);
    if (src !== null) {
      const names = methodNames.get(r.package ?? '') ?? new Set<string>();
      for (const n of src.methodNames) names.add(n);
      methodNames.set(r.package ?? '', names);
    }
  }
  return { boxed, methodValues, methodNames };
}

/**
 * A subject inlined from another package is qualified by that package's name (`store.c.evictAll`
 * for `c.evictAll` inside store.New), so look the method up in the package of that name.
 */
function inlinedPackageDeclares(index: LogIndex, subject: string): boolean {
  const qualifier = subject.split('.')[0] ?? '';
  const name = selectorName(subject);
  for (const [pkg, names] of index.methodNames) {
    if (pkg.slice(pkg.lastIndexOf('/') + 1) === qualifier && names.has(name)) return true;
  }
  return false;
}

function factsFor(record: VerdictRecord, index: LogIndex, ws: Workspace): RecordFacts {
  const src = ws.source(record.file, record.package);
  const line = record.line ?? 0;
  const column = record.column ?? 1;
  const boxed = index.boxed.has(`${posKey(record.package, record.file, record.line, record.column)}|${record.subject}`);
  let methodValue: boolean | null = null;
  if (parseSubject(record.subject).form === 'selector') {
    if (index.methodValues.has(`${record.package ?? ''}|${record.subject}`)) methodValue = true;
    else if (boxed) methodValue = false;
    else if (index.methodNames.get(record.package ?? '')?.has(selectorName(record.subject)) === true) methodValue = true;
    else if (inlinedPackageDeclares(index, record.subject)) methodValue = true;
  }
  const fn = src !== null ? enclosingFunction(src, line, column) : null;
  const m1Variable = record.kind === 'moved-to-heap' && !explained(record) && src !== null && fn !== null;
  return {
    boxed,
    methodValue,
    calleeAt: (step: FlowStep) => {
      if (step.line === null || step.column === null) return null;
      const s = ws.source(step.file, record.package);
      return s === null ? null : calleeAt(s, step.line, step.column);
    },
    statementKeyword: src !== null ? statementKeyword(src, line, column) : null,
    namedResults: fn?.namedResults ?? [],
    capturedInClosure: m1Variable ? referencedInClosure(src, fn, record.subject) : null,
    addressTaken: m1Variable ? addressTaken(src, fn, record.subject) : null,
  };
}

/** Variables and parameters are reported at their declaration: underline the name only. */
function extentMode(record: VerdictRecord): 'expression' | 'identifier' {
  return record.kind === 'escapes-to-heap' || record.kind === 'does-not-escape' ? 'expression' : 'identifier';
}

function opsOf(derefs: number): string {
  return derefs < 0 ? '&' : '*'.repeat(derefs);
}

function mapFlow(record: VerdictRecord, ws: Workspace): FindingFlowStep[] {
  const first = record.flows[0];
  const flows = first === undefined ? [] : record.flows.filter((f) => f.block === first.block);
  const out: FindingFlowStep[] = [];
  const where = (file: string | null, line: number | null, column: number | null): Pick<FindingFlowStep, 'file' | 'line' | 'column'> => ({
    file: file === null ? null : ws.resolve(file, record.package).repoRelative,
    line,
    column,
  });
  for (const flow of flows) {
    const edge = `${flow.dst} ← ${opsOf(flow.derefs)}${flow.src}`;
    if (flow.steps.length === 0) {
      out.push({ ...where(record.file, record.line, record.column), message: edge, why: null });
      continue;
    }
    for (const step of flow.steps) {
      out.push({ ...where(step.file, step.line, step.column), message: `${edge}: ${step.expr} (${step.why})`, why: step.why });
    }
  }
  return out;
}

/** Strip generic instantiation brackets the compiler adds (`generic[go.shape.int]` → `generic`). */
function plainFunctionName(name: string | null): string | null {
  if (name === null) return null;
  return name.replace(/\[[^\]]*\]/g, '');
}

function normalizeSubject(subject: string): string {
  return subject.replace(/\s+/g, ' ').replace(/\.autotmp_\d+/g, '.autotmp').trim();
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

function compareSites(a: InlinedSite, b: InlinedSite): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return (a.column ?? 0) - (b.column ?? 0);
}

interface Pending {
  finding: Finding;
  /** Callee named at the finding's position when it is a call's `(` (the position of inlined code). */
  callSiteOf: string | null;
}

function declaredNameAt(src: GoSource, line: number, column: number): string | null {
  const fn = src.functions.find((f) => !f.closure && f.line === line && f.column < column);
  return fn?.name ?? null;
}

/** A package-qualified subject (`sub.x`, `&errors.errorString{...}`) comes from an inlined body. */
function qualifiedInlineSubject(record: VerdictRecord): boolean {
  if (record.kind === 'moved-to-heap') return record.subject.includes('.') && !record.subject.startsWith('.');
  return /^&?[\p{L}_][\p{L}\p{N}_]*\.[\p{L}_][\p{L}\p{N}_]*\{/u.test(record.subject);
}

export function classify(records: VerdictRecord[], options: ClassifyOptions): ClassifyResult {
  const ws = new Workspace(options);
  const enabled = options.enabledRules ?? new Set(RULES.filter((r) => r.meta.enabledByDefault).map((r) => r.meta.id));
  const index = buildIndex(records, ws);
  const excluded: Record<string, number> = {};
  let unclassified = 0;
  const pending: Pending[] = [];

  for (const record of records) {
    const facts = factsFor(record, index, ws);
    const context: MatchContext = { goVersion: options.goVersion, facts };
    let rule: Rule | null = null;
    let match = null;
    for (const candidate of RULES_BY_PRECEDENCE) {
      match = candidate.match(record, context);
      if (match !== null) {
        rule = candidate;
        break;
      }
    }
    if (rule === null || match === null) continue;
    if (rule.meta.id === UNCLASSIFIED_RULE_ID) unclassified += 1;
    if (!enabled.has(rule.meta.id)) continue;
    if (record.file === null || record.line === null) {
      excluded.unknown = (excluded.unknown ?? 0) + 1;
      continue;
    }
    const resolved = ws.resolve(record.file, record.package);
    if (resolved.repoRelative === null) {
      const reason = resolved.outside ?? 'unknown';
      excluded[reason] = (excluded[reason] ?? 0) + 1;
      continue;
    }
    const column = record.column ?? 1;
    const src = ws.source(record.file, record.package);
    const extent =
      src !== null
        ? record.column === null
          ? expressionExtent(src, record.line, 0)
          : expressionExtent(src, record.line, column, extentMode(record))
        : { endLine: record.line, endColumn: column + 1 };
    const fn = src !== null ? enclosingFunction(src, record.line, column) : null;
    const callee = src !== null && record.column !== null ? calleeAt(src, record.line, column) : null;
    // A generic instantiation wrapper (`generic[int]`) reports its inlined body at the declaration's name.
    const declared = src !== null && record.column !== null && tokenBefore(src, record.line, column) === 'func' ? declaredNameAt(src, record.line, column) : null;
    let message = match.message;
    if (callee !== null && qualifiedInlineSubject(record)) {
      message += ` It happens inside ${'`'}${callee}${'`'}, which is inlined at this call.`;
    }
    const finding: Finding = {
      ruleId: rule.meta.id,
      level: rule.meta.defaultLevel,
      message,
      file: resolved.repoRelative,
      line: record.line,
      column,
      endLine: extent.endLine,
      endColumn: extent.endColumn,
      function: fn?.name ?? plainFunctionName(record.function ?? record.explanations[0]?.function ?? null),
      package: record.package,
      subject: record.subject,
      evidence: match.evidence,
      flow: mapFlow(record, ws),
      inlinedAt: [],
      fingerprint: '',
      ...(match.confidence !== undefined && match.confidence !== 'high' ? { confidence: match.confidence } : {}),
    };
    pending.push({ finding, callSiteOf: callee ?? declared });
  }

  // Inlined call sites first (several allocations of one inlined body share the call's position),
  // then one finding per (file, line, column, rule) across generic shapes, variants and repeats.
  const merged: Finding[] = [];
  for (const p of pending) {
    const calleeName = p.callSiteOf;
    if (calleeName !== null) {
      const last = calleeName.slice(calleeName.lastIndexOf('.') + 1);
      const target = pending.find(
        (q) =>
          q !== p &&
          q.finding.ruleId === p.finding.ruleId &&
          normalizeSubject(q.finding.subject) === normalizeSubject(p.finding.subject) &&
          q.finding.function !== null &&
          (q.finding.function === calleeName || q.finding.function === last || q.finding.function.endsWith(`.${last}`)) &&
          !(q.finding.file === p.finding.file && q.finding.line === p.finding.line && q.finding.column === p.finding.column),
      );
      if (target !== undefined) {
        const site: InlinedSite = { file: p.finding.file, line: p.finding.line, column: p.finding.column };
        if (!target.finding.inlinedAt.some((s) => compareSites(s, site) === 0)) target.finding.inlinedAt.push(site);
        continue;
      }
    }
    merged.push(p.finding);
  }
  const byKey = new Map<string, Finding>();
  for (const f of merged) {
    const key = `${f.file}:${f.line}:${f.column}:${f.ruleId}`;
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, f);
    else for (const site of f.inlinedAt) if (!first.inlinedAt.some((s) => compareSites(s, site) === 0)) first.inlinedAt.push(site);
  }
  const kept = [...byKey.values()];
  for (const f of kept) f.inlinedAt.sort(compareSites);
  kept.sort(compareFindings);

  const ordinals = new Map<string, number>();
  for (const f of kept) {
    const base = [f.ruleId, f.file, f.function ?? '', normalizeSubject(f.subject)].join('\u001f');
    const ordinal = ordinals.get(base) ?? 0;
    ordinals.set(base, ordinal + 1);
    f.fingerprint = createHash('sha256').update(`${base}\u001f${ordinal}`).digest('hex').slice(0, 32);
  }
  return { findings: kept, excluded, unclassified };
}
