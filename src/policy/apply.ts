/**
 * The policy stage: from the classifier's findings to the findings a run reports. In order:
 * rule enable/level overrides, include/exclude globs, in-source suppressions (and the findings
 * about the directives themselves), the baseline, and "new code only" line filtering. Pure:
 * everything it needs arrives in `PolicyInput`.
 */
import { compareFindings, compareStrings } from '../findings/order.js';
import { createHash } from 'node:crypto';
import type { Finding, Level } from '../findings/finding.js';
import type { Directive } from '../source/directives.js';
import type { DirectiveProblem, DirectiveScan } from '../source/directive-scanner.js';
import { compareWithBaseline, type Baseline, type BaselineEntry } from './baseline.js';
import { isRuleEnabled, type HeaplintConfig } from './config.js';
import type { ChangedLines } from './git-diff.js';
import { matchesAnyGlob } from './glob.js';
import { POLICY_RULE_IDS } from './rule-ids.js';

export interface RuleDefault {
  enabledByDefault: boolean;
  defaultLevel: Level;
}

export interface PolicyInput {
  config: HeaplintConfig;
  /** Repo-relative file → its directive scan; files of every analysed package. */
  directives?: ReadonlyMap<string, DirectiveScan>;
  /** Rule defaults from the registry; rules not listed are enabled and keep the finding's level. */
  ruleDefaults?: ReadonlyMap<string, RuleDefault>;
  baseline?: Baseline | null;
  /** From `--new-from-rev`/`--new-from-merge-base`; when set only findings on these lines stay. */
  changedLines?: ChangedLines | null;
}

export interface SuppressedFinding {
  finding: Finding;
  directive: Directive;
}

/** Reasons a finding is left out, as counted in `excluded`. */
export type ExclusionReason = 'disabled-rule' | 'path-excluded' | 'suppressed' | 'baseline' | 'not-changed';

export interface PolicyResult {
  /** What to report, sorted by file, line, column, ruleId, message. */
  findings: Finding[];
  /** Findings an in-source directive suppressed, with that directive (for `--include-suppressed`). */
  suppressed: SuppressedFinding[];
  /** Findings the baseline accepted. */
  baselined: Finding[];
  /** Baseline entries with no finding any more (only for rules that ran, in files in scope). */
  fixed: BaselineEntry[];
  /** Counts of findings left out, by reason (every reason present, zeros included). */
  excluded: Record<ExclusionReason, number>;
}

export { compareFindings };

/** Fingerprint of a policy finding: no line numbers, so a moved directive keeps its identity. */
export function policyFingerprint(ruleId: string, file: string, subject: string, detail: string, ordinal: number): string {
  return createHash('sha256').update([ruleId, file, subject, detail, String(ordinal)].join('\u001f')).digest('hex').slice(0, 32);
}

interface PolicyFindingSeed {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  text: string;
  message: string;
  detail: string;
}

function buildPolicyFindings(seeds: PolicyFindingSeed[], levelFor: (ruleId: string) => Level): Finding[] {
  const ordinals = new Map<string, number>();
  return seeds
    .sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.detail, b.detail))
    .map((seed) => {
      const key = [seed.ruleId, seed.file, seed.text, seed.detail].join('\u001f');
      const ordinal = ordinals.get(key) ?? 0;
      ordinals.set(key, ordinal + 1);
      return {
        ruleId: seed.ruleId,
        level: levelFor(seed.ruleId),
        message: seed.message,
        file: seed.file,
        line: seed.line,
        column: seed.column,
        endLine: seed.line,
        endColumn: seed.column + Buffer.byteLength(seed.text, 'utf8'),
        function: null,
        package: null,
        subject: seed.text,
        evidence: [],
        flow: [],
        inlinedAt: [],
        fingerprint: policyFingerprint(seed.ruleId, seed.file, seed.text, seed.detail, ordinal),
      };
    });
}

const SUPPRESSING_KINDS = new Set(['ignore', 'nolint']);

/** Lines a suppression covers: its own line, and for a comment on its own line the next code line (skipping stacked directives). */
export function suppressionLines(directive: Directive, fileDirectives: readonly Directive[]): number[] {
  if (directive.trailing) return [directive.line];
  const ownLineDirectives = new Set(fileDirectives.filter((d) => !d.trailing).map((d) => d.line));
  let next = directive.line + 1;
  while (ownLineDirectives.has(next)) next++;
  return [directive.line, next];
}

function isInvalid(directive: Directive, problems: readonly DirectiveProblem[]): boolean {
  return problems.some((p) => p.line === directive.line && p.column === directive.column);
}

export function applyPolicy(findings: readonly Finding[], input: PolicyInput): PolicyResult {
  const { config } = input;
  const excluded: Record<ExclusionReason, number> = {
    'disabled-rule': 0,
    'path-excluded': 0,
    suppressed: 0,
    baseline: 0,
    'not-changed': 0,
  };
  const ruleEnabled = (id: string): boolean => isRuleEnabled(config, id, input.ruleDefaults?.get(id)?.enabledByDefault);
  const levelOverride = (id: string): Level | undefined => config.rules[id]?.level;
  const inScope = (file: string): boolean =>
    (config.include.length === 0 || matchesAnyGlob(file, config.include)) && !matchesAnyGlob(file, config.exclude);

  // 1. Rules and paths. An incoming invalid-directive finding (from the contracts stage) at the
  // position of a scanner problem is the same mistake reported twice; the scanner's wins.
  const problemAt = new Set<string>();
  for (const [file, scan] of input.directives ?? []) {
    for (const p of scan.problems) problemAt.add(`${file}:${p.line}:${p.column}`);
  }
  const candidates: Finding[] = [];
  for (const finding of findings) {
    if (finding.ruleId === POLICY_RULE_IDS.invalidDirective && problemAt.has(`${finding.file}:${finding.line}:${finding.column}`)) continue;
    if (!ruleEnabled(finding.ruleId)) excluded['disabled-rule']++;
    else if (!inScope(finding.file)) excluded['path-excluded']++;
    else {
      const level = levelOverride(finding.ruleId);
      candidates.push(level === undefined || level === finding.level ? finding : { ...finding, level });
    }
  }

  // 2. Suppressions: the first directive in source order that covers a finding takes it, and
  // every directive that covers it counts as used.
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<string>(); // `${file}:${line}:${column}:${ruleId|*}`
  const kept: Finding[] = [];
  const scans = input.directives ?? new Map<string, DirectiveScan>();
  const coverage = new Map<string, { directive: Directive; lines: number[] }[]>();
  for (const [file, scan] of scans) {
    if (!inScope(file)) continue;
    const active = scan.directives
      .filter((d) => SUPPRESSING_KINDS.has(d.kind) && !isInvalid(d, scan.problems))
      .map((directive) => ({ directive, lines: suppressionLines(directive, scan.directives) }));
    coverage.set(file, active);
  }
  const covering = (finding: Finding): Directive[] =>
    (coverage.get(finding.file) ?? [])
      .filter(({ directive, lines }) => lines.includes(finding.line) && (directive.kind === 'nolint' || directive.rules.includes(finding.ruleId)))
      .map(({ directive }) => directive);
  for (const finding of [...candidates].sort(compareFindings)) {
    const matches = covering(finding);
    const first = matches[0];
    if (first === undefined) {
      kept.push(finding);
      continue;
    }
    for (const d of matches) used.add(`${finding.file}:${d.line}:${d.column}:${d.kind === 'nolint' ? '*' : finding.ruleId}`);
    suppressed.push({ finding, directive: first });
    excluded.suppressed++;
  }

  // 3. Findings about the directives themselves.
  const seeds: PolicyFindingSeed[] = [];
  for (const [file, scan] of [...scans].sort(([a], [b]) => compareStrings(a, b))) {
    if (!inScope(file)) continue;
    if (ruleEnabled(POLICY_RULE_IDS.invalidDirective)) {
      for (const problem of scan.problems) {
        seeds.push({
          ruleId: POLICY_RULE_IDS.invalidDirective,
          file,
          line: problem.line,
          column: problem.column,
          text: problem.text,
          message: `Invalid heaplint directive: ${problem.message}. It has no effect until it is fixed.`,
          detail: problem.message,
        });
      }
    }
    if (!ruleEnabled(POLICY_RULE_IDS.unusedSuppression)) continue;
    for (const { directive } of coverage.get(file) ?? []) {
      const key = `${file}:${directive.line}:${directive.column}:`;
      const unusedRules =
        directive.kind === 'nolint'
          ? used.has(`${key}*`) ? [] : ['*']
          : directive.rules.filter((rule) => ruleEnabled(rule) && !used.has(key + rule));
      for (const rule of unusedRules) {
        const where = directive.trailing ? 'this line' : 'this line or the next';
        const fix = unusedRules.length < directive.rules.length ? `remove ${rule} from it` : 'remove it';
        const message =
          rule === '*'
            ? `Unused suppression: //nolint:heaplint matched no heaplint finding on ${where}; ${fix}.`
            : `Unused suppression: //heaplint:ignore ${rule} matched no ${rule} finding on ${where}; ${fix}.`;
        seeds.push({
          ruleId: POLICY_RULE_IDS.unusedSuppression,
          file,
          line: directive.line,
          column: directive.column,
          text: directive.text,
          message,
          detail: rule,
        });
      }
    }
  }
  // An ignore that names a policy rule suppresses its findings too (`//heaplint:ignore
  // interface-boxing,unused-suppression escapes only on linux`). A //nolint:heaplint does not:
  // it would hide its own unused-suppression.
  const policyKept: Finding[] = [];
  for (const finding of buildPolicyFindings(seeds, (id) => levelOverride(id) ?? input.ruleDefaults?.get(id)?.defaultLevel ?? 'warning')) {
    const directive = covering(finding).find((d) => d.kind === 'ignore');
    if (directive === undefined) {
      policyKept.push(finding);
      continue;
    }
    suppressed.push({ finding, directive });
    excluded.suppressed++;
  }

  // 4. Baseline.
  let reported = [...kept, ...policyKept];
  let baselined: Finding[] = [];
  let fixed: BaselineEntry[] = [];
  if (input.baseline) {
    const comparison = compareWithBaseline(reported, input.baseline);
    reported = comparison.fresh;
    baselined = comparison.baselined.sort(compareFindings);
    fixed = comparison.fixed.filter((entry) => ruleEnabled(entry.rule) && inScope(entry.file));
    excluded.baseline = baselined.length;
  }

  // 5. New code only.
  if (input.changedLines) {
    const changed = input.changedLines;
    reported = reported.filter((finding) => {
      const lines = changed.get(finding.file);
      const last = Math.max(finding.line, finding.endLine);
      for (let line = finding.line; lines && line <= last; line++) if (lines.has(line)) return true;
      excluded['not-changed']++;
      return false;
    });
  }

  return {
    findings: reported.sort(compareFindings),
    suppressed: suppressed.sort((a, b) => compareFindings(a.finding, b.finding)),
    baselined,
    fixed,
    excluded,
  };
}
