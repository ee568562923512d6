/** `--format NAME[=PATH]`, repeatable: which reports to write, and where. */
import { HeaplintError } from '../errors.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/render.js';

export interface FormatSpec {
  format: ReportFormat;
  /** File to write, or null for stdout. */
  path: string | null;
}

function isFormatName(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

/** `sarif=out/heaplint.sarif` → `{ format: 'sarif', path: 'out/heaplint.sarif' }`; `text` → stdout. */
export function parseFormatSpec(value: string): FormatSpec {
  const eq = value.indexOf('=');
  const name = (eq === -1 ? value : value.slice(0, eq)).trim();
  const file = eq === -1 ? null : value.slice(eq + 1);
  if (!isFormatName(name)) {
    throw new HeaplintError(`--format ${JSON.stringify(value)}: unknown format ${JSON.stringify(name)} (expected text, json, sarif or github)`);
  }
  if (file !== null && file.trim() === '') throw new HeaplintError(`--format ${JSON.stringify(value)}: missing file name after '='`);
  return { format: name, path: file === null || file === '-' ? null : file };
}

/** All `--format` values; at most one may write to stdout and no file may be named twice. */
export function parseFormatSpecs(values: readonly string[]): FormatSpec[] {
  const specs = (values.length === 0 ? ['text'] : values).map(parseFormatSpec);
  const toStdout = specs.filter((s) => s.path === null);
  if (toStdout.length > 1) {
    throw new HeaplintError(`--format: only one format can write to stdout (got ${toStdout.map((s) => s.format).join(', ')}); give the others a file, e.g. sarif=heaplint.sarif`);
  }
  const seen = new Set<string>();
  for (const s of specs) {
    if (s.path === null) continue;
    if (seen.has(s.path)) throw new HeaplintError(`--format: ${s.path} is named by more than one format`);
    seen.add(s.path);
  }
  return specs;
}
