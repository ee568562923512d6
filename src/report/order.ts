/** Ordering and number formatting shared by the reporters; nothing here depends on the locale. */

export { compareFindings, compareStrings } from '../findings/order.js';
import { compareStrings } from '../findings/order.js';

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
