import { HeaplintError } from '../../src/errors.js';
import { parseFormatSpec, parseFormatSpecs } from '../../src/cli/format-flag.js';

describe('parseFormatSpec', () => {
  it.each([
    ['text', { format: 'text', path: null }],
    ['sarif=out/heaplint.sarif', { format: 'sarif', path: 'out/heaplint.sarif' }],
    ['json=-', { format: 'json', path: null }],
    ['github', { format: 'github', path: null }],
    ['json=C:\\reports\\a=b.json', { format: 'json', path: 'C:\\reports\\a=b.json' }],
  ])('%s', (value, expected) => {
    expect(parseFormatSpec(value)).toEqual(expected);
  });

  it.each([
    ['xml', '--format "xml": unknown format "xml" (expected text, json, sarif or github)'],
    ['SARIF', '--format "SARIF": unknown format "SARIF" (expected text, json, sarif or github)'],
    ['sarif=', '--format "sarif=": missing file name after \'=\''],
  ])('rejects %s', (value, message) => {
    expect(() => parseFormatSpec(value)).toThrow(new HeaplintError(message));
  });
});

describe('parseFormatSpecs', () => {
  it('defaults to text on stdout', () => {
    expect(parseFormatSpecs([])).toEqual([{ format: 'text', path: null }]);
  });

  it('keeps the order given', () => {
    expect(parseFormatSpecs(['sarif=a.sarif', 'text', 'json=a.json'])).toEqual([
      { format: 'sarif', path: 'a.sarif' },
      { format: 'text', path: null },
      { format: 'json', path: 'a.json' },
    ]);
  });

  it('allows one stdout format and distinct files only', () => {
    expect(() => parseFormatSpecs(['text', 'github'])).toThrow(
      '--format: only one format can write to stdout (got text, github); give the others a file, e.g. sarif=heaplint.sarif',
    );
    expect(() => parseFormatSpecs(['json=r', 'sarif=r'])).toThrow('--format: r is named by more than one format');
  });
});
