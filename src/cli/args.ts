/**
 * Command line → typed arguments, with yargs. Help and version text come back as output
 * (never printed by yargs itself), and every usage error becomes one `HeaplintError` line.
 */
import yargs from 'yargs';
import { HeaplintError } from '../errors.js';

export type CommandName = 'lint' | 'parse';

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
}

export type ParsedCommandLine = { kind: 'run'; args: CliArgs } | { kind: 'output'; text: string };

const HINT = 'run heaplint --help for usage';

const EPILOG = `Exit codes: 0 no findings at warning level or above, 1 findings, 2 usage, build or input error.`;

/** A repeated single-valued option arrives as an array: the last one wins. */
function optionalString(v: unknown): string | undefined {
  const last: unknown = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last : undefined;
}

function stringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return typeof v === 'string' ? [v] : [];
}

export async function parseCommandLine(argv: readonly string[], version: string): Promise<ParsedCommandLine> {
  let command: CommandName | null = null;
  const parser = yargs([...argv])
    .scriptName('heaplint')
    .usage('$0 [lint] [packages..]\n\nRuns go build -gcflags=-m=2 and reports heap allocations by cause.')
    .command(
      ['lint [packages..]', '$0 [packages..]'],
      'Build the packages (default ./...) and report heap escapes',
      (y) => y.positional('packages', { type: 'string', array: true, describe: 'Go package patterns' }),
      () => {
        command = 'lint';
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
    .options({
      dir: { type: 'string', requiresArg: true, describe: 'Directory to run go build in (default: current directory)' },
      'from-log': { type: 'string', requiresArg: true, describe: 'Read saved go build -gcflags=-m=2 output from FILE (- for stdin) instead of building' },
      tags: { type: 'string', requiresArg: true, describe: 'Build tags, passed to go as -tags' },
      gcflags: { type: 'string', requiresArg: true, describe: 'Extra compiler flags added after -m=2 (e.g. "-l")' },
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
      'go-version': { type: 'string', requiresArg: true, describe: 'Go version that wrote a --from-log file, e.g. 1.25' },
      category: { type: 'string', requiresArg: true, describe: 'SARIF category (automationDetails.id) for several analyses of one repository' },
    })
    .example('$0', 'lint ./... in the current module')
    .example('$0 ./cmd/... --format sarif=heaplint.sarif', 'write SARIF for code scanning')
    .example('$0 --format text --format json=report.json', 'text on stdout and a JSON report')
    .example('$0 --from-log build.log', 'lint saved output of go build -gcflags=-m=2 ./... 2> build.log')
    .example('$0 parse --from-log build.log', 'JSON Lines records of a saved log')
    .epilog(EPILOG)
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .wrap(100)
    .exitProcess(false)
    .fail((msg: string | null, err: Error | null) => {
      throw new HeaplintError(`${msg ?? err?.message ?? 'invalid arguments'} (${HINT})`);
    });

  let output = '';
  const parsed = await new Promise<Record<string, unknown>>((resolve, reject) => {
    void parser.parse([...argv], {}, (err: Error | undefined, a: Record<string, unknown>, out: string) => {
      output = out;
      if (err) reject(err instanceof HeaplintError ? err : new HeaplintError(`${err.message} (${HINT})`));
      else resolve(a);
    });
  });
  if (command === null) return { kind: 'output', text: output.endsWith('\n') ? output : `${output}\n` };
  return {
    kind: 'run',
    args: {
      command,
      packages: stringList(parsed.packages),
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
    },
  };
}
