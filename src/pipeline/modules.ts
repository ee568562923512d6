/**
 * Which builds a lint run makes: one in the working directory (or `--dir`), or, when run from
 * the repository root with no packages named, one per Go module of the repository. And for
 * `--changed`, which package patterns each build gets. The planning is pure; `findModules`
 * (fast-glob) and git are called by the command.
 */
import path from 'node:path';

export interface BuildPlan {
  /** Absolute directory to build in. */
  dir: string;
  /** Package patterns, relative to `dir`. */
  packages: string[];
  /** Repository-relative module directory, shown in progress; null for a single build. */
  label: string | null;
}

export interface PlanInput {
  repoRoot: string;
  /** Absolute directory of the run (`--dir` or the working directory). */
  dir: string;
  /** True when `--dir`, `--from-log` or package patterns (flag or config) were given. */
  explicit: boolean;
  /** Repository-relative module directories (`findModules`), sorted. */
  modules: readonly string[];
  packages: readonly string[];
}

/** One build, or one per module when the run is at the repository root with default packages. */
export function planBuilds(input: PlanInput): BuildPlan[] {
  const single: BuildPlan[] = [{ dir: input.dir, packages: [...input.packages], label: null }];
  if (input.explicit || path.resolve(input.dir) !== path.resolve(input.repoRoot)) return single;
  if (input.modules.length === 0 || (input.modules.length === 1 && input.modules[0] === '.')) return single;
  return input.modules.map((m) => ({ dir: path.join(input.repoRoot, m), packages: [...input.packages], label: m }));
}

function inside(parent: string, child: string): boolean {
  return parent === '.' || child === parent || child.startsWith(`${parent}/`);
}

/** The deepest module directory holding a repository-relative directory, or null. */
export function moduleOf(dir: string, modules: readonly string[]): string | null {
  let best: string | null = null;
  for (const m of modules) if (inside(m, dir) && (best === null || m.length > best.length)) best = m;
  return best;
}

/**
 * `--changed`: each build keeps only the changed package directories under its directory that
 * belong to the same module (a nested go.mod is another build's business), as `./dir` patterns.
 * Builds left with nothing are dropped.
 */
export function restrictToChanged(
  plans: readonly BuildPlan[],
  changedDirs: readonly string[],
  repoRoot: string,
  modules: readonly string[],
): BuildPlan[] {
  const out: BuildPlan[] = [];
  for (const plan of plans) {
    const planRel = path.relative(repoRoot, plan.dir).split(path.sep).join('/') || '.';
    const planModule = moduleOf(planRel, modules);
    const packages: string[] = [];
    for (const dir of changedDirs) {
      if (!inside(planRel, dir) || moduleOf(dir, modules) !== planModule) continue;
      const rel = planRel === '.' ? dir : dir === planRel ? '.' : dir.slice(planRel.length + 1);
      packages.push(rel === '.' ? '.' : `./${rel}`);
    }
    if (packages.length > 0) out.push({ ...plan, packages: packages.sort() });
  }
  return out;
}

/** Changed-lines keys are relative to the git top level; findings to the repository root. */
export function rebaseChangedLines(changed: Map<string, Set<number>>, gitTop: string, repoRoot: string): Map<string, Set<number>> {
  const prefix = path.relative(gitTop, repoRoot).split(path.sep).join('/');
  if (prefix === '') return changed;
  const out = new Map<string, Set<number>>();
  for (const [file, lines] of changed) if (file.startsWith(`${prefix}/`)) out.set(file.slice(prefix.length + 1), lines);
  return out;
}

/** Repository-relative directories from git-top-relative ones (dropping those outside the root). */
export function rebaseDirs(dirs: readonly string[], gitTop: string, repoRoot: string): string[] {
  const prefix = path.relative(gitTop, repoRoot).split(path.sep).join('/');
  if (prefix === '') return [...dirs];
  return dirs.filter((d) => d === prefix || d.startsWith(`${prefix}/`)).map((d) => (d === prefix ? '.' : d.slice(prefix.length + 1)));
}
