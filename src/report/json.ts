/**
 * The JSON report (docs/json-report.md): findings as the pipeline produced them, with byte
 * columns as the compiler printed them. Keys are written in a fixed order and count records are
 * sorted by key, so equal reports give equal bytes.
 */
import type { Finding } from '../findings/finding.js';
import type { Diagnostic, Report } from './model.js';
import { boundedMessage } from './excerpt.js';
import { compareFindings, compareStrings } from './order.js';
import { prettyJsonBytes } from './pretty-json.js';

export const JSON_REPORT_VERSION = 1;

function sortedRecord(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareStrings(a, b)));
}

function findingJson(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    level: f.level,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    startColumn: f.startColumn ?? f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    function: f.function,
    package: f.package,
    subject: f.subject,
    evidence: f.evidence,
    flow: f.flow.map((step) => ({
      file: step.file,
      line: step.line,
      column: step.column,
      message: step.message,
      why: step.why,
    })),
    fingerprint: f.fingerprint,
    inlinedAt: f.inlinedAt.map((site) => ({ file: site.file, line: site.line, column: site.column })),
    confidence: f.confidence ?? 'high',
  };
}

function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return {
    level: d.level,
    code: d.code,
    message: boundedMessage(d.message),
    file: d.file ?? null,
    line: d.line ?? null,
    column: d.column ?? null,
  };
}

export function renderJson(report: Report): string {
  return renderJsonBytes(report).toString('utf8');
}

/**
 * renderJson's file as UTF-8 bytes, the findings serialised a batch at a time (prettyJsonBytes):
 * what a large report holds in memory while it is written.
 */
export function renderJsonBytes(report: Report): Buffer {
  const { summary } = report;
  const findings = [...report.findings].sort(compareFindings);
  const place = (items: unknown[]): unknown => ({
    version: JSON_REPORT_VERSION,
    tool: { name: report.tool.name, version: report.tool.version },
    go: { version: report.go.version, goos: report.go.goos, goarch: report.go.goarch },
    executionSuccessful: report.executionSuccessful,
    findings: items,
    summary: {
      total: summary.total,
      byLevel: { error: summary.byLevel.error, warning: summary.byLevel.warning, note: summary.byLevel.note },
      byRule: sortedRecord(summary.byRule),
      excluded: sortedRecord(summary.excluded),
      packages: summary.packages,
      linesParsed: summary.linesParsed,
      unrecognizedLines: summary.unrecognizedLines,
      compileErrors: summary.compileErrors,
    },
    diagnostics: report.diagnostics.map(diagnosticJson),
    ...(report.baseline === undefined
      ? {}
      : {
          baseline: {
            file: report.baseline.file,
            new: report.baseline.new,
            baselined: report.baseline.baselined,
            fixed: report.baseline.fixed.map((e) => ({ fingerprint: e.fingerprint, rule: e.rule, file: e.file, function: e.function, subject: e.subject })),
          },
        }),
  });
  return prettyJsonBytes(place, (items) => ({ findings: items }), findings.length, (i) => findingJson(findings[i] as Finding));
}
