import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULE_META, PRECEDENCE, RULES, RULES_BY_PRECEDENCE, SOURCE_RULES, ruleById } from '../../rules/index.js';
import { renderRuleDoc, ruleDocPath } from '../../src/classify/rule-docs.js';

const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..');

const IDS = [
  'append-growth',
  'closure-capture',
  'closure-escape',
  'interface-boxing',
  'leaking-param',
  'method-value',
  'oversized-allocation',
  'pointer-escape',
  'string-allocation',
  'unclassified-escape',
  'variable-size-allocation',
  'variadic-slice',
];

describe('rule registry', () => {
  test('has exactly the public ids, unique and sorted', () => {
    expect(RULES.map((r) => r.meta.id)).toEqual(IDS);
  });

  test('precedence names every rule once, oversized first and unclassified last', () => {
    expect([...PRECEDENCE].sort()).toEqual(IDS);
    expect(PRECEDENCE[0]).toBe('oversized-allocation');
    expect(PRECEDENCE[PRECEDENCE.length - 1]).toBe('unclassified-escape');
    expect(RULES_BY_PRECEDENCE.map((r) => r.meta.id)).toEqual(PRECEDENCE);
  });

  test('ruleById finds each rule and nothing else', () => {
    for (const id of IDS) expect(ruleById(id)?.meta.id).toBe(id);
    expect(ruleById('no-such-rule')).toBeUndefined();
  });

  test.each(RULES.map((r) => [r.meta.id, r] as const))('%s metadata follows the contract', (_id, rule) => {
    const m = rule.meta;
    expect(m.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
    expect(m.name).not.toBe(m.id);
    expect(m.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
    expect(m.shortDescription.length).toBeLessThanOrEqual(1024);
    expect(m.shortDescription).not.toContain('\n');
    expect(m.fullDescription.length).toBeLessThanOrEqual(1024);
    expect(m.fullDescription).not.toMatch(/[`*#]/);
    expect(m.tags.length).toBeLessThanOrEqual(10);
    expect(m.tags).toEqual(expect.arrayContaining(['performance', 'escape-analysis']));
    expect(m.helpMarkdown).toContain('## Why it allocates');
    expect(m.helpMarkdown).toContain('## Fix');
    expect(m.helpMarkdown.match(/```go/g)?.length).toBeGreaterThanOrEqual(2);
  });

  test('levels: leaking-param is off by default, every other rule on', () => {
    expect(RULES.filter((r) => !r.meta.enabledByDefault).map((r) => r.meta.id)).toEqual(['leaking-param']);
    expect(Object.fromEntries(RULES.map((r) => [r.meta.id, r.meta.defaultLevel]))).toEqual({
      'append-growth': 'note',
      'closure-capture': 'warning',
      'closure-escape': 'warning',
      'interface-boxing': 'warning',
      'leaking-param': 'note',
      'method-value': 'warning',
      'oversized-allocation': 'warning',
      'pointer-escape': 'note',
      'string-allocation': 'warning',
      'unclassified-escape': 'note',
      'variable-size-allocation': 'note',
      'variadic-slice': 'warning',
    });
  });
});

describe('rule docs', () => {
  // HEAPLINT_UPDATE_DOCS=1 regenerates docs/rules/*.md from the metadata.
  if (process.env.HEAPLINT_UPDATE_DOCS === '1') {
    mkdirSync(join(ROOT, 'docs', 'rules'), { recursive: true });
    for (const meta of ALL_RULE_META) writeFileSync(join(ROOT, ruleDocPath(meta.id)), renderRuleDoc(meta));
  }

  test.each(ALL_RULE_META.map((m) => [m.id, m] as const))('docs/rules/%s.md equals the generated page', (id, meta) => {
    expect(readFileSync(join(ROOT, ruleDocPath(id)), 'utf8')).toBe(renderRuleDoc(meta));
  });

  test('source-directive rules: metadata contract, sorted, errors except unused-suppression', () => {
    expect(ALL_RULE_META.map((m) => m.id)).toEqual([...ALL_RULE_META.map((m) => m.id)].sort());
    expect(ALL_RULE_META).toHaveLength(RULES.length + SOURCE_RULES.length);
    expect(Object.fromEntries(SOURCE_RULES.map((m) => [m.id, m.defaultLevel]))).toEqual({
      'contract-violation': 'error',
      'invalid-directive': 'error',
      'stale-annotation': 'error',
      'unused-suppression': 'warning',
    });
    for (const m of SOURCE_RULES) {
      expect(m.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(m.fullDescription.length).toBeLessThanOrEqual(1024);
      expect(m.tags.length).toBeLessThanOrEqual(10);
      expect(m.helpMarkdown).toContain('## Fix');
    }
  });

  test('renderRuleDoc layout', () => {
    const page = renderRuleDoc(RULES[0]!.meta);
    expect(page.split('\n').slice(0, 10)).toEqual([
      '# append-growth',
      '',
      '**AppendGrowth** — The backing array an append may allocate escapes to the heap.',
      '',
      '| | |',
      '| --- | --- |',
      '| Default level | `note` |',
      '| Enabled by default | yes |',
      '| Precision | high |',
      '| Tags | `performance`, `allocation`, `escape-analysis`, `slice` |',
    ]);
    expect(page.endsWith('_Generated from `rules/append-growth.ts`; edit the rule metadata, not this file._\n')).toBe(true);
  });
});
