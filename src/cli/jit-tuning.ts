/**
 * V8 flags for a run of about a second. V8's optimizing compiler (TurboFan) is tuned for
 * long-lived programs: it inlines callees of up to 460 bytes of bytecode into the hot parser
 * functions, and recompiles them each time a line form they had not met yet deoptimizes them.
 * In a heaplint run that compiling costs more CPU than the optimized code saves. Measured on
 * golang.org/x/net (6.4 MiB of -m=2 output, Node 20, two cores): 1.0 CPU-second of the run's
 * 1.8 was TurboFan's, on its background threads. Smaller inlining and later optimization took
 * the run to 1.2 CPU-seconds and its wall time from 1.12 to 0.89 s, the std log's from 1.77 to
 * 1.40 CPU-seconds, and left the five-second runs (GOROOT as the repository) as fast. See the
 * README's "Speed and memory".
 *
 * The flags are V8's own and differ between its versions; an unknown one makes V8 print an
 * error, so flags are set only for the V8 versions they were measured on (Node 20 to 26).
 */
import v8 from 'node:v8';

/** A flag's name as V8 reads it: `--no-` and the value dropped, `_` and `-` alike. */
function flagName(arg: string): string | null {
  const m = /^--(?:no-|no_)?([A-Za-z0-9_-]+)/.exec(arg);
  return m === null ? null : (m[1] ?? '').replace(/_/g, '-');
}

/** Per V8 major version: the flags and the values measured (see the module comment). */
function flagsFor(v8Major: number): string[] {
  // 460 by default in all of them.
  const inlining = '--max-inlined-bytecode-size=100';
  switch (v8Major) {
    case 11: // Node 20: optimization 4x later (the budget defaults to 67584).
      return [inlining, '--interrupt-budget=270336'];
    case 12: // Node 22: the same, counted in invocations (3000 by default).
      return [inlining, '--invocation-count-for-turbofan=12000'];
    case 13: // Node 24 and 25: Maglev compiles early code cheaply; later TurboFan did not help.
    case 14: // Node 26.
      return [inlining];
    default:
      return [];
  }
}

/**
 * The flags to set for `process.versions.v8`, leaving out any that node's own command line
 * (`process.execArgv`) already sets, in either polarity: the user's choice wins.
 */
export function jitFlags(v8Version: string, execArgv: readonly string[]): string[] {
  const major = /^(\d+)\./.exec(v8Version);
  if (major === null) return [];
  const given = new Set(execArgv.map(flagName).filter((n): n is string => n !== null));
  return flagsFor(Number(major[1])).filter((f) => !given.has(flagName(f) ?? ''));
}

/**
 * Sets jitFlags for this process. Call it first thing: flags apply to code compiled after.
 * The bin does, and the benchmark's parser processes, which measure the parser as the bin runs it.
 */
export function tuneJit(): void {
  for (const flag of jitFlags(process.versions.v8, process.execArgv)) v8.setFlagsFromString(flag);
}
