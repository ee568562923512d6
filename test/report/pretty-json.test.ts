/** prettyJsonBytes writes exactly what one JSON.stringify of the whole document would, batch by batch. */
import { prettyJsonBytes } from '../../src/report/pretty-json.js';

const item = (i: number): unknown => ({ id: i, text: `line ${i} ← "quoted" \\ back`, nested: { list: [i, [i + 1, { deep: i % 3 === 0 ? null : 'é' }]] }, empty: [] });

describe('prettyJsonBytes', () => {
  // Around and across the 64-item batches; the array at depth 1 (a JSON report) and at depth 4 (SARIF).
  test.each([0, 1, 63, 64, 65, 129, 200])('%d items', (count) => {
    const documents: [(items: unknown[]) => unknown, (items: unknown[]) => unknown][] = [
      [(items) => ({ version: 1, findings: items, summary: { total: count, byRule: {} }, after: ['x'] }), (items) => ({ findings: items })],
      [(items) => ({ $schema: 's', runs: [{ tool: { driver: { rules: [{ id: 'r' }] } }, results: items, properties: { go: {} } }] }), (items) => ({ runs: [{ results: items }] })],
    ];
    for (const [place, frame] of documents) {
      const all = Array.from({ length: count }, (_, i) => item(i));
      expect(prettyJsonBytes(place, frame, count, item).toString('utf8')).toBe(`${JSON.stringify(place(all), null, 2)}\n`);
    }
  });

  test('the document is serialised once, whatever the number of batches (a baseline can list thousands of fixed findings)', () => {
    let calls = 0;
    const place = (items: unknown[]): unknown => {
      calls++;
      return { before: 'b', findings: items };
    };
    prettyJsonBytes(place, (items) => ({ findings: items }), 1000, item);
    expect(calls).toBe(1);
  });

  test('a document that holds the items twice, or a frame at another depth, is refused', () => {
    const frame = (items: unknown[]): unknown => ({ a: items });
    expect(() => prettyJsonBytes((items) => ({ a: items, b: items }), frame, 1, item)).toThrow('the document must hold the items once');
    expect(() => prettyJsonBytes((items) => ({ x: { a: items } }), frame, 1, item)).toThrow('the frame must hold the items at the depth the document does');
  });
});
