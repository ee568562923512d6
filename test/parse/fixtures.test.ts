import fs from 'node:fs';
import path from 'node:path';
import { parseStream, parseText } from '../../src/parse/stream.js';
import type { ParsedRecord } from '../../src/parse/records.js';
import { fixtureLogs, fixturesDir } from './helpers.js';

const files = fixtureLogs();

describe('every fixture parses cleanly', () => {
  test('the fixture set is there (7 versions)', () => {
    expect(new Set(files.map((f) => path.basename(path.dirname(f))))).toEqual(
      new Set(['go1.19', 'go1.21', 'go1.22', 'go1.23', 'go1.24', 'go1.25', 'go1.26']),
    );
  });

  test.each(files.map((f) => [path.relative(fixturesDir, f)]))('%s', (rel) => {
    const text = fs.readFileSync(path.join(fixturesDir, rel), 'utf8');
    const { records, stats } = parseText(text);
    const bad = records.filter((r) => r.kind === 'unrecognized' || r.kind === 'compile-error');
    expect(bad).toEqual([]);
    expect(stats.unrecognized).toBe(0);
    expect(stats.compileErrors).toBe(0);
    // Every line is accounted for exactly once.
    expect(stats.lines).toBe(text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
    expect(stats.records + stats.explanationLines + stats.duplicates + (stats.blankLines ?? 0)).toBe(stats.lines);
    expect(stats.records).toBe(records.length);
    // Deterministic, log-ordered output.
    const order = records.map((r) => r.logLine);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(parseText(text).records).toEqual(records);
  });

  test('parseStream gives the same records as parseText, whatever the chunking', async () => {
    const text = fs.readFileSync(path.join(fixturesDir, 'out/go1.26/m2.txt'), 'utf8');
    const expected = parseText(text).records;
    const bytes = Buffer.from(text, 'utf8');
    async function* chunks(size: number) {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    }
    for (const size of [1, 7, 4096]) {
      const got: ParsedRecord[] = [];
      const stats = await parseStream(chunks(size), (r) => got.push(r));
      expect(got).toEqual(expected);
      expect(stats.bytes).toBe(bytes.length);
    }
  });
});
