/**
 * `heaplint COMMAND ARGS` runs as the default command (yargs would render the whole help text
 * first for any other): the same command and arguments, and the same help and version output.
 */
import { parseCommandLine } from '../../src/cli/args.js';

async function brief(argv: string[]): Promise<string> {
  const r = await parseCommandLine(argv, '9.9.9');
  return r.kind === 'output' ? `output: ${r.text.split('\n')[0] ?? ''}` : `${r.args.command} [${r.args.packages.join(' ')}] quiet=${String(r.args.quiet)}`;
}

test.each([
  [['lint', './...', '--quiet'], 'lint [./...] quiet=true'],
  [['./...', '--quiet'], 'lint [./...] quiet=true'],
  [['lint'], 'lint [] quiet=false'],
  // The word after `lint` is a package, never another command.
  [['lint', 'parse'], 'lint [parse] quiet=false'],
  [['lint', 'baseline', './x'], 'lint [baseline ./x] quiet=false'],
  [['lint', 'lint'], 'lint [lint] quiet=false'],
  [['lint', '--', 'baseline'], 'lint [baseline] quiet=false'],
  [['parse', './...'], 'parse [./...] quiet=false'],
  [['parse', '--from-log', 'b.log', '--quiet'], 'parse [] quiet=true'],
  [['baseline'], 'baseline [] quiet=false'],
  [['baseline', './a', './b', '--quiet'], 'baseline [./a ./b] quiet=true'],
  // The word after parse or baseline is a package too.
  [['parse', 'lint'], 'parse [lint] quiet=false'],
  [['parse', 'parse', './x'], 'parse [parse ./x] quiet=false'],
  [['baseline', 'parse'], 'baseline [parse] quiet=false'],
  [['parse', '--', 'lint'], 'parse [lint] quiet=false'],
  [['baseline', '--', '--quiet'], 'baseline [--quiet] quiet=false'],
  // Help and version, with or without the command word.
  [['lint', '--help'], 'output: heaplint lint [packages..]'],
  [['lint', '-h'], 'output: heaplint lint [packages..]'],
  [['--help'], 'output: heaplint [lint] [packages..]'],
  [['lint', '--version'], 'output: 9.9.9'],
  [['parse', '--help'], 'output: heaplint parse [packages..]'],
  [['baseline', '-h'], 'output: heaplint baseline [packages..]'],
  [['parse', '--version'], 'output: 9.9.9'],
  // After `--` it is a package pattern, not a request for help.
  [['parse', '--', '--help'], 'parse [--help] quiet=false'],
])('%j → %s', async (argv, expected) => {
  expect(await brief(argv)).toBe(expected);
});

test.each([[['lint', '--nope']], [['--nope']], [['parse', '--nope']], [['baseline', '--from-log', 'x', '--nope']]])('an unknown flag in %j is the same one-line error', async (argv) => {
  await expect(parseCommandLine(argv, '0')).rejects.toThrow('Unknown argument: nope (run heaplint --help for usage)');
});
