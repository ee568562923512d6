/** Issue 5 end to end: baselines, --new-from-rev / --new-from-merge-base, --changed, modules, --tests. */
import fs from 'node:fs';
import path from 'node:path';
import { brief, cliIn, git, gitInit, P_GO, tempDir, writeFiles, writeModule, type JsonReport } from './go-module.js';

const dirs: string[] = [];
function repo(): string {
  const d = tempDir('heaplint-bl-');
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function json(cwd: string, argv: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const r = await cliIn(cwd, ['--format', 'json', ...argv]);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

describe('baseline', () => {
  it('heaplint baseline records the findings; --baseline then reports only new ones and lists fixed ones', async () => {
    const root = repo();
    writeModule(root);
    expect(await cliIn(root, ['baseline'])).toEqual({ code: 0, stdout: '', stderr: 'heaplint: wrote 3 findings to baseline .heaplint-baseline.json\n' });
    const saved = JSON.parse(fs.readFileSync(path.join(root, '.heaplint-baseline.json'), 'utf8')) as { findings: { rule: string; file: string; function: string | null; subject: string }[] };
    expect(saved.findings.map((e) => `${e.file} ${e.rule} ${e.function} ${e.subject}`)).toEqual([
      'p/p.go interface-boxing Box x',
      'p/p.go pointer-escape Ptr v',
      'q/q.go interface-boxing Keep s',
    ]);

    const clean = await json(root, ['--baseline', '.heaplint-baseline.json']);
    expect(clean.code).toBe(0);
    expect(brief(clean.report)).toEqual([]);
    expect(clean.report.summary.excluded).toEqual({ baseline: 3 });
    expect(clean.report.baseline).toEqual({ file: '.heaplint-baseline.json', new: 0, baselined: 3, fixed: [] });

    // Unrelated edits that move every line keep matching.
    writeFiles(root, { 'p/p.go': `// Package p moved.\n\n// More words.\n\n${P_GO}`, 'q/q.go': fs.readFileSync(path.join(root, 'q/q.go'), 'utf8').replace('package q\n', 'package q\n\n\n\n') });
    const moved = await json(root, ['--baseline', '.heaplint-baseline.json']);
    expect(moved.code).toBe(0);
    expect(brief(moved.report)).toEqual([]);

    // One escape fixed, one added.
    writeFiles(root, {
      'p/p.go': P_GO.replace('\tv := 1\n\treturn &v\n', '\treturn nil\n'),
      'q/q.go': 'package q\n\nvar sink any\n\nfunc Keep(s []int) {\n\tsink = s\n}\n\nfunc More(n int) {\n\tsink = n\n}\n',
    });
    const changed = await json(root, ['--baseline', '.heaplint-baseline.json']);
    expect(changed.code).toBe(1);
    expect(brief(changed.report)).toEqual(['interface-boxing q/q.go:10:9 warning']);
    expect(changed.report.baseline).toEqual({
      file: '.heaplint-baseline.json',
      new: 1,
      baselined: 2,
      fixed: [{ fingerprint: (saved.findings[1] as { fingerprint?: string }).fingerprint, rule: 'pointer-escape', file: 'p/p.go', function: 'Ptr', subject: 'v' }],
    });
    const text = await cliIn(root, ['--baseline', '.heaplint-baseline.json', '--color=false']);
    expect(text.stdout).toContain('\nBaseline .heaplint-baseline.json: 1 new, 2 in baseline, 1 fixed\n  fixed: p/p.go  pointer-escape  Ptr  v\n');
  });

  it('--write-baseline FILE writes while linting; a missing --baseline file is exit 2', async () => {
    const root = repo();
    writeModule(root);
    const r = await cliIn(root, ['--write-baseline', 'b.json', '--format', 'json=r.json']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'heaplint: wrote 3 findings to baseline b.json\nheaplint: wrote r.json\n' });
    expect((await cliIn(root, ['--baseline', 'b.json'])).code).toBe(0);
    expect(await cliIn(root, ['--baseline', 'none.json'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'heaplint: none.json: baseline file not found (create it with heaplint baseline)\n',
    });
  });
});

describe('--new-from-rev, --new-from-merge-base and --changed', () => {
  let root: string;
  beforeAll(async () => {
    root = repo();
    writeModule(root);
    await gitInit(root);
  });

  it('--changed with nothing changed prints a note and exits 0', async () => {
    expect(await cliIn(root, ['--changed'])).toEqual({ code: 0, stdout: '', stderr: 'heaplint: no Go package changed since HEAD; nothing to lint\n' });
  });

  it('keeps only findings on changed lines; --changed builds only changed packages', async () => {
    await git(root, 'checkout', '-q', '-b', 'topic');
    writeFiles(root, { 'q/q.go': 'package q\n\nvar sink any\n\nfunc Keep(s []int) {\n\tsink = s\n}\n\nfunc More(n int) {\n\tsink = n\n}\n' });
    const rev = await json(root, ['--new-from-rev', 'HEAD']);
    expect(brief(rev.report)).toEqual(['interface-boxing q/q.go:10:9 warning']);
    expect(rev.report.summary.excluded).toEqual({ 'not-changed': 3 });
    await git(root, 'commit', '-q', '-am', 'more');
    const base = await json(root, ['--new-from-merge-base', 'main']);
    expect(brief(base.report)).toEqual(['interface-boxing q/q.go:10:9 warning']);
    expect((await json(root, ['--new-from-rev', 'HEAD'])).code).toBe(0);

    writeFiles(root, { 'p/p.go': `${P_GO}\nfunc Other() {}\n` });
    const changed = await json(root, ['--changed']);
    expect(brief(changed.report)).toEqual(['interface-boxing p/p.go:6:9 warning', 'pointer-escape p/p.go:10:2 note']);
    expect(changed.report.summary.packages).toBe(1);
  });

  it('an unknown revision is exit 2', async () => {
    expect(await cliIn(root, ['--new-from-rev', 'nope'])).toEqual({ code: 2, stdout: '', stderr: 'heaplint: --new-from-rev nope: unknown revision\n' });
  });
});

describe('repositories with several modules, and --tests', () => {
  it('lints every go.mod from the repository root, with repo-relative paths; --dir keeps one module', async () => {
    const root = repo();
    writeModule(root, 'a', 'example.com/a');
    writeModule(root, 'b', 'example.com/b');
    writeModule(root, 'b/testdata/ignored', 'example.com/ignored');
    await gitInit(root);
    const all = await json(root, []);
    expect(brief(all.report)).toEqual([
      'interface-boxing a/p/p.go:6:9 warning',
      'pointer-escape a/p/p.go:10:2 note',
      'interface-boxing a/q/q.go:6:9 warning',
      'interface-boxing b/p/p.go:6:9 warning',
      'pointer-escape b/p/p.go:10:2 note',
      'interface-boxing b/q/q.go:6:9 warning',
    ]);
    expect(all.report.summary.packages).toBe(4);
    const one = await json(root, ['--dir', 'b']);
    expect(brief(one.report)).toEqual(['interface-boxing b/p/p.go:6:9 warning', 'pointer-escape b/p/p.go:10:2 note', 'interface-boxing b/q/q.go:6:9 warning']);
  });

  it('--tests compiles the test variants (no test runs) and reports _test.go files', async () => {
    const root = repo();
    writeModule(root);
    writeFiles(root, {
      'p/p_test.go': 'package p\n\nimport "testing"\n\nfunc TestBox(t *testing.T) {\n\tsink = t.Name()\n\tt.Fatal("never run")\n}\n',
    });
    const plain = await json(root, []);
    expect(brief(plain.report)).toEqual(['interface-boxing p/p.go:6:9 warning', 'pointer-escape p/p.go:10:2 note', 'interface-boxing q/q.go:6:9 warning']);
    const tests = await json(root, ['--tests']);
    expect(brief(tests.report)).toEqual([
      'interface-boxing p/p.go:6:9 warning',
      'pointer-escape p/p.go:10:2 note',
      'interface-boxing p/p_test.go:6:15 warning',
      'interface-boxing p/p_test.go:7:10 note', // t.Fatal("never run"): a constant, no allocation
      'interface-boxing q/q.go:6:9 warning',
    ]);
    // The generated test main: `testdeps.TestDeps{}` in _testmain.go and an <autogenerated> reflect wrapper.
    expect(tests.report.summary.excluded).toEqual({ autogenerated: 2 });
    expect(tests.code).toBe(1);
  });
});
