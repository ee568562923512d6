import crypto from 'node:crypto';
import { SectionDigests, sectionDigestsOf } from '../../src/cache/section-digests.js';

const sha = (s: string): string => crypto.createHash('sha256').update(s, 'latin1').digest('hex');

const A = '# example.com/m/a\n./a.go:3:6: can inline F\n./a.go:4:2: x escapes to heap\n';
const B = '# example.com/m/b\n./b.go:9:9: &T{} escapes to heap:\n./b.go:9:9:   flow: ~r0 ← &T{}:\n';
const C = '# example.com/m/c [example.com/m/c.test]\n./c.go:1:1: leaking param: p\n';

function digestsInChunks(text: string, cuts: number[]): { sorted: string[]; inOrder: string[] } {
  const bytes = Buffer.from(text, 'latin1');
  const d = new SectionDigests();
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    d.push(bytes.subarray(from, cut));
    from = cut;
  }
  const sorted = d.end();
  return { sorted, inOrder: d.digests };
}

describe('SectionDigests', () => {
  test('one digest per `# ` section, each of exactly its bytes, in output order', () => {
    expect(digestsInChunks(A + B + C, []).inOrder).toEqual([sha(A), sha(B), sha(C)]);
  });

  test('the sorted multiset is the same for the sections in any order, and counts repeats', () => {
    const abc = sectionDigestsOf(Buffer.from(A + B + C, 'latin1'));
    expect(sectionDigestsOf(Buffer.from(C + A + B, 'latin1'))).toEqual(abc);
    expect(abc).toEqual([sha(A), sha(B), sha(C)].sort());
    expect(sectionDigestsOf(Buffer.from(A + A, 'latin1'))).toEqual([sha(A), sha(A)]);
  });

  test('text before the first header is a section of its own; `#` not at a line start cuts nothing', () => {
    const pre = 'go: downloading example.com/x v1.0.0\n';
    const odd = '# example.com/m/d\n./d.go:1:1: x # y escapes to heap\n\t# not a header\n';
    expect(digestsInChunks(pre + odd + A, []).inOrder).toEqual([sha(pre), sha(odd), sha(A)]);
  });

  test('every way of cutting the output into two or three chunks gives the same digests', () => {
    const text = A + B + '\n' + C + '#\n# x\n';
    const whole = digestsInChunks(text, []).inOrder;
    expect(whole).toEqual([sha(A), sha(B + "\n"), sha(C + "#\n"), sha("# x\n")]);
    for (let i = 0; i <= text.length; i++) {
      expect(digestsInChunks(text, [i]).inOrder).toEqual(whole);
      for (let j = i; j <= Math.min(text.length, i + 4); j++) expect(digestsInChunks(text, [i, j]).inOrder).toEqual(whole);
    }
  });

  test('a one-byte change changes that section digest only; bytes are counted', () => {
    const d = new SectionDigests();
    d.push(Buffer.from(A + B.replace('9:9', '9:8'), 'latin1'));
    expect(d.end()).toEqual([sha(A), sha(B.replace('9:9', '9:8'))].sort());
    expect(d.bytes).toBe(A.length + B.length);
    expect(sectionDigestsOf(Buffer.alloc(0))).toEqual([]);
  });

  test('onSection hears each section as it ends', () => {
    const heard: string[] = [];
    const d = new SectionDigests((digest) => heard.push(digest));
    d.push(Buffer.from(A + B.slice(0, 5), 'latin1'));
    expect(heard).toEqual([sha(A)]);
    d.push(Buffer.from(B.slice(5), 'latin1'));
    expect(heard).toEqual([sha(A)]);
    d.end();
    expect(heard).toEqual([sha(A), sha(B)]);
  });
});
