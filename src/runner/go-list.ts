/**
 * `go list -e -find -json=…`: the import path → directory map that makes printed paths resolvable
 * (anchors P11), and the early check that the patterns match buildable packages.
 *
 * `go list -json` prints JSON objects one after another with no separator, so the output is
 * split by tracking brace depth outside strings rather than by lines.
 */
import { execa } from 'execa';
import { HeaplintError } from '../errors.js';
import { firstLine, type GoTool } from './go-env.js';

/** Incremental splitter for concatenated JSON objects (`{…}{…}`, any whitespace between). */
export class JsonObjectSplitter {
  private buf = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;
  private scanned = 0;

  /** Feeds text; returns every object completed by it, parsed. */
  push(text: string): unknown[] {
    this.buf += text;
    const out: unknown[] = [];
    const s = this.buf;
    let i = this.scanned;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 /* { */) {
        if (this.depth === 0) this.start = i;
        this.depth++;
      } else if (c === 125 /* } */) {
        this.depth--;
        if (this.depth < 0) throw new HeaplintError(`go list output: unexpected '}' at offset ${i}`);
        if (this.depth === 0) out.push(JSON.parse(s.slice(this.start, i + 1)) as unknown);
      } else if (this.depth === 0 && c !== 32 && c !== 9 && c !== 10 && c !== 13) {
        throw new HeaplintError(`go list output: unexpected ${JSON.stringify(s[i])} at offset ${i}`);
      }
    }
    // Keep only the unfinished object.
    if (this.depth === 0) {
      this.buf = '';
      this.scanned = 0;
    } else {
      this.buf = s.slice(this.start);
      this.scanned = i - this.start;
      this.start = 0;
    }
    return out;
  }

  /** Throws when the input stopped inside an object. */
  end(): void {
    if (this.depth !== 0 || this.inString) throw new HeaplintError('go list output ended inside a JSON object');
  }
}

export interface ListedModule {
  path: string;
  dir: string | null;
}

export interface ListedPackage {
  importPath: string;
  dir: string | null;
  /** Package name (`main`, `sub`); null when go list could not load it. */
  name: string | null;
  forTest: string | null;
  module: ListedModule | null;
  /** The package's own load error (`no Go files in …`, `directory not found`), or null. */
  error: string | null;
  /** Go files compiled into the package (GoFiles and CgoFiles), base names, sorted. */
  goFiles: string[];
  /** `_test.go` files (TestGoFiles and XTestGoFiles), base names, sorted. */
  testGoFiles: string[];
  /** The command-line patterns that matched the package (`Match`). */
  match: string[];
}

function names(...lists: unknown[]): string[] {
  const out = new Set<string>();
  for (const list of lists) if (Array.isArray(list)) for (const n of list) if (typeof n === 'string' && n !== '') out.add(n);
  return [...out].sort();
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function rec(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function toListedPackage(obj: unknown): ListedPackage {
  const o = rec(obj) ?? {};
  const m = rec(o.Module);
  const e = rec(o.Error);
  const modPath = m === null ? null : str(m.Path);
  return {
    importPath: str(o.ImportPath) ?? '',
    dir: str(o.Dir),
    name: str(o.Name),
    forTest: str(o.ForTest),
    module: m === null || modPath === null ? null : { path: modPath, dir: str(m.Dir) },
    error: e === null ? null : str(e.Err),
    goFiles: names(o.GoFiles, o.CgoFiles),
    testGoFiles: names(o.TestGoFiles, o.XTestGoFiles),
    match: names(o.Match),
  };
}

/** All packages in a complete `go list -json` output. */
export function parseGoList(text: string): ListedPackage[] {
  const splitter = new JsonObjectSplitter();
  const objs = splitter.push(text);
  splitter.end();
  return objs.map(toListedPackage);
}

export interface PackageMaps {
  packageDirs: Map<string, string>;
  moduleDirs: Map<string, string>;
}

export function packageMaps(pkgs: readonly ListedPackage[]): PackageMaps {
  const packageDirs = new Map<string, string>();
  const moduleDirs = new Map<string, string>();
  for (const p of pkgs) {
    if (p.dir !== null && p.importPath !== '') packageDirs.set(p.importPath, p.dir);
    if (p.module !== null && p.module.dir !== null) moduleDirs.set(p.module.path, p.module.dir);
  }
  return { packageDirs, moduleDirs };
}

/**
 * Patterns that name nothing buildable are a usage error (exit 2), found before the slow build:
 * go list reports them as packages with an error and no name, or only as a stderr warning
 * (`go: warning: "./x/..." matched no packages`), which counts even when other patterns matched.
 */
export function checkListedPackages(pkgs: readonly ListedPackage[], stderr: string): void {
  const broken = pkgs.find((p) => p.name === null && p.error !== null);
  if (broken !== undefined) {
    throw new HeaplintError(`no Go package at ${broken.importPath}: ${(broken.error ?? '').trim().replace(/\s*\n\s*/g, ' ')}`);
  }
  // One pattern of several matching nothing is still a mistake (a typo would otherwise go unseen).
  const warning = stderr.split('\n').find((l) => l.includes('matched no packages'));
  if (warning !== undefined) throw new HeaplintError(warning.trim());
  if (pkgs.length === 0) throw new HeaplintError('the package patterns matched no packages');
}

/** Patterns that stand for many packages, as `...` does (cmd/go's search.IsMetaPackage). */
const META_PATTERNS: ReadonlySet<string> = new Set(['all', 'std', 'cmd', 'tool', 'work']);

/**
 * A package named on the command line (not only matched by `...` or `std`) with no Go files
 * but tests: `go build` refuses it ("no non-test Go files"), while the compile heaplint runs
 * (`go list -export`) skips it without a word, so the run would pass having linted nothing.
 * Matched by a wildcard, `go build` skips it too, and with --tests its tests are compiled.
 */
export function checkBuildable(pkgs: readonly ListedPackage[]): void {
  const named = pkgs.find(
    (p) => p.name !== null && p.error === null && p.goFiles.length === 0 && p.match.some((m) => !m.includes('...') && !META_PATTERNS.has(m)),
  );
  if (named !== undefined) throw new HeaplintError(`no Go package at ${named.importPath}: no non-test Go files in ${named.dir ?? named.importPath}`);
}

export interface GoListOptions {
  patterns: readonly string[];
  tags: string | undefined;
  /** Test variants are compiled too (--tests): a package with only tests is fine. */
  tests?: boolean;
}

/**
 * `-find`: the named packages only, without loading their dependencies (which no field asked
 * for needs): the same output, for less of the CPU the build running beside it wants.
 */
export function goListArgs(opts: GoListOptions): string[] {
  const args = ['list', '-e', '-find', '-json=ImportPath,Dir,Name,ForTest,Module,Error,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,Match'];
  if (opts.tags !== undefined && opts.tags !== '') args.push('-tags', opts.tags);
  return [...args, '--', ...opts.patterns];
}

export async function goList(go: GoTool, opts: GoListOptions): Promise<ListedPackage[]> {
  const r = await execa(go.bin, goListArgs(opts), {
    cwd: go.dir,
    env: go.env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    maxBuffer: 256 * 1024 * 1024,
  });
  const stderr = String(r.stderr);
  if (r.exitCode !== 0) {
    throw new HeaplintError(`go list failed: ${firstLine(stderr) || `exit status ${r.exitCode ?? 'unknown'}`}`);
  }
  const pkgs = parseGoList(String(r.stdout));
  checkListedPackages(pkgs, stderr);
  if (opts.tests !== true) checkBuildable(pkgs);
  return pkgs;
}
