/**
 * Loads the contracts corpus (test/fixtures/contracts): its Go files with their directives, and a
 * resolver for paths as `go build` prints them from the module root.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import fg from 'fast-glob';
import type { ContractFile } from '../../src/contracts/check.js';
import { scanDirectives } from '../../src/source/directive-scanner.js';

export const CORPUS_DIR = join(import.meta.dirname, '..', 'fixtures', 'contracts');
export const MODULE = 'example.com/contracts';
/** Repo-relative prefix of the corpus. */
export const PREFIX = 'test/fixtures/contracts';
export const KNOWN_RULES = ['interface-boxing', 'closure-capture', 'address-taken'];

/** The corpus files as the CLI would hand them over; every package is its directory. */
export function corpusFiles(): ContractFile[] {
  const paths = fg.sync('**/*.go', { cwd: CORPUS_DIR }).sort();
  return paths.map((rel) => {
    const source = readFileSync(join(CORPUS_DIR, rel), 'utf8');
    const dir = posix.dirname(rel);
    return {
      repoPath: `${PREFIX}/${rel}`,
      packageImportPath: dir === '.' ? MODULE : `${MODULE}/${dir}`,
      source,
      directives: scanDirectives(source, KNOWN_RULES).directives,
    };
  });
}

/** `codec/codec.go` printed from the module root → `test/fixtures/contracts/codec/codec.go`. */
export function resolveCorpus(printed: string): string | null {
  if (printed.startsWith('/') || printed.startsWith('<') || printed.startsWith('$')) return null;
  return posix.normalize(`${PREFIX}/${printed}`);
}

export const BUILT = new Set([`${MODULE}/codec`, `${MODULE}/fast-path`, `${MODULE}/directives`]);
