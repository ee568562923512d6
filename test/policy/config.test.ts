import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeaplintError } from '../../src/errors.js';
import {
  defaultConfig,
  findConfigFile,
  isRuleEnabled,
  loadConfig,
  parseConfig,
  resolveBaselinePath,
  withOverrides,
} from '../../src/policy/config.js';
import { allKnownRuleIds } from '../../src/policy/rule-ids.js';

const KNOWN = allKnownRuleIds();

function errorOf(fn: () => unknown): { message: string; exitCode: number } {
  try {
    fn();
  } catch (error) {
    if (error instanceof HeaplintError) return { message: error.message, exitCode: error.exitCode };
    throw error;
  }
  throw new Error('expected a HeaplintError');
}

function yamlError(text: string): string {
  const { message, exitCode } = errorOf(() => parseConfig(text, '.heaplint.yml', KNOWN));
  expect(exitCode).toBe(2);
  return message;
}

describe('parseConfig: valid files', () => {
  test('empty file gives the defaults', () => {
    expect(parseConfig('', '.heaplint.yml', KNOWN)).toEqual(defaultConfig());
    expect(defaultConfig()).toEqual({
      rules: {},
      include: [],
      exclude: [],
      packages: ['./...'],
      tags: [],
      gcflags: [],
      failLevel: 'warning',
      baseline: null,
      tests: false,
    });
  });

  test('every key in YAML', () => {
    const text = [
      '# yaml-language-server: $schema=./schema/heaplint-config.schema.json',
      'version: 1',
      'rules:',
      '  interface-boxing: off',
      '  closure-capture: error',
      '  leaking-param: { enabled: true, level: note }',
      '  unclassified-escape: true',
      '  append-growth:',
      '    level: warning',
      'include: ["internal/**", "cmd/*/main.go"]',
      'exclude:',
      '  - "**/*_test.go"',
      '  - gen/',
      'packages: [./..., example.com/x/...]',
      'tags: [integration, go1.22]',
      'gcflags: [-l]',
      'fail-level: error',
      'baseline: .heaplint-baseline.json',
      'tests: true',
      '',
    ].join('\n');
    expect(parseConfig(text, '.heaplint.yml', KNOWN)).toEqual({
      rules: {
        'interface-boxing': { enabled: false },
        'closure-capture': { enabled: true, level: 'error' },
        'leaking-param': { enabled: true, level: 'note' },
        'unclassified-escape': { enabled: true },
        'append-growth': { level: 'warning' },
      },
      include: ['internal/**', 'cmd/*/main.go'],
      exclude: ['**/*_test.go', 'gen/'],
      packages: ['./...', 'example.com/x/...'],
      tags: ['integration', 'go1.22'],
      gcflags: ['-l'],
      failLevel: 'error',
      baseline: '.heaplint-baseline.json',
      tests: true,
    });
  });

  test('JSON with $schema and null baseline', () => {
    const text = JSON.stringify({ $schema: './schema/heaplint-config.schema.json', 'fail-level': 'none', baseline: null });
    expect(parseConfig(text, '.heaplint.json', KNOWN)).toEqual({ ...defaultConfig(), failLevel: 'none', baseline: null });
  });
});

describe('parseConfig: errors name the file and the key', () => {
  test.each([
    ['rules:\n  interface-boxng: off\n', '.heaplint.yml: rules.interface-boxng: unknown rule (did you mean interface-boxing?)'],
    ['rules:\n  no-such-thing: off\n', '.heaplint.yml: rules.no-such-thing: unknown rule'],
    ['rules: [interface-boxing]\n', '.heaplint.yml: rules: must be a mapping of rule ids to settings, got a list'],
    ['rules:\n  interface-boxing: warn\n', '.heaplint.yml: rules.interface-boxing: must be one of off, error, warning, note or a mapping with enabled/level, got "warn"'],
    ['rules:\n  interface-boxing: 3\n', '.heaplint.yml: rules.interface-boxing: must be one of off, error, warning, note, true, false or a mapping with enabled/level, got 3'],
    ['rules:\n  interface-boxing: { levl: note }\n', '.heaplint.yml: rules.interface-boxing.levl: unknown key (did you mean level?)'],
    ['rules:\n  interface-boxing: { level: eror }\n', '.heaplint.yml: rules.interface-boxing.level: must be one of error, warning, note, got "eror" (did you mean error?)'],
    ['rules:\n  interface-boxing: { enabled: "yes" }\n', '.heaplint.yml: rules.interface-boxing.enabled: must be true or false, got "yes"'],
    ['include: "internal/**"\n', '.heaplint.yml: include: must be a list of strings, got "internal/**"'],
    ['exclude: [1]\n', '.heaplint.yml: exclude[0]: must be a string, got 1'],
    ['exclude: ["/abs/path"]\n', '.heaplint.yml: exclude[0]: must be relative to the repository root ("/abs/path")'],
    ['exclude: ["a/{b,c"]\n', '.heaplint.yml: exclude[0]: unbalanced braces ("a/{b,c")'],
    ['exclude: [""]\n', '.heaplint.yml: exclude[0]: must not be empty'],
    ['packages: []\n', '.heaplint.yml: packages: must name at least one package pattern (default ./...)'],
    ['packages: ["-toolexec=x"]\n', '.heaplint.yml: packages[0]: a package pattern cannot start with "-" ("-toolexec=x")'],
    ['tags: ["a,b"]\n', '.heaplint.yml: tags[0]: a build tag is letters, digits, "_" and "." ("a,b")'],
    ['tags: {a: 1}\n', '.heaplint.yml: tags: must be a list of strings, got a mapping'],
    ['gcflags: ["-m=2"]\n', '.heaplint.yml: gcflags[0]: heaplint passes -m=2 itself; remove it ("-m=2")'],
    ['fail-level: warn\n', '.heaplint.yml: fail-level: must be one of error, warning, note, none, got "warn"'],
    ['fail-level: nonee\n', '.heaplint.yml: fail-level: must be one of error, warning, note, none, got "nonee" (did you mean none?)'],
    ['baseline: 3\n', '.heaplint.yml: baseline: must be a file path or null, got 3'],
    ['baseline: ""\n', '.heaplint.yml: baseline: must be a file path or null, got ""'],
    ['tests: yes\n', '.heaplint.yml: tests: must be true or false, got "yes"'],
    ['version: 2\n', '.heaplint.yml: version: must be 1, got 2'],
    ['failLevel: error\n', '.heaplint.yml: failLevel: unknown key (did you mean fail-level?)'],
    ['colour: true\n', '.heaplint.yml: colour: unknown key'],
    ['- a\n- b\n', '.heaplint.yml: the configuration must be a mapping of keys to values, got a list'],
  ])('%j', (text, message) => {
    expect(yamlError(text)).toBe(message);
  });

  test('YAML syntax errors carry line and column', () => {
    expect(yamlError('rules:\n  interface-boxing: off\ninclude: [a, b\nexclude: []\n')).toBe(
      '.heaplint.yml:4:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    expect(yamlError('tests: true\ntests: false\n')).toBe('.heaplint.yml:2:1: YAML syntax error: Map keys must be unique');
  });

  test('JSON syntax errors carry line and column', () => {
    const { message } = errorOf(() => parseConfig('{\n  "tests": true,\n}\n', 'sub/.heaplint.json', KNOWN));
    expect(message).toBe('sub/.heaplint.json:3:1: JSON syntax error: Expected double-quoted property name');
  });
});

describe('overrides and rule state', () => {
  test('withOverrides keeps file values for undefined and merges rules', () => {
    const base = parseConfig('fail-level: error\nrules:\n  interface-boxing: { level: note }\n', 'c.yml', KNOWN);
    const merged = withOverrides(base, { failLevel: undefined, baseline: 'b.json', rules: { 'interface-boxing': { enabled: false } } });
    expect(merged).toEqual({
      ...defaultConfig(),
      failLevel: 'error',
      baseline: 'b.json',
      rules: { 'interface-boxing': { level: 'note', enabled: false } },
    });
    expect(base.rules).toEqual({ 'interface-boxing': { level: 'note' } });
  });

  test('isRuleEnabled falls back to the rule default', () => {
    const config = parseConfig('rules:\n  closure-capture: off\n  unclassified-escape: note\n', 'c.yml', KNOWN);
    expect(isRuleEnabled(config, 'closure-capture')).toBe(false);
    expect(isRuleEnabled(config, 'unclassified-escape', false)).toBe(true);
    expect(isRuleEnabled(config, 'leaking-param', false)).toBe(false);
    expect(isRuleEnabled(config, 'interface-boxing')).toBe(true);
  });
});

describe('loadConfig: file lookup', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'heaplint-config-'));
    mkdirSync(path.join(root, 'repo', 'svc', 'api'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('nearest file from cwd up to the repo root; relative display path; baseline relative to the file', async () => {
    const repo = path.join(root, 'repo');
    writeFileSync(path.join(repo, '.heaplint.yml'), 'fail-level: error\nbaseline: ci/baseline.json\n');
    const loaded = await loadConfig({ cwd: path.join(repo, 'svc', 'api'), repoRoot: repo, knownRuleIds: KNOWN });
    expect(loaded.path).toBe('../../.heaplint.yml');
    expect(loaded.config.failLevel).toBe('error');
    expect(loaded.baseDir).toBe(repo);
    expect(resolveBaselinePath(loaded)).toBe(path.join(repo, 'ci', 'baseline.json'));

    writeFileSync(path.join(repo, 'svc', '.heaplint.json'), '{"tests": true}');
    const nearer = await loadConfig({ cwd: path.join(repo, 'svc', 'api'), repoRoot: repo, knownRuleIds: KNOWN });
    expect([nearer.path, nearer.config.tests, nearer.config.failLevel]).toEqual(['../.heaplint.json', true, 'warning']);
  });

  test('the search stops at the repo root', async () => {
    writeFileSync(path.join(root, '.heaplint.yml'), 'tests: true\n');
    const repo = path.join(root, 'repo');
    expect(findConfigFile(path.join(repo, 'svc'), repo)).toBeNull();
    const loaded = await loadConfig({ cwd: path.join(repo, 'svc'), repoRoot: repo, knownRuleIds: KNOWN });
    expect(loaded).toEqual({ config: defaultConfig(), path: null, baseDir: path.join(repo, 'svc') });
  });

  test('--config names a file directly; a missing one is an error', async () => {
    const repo = path.join(root, 'repo');
    writeFileSync(path.join(repo, 'custom.yaml'), 'tags: [e2e]\n');
    const loaded = await loadConfig({ cwd: repo, repoRoot: repo, explicitPath: 'custom.yaml', knownRuleIds: KNOWN });
    expect([loaded.path, loaded.config.tags]).toEqual(['custom.yaml', ['e2e']]);
    await expect(loadConfig({ cwd: repo, repoRoot: repo, explicitPath: 'nope.yml', knownRuleIds: KNOWN })).rejects.toThrow(
      new HeaplintError('--config nope.yml: file not found'),
    );
  });

  test('two config files in one directory are ambiguous', () => {
    const repo = path.join(root, 'repo');
    writeFileSync(path.join(repo, '.heaplint.yml'), '');
    writeFileSync(path.join(repo, '.heaplint.json'), '{}');
    expect(errorOf(() => findConfigFile(repo, repo)).message).toBe(
      '.heaplint.yml and .heaplint.json: more than one config file in one directory; keep one',
    );
  });

  test('errors from a found file use its display path', async () => {
    const repo = path.join(root, 'repo');
    writeFileSync(path.join(repo, '.heaplint.yml'), 'rules:\n  interface-boxng: off\n');
    await expect(loadConfig({ cwd: path.join(repo, 'svc'), repoRoot: repo, knownRuleIds: KNOWN })).rejects.toThrow(
      '../.heaplint.yml: rules.interface-boxng: unknown rule (did you mean interface-boxing?)',
    );
  });
});
