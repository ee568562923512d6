/**
 * Directive comments in Go source: suppressions (`//heaplint:ignore`, `//nolint:heaplint`) and
 * allocation contracts (`//heaplint:noescape`, `//heaplint:escapes`, `//heaplint:inline`,
 * `//gcassert:inline`, `//gcassert:noescape`). Types here are the contract between the scanner
 * and its consumers (policy, contracts); the scanner itself lives beside them.
 */

export type DirectiveKind =
  | 'ignore' // //heaplint:ignore rule-id[,rule-id] reason
  | 'nolint' // //nolint:heaplint // reason   (or //nolint:heaplint,other // reason)
  | 'noescape' // //heaplint:noescape  or //gcassert:noescape
  | 'escapes' // //heaplint:escapes rule-id reason
  | 'inline' // //heaplint:inline   or //gcassert:inline
  | 'unknown'; // //heaplint:<anything else> (misspelled or unknown: always reported)

export interface Directive {
  kind: DirectiveKind;
  /** The directive word as written (`ignore`, `noescape`, `inlne`, ...). */
  name: string;
  /** `heaplint`, `gcassert` or `nolint`. */
  namespace: 'heaplint' | 'gcassert' | 'nolint';
  /** 1-based line of the comment. */
  line: number;
  /** 1-based UTF-8 byte column where `//` starts. */
  column: number;
  /** True when code precedes the comment on its line (a trailing comment). */
  trailing: boolean;
  /** Rule ids named by `ignore` / `escapes` (empty for `nolint:heaplint`, meaning every rule). */
  rules: string[];
  /** Free-text reason ('' when missing). */
  reason: string;
  /** The raw comment text. */
  text: string;
}
