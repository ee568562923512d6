/**
 * Command line → typed arguments, with yargs. Help and version text come back as output
 * (never printed by yargs itself), and every usage error becomes one `HeaplintError` line.
 */
import yargs, { type Options } from 'yargs';
import { HeaplintError } from '../errors.js';
import { didYouMean } from '../policy/did-you-mean.js';

export type CommandName = 'lint' | 'parse' | 'baseline';

export interface CliArgs {
  command: CommandName;
  packages: string[];
  dir: string | undefined;
  fromLog: string | undefined;
  tags: string | undefined;
  gcflags: string | undefined;
  repoRoot: string | undefined;
  format: string[];
  /** undefined: decide from the terminal and NO_COLOR / FORCE_COLOR. */
  color: boolean | undefined;
  quiet: boolean;
  goVersion: string | undefined;
  category: string | undefined;
  config: string | undefined;
  failLevel: string | undefined;
  baseline: string | undefined;
  writeBaseline: string | undefined;
  newFromRev: string | undefined;
  newFromMergeBase: string | undefined;
  changed: boolean;
  includeSuppressed: boolean;
  /** undefined: the config file's `tests` decides. */
  tests: boolean | undefined;
  /** False with --no-cache: neither use nor write the result cache. */
  cache: boolean;
}

export type ParsedCommandLine = { kind: 'run'; args: CliArgs } | { kind: 'output'; text: string };

const HINT = 'run heaplint --help for usage';

const EPILOG = [
  'Configuration: .heaplint.yml, .heaplint.yaml or .heaplint.json, searched from the working directory up to the repository root (see docs/configuration.md). Flags win over the file.',
  '',
  'Run from the repository root with no packages, heaplint lints every Go module it finds (go.work, else every go.mod outside vendor/testdata/node_modules).',
  '',
  'Results are cached in $HEAPLINT_CACHE (default: the user cache directory + heaplint; off turns it off) and reused only when the compiler output, every source file read and the settings are unchanged.',
  '',
  'Exit codes: 0 no finding at or above the fail level (default warning), 1 findings, 2 usage, configuration, build or input error (a --from-log file that is empty, is not compiler output, or holds compile errors included). Unrecognised lines in an otherwise valid log are a warning diagnostic and do not change the exit code.',
].join('\n');

/** A repeated single-valued option arrives as an array: the last one wins. */
function optionalString(v: unknown): string | undefined {
  const last: unknown = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last : undefined;
}

function stringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return typeof v === 'string' ? [v] : [];
}

/** Every option of every command; exported so tests can check the action and hook against it. */
export const OPTIONS = {
  dir: { type: 'string', requiresArg: true, describe: 'Directory to build in (default: current directory)' },
  'from-log': { type: 'string', requiresArg: true, describe: 'Read saved go build -gcflags=-m=2 output from FILE (- for stdin) instead of building' },
  tags: { type: 'string', requiresArg: true, describe: 'Build tags, passed to go as -tags (not with --from-log)' },
  gcflags: { type: 'string', requiresArg: true, describe: 'Extra compiler flags after -m=2, e.g. "-l" (not with --from-log)' },
  'repo-root': { type: 'string', requiresArg: true, describe: 'Repository root findings are relative to (default: git top level)' },
  format: {
    type: 'string',
    array: true,
    nargs: 1, // one value per --format, so `--format json ./...` keeps ./... a package
    requiresArg: true,
    describe: 'Output format text|json|sarif|github, optionally =PATH; repeatable (default: text)',
  },
  color: { type: 'boolean', describe: 'Colour text output (default: when stdout is a terminal)' },
  quiet: { type: 'boolean', default: false, describe: 'Print nothing on stderr but errors' },
  'go-version': { type: 'string', requiresArg: true, describe: 'Go version that wrote a --from-log file, e.g. 1.24 (a log of Go 1.25+ says so itself)' },
  category: { type: 'string', requiresArg: true, describe: 'SARIF category (automationDetails.id) for several analyses of one repository' },
  config: { type: 'string', requiresArg: true, describe: 'Config file to use instead of searching for .heaplint.yml/.heaplint.json' },
  'fail-level': { type: 'string', requiresArg: true, describe: 'Exit 1 when a finding is at or above this level: error, warning (default), note, none' },
  baseline: { type: 'string', requiresArg: true, describe: 'Report only findings not in this baseline file; list the fixed ones' },
  'write-baseline': { type: 'string', requiresArg: true, describe: 'Also write the current findings to this baseline file' },
  'new-from-rev': { type: 'string', requiresArg: true, describe: 'Report only findings on lines changed since this git revision' },
  'new-from-merge-base': { type: 'string', requiresArg: true, describe: 'Report only findings on lines changed since the merge base of this branch and HEAD' },
  changed: { type: 'boolean', describe: 'Build only packages whose .go files changed since HEAD (or --new-from-rev)' },
  'include-suppressed': { type: 'boolean', describe: 'Put suppressed findings in SARIF, marked as suppressed in source' },
  tests: { type: 'boolean', describe: 'Also analyse _test.go files (compiles the test variants; links and runs nothing)' },
  cache: { type: 'boolean', describe: 'Reuse the last run\'s results when the compiler output and sources are unchanged (default: on; --no-cache, or HEAPLINT_CACHE=off)' },
} as const satisfies Record<string, Options>;

/** `--dir`, `--fail-level`, …: the long option names the CLI accepts, sorted. */
export const OPTION_FLAGS: readonly string[] = Object.keys(OPTIONS).map((k) => `--${k}`).sort();

const camelToKebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * yargs lists an unknown `--fail-levl` twice (`fail-levl, failLevl`); name each once, with a
 * suggestion when there is only one. Null for any other message.
 */
function unknownArguments(msg: string | null): string | null {
  const m = /^Unknown arguments?: (.*)$/.exec(msg ?? '');
  if (m === null) return null;
  const names = [...new Set((m[1] ?? '').split(', ').map(camelToKebab))];
  if (names.length !== 1) return `Unknown arguments: ${names.join(', ')}`;
  const name = names[0] ?? '';
  return `Unknown argument: ${name}${didYouMean(`--${name}`, OPTION_FLAGS)}`;
}

/** Boolean flags: yargs reads `--color=banana` as false, so their `=value` is checked here. */
const BOOLEAN_FLAGS: ReadonlySet<string> = new Set(Object.entries(OPTIONS).filter(([, o]) => o.type === 'boolean').map(([name]) => name));

/**
 * What yargs would misread, before it reads: `--gcflags -l` (yargs takes a value that starts
 * with '-' for a flag, and compiler flags all do) becomes `--gcflags=-l`, and a boolean flag
 * with a value other than true or false is an error. Arguments after `--` are left alone.
 */
function prepareArguments(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const next = args[i + 1];
    // Compiler flags take one dash; `--gcflags --dir x` is still a missing value.
    if (a === '--gcflags' && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
      out.push(`--gcflags=${next}`);
      i++;
      continue;
    }
    const m = /^--(?:no-)?([a-z-]+)=(.*)$/s.exec(a);
    if (m !== null && BOOLEAN_FLAGS.has(m[1] ?? '') && m[2] !== 'true' && m[2] !== 'false') {
      throw new HeaplintError(`--${m[1] ?? ''} takes no value, or true or false (got ${JSON.stringify(m[2])}) (${HINT})`);
    }
    out.push(a);
  }
  return out;
}

const COMMAND_WORDS: ReadonlySet<string> = new Set<CommandName>(['lint', 'baseline', 'parse']);

/**
 * `heaplint COMMAND ARGS` as `heaplint ARGS`, the default command, and the command apart: yargs
 * renders the whole help text whenever a command other than the default runs, in case it has
 * to show it later, which is about 35 ms of every run's start-up. The commands share every
 * option and the one positional, so yargs parses and checks the arguments the same either way.
 * Left alone when help or the version is asked for (each command's help names it), and when
 * the next word would then be taken for another command (`heaplint lint parse` lints a package
 * named parse).
 */
function asDefaultCommand(args: readonly string[]): { args: string[]; command: CommandName | null } {
  const first = args[0] ?? '';
  const asIs = { args: [...args], command: null };
  if (!COMMAND_WORDS.has(first)) return asIs;
  if (COMMAND_WORDS.has(args[1] ?? '')) return asIs;
  const end = args.indexOf('--');
  const flags = end < 0 ? args : args.slice(0, end);
  if (flags.some((a) => a === '--help' || a === '-h' || a === '--version' || a.startsWith('--help=') || a.startsWith('--version='))) return asIs;
  return { args: args.slice(1), command: first as CommandName };
}

export async function parseCommandLine(argv: readonly string[], version: string): Promise<ParsedCommandLine> {
  let command: CommandName | null = null;
  // Everything after `--` is a package pattern, even one that starts with '-'.
  const dashes = argv.indexOf('--');
  const afterDashes = dashes < 0 ? [] : argv.slice(dashes + 1);
  const given = [...prepareArguments(dashes < 0 ? argv : argv.slice(0, dashes)), ...(dashes < 0 ? [] : ['--', ...afterDashes])];
  const { args: prepared, command: named } = asDefaultCommand(given);
  const parser = yargs(prepared)
    .scriptName('heaplint')
    .usage('$0 [lint] [packages..]\n\nCompiles the packages with -gcflags=-m=2 (as go build does, without linking) and reports heap\nallocations by cause.')
    .command(
      ['lint [packages..]', '$0 [packages..]'],
      'Build the packages (default ./...) and report heap escapes',
      (y) => y.positional('packages', { type: 'string', array: true, describe: 'Go package patterns' }),
      () => {
        command = 'lint';
      },
    )
    .command(
      'baseline [packages..]',
      'Record the current findings in a baseline file (--write-baseline, the config\'s baseline, or .heaplint-baseline.json)',
      (y) => y.positional('packages', { type: 'string', array: true, describe: 'Go package patterns' }),
      () => {
        command = 'baseline';
      },
    )
    .command(
      'parse [packages..]',
      'Print the compiler output as JSON Lines records',
      (y) => y.positional('packages', { type: 'string', array: true, describe: 'Go package patterns' }),
      () => {
        command = 'parse';
      },
    )
    .options(OPTIONS)
    .example('$0', 'lint ./... in the current module')
    .example('$0 ./cmd/... --format sarif=heaplint.sarif', 'write SARIF for code scanning')
    .example('$0 --format text --format json=report.json', 'text on stdout and a JSON report')
    .example('$0 --from-log build.log', 'lint saved output of go build -gcflags=-m=2 ./... 2> build.log')
    .example('$0 parse --from-log build.log', 'JSON Lines records of a saved log')
    .example('$0 baseline', 'record today\'s findings in .heaplint-baseline.json')
    .example('$0 --baseline .heaplint-baseline.json', 'report only findings not in the baseline')
    .example('$0 --new-from-merge-base origin/main', 'report only findings on lines this branch changed')
    .example('$0 --changed --fail-level error', 'build only changed packages; fail on errors only')
    .example('$0 --dir samples --fail-level none', 'lint one module, always exit 0')
    .epilog(EPILOG)
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .wrap(100)
    .exitProcess(false)
    .fail((msg: string | null, err: Error | null) => {
      throw new HeaplintError(`${unknownArguments(msg) ?? msg ?? err?.message ?? 'invalid arguments'} (${HINT})`);
    });

  let output = '';
  const parsed = await new Promise<Record<string, unknown>>((resolve, reject) => {
    void parser.parse(prepared, {}, (err: Error | undefined, a: Record<string, unknown>, out: string) => {
      output = out;
      if (err) reject(err instanceof HeaplintError ? err : new HeaplintError(`${err.message} (${HINT})`));
      else resolve(a);
    });
  });
  if (command === null) return { kind: 'output', text: output.endsWith('\n') ? output : `${output}\n` };
  return {
    kind: 'run',
    args: {
      // The default command's handler ran (asDefaultCommand), standing in for the one named.
      command: named ?? command,
      packages: [...stringList(parsed.packages), ...afterDashes],
      dir: optionalString(parsed.dir),
      fromLog: optionalString(parsed.fromLog),
      tags: optionalString(parsed.tags),
      gcflags: optionalString(parsed.gcflags),
      repoRoot: optionalString(parsed.repoRoot),
      format: stringList(parsed.format),
      color: typeof parsed.color === 'boolean' ? parsed.color : undefined,
      quiet: parsed.quiet === true,
      goVersion: optionalString(parsed.goVersion),
      category: optionalString(parsed.category),
      config: optionalString(parsed.config),
      failLevel: optionalString(parsed.failLevel),
      baseline: optionalString(parsed.baseline),
      writeBaseline: optionalString(parsed.writeBaseline),
      newFromRev: optionalString(parsed.newFromRev),
      newFromMergeBase: optionalString(parsed.newFromMergeBase),
      changed: parsed.changed === true,
      includeSuppressed: parsed.includeSuppressed === true,
      tests: typeof parsed.tests === 'boolean' ? parsed.tests : undefined,
      cache: parsed.cache !== false,
    },
  };
}
