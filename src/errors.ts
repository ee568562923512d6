/**
 * The one error type that reaches the user. The CLI prints `heaplint: <message>` on one line
 * and exits with `exitCode`; anything else that escapes is a bug and is reported as such.
 */
export class HeaplintError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'HeaplintError';
    this.exitCode = exitCode;
  }
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
};

/** Short reason from a Node fs error for a one-line message: `no such file or directory`, `is a directory`, … */
export function fsReason(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string' && FS_REASONS[e.code] !== undefined) return FS_REASONS[e.code] ?? e.code;
  const msg = typeof e.message === 'string' ? e.message : String(err);
  return /^[A-Z]+: ([^,]+)/.exec(msg)?.[1] ?? msg;
}
