import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { CLI_COMMANDS, CLI_FLAGS } from '../../src/policy/cli-flags.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface ActionFile {
  name: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

/** Flags a command line passes to heaplint (`--x` or `--x=value`), in order. */
function flagsOf(tokens: string[]): string[] {
  return tokens.filter((t) => t.startsWith('--')).map((t) => t.replace(/=.*$/, ''));
}

function shellWords(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

describe('action.yml', () => {
  const action = parse(read('action.yml')) as ActionFile;

  test('is a composite action with the documented inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['packages', 'format', 'category', 'fail-level', 'working-directory', 'upload-sarif']);
    expect(Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]))).toEqual({
      packages: './...',
      format: 'github',
      category: '',
      'fail-level': 'warning',
      'working-directory': '.',
      'upload-sarif': 'true',
    });
    expect(Object.keys(action.outputs)).toEqual(['sarif-file', 'exit-code']);
    expect(action.runs.steps.map((s) => s.uses ?? s.name)).toEqual([
      'actions/setup-node@v4',
      'Build heaplint',
      'Run heaplint',
      'github/codeql-action/upload-sarif@v4',
      'Fail on findings or errors',
    ]);
  });

  test('builds from the action path and runs the built CLI with flags the CLI supports', () => {
    const [, build, run] = action.runs.steps as [Step, Step, Step];
    expect(build['working-directory']).toBe('${{ github.action_path }}');
    expect(build.run!.trim().split('\n')).toEqual(['npm ci --ignore-scripts --no-audit --no-fund', 'npm run build']);
    expect(run.env!.HEAPLINT_BIN).toBe('${{ github.action_path }}/dist/heaplint.js');
    const invocation = run.run!.split('\n').find((l) => l.startsWith('node '))!;
    const words = shellWords(invocation);
    expect(words.slice(0, 3)).toEqual(['node', '$HEAPLINT_BIN', 'lint']);
    expect(CLI_COMMANDS).toContain(words[2]);
    expect(flagsOf(words)).toEqual(['--fail-level', '--format', '--format']);
    for (const flag of flagsOf(words)) expect(CLI_FLAGS).toContain(flag);
    expect(words).toContain('sarif=$HEAPLINT_SARIF');
  });

  test('inputs reach scripts only through env, and every referenced input exists', () => {
    const text = read('action.yml');
    for (const step of action.runs.steps) expect(step.run ?? '').not.toMatch(/\$\{\{/);
    const referenced = [...text.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]!);
    for (const name of referenced) expect(Object.keys(action.inputs)).toContain(name);
  });

  test('uploads the SARIF file heaplint wrote, with the category input', () => {
    const upload = action.runs.steps[3]!;
    expect(upload.with).toEqual({ sarif_file: '${{ steps.heaplint.outputs.sarif-file }}', category: '${{ inputs.category }}' });
    expect(upload.if).toContain('always()');
  });
});

describe('action.yml run script, executed with a stub heaplint', () => {
  const action = parse(read('action.yml')) as ActionFile;
  const run = action.runs.steps[2]!;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'heaplint-action-'));
    writeFileSync(path.join(dir, 'stub.js'), 'console.log(JSON.stringify(process.argv.slice(2))); process.exit(1);\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('splits packages on spaces and newlines, records the exit code and SARIF path', async () => {
    const output = path.join(dir, 'github-output');
    writeFileSync(output, '');
    const result = await execa('bash', ['-e', '-c', run.run!], {
      cwd: dir,
      reject: false,
      env: {
        HEAPLINT_BIN: path.join(dir, 'stub.js'),
        HEAPLINT_PACKAGES: './cmd/... ./internal/...\n./pkg/x',
        HEAPLINT_FORMAT: 'github',
        HEAPLINT_FAIL_LEVEL: 'error',
        HEAPLINT_SARIF: '/tmp/r/heaplint.sarif',
        GITHUB_OUTPUT: output,
      },
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      'lint', '--fail-level', 'error', '--format', 'sarif=/tmp/r/heaplint.sarif', '--format', 'github',
      './cmd/...', './internal/...', './pkg/x',
    ]);
    expect(readFileSync(output, 'utf8')).toBe('sarif-file=/tmp/r/heaplint.sarif\nexit-code=1\n');
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(read('.pre-commit-hooks.yaml')) as Record<string, unknown>[];

  test('one node hook over Go files that does not take file names', () => {
    expect(hooks).toEqual([
      {
        id: 'heaplint',
        name: 'heaplint',
        description: 'Report heap allocations by cause in the Go packages you changed.',
        entry: 'heaplint --changed --fail-level warning',
        language: 'node',
        pass_filenames: false,
        types: ['go'],
        require_serial: true,
        minimum_pre_commit_version: '3.0.0',
      },
    ]);
  });

  test('its entry uses only flags the CLI supports', () => {
    const words = shellWords(hooks[0]!.entry as string);
    expect(words[0]).toBe('heaplint');
    expect(flagsOf(words)).toEqual(['--changed', '--fail-level']);
    for (const flag of flagsOf(words)) expect(CLI_FLAGS).toContain(flag);
  });

  test('the package bin the hook calls exists', () => {
    const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string> };
    expect(pkg.bin.heaplint).toBe('dist/heaplint.js');
  });
});
