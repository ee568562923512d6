/**
 * The JSON report (docs/json-report.md): findings as the pipeline produced them, with byte
 * columns as the compiler printed them. Keys are written in a fixed order and count records are
 * sorted by key, so equal reports give equal bytes.
 */
import type { Finding } from '../findings/finding.js';
import type { Diagnostic, Report } from './model.js';
import { boundedMessage } from './excerpt.js';
import { compareFindings, compareStrings } from './order.js';

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

/** The only `findings` key of the document (depth 0): its items are indented by two levels. */
const EMPTY_FINDINGS = '"findings": []';
const FINDING_INDENT = ' '.repeat(4);
const FINDINGS_CLOSE = ' '.repeat(2);

/**
 * renderJson's file as UTF-8 bytes, each finding serialised on its own: the objects written for
 * tens of thousands of findings are never all alive at once, nor is the whole text as a string
 * (twice its size in memory once a flow's `←` makes it a two-byte string).
 */
export function renderJsonBytes(report: Report): Buffer {
  const { summary } = report;
  const findings = [...report.findings].sort(compareFindings);
  const document = {
    version: JSON_REPORT_VERSION,
    tool: { name: report.tool.name, version: report.tool.version },
    go: { version: report.go.version, goos: report.go.goos, goarch: report.go.goarch },
    executionSuccessful: report.executionSuccessful,
    findings: [],
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
  };
  const skeleton = `${JSON.stringify(document, null, 2)}\n`;
  const at = skeleton.indexOf(EMPTY_FINDINGS);
  if (findings.length === 0 || at < 0) return Buffer.from(skeleton, 'utf8');
  const chunks: Buffer[] = [Buffer.from(`${skeleton.slice(0, at)}"findings": [\n`, 'utf8')];
  findings.forEach((f, i) => {
    const json = JSON.stringify(findingJson(f), null, 2);
    chunks.push(Buffer.from(`${i > 0 ? ',\n' : ''}${FINDING_INDENT}${json.replace(/\n/g, `\n${FINDING_INDENT}`)}`, 'utf8'));
  });
  chunks.push(Buffer.from(`\n${FINDINGS_CLOSE}]${skeleton.slice(at + EMPTY_FINDINGS.length)}`, 'utf8'));
  return Buffer.concat(chunks);
}
