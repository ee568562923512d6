/** Ordering and number formatting shared by the reporters; nothing here depends on the locale. */
import type { Finding } from '../findings/finding.js';

/** Code-point order: deterministic regardless of the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The report's canonical finding order: file, line, column, rule, message (fingerprint breaks ties). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message) ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

/** `25,000`: grouping written out so no locale data is involved. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Entries of a count record with a non-zero value, sorted by key. */
export function nonZeroEntries(counts: Record<string, number>): Array<[string, number]> {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => compareStrings(a, b));
}

/** `1 finding`, `2 findings`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}
