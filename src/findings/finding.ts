/**
 * Findings: what the classifier produces from verdict records, and what policy and the
 * reporters consume. The JSON report (docs/json-report.md) serialises these fields as they are.
 */

export type Level = 'error' | 'warning' | 'note';

export const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

/** Higher is more severe; used for sorting, fail levels and SARIF truncation. */
export function levelRank(level: Level): number {
  return level === 'error' ? 3 : level === 'warning' ? 2 : 1;
}

/** One step of the escape flow, with repo-relative paths. */
export interface FindingFlowStep {
  file: string | null;
  line: number | null;
  column: number | null;
  /** The flow edge and its reason, e.g. `~r0 ← &x: return &x (return)`. */
  message: string;
  /** The compiler's WHY note, or null for a step without one. */
  why: string | null;
}

/** A call site the finding was inlined from/into (position of the `-m` line vs. the callee body). */
export interface InlinedSite {
  file: string;
  line: number;
  column: number | null;
}

export interface Finding {
  ruleId: string;
  level: Level;
  /** First sentence says what escapes and why, in plain words; it stands alone. */
  message: string;
  /** Repo-relative, forward slashes. */
  file: string;
  line: number;
  /** 1-based UTF-8 byte column as the compiler reports it (reporters convert to UTF-16). */
  column: number;
  /**
   * Where the expression the finding is about starts, when before `column`: the compiler places
   * a call at its `(`, a selector at its `.`, an index at its `[` and a composite literal at its
   * `{`, and the expression starts at what is called, selected from or indexed, or at the
   * literal's type (`flag.NewFlagSet(…)`, `p.worker`, `[]T{}`). Reporters highlight from here to
   * `endColumn`; absent, from `column`.
   */
  startColumn?: number;
  endLine: number;
  endColumn: number;
  /** Enclosing function (`Handler.Serve`, `main.func1`) or null when unknown. */
  function: string | null;
  package: string | null;
  /** The compiler's subject: `x`, `&Event{...}`, `func literal`, `... argument`. */
  subject: string;
  /** The WHY notes that decided the rule, in flow order, deduplicated. */
  evidence: string[];
  flow: FindingFlowStep[];
  /** Other positions this same finding was reported at (inlined call sites, generic instantiations). */
  inlinedAt: InlinedSite[];
  /** heaplint's own line-independent fingerprint (rule, file, function, subject, ordinal). */
  fingerprint: string;
  /**
   * How sure the classification is. Absent means `high` (decided from the -m=2 flow); `medium` /
   * `low` mark -m=1 heuristics and run-time-dependent cases.
   */
  confidence?: 'high' | 'medium' | 'low';
}
