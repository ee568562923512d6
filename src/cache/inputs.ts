/**
 * What classification read besides the compiler output: source files (the repository's, the
 * standard library's, the module cache's), directory listings, whether a file may hold a
 * contract directive (which decides what the contracts stage gets), and which files exist where
 * the resolver looked for a printed path (which decides where it resolves). A cached result stands only
 * while all of these read the same, so they are recorded as content digests when the result is
 * made and read again before it is used. Content, not modification times: a file edited and
 * saved within the same second, or restored by git with a new time, is judged by what it holds.
 */
import crypto from 'node:crypto';

/** Recorded reads: absolute path → digest of what was read (null: could not be read). */
export interface RecordedInputs {
  files: [string, string | null][];
  dirs: [string, string][];
  /** Paths the session's resolver asked realpath about, and the answer (null: no such file). */
  paths: [string, string | null][];
}

export interface InputReaders {
  readText(absPath: string): string | null;
  /** The file's bytes, for checking a recorded digest without decoding it; null when unreadable. */
  readBytes(absPath: string): Buffer | null;
  listGoFiles(dir: string): readonly string[];
  realpath(absPath: string): string | null;
}

/** The digest of a file's text as its UTF-8 bytes: for a valid UTF-8 file, bytesDigest of the file. */
export function textDigest(text: string | null): string | null {
  return text === null ? null : crypto.createHash('sha256').update(text, 'utf8').digest('base64');
}

/** The digest of a file's bytes (a file that is not valid UTF-8 then differs from its text's: a miss, never a false match). */
export function bytesDigest(bytes: Buffer | null): string | null {
  return bytes === null ? null : crypto.createHash('sha256').update(bytes).digest('base64');
}

export function listingDigest(files: readonly string[]): string {
  return crypto.createHash('sha256').update([...files].sort().join('\n'), 'utf8').digest('base64');
}

/** Wraps the classifier's readers to record each file and directory the first time it is read. */
export class InputLog {
  private readonly files = new Map<string, string | null>();
  private readonly dirs = new Map<string, string>();

  constructor(private readonly readers: InputReaders) {}

  readText = (absPath: string): string | null => {
    const text = this.readers.readText(absPath);
    if (!this.files.has(absPath)) this.files.set(absPath, textDigest(text));
    return text;
  };

  listGoFiles = (dir: string): readonly string[] => {
    const files = this.readers.listGoFiles(dir);
    if (!this.dirs.has(dir)) this.dirs.set(dir, listingDigest(files));
    return files;
  };

  /** A file whose content decided something without being read through `readText` (a directive probe). */
  note(absPath: string): void {
    if (!this.files.has(absPath)) this.files.set(absPath, textDigest(this.readers.readText(absPath)));
  }

  /** What was read, with the resolver's realpath answers (`paths`), sorted by path. */
  recorded(paths: Iterable<[string, string | null]> = []): RecordedInputs {
    return { files: [...this.files].sort(byPath), dirs: [...this.dirs].sort(byPath), paths: [...paths].sort(byPath) };
  }
}

function byPath<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Whether every recorded read gives what it gave then. */
export function inputsUnchanged(inputs: RecordedInputs, readers: InputReaders): boolean {
  for (const [file, digest] of inputs.files) if (bytesDigest(readers.readBytes(file)) !== digest) return false;
  for (const [dir, digest] of inputs.dirs) if (listingDigest(readers.listGoFiles(dir)) !== digest) return false;
  for (const [p, real] of inputs.paths) if (readers.realpath(p) !== real) return false;
  return true;
}
