import { moduleOf, planBuilds, rebaseChangedLines, rebaseDirs, restrictToChanged } from '../../src/pipeline/modules.js';
import { createProgress, progressText } from '../../src/cli/progress.js';
import { Capture } from '../cli/io.js';

describe('planBuilds', () => {
  const base = { repoRoot: '/r', dir: '/r', explicit: false, modules: ['a', 'b/c'], packages: ['./...'] };
  it('one build per module from the repository root with default packages', () => {
    expect(planBuilds(base)).toEqual([
      { dir: '/r/a', packages: ['./...'], label: 'a' },
      { dir: '/r/b/c', packages: ['./...'], label: 'b/c' },
    ]);
  });
  it.each([
    [{ explicit: true }],
    [{ dir: '/r/a' }],
    [{ modules: ['.'] }],
    [{ modules: [] }],
  ])('a single build for %j', (change) => {
    const input = { ...base, ...change };
    expect(planBuilds(input)).toEqual([{ dir: input.dir, packages: ['./...'], label: null }]);
  });
});

describe('--changed planning', () => {
  it('moduleOf picks the deepest module', () => {
    expect(moduleOf('b/c/x', ['.', 'b', 'b/c'])).toBe('b/c');
    expect(moduleOf('bc/x', ['.', 'b'])).toBe('.');
    expect(moduleOf('x', ['a'])).toBeNull();
  });
  it('gives each build its changed package directories as ./patterns, and drops empty builds', () => {
    const plans = [
      { dir: '/r', packages: ['./...'], label: null },
      { dir: '/r/tools', packages: ['./...'], label: 'tools' },
      { dir: '/r/other', packages: ['./...'], label: 'other' },
    ];
    expect(restrictToChanged(plans, ['.', 'p', 'tools', 'tools/gen'], '/r', ['.', 'other', 'tools'])).toEqual([
      { dir: '/r', packages: ['.', './p'], label: null },
      { dir: '/r/tools', packages: ['.', './gen'], label: 'tools' },
    ]);
  });
  it('rebases git paths when the repository root is below the git top level', () => {
    const lines = new Map([['svc/a.go', new Set([1])], ['other/b.go', new Set([2])]]);
    expect(rebaseChangedLines(lines, '/g', '/g/svc')).toEqual(new Map([['a.go', new Set([1])]]));
    expect(rebaseChangedLines(lines, '/g', '/g')).toBe(lines);
    expect(rebaseDirs(['svc', 'svc/p', 'x'], '/g', '/g/svc')).toEqual(['.', 'p']);
  });
});

describe('progress', () => {
  it('formats the line', () => {
    expect(progressText(3, 12, 'example.com/x', null)).toBe('heaplint: [3/12] example.com/x');
    expect(progressText(3, 2, 'example.com/x.test', 'tools')).toBe('heaplint: tools [3/3] example.com/x.test');
    expect(progressText(1, 0, 'p', null)).toBe('heaplint: [1] p');
  });
  it('writes and erases on a terminal, nothing otherwise', () => {
    const out = new Capture();
    const p = createProgress(out, true, 30);
    p.start(2, null);
    p.onPackage('example.com/a/very/long/package/path');
    p.onPackage('b');
    p.done();
    expect(out.text).toBe('\r\u001b[Kheaplint: [1/2] example.com/…\r\u001b[Kheaplint: [2/2] b\r\u001b[K');
    const off = new Capture();
    const q = createProgress(off, false);
    q.start(1, null);
    q.onPackage('a');
    q.done();
    expect(off.text).toBe('');
  });
});
