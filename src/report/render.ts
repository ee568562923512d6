/** One entry point for the CLI: a format name and the report in, the file's text out. */
import type { Report } from './model.js';
import { renderGithub } from './github.js';
import { renderJson, renderJsonBytes } from './json.js';
import { renderSarif, renderSarifBytes } from './sarif.js';
import type { SarifOptions } from './sarif.js';
import { renderText } from './text.js';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'github';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'github'];

export interface RenderOptions extends SarifOptions {
  /** Text format only: ANSI colours. */
  color: boolean;
}

export function renderReport(format: ReportFormat, report: Report, options: RenderOptions): string {
  switch (format) {
    case 'text':
      return renderText(report, { color: options.color, readSource: options.readSource });
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, options);
    case 'github':
      return renderGithub(report, { readSource: options.readSource });
  }
}

/**
 * renderReport for writing: SARIF and JSON come as their UTF-8 bytes (renderSarifBytes,
 * renderJsonBytes), which a large report holds in far less memory than the same text as a string.
 */
export function renderReportForWriting(format: ReportFormat, report: Report, options: RenderOptions): string | Buffer {
  if (format === 'sarif') return renderSarifBytes(report, options);
  if (format === 'json') return renderJsonBytes(report);
  return renderReport(format, report, options);
}
