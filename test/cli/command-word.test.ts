/**
 * `heaplint lint ARGS` runs as the default command (yargs would render the whole help text
 * first): the same arguments, and the same help and version output as before.
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
  [['baseline'], 'baseline [] quiet=false'],
  // Help and version, with or without the command word.
  [['lint', '--help'], 'output: heaplint lint [packages..]'],
  [['lint', '-h'], 'output: heaplint lint [packages..]'],
  [['--help'], 'output: heaplint [lint] [packages..]'],
  [['lint', '--version'], 'output: 9.9.9'],
])('%j → %s', async (argv, expected) => {
  expect(await brief(argv)).toBe(expected);
});

test('an unknown flag after lint is the same one-line error', async () => {
  await expect(parseCommandLine(['lint', '--nope'], '0')).rejects.toThrow('Unknown argument: nope (run heaplint --help for usage)');
  await expect(parseCommandLine(['--nope'], '0')).rejects.toThrow('Unknown argument: nope (run heaplint --help for usage)');
});
