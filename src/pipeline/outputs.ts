/** Rendering each requested format and writing it to stdout or its file. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { fsReason, HeaplintError } from '../errors.js';
import type { FormatSpec } from '../cli/format-flag.js';
import type { Report } from '../report/model.js';

export interface RenderSettings {
  color: boolean;
  repoRoot: string;
  category: string | undefined;
  /** Source text of a repo-relative file (reporters show snippets, SARIF hashes lines). */
  readSource: (repoRelativePath: string) => string | null;
  /** `--include-suppressed`: SARIF also lists suppressed findings. */
  includeSuppressed?: boolean;
}

/** The file's text, or its UTF-8 bytes. */
export type Renderer = (format: FormatSpec['format'], report: Report, settings: RenderSettings) => string | Uint8Array;

function writeAll(out: Writable, text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * mkdir -p, one directory at a time from the deepest one that exists: Node's recursive mkdir
 * never returns under /proc, which answers ENOENT for any new child of a directory that exists.
 */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    let isDir: boolean;
    try {
      isDir = (await fs.stat(d)).isDirectory();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(d) === d) throw err;
      missing.push(d);
      continue;
    }
    if (!isDir) throw Object.assign(new Error(`${d} is not a directory`), { code: 'ENOTDIR' });
    break;
  }
  for (const d of missing.reverse()) {
    try {
      await fs.mkdir(d);
    } catch (err) {
      // Made meanwhile by someone else: fine.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !(await fs.stat(d)).isDirectory()) throw err;
    }
  }
}

/** Renders every spec first, then writes, so a rendering bug leaves no half-written files. */
export async function writeOutputs(
  report: Report,
  specs: readonly FormatSpec[],
  render: Renderer,
  settings: RenderSettings,
  io: { stdout: Writable; cwd: string },
): Promise<string[]> {
  const rendered = specs.map((s) => ({
    spec: s,
    text: render(s.format, report, { ...settings, color: s.path === null && settings.color }),
  }));
  const written: string[] = [];
  for (const { spec, text } of rendered) {
    if (spec.path === null) {
      await writeAll(io.stdout, text);
      continue;
    }
    const target = path.resolve(io.cwd, spec.path);
    try {
      await makeDirectories(path.dirname(target));
    } catch (err) {
      // mkdir -p through a regular file fails with EEXIST or ENOTDIR: name the real problem.
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === 'EEXIST' || code === 'ENOTDIR' ? `a path component of ${path.dirname(spec.path)} is not a directory` : fsReason(err);
      throw new HeaplintError(`cannot write ${spec.format} report to ${spec.path}: ${reason}`);
    }
    try {
      await fs.writeFile(target, text);
    } catch (err) {
      throw new HeaplintError(`cannot write ${spec.format} report to ${spec.path}: ${fsReason(err)}`);
    }
    written.push(spec.path);
  }
  return written;
}
