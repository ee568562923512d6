/**
 * The lint pipeline: compiler output → parser → the records the classifier needs → findings →
 * Report. Parser, classifier and rule list come in as `LintDeps` so this wiring is testable
 * on its own and independent of how those modules evolve.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../findings/finding.js';
import type { FlowSelector } from '../parse/parser.js';
import type { CompileErrorRecord, ParsedRecord, ParseStats, UnrecognizedRecord, VerdictRecord } from '../parse/records.js';
import { memoResolve, type PathResolver, type ResolvedPath } from '../paths/resolve.js';
import type { RuleMeta } from '../../rules/rule.js';
import type { Report, ToolInfo } from '../report/model.js';
import type { GoVersion } from '../runner/go-env.js';
import { buildFailure, compileErrorLine } from './build-failure.js';
import { ToolLineCollector } from '../runner/go-build.js';
import { checkLog, LogFactCollector, type LogFacts } from './log-check.js';
import { buildReport } from './report.js';
import { RepoRecordFilter } from './record-filter.js';
import { ImplicitClosures } from './implicit-closures.js';
import { isClassifierInput } from './select.js';
import { feedParser, sessionRealpath, type FedOutcome, type Session } from './source.js';
import { fileMayHoldDirective } from '../contracts/stage.js';
import { InputLog, inputsUnchanged, type InputReaders } from '../cache/inputs.js';
import { ENTRY_FORMAT, type CachedClassification } from '../cache/store.js';
import { cacheKeys, OutputGate, type LintCache } from './result-cache.js';
import type { DirectiveScan } from '../source/directive-scanner.js';

export interface RecordParser {
  pushLine(line: string): void;
  /** Raw output bytes, cut anywhere: when present, the pipeline feeds chunks instead of lines. */
  pushChunk?(chunk: Buffer): void;
  end(): void;
  readonly stats: ParseStats;
  /** Lets the pipeline say whose flows it needs (EscapeLogParser#setFlowSelector); optional. */
  setFlowSelector?(select: FlowSelector | null): void;
}

/** The log facts of a run: the collector's, with the line-level ones from the chunk path. */
export function logFacts(collected: LogFacts, fed: FedOutcome): LogFacts {
  return fed.lineFacts === null ? collected : { ...collected, ...fed.lineFacts };
}

/** cmd/go's own lines for a failed build's message: from the lines, or else from records. */
export function toolLinesOf(fed: FedOutcome, fromRecords: ToolLineCollector): string[] {
  return fed.lineFacts === null ? fed.outcome.toolLines : fromRecords.lines;
}

export interface ClassifyOptions {
  resolver: PathResolver;
  goVersion: GoVersion | null;
  readSource: (absPath: string) => string | null;
  /** The `.go` files of a directory, for declarations in files without verdicts. */
  listGoFiles?: (dir: string) => readonly string[];
  /** Rules to report; the classifier's default (rules enabled by default) when absent. */
  enabledRules?: ReadonlySet<string>;
}

export interface ClassifyResult {
  findings: Finding[];
  excluded: Record<string, number>;
}

/** The classifier as the pipeline drives it: the records of each package section as it ends, then finish once. */
export interface RecordClassifier {
  add(records: readonly VerdictRecord[]): void;
  /** The compiler's inlining records of the repository's files, before finish (Classifier#addInlinedCalls). */
  addInlinedCalls?(records: readonly ParsedRecord[]): void;
  finish(): ClassifyResult;
}

/** Input and output of the contracts stage, as the pipeline sees it (src/contracts/stage.ts). */
export interface ContractStageRequest {
  session: Session;
  records: readonly ParsedRecord[];
  /** Package → directories of its repository files seen in the log (used when go list did not run). */
  repoDirs: ReadonlyMap<string, ReadonlySet<string>>;
  /** Told of each file the stage scanned for directives (see ContractStageInput.onScan). */
  onScan?: (repoPath: string, scan: DirectiveScan, knownRuleIds: readonly string[]) => void;
}

export interface LintDeps {
  createParser(onRecord: (r: ParsedRecord) => void): RecordParser;
  classifier(options: ClassifyOptions): RecordClassifier;
  rules: readonly RuleMeta[];
  /** Contract violations and stale annotations; none when absent. */
  contracts?: (request: ContractStageRequest) => Promise<Finding[]>;
}

export interface ModuleLintOptions {
  enabledRules?: ReadonlySet<string>;
  /** Called with the import path of every `# pkg` header (progress). */
  onPackage?: (pkg: string) => void;
  /** Passed to the contracts stage as `onScan`. */
  onDirectiveScan?: (repoPath: string, scan: DirectiveScan, knownRuleIds: readonly string[]) => void;
  /** The result cache (src/pipeline/result-cache.ts); none when absent. */
  cache?: LintCache;
}

/** What one build (or log) produced, before the policy stage. */
export interface ModuleLint {
  session: Session;
  findings: Finding[];
  contractFindings: Finding[];
  /** Findings left out as outside the repository, by reason (classifier and stream filter together). */
  excluded: Record<string, number>;
  stats: ParseStats;
  compileErrors: CompileErrorRecord[];
  unrecognized: UnrecognizedRecord[];
  /** Package → directories of repository files seen (for logs). */
  repoDirs: ReadonlyMap<string, ReadonlySet<string>>;
  classified: number;
  skipped: Record<string, number>;
  /** The classification came from the result cache. */
  fromCache: boolean;
}

export interface LintOutcome {
  report: Report;
  /** Records handed to the classifier. */
  classified: number;
  /** Records not needed for classification, by kind (sorted keys). */
  skipped: Record<string, number>;
}

/** A source file's text, or null when it cannot be read (the classifier copes). */
export function readSourceFile(absPath: string): string | null {
  try {
    return fs.readFileSync(absPath, 'utf8');
  } catch {
    return null;
  }
}

/** The `.go` files of a directory, as absolute paths; none when it cannot be read. */
export function goFilesIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.go'))
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

/** Source files read at most once per run (reporters: only the files that hold findings). */
export function cachedSourceReader(): (absPath: string) => string | null {
  const cache = new Map<string, string | null>();
  return (absPath) => {
    let text = cache.get(absPath);
    if (text === undefined) {
      text = readSourceFile(absPath);
      cache.set(absPath, text);
    }
    return text;
  };
}

const MAX_UNRECOGNIZED_KEPT = 5;

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(counts).sort()) out[k] = counts[k] ?? 0;
  return out;
}

/**
 * The generated test main of a test binary is compiler-generated code. `go test -c` compiles a
 * `_testmain.go` in a temporary directory and prints it as a bare file name, which would
 * otherwise resolve into the package directory; `go list -test -export` compiles it from the
 * build cache, printed under its hashed name there. A test main's package is `<import path>.test`
 * (`# example.com/m/p.test`): what of it lies outside the repository and outside GOROOT and the
 * module cache is that file.
 */
export function withoutTestMain(resolver: PathResolver): PathResolver {
  return {
    resolve(file, pkg) {
      if (file === '_testmain.go' || file.endsWith('/_testmain.go') || file.endsWith('\\_testmain.go')) {
        return TEST_MAIN;
      }
      const r = resolver.resolve(file, pkg);
      if (pkg !== null && pkg.endsWith('.test') && (r.outside === 'outside-repo' || r.outside === 'unknown')) return TEST_MAIN;
      return r;
    },
  };
}

const TEST_MAIN: ResolvedPath = { absolute: null, repoRelative: null, outside: 'autogenerated' };

/**
 * Which records need flows for lint: those the record filter may keep (RepoRecordFilter) —
 * records in repository files, records without a file, and records of a package that has a
 * repository file in this batch or an earlier one — and of orphan explanations only the
 * `func literal` blocks that may be closures the compiler made (ImplicitClosures); the filter
 * drops the others. Outside records of a package whose repository file comes in a later window of
 * the same section could still be kept, so an incomplete batch gets flows everywhere.
 * Everything else (`heaplint lint std` outside GOROOT: all of it) is only counted downstream.
 */
export function lintFlowSelector(resolve: (file: string, pkg: string | null) => ResolvedPath): FlowSelector {
  const repoPackages = new Set<string>();
  const inRepo = (r: ParsedRecord): boolean => r.file !== null && resolve(r.file, r.package).repoRelative !== null;
  return (batch, complete) => {
    // Records come in runs of one file: ask once per run.
    let file: string | null = null;
    let pkg: string | null = null;
    for (const r of batch) {
      if (r.file === file && r.package === pkg) continue;
      file = r.file;
      pkg = r.package;
      if (pkg !== null && !repoPackages.has(pkg) && inRepo(r)) repoPackages.add(pkg);
    }
    if (!complete) return () => true;
    return (r) =>
      (r.kind !== 'orphan-explanation' || r.subject === 'func literal') && (r.file === null || r.package === null || repoPackages.has(r.package) || inRepo(r));
  };
}

/** The files classification reads, as lint reads them. */
const SOURCE_READERS: InputReaders = { readText: readSourceFile, readBytes: readFileBytes, listGoFiles: goFilesIn, realpath: (p) => sessionRealpath(p) };

function readFileBytes(absPath: string): Buffer | null {
  try {
    return fs.readFileSync(absPath);
  } catch {
    return null;
  }
}

/** Parse, filter, classify and check contracts for one session. Throws on a failed build. */
export async function lintModule(built: Session, deps: LintDeps, options: ModuleLintOptions = {}): Promise<ModuleLint> {
  const session: Session = { ...built, resolver: withoutTestMain(built.resolver) };
  const keys = options.cache === undefined ? null : cacheKeys(session, options.cache, options.enabledRules);
  const inputs = keys === null ? null : new InputLog(SOURCE_READERS);
  const loaded = keys === null ? null : (options.cache?.store.load(keys.slot) ?? null);
  try {
    // The inputs are checked once, before the output: an entry whose inputs read differently is
    // not followed (parsed from the first byte, rather than skipped and read back at the end: an
    // edited file changes its package's output, which may come last), and a result taken from the
    // cache is the classification of the sources as they read then.
    const header =
      loaded !== null && keys !== null && loaded.header.context === keys.context && inputsUnchanged(loaded.header.inputs, SOURCE_READERS) ? loaded.header : null;
    // The entry's result, read once the output matched it.
    const entry: { result: CachedClassification | null } = { result: null };
    const usable = (): boolean => header !== null && (entry.result = loaded?.result() ?? null) !== null;
    const gate = keys === null ? null : new OutputGate(header, usable);
    const { compileErrors, unrecognized, ...classified } = await classifyOutput(gate === null ? session : gate.wrap(session), deps, options, inputs, () => gate?.hit === true);
    const cached = gate?.hit === true ? entry.result : null;
    const store = options.cache?.store;
    if (cached === null && store !== undefined && keys !== null && inputs !== null && gate !== null && unrecognized.length === 0 && compileErrors.length === 0) {
      store.save(keys.slot, { format: ENTRY_FORMAT, context: keys.context, sections: gate.sections, bytes: classified.stats.bytes, inputs: inputs.recorded(session.realpathAnswers?.()), result: classified });
    }
    return await withContracts(session, deps, options, cached ?? classified, { compileErrors, unrecognized, fromCache: cached !== null });
  } finally {
    loaded?.close();
  }
}

/** The contracts stage on a classification (fresh or cached), and the module's lint. */
async function withContracts(
  session: Session,
  deps: LintDeps,
  options: ModuleLintOptions,
  result: CachedClassification,
  rest: Pick<ModuleLint, 'compileErrors' | 'unrecognized' | 'fromCache'>,
): Promise<ModuleLint> {
  const repoDirs = new Map(result.repoDirs.map(([pkg, dirs]) => [pkg, new Set(dirs)]));
  const contractFindings =
    deps.contracts === undefined
      ? []
      : await deps.contracts({
          session,
          records: result.contractRecords,
          repoDirs,
          ...(options.onDirectiveScan !== undefined ? { onScan: options.onDirectiveScan } : {}),
        });
  return {
    session,
    findings: result.findings,
    contractFindings,
    excluded: result.excluded,
    stats: result.stats,
    repoDirs,
    classified: result.classified,
    skipped: result.skipped,
    ...rest,
  };
}

/** What classifyOutput gives besides the cacheable part: what a cached run never has. */
interface ClassifiedOutput extends CachedClassification {
  compileErrors: CompileErrorRecord[];
  unrecognized: UnrecognizedRecord[];
}

/**
 * Parse, filter and classify a session's output. Throws on a failed build. With `inputs`, the
 * files classification reads are recorded there. A gated session (OutputGate) that matched the
 * cache feeds nothing (`matchedCache` then says so), and this returns the classification of nothing.
 */
async function classifyOutput(
  session: Session,
  deps: LintDeps,
  options: ModuleLintOptions,
  inputs: InputLog | null,
  matchedCache: () => boolean,
): Promise<ClassifiedOutput> {
  const resolve = memoResolve(session.resolver);
  const classifier = deps.classifier({
    resolver: session.resolver,
    goVersion: session.goVersion,
    // Not cached here: the classifier keeps what it scans, within a budget.
    readSource: inputs?.readText ?? readSourceFile,
    listGoFiles: inputs?.listGoFiles ?? goFilesIn,
    ...(options.enabledRules !== undefined ? { enabledRules: options.enabledRules } : {}),
  });
  let classified = 0;
  const filter = new RepoRecordFilter(resolve, {
    onSection(records) {
      for (const r of records) if (r.logLine !== 0) classified++;
      classifier.add(records);
    },
    // What decides the contracts stage's records is an input of the cached result too.
    mayHoldDirective: inputs === null ? fileMayHoldDirective : (abs) => (inputs.note(abs), fileMayHoldDirective(abs)),
  });
  const compileErrors: CompileErrorRecord[] = [];
  const unrecognized: UnrecognizedRecord[] = [];
  const skipped: Record<string, number> = {};
  const facts = new LogFactCollector();
  const tools = new ToolLineCollector();
  const implicit = new ImplicitClosures();
  const parser = deps.createParser((r) => {
    facts.onRecord(r);
    tools.onRecord(r);
    for (const v of implicit.onRecord(r)) filter.push(v);
    filter.push(r);
    if (isClassifierInput(r)) return;
    skipped[r.kind] = (skipped[r.kind] ?? 0) + 1;
    if (r.kind === 'package-header' && r.package !== null) options.onPackage?.(r.package);
    if (r.kind === 'compile-error') compileErrors.push(r);
    else if (r.kind === 'unrecognized' && unrecognized.length < MAX_UNRECOGNIZED_KEPT) unrecognized.push(r);
  });
  parser.setFlowSelector?.(lintFlowSelector(resolve));
  const fed = await feedParser(session, parser, (line) => facts.onLine(line));
  const outcome = fed.outcome;
  for (const v of implicit.end()) filter.push(v);
  filter.end();

  // A log has no exit code to say the build failed; its content must (exit 2 either way).
  if (outcome.buildExitCode === null && !matchedCache()) checkLog(session.logName ?? 'the log', logFacts(facts.facts(), fed));

  if (outcome.buildExitCode !== null && outcome.buildExitCode !== 0) {
    const first = compileErrors[0];
    throw buildFailure(
      outcome.buildExitCode,
      first === undefined ? null : compileErrorLine(first),
      compileErrors.length,
      toolLinesOf(fed, tools),
    );
  }

  classifier.addInlinedCalls?.(filter.contractRecords);
  const { findings, excluded } = classifier.finish();
  const allExcluded: Record<string, number> = {};
  addCounts(allExcluded, excluded);
  addCounts(allExcluded, filter.dropped);
  return {
    findings,
    excluded: sortedCounts(allExcluded),
    stats: parser.stats,
    repoDirs: [...filter.repoDirs].map(([pkg, dirs]) => [pkg, [...dirs]]),
    classified,
    skipped: sortedCounts(skipped),
    contractRecords: filter.contractRecords,
    compileErrors,
    unrecognized,
  };
}

/** One session straight to a report, without the policy stage. */
export async function runLint(session: Session, deps: LintDeps, tool: ToolInfo): Promise<LintOutcome> {
  const m = await lintModule(session, deps);
  const report = buildReport({
    tool,
    go: session.go,
    rules: deps.rules,
    findings: [...m.findings, ...m.contractFindings],
    excluded: m.excluded,
    stats: m.stats,
    compileErrors: m.compileErrors,
    unrecognized: m.unrecognized,
    resolver: session.resolver,
    executionSuccessful: true,
  });
  return { report, classified: m.classified, skipped: m.skipped };
}
