/**
 * leaking-param through the whole pipeline (real compiler): the rule reports all three forms it
 * documents, `leaking param`, `leaking param content` and `leaking param: p to result ~r0`,
 * once it is enabled, and none by default.
 */
import fs from 'node:fs';
import { cliIn, tempDir, writeFiles } from './go-module.js';

const LP_GO = `package lp

var sink *int

var box any

// Keep stores its parameter: leaking param.
func Keep(p *int) { sink = p }

// Pass returns its parameter: leaking param to result.
func Pass(p *int) *int { return p }

// Peek stores what its parameter points to: leaking param content.
func Peek(pp **int) { sink = *pp }
`;

interface Full {
  ruleId: string;
  line: number;
  column: number;
  message: string;
}

let root: string;
beforeAll(() => {
  root = tempDir('heaplint-leaking-param-');
  writeFiles(root, { 'go.mod': 'module example.com/lp\n\ngo 1.22\n', 'lp.go': LP_GO });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function findings(config: string | null): Promise<string[]> {
  if (config === null) fs.rmSync(`${root}/.heaplint.yml`, { force: true });
  else fs.writeFileSync(`${root}/.heaplint.yml`, config);
  const r = await cliIn(root, ['lint', '--format', 'json', '--fail-level', 'none']);
  expect([r.code, r.stderr]).toEqual([0, '']);
  return (JSON.parse(r.stdout) as { findings: Full[] }).findings.filter((f) => f.ruleId === 'leaking-param').map((f) => `${f.line}:${f.column} ${f.message}`);
}

test('enabled, it reports each form of parameter leak', async () => {
  const hint = 'If the function only needs to read it, avoid storing or returning it so callers can keep their values on the stack.';
  expect(await findings('rules:\n  leaking-param: note\n')).toEqual([
    `8:11 Parameter \`p\` leaks: it is assigned to \`sink\`, a global or heap location, so callers must heap-allocate what they pass. ${hint}`,
    `11:11 Parameter \`p\` leaks to result \`~r0\` (level=0): callers' arguments escape whenever the caller lets that result escape. ${hint}`,
    `14:11 What parameter \`pp\` points to leaks: it is assigned to \`sink\`, a global or heap location, so callers must heap-allocate what they pass. ${hint}`,
  ]);
});

test('off by default', async () => {
  expect(await findings(null)).toEqual([]);
});
