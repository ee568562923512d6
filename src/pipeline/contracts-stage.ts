/**
 * The one place the lint pipeline calls the contracts stage (src/contracts/stage.ts): builds its
 * input from a session. For a build the package list comes from go list; for a saved log it is
 * what the log shows: the `# pkg` headers and the directories of the repository files it names.
 */
import path from 'node:path';
import { importPathOfDir, runContractStage, type GoModule } from '../contracts/stage.js';
import type { Finding } from '../findings/finding.js';
import type { ContractStageRequest } from './lint.js';

export function contractStage(knownRuleIds: readonly string[]): (request: ContractStageRequest) => Promise<Finding[]> {
  return async ({ session, records, repoDirs, onScan }) => {
    const list = session.packages;
    let builtPackages: ReadonlySet<string>;
    let packageDirs: ReadonlyMap<string, string>;
    if (list !== null) {
      builtPackages = list.builtPackages;
      packageDirs = list.packageDirs;
    } else {
      const modules = new Map<string, GoModule | null>();
      packageDirs = logPackageDirs(repoDirs, (dir) => importPathOfDir(dir, modules));
      builtPackages = new Set(packageDirs.keys());
    }
    return runContractStage({
      repoRoot: session.repoRoot,
      records,
      resolve: (file, pkg) => session.resolver.resolve(file, pkg).repoRelative,
      builtPackages,
      packageDirs,
      goVersion: session.goVersion,
      ...(list !== null ? { compiledFiles: list.compiledFiles } : {}),
      knownRuleIds,
      ...(onScan !== undefined ? { onScan } : {}),
    });
  };
}

/**
 * The directory of each package a log names, from the directories of the repository files its
 * section shows. A section also shows other packages' files: a generic function of another
 * package is instantiated, and reported, in each package that calls it
 * (`./a/a.go:7:6: can inline a.Each[go.shape.int]` in the section of example.com/m/z). So the
 * directory whose import path (`importPathOf`, from its go.mod) is the package's wins; an
 * external test package (`p_test`) lives in the directory of `p`. Without such a directory, one
 * whose path ends in the most elements of the import path (a vendored package), then the first
 * in sorted order. Pure but for `importPathOf`.
 */
export function logPackageDirs(repoDirs: ReadonlyMap<string, ReadonlySet<string>>, importPathOf: (dir: string) => string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const [pkg, seen] of repoDirs) {
    const own = pkg.endsWith('_test') ? pkg.slice(0, -'_test'.length) : pkg;
    const dirs = [...seen].sort();
    const exact = dirs.find((d) => importPathOf(d) === own);
    let best: string | undefined = exact;
    if (best === undefined) {
      let most = -1;
      for (const d of dirs) {
        const n = sharedTail(own.split('/'), d.split(path.sep));
        if (n > most) {
          most = n;
          best = d;
        }
      }
    }
    if (best !== undefined) out.set(pkg, best);
  }
  return out;
}

/** How many trailing elements `a` and `b` have in common. */
function sharedTail(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** Repository-relative Go files whose directives apply to this session's findings, sorted. */
export function directiveFilesOf(request: Omit<ContractStageRequest, 'records'>, tests: boolean, listDir: (dir: string) => string[]): string[] {
  const { session, repoDirs } = request;
  const abs = new Set<string>();
  if (session.packages !== null) {
    for (const f of session.packages.goFiles) abs.add(f);
  } else {
    for (const dirs of repoDirs.values()) {
      for (const dir of dirs) {
        for (const name of listDir(dir)) {
          if (name.endsWith('.go') && (tests || !name.endsWith('_test.go'))) abs.add(path.join(dir, name));
        }
      }
    }
  }
  const out: string[] = [];
  for (const file of abs) {
    const rel = path.relative(session.repoRoot, file);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    out.push(rel.split(path.sep).join('/'));
  }
  return out.sort();
}
