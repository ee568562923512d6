/**
 * `docs/rules/<id>.md` is generated from each rule's metadata so the pages cannot drift from the
 * code (test/rules/registry.test.ts compares every file with this output, and rewrites them when run
 * with HEAPLINT_UPDATE_DOCS=1).
 */
import type { RuleMeta } from '../../rules/rule.js';

export function renderRuleDoc(meta: RuleMeta): string {
  const lines = [
    `# ${meta.id}`,
    '',
    `**${meta.name}** — ${meta.shortDescription}`,
    '',
    '| | |',
    '| --- | --- |',
    `| Default level | \`${meta.defaultLevel}\` |`,
    `| Enabled by default | ${meta.enabledByDefault ? 'yes' : 'no'} |`,
    `| Precision | ${meta.precision} |`,
    `| Tags | ${meta.tags.map((t) => `\`${t}\``).join(', ')} |`,
    '',
    meta.fullDescription,
    '',
    meta.helpMarkdown.trim(),
    '',
    '---',
    '',
    '_Generated from `rules/' + meta.id + '.ts`; edit the rule metadata, not this file._',
    '',
  ];
  return lines.join('\n');
}

/** Repo-relative path of a rule's page. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}
