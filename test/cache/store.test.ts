import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputLog, inputsUnchanged, type InputReaders } from '../../src/cache/inputs.js';
import { cacheDirFrom, ENTRY_FORMAT, ResultStore, type CacheEntry } from '../../src/cache/store.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-store-'));
}

const ENTRY: CacheEntry = {
  format: ENTRY_FORMAT,
  context: 'c1',
  sections: ['aa', 'bb'],
  bytes: 12,
  inputs: { files: [['/r/p.go', 'x']], dirs: [], paths: [['/r/p.go', '/r/p.go']] },
  result: {
    findings: [],
    excluded: { 'outside-repo': 3 },
    stats: { lines: 1, bytes: 12, records: 1, unrecognized: 0 } as CacheEntry['result']['stats'],
    repoDirs: [['example.com/m/p', ['/r/p']]],
    classified: 0,
    skipped: {},
    contractRecords: [],
  },
};

describe('cacheDirFrom', () => {
  test.each<[NodeJS.ProcessEnv, NodeJS.Platform, string | null]>([
    [{ HEAPLINT_CACHE: '/c', HOME: '/h' }, 'linux', '/c'],
    [{ HEAPLINT_CACHE: 'off', HOME: '/h' }, 'linux', null],
    [{ HEAPLINT_CACHE: '', HOME: '/h' }, 'linux', '/h/.cache/heaplint'],
    [{ XDG_CACHE_HOME: '/x', HOME: '/h' }, 'linux', '/x/heaplint'],
    [{ XDG_CACHE_HOME: 'relative', HOME: '/h' }, 'linux', '/h/.cache/heaplint'],
    [{ HOME: '/h' }, 'darwin', '/h/Library/Caches/heaplint'],
    [{}, 'linux', null],
    [{ HOME: '/h' }, 'win32', null],
  ])('%j on %s → %s', (env, platform, want) => {
    expect(cacheDirFrom(env, platform)).toBe(want);
  });

  test('a relative HEAPLINT_CACHE is taken from the working directory', () => {
    expect(cacheDirFrom({ HEAPLINT_CACHE: '.cache/hl' }, 'linux', '/work/repo')).toBe('/work/repo/.cache/hl');
  });

  test('LocalAppData on Windows', () => {
    expect(cacheDirFrom({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32')).toBe(path.join('C:\\Users\\u\\AppData\\Local', 'heaplint'));
  });
});

describe('ResultStore', () => {
  test('an entry saved under a slot loads back as it was; another slot has none', () => {
    const store = new ResultStore(tempDir());
    store.save('slot-1', ENTRY);
    const loaded = store.load('slot-1');
    const { result, ...header } = ENTRY;
    expect(loaded?.header).toEqual(header);
    expect(loaded?.result()).toEqual(result);
    loaded?.close();
    expect(store.load('slot-2')).toBeNull();
    store.save('slot-1', { ...ENTRY, context: 'c2' });
    expect(store.load('slot-1')?.header.context).toBe('c2');
    expect(fs.readdirSync(path.join(store.dir, 'results'))).toHaveLength(1);
  });

  test('the result read after another run replaced the file is still the loaded entry\'s', () => {
    const store = new ResultStore(tempDir());
    store.save('s', ENTRY);
    const loaded = store.load('s');
    store.save('s', { ...ENTRY, result: { ...ENTRY.result, classified: 99 } });
    expect(loaded?.result()?.classified).toBe(0);
    loaded?.close();
    expect(store.load('s')?.result()?.classified).toBe(99);
  });

  test('a result that cannot be read is null, and the header is still what it was', () => {
    const store = new ResultStore(tempDir());
    store.save('s', ENTRY);
    const [file] = fs.readdirSync(path.join(store.dir, 'results'));
    const at = path.join(store.dir, 'results', file ?? '');
    fs.writeFileSync(at, fs.readFileSync(at, 'utf8').slice(0, -5));
    const loaded = store.load('s');
    expect(loaded?.header.context).toBe('c1');
    expect(loaded?.result()).toBeNull();
  });

  test('a file that is not an entry of this format is no entry', () => {
    const store = new ResultStore(tempDir());
    store.save('s', ENTRY);
    const [file] = fs.readdirSync(path.join(store.dir, 'results'));
    const at = path.join(store.dir, 'results', file ?? '');
    for (const text of ['', '{"format":', 'null\n{}', '[]\n{}', `${JSON.stringify({ ...ENTRY, format: ENTRY_FORMAT + 1 })}\n{}`, `${JSON.stringify({ ...ENTRY, sections: 'x' })}\n{}`]) {
      fs.writeFileSync(at, text);
      expect(store.load('s')).toBeNull();
    }
  });

  test('entries unused for a week are deleted by a later write, at most once a day; a used one stays', () => {
    const dir = tempDir();
    const results = path.join(dir, 'results');
    const day = 24 * 3600 * 1000;
    const t0 = Date.UTC(2026, 0, 1);
    const store = (now: number): ResultStore => new ResultStore(dir, () => undefined, () => now);
    const age = (ms: number): void => {
      for (const f of fs.readdirSync(results)) fs.utimesSync(path.join(results, f), ms / 1000, ms / 1000);
    };
    store(t0).save('old', ENTRY);
    store(t0).save('used', ENTRY);
    age(t0);
    expect(store(t0 + 8 * day).load('used')?.result()?.classified).toBe(0);
    store(t0 + 8 * day).save('new', ENTRY);
    expect(store(t0 + 8 * day).load('old')).toBeNull();
    expect([store(t0 + 8 * day).load('used')?.header.context, store(t0 + 8 * day).load('new')?.header.context]).toEqual(['c1', 'c1']);
    // Within a day of that trim, nothing is looked at.
    age(t0);
    store(t0 + 8 * day + 3600 * 1000).save('newer', ENTRY);
    expect(fs.readdirSync(results)).toHaveLength(3);
  });

  test('a directory that cannot be written is said once, and the run goes on', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'results'), 'a file where the directory would be');
    const said: string[] = [];
    const store = new ResultStore(dir, (m) => said.push(m));
    store.save('a', ENTRY);
    store.save('b', ENTRY);
    expect(said).toEqual([`cannot write the result cache in ${dir} (EEXIST): results are not cached (HEAPLINT_CACHE=off turns the cache off)`]);
    expect(fs.readdirSync(dir)).toEqual(['results']);
  });
});

describe('InputLog', () => {
  test('records each file and directory once, by content, and tells when one reads differently', () => {
    const files = new Map<string, string | null>([
      ['/r/a.go', 'package a\n'],
      ['/r/b.go', null],
    ]);
    const listings = new Map<string, string[]>([['/r', ['/r/b.go', '/r/a.go']]]);
    const reals = new Map<string, string | null>([
      ['/r/x/a.go', null],
      ['/r/a.go', '/r/a.go'],
    ]);
    const bytesOf = (f: string): Buffer | null => {
      const text = files.get(f);
      return text === undefined || text === null ? null : Buffer.from(text, 'utf8');
    };
    const readers: InputReaders = { readText: (f) => files.get(f) ?? null, readBytes: bytesOf, listGoFiles: (d) => listings.get(d) ?? [], realpath: (p) => reals.get(p) ?? null };
    const log = new InputLog(readers);
    expect(log.readText('/r/a.go')).toBe('package a\n');
    expect(log.readText('/r/a.go')).toBe('package a\n');
    log.note('/r/b.go');
    expect(log.listGoFiles('/r')).toEqual(['/r/b.go', '/r/a.go']);
    const recorded = log.recorded(reals);
    expect(recorded.paths).toEqual([
      ['/r/a.go', '/r/a.go'],
      ['/r/x/a.go', null],
    ]);
    expect(recorded.files.map(([f, d]) => [f, d === null ? null : d.length])).toEqual([
      ['/r/a.go', 44],
      ['/r/b.go', null],
    ]);
    expect(recorded.dirs.map(([d]) => d)).toEqual(['/r']);
    expect(inputsUnchanged(recorded, readers)).toBe(true);
    listings.set('/r', ['/r/a.go', '/r/b.go']);
    expect(inputsUnchanged(recorded, readers)).toBe(true);
    files.set('/r/b.go', '');
    expect(inputsUnchanged(recorded, readers)).toBe(false);
    files.set('/r/b.go', null);
    files.set('/r/a.go', 'package a \n');
    expect(inputsUnchanged(recorded, readers)).toBe(false);
    files.set('/r/a.go', 'package a\n');
    listings.set('/r', ['/r/a.go', '/r/b.go', '/r/c.go']);
    expect(inputsUnchanged(recorded, readers)).toBe(false);
    listings.set('/r', ['/r/a.go', '/r/b.go']);
    expect(inputsUnchanged(recorded, readers)).toBe(true);
    // A file whose bytes are not valid UTF-8 reads as other text (U+FFFD): a miss, never a match.
    const invalid = { ...readers, readBytes: (f: string) => (f === '/r/a.go' ? Buffer.from([0x70, 0xff]) : bytesOf(f)) };
    expect(inputsUnchanged(recorded, invalid)).toBe(false);
    // A file now where the resolver found none: a printed path may resolve elsewhere.
    reals.set('/r/x/a.go', '/r/x/a.go');
    expect(inputsUnchanged(recorded, readers)).toBe(false);
  });
});
