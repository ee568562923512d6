/**
 * The one place the lint pipeline calls the contracts stage (src/contracts/stage.ts): builds its
 * input from a session. For a build the package list comes from go list; for a saved log it is
 * what the log shows: the `# pkg` headers and the directories of the repository files it names.
 */
import path from 'node:path';
import { runContractStage } from '../contracts/stage.js';
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
      const dirs = new Map<string, string>();
      for (const [pkg, seen] of repoDirs) {
        // A package's files share one directory; the first (sorted) is as good as any.
        const first = [...seen].sort()[0];
        if (first !== undefined) dirs.set(pkg, first);
      }
      builtPackages = new Set(dirs.keys());
      packageDirs = dirs;
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
