/**
 * Each escape rule's documented example (the first Go block of its help, docs/rules/<id>.md),
 * compiled by the real toolchain and linted through the whole pipeline, is reported by that rule.
 * The module in test/fixtures/rule-examples holds one file per rule: the example as documented,
 * plus the declarations it needs. Like analysistest, a `want` note on a line names the rules
 * reported there, and the test asserts exactly those: nothing missing, nothing extra. Where the
 * documented fix (the second block) allocates nothing at all, after/ holds it, with no `want`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { cliIn, GO_BIN } from '../cli/go-module.js';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'rule-examples');
/** The catch-all has no example that reliably reaches it: it is what no other rule explains. */
const WITHOUT_EXAMPLE = new Set(['unclassified-escape']);

/** Rules whose documented fix leaves nothing on the heap (the others still allocate, only less often). */
const CLEAN_FIXES = ['closure-capture', 'closure-escape', 'interface-boxing', 'leaking-param', 'pointer-escape', 'variable-size-allocation'];

const fileOf = (id: string): string => `${id.replace(/-/g, '_')}.go`;

function docExample(help: string, which = 0): string[] {
  const block = [...help.matchAll(/```go\n([\s\S]*?)```/g)][which]?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** `file:line rule` for every `want` note of the fixture files, sorted. */
function wants(): string[] {
  const out: string[] = [];
  const files = [...fs.readdirSync(DIR), ...fs.readdirSync(path.join(DIR, 'after')).map((f) => `after/${f}`)];
  for (const file of files.filter((f) => f.endsWith('.go')).sort()) {
    fs.readFileSync(path.join(DIR, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /want ([a-z-]+(?:, [a-z-]+)*)\)?$/.exec(line);
        for (const rule of m?.[1]?.split(', ') ?? []) out.push(`${file}:${i + 1} ${rule}`);
      });
  }
  return out.sort();
}

describe('documented rule examples', () => {
  test.each(RULES.filter((r) => !WITHOUT_EXAMPLE.has(r.meta.id)).map((r) => [r.meta.id, r.meta.helpMarkdown] as const))(
    '%s: the fixture holds the documented example, line for line',
    (id, help) => {
      const fixture = fs.readFileSync(path.join(DIR, fileOf(id)), 'utf8').split('\n').map((l) => l.trim());
      const example = docExample(help);
      expect(example.length).toBeGreaterThan(0);
      expect(example.filter((line) => !fixture.some((f) => f === line || f.startsWith(`${line} (want `) || f.startsWith(`${line} // want `)))).toEqual([]);
    },
  );

  test.each(CLEAN_FIXES.map((id) => [id, RULES.find((r) => r.meta.id === id)?.meta.helpMarkdown ?? ''] as const))(
    '%s: after/ holds the documented fix, line for line, and it has no want',
    (id, help) => {
      const text = fs.readFileSync(path.join(DIR, 'after', fileOf(id)), 'utf8');
      const fixture = text.split('\n').map((l) => l.trim());
      const fix = docExample(help, 1);
      expect(fix.length).toBeGreaterThan(0);
      expect(fix.filter((line) => !fixture.includes(line))).toEqual([]);
      expect(text).not.toMatch(/want /);
    },
  );

  (fs.existsSync(path.join(GO_BIN, 'go')) ? test : test.skip)(
    'heaplint lint on them reports each at its line, by its rule, and nothing else',
    async () => {
      const r = await cliIn(DIR, ['lint', './...', '--config', path.join(DIR, 'heaplint.yml'), '--repo-root', DIR, '--format', 'json', '--fail-level', 'none']);
      expect([r.code, r.stderr]).toEqual([0, '']);
      const found = (JSON.parse(r.stdout) as { findings: { file: string; line: number; ruleId: string }[] }).findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
      expect(found.sort()).toEqual(wants());
      // Every rule with an example is asserted somewhere.
      expect(new Set(wants().map((w) => w.split(' ')[1]))).toEqual(new Set(RULES.map((r) => r.meta.id).filter((id) => !WITHOUT_EXAMPLE.has(id))));
    },
    120_000,
  );
});
