/** Go modules of a repository: go.work's `use` directories when present, else every go.mod. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The directories a go.work file `use`s, in the order written, without quotes or comments. */
export function parseGoWorkUses(text: string): string[] {
  const uses: string[] = [];
  const stripped = text.replace(/\/\*[\s\S]*?\*\//g, '');
  const firstToken = (s: string): string | undefined => {
    const m = /^\s*(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s"`)]+))/.exec(s);
    return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  };
  let inBlock = false;
  for (const rawLine of stripped.split('\n')) {
    const line = rawLine.replace(/\/\/.*$/, '').trim();
    if (inBlock) {
      if (line.startsWith(')')) inBlock = false;
      else if (line !== '') uses.push(firstToken(line) ?? '');
      continue;
    }
    const use = /^use\b\s*(.*)$/.exec(line);
    if (!use) continue;
    if (use[1]!.startsWith('(')) {
      const rest = use[1]!.slice(1).trim();
      if (rest.startsWith(')')) continue;
      if (rest !== '') uses.push(firstToken(rest) ?? '');
      inBlock = !rest.endsWith(')');
    } else {
      uses.push(firstToken(use[1]!) ?? '');
    }
  }
  return uses.filter((u) => u !== '');
}

function normalize(dir: string): string {
  const posix = path.posix.normalize(dir.replace(/\\/g, '/'));
  return posix === '' ? '.' : posix.replace(/\/$/, '');
}

/**
 * Module directories relative to `repoRoot` (`.` for the root), sorted. With a go.work at the
 * root its `use` list wins; otherwise every go.mod outside vendor, testdata, node_modules and
 * directories the go tool ignores (`.`/`_` prefixes).
 */
export async function findModules(repoRoot: string): Promise<string[]> {
  const work = path.join(repoRoot, 'go.work');
  if (existsSync(work)) {
    const uses = parseGoWorkUses(await readFile(work, 'utf8'));
    return [...new Set(uses.map(normalize))].filter((dir) => existsSync(path.join(repoRoot, dir, 'go.mod'))).sort();
  }
  // Loaded here: only a run that searches for modules needs it (about 40 ms of start-up).
  const { default: fg } = await import('fast-glob');
  const found = await fg('**/go.mod', {
    cwd: repoRoot,
    dot: false,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: ['**/vendor/**', '**/testdata/**', '**/node_modules/**', '**/_*/**'],
  });
  return found.map((file) => normalize(path.posix.dirname(file))).sort();
}
