/**
 * The shape of a heaplint rule: metadata as data beside one matcher, in the spirit of ESLint's
 * `meta` + `create`. The SARIF rule table, docs checks, `--help` and config validation all read
 * this metadata.
 */
import type { Level } from '../src/findings/finding.js';
import type { VerdictRecord } from '../src/parse/records.js';
import type { RecordFacts } from '../src/classify/facts.js';

export type Precision = 'very-high' | 'high' | 'medium' | 'low';

export interface RuleMeta {
  /** Public, stable, kebab-case; never renamed. */
  id: string;
  /** PascalCase, different from the id. */
  name: string;
  /** One plain-text line, at most 1024 characters. */
  shortDescription: string;
  /** Plain text, at most 1024 characters. */
  fullDescription: string;
  /** Markdown: why it allocates, a Go example before and after, the fix. */
  helpMarkdown: string;
  defaultLevel: Level;
  enabledByDefault: boolean;
  /** At most 10. */
  tags: string[];
  precision: Precision;
}

/** What a rule needs to know beyond the record itself. */
export interface MatchContext {
  /** Go version of the compiler that produced the log, e.g. `{ major: 1, minor: 25 }`, or null when unknown. */
  goVersion: { major: number; minor: number } | null;
  /** Cross-record and source facts computed by classify; absent when a rule is called on its own. */
  facts?: RecordFacts;
}

/** A positive match: the evidence (WHY notes) that decided it and the plain-words message. */
export interface RuleMatch {
  message: string;
  evidence: string[];
  /** How sure the match is: `low` for -m=1 heuristics without an explanation flow. Default `high`. */
  confidence?: 'high' | 'medium' | 'low';
  /**
   * The finding's level when it is not the rule's default: a `note` for an escape that allocates
   * nothing (a constant boxed into read-only data). A level set in the configuration still wins.
   */
  level?: Level;
}

export interface Rule {
  meta: RuleMeta;
  match(record: VerdictRecord, context: MatchContext): RuleMatch | null;
}
