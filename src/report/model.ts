/**
 * The report model every reporter renders. Built once per run by the pipeline; reporters are
 * pure functions of it (same model → same bytes).
 */
import type { Finding, Level } from '../findings/finding.js';
import type { RuleMeta } from '../../rules/rule.js';

export interface ToolInfo {
  name: 'heaplint';
  version: string;
}

export interface GoInfo {
  /** `go1.26.8`, or null when reading a log whose compiler is unknown. */
  version: string | null;
  goos: string | null;
  goarch: string | null;
}

/** Something the run wants the user to know that is not a finding: compile errors, unrecognized lines, excluded counts. */
export interface Diagnostic {
  level: 'error' | 'warning' | 'note';
  /** Stable code: `compile-error`, `unrecognized-line`, `excluded-outside-repo`, `truncated-results`, ... */
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface ReportSummary {
  /** Findings reported, by rule id (every known rule present, zero included). */
  byRule: Record<string, number>;
  byLevel: Record<Level, number>;
  total: number;
  /** Findings left out, by reason: `outside-repo`, `goroot`, `suppressed`, `baseline`, `disabled-rule`, ... */
  excluded: Record<string, number>;
  packages: number;
  linesParsed: number;
  unrecognizedLines: number;
  compileErrors: number;
}

/** A finding an in-source directive suppressed, with the directive's reason. */
export interface SuppressedResult {
  finding: Finding;
  justification: string;
}

/** A finding recorded in the baseline that no longer occurs. */
export interface FixedBaselineEntry {
  fingerprint: string;
  rule: string;
  file: string;
  function: string | null;
  subject: string;
}

/** How the run compared with `--baseline FILE` (or the config's `baseline`). */
export interface BaselineSummary {
  /** The baseline file as the user named it. */
  file: string;
  /** Reported findings not in the baseline. */
  new: number;
  /** Findings the baseline accepted (left out of the report). */
  baselined: number;
  /** Baseline entries with no finding any more, sorted. */
  fixed: FixedBaselineEntry[];
}

export interface Report {
  tool: ToolInfo;
  go: GoInfo;
  /** All known rules (enabled or not), sorted by id. */
  rules: RuleMeta[];
  /** Sorted by file, line, column, ruleId, message. */
  findings: Finding[];
  summary: ReportSummary;
  diagnostics: Diagnostic[];
  /** False when the build failed or input could not be read completely. */
  executionSuccessful: boolean;
  /** Suppressed findings, sorted; only SARIF with `--include-suppressed` shows them. */
  suppressed?: SuppressedResult[];
  /** Present when a baseline was applied. */
  baseline?: BaselineSummary;
}
