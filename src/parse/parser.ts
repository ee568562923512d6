/**
 * Streaming, line-oriented parser: lines in, typed records out (contract: docs/records.md).
 *
 * Output for one `# pkg` section is buffered until the next header (or `end()`), because a
 * verdict is printed after its explanation blocks, not next to them, and identical lines
 * (generic shapes, inlined callees) have to be folded. Within a section records come out in
 * log order of their first line, so the output is deterministic.
 */
import { classifyExplanation, classifyLine, type Diag, type VerdictKind } from './grammar.js';
import { fixStrings, hasHighBytes, latin1ToUtf8 } from './latin1.js';
import type { SplitLine } from './position.js';
import type {
  Explanation,
  Flow,
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
  /**
   * The block's raw lines joined by '\n' (header first), set when it closes. Flows are parsed
   * from it only when its record is emitted: a big section then holds one string per block
   * (usually a slice of the input chunk, no copy) instead of millions of small objects for
   * the garbage collector. Also how a block printed twice (generic shapes) is recognised.
   */
  text: string;
  lineCount: number;
  /** While open: the chunk and the span [spanStart, spanEnd) of the lines seen so far in it. */
  src: string;
  spanStart: number;
  spanEnd: number;
  /** Earlier pieces when the block crossed a chunk boundary. */
  parts: string[];
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
  positioned: boolean;
}

const ESC_KINDS: ReadonlySet<VerdictKind> = new Set(['moved-to-heap', 'escapes-to-heap', 'does-not-escape']);
const PARAM_KINDS: ReadonlySet<VerdictKind> = new Set([
  'leaking-param',
  'leaking-param-content',
  'leaking-param-to-result',
  'does-not-escape',
]);

type Emit = (r: ParsedRecord) => void;

export interface ParserOptions {
  /**
   * 'latin1': lines are UTF-8 bytes decoded as latin1 (what parseStream does, for speed);
   * record strings are converted back to UTF-8 on the way out. Default 'text'.
   */
  encoding?: 'text' | 'latin1';
}

const TRUNC_REST = '   warning: truncated explanation due to assignment cycle; see golang.org/issue/35518';

export class EscapeLogParser {
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
  private readonly latin1: boolean;
  private logLine = 0;
  private pkg: string | null = null;
  private variant: string | null = null;

  // Section state, reset by flush().
  private records: ParsedRecord[] = [];
  private seen = new Map<string, ParsedRecord>();
  private verdicts: { v: VerdictRecord; key: string }[] = [];
  private blocks: Block[] = [];
  private blocksByHeader = new Map<string, Block[]>();
  private open: Block | null = null;
  private unknowns: Unknown[] = [];
  /** The unknown line TAB-continuation lines attach to (only right after it). */
  private lastUnknown: Unknown | null = null;
  private hasDiagnostics = false;
  /** Blocks joined to a record, parsed into flows when the record is emitted. */
  private pending = new Map<ParsedRecord, Block[]>();

  constructor(onRecord: Emit, options: ParserOptions = {}) {
    this.onRecord = onRecord;
    this.latin1 = options.encoding === 'latin1';
  }

  /** Feeds one line, without its terminator (a trailing '\r' is removed here). */
  pushLine(raw: string): void {
    this.pushSpan(raw, 0, raw.length);
  }

  /**
   * Feeds the line `src[start, end)` (no '\n'). The stream path passes whole decoded chunks
   * so that an explanation block can be kept as one slice of the chunk instead of per-line
   * strings.
   */
  pushSpan(src: string, start: number, end: number): void {
    this.stats.lines++;
    const logLine = ++this.logLine;
    const e = end > start && src.charCodeAt(end - 1) === 13 ? end - 1 : end;
    // Fast path: most lines of a -m=2 log continue the open explanation block.
    const b = this.open;
    if (b !== null && src.startsWith(b.prefix, start)) {
      const p = start + b.prefix.length;
      const c = src.charCodeAt(p + 3);
      if (
        (c === 32 /* ' ' */ && src.startsWith('     from ', p)) ||
        (c === 102 /* f */ && src.startsWith('   flow: ', p)) ||
        (c === 119 /* w */ && e === p + TRUNC_REST.length && src.startsWith(TRUNC_REST, p))
      ) {
        b.lineCount++;
        if (b.src === src && start === b.spanEnd + 1) {
          b.spanEnd = end;
        } else {
          b.parts.push(b.src.slice(b.spanStart, b.spanEnd));
          b.src = src;
          b.spanStart = start;
          b.spanEnd = end;
        }
        return;
      }
    }
    const text = src.slice(start, e);
    const lc = classifyLine(text);

    if (lc.t === 'diag') {
      const d = lc.diag;
      if (d.t === 'flow' || d.t === 'from' || d.t === 'truncated') {
        // Not the open block's position (the fast path above takes those): stray line.
        this.addUnknown(lc.pos, lc.message, text, logLine, false);
        return;
      }
      this.closeBlock();
      if (d.t === 'esc-header' || d.t === 'param-header') {
        this.lastUnknown = null;
        this.hasDiagnostics = true;
        const nb = this.newBlock(lc.pos, lc.message, text, logLine, d);
        nb.src = src;
        nb.spanStart = start;
        nb.spanEnd = end;
        if (this.latin1 && hasHighBytes(text)) {
          fixStrings(nb.explanation);
          nb.message = latin1ToUtf8(nb.message);
          nb.file = nb.file === null ? null : latin1ToUtf8(nb.file);
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
      if (this.latin1 && hasHighBytes(text)) fixStrings(rec);
      this.seen.set(text, rec);
      this.records.push(rec);
      return;
    }

    if (lc.t === 'continuation') {
      if (this.lastUnknown !== null) {
        this.lastUnknown.continuation.push(text);
        this.stats.continuationLines = (this.stats.continuationLines ?? 0) + 1;
        return;
      }
      this.closeBlock();
      this.addUnknown(NO_POS(text), text, text, logLine, false);
      this.lastUnknown = null;
      return;
    }

    this.closeBlock();
    this.lastUnknown = null;
    switch (lc.t) {
      case 'blank':
        this.stats.blankLines = (this.stats.blankLines ?? 0) + 1;
        return;
      case 'package-header':
        this.flush();
        this.pkg = this.latin1 ? latin1ToUtf8(lc.pkg) : lc.pkg;
        this.variant = this.latin1 && lc.variant !== null ? latin1ToUtf8(lc.variant) : lc.variant;
        this.stats.packages++;
        this.records.push({
          kind: 'package-header',
          file: null,
          line: null,
          column: null,
          message: this.latin1 ? latin1ToUtf8(text) : text,
          package: this.pkg,
          variant: this.variant,
          count: 1,
          logLine,
        });
        return;
      case 'tool-message':
        this.records.push({
          kind: 'tool-message',
          file: null,
          line: null,
          column: null,
          message: this.latin1 ? latin1ToUtf8(text) : text,
          package: this.pkg,
          variant: this.variant,
          count: 1,
          logLine,
        });
        return;
    }
  }

  private emit(r: ParsedRecord): void {
    this.stats.records++;
    if (r.kind === 'unrecognized') this.stats.unrecognized++;
    else if (r.kind === 'compile-error') this.stats.compileErrors++;
    this.onRecord(r);
  }

  /** Flushes the last section. Call once, after the last line. */
  end(): void {
    this.flush();
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
      positioned: split.file !== null,
    };
    this.unknowns.push(u);
    this.lastUnknown = u;
  }

  private newBlock(pos: SplitLine, message: string, raw: string, logLine: number, d: Diag): Block {
    const explanation: Explanation =
      d.t === 'param-header'
        ? { subject: d.subject, function: d.fn, sink: d.sink, derefs: d.derefs, truncated: false }
        : d.t === 'esc-header'
          ? { subject: d.subject, function: d.fn, sink: null, derefs: null, truncated: false }
          : { subject: '', function: null, sink: null, derefs: null, truncated: false };
    return {
      kind: d.t === 'param-header' ? 'param' : 'esc',
      key: pos.key,
      prefix: raw.slice(0, raw.length - pos.rest.length),
      file: pos.file,
      line: pos.line,
      column: pos.column,
      message,
      explanation,
      text: '',
      lineCount: 1,
      src: raw,
      spanStart: 0,
      spanEnd: raw.length,
      parts: [],
      logLine,
    };
  }

  private closeBlock(): void {
    const b = this.open;
    if (b === null) return;
    this.open = null;
    const span = b.src.slice(b.spanStart, b.spanEnd);
    b.text = b.parts.length === 0 ? span : [...b.parts, span].join('\n');
    b.parts = [];
    b.src = '';
    const nl = b.text.indexOf('\n');
    const header = nl < 0 ? b.text : b.text.slice(0, nl);
    const same = this.blocksByHeader.get(header);
    if (same !== undefined) {
      for (const o of same) {
        if (o.text === b.text) {
          this.stats.duplicates += b.lineCount;
          return;
        }
      }
      same.push(b);
    } else {
      this.blocksByHeader.set(header, [b]);
    }
    this.blocks.push(b);
  }

  private diagRecord(pos: SplitLine, message: string, d: Diag, logLine: number): ParsedRecord {
    const base = {
      file: pos.file,
      line: pos.line,
      column: pos.column,
      message,
      package: this.pkg,
      variant: this.variant,
      count: 1,
      logLine,
    };
    switch (d.t) {
      case 'verdict': {
        const v: VerdictRecord = { kind: d.kind, ...base, subject: d.subject, function: null, flows: [], explanations: [] };
        if (d.kind === 'leaking-param-to-result') {
          v.result = d.result ?? '';
          v.level = d.level ?? 0;
        }
        this.verdicts.push({ v, key: pos.key });
        return v;
      }
      case 'zero-copy':
        return { kind: 'zero-copy', ...base };
      case 'capture':
        return {
          kind: 'capture',
          ...base,
          function: d.fn,
          subject: d.subject,
          byRef: d.byRef,
          addr: d.addr,
          assign: d.assign,
          width: d.width,
        };
      case 'self-assignment':
        return { kind: 'self-assignment', ...base, function: d.fn, statement: d.statement };
      case 'uintptr':
        return { kind: d.kind, ...base, subject: d.subject, variadic: d.variadic };
      case 'param-effect':
        return { kind: d.kind, ...base, subject: d.subject, derefs: d.derefs };
      case 'can-inline':
        return { kind: 'can-inline', ...base, function: d.fn, cost: d.cost };
      case 'cannot-inline':
        return {
          kind: 'cannot-inline',
          ...base,
          function: d.fn,
          reason: d.reason,
          cost: d.cost,
          budget: d.budget,
          caller: d.caller,
        };
      case 'inlining-call':
        return { kind: 'inlining-call', ...base, function: d.fn };
      case 'optimization':
        return { kind: 'optimization', ...base, category: d.category };
      default:
        // Headers, explanation lines and unknowns never reach here (handled by pushLine).
        return { kind: 'unrecognized', ...base };
    }
  }

  /** Joins blocks to verdicts, resolves unknown lines, and emits the section in log order. */
  private flush(): void {
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
    this.blocks = [];
    this.blocksByHeader = new Map();
    this.unknowns = [];
    this.lastUnknown = null;
    this.pending = new Map();
    (out as ParsedRecord[]).sort(byLogLine);
    const late: ParsedRecord[] = [];
    for (let i = 0; i < out.length; i++) {
      const r = out[i];
      if (r === undefined) continue;
      out[i] = undefined;
      // Flows are built just before the record leaves, so they die young (cheap for the GC).
      const bs = pending.get(r);
      if (bs !== undefined) {
        pending.delete(r);
        for (const b of bs) this.attach(r as VerdictRecord | OrphanExplanationRecord, b, late);
      }
      this.emit(r);
      // A malformed line inside a block (never seen in real output) follows its record.
      if (late.length > 0) {
        for (const u of late) this.emit(u);
        late.length = 0;
      }
    }
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
      base.file = base.file === null ? null : latin1ToUtf8(base.file);
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
    const byKey = new Map<string, Block[]>();
    for (const b of this.blocks) {
      const list = byKey.get(b.key);
      if (list === undefined) byKey.set(b.key, [b]);
      else list.push(b);
    }
    // Only verdicts at a position that has blocks are candidates (most have none).
    const cands = new Map<string, VerdictRecord[]>();
    for (const { v, key } of this.verdicts) {
      if (!byKey.has(key)) continue;
      const list = cands.get(key);
      if (list === undefined) cands.set(key, [v]);
      else list.push(v);
    }
    const target = new Map<Block, VerdictRecord>();
    for (const [key, bs] of byKey) {
      const vs = cands.get(key) ?? [];
      matchEscapeBlocks(
        bs.filter((b) => b.kind === 'esc'),
        vs.filter((v) => ESC_KINDS.has(v.kind)),
        target,
      );
      matchParamBlocks(
        bs.filter((b) => b.kind === 'param'),
        vs.filter((v) => PARAM_KINDS.has(v.kind)),
        target,
      );
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

  private attach(v: VerdictRecord | OrphanExplanationRecord, b: Block, out: ParsedRecord[]): void {
    const index = v.explanations.length;
    v.explanations.push(b.explanation);
    const p = b.prefix.length;
    let flow: Flow | undefined;
    const lines = b.text.split('\n');
    for (let i = 1; i < lines.length; i++) {
      let raw = lines[i] ?? '';
      if (raw.charCodeAt(raw.length - 1) === 13) raw = raw.slice(0, -1);
      const d = classifyExplanation(raw.slice(p));
      if (d.t === 'flow') {
        flow = { block: index, dst: d.dst, src: d.src, derefs: d.derefs, steps: [] };
        if (this.latin1) {
          flow.dst = latin1ToUtf8(flow.dst);
          flow.src = latin1ToUtf8(flow.src);
        }
        v.flows.push(flow);
      } else if (d.t === 'from' && flow !== undefined) {
        const step = { file: d.at.file, line: d.at.line, column: d.at.column, expr: d.expr, why: d.why };
        if (this.latin1 && hasHighBytes(raw)) fixStrings(step);
        flow.steps.push(step);
      } else if (d.t === 'truncated') {
        b.explanation.truncated = true;
      } else {
        // Looked like an explanation line by its prefix but does not parse: keep it visible.
        this.stats.explanationLines--;
        const u: Unknown = {
          split: { file: b.file, line: b.line, column: b.column, key: b.key, rest: raw.slice(p) },
          message: raw.slice(p + 1),
          raw,
          continuation: [],
          logLine: b.logLine + i,
          definite: false,
          positioned: false,
        };
        out.push(this.unknownRecord(u));
      }
    }
  }
}

function NO_POS(text: string): SplitLine {
  return { file: null, line: null, column: null, key: '', rest: text };
}

function byLogLine(a: ParsedRecord, b: ParsedRecord): number {
  return a.logLine - b.logLine;
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
