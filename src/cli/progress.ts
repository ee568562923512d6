/**
 * The progress line on stderr while packages compile: `heaplint: [3/12] example.com/x`, counting
 * `# pkg` headers against the package list. Only on a terminal (the caller decides, so tests can
 * say), never with --quiet; the line is erased when the build is done.
 */
import type { Writable } from 'node:stream';

export interface Progress {
  /** A new module's build starts: `total` packages expected. */
  start(total: number, label: string | null): void;
  /** A `# pkg` header arrived. */
  onPackage(pkg: string): void;
  /** Erase the line. */
  done(): void;
}

const NO_PROGRESS: Progress = { start: () => undefined, onPackage: () => undefined, done: () => undefined };

const ERASE = '\r\u001b[K';

/** The text of the line (without the erase sequence), for a count, a total and a package. */
export function progressText(seen: number, total: number, pkg: string, label: string | null): string {
  const of = total > 0 ? `/${Math.max(total, seen)}` : '';
  return `heaplint: ${label === null ? '' : `${label} `}[${seen}${of}] ${pkg}`;
}

export function createProgress(stream: Writable, enabled: boolean, columns = 100): Progress {
  if (!enabled) return NO_PROGRESS;
  let seen = 0;
  let total = 0;
  let label: string | null = null;
  let shown = false;
  return {
    start(n, l) {
      seen = 0;
      total = n;
      label = l;
    },
    onPackage(pkg) {
      seen++;
      const text = progressText(seen, total, pkg, label);
      stream.write(`${ERASE}${text.length > columns - 1 ? `${text.slice(0, columns - 2)}…` : text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write(ERASE);
      shown = false;
    },
  };
}
