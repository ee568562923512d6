import fs from 'node:fs';
import path from 'node:path';
import { EscapeLogParser, type FlowSelector, type ParserOptions } from '../../src/parse/parser.js';
import type { ParsedRecord, ParseStats, VerdictRecord } from '../../src/parse/records.js';
import { fixturesDir } from './helpers.js';

function parse(text: string, options: ParserOptions = {}): { records: ParsedRecord[]; stats: ParseStats } {
  const records: ParsedRecord[] = [];
  const p = new EscapeLogParser((r) => records.push(r), options);
  p.pushChunk(Buffer.from(text, 'utf8'));
  p.end();
  return { records, stats: p.stats };
}

/** What a record is without flows: the selector may only ever change that field. */
function withoutFlows(records: readonly ParsedRecord[]): ParsedRecord[] {
  return records.map((r) => ('flows' in r ? { ...r, flows: [] } : r));
}

const none: FlowSelector = () => () => false;

const LOG = [
  '# example.com/p',
  './a.go:3:2: t escapes to heap:',
  './a.go:3:2:   flow: {heap} ← &té:',
  './a.go:3:2:     from &té (address-of) at ./aé.go:4:7\r',
  './a.go:3:2:     from garbage with no position',
  './a.go:3:2: moved to heap: t',
  './b.go:1:1: parameter q leaks to {heap} with derefs=0:',
  './b.go:1:1:   flow: {heap} ← q:',
  './b.go:1:1:     from q (assigned) at ./b.go:2:2',
  './b.go:1:1:   warning: truncated explanation due to assignment cycle; see golang.org/issue/35518',
  './b.go:1:1: leaking param: q',
  './c.go:5:5: parameter r leaks to {heap} with derefs=0:',
  './c.go:5:5:     from r (before any flow) at ./c.go:5:6',
  './c.go:5:5:   flow: no separator here:',
  './c.go:5:5:   flow: {heap} = r:',
  './c.go:5:5:     from r (assigned) at ./c.go:6:6',
  './c.go:5:5: leaking param: r',
  './d.go:7:7: parameter orphan leaks to {heap} with derefs=0:',
  './d.go:7:7:   flow: {heap} ← orphan:',
  '# example.com/q',
  './e.go:1:2: x escapes to heap:',
  './e.go:1:2:   flow: {heap} ← x:',
  './e.go:1:2: x escapes to heap',
].join('\n');

describe('selectFlows', () => {
  const full = parse(LOG);

  test('turned-down records lose their flows and nothing else: malformed lines, truncation and stats stay exact', () => {
    const got = parse(LOG, { selectFlows: none });
    expect(got.records).toEqual(withoutFlows(full.records));
    expect(got.stats).toEqual(full.stats);
    expect(full.stats).toMatchObject({ lines: 23, records: 10, unrecognized: 3, explanationLines: 13, duplicates: 0 });
    const leak = got.records.find((r) => r.kind === 'leaking-param' && r.subject === 'q') as VerdictRecord;
    expect(leak.explanations).toEqual([{ subject: 'q', function: null, sink: '{heap}', derefs: 0, truncated: true }]);
    expect(got.records.filter((r) => r.kind === 'unrecognized').map((r) => [r.logLine, r.message])).toEqual([
      [5, '    from garbage with no position'],
      [13, '    from r (before any flow) at ./c.go:5:6'],
      [14, '  flow: no separator here:'],
    ]);
  });

  test('the predicate decides per record, once per section, with the whole section in hand', () => {
    const calls: { kinds: string[]; complete: boolean }[] = [];
    const select: FlowSelector = (batch, complete) => {
      calls.push({ kinds: batch.map((r) => r.kind), complete });
      return (r) => r.file === './b.go';
    };
    const got = parse(LOG, { selectFlows: select });
    expect(calls).toEqual([
      {
        // Malformed explanation lines are found while flows are built (or checked): after the call.
        kinds: ['package-header', 'moved-to-heap', 'leaking-param', 'leaking-param', 'orphan-explanation'],
        complete: true,
      },
      { kinds: ['package-header', 'escapes-to-heap'], complete: true },
    ]);
    const want = full.records.map((r) => ('flows' in r && r.file !== './b.go' ? { ...r, flows: [] } : r));
    expect(got.records).toEqual(want);
    expect((got.records.find((r) => r.file === './b.go') as VerdictRecord).flows).toHaveLength(1);
  });

  test('set after construction (setFlowSelector), and removable again', () => {
    const records: ParsedRecord[] = [];
    const p = new EscapeLogParser((r) => records.push(r));
    p.setFlowSelector(none);
    p.pushChunk(Buffer.from(LOG, 'utf8'));
    p.end();
    expect(records).toEqual(withoutFlows(full.records));
    const again: ParsedRecord[] = [];
    const q = new EscapeLogParser((r) => again.push(r), { selectFlows: none });
    q.setFlowSelector(null);
    q.pushChunk(Buffer.from(LOG, 'utf8'));
    q.end();
    expect(again).toEqual(full.records);
  });

  test('a window of an oversized section is not complete', () => {
    const big = ['# example.com/w'];
    for (let i = 1; i <= 40; i++) {
      big.push(`./w.go:${i}:1: v${i} escapes to heap:`, `./w.go:${i}:1:   flow: {heap} ← v${i}:`, `./w.go:${i}:1: v${i} escapes to heap`);
    }
    const text = big.join('\n');
    const flags: boolean[] = [];
    const got = parse(text, {
      maxSectionBytes: 1200,
      selectFlows: (_batch, complete) => {
        flags.push(complete);
        return () => false;
      },
    });
    expect(flags.length).toBeGreaterThan(2);
    expect(flags.slice(0, -1).every((c) => !c)).toBe(true);
    expect(flags.at(-1)).toBe(true);
    const whole = parse(text, { maxSectionBytes: 1200 });
    expect(got.records).toEqual(withoutFlows(whole.records));
    expect(got.stats).toEqual(whole.stats);
  });

  const m2 = path.join(fixturesDir, 'out');
  const versions = fs.readdirSync(m2).sort();
  test.each(versions)('real output of %s: identical records but for flows, identical stats', (version) => {
    const dir = path.join(m2, version);
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const a = parse(text);
      const b = parse(text, { selectFlows: none });
      expect(b.records).toEqual(withoutFlows(a.records));
      expect(b.stats).toEqual(a.stats);
    }
  });
});
