/**
 * GitHub Actions output: workflow-command annotations (`::warning file=…::message`) and a
 * Markdown job summary for $GITHUB_STEP_SUMMARY. Escaping follows @actions/core's
 * `toCommandValue` rules: `%`, CR and LF in the message; additionally `:` and `,` in properties.
 */
import type { Level } from '../findings/finding.js';
import { LEVELS } from '../findings/finding.js';
import type { Report } from './model.js';
import { boundedMessage } from './excerpt.js';
import { splitLines, utf16ColumnWithin } from './columns.js';
import { compareFindings, compareStrings, formatCount, nonZeroEntries, plural } from './order.js';

export interface GithubOptions {
  /** When given, columns are converted to UTF-16 like the SARIF; otherwise the compiler's byte columns are used. */
  readSource?: (repoRelativePath: string) => string | null;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(level: Level): string {
  return level === 'note' ? 'notice' : level;
}

function annotation(level: Level, properties: Array<[string, string | number | undefined]>, message: string): string {
  const props = properties
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${command(level)}${props === '' ? '' : ` ${props}`}::${escapeData(message)}`;
}

export function renderGithub(report: Report, options: GithubOptions = {}): string {
  const lineCache = new Map<string, string[] | null>();
  const column = (file: string, line: number, byteColumn: number): number => {
    if (options.readSource === undefined) return byteColumn;
    if (!lineCache.has(file)) {
      const source = options.readSource(file);
      lineCache.set(file, source === null ? null : splitLines(source));
    }
    const text = lineCache.get(file)?.[line - 1];
    return text === undefined ? byteColumn : utf16ColumnWithin(text, byteColumn);
  };

  const out: string[] = [];
  for (const f of [...report.findings].sort(compareFindings)) {
    // The runner ignores col/endColumn on multi-line annotations, so only single-line ones get them.
    const sameLine = f.endLine === f.line;
    out.push(
      annotation(
        f.level,
        [
          ['file', f.file],
          ['line', f.line],
          ['endLine', f.endLine],
          ['col', sameLine ? column(f.file, f.line, f.startColumn ?? f.column) : undefined],
          ['endColumn', sameLine ? column(f.file, f.endLine, f.endColumn) : undefined],
          ['title', f.ruleId],
        ],
        f.message,
      ),
    );
  }
  for (const d of report.diagnostics) {
    out.push(
      annotation(
        d.level,
        [
          ['file', d.file],
          ['line', d.file === undefined ? undefined : d.line],
          ['col', d.file === undefined || d.line === undefined || d.column === undefined ? undefined : column(d.file, d.line, d.column)],
          ['title', `heaplint ${d.code}`],
        ],
        boundedMessage(d.message),
      ),
    );
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** Markdown table cells: pipes and line breaks would break the row. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export const TOP_FILES = 10;

export function renderStepSummary(report: Report): string {
  const { summary } = report;
  const out: string[] = ['## heaplint', ''];
  const levels = LEVELS.map((level) => plural(summary.byLevel[level], level)).join(', ');
  const go = report.go.version === null ? '' : ` with ${report.go.version}`;
  out.push(`**${plural(summary.total, 'finding')}** (${levels}) · heaplint ${report.tool.version}${go}`, '');
  if (!report.executionSuccessful) out.push('> [!WARNING]', '> The analysis did not complete; see the diagnostics below.', '');

  const rules = nonZeroEntries(summary.byRule);
  if (rules.length > 0) {
    out.push('| Rule | Findings |', '| --- | ---: |');
    for (const [id, n] of rules) out.push(`| \`${cell(id)}\` | ${formatCount(n)} |`);
    out.push('');
  }

  const byFile = new Map<string, number>();
  for (const f of report.findings) byFile.set(f.file, (byFile.get(f.file) ?? 0) + 1);
  const files = [...byFile.entries()].sort(([a, n], [b, m]) => m - n || compareStrings(a, b)).slice(0, TOP_FILES);
  if (files.length > 0) {
    out.push(`### Top files`, '', '| File | Findings |', '| --- | ---: |');
    for (const [file, n] of files) out.push(`| \`${cell(file)}\` | ${formatCount(n)} |`);
    out.push('');
  }

  const excluded = nonZeroEntries(summary.excluded);
  if (excluded.length > 0) {
    out.push(`Excluded: ${excluded.map(([reason, n]) => `${formatCount(n)} ${reason}`).join(', ')}.`, '');
  }
  if (report.diagnostics.length > 0) {
    out.push('### Diagnostics', '');
    for (const d of report.diagnostics) {
      const where = d.file === undefined ? '' : ` \`${cell(`${d.file}${d.line === undefined ? '' : `:${d.line}`}`)}\``;
      out.push(`- **${d.level}** \`${cell(d.code)}\`${where}: ${cell(boundedMessage(d.message))}`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}
