/**
 * Human output for terminals: findings grouped by file, each with a code frame in the style of
 * ESLint's "stylish" and rustc, then the diagnostics and a summary. Colour is an option (not read
 * from the environment here) so both forms are testable; the CLI decides.
 */
import { createColors } from 'picocolors';
import { contractViolation } from '../../rules/contract-violation.js';
import type { Finding, Level } from '../findings/finding.js';
import { LEVELS } from '../findings/finding.js';
import type { Diagnostic, Report } from './model.js';
import { boundedMessage, escapeUnsafe } from './excerpt.js';
import { displayLine, displayWidth, sliceByBytes, splitLines } from './columns.js';
import { compareFindings, compareStrings, formatCount, nonZeroEntries, plural } from './order.js';

export interface TextOptions {
  color: boolean;
  readSource: (repoRelativePath: string) => string | null;
}

const CONTRACT_VIOLATION = contractViolation.id;

type Colors = ReturnType<typeof createColors>;

function levelColor(c: Colors, level: Level): (text: string) => string {
  return level === 'error' ? c.red : level === 'warning' ? c.yellow : c.cyan;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** The source line with a caret under startColumn (or column)..endColumn (byte columns, measured in display cells). */
function codeFrame(f: Finding, lines: string[] | null, c: Colors): string[] {
  const line = lines?.[f.line - 1];
  if (line === undefined) return [];
  const number = String(f.line);
  const gutter = ' '.repeat(number.length);
  const start = f.startColumn ?? f.column;
  const before = sliceByBytes(line, 1, start);
  const marked = f.endLine === f.line ? sliceByBytes(line, start, f.endColumn) : sliceByBytes(line, start);
  // Measured as shown: tabs expanded, escapes written out.
  const indent = displayWidth(displayLine(before));
  const width = Math.max(1, displayWidth(displayLine(marked)));
  const caret = `^${'~'.repeat(width - 1)}`;
  const bar = c.blue('|');
  return [
    `  ${gutter} ${bar}`,
    `  ${c.blue(number)} ${bar} ${displayLine(line)}`,
    `  ${gutter} ${bar} ${' '.repeat(indent)}${levelColor(c, f.level)(caret)}`,
  ];
}

function findingBlock(f: Finding, lines: string[] | null, c: Colors): string[] {
  // The message's own line breaks are kept; anything else that could move the cursor is escaped.
  const [first = '', ...rest] = f.message.split('\n').map(escapeUnsafe);
  const head = `${c.bold(`${f.file}:${f.line}:${f.column}`)}  ${levelColor(c, f.level)(f.level)}  ${c.dim(f.ruleId)}  ${first}`;
  const out = [head, ...rest.map((line) => `    ${line}`), ...codeFrame(f, lines, c)];
  for (const step of f.flow) {
    const where = step.file === null || step.line === null ? '' : ` ${c.dim(`(${step.file}:${step.line}${step.column === null ? '' : `:${step.column}`})`)}`;
    out.push(`  ${c.blue('=')} flow: ${escapeUnsafe(step.message)}${where}`);
  }
  return out;
}

function diagnosticLine(d: Diagnostic, c: Colors): string {
  const where = d.file === undefined ? '' : `${d.file}${d.line === undefined ? '' : `:${d.line}`}${d.column === undefined ? '' : `:${d.column}`}  `;
  return `${c.bold(where)}${levelColor(c, d.level)(d.level)}  ${c.dim(d.code)}  ${boundedMessage(d.message)}`;
}

function summaryLines(report: Report, c: Colors): string[] {
  const { summary } = report;
  const out: string[] = [];
  const rows = nonZeroEntries(summary.byRule);
  if (rows.length > 0) {
    const idWidth = Math.max('Rule'.length, ...rows.map(([id]) => id.length));
    const countWidth = Math.max('Findings'.length, ...rows.map(([, n]) => formatCount(n).length));
    out.push(c.bold(`${padEnd('Rule', idWidth)}  ${padStart('Findings', countWidth)}`));
    for (const [id, n] of rows) out.push(`${padEnd(id, idWidth)}  ${padStart(formatCount(n), countWidth)}`);
    out.push('');
  }
  const byLevel = LEVELS.map((level) => levelColor(c, level)(plural(summary.byLevel[level], level)));
  out.push(`${c.bold(plural(summary.total, 'finding'))} (${byLevel.join(', ')})`);
  const excluded = nonZeroEntries(summary.excluded);
  if (excluded.length > 0) {
    out.push(`Excluded: ${excluded.map(([reason, n]) => `${formatCount(n)} ${reason}`).join(', ')}`);
  }
  if (report.baseline !== undefined) {
    const b = report.baseline;
    out.push(`Baseline ${b.file}: ${formatCount(b.new)} new, ${formatCount(b.baselined)} in baseline, ${formatCount(b.fixed.length)} fixed`);
    for (const e of b.fixed) out.push(escapeUnsafe(`  fixed: ${e.file}  ${e.rule}  ${e.function === null ? '' : `${e.function}  `}${e.subject}`));
  }
  const diagnostics: string[] = [];
  if (summary.compileErrors > 0) diagnostics.push(plural(summary.compileErrors, 'compile error'));
  if (summary.unrecognizedLines > 0) diagnostics.push(plural(summary.unrecognizedLines, 'unrecognized line'));
  if (diagnostics.length > 0) out.push(`Diagnostics: ${diagnostics.join(', ')}`);
  out.push(c.dim(`${plural(summary.packages, 'package')}, ${plural(summary.linesParsed, 'line')} of compiler output parsed`));
  return out;
}

export function renderText(report: Report, options: TextOptions): string {
  const c = createColors(options.color);
  const lineCache = new Map<string, string[] | null>();
  const linesOf = (file: string): string[] | null => {
    if (!lineCache.has(file)) {
      const source = options.readSource(file);
      lineCache.set(file, source === null ? null : splitLines(source));
    }
    return lineCache.get(file) ?? null;
  };

  const out: string[] = [];
  const findings = [...report.findings].sort(compareFindings);
  const violations = findings.filter((f) => f.ruleId === CONTRACT_VIOLATION);
  const others = findings.filter((f) => f.ruleId !== CONTRACT_VIOLATION);

  if (violations.length > 0) {
    out.push(c.bold(c.red(`Contract violations (${formatCount(violations.length)})`)), '');
    for (const f of violations) out.push(...findingBlock(f, linesOf(f.file), c), '');
  }

  const byFile = new Map<string, Finding[]>();
  for (const f of others) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const file of [...byFile.keys()].sort(compareStrings)) {
    out.push(c.underline(file));
    for (const f of byFile.get(file) ?? []) out.push(...findingBlock(f, linesOf(file), c));
    out.push('');
  }

  if (report.diagnostics.length > 0) {
    out.push(c.bold('Diagnostics'));
    for (const d of report.diagnostics) out.push(diagnosticLine(d, c));
    out.push('');
  }

  if (report.findings.length === 0) out.push(c.green('No findings.'), '');
  out.push(...summaryLines(report, c));
  return `${out.join('\n')}\n`;
}
