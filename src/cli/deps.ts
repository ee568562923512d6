/**
 * The real parser, classifier, rules and reporters behind the CLI, as the pipeline's
 * dependency interfaces. Tests substitute their own.
 */
import { ALL_RULE_META } from '../../rules/index.js';
import { Classifier } from '../classify/classify.js';
import { allKnownRuleIds } from '../policy/rule-ids.js';
import { contractStage } from '../pipeline/contracts-stage.js';
import { EscapeLogParser } from '../parse/parser.js';
import type { ParsedRecord } from '../parse/records.js';
import { recordToJson } from '../report/jsonl.js';
import { renderReportForWriting } from '../report/render.js';
import type { LintDeps } from '../pipeline/lint.js';
import type { Renderer } from '../pipeline/outputs.js';
import type { ParseDeps } from '../pipeline/parse.js';
import { bundleIdentity } from './build-identity.js';

export interface CliDeps {
  lint: LintDeps;
  parse: ParseDeps;
  render: Renderer;
  /** heaplint's build for the result cache (src/cli/build-identity.ts); no cache when absent or null. */
  cacheIdentity?: () => string | null;
}

export function defaultDeps(): CliDeps {
  const rules = ALL_RULE_META;
  const createParser = (onRecord: (r: ParsedRecord) => void): EscapeLogParser => new EscapeLogParser(onRecord);
  return {
    cacheIdentity: () => bundleIdentity(),
    lint: { createParser, classifier: (options) => new Classifier(options), rules, contracts: contractStage(allKnownRuleIds()) },
    parse: { createParser, recordToJson },
    render: (format, report, s) =>
      renderReportForWriting(format, report, {
        color: s.color,
        repoRoot: s.repoRoot,
        ...(s.category !== undefined ? { category: s.category } : {}),
        readSource: s.readSource,
        includeSuppressed: s.includeSuppressed === true,
      }),
  };
}
