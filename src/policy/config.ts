/**
 * The configuration file (`.heaplint.yml`, `.heaplint.yaml` or `.heaplint.json`): parsing and
 * validation are pure (`parseConfig`); finding and reading the file is the edge (`loadConfig`).
 * Validation is written by hand so every message names the file and the key path in one line;
 * `schema/heaplint-config.schema.json` describes the same structure for editors, and a test
 * keeps the two in agreement.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Yaml from 'yaml';
import { fsReason, HeaplintError } from '../errors.js';
import { LEVELS, type Level } from '../findings/finding.js';
import { didYouMean } from './did-you-mean.js';
import { globProblem } from './glob.js';
import { withoutByteOrderMark } from './text-file.js';

export type FailLevel = Level | 'none';

export const FAIL_LEVELS: readonly FailLevel[] = ['error', 'warning', 'note', 'none'];

export interface RuleSetting {
  enabled?: boolean;
  level?: Level;
}

export interface HeaplintConfig {
  /** Per-rule overrides, keyed by rule id; rules not named keep their defaults. */
  rules: Record<string, RuleSetting>;
  /** Repo-relative path globs; when non-empty, only findings in matching files are reported. */
  include: string[];
  /** Repo-relative path globs whose findings are dropped. */
  exclude: string[];
  /** Go package patterns to build. */
  packages: string[];
  /** Build tags, passed as `-tags a,b`. */
  tags: string[];
  /** Extra compiler flags, added after heaplint's own `-m=2`. */
  gcflags: string[];
  failLevel: FailLevel;
  /** Baseline file, relative to the config file's directory (or the cwd for a flag), or null. */
  baseline: string | null;
  /** Also build test variants (`p [p.test]`, `p_test`). */
  tests: boolean;
}

export const CONFIG_FILE_NAMES: readonly string[] = ['.heaplint.yml', '.heaplint.yaml', '.heaplint.json'];

/** The keys a config file may use, as written in the file. */
export const CONFIG_KEYS: readonly string[] = [
  '$schema',
  'baseline',
  'exclude',
  'fail-level',
  'gcflags',
  'include',
  'packages',
  'rules',
  'tags',
  'tests',
  'version',
];

const RULE_SETTING_KEYS: readonly string[] = ['enabled', 'level'];
const RULE_SHORTHANDS: readonly string[] = ['off', ...LEVELS];

export function defaultConfig(): HeaplintConfig {
  return {
    rules: {},
    include: [],
    exclude: [],
    packages: ['./...'],
    tags: [],
    gcflags: [],
    failLevel: 'warning',
    baseline: null,
    tests: false,
  };
}

/** Replace fields with the values a caller set (flags win over the file); undefined keeps the file's. */
export function withOverrides(config: HeaplintConfig, overrides: Partial<HeaplintConfig>): HeaplintConfig {
  const merged: HeaplintConfig = { ...config, rules: { ...config.rules } };
  for (const [key, value] of Object.entries(overrides) as [keyof HeaplintConfig, unknown][]) {
    if (value === undefined) continue;
    if (key === 'rules') {
      for (const [id, setting] of Object.entries(value as Record<string, RuleSetting>)) {
        merged.rules[id] = { ...merged.rules[id], ...setting };
      }
    } else {
      (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/** Whether a rule is on, given the config and the rule's own default. */
export function isRuleEnabled(config: HeaplintConfig, ruleId: string, enabledByDefault = true): boolean {
  return config.rules[ruleId]?.enabled ?? enabledByDefault;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/**
 * The YAML library, loaded on first use: most runs have no YAML configuration, and loading it
 * costs about 40 ms of start-up. (Its CommonJS entry point, so that parsing stays synchronous.)
 */
let yamlModule: typeof Yaml | null = null;
function loadYaml(): typeof Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlModule;
}

/** The file's raw data, or a one-line syntax error with its position. */
function parseData(raw: string, fileName: string): unknown {
  // The YAML parser skips a byte order mark too.
  const text = withoutByteOrderMark(raw);
  if (fileName.toLowerCase().endsWith('.json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const position = /at position (\d+)/.exec(message);
      if (position) {
        const { line, column } = lineColumnAt(text, Number(position[1]));
        const what = message.replace(/ in JSON at position \d+.*$/s, '');
        throw new HeaplintError(`${fileName}:${line}:${column}: JSON syntax error: ${what}`);
      }
      throw new HeaplintError(`${fileName}: JSON syntax error: ${message.split('\n')[0]}`);
    }
  }
  // logLevel 'error': the library's warnings would go to the process's warning channel (stderr).
  const doc = loadYaml().parseDocument(text, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const first = doc.errors[0];
  if (first) {
    const { line, column } = lineColumnAt(text, first.pos[0]);
    throw new HeaplintError(`${fileName}:${line}:${column}: YAML syntax error: ${first.message.split('\n')[0]}`);
  }
  try {
    return doc.toJS() as unknown;
  } catch (error) {
    // What the document is rejected for when it becomes data (too many alias expansions, say).
    throw new HeaplintError(`${fileName}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

class Validator {
  constructor(private readonly fileName: string) {}

  fail(key: string, message: string): never {
    throw new HeaplintError(`${this.fileName}: ${key}: ${message}`);
  }

  stringList(key: string, value: unknown, check?: (item: string) => string | null): string[] {
    if (!Array.isArray(value)) this.fail(key, `must be a list of strings, got ${describe(value)}`);
    return value.map((item, index) => {
      if (typeof item !== 'string') this.fail(`${key}[${index}]`, `must be a string, got ${describe(item)}`);
      if (item.trim() === '') this.fail(`${key}[${index}]`, 'must not be empty');
      const problem = check?.(item) ?? null;
      if (problem !== null) this.fail(`${key}[${index}]`, `${problem} (${JSON.stringify(item)})`);
      return item;
    });
  }

  oneOf<T extends string>(key: string, value: unknown, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(key, `must be one of ${allowed.join(', ')}, got ${describe(value)}${typeof value === 'string' ? didYouMean(value, allowed) : ''}`);
    }
    return value as T;
  }

  boolean(key: string, value: unknown): boolean {
    if (typeof value !== 'boolean') this.fail(key, `must be true or false, got ${describe(value)}`);
    return value;
  }

  ruleSetting(key: string, value: unknown): RuleSetting {
    if (typeof value === 'string') {
      if (value === 'off') return { enabled: false };
      if ((LEVELS as readonly string[]).includes(value)) return { enabled: true, level: value as Level };
      this.fail(key, `must be one of ${RULE_SHORTHANDS.join(', ')} or a mapping with enabled/level, got ${describe(value)}${didYouMean(value, RULE_SHORTHANDS)}`);
    }
    if (typeof value === 'boolean') return { enabled: value };
    if (!isMapping(value)) {
      this.fail(key, `must be one of ${RULE_SHORTHANDS.join(', ')}, true, false or a mapping with enabled/level, got ${describe(value)}`);
    }
    const setting: RuleSetting = {};
    for (const [name, item] of Object.entries(value)) {
      if (name === 'enabled') {
        setting.enabled = this.boolean(`${key}.enabled`, item);
      } else if (name === 'level') {
        setting.level = this.oneOf(`${key}.level`, item, LEVELS);
      } else {
        this.fail(`${key}.${name}`, `unknown key${didYouMean(name, RULE_SETTING_KEYS)}`);
      }
    }
    return setting;
  }
}

function packageProblem(item: string): string | null {
  return item.startsWith('-') ? 'a package pattern cannot start with "-"' : null;
}

function tagProblem(item: string): string | null {
  return /^[A-Za-z0-9_.]+$/.test(item) ? null : 'a build tag is letters, digits, "_" and "."';
}

/** Also checks `--gcflags`: a second -m would raise the output to -m=3. */
export function gcflagProblem(item: string): string | null {
  return /^-m($|=|\s)/.test(item) ? 'heaplint passes -m=2 itself; remove it' : null;
}

/**
 * Parse and validate a config file's text. `fileName` is only used in messages (pass the path as
 * the user would recognise it) and to tell JSON from YAML. Throws HeaplintError (exit code 2).
 */
export function parseConfig(text: string, fileName: string, knownRuleIds: readonly string[]): HeaplintConfig {
  const data = parseData(text, fileName);
  const config = defaultConfig();
  if (data === null || data === undefined) return config;
  if (!isMapping(data)) {
    throw new HeaplintError(`${fileName}: the configuration must be a mapping of keys to values, got ${describe(data)}`);
  }
  const v: Validator = new Validator(fileName);
  for (const [key, value] of Object.entries(data)) {
    switch (key) {
      case '$schema':
        if (typeof value !== 'string') v.fail(key, `must be a string, got ${describe(value)}`);
        break;
      case 'version':
        if (value !== 1) v.fail(key, `must be 1, got ${describe(value)}`);
        break;
      case 'rules':
        if (!isMapping(value)) v.fail(key, `must be a mapping of rule ids to settings, got ${describe(value)}`);
        for (const [id, setting] of Object.entries(value)) {
          if (!knownRuleIds.includes(id)) v.fail(`rules.${id}`, `unknown rule${didYouMean(id, knownRuleIds)}`);
          config.rules[id] = v.ruleSetting(`rules.${id}`, setting);
        }
        break;
      case 'include':
        config.include = v.stringList(key, value, globProblem);
        break;
      case 'exclude':
        config.exclude = v.stringList(key, value, globProblem);
        break;
      case 'packages':
        config.packages = v.stringList(key, value, packageProblem);
        if (config.packages.length === 0) v.fail(key, 'must name at least one package pattern (default ./...)');
        break;
      case 'tags':
        config.tags = v.stringList(key, value, tagProblem);
        break;
      case 'gcflags':
        config.gcflags = v.stringList(key, value, gcflagProblem);
        break;
      case 'fail-level':
        config.failLevel = v.oneOf(key, value, FAIL_LEVELS);
        break;
      case 'baseline':
        if (value !== null && (typeof value !== 'string' || value.trim() === '')) {
          v.fail(key, `must be a file path or null, got ${describe(value)}`);
        }
        config.baseline = value;
        break;
      case 'tests':
        config.tests = v.boolean(key, value);
        break;
      default:
        v.fail(key, `unknown key${didYouMean(key, CONFIG_KEYS)}`);
    }
  }
  return config;
}

function toDisplayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return (relative === '' ? path.basename(file) : relative).split(path.sep).join('/');
}

/**
 * The config file that applies to `cwd`: the nearest `.heaplint.{yml,yaml,json}` in cwd or a
 * parent, stopping at `repoRoot` (inclusive). When cwd is outside repoRoot only cwd is searched.
 * Two candidates in one directory are ambiguous and an error.
 */
export function findConfigFile(cwd: string, repoRoot: string): string | null {
  let dir = path.resolve(cwd);
  const root = path.resolve(repoRoot);
  const insideRoot = dir === root || dir.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  for (;;) {
    const present = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter((file) => existsSync(file));
    if (present.length > 1) {
      const names = present.map((file) => toDisplayPath(cwd, file));
      throw new HeaplintError(`${names.join(' and ')}: more than one config file in one directory; keep one`);
    }
    if (present[0] !== undefined) return present[0];
    const parent = path.dirname(dir);
    if (!insideRoot || dir === root || parent === dir) return null;
    dir = parent;
  }
}

export interface LoadConfigOptions {
  cwd: string;
  repoRoot: string;
  /** `--config FILE`, relative to cwd or absolute; skips the search. */
  explicitPath?: string | null;
  knownRuleIds: readonly string[];
}

export interface LoadedConfig {
  config: HeaplintConfig;
  /** The file as shown in messages (relative to cwd, forward slashes), or null for defaults. */
  path: string | null;
  /** Absolute directory of the file (for resolving `baseline`), or cwd when there is none. */
  baseDir: string;
}

export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = path.resolve(options.cwd);
  let file: string | null;
  if (options.explicitPath) {
    file = path.resolve(cwd, options.explicitPath);
    if (!existsSync(file)) throw new HeaplintError(`--config ${options.explicitPath}: file not found`);
  } else {
    file = findConfigFile(cwd, options.repoRoot);
  }
  if (file === null) return { config: defaultConfig(), path: null, baseDir: cwd };
  const display = toDisplayPath(cwd, file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new HeaplintError(`${display}: cannot read: ${fsReason(error)}`);
  }
  return { config: parseConfig(text, display, options.knownRuleIds), path: display, baseDir: path.dirname(file) };
}

/** Where the baseline lives, absolute, or null when none is configured. */
export function resolveBaselinePath(loaded: LoadedConfig): string | null {
  return loaded.config.baseline === null ? null : path.resolve(loaded.baseDir, loaded.config.baseline);
}
