/**
 * `JSON.stringify(document, null, 2)` + '\n' as UTF-8 bytes, for a document with one large array
 * (the findings, the SARIF results) whose items are made on demand, a batch at a time. The items'
 * objects are never all alive at once, nor is the text as one string: a large report's text holds
 * `←` in its flows, which makes a JavaScript string two bytes a character where UTF-8 takes one.
 */

/** Items serialised per JSON.stringify call: few calls, and a small batch of objects alive. */
const BATCH = 64;

/** Stands where the items go: no text JSON.stringify writes for a report holds it. */
const SLOT = '\u0000heaplint items\u0000';

/**
 * `place(items)` is the document with `items` as its large array; `frame(items)` is a small
 * document that holds them at the same depth (`{ findings: items }` for a top-level array), which
 * each batch is serialised in, so that the rest of the document is serialised once however many
 * batches there are. `item(i)` makes item i of `count`.
 */
export function prettyJsonBytes(
  place: (items: unknown[]) => unknown,
  frame: (items: unknown[]) => unknown,
  count: number,
  item: (i: number) => unknown,
): Buffer {
  if (count === 0) return Buffer.from(`${JSON.stringify(place([]), null, 2)}\n`, 'utf8');
  const [head, tail] = around(JSON.stringify(place([SLOT]), null, 2));
  const [frameHead, frameTail] = around(JSON.stringify(frame([SLOT]), null, 2));
  // The first item's indentation ends the head; the first item of every later batch needs it too.
  const indent = head.slice(head.lastIndexOf('\n') + 1);
  if (frameHead.slice(frameHead.lastIndexOf('\n') + 1) !== indent) throw new Error('prettyJsonBytes: the frame must hold the items at the depth the document does');
  const chunks: Buffer[] = [Buffer.from(head, 'utf8')];
  for (let from = 0; from < count; from += BATCH) {
    const items: unknown[] = [];
    for (let i = from; i < Math.min(count, from + BATCH); i++) items.push(item(i));
    const text = JSON.stringify(frame(items), null, 2);
    chunks.push(Buffer.from(`${from > 0 ? `,\n${indent}` : ''}${text.slice(frameHead.length, text.length - frameTail.length)}`, 'utf8'));
  }
  chunks.push(Buffer.from(`${tail}\n`, 'utf8'));
  return Buffer.concat(chunks);
}

/** The text before and after the slot's item. */
function around(text: string): [string, string] {
  const slot = JSON.stringify(SLOT);
  const at = text.indexOf(slot);
  if (at < 0 || text.indexOf(slot, at + 1) >= 0) throw new Error('prettyJsonBytes: the document must hold the items once');
  return [text.slice(0, at), text.slice(at + slot.length)];
}
