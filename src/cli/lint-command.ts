/**
 * `heaplint lint` and `heaplint baseline`: configuration, the builds (one per module when run from
 * the repository root), classification, contracts, the policy stage, reports, baseline files and
 * the exit code. The decisions live in src/pipeline and src/policy; this module wires the effects.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fsReason, HeaplintError } from '../errors.js';
import { createBaseline, DEFAULT_BASELINE_FILE, readBaseline, writeBaseline, type Baseline } from '../policy/baseline.js';
import { loadConfig, resolveBaselinePath, withOverrides, type HeaplintConfig } from '../policy/config.js';
import { scanDirectiveFiles } from '../policy/directive-files.js';
import type { DirectiveScan } from '../source/directive-scanner.js';
import { exitCodeFor, parseFailLevel } from '../policy/exit-code.js';
import { changedGoPackageDirs, changedLinesSince, gitRepoRoot, mergeBase, type ChangedLines } from '../policy/git-diff.js';
import { findModules } from '../policy/modules.js';
import { allKnownRuleIds } from '../policy/rule-ids.js';
import { realpathOrSelf } from '../paths/node-fs.js';
import { findRepoRoot } from '../paths/repo-root.js';
import type { Report } from '../report/model.js';
import { renderStepSummary } from '../report/github.js';
import { directiveFilesOf } from '../pipeline/contracts-stage.js';
import { cachedSourceReader, lintModule, type ModuleLint } from '../pipeline/lint.js';
import { planBuilds, rebaseChangedLines, rebaseDirs, restrictToChanged, type BuildPlan } from '../pipeline/modules.js';
import { writeOutputs } from '../pipeline/outputs.js';
import { classifierRules, runPolicyStage } from '../pipeline/policy-stage.js';
import { buildReport, dispatchingResolver, mergeCounts, sumStats } from '../pipeline/report.js';
import { openSession } from '../pipeline/source.js';
import type { LintCache } from '../pipeline/result-cache.js';
import { cacheDirFrom, ResultStore } from '../cache/store.js';
import type { CliArgs } from './args.js';
import type { CliDeps } from './deps.js';
import { checkFlags } from './flag-checks.js';
import { parseFormatSpecs } from './format-flag.js';
import { createProgress } from './progress.js';
import { toolVersion } from './version.js';

export interface CommandIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  color: boolean;
  /** Whether stderr is a terminal (progress line). */
  stderrIsTTY: boolean;
}

/** go.work or go.mod at or above `dir`: the fallback repository root outside git. */
function findModuleRoot(dir: string): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'go.work')) || fs.existsSync(path.join(d, 'go.mod'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

function resolveDir(cwd: string, dir: string | undefined): string {
  const abs = path.resolve(cwd, dir ?? '.');
  let ok: boolean;
  try {
    ok = fs.statSync(abs).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new HeaplintError(`--dir ${dir ?? '.'}: no such directory`);
  return realpathOrSelf(abs);
}

function flagOverrides(args: CliArgs): Partial<HeaplintConfig> {
  return {
    failLevel: args.failLevel === undefined ? undefined : parseFailLevel(args.failLevel),
    tests: args.tests,
  };
}

async function changedLinesFor(args: CliArgs, repoRoot: string): Promise<ChangedLines | null> {
  if (args.newFromRev === undefined && args.newFromMergeBase === undefined) return null;
  const gitTop = realpathOrSelf(await gitRepoRoot(repoRoot));
  const changed =
    args.newFromRev !== undefined
      ? await changedLinesSince(gitTop, args.newFromRev)
      : await changedLinesSince(gitTop, await mergeBase(gitTop, args.newFromMergeBase ?? ''), '--new-from-merge-base');
  return rebaseChangedLines(changed, gitTop, repoRoot);
}

export async function runLintCommand(args: CliArgs, io: CommandIo, deps: CliDeps): Promise<number> {
  checkFlags(args, io.cwd);
  const specs = parseFormatSpecs(args.format);
  const dir = resolveDir(io.cwd, args.dir);
  const repoRoot = await findRepoRoot({ explicit: args.repoRoot, dir, moduleRoot: findModuleRoot(dir), env: io.env, cwd: io.cwd });
  const knownRuleIds = allKnownRuleIds(deps.lint.rules.map((r) => r.id));
  const loaded = await loadConfig({ cwd: io.cwd, repoRoot, explicitPath: args.config ?? null, knownRuleIds });
  const config = withOverrides(loaded.config, flagOverrides(args));
  const say = (line: string): void => {
    if (!args.quiet) io.stderr.write(`heaplint: ${line}\n`);
  };

  const baselineFile = args.command === 'baseline' ? null : args.baseline !== undefined ? path.resolve(io.cwd, args.baseline) : resolveBaselinePath(loaded);
  const baselineName = args.baseline ?? loaded.config.baseline ?? '';
  const baseline: Baseline | null = baselineFile === null ? null : await readBaseline(baselineFile, baselineName);
  const changedLines = await changedLinesFor(args, repoRoot);

  const packages = args.packages.length > 0 ? args.packages : config.packages;
  const explicit = args.dir !== undefined || args.fromLog !== undefined || args.packages.length > 0 || loaded.config.packages.join(' ') !== './...';
  // The modules decide the builds only at the repository root with default packages (planBuilds),
  // and --changed's patterns: elsewhere the repository is not walked for them.
  const atRoot = !explicit && path.resolve(dir) === path.resolve(repoRoot);
  const modules = args.fromLog === undefined && (atRoot || args.changed) ? await findModules(repoRoot) : [];
  let plans: BuildPlan[] = planBuilds({ repoRoot, dir, explicit, modules, packages });
  if (args.changed) {
    const gitTop = realpathOrSelf(await gitRepoRoot(repoRoot));
    const since = args.newFromRev ?? 'HEAD';
    const dirs = rebaseDirs(await changedGoPackageDirs(gitTop, since), gitTop, repoRoot);
    plans = restrictToChanged(plans, dirs, repoRoot, modules.length > 0 ? modules : ['.']);
    if (plans.length === 0) {
      say(`no Go package changed since ${since}; nothing to lint`);
      return 0;
    }
  }

  const enabledRules = classifierRules(deps.lint.rules, config);
  // Files the contracts stage scanned against the same rule ids: the policy stage reuses them.
  const scanned = new Map<string, DirectiveScan>();
  const ids = knownRuleIds.join('\u0000');
  const onDirectiveScan = (repoPath: string, scan: DirectiveScan, scannedWith: readonly string[]): void => {
    if (scannedWith.join('\u0000') === ids) scanned.set(repoPath, scan);
  };
  const cache = resultCache(args, io, deps, say);
  const progress = createProgress(io.stderr, io.stderrIsTTY && !args.quiet);
  const results: ModuleLint[] = [];
  try {
    for (const plan of plans) {
      const session = await openSession({
        dir: plan.dir,
        fromLog: args.fromLog,
        packages: args.fromLog === undefined ? plan.packages : [],
        tags: args.tags ?? (config.tags.length > 0 ? config.tags.join(',') : undefined),
        gcflags: args.gcflags ?? (config.gcflags.length > 0 ? config.gcflags.join(' ') : undefined),
        repoRoot,
        goVersion: args.goVersion,
        env: io.env,
        cwd: io.cwd,
        stdin: io.stdin,
        tests: config.tests,
      });
      progress.start(session.packages?.builtPackages.size ?? 0, plan.label);
      results.push(
        await lintModule(session, deps.lint, {
          enabledRules,
          onPackage: (pkg) => progress.onPackage(pkg),
          onDirectiveScan,
          ...(cache !== null ? { cache } : {}),
        }),
      );
      progress.done();
    }
  } finally {
    progress.done();
  }

  // Files only: a directory may be named like one (github.com/nats-io/nats.go is cloned into `nats.go`).
  const listDir = (d: string): string[] => {
    try {
      return fs
        .readdirSync(d, { withFileTypes: true })
        .filter((e) => !e.isDirectory())
        .map((e) => e.name);
    } catch {
      return [];
    }
  };
  const directiveFiles = [...new Set(results.flatMap((m) => directiveFilesOf(m, config.tests, listDir)))].sort();
  const directives = scanDirectiveFiles(repoRoot, directiveFiles, knownRuleIds, scanned);
  const findings = results.flatMap((m) => m.findings);
  const contractFindings = results.flatMap((m) => m.contractFindings);
  const policyInput = { config, rules: deps.lint.rules, findings, contractFindings, directives };

  const writeTarget =
    args.command === 'baseline'
      ? { file: path.resolve(io.cwd, args.writeBaseline ?? ''), name: args.writeBaseline }
      : args.writeBaseline !== undefined
        ? { file: path.resolve(io.cwd, args.writeBaseline), name: args.writeBaseline }
        : null;
  if (writeTarget !== null) {
    const everything = runPolicyStage({ ...policyInput, baseline: null, changedLines: null });
    const configured = resolveBaselinePath(loaded);
    const file = writeTarget.name !== undefined ? writeTarget.file : (configured ?? path.resolve(io.cwd, DEFAULT_BASELINE_FILE));
    const name = writeTarget.name ?? (configured !== null ? (loaded.config.baseline ?? '') : DEFAULT_BASELINE_FILE);
    try {
      await writeBaseline(file, createBaseline(everything.findings));
    } catch (err) {
      throw new HeaplintError(`cannot write baseline ${name}: ${fsReason(err)}`);
    }
    say(`wrote ${everything.findings.length} ${everything.findings.length === 1 ? 'finding' : 'findings'} to baseline ${name}`);
    if (args.command === 'baseline') return 0;
  }

  const policy = runPolicyStage({ ...policyInput, baseline, changedLines });
  const first = results[0];
  if (first === undefined) throw new Error('no build planned');
  const report: Report = buildReport({
    tool: { name: 'heaplint', version: toolVersion() },
    go: first.session.go,
    rules: deps.lint.rules,
    findings: policy.findings,
    excluded: mergeCounts(...results.map((m) => m.excluded), policy.excluded),
    stats: sumStats(results.map((m) => m.stats)),
    compileErrors: results.flatMap((m) => m.compileErrors),
    unrecognized: results.flatMap((m) => m.unrecognized),
    resolver: dispatchingResolver(results.map((m) => ({ resolver: m.session.resolver, packages: m.session.packages?.builtPackages ?? new Set<string>() }))),
    executionSuccessful: true,
  });
  if (policy.suppressed.length > 0) {
    report.suppressed = policy.suppressed.map((s) => ({ finding: s.finding, justification: s.directive.reason }));
  }
  if (baseline !== null) {
    report.baseline = { file: baselineName, new: policy.findings.length, baselined: policy.baselined.length, fixed: policy.fixed };
  }

  const readAbs = cachedSourceReader();
  const written = await writeOutputs(
    report,
    specs,
    deps.render,
    {
      color: io.color,
      repoRoot,
      category: args.category,
      readSource: (rel) => readAbs(path.join(repoRoot, rel)),
      includeSuppressed: args.includeSuppressed,
    },
    { stdout: io.stdout, cwd: io.cwd },
  );
  for (const file of written) say(`wrote ${file}`);
  await appendStepSummary(report, specs.some((s) => s.format === 'github'), io.env);
  return exitCodeFor(report.findings, config.failLevel);
}

/** The result cache of this run, or null: --no-cache, HEAPLINT_CACHE=off, no cache directory known, or heaplint not run from its bundle. */
function resultCache(args: CliArgs, io: CommandIo, deps: CliDeps, say: (line: string) => void): LintCache | null {
  if (!args.cache) return null;
  const dir = cacheDirFrom(io.env, process.platform, io.cwd);
  const identity = deps.cacheIdentity?.() ?? null;
  if (dir === null || identity === null) return null;
  return { store: new ResultStore(dir, say), identity };
}

/** `--format github` in a GitHub Actions job also writes the Markdown job summary. */
async function appendStepSummary(report: Report, github: boolean, env: NodeJS.ProcessEnv): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!github || file === undefined || file === '') return;
  try {
    await fs.promises.appendFile(file, `${renderStepSummary(report)}\n`);
  } catch (err) {
    throw new HeaplintError(`cannot write the job summary to GITHUB_STEP_SUMMARY (${file}): ${fsReason(err)}`);
  }
}
