import fs from 'node:fs';
import path from 'node:path';
import { computeRollingHashes } from '@microsoft/sarif';
import fg from 'fast-glob';
import { computeLineHashes } from '../../src/report/line-hash.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function oracle(text: string): Record<number, string> {
  return Object.fromEntries([...computeRollingHashes(text).entries()].sort((a, b) => a[0] - b[0]));
}

function ours(text: string): Record<number, string> {
  return Object.fromEntries([...computeLineHashes(text).entries()].sort((a, b) => a[0] - b[0]));
}

const GO_FILE = [
  'package main',
  '',
  'import "fmt"',
  '',
  'func f() *int {',
  '\tx := 1',
  '\treturn &x',
  '}',
  '',
  'func main() {',
  '\tfmt.Println(*f())',
  '}',
  '',
].join('\n');

const SAMPLES: Record<string, string> = {
  'Go file, LF': GO_FILE,
  CRLF: GO_FILE.replace(/\n/g, '\r\n'),
  'lone CR': 'a\rb\rc\r',
  'CR then space then LF': 'a\r \nb\n',
  tabs: '\t\tfoo\t(bar)\n\t\t\tbaz\n',
  'non-ASCII and astral': 's := "héllo wörld 日本語"\nt := "😀👍🏽"\n',
  'duplicate lines': 'x++\nx++\nx++\ny := 1\nx++\nx++\n',
  'no trailing newline': 'package p\n\nvar x = 1',
  'long line (500 chars)': 'v := "' + 'abcdefghij'.repeat(50) + '"\nnext()\n',
  'blank lines only': '\n\n\n',
  empty: '',
  'whitespace-only lines between': 'a\n   \n\t\nb\n',
};

describe('computeLineHashes matches codeql-action (via @microsoft/sarif)', () => {
  for (const [name, text] of Object.entries(SAMPLES)) {
    test(name, () => {
      expect(ours(text)).toEqual(oracle(text));
    });
  }

  test('known values for a small Go file', () => {
    const hashes = computeLineHashes(GO_FILE);
    // Every line gets a value (blank lines count their LF); the end-of-input sentinel opens line 13.
    expect(hashes.size).toBe(13);
    expect(hashes.get(1)).toBe('c614b86efaaea464:1');
    expect(hashes.get(7)).toBe('7ac5f2ac60d8a302:1');
    expect(hashes.get(13)).toBe('c129715d7a2bc9a3:1');
  });

  test('duplicate content gets increasing ordinals', () => {
    const hashes = computeLineHashes('x\nx\nx\n');
    // The windows differ (they run to the end of the file), but identical windows would share a hex.
    expect([...hashes.values()].every((v) => v.endsWith(':1'))).toBe(true);
    const repeated = computeLineHashes(('same line\n').repeat(30));
    const first = repeated.get(1)?.split(':')[0];
    expect(repeated.get(2)).toBe(`${first}:2`);
    expect(repeated.get(3)).toBe(`${first}:3`);
  });
});

describe('computeLineHashes on real Go files', () => {
  // Thousands of lines: hashes whose hex has fewer than 16 digits (a zero high half or leading
  // zeros), windows that straddle many lines, and every character the samples use.
  const files = fg.sync(['samples/**/*.go', 'test/fixtures/contracts/**/*.go'], { cwd: ROOT, absolute: true }).sort();

  test('match codeql-action file by file', () => {
    expect(files.length).toBeGreaterThan(10);
    const mismatched = files.filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return JSON.stringify(ours(text)) !== JSON.stringify(oracle(text));
    });
    expect(mismatched).toEqual([]);
  });

  test('short hex values are among them', () => {
    const short = files.flatMap((f) => [...computeLineHashes(fs.readFileSync(f, 'utf8')).values()]).filter((v) => v.indexOf(':') < 16);
    expect(short.length).toBeGreaterThan(10);
  });
});
