/** The flags the policy library, the GitHub Action and the pre-commit hook rely on exist in the real CLI. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTIONS, OPTION_FLAGS } from '../../src/cli/args.js';
import { CLI_COMMANDS, CLI_FLAGS, OTHER_CLI_FLAGS, POLICY_CLI_FLAGS } from '../../src/policy/cli-flags.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Options that are the CLI's own business (not in the policy stage's list). */
const CLI_ONLY = ['--cache', '--color', '--dir', '--from-log', '--gcflags', '--go-version', '--quiet', '--repo-root', '--tests'];

function flagsIn(text: string): string[] {
  return [...new Set(text.match(/(?<![\w-])--[a-z][a-z-]+/g) ?? [])].sort();
}

describe('CLI_FLAGS and the yargs options', () => {
  it('every listed flag is a CLI option, and every CLI option is listed or CLI-only', () => {
    expect(CLI_FLAGS.filter((f) => !OPTION_FLAGS.includes(f))).toEqual([]);
    expect(OPTION_FLAGS.filter((f) => !CLI_FLAGS.includes(f) && !CLI_ONLY.includes(f))).toEqual([]);
    expect([...CLI_FLAGS, ...CLI_ONLY].sort()).toEqual(OPTION_FLAGS);
  });

  it('value flags take a value and boolean flags are booleans', () => {
    const options = OPTIONS as Record<string, { type: string }>;
    for (const f of [...POLICY_CLI_FLAGS, ...OTHER_CLI_FLAGS]) {
      expect([f.flag, options[f.flag.slice(2)]?.type]).toEqual([f.flag, f.type === 'boolean' ? 'boolean' : 'string']);
    }
  });

  it('the commands exist', async () => {
    const { parseCommandLine } = await import('../../src/cli/args.js');
    for (const command of CLI_COMMANDS) {
      const parsed = await parseCommandLine([command, '--from-log', 'x.log'], '0');
      expect(parsed.kind === 'run' ? parsed.args.command : null).toBe(command);
    }
  });
});

describe('values yargs would misread', () => {
  it('--gcflags takes a value with one dash, not the next flag; patterns after -- are patterns', async () => {
    const { parseCommandLine } = await import('../../src/cli/args.js');
    const args = async (argv: string[]) => {
      const parsed = await parseCommandLine(argv, '0');
      return parsed.kind === 'run' ? { gcflags: parsed.args.gcflags, packages: parsed.args.packages, dir: parsed.args.dir } : null;
    };
    expect(await args(['--gcflags', '-l -N', '--dir', 'd', '--', '-odd', './x'])).toEqual({ gcflags: '-l -N', packages: ['-odd', './x'], dir: 'd' });
    expect(await args(['lint', './a', '--', './b'])).toEqual({ gcflags: undefined, packages: ['./a', './b'], dir: undefined });
    await expect(parseCommandLine(['--gcflags', '--dir', 'x'], '0')).rejects.toThrow('Not enough arguments following: gcflags');
    await expect(parseCommandLine(['--quiet=maybe'], '0')).rejects.toThrow('--quiet takes no value, or true or false (got "maybe")');
    expect(await parseCommandLine(['--quiet=false', '--from-log', 'x.log'], '0')).toMatchObject({ kind: 'run', args: { quiet: false } });
  });
});

describe('action.yml and .pre-commit-hooks.yaml', () => {
  it('use only flags the CLI has', () => {
    const action = fs.readFileSync(path.join(root, 'action.yml'), 'utf8');
    const hook = fs.readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8');
    const runLine = action.split('\n').find((l) => l.includes('node "$HEAPLINT_BIN"')) ?? '';
    expect(flagsIn(runLine)).toEqual(['--fail-level', '--format']);
    const entry = hook.split('\n').find((l) => l.trim().startsWith('entry:')) ?? '';
    expect(flagsIn(entry)).toEqual(['--changed', '--fail-level']);
    for (const f of [...flagsIn(runLine), ...flagsIn(entry)]) expect(OPTION_FLAGS).toContain(f);
  });
});
