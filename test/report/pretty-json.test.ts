/** prettyJsonBytes writes exactly what one JSON.stringify of the whole document would, batch by batch. */
import { prettyJsonBytes } from '../../src/report/pretty-json.js';

const item = (i: number): unknown => ({ id: i, text: `line ${i} ← "quoted" \\ back`, nested: { list: [i, [i + 1, { deep: i % 3 === 0 ? null : 'é' }]] }, empty: [] });

describe('prettyJsonBytes', () => {
  // Around and across the 64-item batches; the array at depth 1 (a JSON report) and at depth 4 (SARIF).
  test.each([0, 1, 63, 64, 65, 129, 200])('%d items', (count) => {
    const places = [
      (items: unknown[]) => ({ version: 1, findings: items, summary: { total: count, byRule: {} }, after: ['x'] }),
      (items: unknown[]) => ({ $schema: 's', runs: [{ tool: { driver: { rules: [{ id: 'r' }] } }, results: items, properties: { go: {} } }] }),
    ];
    for (const place of places) {
      const all = Array.from({ length: count }, (_, i) => item(i));
      expect(prettyJsonBytes(place, count, item).toString('utf8')).toBe(`${JSON.stringify(place(all), null, 2)}\n`);
    }
  });

  test('a document that holds the items twice is refused', () => {
    expect(() => prettyJsonBytes((items) => ({ a: items, b: items }), 1, item)).toThrow('the document must hold the items once');
  });
});
