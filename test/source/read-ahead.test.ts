/** readAhead: results in order, a bounded number of reads under way, errors in their turn. */
import { readAhead } from '../../src/source/read-ahead.js';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('readAhead', () => {
  test('yields every item with its result in order, with at most `limit` reads under way', async () => {
    let running = 0;
    let peak = 0;
    const read = async (n: number): Promise<string> => {
      running++;
      peak = Math.max(peak, running);
      await delay((7 * n) % 5); // finishing out of order
      running--;
      return `r${n}`;
    };
    const items = Array.from({ length: 20 }, (_, i) => i);
    const got: [number, string][] = [];
    for await (const pair of readAhead(items, 4, read)) got.push(pair);
    expect(got).toEqual(items.map((i) => [i, `r${i}`]));
    expect(peak).toBe(4);
  });

  test('a failed read is thrown in its turn, even when a later one failed first', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const read = async (n: number): Promise<number> => {
        await delay(n === 1 ? 30 : 1);
        if (n === 1 || n === 2) throw new Error(`cannot read ${n}`);
        return n;
      };
      const got: number[] = [];
      await expect(
        (async () => {
          for await (const [, r] of readAhead([0, 1, 2, 3], 3, read)) got.push(r);
        })(),
      ).rejects.toThrow('cannot read 1');
      expect(got).toEqual([0]);
      await delay(50);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
