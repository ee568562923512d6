/**
 * Baseline files: the findings a project accepted, keyed by heaplint's line-independent
 * fingerprint so that edits that only move code keep matching. The file is JSON, versioned,
 * sorted and byte-for-byte deterministic; rule/file/function/subject sit beside each fingerprint
 * so a reviewer can read the diff of a baseline update.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fsReason, HeaplintError } from '../errors.js';
import type { Finding } from '../findings/finding.js';
import { compareStrings } from '../findings/order.js';
import { withoutByteOrderMark } from './text-file.js';

export const BASELINE_VERSION = 1;

/** Where `heaplint baseline` writes when neither the config nor a flag names a file. */
export const DEFAULT_BASELINE_FILE = '.heaplint-baseline.json';

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  file: string;
  function: string | null;
  subject: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

export function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return (
    compareStrings(a.file, b.file) ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.function ?? '', b.function ?? '') ||
    compareStrings(a.subject, b.subject) ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

export function entryFor(finding: Finding): BaselineEntry {
  return {
    fingerprint: finding.fingerprint,
    rule: finding.ruleId,
    file: finding.file,
    function: finding.function,
    subject: finding.subject,
  };
}

/** The baseline that accepts exactly these findings. */
export function createBaseline(findings: readonly Finding[]): Baseline {
  return { version: BASELINE_VERSION, entries: findings.map(entryFor).sort(compareEntries) };
}

/** Stable bytes: fixed key order, sorted entries, two-space indent, trailing newline. */
export function serializeBaseline(baseline: Baseline): string {
  const entries = [...baseline.entries].sort(compareEntries).map((e) => ({
    fingerprint: e.fingerprint,
    rule: e.rule,
    file: e.file,
    function: e.function,
    subject: e.subject,
  }));
  return `${JSON.stringify({ tool: 'heaplint', version: BASELINE_VERSION, findings: entries }, null, 2)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parse and validate a baseline file's text; `fileName` is for messages. */
export function parseBaseline(text: string, fileName: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(withoutByteOrderMark(text)) as unknown;
  } catch (error) {
    throw new HeaplintError(`${fileName}: not a heaplint baseline: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(data) || data.tool !== 'heaplint' || !Array.isArray(data.findings)) {
    throw new HeaplintError(`${fileName}: not a heaplint baseline (expected {"tool": "heaplint", "version": 1, "findings": [...]})`);
  }
  if (data.version !== BASELINE_VERSION) {
    throw new HeaplintError(`${fileName}: unsupported baseline version ${JSON.stringify(data.version)}; regenerate it with heaplint baseline`);
  }
  const entries = data.findings.map((item: unknown, index: number): BaselineEntry => {
    const where = `${fileName}: findings[${index}]`;
    if (!isRecord(item)) throw new HeaplintError(`${where}: must be an object`);
    for (const key of ['fingerprint', 'rule', 'file', 'subject'] as const) {
      if (typeof item[key] !== 'string' || item[key] === '') throw new HeaplintError(`${where}.${key}: must be a non-empty string`);
    }
    if (item.function !== null && typeof item.function !== 'string') {
      throw new HeaplintError(`${where}.function: must be a string or null`);
    }
    return {
      fingerprint: item.fingerprint as string,
      rule: item.rule as string,
      file: item.file as string,
      function: item.function as string | null,
      subject: item.subject as string,
    };
  });
  return { version: BASELINE_VERSION, entries: entries.sort(compareEntries) };
}

export interface BaselineComparison {
  /** Findings not in the baseline: the ones to report. */
  fresh: Finding[];
  /** Findings the baseline accepts. */
  baselined: Finding[];
  /** Baseline entries no finding matched any more (sorted). */
  fixed: BaselineEntry[];
}

/** Match findings to baseline entries by fingerprint, as a multiset (each entry absorbs one finding). */
export function compareWithBaseline(findings: readonly Finding[], baseline: Baseline): BaselineComparison {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const entry of [...baseline.entries].sort(compareEntries)) {
    const list = remaining.get(entry.fingerprint) ?? [];
    list.push(entry);
    remaining.set(entry.fingerprint, list);
  }
  const fresh: Finding[] = [];
  const baselined: Finding[] = [];
  for (const finding of findings) {
    const list = remaining.get(finding.fingerprint);
    if (list && list.length > 0) {
      list.shift();
      baselined.push(finding);
    } else {
      fresh.push(finding);
    }
  }
  const fixed = [...remaining.values()].flat().sort(compareEntries);
  return { fresh, baselined, fixed };
}

export async function readBaseline(file: string, displayName: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HeaplintError(code === 'ENOENT' ? `${displayName}: baseline file not found (create it with heaplint baseline)` : `${displayName}: cannot read baseline: ${fsReason(error)}`);
  }
  return parseBaseline(text, displayName);
}

export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  await writeFile(file, serializeBaseline(baseline), 'utf8');
}
