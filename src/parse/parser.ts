/**
 * Streaming, line-oriented parser: lines in, typed records out (contract: docs/records.md).
 *
 * Output for one `# pkg` section is buffered until the next header (or `end()`), because a
 * verdict is printed after its explanation blocks, not next to them, and identical lines
 * (generic shapes, inlined callees) have to be folded. Within a section records come out in
 * log order of their first line, so the output is deterministic.
 *
 * Memory: explanation lines (nearly all of a -m=2 log) wait in a TextArena as bytes, not as
 * strings, and past its spill budget in a temporary file, so they never force a cut. A section
 * whose records, blocks and other lines outgrow `maxSectionBytes` (an estimate of their heap
 * cost) or `maxSectionObjects` is emitted in windows (see `window()`), so memory stays bounded
 * whatever the input; below those limits the output is exactly the whole-section result.
 */
import { TextArena, type ArenaOptions, type ArenaSpan } from './arena.js';
import { checkBlockLines, parseBlockLines, type BlockLinesSink } from './flows.js';
import { classifyLine, type Diag, type VerdictKind } from './grammar.js';
import { fixStrings, hasHighBytes, latin1ToUtf8 } from './latin1.js';
import { splitPosition, type SplitLine } from './position.js';
import { ChunkSplitter, DEFAULT_MAX_LINE_BYTES, headOf, OVERSIZED_HEAD_BYTES, type ChunkLineSink } from './splitter.js';
import type {
  Explanation,
  OrphanExplanationRecord,
  ParsedRecord,
  ParseStats,
  VerdictRecord,
} from './records.js';

/** One explanation block (E1/E2 header + flows + notes + optional truncation warning). */
interface Block {
  kind: 'esc' | 'param';
  key: string;
  /** The raw text before the message (`./a.go:3:4:`, `<unknown line number>:`, ''). */
  prefix: string;
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  explanation: Explanation;
  /** The raw header line (with its '\r', if any): blocks printed twice share it. */
  header: string;
  /**
   * The lines after the header, position prefix removed, in the section's arena (null when
   * there are none). Flows are parsed from them only when the record is emitted, so a big
   * section holds bytes instead of millions of small objects for the garbage collector.
   */
  span: ArenaSpan | null;
  lineCount: number;
  /** Some line has a byte >= 0x80 (latin1 mode): record strings need re-decoding. */
  high: boolean;
  logLine: number;
}

/** A line that matched no grammar; becomes a compile error or `unrecognized` at flush time. */
interface Unknown {
  split: SplitLine;
  message: string;
  raw: string;
  continuation: string[];
  logLine: number;
  /** True for messages that are errors whatever else the section printed. */
  definite: boolean;
  /**
   * It has a position as the compiler writes one before a message, `file:line[:col]: ` with the
   * space (`root:x:0:0:root:…` of a file that is no log has no space there).
   */
  positioned: boolean;
  /** `split.file` is decoded already (a block's, for a malformed line inside the block). */
  fileDecoded?: true;
}

const ESC_KINDS: ReadonlySet<VerdictKind> = new Set(['moved-to-heap', 'escapes-to-heap', 'does-not-escape']);
const PARAM_KINDS: ReadonlySet<VerdictKind> = new Set([
  'leaking-param',
  'leaking-param-content',
  'leaking-param-to-result',
  'does-not-escape',
]);

type Emit = (r: ParsedRecord) => void;

/**
 * Says which records of a batch need their flows, before any flow is built. `batch` is what is
 * about to be emitted, in log order: a whole `# pkg` section (`complete`), or a window of an
 * oversized one (`complete` false: later windows of the section are still to come). The
 * returned predicate is asked about each record that has explanation lines.
 */
export type FlowSelector = (
  batch: readonly ParsedRecord[],
  complete: boolean,
) => (r: VerdictRecord | OrphanExplanationRecord) => boolean;

/** Buffer#toString('latin1', …) without the argument handling: what it calls underneath. */
interface Latin1Buffer extends Buffer {
  latin1Slice(start: number, end: number): string;
}

export interface ParserOptions {
  /**
   * 'latin1': lines are UTF-8 bytes decoded as latin1 (what parseStream and pushChunk do, for
   * speed); record strings are converted back to UTF-8 on the way out. 'text': lines are
   * JavaScript strings (pushLine). Default: decided by the first input — pushChunk/pushLines
   * mean 'latin1', pushLine/pushSpan mean 'text'.
   */
  encoding?: 'text' | 'latin1';

  /**
   * Lines longer than this many bytes (characters for pushLine) are oversized: only their first
   * 64 KiB are kept, they become `unrecognized` (or `compile-error`) records, and are counted in
   * `stats.oversizedLines`. Default DEFAULT_MAX_LINE_BYTES (1 MiB).
   */
  maxLineBytes?: number;

  /**
   * Estimated heap bytes of buffered records, blocks and unknown lines (not explanation text,
   * which the arena holds and spills) past which a `# pkg` section is emitted in windows.
   * Default DEFAULT_MAX_SECTION_BYTES.
   */
  maxSectionBytes?: number;
  /**
   * Buffered records and blocks past which a section is emitted in windows. They live long
   * enough to reach the old generation, which V8 collects lazily: their real cost is a few
   * times their size. Default DEFAULT_MAX_SECTION_OBJECTS.
   */
  maxSectionObjects?: number;

  /**
   * How much of a section's explanation text stays in memory before the rest goes to a
   * temporary file, and where that file is (see ArenaOptions). Default: DEFAULT_SPILL_BYTES
   * (64 MiB), os.tmpdir().
   */
  arena?: ArenaOptions;

  /**
   * Records it turns down are emitted with `flows: []` (everything else unchanged: their
   * explanation headers, truncation and malformed lines are still reported), and their
   * explanation lines are never turned into objects. Flows are nearly all of the parser's
   * allocations, so a consumer that needs a few records' flows (lint: those in the repository)
   * saves most of its garbage-collection time. Default: every record gets its flows.
   */
  selectFlows?: FlowSelector;
}

/**
 * Estimated heap bytes of a section's buffered records, blocks and unknown lines past which it
 * is emitted in windows (see `window()`). Explanation text does not count: it waits in the
 * arena, which keeps at most its spill budget (DEFAULT_SPILL_BYTES) in memory and the rest in a
 * temporary file. The largest sections we have measured stay whole, so they parse exactly
 * (windowing can separate an explanation block from its verdict): go/types in the output of
 * `go build -gcflags=-m=2 std` counts 34.5 MB and 42.5 K records/blocks with Go 1.22, 20 MB and
 * 27 K with Go 1.26.
 * Input that is not explanations (600 MB of long `can inline` lines in one section, measured)
 * then peaks at about 240 MiB of RSS.
 */
export const DEFAULT_MAX_SECTION_BYTES = 64 << 20;
/** See DEFAULT_MAX_SECTION_BYTES: enough for Go 1.22's go/types section (42 K) in one piece. */
export const DEFAULT_MAX_SECTION_OBJECTS = 80_000;
/** Rough heap cost of one buffered record or block, for the section budget. */
const OBJECT_COST = 400;
/**
 * What a buffered string costs per character: itself, and the old-generation garbage it leaves
 * once the section is emitted, which V8 collects lazily (measured: a 600 MB section of long
 * lines windowed at a budget counting each character once peaked above 300 MiB of RSS).
 */
const STRING_COST = 3;

/** Record fields that come from the section header, decoded when the header was read. */
const SECTION_FIELDS: ReadonlySet<string> = new Set(['package', 'variant']);

const TRUNC_REST = '   warning: truncated explanation due to assignment cycle; see golang.org/issue/35518';
const FROM = '     from ';
const FLOW = '   flow: ';
const FROM_WORDS = keyWords(FROM);
const FLOW_WORDS = keyWords(FLOW);

export class EscapeLogParser implements ChunkLineSink {
  readonly stats: ParseStats = {
    lines: 0,
    bytes: 0,
    records: 0,
    duplicates: 0,
    unrecognized: 0,
    compileErrors: 0,
    explanationLines: 0,
    packages: 0,
    blankLines: 0,
    continuationLines: 0,
  };

  private readonly onRecord: Emit;
  /** Fixed by the constructor option or, without one, by the first push (see `encoding`). */
  private latin1: boolean;
  private decided: boolean;
  private readonly maxSection: number;
  private readonly maxObjects: number;
  private readonly maxLine: number;
  private selectFlows: FlowSelector | null;
  /** Cuts pushChunk's input into lines (created on the first chunk). */
  private splitter: ChunkSplitter | null = null;
  private logLine = 0;
  private pkg: string | null = null;
  private variant: string | null = null;

  // Section state, reset by flush().
  private records: ParsedRecord[] = [];
  private seen = new Map<string, ParsedRecord>();
  /** The section's verdicts and their position keys (two arrays: one object fewer per verdict). */
  private verdicts: VerdictRecord[] = [];
  private verdictKeys: string[] = [];
  private blocks: Block[] = [];
  /** The section's blocks by position, in log order: for duplicates, and for joinBlocks. */
  private blocksByKey = new Map<string, Block[]>();
  private open: Block | null = null;
  private unknowns: Unknown[] = [];
  /** The unknown line TAB-continuation lines attach to (only right after it). */
  private lastUnknown: Unknown | null = null;
  private hasDiagnostics = false;
  /** Blocks joined to a record, parsed into flows when the record is emitted. */
  private pending = new Map<ParsedRecord, Block[]>();
  /** The explanation lines of the section's blocks. */
  private arena: TextArena;
  private readonly arenaOptions: ArenaOptions;
  /** Estimated heap bytes of the section's records and blocks (not the arena's explanation text). */
  private heapCost = 0;
  /** Records, blocks and unknown lines buffered for the section. */
  private objects = 0;

  /**
   * The open block's prefix as 32-bit words (see keyWords), when it has 4+ characters: the
   * stream path recognises a block's lines four bytes at a time (String#startsWith goes char by
   * char). One scratch array for whichever block is open: a typed array per block (53,000 for
   * std) cost 20 MB of allocations.
   */
  private prefixWords: Int32Array = new Int32Array(64);
  /** The block whose prefix `prefixWords` holds. */
  private wordsOf: Block | null = null;

  /** Scratch: where each line of the current run of explanation lines starts. */
  private lineStarts = new Int32Array(1024);

  // The input chunk behind `pushSpan` calls on `chunkText` (see setChunk).
  private chunkBuf: Buffer | null = null;
  private chunkText: string | null = null;
  private chunkAscii = false;
  /** `chunkBuf` read as 32-bit words (prefix comparisons). */
  private chunkView: DataView | null = null;

  constructor(onRecord: Emit, options: ParserOptions = {}) {
    this.onRecord = onRecord;
    this.latin1 = options.encoding === 'latin1';
    this.decided = options.encoding !== undefined;
    this.maxSection = options.maxSectionBytes ?? DEFAULT_MAX_SECTION_BYTES;
    this.maxObjects = options.maxSectionObjects ?? DEFAULT_MAX_SECTION_OBJECTS;
    this.maxLine = Math.max(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, OVERSIZED_HEAD_BYTES);
    this.selectFlows = options.selectFlows ?? null;
    this.arenaOptions = options.arena ?? {};
    this.arena = new TextArena(this.latin1 ? 'latin1' : 'utf8', this.arenaOptions);
  }

  /** Fixes the encoding on the first push when the constructor left it open. */
  private decide(latin1: boolean): void {
    this.decided = true;
    if (latin1 === this.latin1) return;
    this.latin1 = latin1;
    this.arena = new TextArena(latin1 ? 'latin1' : 'utf8', this.arenaOptions);
  }

  /**
   * Sets (or, with null, removes) `selectFlows` after construction, before the first input: for
   * a pipeline that gets its parser from a factory it does not control.
   */
  setFlowSelector(select: FlowSelector | null): void {
    this.selectFlows = select;
  }

  /** Feeds one line, without its terminator (a trailing '\r' is removed here). */
  pushLine(raw: string): void {
    this.pushSpan(raw, 0, raw.length);
  }

  /**
   * Feeds raw bytes of the log, cut anywhere (a `go build` stderr chunk, a file read): the fast
   * path, with no string per line. Call `end()` after the last chunk; do not mix with pushLine.
   */
  pushChunk(buf: Buffer): void {
    if (!this.decided) this.decide(true);
    if (!this.latin1) throw new Error("EscapeLogParser.pushChunk needs { encoding: 'latin1' } (or no encoding)");
    this.stats.bytes += buf.length;
    (this.splitter ??= new ChunkSplitter(this, this.maxLine)).push(buf);
  }

  /** The most bytes pushChunk ever held for one unfinished line (bounded by maxLineBytes). */
  get peakLineBuffer(): number {
    return this.splitter?.peakPending ?? 0;
  }

  /**
   * An oversized line of `bytes` bytes, of which `head` (latin1) is the start: the splitter
   * calls this instead of buffering the whole line.
   */
  pushOversized(head: string, bytes: number): void {
    void bytes;
    this.stats.lines++;
    this.oversizedLine(head, ++this.logLine);
  }

  /**
   * Says that `text` is `buf` decoded as latin1 (latin1 mode only), so that lines pushed as
   * spans of `text` can be copied and cut from the bytes: explanation lines go to the arena
   * with one memcpy, and other lines become strings of their own instead of slices that would
   * keep the whole chunk alive. `ascii`: no byte of `buf` is >= 0x80. Pass nulls to forget it.
   */
  setChunk(buf: Buffer | null, text: string | null, ascii: boolean): void {
    this.chunkBuf = this.latin1 ? buf : null;
    this.chunkText = this.latin1 ? text : null;
    this.chunkAscii = ascii;
    this.chunkView = this.chunkBuf === null ? null : new DataView(this.chunkBuf.buffer, this.chunkBuf.byteOffset, this.chunkBuf.length);
  }

  /**
   * Feeds every complete line of `text[start, …)` and returns the index just past the last
   * '\n' (the caller keeps the rest for the next chunk). `buf` holds the bytes `text` was
   * decoded from as latin1, `ascii` says whether all are < 0x80 (see setChunk). The loop over
   * an open block's lines lives here, in locals: it runs for nearly every line of a -m=2 log.
   * Latin1 mode only (what parseStream uses).
   */
  pushLines(text: string, start: number, buf: Buffer, ascii: boolean): number {
    if (!this.decided) this.decide(true);
    if (!this.latin1) throw new Error("EscapeLogParser.pushLines needs { encoding: 'latin1' }");
    this.setChunk(buf, text, ascii);
    const arena = this.arena;
    const view = this.chunkView as DataView;
    const maxLine = this.maxLine;
    let ls = start;
    let nl = text.indexOf('\n', ls);
    while (nl >= 0) {
      const b = this.open;
      if (b !== null) {
        const plen = b.prefix.length;
        let words: Int32Array | null = null;
        if (plen >= 4) {
          if (this.wordsOf !== b) {
            this.prefixWords = keyWordsInto(b.prefix, this.prefixWords);
            this.wordsOf = b;
          }
          words = this.prefixWords;
        }
        const from = ls;
        let starts = this.lineStarts;
        let n = 0;
        for (;;) {
          const p = ls + plen;
          const c = buf[p + 3];
          if (nl - ls > maxLine) break;
          if (words !== null && (c === 32 || c === 102)) {
            if (c === 32) {
              if (p + FROM.length > nl || !wordsMatch(view, p, FROM_WORDS, FROM.length)) break;
            } else if (p + FLOW.length > nl || !wordsMatch(view, p, FLOW_WORDS, FLOW.length)) break;
            if (!wordsMatch(view, ls, words, plen)) break;
          } else if (!continues(text, ls, nl, b.prefix)) break;
          if (n === starts.length) {
            const bigger = new Int32Array(2 * n);
            bigger.set(starts);
            this.lineStarts = starts = bigger;
          }
          starts[n++] = ls;
          ls = nl + 1;
          nl = text.indexOf('\n', ls);
          if (nl < 0) break;
        }
        if (n > 0) {
          arena.copyLines(buf, from, ls, starts, n, plen);
          b.lineCount += n;
          this.stats.lines += n;
          this.logLine += n;
          if (this.latin1 && !ascii) b.high = true;
          if (nl < 0) break;
        }
      }
      this.otherLine(text, ls, nl);
      ls = nl + 1;
      nl = text.indexOf('\n', ls);
    }
    this.setChunk(null, null, false);
    return ls;
  }

  /**
   * Feeds the line `src[start, end)` (no '\n'). With setChunk, `src` can be a whole decoded
   * chunk, so that most lines are never cut out as strings at all (pushLines does that too,
   * faster).
   */
  pushSpan(src: string, start: number, end: number): void {
    if (!this.decided) this.decide(false);
    const b = this.open;
    if (b !== null && end - start <= this.maxLine && continues(src, start, end, b.prefix)) {
      this.stats.lines++;
      this.logLine++;
      b.lineCount++;
      const p = start + b.prefix.length;
      if (src === this.chunkText && this.chunkBuf !== null) {
        this.arena.copyLine(this.chunkBuf, p, end);
        if (this.latin1 && !this.chunkAscii) b.high = true;
      } else {
        const rest = src.slice(p, end);
        this.arena.writeLine(rest);
        if (this.latin1 && !b.high && hasHighBytes(rest)) b.high = true;
      }
      return;
    }
    this.otherLine(src, start, end);
  }

  /** Any line that does not continue the open block. */
  private otherLine(src: string, start: number, end: number): void {
    this.stats.lines++;
    const logLine = ++this.logLine;
    if (end - start > this.maxLine) {
      this.oversizedLine(detach(this.latin1 ? headOf(src.slice(start, start + OVERSIZED_HEAD_BYTES + 1), OVERSIZED_HEAD_BYTES) : textHead(src, start)), logLine);
      return;
    }
    const e = end > start && src.charCodeAt(end - 1) === 13 ? end - 1 : end;
    // A string of its own: records and blocks keep pieces of it for the whole section, and a
    // slice would keep alive the whole chunk it was cut from.
    const text =
      src === this.chunkText && this.chunkBuf !== null ? (this.chunkBuf as Latin1Buffer).latin1Slice(start, e) : detach(src.slice(start, e));
    const ascii = !this.latin1 || (src === this.chunkText ? this.chunkAscii : !hasHighBytes(text));
    const lc = classifyLine(text);

    if (lc.t === 'diag') {
      const d = lc.diag;
      if (this.over(1)) this.window(d);
      if (d.t === 'flow' || d.t === 'from' || d.t === 'truncated') {
        // Not the open block's position (the fast path above takes those): stray line.
        this.addUnknown(lc.pos, lc.message, text, logLine, false);
        return;
      }
      this.closeBlock();
      if (d.t === 'esc-header' || d.t === 'param-header') {
        this.lastUnknown = null;
        this.hasDiagnostics = true;
        const nb = this.newBlock(lc.pos, lc.message, text, e < end ? text + '\r' : text, logLine, d);
        if (!ascii && hasHighBytes(text)) {
          fixStrings(nb.explanation);
          nb.message = latin1ToUtf8(nb.message);
          nb.file = nb.file === null ? null : latin1ToUtf8(nb.file);
        }
        this.arena.begin();
        // The prefix's words, read from the bytes at hand (the fast path compares every line of
        // the block against them).
        if (nb.prefix.length >= 4 && this.chunkView !== null && src === this.chunkText) {
          this.prefixWords = wordsAtInto(this.chunkView, start, nb.prefix.length, this.prefixWords);
          this.wordsOf = nb;
        }
        this.open = nb;
        return;
      }
      if (d.t === 'unknown' || d.t === 'compile-error') {
        this.addUnknown(lc.pos, lc.message, text, logLine, d.t === 'compile-error');
        return;
      }
      this.lastUnknown = null;
      this.hasDiagnostics = true;
      const prev = this.seen.get(text);
      if (prev !== undefined) {
        prev.count++;
        this.stats.duplicates++;
        return;
      }
      const rec = this.diagRecord(lc.pos, lc.message, d, logLine);
      if (!ascii && hasHighBytes(text)) fixStrings(rec, SECTION_FIELDS);
      this.seen.set(text, rec);
      this.records.push(rec);
      this.heapCost += OBJECT_COST + STRING_COST * text.length;
      this.objects++;
      return;
    }

    if (lc.t === 'continuation') {
      if (this.lastUnknown !== null) {
        this.lastUnknown.continuation.push(text);
        this.stats.continuationLines = (this.stats.continuationLines ?? 0) + 1;
        this.heapCost += STRING_COST * text.length;
        return;
      }
      this.closeBlock();
      this.addUnknown(NO_POS(text), text, text, logLine, false);
      this.lastUnknown = null;
      return;
    }

    if (this.over(1)) this.window(null);
    this.closeBlock();
    this.lastUnknown = null;
    switch (lc.t) {
      case 'blank':
        this.stats.blankLines = (this.stats.blankLines ?? 0) + 1;
        return;
      case 'package-header':
        this.flush(true);
        this.pkg = this.latin1 ? latin1ToUtf8(lc.pkg) : lc.pkg;
        this.variant = this.latin1 && lc.variant !== null ? latin1ToUtf8(lc.variant) : lc.variant;
        this.stats.packages++;
        this.pushUnpositioned('package-header', text, logLine);
        return;
      case 'tool-message':
        this.pushUnpositioned('tool-message', text, logLine);
        return;
    }
  }

  /** A record with no position and no fields of its own: a `# pkg` header or a cmd/go line. */
  private pushUnpositioned(kind: 'package-header' | 'tool-message', text: string, logLine: number): void {
    this.records.push({
      kind,
      file: null,
      line: null,
      column: null,
      message: this.latin1 ? latin1ToUtf8(text) : text,
      package: this.pkg,
      variant: this.variant,
      count: 1,
      logLine,
    });
    this.heapCost += OBJECT_COST + STRING_COST * text.length;
    this.objects++;
  }

  /**
   * A line too long to keep: its head becomes an unknown line (an error in a section without
   * diagnostics, otherwise `unrecognized`), or continues the previous unknown line when it
   * starts with a TAB. Never a diagnostic: the end of the line, which says what it is, is gone.
   */
  private oversizedLine(head: string, logLine: number): void {
    this.stats.oversizedLines = (this.stats.oversizedLines ?? 0) + 1;
    if (this.over(1)) this.window(null);
    if (head.charCodeAt(0) === 9 && this.lastUnknown !== null) {
      this.lastUnknown.continuation.push(head);
      this.stats.continuationLines = (this.stats.continuationLines ?? 0) + 1;
      this.heapCost += STRING_COST * head.length;
      return;
    }
    const pos = splitPosition(head);
    const message = pos.rest.charCodeAt(0) === 32 ? pos.rest.slice(1) : pos.rest;
    this.addUnknown(pos, message, head, logLine, false);
  }

  /**
   * Emits the section so far once it has outgrown the budget, so that memory stays bounded
   * however large a section is. The cut is made where an escape-analysis batch starts (an
   * explanation header after a line that is not part of a block): the compiler prints a
   * batch's explanations before its verdicts, so every block before the cut has met its
   * verdict. Only when a section offers no such point (say, blocks and no verdicts at all)
   * does the cut happen at any line, once a quarter more than the budget is buffered (real
   * batches are at most a few MB). The price: lines that repeat on both sides of a cut are no
   * longer folded into one record.
   */
  private window(d: Diag | null): void {
    const batchStart = d !== null && (d.t === 'esc-header' || d.t === 'param-header') && this.open === null;
    if (!batchStart && !this.over(1.25)) return;
    const diagnostics = this.hasDiagnostics;
    this.flush(false);
    this.hasDiagnostics = diagnostics;
  }

  /** The section has outgrown `factor` times its budget. */
  private over(factor: number): boolean {
    return this.heapCost > this.maxSection * factor || this.objects > this.maxObjects * factor;
  }

  private emit(r: ParsedRecord): void {
    this.stats.records++;
    if (r.kind === 'unrecognized') this.stats.unrecognized++;
    else if (r.kind === 'compile-error') this.stats.compileErrors++;
    this.onRecord(r);
  }

  /** Flushes the last section (and pushChunk's last line). Call once, after the last input. */
  end(): void {
    this.splitter?.end();
    this.flush(true);
  }

  private addUnknown(split: SplitLine, message: string, raw: string, logLine: number, definite: boolean): void {
    this.closeBlock();
    const u: Unknown = {
      split,
      message,
      raw,
      continuation: [],
      logLine,
      definite,
      positioned: split.file !== null && split.rest.charCodeAt(0) === 32,
    };
    this.unknowns.push(u);
    this.lastUnknown = u;
    this.heapCost += OBJECT_COST + STRING_COST * raw.length;
    this.objects++;
  }

  private newBlock(pos: SplitLine, message: string, raw: string, header: string, logLine: number, d: Diag): Block {
    const explanation: Explanation =
      d.t === 'param-header'
        ? { subject: d.subject, function: d.fn, sink: d.sink, derefs: d.derefs, truncated: false }
        : d.t === 'esc-header'
          ? { subject: d.subject, function: d.fn, sink: null, derefs: null, truncated: false }
          : { subject: '', function: null, sink: null, derefs: null, truncated: false };
    return {
      kind: d.t === 'param-header' ? 'param' : 'esc',
      key: pos.key,
      // The position key is the same text, except for `<unknown line number>:` (key '').
      prefix: raw.length - pos.rest.length === pos.key.length ? pos.key : raw.slice(0, raw.length - pos.rest.length),
      file: pos.file,
      line: pos.line,
      column: pos.column,
      message,
      explanation,
      header,
      span: null,
      lineCount: 1,
      high: false,
      logLine,
    };
  }

  private closeBlock(): void {
    const b = this.open;
    if (b === null) return;
    this.open = null;
    this.wordsOf = null;
    const span = b.lineCount > 1 ? this.arena.current() : null;
    // Looked up by position rather than by the longer header: the key's hash is needed by
    // joinBlocks anyway, and V8 keeps it in the string.
    const atKey = this.blocksByKey.get(b.key);
    if (atKey !== undefined) {
      for (const o of atKey) {
        if (o.header === b.header && o.lineCount === b.lineCount && (span === null || (o.span !== null && TextArena.same(o.span, span)))) {
          this.stats.duplicates += b.lineCount;
          this.arena.rollback();
          return;
        }
      }
      atKey.push(b);
    } else {
      this.blocksByKey.set(b.key, [b]);
    }
    b.span = span === null ? null : this.arena.commit();
    this.blocks.push(b);
    this.heapCost += OBJECT_COST + STRING_COST * b.header.length;
    this.objects++;
  }

  private diagRecord(pos: SplitLine, message: string, d: Diag, logLine: number): ParsedRecord {
    // Spelled out rather than spread from a shared base: one allocation per record, and the
    // field order (part of the JSON output) stays the same for every kind.
    const { file, line, column } = pos;
    const pkg = this.pkg;
    const variant = this.variant;
    switch (d.t) {
      case 'verdict': {
        const v: VerdictRecord = {
          kind: d.kind,
          file,
          line,
          column,
          message,
          package: pkg,
          variant,
          count: 1,
          logLine,
          subject: d.subject,
          function: null,
          flows: [],
          explanations: [],
        };
        if (d.kind === 'leaking-param-to-result') {
          v.result = d.result ?? '';
          v.level = d.level ?? 0;
        }
        this.verdicts.push(v);
        this.verdictKeys.push(pos.key);
        return v;
      }
      case 'zero-copy':
        return { kind: 'zero-copy', file, line, column, message, package: pkg, variant, count: 1, logLine };
      case 'capture':
        return {
          kind: 'capture',
          file,
          line,
          column,
          message,
          package: pkg,
          variant,
          count: 1,
          logLine,
          function: d.fn,
          subject: d.subject,
          byRef: d.byRef,
          addr: d.addr,
          assign: d.assign,
          width: d.width,
        };
      case 'self-assignment':
        return {
          kind: 'self-assignment',
          file,
          line,
          column,
          message,
          package: pkg,
          variant,
          count: 1,
          logLine,
          function: d.fn,
          statement: d.statement,
        };
      case 'uintptr':
        return {
          kind: d.kind,
          file,
          line,
          column,
          message,
          package: pkg,
          variant,
          count: 1,
          logLine,
          subject: d.subject,
          variadic: d.variadic,
        };
      case 'param-effect':
        return {
          kind: d.kind,
          file,
          line,
          column,
          message,
          package: pkg,
          variant,
          count: 1,
          logLine,
          subject: d.subject,
          derefs: d.derefs,
        };
      case 'can-inline':
        return {
          kind: 'can-inline',
          file,
          line,
          column,
          message,
          package: pkg,
          variant,
          count: 1,
          logLine,
          function: d.fn,
          cost: d.cost,
        };
      case 'cannot-inline':
        return {
          kind: 'cannot-inline',
          file,
          line,
          column,
          message,
          package: pkg,
          variant,
          count: 1,
          logLine,
          function: d.fn,
          reason: d.reason,
          cost: d.cost,
          budget: d.budget,
          caller: d.caller,
        };
      case 'inlining-call':
        return {
          kind: 'inlining-call',
          file,
          line,
          column,
          message,
          package: pkg,
          variant,
          count: 1,
          logLine,
          function: d.fn,
        };
      case 'optimization':
        return {
          kind: 'optimization',
          file,
          line,
          column,
          message,
          package: pkg,
          variant,
          count: 1,
          logLine,
          category: d.category,
        };
      default:
        // Headers, explanation lines and unknowns never reach here (handled by otherLine).
        return { kind: 'unrecognized', file, line, column, message, package: pkg, variant, count: 1, logLine };
    }
  }

  /**
   * Joins blocks to verdicts, resolves unknown lines, and emits the section in log order.
   * `complete`: the section ends here (false for a window, see window()).
   */
  private flush(complete: boolean): void {
    this.closeBlock();
    const out: (ParsedRecord | undefined)[] = this.records;
    this.joinBlocks(this.records);
    for (const u of this.unknowns) out.push(this.unknownRecord(u));
    const pending = this.pending;
    // Drop every other reference to the section before emitting, so that each record (and the
    // flows built for it below) can be collected as soon as the consumer lets go of it.
    this.records = [];
    this.seen = new Map();
    this.verdicts = [];
    this.verdictKeys = [];
    this.blocks = [];
    this.blocksByKey = new Map();
    this.unknowns = [];
    this.lastUnknown = null;
    this.pending = new Map();
    this.heapCost = 0;
    this.objects = 0;
    sortByLogLine(out as ParsedRecord[]);
    const wants = this.selectFlows !== null && pending.size > 0 ? this.selectFlows(out as ParsedRecord[], complete) : null;
    const late: ParsedRecord[] = [];
    for (let i = 0; i < out.length; i++) {
      let r = out[i];
      if (r === undefined) continue;
      out[i] = undefined;
      // Flows are built just before the record leaves, so they die young (cheap for the GC).
      const bs = pending.get(r);
      if (bs !== undefined) {
        pending.delete(r);
        const v = r as VerdictRecord | OrphanExplanationRecord;
        if (wants !== null && !wants(v)) {
          for (const b of bs) this.attach(v, b, late, false);
          this.emit(r);
          if (late.length > 0) {
            for (const u of late) this.emit(u);
            late.length = 0;
          }
          continue;
        }
        // Into a fresh copy: the buffered record has long been promoted to the old generation,
        // and young flows hanging off an old object survive every scavenge until a full GC.
        const fresh = { ...(r as VerdictRecord | OrphanExplanationRecord), flows: [], explanations: [] };
        for (const b of bs) this.attach(fresh, b, late, true);
        r = fresh;
      }
      this.emit(r);
      // A malformed line inside a block (never seen in real output) follows its record.
      if (late.length > 0) {
        for (const u of late) this.emit(u);
        late.length = 0;
      }
    }
    // Every block has been parsed: the arena's bytes can be reused.
    this.arena.reset();
    this.hasDiagnostics = false;
  }

  private unknownRecord(u: Unknown): ParsedRecord {
    const base = {
      file: u.split.file,
      line: u.split.line,
      column: u.split.column,
      message: u.message,
      package: this.pkg,
      variant: this.variant,
      count: 1,
      logLine: u.logLine,
    };
    if (this.latin1) {
      base.file = base.file === null || u.fileDecoded === true ? base.file : latin1ToUtf8(base.file);
      base.message = latin1ToUtf8(base.message);
      u.raw = latin1ToUtf8(u.raw);
      u.continuation = u.continuation.map(latin1ToUtf8);
    }
    // Type-check errors stop compilation before any -m output, so a positioned line nobody
    // recognises is an error only in a section without diagnostics.
    if (u.definite || (u.positioned && !this.hasDiagnostics)) {
      const text = u.continuation.length === 0 ? u.raw : [u.raw, ...u.continuation].join('\n');
      return { kind: 'compile-error', ...base, text };
    }
    if (u.continuation.length > 0) base.message = [base.message, ...u.continuation].join('\n');
    return { kind: 'unrecognized', ...base };
  }

  private joinBlocks(out: ParsedRecord[]): void {
    if (this.blocks.length === 0) return;
    const byKey = this.blocksByKey;
    // Only verdicts at a position that has blocks are candidates (most have none).
    const cands = new Map<string, VerdictRecord[]>();
    const keys = this.verdictKeys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] ?? '';
      if (!byKey.has(key)) continue;
      const v = this.verdicts[i] as VerdictRecord;
      const list = cands.get(key);
      if (list === undefined) cands.set(key, [v]);
      else list.push(v);
    }
    const target = new Map<Block, VerdictRecord>();
    for (const [key, bs] of byKey) {
      const vs = cands.get(key);
      if (vs === undefined) continue;
      let esc = 0;
      for (const b of bs) if (b.kind === 'esc') esc++;
      // Most positions have blocks of one kind: skip the other matcher and its filtering.
      if (esc > 0) {
        matchEscapeBlocks(
          esc === bs.length ? bs : bs.filter((b) => b.kind === 'esc'),
          vs.filter((v) => ESC_KINDS.has(v.kind)),
          target,
        );
      }
      if (esc < bs.length) {
        matchParamBlocks(
          esc === 0 ? bs : bs.filter((b) => b.kind === 'param'),
          vs.filter((v) => PARAM_KINDS.has(v.kind)),
          target,
        );
      }
    }
    const orphans = new Map<string, OrphanExplanationRecord>();
    for (const b of this.blocks) {
      this.stats.explanationLines += b.lineCount;
      const v = target.get(b);
      if (v !== undefined) {
        this.link(v, b);
        continue;
      }
      const okey = `${b.kind}\u0000${b.key}\u0000${b.explanation.subject}`;
      let o = orphans.get(okey);
      if (o === undefined) {
        o = {
          kind: 'orphan-explanation',
          file: b.file,
          line: b.line,
          column: b.column,
          message: b.message,
          subject: b.explanation.subject,
          function: null,
          flows: [],
          explanations: [],
          package: this.pkg,
          variant: this.variant,
          count: 1,
          logLine: b.logLine,
        };
        orphans.set(okey, o);
        out.push(o);
        this.stats.explanationLines--; // its header line is the record's own line
      }
      this.link(o, b);
    }
  }

  /** Parses a block's lines into flows and appends them (and its header) to `v`. */
  private link(v: VerdictRecord | OrphanExplanationRecord, b: Block): void {
    const list = this.pending.get(v);
    if (list === undefined) this.pending.set(v, [b]);
    else list.push(b);
    if (v.function === null) v.function = b.explanation.function;
    if (b.logLine < v.logLine) v.logLine = b.logLine;
  }


  /**
   * Parses a block's lines into flows (only checks them when `build` is false) and appends
   * them (and its header) to `v`.
   */
  private attach(v: VerdictRecord | OrphanExplanationRecord, b: Block, out: ParsedRecord[], build: boolean): void {
    const index = v.explanations.length;
    v.explanations.push(b.explanation);
    if (b.span === null) return;
    const text = this.arena.text(b.span);
    const sink: BlockLinesSink = {
      truncated: () => {
        b.explanation.truncated = true;
      },
      malformed: (i, rest) => {
        // Looked like an explanation line by its prefix but does not parse: keep it visible.
        this.stats.explanationLines--;
        const u: Unknown = {
          split: { file: b.file, line: b.line, column: b.column, key: b.key, rest },
          message: rest.slice(1),
          raw: b.prefix + rest,
          continuation: [],
          logLine: b.logLine + i,
          definite: false,
          positioned: false,
          fileDecoded: true,
        };
        out.push(this.unknownRecord(u));
      },
    };
    if (build) parseBlockLines(text, { block: index, latin1: this.latin1, fix: this.latin1 && b.high }, v.flows, sink);
    else checkBlockLines(text, this.latin1, sink);
  }
}

/**
 * True when `src[start, end)` is an explanation line of the block whose lines start with
 * `prefix`: `   flow: `, `     from ` or the truncation warning, right after the prefix.
 */
function continues(src: string, start: number, end: number, prefix: string): boolean {
  if (!src.startsWith(prefix, start)) return false;
  const p = start + prefix.length;
  switch (src.charCodeAt(p + 3)) {
    case 32: // ' '
      return src.startsWith(FROM, p);
    case 102: // f
      return src.startsWith(FLOW, p);
    case 119: {
      // w
      const e = end > start && src.charCodeAt(end - 1) === 13 ? end - 1 : end;
      return e === p + TRUNC_REST.length && src.startsWith(TRUNC_REST, p);
    }
    default:
      return false;
  }
}

/**
 * `key` (latin1, at least 4 chars) as little-endian 32-bit words at offsets 0, 4, 8, …, the
 * last one ending exactly where the key ends (it may overlap the one before).
 */
function keyWords(key: string): Int32Array {
  return keyWordsInto(key, new Int32Array((key.length + 3) >> 2));
}

/** keyWords into `words` (or a larger array when it is too short), which it returns. */
function keyWordsInto(key: string, words: Int32Array): Int32Array {
  const n = (key.length + 3) >> 2;
  if (words.length < n) words = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const at = Math.min(4 * i, key.length - 4);
    words[i] =
      key.charCodeAt(at) | (key.charCodeAt(at + 1) << 8) | (key.charCodeAt(at + 2) << 16) | (key.charCodeAt(at + 3) << 24);
  }
  return words;
}

/** The `len` (4+) bytes at `at` as keyWords gives them, into `words` as keyWordsInto does. */
function wordsAtInto(view: DataView, at: number, len: number, words: Int32Array): Int32Array {
  const n = (len + 3) >> 2;
  if (words.length < n) words = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) words[i] = view.getInt32(at + Math.min(4 * i, len - 4), true);
  return words;
}

/**
 * True when the `len` bytes at `at` are the key of `keyWords` (the caller checks they exist);
 * `words` may be longer than the key's words.
 */
function wordsMatch(view: DataView, at: number, words: Int32Array, len: number): boolean {
  const last = ((len + 3) >> 2) - 1;
  for (let i = 0; i < last; i++) if (view.getInt32(at + 4 * i, true) !== words[i]) return false;
  return view.getInt32(at + len - 4, true) === words[last];
}

/**
 * A copy of `s` that shares no storage with the string it may have been sliced from (V8 keeps
 * slices of 13+ characters as views into their parent). Slicing a concatenation flattens it
 * into a fresh string first.
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** The first OVERSIZED_HEAD_BYTES characters of a JS string from `start`, not cutting a surrogate pair. */
function textHead(src: string, start: number): string {
  let end = start + OVERSIZED_HEAD_BYTES;
  const c = src.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return src.slice(start, end);
}

function NO_POS(text: string): SplitLine {
  return { file: null, line: null, column: null, key: '', rest: text };
}

/** Bits of a sort key that hold the record's index (a section holds far fewer records). */
const INDEX_BITS = 2 ** 24;

/**
 * Sorts records by logLine (unique within a section). Through a Float64Array of
 * `logLine * 2^24 + index` keys, which sorts natively, instead of a comparator called about a
 * million times for std; exact while logLine < 2^29.
 */
function sortByLogLine(records: ParsedRecord[]): void {
  const n = records.length;
  if (n < 2) return;
  if (n >= INDEX_BITS || records.some((r) => r.logLine >= 2 ** 29)) {
    records.sort((a, b) => a.logLine - b.logLine);
    return;
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (records[i] as ParsedRecord).logLine * INDEX_BITS + i;
  keys.sort();
  const copy = records.slice();
  for (let i = 0; i < n; i++) records[i] = copy[(keys[i] as number) % INDEX_BITS] as ParsedRecord;
}

function bySubject(vs: VerdictRecord[]): Map<string, VerdictRecord[]> {
  const m = new Map<string, VerdictRecord[]>();
  for (const v of vs) {
    const list = m.get(v.subject);
    if (list === undefined) m.set(v.subject, [v]);
    else list.push(v);
  }
  return m;
}

/**
 * E1 blocks → `moved to heap` / `escapes to heap` verdicts at the same position. Subjects
 * usually agree; in 1.25+ the header may show `y` for a verdict `"hello"`, or `append(s, i)` for
 * `append`, so an unmatched block goes to the one escaping verdict at that position that has no
 * block, when that choice is unambiguous. Otherwise it stays an orphan. Indexed by subject:
 * `<autogenerated>:1` can carry thousands of blocks and verdicts.
 */
function matchEscapeBlocks(bs: Block[], vs: VerdictRecord[], target: Map<Block, VerdictRecord>): void {
  if (bs.length === 0 || vs.length === 0) return;
  const subj = bySubject(vs);
  const used = new Set<VerdictRecord>();
  const rest: Block[] = [];
  for (const b of bs) {
    const list = subj.get(b.explanation.subject);
    const v = list === undefined ? undefined : (list.find((x) => x.kind !== 'does-not-escape') ?? list[0]);
    if (v !== undefined) {
      target.set(b, v);
      used.add(v);
    } else rest.push(b);
  }
  if (rest.length === 0) return;
  const escaping = vs.filter((x) => x.kind !== 'does-not-escape' && x.subject !== 'append');
  const free = escaping.filter((x) => !used.has(x));
  const appendV = subj.get('append')?.[0];
  for (const b of rest) {
    let v: VerdictRecord | undefined;
    if (b.explanation.subject.startsWith('append(')) v = appendV;
    else if (free.length === 1) v = free[0];
    else if (escaping.length === 1) v = escaping[0];
    if (v !== undefined) target.set(b, v);
  }
}

/**
 * E2 blocks → the parameter's verdicts at the same position. A parameter can have one verdict
 * per result plus one for the heap; a block whose sink is a result goes to that result's line.
 */
function matchParamBlocks(bs: Block[], vs: VerdictRecord[], target: Map<Block, VerdictRecord>): void {
  if (bs.length === 0 || vs.length === 0) return;
  const subj = bySubject(vs);
  for (const b of bs) {
    const mine = subj.get(b.explanation.subject);
    if (mine === undefined) continue;
    const v =
      mine.find((x) => x.kind === 'leaking-param-to-result' && x.result === b.explanation.sink) ??
      mine.find((x) => x.kind === 'leaking-param' || x.kind === 'leaking-param-content') ??
      mine.find((x) => x.kind === 'leaking-param-to-result') ??
      mine[0];
    if (v !== undefined) target.set(b, v);
  }
}
