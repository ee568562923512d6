/**
 * The result cache on disk: one JSON file per kind of run (a slot: the directory, the packages or
 * the log, the flags, the rules), holding what the last such run derived from its compiler output
 * and what that depended on. A later run of the same kind replaces it. Entries are written to a
 * temporary name and renamed, so a reader sees a whole entry or none; a file that cannot be read
 * or parsed, or has another format, is no entry. Nothing here is an error for the run: a cache
 * that cannot be read is a miss, one that cannot be written is reported once and skipped.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../findings/finding.js';
import type { ParsedRecord, ParseStats } from '../parse/records.js';
import type { RecordedInputs } from './inputs.js';

/** Bumped whenever the entry's shape changes; a different heaplint build is told apart by `context`. */
export const ENTRY_FORMAT = 1;

/** What lint derives from one build's output before the contracts and policy stages. */
export interface CachedClassification {
  findings: Finding[];
  excluded: Record<string, number>;
  stats: ParseStats;
  /** Package → absolute directories of its repository files seen. */
  repoDirs: [string, string[]][];
  classified: number;
  skipped: Record<string, number>;
  /** The contracts stage's records (RepoRecordFilter#contractRecords). */
  contractRecords: ParsedRecord[];
}

/** What a run compares before it may use an entry; the entry's first line in its file. */
export interface CacheHeader {
  format: number;
  /** Digest of everything the result depends on besides output and inputs: heaplint's build, the session, the rules. */
  context: string;
  /** The output's section digests, sorted (SectionDigests#end). */
  sections: string[];
  bytes: number;
  inputs: RecordedInputs;
}

export interface CacheEntry extends CacheHeader {
  result: CachedClassification;
}

/**
 * An entry as loaded: the header, and the result read only when it is used (for GOROOT as the
 * repository it is 50 MB of JSON, which a run that does not match it should not hold while it
 * parses). The file stays open until `close`, so the result read is the header's even if another
 * run replaces the file meanwhile.
 */
export interface LoadedEntry {
  header: CacheHeader;
  /** The entry's result, or null when it cannot be read. Once. */
  result(): CachedClassification | null;
  close(): void;
}

/**
 * Where the cache lives: `HEAPLINT_CACHE` (`off` turns it off), else the user's cache directory
 * (`$XDG_CACHE_HOME`, `~/.cache`, `~/Library/Caches` on macOS, `%LocalAppData%` on Windows) +
 * `heaplint`. Null when it is off or no such directory is known (no HOME). A relative
 * HEAPLINT_CACHE is taken from `cwd`.
 */
export function cacheDirFrom(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, cwd: string = process.cwd()): string | null {
  const set = env.HEAPLINT_CACHE;
  if (set !== undefined && set !== '') return set === 'off' ? null : path.resolve(cwd, set);
  const nonEmpty = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);
  if (platform === 'win32') {
    const local = nonEmpty(env.LOCALAPPDATA);
    return local === null ? null : path.join(local, 'heaplint');
  }
  const xdg = nonEmpty(env.XDG_CACHE_HOME);
  if (xdg !== null && path.isAbsolute(xdg)) return path.join(xdg, 'heaplint');
  const home = nonEmpty(env.HOME);
  if (home === null) return null;
  return platform === 'darwin' ? path.join(home, 'Library', 'Caches', 'heaplint') : path.join(home, '.cache', 'heaplint');
}

/** Entries not used for this long are deleted (as Go's build cache trims entries unused for five days). */
export const UNUSED_ENTRY_MS = 7 * 24 * 3600 * 1000;
/** How often a run that writes an entry looks for unused ones. */
const TRIM_INTERVAL_MS = 24 * 3600 * 1000;

export function digestOf(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

export class ResultStore {
  private warned = false;

  /** `onWriteError` is told once (per store) that an entry could not be written, and why. */
  constructor(
    readonly dir: string,
    private readonly onWriteError: (message: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  private file(slot: string): string {
    return path.join(this.dir, 'results', `${digestOf(slot).slice(0, 32)}.json`);
  }

  load(slot: string): LoadedEntry | null {
    const file = this.file(slot);
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return null;
    }
    const loaded = readEntry(fd, () => touch(file, this.now()));
    if (loaded === null) fs.closeSync(fd);
    return loaded;
  }

  save(slot: string, entry: CacheEntry): void {
    const file = this.file(slot);
    const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      writeEntry(temp, entry);
      fs.renameSync(temp, file);
    } catch (err) {
      try {
        fs.rmSync(temp, { force: true });
      } catch {
        // nothing was written
      }
      if (!this.warned) {
        this.warned = true;
        const code = (err as NodeJS.ErrnoException).code;
        this.onWriteError(`cannot write the result cache in ${this.dir}${code === undefined ? '' : ` (${code})`}: results are not cached (HEAPLINT_CACHE=off turns the cache off)`);
      }
      return;
    }
    try {
      trimUnused(this.dir, this.now());
    } catch {
      // Trimming is housekeeping: the entry is written.
    }
  }
}

/**
 * Deletes entries unused for UNUSED_ENTRY_MS (a used entry's time is set when its result is
 * read), at most once per TRIM_INTERVAL_MS: runs of many kinds (`--changed` builds a different
 * package list for every commit) would otherwise leave an entry each behind for good.
 */
function trimUnused(dir: string, now: number): void {
  const stamp = path.join(dir, 'trimmed');
  try {
    if (now - fs.statSync(stamp).mtimeMs < TRIM_INTERVAL_MS) return;
  } catch {
    // never trimmed
  }
  fs.writeFileSync(stamp, '');
  touch(stamp, now);
  const results = path.join(dir, 'results');
  for (const name of fs.readdirSync(results)) {
    const file = path.join(results, name);
    try {
      if (now - fs.statSync(file).mtimeMs > UNUSED_ENTRY_MS) fs.rmSync(file, { force: true });
    } catch {
      // another run removed or replaced it
    }
  }
}

function touch(file: string, now: number): void {
  try {
    fs.utimesSync(file, now / 1000, now / 1000);
  } catch {
    // a read-only cache is still used
  }
}

/** Items serialised per write: a large result (50 MB of JSON for GOROOT as the repository) is never one string. */
const WRITE_BATCH = 256;

/** The header line, then the result, its two large arrays written a batch at a time. */
function writeEntry(file: string, entry: CacheEntry): void {
  const { result, ...header } = entry;
  const { findings, contractRecords, ...small } = result;
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    const write = (text: string): void => {
      fs.writeSync(fd, text, null, 'utf8');
    };
    const array = (name: string, items: readonly unknown[]): void => {
      write(`,${JSON.stringify(name)}:[`);
      for (let i = 0; i < items.length; i += WRITE_BATCH) {
        write(`${i > 0 ? ',' : ''}${items.slice(i, i + WRITE_BATCH).map((item) => JSON.stringify(item)).join(',')}`);
      }
      write(']');
    };
    write(`${JSON.stringify(header)}\n`);
    write(JSON.stringify(small).slice(0, -1));
    array('findings', findings);
    array('contractRecords', contractRecords);
    write('}');
  } finally {
    fs.closeSync(fd);
  }
}

const HEADER_READ = 1 << 16;

function readEntry(fd: number, onUse: () => void): LoadedEntry | null {
  const parts: Buffer[] = [];
  let position = 0;
  let newline = -1;
  try {
    while (newline < 0) {
      const buf = Buffer.allocUnsafe(HEADER_READ);
      const n = fs.readSync(fd, buf, 0, buf.length, position);
      if (n === 0) return null;
      const at = buf.subarray(0, n).indexOf(0x0a);
      parts.push(buf.subarray(0, at < 0 ? n : at));
      if (at >= 0) newline = position + at;
      position += n;
    }
    const header = JSON.parse(Buffer.concat(parts).toString('utf8')) as Partial<CacheHeader> | null;
    if (header === null || typeof header !== 'object' || header.format !== ENTRY_FORMAT) return null;
    if (typeof header.context !== 'string' || !Array.isArray(header.sections) || typeof header.inputs !== 'object' || header.inputs === null) return null;
    let open = true;
    return {
      header: header as CacheHeader,
      result() {
        try {
          const size = fs.fstatSync(fd).size;
          const body = Buffer.allocUnsafe(size - newline - 1);
          for (let at = 0; at < body.length; ) {
            const n = fs.readSync(fd, body, at, body.length - at, newline + 1 + at);
            if (n === 0) return null;
            at += n;
          }
          const result = JSON.parse(body.toString('utf8')) as CachedClassification | null;
          if (result === null || typeof result !== 'object' || !Array.isArray(result.findings)) return null;
          onUse();
          return result;
        } catch {
          return null;
        }
      },
      close() {
        if (open) fs.closeSync(fd);
        open = false;
      },
    };
  } catch {
    return null;
  }
}
