import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findModules, parseGoWorkUses } from '../../src/policy/modules.js';

describe('parseGoWorkUses', () => {
  test('single-line and block forms, quotes and comments', () => {
    const text = [
      'go 1.22',
      '',
      'use ./tools // the tools module',
      'use (',
      '\t.',
      '\t"./svc/api"',
      '\t// ./commented/out',
      '\t`./raw quoted`',
      ')',
      '/* use ./blocked */',
      'replace example.com/x => ./x',
      '',
    ].join('\n');
    expect(parseGoWorkUses(text)).toEqual(['./tools', '.', './svc/api', './raw quoted']);
    expect(parseGoWorkUses('use ()\nuse (./one)\n')).toEqual(['./one']);
  });
});

describe('findModules', () => {
  let root: string;
  const put = (file: string, text = 'module m\n') => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'heaplint-modules-'));
    put('go.mod');
    put('svc/api/go.mod');
    put('tools/go.mod');
    put('vendor/example.com/dep/go.mod');
    put('svc/api/testdata/mod/go.mod');
    put('web/node_modules/pkg/go.mod');
    put('.cache/go.mod');
    put('_old/go.mod');
    put('svc/api/vendor/x/go.mod');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('every go.mod except vendor, testdata, node_modules, dot and underscore directories', async () => {
    expect(await findModules(root)).toEqual(['.', 'svc/api', 'tools']);
  });

  test('go.work use directories win, deduplicated, only those with a go.mod', async () => {
    put('go.work', 'go 1.22\n\nuse (\n\t./tools\n\t./svc/api/\n\t./missing\n\t./tools\n)\n');
    expect(await findModules(root)).toEqual(['svc/api', 'tools']);
  });
});
