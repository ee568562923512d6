/**
 * Allocation contracts: `//heaplint:noescape`, `//heaplint:escapes`, `//heaplint:inline` and the
 * gcassert aliases, checked against the compiler's own verdicts at their exact positions.
 *
 * Pure: source text, directives and parsed records in, findings out. Every finding is an error,
 * whatever the per-rule configuration says, because a contract is something the author asked
 * the build to enforce.
 */
import { createHash } from 'node:crypto';
import type { Finding, FindingFlowStep } from '../findings/finding.js';
import type {
  CanInlineRecord,
  CannotInlineRecord,
  ParsedRecord,
  VerdictRecord,
} from '../parse/records.js';
import type { DirectiveProblem } from '../source/directive-scanner.js';
import type { Directive } from '../source/directives.js';
import { contractViolation } from '../../rules/contract-violation.js';
import { invalidDirective } from '../../rules/invalid-directive.js';
import { staleAnnotation } from '../../rules/stale-annotation.js';
import { describeCause, evidenceOf, flowSteps } from './causes.js';
import { expressionStartColumn, expressionExtent, scanGoSource, type Extent, type GoSource } from '../source/go-source.js';
import { unreachableInlined } from '../classify/unreachable.js';
import { comparePoints, enclosingFunc, scanGoLayout, type FuncDecl, type GoLayout } from './go-layout.js';

const CONTRACT_VIOLATION = contractViolation.id;
const STALE_ANNOTATION = staleAnnotation.id;
const INVALID_DIRECTIVE = invalidDirective.id;

/** The inliner's budget for calls inside a function it considers 'big' (inlineBigFunctionMaxCost). */
const BIG_FUNCTION_BUDGET = 20;

export interface ContractFile {
  /** Repo-relative, forward slashes. */
  repoPath: string;
  /** Import path of the package the file belongs to, or null when unknown. */
  packageImportPath: string | null;
  source: string;
  /** From `scanDirectives` on `source`. */
  directives: Directive[];
  /**
   * The scanner's problems for `source`. A directive at a problem's position has no effect: the
   * policy stage reports it as `invalid-directive`, so contracts neither checks nor re-reports it.
   */
  problems?: readonly DirectiveProblem[];
  /**
   * False when the file is not compiled although its package is built (a `_test.go` file under
   * `go build`, or a file excluded by build constraints). Its contracts are never checked.
   */
  compiled?: boolean;
}

export interface CheckContractsInput {
  /** The Go files of the module (only compiled files; see docs/contracts.md). */
  files: readonly ContractFile[];
  /** Parser output: verdicts and inlining records, positions as printed. */
  records: readonly ParsedRecord[];
  /** Printed path + `# pkg` header → repo path, or null when outside the repository. */
  resolve: (printedFile: string, pkg: string | null) => string | null;
  /** Import paths of the packages the build compiled. */
  builtPackages: ReadonlySet<string>;
  goVersion: { major: number; minor: number } | null;
}

interface Located<R> {
  record: R;
  file: string;
  line: number;
  column: number | null;
}

interface RecordIndex {
  /** `file:line` → verdicts on that line. */
  verdictsByLine: Map<string, Located<VerdictRecord>[]>;
  /** `file:line:column` → functions inlined at that call. */
  inlinedAt: Map<string, string[]>;
  /** `file:line` → functions inlined on that line. */
  inlinedOnLine: Map<string, string[]>;
  /** `file:line:column` (a function's name) → its inlinability verdict. */
  inlinability: Map<string, CanInlineRecord | CannotInlineRecord>;
  /** Positions of functions the inliner considers 'big'. */
  bigFunctions: Set<string>;
}

type Attachment = { kind: 'func'; func: FuncDecl } | { kind: 'line'; line: number } | { kind: 'nothing' };

interface FileContext {
  file: ContractFile;
  /** Scanned on first use: most files of a large build hold no contract and are never asked. */
  readonly layout: GoLayout;
  built: boolean;
  /** `line:column` of each scanner problem. */
  problemAt: Set<string>;
}

function fileContext(file: ContractFile, built: boolean): FileContext {
  let layout: GoLayout | undefined;
  return {
    file,
    get layout(): GoLayout {
      return (layout ??= scanGoLayout(file.source));
    },
    built,
    problemAt: new Set((file.problems ?? []).map((p) => `${p.line}:${p.column}`)),
  };
}

const key = (file: string, line: number, column?: number | null): string =>
  column === undefined ? `${file}:${line}` : `${file}:${line}:${column ?? '-'}`;

function push<V>(map: Map<string, V[]>, k: string, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

function pushOnce<V>(map: Map<string, V[]>, k: string, v: V): void {
  const list = map.get(k);
  if (!list) map.set(k, [v]);
  else if (!list.includes(v)) list.push(v);
}

function indexRecords(input: CheckContractsInput): RecordIndex {
  const cache = new Map<string, string | null>();
  const resolve = (printed: string, pkg: string | null): string | null => {
    const k = `${pkg ?? ''}\u0000${printed}`;
    if (!cache.has(k)) cache.set(k, input.resolve(printed, pkg));
    return cache.get(k) ?? null;
  };
  const index: RecordIndex = {
    verdictsByLine: new Map(),
    inlinedAt: new Map(),
    inlinedOnLine: new Map(),
    inlinability: new Map(),
    bigFunctions: new Set(),
  };
  const seenVerdicts = new Set<string>();
  for (const record of input.records) {
    if (record.file === null || record.line === null) continue;
    const file = resolve(record.file, record.package);
    if (file === null) continue;
    switch (record.kind) {
      case 'moved-to-heap':
      case 'escapes-to-heap':
      case 'does-not-escape':
      case 'leaking-param':
      case 'leaking-param-content':
      case 'leaking-param-to-result': {
        // Generic shapes and test variants print the same verdict more than once.
        const id = `${key(file, record.line, record.column)}\u0000${record.kind}\u0000${record.subject}`;
        if (seenVerdicts.has(id)) break;
        seenVerdicts.add(id);
        push(index.verdictsByLine, key(file, record.line), { record, file, line: record.line, column: record.column });
        break;
      }
      case 'inlining-call':
        // A package printed twice (its test variant) prints its inlining decisions twice.
        pushOnce(index.inlinedAt, key(file, record.line, record.column), record.function);
        pushOnce(index.inlinedOnLine, key(file, record.line), record.function);
        break;
      case 'can-inline':
      case 'cannot-inline': {
        const k = key(file, record.line, record.column);
        // `cannot inline F into G: repeated recursive cycle` is about one call, not about F.
        if (record.kind === 'cannot-inline' && / into /.test(record.message.split(':')[0] ?? '')) break;
        if (!index.inlinability.has(k)) index.inlinability.set(k, record);
        break;
      }
      case 'optimization':
        if (record.category === 'big-function') index.bigFunctions.add(key(file, record.line, record.column));
        break;
      default:
        break;
    }
  }
  return index;
}

/** `make([]byte, n)`: true when a length or capacity is not an integer literal. */
function isVariableSizeMake(subject: string): boolean {
  const m = /^make\((.*)\)$/s.exec(subject);
  if (!m) return false;
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of m[1]!) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
    } else current += ch;
  }
  args.push(current.trim());
  return args.slice(1).some((a) => !/^(?:0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)$/.test(a));
}

type HeapKind = 'moved' | 'escapes' | 'leak' | 'leak-content' | 'variable-make';

/** What kind of heap verdict `record` is, or null when it keeps the value off the heap. */
function heapKind(record: VerdictRecord, goVersion: CheckContractsInput['goVersion']): HeapKind | null {
  switch (record.kind) {
    case 'moved-to-heap':
      return 'moved';
    case 'escapes-to-heap':
      return 'escapes';
    case 'leaking-param':
      return 'leak';
    case 'leaking-param-content':
      return 'leak-content';
    case 'does-not-escape': {
      // Go 1.25+ keeps a variable-size make on the stack only up to 32 bytes; larger sizes are
      // heap-allocated at run time. Before 1.25 such a make always says `escapes to heap`.
      const modern = goVersion === null || goVersion.major > 1 || goVersion.minor >= 25;
      return modern && isVariableSizeMake(record.subject) ? 'variable-make' : null;
    }
    default:
      return null;
  }
}

function attachmentOf(directive: Directive, layout: GoLayout): Attachment {
  if (directive.trailing) return { kind: 'line', line: directive.line };
  for (let line = directive.line + 1; line <= layout.lineKinds.length; line++) {
    const kind = layout.lineKinds[line - 1];
    if (kind === 'comment') continue;
    if (kind !== 'code') return { kind: 'nothing' };
    const func = layout.funcs.find((f) => f.start.line === line);
    return func ? { kind: 'func', func } : { kind: 'line', line };
  }
  return { kind: 'nothing' };
}

const written = (d: Directive): string => `//${d.namespace}:${d.name}`;

function fingerprint(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

interface Draft {
  ruleId: string;
  message: string;
  file: string;
  line: number;
  column: number;
  function: string | null;
  package: string | null;
  subject: string;
  evidence: string[];
  flow: FindingFlowStep[];
  /** Where the span ends (exclusive); one byte when not given. */
  end?: Extent;
  /** Where the span starts when before `column` (an expression the compiler places inside it; Finding.startColumn). */
  start?: number;
}

/** The span of a directive comment, as the policy stage reports directive findings. */
function directiveEnd(directive: Directive): Extent {
  return { endLine: directive.line, endColumn: directive.column + Buffer.byteLength(directive.text, 'utf8') };
}

/** Column of the first code byte of `line` (for line-level findings without a verdict). */
function firstCodeColumn(source: string, line: number): number {
  const text = source.split('\n')[line - 1] ?? '';
  const m = /^[ \t]*/.exec(text);
  return Buffer.byteLength(m ? m[0] : '') + 1;
}

function normaliseFunctionName(name: string): string {
  // Drop instantiation brackets: `hash[go.shape.int]` → `hash`.
  let out = '';
  let depth = 0;
  for (const ch of name) {
    if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

function namesFunction(printed: string, decl: FuncDecl): boolean {
  const n = normaliseFunctionName(printed);
  return n === decl.compilerName || n.endsWith(`.${decl.compilerName}`);
}

function nearMiss(record: CannotInlineRecord): string {
  if (record.cost !== null && record.budget !== null && record.cost > record.budget) {
    return `${record.reason} (${record.cost - record.budget} over)`;
  }
  return record.reason;
}

class Checker {
  private readonly index: RecordIndex;
  private readonly contexts: FileContext[];
  private readonly drafts: Draft[] = [];
  private readonly sources = new Map<string, GoSource>();
  /** `file:line` of every `escapes` annotation: verdicts there are documented, never violations. */
  private readonly documented = new Set<string>();

  constructor(private readonly input: CheckContractsInput) {
    this.index = indexRecords(input);
    this.contexts = [...input.files]
      .sort((a, b) => (a.repoPath < b.repoPath ? -1 : a.repoPath > b.repoPath ? 1 : 0))
      .map((file) =>
        fileContext(
          file,
          file.compiled !== false && file.packageImportPath !== null && input.builtPackages.has(file.packageImportPath),
        ),
      );
  }

  run(): Finding[] {
    const contracts: Array<{ ctx: FileContext; directive: Directive; at: Attachment }> = [];
    for (const ctx of this.contexts) {
      for (const directive of ctx.file.directives) {
        if (directive.namespace === 'nolint' || directive.kind === 'ignore') continue;
        // Unknown words always come with a scanner problem; the policy stage reports those.
        if (directive.kind === 'unknown') continue;
        // A malformed directive in a built file is the policy stage's invalid-directive finding and
        // has no effect; in a file nobody checks, the contract's own error is the only report.
        if (ctx.built && ctx.problemAt.has(`${directive.line}:${directive.column}`)) continue;
        const at = attachmentOf(directive, ctx.layout);
        if (at.kind === 'nothing') {
          this.invalid(
            ctx,
            directive,
            `${written(directive)} is attached to nothing: put it in a function's doc comment, at the end of a line of code, or alone on the line above one.`,
          );
          continue;
        }
        if (!ctx.built) {
          const where =
            ctx.file.packageImportPath === null
              ? 'the file is not part of any built package'
              : !this.input.builtPackages.has(ctx.file.packageImportPath)
                ? `package \`${ctx.file.packageImportPath}\` was not built`
                : ctx.file.repoPath.endsWith('_test.go')
                  ? '`go build` does not compile test files'
                  : 'the build did not compile this file (excluded by build constraints)';
          this.invalid(ctx, directive, `${written(directive)} is never checked: ${where}.`);
          continue;
        }
        if (directive.kind === 'escapes') {
          const line = at.kind === 'func' ? at.func.start.line : at.line;
          this.documented.add(key(ctx.file.repoPath, line));
        }
        contracts.push({ ctx, directive, at });
      }
    }
    for (const { ctx, directive, at } of contracts) {
      if (directive.kind === 'noescape') this.checkNoescape(ctx, directive, at);
      else if (directive.kind === 'inline') this.checkInline(ctx, directive, at);
      else if (directive.kind === 'escapes') this.checkEscapes(ctx, directive, at);
    }
    return this.finish();
  }

  private invalid(ctx: FileContext, directive: Directive, message: string): void {
    this.drafts.push({
      ruleId: INVALID_DIRECTIVE,
      message,
      file: ctx.file.repoPath,
      line: directive.line,
      column: directive.column,
      function: enclosingFunc(ctx.layout.funcs, directive)?.compilerName ?? null,
      package: ctx.file.packageImportPath,
      subject: written(directive),
      evidence: [],
      flow: [],
      end: directiveEnd(directive),
    });
  }

  /** The subject's extent in the source, as the classifier marks it; scanned only for files with a violation. */
  /** The file's scanned source, scanned once (only files with a directive get here). */
  private sourceOf(ctx: FileContext): GoSource {
    let src = this.sources.get(ctx.file.repoPath);
    if (src === undefined) {
      src = scanGoSource(ctx.file.source);
      this.sources.set(ctx.file.repoPath, src);
    }
    return src;
  }

  private verdictEnd(ctx: FileContext, v: Located<VerdictRecord>): Extent | undefined {
    if (v.column === null) return undefined;
    const src = this.sourceOf(ctx);
    const identifier = v.record.kind !== 'escapes-to-heap' && v.record.kind !== 'does-not-escape';
    return expressionExtent(src, v.line, v.column, identifier ? 'identifier' : 'expression');
  }

  private verdictStart(ctx: FileContext, v: Located<VerdictRecord>): { start?: number } {
    const start = v.column === null ? null : expressionStartColumn(this.sourceOf(ctx), v.line, v.column);
    return start === null ? {} : { start };
  }

  private heapVerdictsOn(ctx: FileContext, line: number): Array<Located<VerdictRecord> & { heap: HeapKind }> {
    const out: Array<Located<VerdictRecord> & { heap: HeapKind }> = [];
    for (const v of this.index.verdictsByLine.get(key(ctx.file.repoPath, line)) ?? []) {
      const heap = heapKind(v.record, this.input.goVersion);
      // An allocation that cannot happen there breaks no contract (as the classifier reports none).
      if (heap !== null && !unreachableInlined(v.record, this.sourceOf(ctx))) out.push({ ...v, heap });
    }
    return out;
  }

  private checkNoescape(ctx: FileContext, directive: Directive, at: Attachment): void {
    const file = ctx.file.repoPath;
    if (at.kind === 'func') {
      const f = at.func;
      for (let line = f.start.line; line <= f.end.line; line++) {
        if (this.documented.has(key(file, line))) continue;
        for (const v of this.heapVerdictsOn(ctx, line)) {
          if (enclosingFunc([f], v) === null) continue;
          this.violation(ctx, directive, v, f.compilerName, true);
        }
      }
    } else if (at.kind === 'line') {
      if (this.documented.has(key(file, at.line))) return;
      for (const v of this.heapVerdictsOn(ctx, at.line)) {
        this.violation(ctx, directive, v, enclosingFunc(ctx.layout.funcs, v)?.compilerName ?? null, false);
      }
    }
  }

  private violation(
    ctx: FileContext,
    directive: Directive,
    v: Located<VerdictRecord> & { heap: HeapKind },
    fn: string | null,
    functionLevel: boolean,
  ): void {
    const r = v.record;
    const d = written(directive);
    const inlined = r.subject === '... argument' ? [] : (this.index.inlinedAt.get(key(v.file, v.line, v.column)) ?? []);
    const from = inlined.length === 0 ? '' : ` (from the inlined call to ${inlined.map((n) => `\`${n}\``).join(' and ')})`;
    const named =
      r.subject === 'append' ? 'The array grown by `append`' : r.subject === 'func literal' ? 'A closure (`func literal`)' : `\`${r.subject}\``;
    const subject = `${named}${from}`;
    const place = functionLevel
      ? `in \`${fn}\`, which is marked ${d}`
      : `on a line marked ${d}${fn === null ? '' : ` in \`${fn}\``}`;
    let message: string;
    let cause = describeCause(r);
    switch (v.heap) {
      case 'moved':
        message = `${subject} is moved to the heap ${place}`;
        break;
      case 'escapes':
        message = `${subject} escapes to the heap ${place}`;
        break;
      case 'leak':
        message = functionLevel
          ? `Parameter \`${r.subject}\` of \`${fn}\` leaks to the heap, but \`${fn}\` is marked ${d}`
          : `Parameter \`${r.subject}\` leaks to the heap ${place}`;
        break;
      case 'leak-content':
        message = functionLevel
          ? `What parameter \`${r.subject}\` of \`${fn}\` points to leaks to the heap, but \`${fn}\` is marked ${d}`
          : `What parameter \`${r.subject}\` points to leaks to the heap ${place}`;
        break;
      case 'variable-make':
        message = `${subject} has a size known only at run time ${place}`;
        cause = 'sizes over 32 bytes are allocated on the heap';
        break;
    }
    message += cause === null ? '. Run with -gcflags=-m=2 to see why.' : `: ${cause}.`;
    const evidence = v.heap === 'variable-make' ? ['non-constant size'] : evidenceOf(r);
    this.drafts.push({
      ruleId: CONTRACT_VIOLATION,
      message,
      file: v.file,
      line: v.line,
      column: v.column ?? 1,
      function: fn,
      package: ctx.file.packageImportPath,
      subject: r.subject,
      evidence,
      flow: flowSteps(r, (printed) => this.input.resolve(printed, r.package)),
      end: this.verdictEnd(ctx, v),
      ...this.verdictStart(ctx, v),
    });
  }

  private checkEscapes(ctx: FileContext, directive: Directive, at: Attachment): void {
    const line = at.kind === 'func' ? at.func.start.line : at.kind === 'line' ? at.line : null;
    if (line === null || this.heapVerdictsOn(ctx, line).length > 0) return;
    const rules = directive.rules.length > 0 ? ` ${directive.rules.join(',')}` : '';
    this.drafts.push({
      ruleId: STALE_ANNOTATION,
      message: `${written(directive)}${rules} on this line is stale: the compiler reports no escape here any more.`,
      file: ctx.file.repoPath,
      line: directive.line,
      column: directive.column,
      function: enclosingFunc(ctx.layout.funcs, { line, column: null })?.compilerName ?? null,
      package: ctx.file.packageImportPath,
      subject: written(directive),
      evidence: [],
      flow: [],
      end: directiveEnd(directive),
    });
  }

  private checkInline(ctx: FileContext, directive: Directive, at: Attachment): void {
    const d = written(directive);
    const file = ctx.file.repoPath;
    if (at.kind === 'line') {
      if ((this.index.inlinedOnLine.get(key(file, at.line)) ?? []).length > 0) return;
      // Say why when a function called on this line is one the compiler refused to inline.
      const reasons: string[] = [];
      for (const call of ctx.layout.calls.filter((c) => c.lparen.line === at.line)) {
        for (const other of this.contexts) {
          for (const f of other.layout.funcs) {
            const verdict = this.index.inlinability.get(key(other.file.repoPath, f.declPos.line, f.declPos.column));
            if (f.name === call.name && verdict?.kind === 'cannot-inline') {
              reasons.push(`\`${f.compilerName}\` cannot be inlined: ${nearMiss(verdict)}`);
            }
          }
        }
      }
      const why = reasons.length > 0 ? `: ${[...new Set(reasons)].join('; ')}` : ': the compiler printed no `inlining call to` line here';
      this.drafts.push({
        ruleId: CONTRACT_VIOLATION,
        message: `No call on this line is inlined, but the line is marked ${d}${why}.`,
        file,
        line: at.line,
        column: firstCodeColumn(ctx.file.source, at.line),
        function: enclosingFunc(ctx.layout.funcs, { line: at.line, column: null })?.compilerName ?? null,
        package: ctx.file.packageImportPath,
        subject: d,
        evidence: [],
        flow: [],
      });
      return;
    }
    if (at.kind !== 'func') return;
    const f = at.func;
    const verdict = this.index.inlinability.get(key(file, f.declPos.line, f.declPos.column));
    const base = {
      file,
      line: f.declPos.line,
      column: f.declPos.column,
      function: f.compilerName,
      package: ctx.file.packageImportPath,
      subject: f.compilerName,
      flow: [],
      end: { endLine: f.declPos.line, endColumn: f.declPos.column + Buffer.byteLength(f.name, 'utf8') },
    };
    if (verdict === undefined) {
      this.drafts.push({
        ...base,
        ruleId: CONTRACT_VIOLATION,
        message: `\`${f.compilerName}\` has no \`can inline\` line in the compiler output, but it is marked ${d}: it is not inlinable (with -gcflags=-m=2 the compiler also says why).`,
        evidence: [],
      });
      return;
    }
    if (verdict.kind === 'cannot-inline') {
      this.drafts.push({
        ...base,
        ruleId: CONTRACT_VIOLATION,
        message: `\`${f.compilerName}\` cannot be inlined, but it is marked ${d}: ${nearMiss(verdict)}.`,
        evidence: [verdict.reason],
      });
      return;
    }
    this.checkCallSites(ctx, directive, f, verdict);
  }

  /** Calls of an inlinable function that the compiler compiled without inlining them. */
  private checkCallSites(ctx: FileContext, directive: Directive, f: FuncDecl, verdict: CanInlineRecord): void {
    const d = written(directive);
    // A file whose text lacks the name declares and calls nothing of that name: its layout (a
    // scan of the whole file) is not needed. With GOROOT as the repository that is thousands of
    // files for one //gcassert:inline.
    const mention = (c: FileContext): boolean => c.file.source.includes(f.name);
    const ambiguous =
      f.receiver !== null &&
      this.contexts.some((c) => mention(c) && c.layout.funcs.some((g) => g.name === f.name && g.compilerName !== f.compilerName));
    if (ambiguous) return;
    for (const other of this.contexts) {
      if (!other.built || !mention(other)) continue;
      const samePackage = other.file.packageImportPath === ctx.file.packageImportPath;
      for (const call of other.layout.calls) {
        if (call.name !== f.name) continue;
        if (other.layout.funcs.some((g) => comparePoints(g.namePos, call.start) === 0)) continue;
        if (f.receiver === null ? call.qualified === samePackage : !call.qualified) continue;
        const inlined = this.index.inlinedAt.get(key(other.file.repoPath, call.lparen.line, call.lparen.column)) ?? [];
        if (inlined.some((n) => namesFunction(n, f))) continue;
        const caller = enclosingFunc(other.layout.funcs, call.lparen);
        const cost = verdict.cost === null ? '' : ` (\`${f.compilerName}\` costs ${verdict.cost})`;
        let why: string;
        if (caller !== null && this.index.bigFunctions.has(key(other.file.repoPath, caller.declPos.line, caller.declPos.column))) {
          why = `the call is in \`${caller.compilerName}\`, which the compiler considers 'big', so calls inside it are inlined only up to cost ${BIG_FUNCTION_BUDGET}${cost}`;
        } else {
          why = `the compiler printed no \`inlining call to ${f.compilerName}\` here${cost}`;
        }
        this.drafts.push({
          ruleId: CONTRACT_VIOLATION,
          message: `This call to \`${f.compilerName}\` is not inlined, but \`${f.compilerName}\` is marked ${d}: ${why}.`,
          file: other.file.repoPath,
          line: call.lparen.line,
          column: call.lparen.column,
          function: caller?.compilerName ?? null,
          package: other.file.packageImportPath,
          subject: f.compilerName,
          evidence: caller !== null && why.includes("'big'") ? ["function considered 'big'"] : [],
          flow: [],
        });
      }
    }
  }

  private finish(): Finding[] {
    const unique = new Map<string, Draft>();
    for (const draft of this.drafts) {
      // A verdict can break a function contract and a line contract at once: report it once.
      const k = `${draft.ruleId}\u0000${draft.file}\u0000${draft.line}\u0000${draft.column}\u0000${draft.subject}`;
      if (!unique.has(k)) unique.set(k, draft);
    }
    const sorted = [...unique.values()].sort(
      (a, b) =>
        cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message),
    );
    const ordinals = new Map<string, number>();
    return sorted.map((draft) => {
      const identity = [draft.ruleId, draft.file, draft.function ?? '', draft.subject];
      const ordinal = ordinals.get(identity.join('\u0000')) ?? 0;
      ordinals.set(identity.join('\u0000'), ordinal + 1);
      return {
        ruleId: draft.ruleId,
        level: 'error',
        message: draft.message,
        file: draft.file,
        line: draft.line,
        column: draft.column,
        ...(draft.start !== undefined ? { startColumn: draft.start } : {}),
        endLine: draft.end?.endLine ?? draft.line,
        endColumn: draft.end?.endColumn ?? draft.column + 1,
        function: draft.function,
        package: draft.package,
        subject: draft.subject,
        evidence: draft.evidence,
        flow: draft.flow,
        inlinedAt: [],
        fingerprint: fingerprint([...identity, String(ordinal)]),
      };
    });
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Contract, stale-annotation and invalid-directive findings, sorted by file, line, column. */
export function checkContracts(input: CheckContractsInput): Finding[] {
  return new Checker(input).run();
}
