/** Reading many source files: a bounded number at a time, results in order. */

/**
 * Files read at once. One at a time, each read waits a round trip through the thread pool, and
 * a repository of thousands of files spends seconds idle (GOROOT as the repository: 2 s).
 */
export const READ_AHEAD = 32;

/**
 * `items` with what `read` gives for each, in order, with up to `limit` reads under way; only
 * those are held in memory.
 */
export async function* readAhead<T, R>(items: readonly T[], limit: number, read: (item: T) => Promise<R>): AsyncGenerator<[T, R]> {
  const inFlight: Promise<R>[] = [];
  let next = 0;
  const fill = (): void => {
    while (next < items.length && inFlight.length < limit) {
      const p = read(items[next++] as T);
      // A later read may fail while an earlier one is awaited: that is not an unhandled
      // rejection (it is thrown when its turn comes, or forgotten if an earlier one failed).
      p.catch(() => undefined);
      inFlight.push(p);
    }
  };
  fill();
  for (let i = 0; i < items.length; i++) {
    const result = await (inFlight.shift() as Promise<R>);
    fill();
    yield [items[i] as T, result];
  }
}
