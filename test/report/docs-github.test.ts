import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const DOC = fileURLToPath(new URL('../../docs/github.md', import.meta.url));

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; permissions: Record<string, string>; steps: Step[] }>;
}

function workflowBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

describe('docs/github.md workflow', () => {
  const blocks = workflowBlocks(readFileSync(DOC, 'utf8'));

  test('has exactly one YAML workflow that parses', () => {
    expect(blocks).toHaveLength(1);
    expect(() => parse(blocks[0] ?? '')).not.toThrow();
  });

  test('checks out, sets up Go and Node, runs heaplint to SARIF, uploads it always', () => {
    const workflow = parse(blocks[0] ?? '') as Workflow;
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    const jobs = Object.values(workflow.jobs);
    expect(jobs).toHaveLength(1);
    const job = jobs[0];
    expect(job?.permissions['security-events']).toBe('write');
    const steps = job?.steps ?? [];
    expect(steps.map((s) => s.uses?.split('@')[0] ?? 'run')).toEqual([
      'actions/checkout',
      'actions/setup-go',
      'actions/setup-node',
      'run',
      'github/codeql-action/upload-sarif',
    ]);
    const run = steps[3]?.run ?? '';
    expect(run).toMatch(/^npx (--yes )?heaplint .*--format sarif=heaplint\.sarif/);
    const upload = steps[4];
    expect(upload?.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(upload?.if).toBe('always()');
    expect(upload?.with).toEqual({ sarif_file: 'heaplint.sarif' });
  });

  test('mentions --category for several modules', () => {
    expect(readFileSync(DOC, 'utf8')).toContain('--category api --format sarif=api.sarif');
  });
});
