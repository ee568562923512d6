/**
 * The lint pipeline: compiler output → parser → the records the classifier needs → findings →
 * Report. Parser, classifier and rule list come in as `LintDeps` so this wiring is testable
 * on its own and independent of how those modules evolve.
 */
import fs from 'node:fs';
import type { Finding } from '../findings/finding.js';
import type { CompileErrorRecord, ParsedRecord, ParseStats, UnrecognizedRecord, VerdictRecord } from '../parse/records.js';
import type { PathResolver } from '../paths/resolve.js';
import type { RuleMeta } from '../../rules/rule.js';
import type { Report, ToolInfo } from '../report/model.js';
import type { GoVersion } from '../runner/go-env.js';
import { buildFailure, compileErrorLine } from './build-failure.js';
import { buildReport } from './report.js';
import { isClassifierInput } from './select.js';
import type { Session } from './source.js';

export interface RecordParser {
  pushLine(line: string): void;
  end(): void;
  readonly stats: ParseStats;
}

export interface ClassifyOptions {
  resolver: PathResolver;
  goVersion: GoVersion | null;
  readSource: (absPath: string) => string | null;
}

export interface ClassifyResult {
  findings: Finding[];
  excluded: Record<string, number>;
}

export interface LintDeps {
  createParser(onRecord: (r: ParsedRecord) => void): RecordParser;
  classify(records: VerdictRecord[], options: ClassifyOptions): ClassifyResult;
  rules: readonly RuleMeta[];
}

export interface LintOutcome {
  report: Report;
  /** Records handed to the classifier. */
  classified: number;
  /** Records not needed for classification, by kind (sorted keys). */
  skipped: Record<string, number>;
}

/** Source files read at most once per run; unreadable files are null (the classifier copes). */
export function cachedSourceReader(): (absPath: string) => string | null {
  const cache = new Map<string, string | null>();
  return (absPath) => {
    let text = cache.get(absPath);
    if (text === undefined) {
      try {
        text = fs.readFileSync(absPath, 'utf8');
      } catch {
        text = null;
      }
      cache.set(absPath, text);
    }
    return text;
  };
}

const MAX_UNRECOGNIZED_KEPT = 5;

export async function runLint(session: Session, deps: LintDeps, tool: ToolInfo): Promise<LintOutcome> {
  const kept: VerdictRecord[] = [];
  const compileErrors: CompileErrorRecord[] = [];
  const unrecognized: UnrecognizedRecord[] = [];
  const skipped: Record<string, number> = {};
  const parser = deps.createParser((r) => {
    if (isClassifierInput(r)) {
      kept.push(r);
      return;
    }
    skipped[r.kind] = (skipped[r.kind] ?? 0) + 1;
    if (r.kind === 'compile-error') compileErrors.push(r);
    else if (r.kind === 'unrecognized' && unrecognized.length < MAX_UNRECOGNIZED_KEPT) unrecognized.push(r);
  });
  const outcome = await session.run((line) => parser.pushLine(line));
  parser.end();

  if (outcome.buildExitCode !== null && outcome.buildExitCode !== 0) {
    const first = compileErrors[0];
    throw buildFailure(
      outcome.buildExitCode,
      first === undefined ? null : compileErrorLine(first),
      compileErrors.length,
      outcome.toolLines,
    );
  }

  const { findings, excluded } = deps.classify(kept, {
    resolver: session.resolver,
    goVersion: session.goVersion,
    readSource: cachedSourceReader(),
  });
  const report = buildReport({
    tool,
    go: session.go,
    rules: deps.rules,
    findings,
    excluded,
    stats: parser.stats,
    compileErrors,
    unrecognized,
    resolver: session.resolver,
    executionSuccessful: true,
  });
  const sortedSkipped: Record<string, number> = {};
  for (const k of Object.keys(skipped).sort()) sortedSkipped[k] = skipped[k] ?? 0;
  return { report, classified: kept.length, skipped: sortedSkipped };
}
