/**
 * The built CLI (`node dist/heaplint.js`, the `bin`, which loads the bundle dist/heaplint-cli.js;
 * fresh from `npm test`'s pretest build) run as a user runs it, on samples/ with the real Go. One
 * set of runs in beforeAll; every test reads its output.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeRollingHashes } from '@microsoft/sarif';
import { execa } from 'execa';
import type * as Sarif from 'sarif';
import { jitFlags } from '../../src/cli/jit-tuning.js';
import { EscapeLogParser } from '../../src/parse/parser.js';
import { validateSarif } from '../report/sarif-validate.js';
import { fixturesDir } from '../parse/helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, 'dist', 'heaplint.js');
const GO_BIN = '/usr/local/go/bin';
const FIXTURE = path.join(fixturesDir, 'out', 'go1.26', 'm2.txt');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, PATH: `${GO_BIN}${path.delimiter}${process.env.PATH ?? ''}` };
  for (const k of ['GITHUB_STEP_SUMMARY', 'NO_COLOR', 'FORCE_COLOR', 'HEAPLINT_DEBUG']) delete e[k];
  return e;
}

async function heaplint(args: string[]): Promise<Run> {
  const r = await execa(process.execPath, [CLI, ...args], { cwd: ROOT, env: env(), extendEnv: false, reject: false, stdin: 'ignore', stripFinalNewline: false });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * The bin run with a module preloaded into it (`node --import`) that watches it: `watch` is that
 * module's source (it may use `fs`), and `seen` the expression whose value, a string, the module
 * writes to a file at exit. Returns the run (final newline stripped) and the file's text.
 */
async function probed(name: string, watch: string[], seen: string, args: string[]): Promise<{ run: Run; result: string }> {
  const module = path.join(tmp, `${name}-probe.mjs`);
  const result = path.join(tmp, `${name}.out`);
  const source = ["import fs from 'node:fs';", ...watch, `process.on('exit', () => fs.writeFileSync(${JSON.stringify(result)}, ${seen}));`];
  fs.writeFileSync(module, source.join('\n'));
  const r = await execa(process.execPath, ['--import', module, CLI, ...args], { cwd: ROOT, env: env(), extendEnv: false, reject: false, stdin: 'ignore' });
  return { run: { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) }, result: fs.readFileSync(result, 'utf8') };
}

/** Three lints of samples/ that differ only in --fail-level; each writes JSON and SARIF. */
const FAIL_LEVELS = ['default', 'none', 'error'] as const;
type FailLevel = (typeof FAIL_LEVELS)[number];

let tmp: string;
const runs = new Map<FailLevel, Run>();
const json = new Map<FailLevel, string>();
const sarif = new Map<FailLevel, string>();
let parsed: Run;

beforeAll(async () => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-e2e-')));
  for (const level of FAIL_LEVELS) {
    const out = path.join(tmp, level);
    runs.set(
      level,
      await heaplint(['--dir', 'samples', '--format', `json=${out}.json`, '--format', `sarif=${out}.sarif`, ...(level === 'default' ? [] : ['--fail-level', level])]),
    );
    json.set(level, fs.readFileSync(`${out}.json`, 'utf8'));
    sarif.set(level, fs.readFileSync(`${out}.sarif`, 'utf8'));
  }
  parsed = await heaplint(['parse', '--from-log', FIXTURE]);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function text(map: Map<FailLevel, string>, level: FailLevel = 'default'): string {
  const t = map.get(level);
  if (t === undefined) throw new Error(`no output for ${level}`);
  return t;
}

interface JsonFinding {
  ruleId: string;
  level: string;
  file: string;
}
interface JsonReport {
  findings: JsonFinding[];
  summary: { total: number; byRule: Record<string, number>; byLevel: Record<string, number> };
}

describe('exit codes (samples hold one deliberate contract violation, level error)', () => {
  it.each([
    ['default', 1],
    ['none', 0],
    ['error', 1],
  ] as const)('--fail-level %s → %d, and the only output is the list of files written', (level, code) => {
    expect(runs.get(level)).toEqual({
      code,
      stdout: '',
      stderr: `heaplint: wrote ${path.join(tmp, level)}.json\nheaplint: wrote ${path.join(tmp, level)}.sarif\n`,
    });
  });

  it('the contract violation is the one error', () => {
    const report = JSON.parse(text(json)) as JsonReport;
    expect(report.findings.filter((f) => f.level === 'error').map((f) => f.ruleId)).toEqual(['contract-violation']);
  });
});

describe('determinism', () => {
  it('three runs write byte-identical JSON and SARIF', () => {
    for (const level of FAIL_LEVELS) {
      expect(text(json, level)).toBe(text(json));
      expect(text(sarif, level)).toBe(text(sarif));
    }
  });
});

describe('SARIF file', () => {
  let log: Sarif.Log;
  let run: Sarif.Run;
  beforeAll(() => {
    log = JSON.parse(text(sarif)) as Sarif.Log;
    const first = log.runs[0];
    if (first === undefined) throw new Error('no run');
    run = first;
  });

  it('passes Ajv, jsonschema 1.5.0 and the GitHub profile check', () => {
    expect(validateSarif(text(sarif))).toEqual([]);
  });

  it('has one run with results, every one located in samples/', () => {
    expect(log.runs).toHaveLength(1);
    const uris = (run.results ?? []).map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '');
    expect(uris.length).toBe((JSON.parse(text(json)) as JsonReport).findings.length);
    expect(uris.filter((u) => !u.startsWith('samples/'))).toEqual([]);
  });

  it('primaryLocationLineHash is what @microsoft/sarif computes for that file and line', () => {
    const hashes = new Map<string, Map<number, string>>();
    const mismatches: string[] = [];
    for (const r of run.results ?? []) {
      const physical = r.locations?.[0]?.physicalLocation;
      const uri = physical?.artifactLocation?.uri ?? '';
      const line = physical?.region?.startLine ?? 0;
      let byLine = hashes.get(uri);
      if (byLine === undefined) {
        byLine = computeRollingHashes(fs.readFileSync(path.join(ROOT, uri), 'utf8'));
        hashes.set(uri, byLine);
      }
      const got = r.partialFingerprints?.primaryLocationLineHash;
      if (got !== byLine.get(line)) mismatches.push(`${uri}:${line} ${String(got)} != ${String(byLine.get(line))}`);
    }
    expect(mismatches).toEqual([]);
    expect(hashes.size).toBeGreaterThan(5);
  });

  it('every rule has a doc page at docs/rules/<id>.md, and helpUri ends with that path', () => {
    const rules = run.tool.driver.rules ?? [];
    const problems: string[] = [];
    for (const rule of rules) {
      const page = `docs/rules/${rule.id}.md`;
      if (!fs.existsSync(path.join(ROOT, page))) problems.push(`${rule.id}: no ${page}`);
      if (!(rule.helpUri ?? '').endsWith(`/${page}`)) problems.push(`${rule.id}: helpUri ${String(rule.helpUri)}`);
    }
    expect(problems).toEqual([]);
    expect(rules.map((r) => r.id)).toContain('contract-violation');
  });

  it('holds no absolute path: not the repository, the temporary directory, GOROOT, or the home directory', () => {
    const bytes = text(sarif);
    for (const p of [ROOT, tmp, os.tmpdir(), '/usr/local/go', os.homedir(), 'file://']) expect([p, bytes.includes(p)]).toEqual([p, false]);
  });
});

describe('JSON report', () => {
  let report: JsonReport & Record<string, unknown>;
  beforeAll(() => {
    report = JSON.parse(text(json)) as JsonReport & Record<string, unknown>;
  });

  it('has exactly these top-level keys, in this order', () => {
    expect(Object.keys(report)).toEqual(['version', 'tool', 'go', 'executionSuccessful', 'findings', 'summary', 'diagnostics']);
  });

  it('every finding has exactly these keys, in this order', () => {
    const shapes = new Set(report.findings.map((f) => Object.keys(f).join(',')));
    expect([...shapes]).toEqual([
      'ruleId,level,message,file,line,column,startColumn,endLine,endColumn,function,package,subject,evidence,flow,fingerprint,inlinedAt,confidence',
    ]);
  });

  it('summary counts are the findings counted by rule and level', () => {
    const byRule: Record<string, number> = {};
    for (const id of Object.keys(report.summary.byRule)) byRule[id] = 0;
    const byLevel: Record<string, number> = { error: 0, warning: 0, note: 0 };
    for (const f of report.findings) {
      byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
      byLevel[f.level] = (byLevel[f.level] ?? 0) + 1;
    }
    expect(report.summary.byRule).toEqual(byRule);
    expect(report.summary.byLevel).toEqual(byLevel);
    expect(report.summary.total).toBe(report.findings.length);
    expect(report.findings.length).toBeGreaterThan(50);
  });

  it('every finding is in samples/', () => {
    expect(report.findings.filter((f) => !f.file.startsWith('samples/')).map((f) => f.file)).toEqual([]);
  });
});

describe('heaplint parse --from-log (shared Go 1.26 fixture)', () => {
  it('prints one JSON line per parser record, each starting kind, file, line, column, message', () => {
    expect([parsed.code, parsed.stderr]).toEqual([0, '']);
    const kinds: string[] = [];
    const parser = new EscapeLogParser((r) => kinds.push(r.kind));
    for (const line of fs.readFileSync(FIXTURE, 'utf8').split('\n')) parser.pushLine(line);
    parser.end();

    const lines = parsed.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe(kinds.length);
    expect(lines.length).toBe(parser.stats.records);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.kind)).toEqual(kinds);
    expect(records.filter((r) => Object.keys(r).slice(0, 5).join(',') !== 'kind,file,line,column,message')).toEqual([]);
  });
});

describe('heaplint parse into a pipe', () => {
  /** One section of 20,000 records: about 2 MB of JSON that the parser hands out at once. */
  function bigSectionLog(): string {
    const file = path.join(tmp, 'big-section.log');
    const lines = ['# example.com/big'];
    for (let i = 1; i <= 20_000; i++) lines.push(`./big.go:${i}:2: can inline f${i} with cost 4 as: func() int { return ${i} }`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  it('waits for the reader instead of queueing output in memory', async () => {
    // The most stdout ever held back. A write larger than the pipe's 64 KiB that does not wait
    // leaves the rest queued.
    const { run, result } = await probed(
      'queued',
      [
        'let most = 0;',
        'const write = process.stdout.write.bind(process.stdout);',
        'process.stdout.write = (...args) => { const ok = write(...args); most = Math.max(most, process.stdout.writableLength); return ok; };',
      ],
      'String(most)',
      ['parse', '--from-log', bigSectionLog()],
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n')).toHaveLength(20_001);
    expect(Number(result)).toBe(0);
  });

  it('stops quietly when the reader goes away (heaplint parse | head)', async () => {
    const child = execa(process.execPath, [CLI, 'parse', '--from-log', bigSectionLog()], { cwd: ROOT, env: env(), extendEnv: false, reject: false, stdin: 'ignore', buffer: { stdout: false, stderr: true } });
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    child.stdout.destroy();
    const r = await child;
    expect(first.startsWith('{"kind":"package-header"')).toBe(true);
    expect([r.exitCode, String(r.stderr)]).toEqual([0, '']);
  });
});

describe('the bin prepares Node for a run of a second or two', () => {
  it("turns on Node's compile cache, then sets exactly the V8 flags jitFlags gives, one call each, silently", async () => {
    // In order: the compile cache turned on (faked: Node 20 has none), every V8 flag set.
    const { run, result } = await probed(
      'node-setup',
      [
        "import module from 'node:module';",
        "import v8 from 'node:v8';",
        'const events = [];',
        "module.enableCompileCache = () => { events.push('enableCompileCache'); return { status: 0 }; };",
        'const set = v8.setFlagsFromString.bind(v8);',
        "v8.setFlagsFromString = (flags) => { events.push(`setFlagsFromString ${flags}`); set(flags); };",
      ],
      'JSON.stringify(events)',
      ['parse', '--from-log', FIXTURE],
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(parsed.stdout.replace(/\n$/, ''));
    expect(JSON.parse(result)).toEqual(['enableCompileCache', ...jitFlags(process.versions.v8, []).map((f) => `setFlagsFromString ${f}`)]);
  });
});

describe('the bundled bin loads what it loads on demand', () => {
  // string-width (help layout) builds an Intl.Segmenter when it is evaluated: every copy the
  // bundle holds is evaluated on its first call, not at start-up.
  const countSegmenters = ['let made = 0;', 'const Real = Intl.Segmenter;', 'Intl.Segmenter = class extends Real { constructor(...a) { super(...a); made++; } };'];

  it('a run that prints no help builds no Intl.Segmenter', async () => {
    const { run, result } = await probed('segmenters-parse', countSegmenters, 'String(made)', ['parse', '--from-log', FIXTURE]);
    expect([run.code, run.stderr, result]).toEqual([0, '', '0']);
    expect(run.stdout).toBe(parsed.stdout.replace(/\n$/, ''));
  });

  it.each([
    [['--help'], '3'],
    [['parse', '--help'], '3'],
    [['parse', '--no-such-flag'], '0'],
  ])('%j prints what the unbundled CLI prints (Intl.Segmenters built: %s)', async (args, segmenters) => {
    const { run, result } = await probed(`segmenters${args.join('')}`, countSegmenters, 'String(made)', args);
    const unbundled = await execa(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'bin.js'), ...args], { cwd: ROOT, env: env(), extendEnv: false, reject: false, stdin: 'ignore' });
    expect([run.code, run.stdout, run.stderr]).toEqual([unbundled.exitCode, unbundled.stdout, unbundled.stderr]);
    // Help's layout calls all three copies (cliui's, wrap-ansi's, yargs'); an error calls none.
    expect(result).toBe(segmenters);
  });

  it('a YAML config (the yaml package, required at run time) turns a rule off', async () => {
    const config = path.join(tmp, 'heaplint.yml');
    fs.writeFileSync(config, 'rules:\n  interface-boxing: off\n');
    const out = path.join(tmp, 'yaml.json');
    const run = await heaplint(['--dir', 'samples', '--config', config, '--fail-level', 'none', '--format', `json=${out}`]);
    expect([run.code, run.stderr]).toEqual([0, `heaplint: wrote ${out}\n`]);
    const before = JSON.parse(text(json)) as JsonReport;
    const after = JSON.parse(fs.readFileSync(out, 'utf8')) as JsonReport;
    expect(before.summary.byRule['interface-boxing']).toBeGreaterThan(0);
    expect(after.summary.byRule['interface-boxing']).toBe(0);
    expect(after.summary.total).toBe(before.summary.total - (before.summary.byRule['interface-boxing'] ?? 0));
  });
});

describe('names with any Unicode letter (real go build)', () => {
  it('parses the explanation of a parameter named à, with no unrecognized line', async () => {
    const dir = path.join(tmp, 'unicode');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/unicode\n\ngo 1.20\n');
    // The UTF-8 of à (C3 A0), Р (D0 A0) and 丠 (E4 B8 A0) holds the byte 0xA0.
    fs.writeFileSync(
      path.join(dir, 'a.go'),
      'package unicode\n\nvar sink any\n\nfunc Keep(à *int) { sink = à }\n\nfunc Хранить(Р []byte) *[]byte { return &Р }\n\nfunc 丠(n int) any { return n }\n',
    );
    const run = await heaplint(['parse', '--dir', dir]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const records = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; subject?: string; flows?: { dst: string; src: string }[] });
    expect(records.filter((r) => r.kind === 'unrecognized')).toEqual([]);
    const leak = records.find((r) => r.kind === 'leaking-param' && r.subject === 'à');
    expect(leak?.flows?.map((f) => [f.dst, f.src])).toEqual([['{heap}', 'à']]);
    expect(records.filter((r) => r.kind === 'moved-to-heap').map((r) => r.subject)).toEqual(['Р']);
  });
});
