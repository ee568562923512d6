import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeaplintError } from '../../src/errors.js';
import {
  compareWithBaseline,
  createBaseline,
  parseBaseline,
  readBaseline,
  serializeBaseline,
  writeBaseline,
} from '../../src/policy/baseline.js';
import { finding } from './helpers.js';

const FINDINGS = [
  finding({ ruleId: 'interface-boxing', file: 'b/b.go', line: 30, function: 'B', subject: 'v', fingerprint: 'f2' }),
  finding({ ruleId: 'closure-capture', file: 'a/a.go', line: 12, function: null, subject: 'n', fingerprint: 'f1' }),
  finding({ ruleId: 'append-growth', file: 'b/b.go', line: 5, function: 'A', subject: 's', fingerprint: 'f3' }),
];

const EXPECTED_TEXT = `{
  "tool": "heaplint",
  "version": 1,
  "findings": [
    {
      "fingerprint": "f1",
      "rule": "closure-capture",
      "file": "a/a.go",
      "function": null,
      "subject": "n"
    },
    {
      "fingerprint": "f3",
      "rule": "append-growth",
      "file": "b/b.go",
      "function": "A",
      "subject": "s"
    },
    {
      "fingerprint": "f2",
      "rule": "interface-boxing",
      "file": "b/b.go",
      "function": "B",
      "subject": "v"
    }
  ]
}
`;

describe('baseline file', () => {
  test('serialises sorted, deterministic bytes regardless of input order', () => {
    expect(serializeBaseline(createBaseline(FINDINGS))).toBe(EXPECTED_TEXT);
    expect(serializeBaseline(createBaseline([...FINDINGS].reverse()))).toBe(EXPECTED_TEXT);
  });

  test('round trip through a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heaplint-baseline-'));
    try {
      const file = path.join(dir, 'baseline.json');
      await writeBaseline(file, createBaseline(FINDINGS));
      expect(readFileSync(file, 'utf8')).toBe(EXPECTED_TEXT);
      expect(await readBaseline(file, 'baseline.json')).toEqual(createBaseline(FINDINGS));
      await expect(readBaseline(path.join(dir, 'missing.json'), 'missing.json')).rejects.toThrow(
        new HeaplintError('missing.json: baseline file not found (create it with heaplint baseline)'),
      );
      await expect(readBaseline(dir, 'dir')).rejects.toThrow(new HeaplintError('dir: cannot read baseline: is a directory'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ['[]', 'b.json: not a heaplint baseline (expected {"tool": "heaplint", "version": 1, "findings": [...]})'],
    ['{"tool":"heaplint","version":2,"findings":[]}', 'b.json: unsupported baseline version 2; regenerate it with heaplint baseline'],
    ['{"tool":"heaplint","version":1,"findings":[{"fingerprint":"x","rule":"r","file":"f","function":3,"subject":"s"}]}', 'b.json: findings[0].function: must be a string or null'],
    ['{"tool":"heaplint","version":1,"findings":[{"rule":"r","file":"f","function":null,"subject":"s"}]}', 'b.json: findings[0].fingerprint: must be a non-empty string'],
    ['{"tool":"heaplint","version":1,"findings":[7]}', 'b.json: findings[0]: must be an object'],
  ])('rejects %s', (text, message) => {
    expect(() => parseBaseline(text, 'b.json')).toThrow(new HeaplintError(message));
  });

  test('invalid JSON names the file', () => {
    expect(() => parseBaseline('{', 'b.json')).toThrow(/^b\.json: not a heaplint baseline: /);
  });
});

describe('compareWithBaseline', () => {
  test('same findings moved to other lines are all baselined', () => {
    const baseline = createBaseline(FINDINGS);
    const moved = FINDINGS.map((f) => ({ ...f, line: f.line + 17, endLine: f.endLine + 17 }));
    expect(compareWithBaseline(moved, baseline)).toEqual({ fresh: [], baselined: moved, fixed: [] });
  });

  test('new findings are fresh, missing ones are fixed', () => {
    const baseline = createBaseline(FINDINGS);
    const added = finding({ ruleId: 'leaking-param', file: 'a/a.go', line: 3, fingerprint: 'f9' });
    const result = compareWithBaseline([FINDINGS[0]!, added], baseline);
    expect(result.fresh).toEqual([added]);
    expect(result.baselined).toEqual([FINDINGS[0]]);
    expect(result.fixed.map((e) => e.fingerprint)).toEqual(['f1', 'f3']);
  });

  test('entries count as a multiset', () => {
    const twin = finding({ ruleId: 'interface-boxing', file: 'c.go', line: 1, fingerprint: 'dup' });
    const result = compareWithBaseline([twin, { ...twin, line: 2 }], createBaseline([twin]));
    expect([result.fresh.map((f) => f.line), result.baselined.map((f) => f.line), result.fixed]).toEqual([[2], [1], []]);
  });
});
