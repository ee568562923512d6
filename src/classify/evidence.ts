/**
 * Evidence from the -m=2 explanation: the WHY role table (reference Appendix A), the notes of a
 * verdict's explanation in print order, and the *route* — the sink that made the value outlive its
 * frame (returned, stored in a global, passed to a call that keeps it, ...). Rules decide from
 * these, never from the wording of the verdict message.
 */
import type { Flow, FlowStep, VerdictRecord } from '../parse/records.js';
import type { RecordFacts } from './facts.js';
import { NO_FACTS } from './facts.js';
import { splitTopLevel } from './subject.js';

export type WhyRole = 'alloc-reason' | 'sink' | 'structural' | 'unsafe' | 'closure' | 'iface' | 'unreachable';

export const WHY_ROLE: Readonly<Record<string, WhyRole>> = {
  'too large for stack': 'alloc-reason',
  'too aligned for stack': 'alloc-reason',
  'non-constant size': 'alloc-reason',
  'zero-sized element': 'alloc-reason',
  return: 'sink',
  assign: 'sink',
  'call parameter': 'sink',
  send: 'sink',
  'map literal key': 'sink',
  'map literal value': 'sink',
  'key of map put': 'sink',
  'appended slice...': 'sink',
  'appendee slice': 'sink',
  'copied slice': 'sink',
  'captured by a closure': 'closure',
  reference: 'closure',
  'interface-converted': 'iface',
  'conversion to unsafe.Pointer': 'unsafe',
  '//go:uintptrescapes': 'unsafe',
  'reflect.Header.Data': 'unsafe',
  spill: 'structural',
  'address-of': 'structural',
  indirection: 'structural',
  dot: 'structural',
  'dot of pointer': 'structural',
  'fixed-array-index-of': 'structural',
  slice: 'structural',
  'slice-to-array': 'structural',
  'slice-literal-element': 'structural',
  'array literal element': 'structural',
  'struct literal element': 'structural',
  'assign-pair': 'structural',
  'assign-pair-dot-type': 'structural',
  range: 'structural',
  'range-deref': 'structural',
  'switch case': 'structural',
  'assign-pair-mapr': 'unreachable',
  'assign-pair-receive': 'unreachable',
  'callee operand': 'unreachable',
};

/** Role of a WHY; unknown future WHYs count as structural so they never decide a rule alone. */
export function whyRole(why: string): WhyRole {
  return WHY_ROLE[why] ?? 'structural';
}

export interface NoteRef {
  flow: Flow;
  step: FlowStep;
}

/** The flows of the first explanation block: the one the verdict is about. */
export function primaryFlows(record: VerdictRecord): Flow[] {
  const first = record.flows[0];
  return first === undefined ? [] : record.flows.filter((f) => f.block === first.block);
}

/** Whether the record carries an -m=2 explanation at all (false for -m=1 logs). */
export function explained(record: VerdictRecord): boolean {
  return record.flows.length > 0;
}

/** Notes by record: every rule reads them in turn. Records are not changed once parsed. */
const notesOf = new WeakMap<VerdictRecord, readonly NoteRef[]>();

export function notes(record: VerdictRecord): readonly NoteRef[] {
  let out = notesOf.get(record);
  if (out === undefined) {
    out = primaryFlows(record).flatMap((flow) => flow.steps.map((step) => ({ flow, step })));
    notesOf.set(record, out);
  }
  return out;
}

export function hasWhy(record: VerdictRecord, why: string): boolean {
  return notes(record).some((n) => n.step.why === why);
}

/** The HeapAllocReason note, when the allocation was forced to the heap regardless of flow. */
export function allocReason(record: VerdictRecord): string | null {
  const n = notes(record).find((x) => whyRole(x.step.why) === 'alloc-reason');
  return n?.step.why ?? null;
}

/** A step that has both `(captured by a closure)` and `(reference)`: captured by reference. */
export function capturedByReference(record: VerdictRecord): boolean {
  return primaryFlows(record).some(
    (f) => f.steps.some((s) => s.why === 'captured by a closure') && f.steps.some((s) => s.why === 'reference'),
  );
}

/** Deduplicated WHYs, in flow order, whose role is in `roles`. */
export function whysWithRole(record: VerdictRecord, roles: readonly WhyRole[]): string[] {
  const out: string[] = [];
  for (const n of notes(record)) {
    if (roles.includes(whyRole(n.step.why)) && !out.includes(n.step.why)) out.push(n.step.why);
  }
  return out;
}

/** The evidence list a rule reports: the listed WHYs that occur, plus every sink/closure/iface/unsafe WHY. */
export function deciding(record: VerdictRecord, extra: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const n of notes(record)) {
    const why = n.step.why;
    const role = whyRole(why);
    const keep = extra.includes(why) || role === 'sink' || role === 'closure' || role === 'iface' || role === 'unsafe' || role === 'alloc-reason';
    if (keep && !out.includes(why)) out.push(why);
  }
  return out;
}

export type RouteKind =
  | 'return' // flows to a result
  | 'assign' // stored in a global or heap memory
  | 'call' // passed to a call that keeps it (or an unknown callee)
  | 'append' // stored into slice storage by append / copy
  | 'send' // sent on a channel
  | 'map' // stored in a map
  | 'closure' // captured by a closure that escapes
  | 'boxed' // converted into an interface whose box escapes
  | 'contained' // stored inside another allocation that escapes
  | 'outlives' // assigned to a variable declared outside the loop / enclosing function
  | 'heap-variable' // assigned to a variable that is itself moved to the heap
  | 'go' // a go statement's closure
  | 'defer' // a defer in a loop
  | 'unsafe' // unsafe / pragma hooks
  | 'receiver' // held by a method value's receiver, whose closure escapes
  | 'heap' // reaches the heap with no sink note
  | 'unknown'; // no explanation (-m=1)

export interface Route {
  kind: RouteKind;
  /** What the route names: the callee, the assigned location, the result, the containing allocation. */
  target: string | null;
  /**
   * For a call made inside an inlined call: the callee in the inlined body (`fmt.Appendf` where
   * `target` is `log.Printf`, the call the user wrote).
   */
  via?: string;
  /** For the `...` arguments of a call (`contained` in `... argument`): that call. */
  call?: string;
  /** The note that decided the route, if any. */
  step: FlowStep | null;
}

/** How the compiler names the implicit slice of a variadic call's arguments. */
const VARIADIC_SLICE = '... argument';

function storageOf(loc: string): string | null {
  return loc.startsWith('{storage for ') && loc.endsWith('}') ? loc.slice('{storage for '.length, -1) : null;
}

/** `fmt.Fprintln(os.Stdout, fmt.a...)` → `fmt.Fprintln`. */
export function calleeOfExpr(expr: string): string | null {
  // The arguments are the parentheses that close the expression; a method expression
  // `(*atomic.Value).Store(v, x)` has another pair in front of them.
  let open = -1;
  if (expr.endsWith(')')) {
    let depth = 0;
    for (let i = expr.length - 1; i >= 0; i--) {
      if (expr[i] === ')') depth += 1;
      else if (expr[i] === '(' && --depth === 0) {
        open = i;
        break;
      }
    }
  }
  if (open <= 0) open = expr.indexOf('(');
  if (open <= 0) return null;
  const name = expr.slice(0, open).trim();
  return /^(?:\(\*?[\p{L}_][\p{L}\p{N}_.[\]]*\)\.)?[\p{L}_][\p{L}\p{N}_.[\]*()]*$/u.test(name) ? name : null;
}

/** `sink = b` → `sink`; `a, b = x, y` → `a, b`. */
function assignedTo(expr: string): string | null {
  const parts = splitTopLevel(expr, ' = ');
  if (parts.length >= 2) return parts[0] ?? null;
  const decl = splitTopLevel(expr, ' := ');
  return decl.length >= 2 ? (decl[0] ?? null) : null;
}

/** A result of the compiler's naming (`~r0`), also as generic code compiled in another package prints it (`ring.~r0`). */
const RESULT = /^(?:[\p{L}_][\p{L}\p{N}_]*\.)?~[rR]\d+$/u;

/** A temporary of the compiler's (`.autotmp_24`, `ring..autotmp_3`). */
const TEMP = /^(?:[\p{L}_][\p{L}\p{N}_]*\.)?\.autotmp_\d+/u;

/** A static temporary of the compiler's, for package-level composite data (`p..stmp_27@24`). */
const STATIC_TEMP = /\.\.stmp_\d+/;

/** Why the value left its frame, from the last sink note and the last flow's destination. */
export function findRoute(record: VerdictRecord, facts: RecordFacts = NO_FACTS): Route {
  const flows = primaryFlows(record);
  const last = flows[flows.length - 1];
  if (last === undefined) return { kind: 'unknown', target: null, step: null };
  const all = notes(record);
  const unsafeNote = all.find((n) => whyRole(n.step.why) === 'unsafe');
  if (unsafeNote !== undefined) return { kind: 'unsafe', target: unsafeNote.step.why, step: unsafeNote.step };
  const root = last.dst;
  const lastNotes = last.steps;
  const lastNote = lastNotes[lastNotes.length - 1];
  const inner = storageOf(root);
  if (inner !== null) {
    if (lastNote?.why === 'interface-converted') {
      // An element of a struct or array literal that is boxed (`errRange{i: num}` returned as an
      // error): stored in that literal, whose box is its own finding.
      const element = lastNotes[lastNotes.length - 2];
      if (element !== undefined && (element.why === 'struct literal element' || element.why === 'array literal element') && inner !== record.subject) {
        return { kind: 'contained', target: inner, step: element };
      }
      return { kind: 'boxed', target: inner, step: lastNote };
    }
    const capture = inner === 'func literal' ? lastNotes.find((s) => s.why === 'captured by a closure') : undefined;
    if (capture !== undefined) return closureRoute(capture, facts);
    // The `...` arguments of a call, whose slice escapes on its own: its variadic-slice finding
    // carries the rest of the explanation, which stops here (at the call).
    if (inner === VARIADIC_SLICE && lastNote !== undefined) {
      const call = facts.calleeAt(lastNote);
      if (call !== null) return { kind: 'contained', target: inner, call, step: lastNote };
    }
    return { kind: 'contained', target: inner, step: lastNote ?? null };
  }
  if (RESULT.test(root) || facts.namedResults.includes(root)) {
    return { kind: 'return', target: root, step: [...all].reverse().find((n) => n.step.why === 'return')?.step ?? lastNote ?? null };
  }
  // `{temp} ← c`, then `… ← {temp}`, neither with a note: the compiler storing the receiver `c`
  // into a method value's closure (Classifier's boundReceivers). Notes before them only say how
  // the value got into `c`.
  const previous = flows[flows.length - 2];
  if (lastNotes.length === 0 && last.src === '{temp}' && previous !== undefined && previous.dst === '{temp}' && previous.steps.length === 0 && previous.derefs === 0) {
    // Through a chain of temporaries (`{temp} ← p`, `{temp} ← {temp}`) to the name it started from.
    let at = flows.length - 2;
    for (let before = flows[at - 1]; flows[at]?.src === '{temp}' && before !== undefined && before.dst === '{temp}' && before.steps.length === 0; before = flows[at - 1]) at -= 1;
    // `c ← &pipe` before it: `c` is an inlined method's receiver, a name the caller may use for
    // something else; `pipe` is the caller's.
    const start = flows[at]?.src ?? null;
    const from = flows[at - 1];
    const caller = from !== undefined && from.dst === start && from.derefs === -1 && !from.src.startsWith('{') ? from.src : start;
    return { kind: 'receiver', target: caller, step: null };
  }
  const sink = [...all].reverse().find((n) => whyRole(n.step.why) === 'sink');
  if (root !== '{heap}') {
    if (sink?.step.why === 'return') return { kind: 'return', target: root, step: sink.step };
    if (root === '{temp}') return { kind: 'heap', target: null, step: sink?.step ?? null };
    // The compiler explains an escape by the location it reaches that outlives the allocation:
    // a variable of an outer loop or function, or one that is itself on the heap.
    if (facts.movedToHeap(root)) return { kind: 'heap-variable', target: root, step: lastNote ?? null };
    return { kind: 'outlives', target: root, step: lastNote ?? null };
  }
  if (sink === undefined) {
    const closure = all.find((n) => n.step.why === 'captured by a closure');
    if (closure !== undefined) return closureRoute(closure.step, facts);
    if (facts.statementKeyword === 'go') return { kind: 'go', target: null, step: null };
    if (facts.statementKeyword === 'defer') return { kind: 'defer', target: null, step: null };
    return { kind: 'heap', target: null, step: null };
  }
  const step = sink.step;
  switch (step.why) {
    case 'return':
      return { kind: 'return', target: null, step };
    case 'assign':
      return { kind: 'assign', target: assignedTo(step.expr), step };
    case 'call parameter': {
      const callee = facts.calleeAt(step) ?? calleeOfExpr(step.expr);
      if (callee === 'append' || callee === 'copy') return { kind: 'append', target: callee, step };
      const entry = enteredCall(all, sink, facts, record);
      if (entry !== null && callee !== null && entry !== callee) return { kind: 'call', target: entry, via: callee, step };
      return { kind: 'call', target: callee, step };
    }
    case 'send':
      return { kind: 'send', target: null, step };
    case 'map literal key':
    case 'map literal value':
    case 'key of map put':
      return { kind: 'map', target: null, step };
    default:
      return { kind: 'append', target: step.why === 'copied slice' ? 'copy' : 'append', step };
  }
}

/** Captured by a closure; at a go or defer statement, by the closure the compiler makes for its call. */
function closureRoute(capture: FlowStep, facts: RecordFacts): Route {
  const keyword = facts.tokenAt(capture);
  return { kind: 'closure', target: keyword === 'go' || keyword === 'defer' ? keyword : null, step: capture };
}

/** `log.format, log.v := …`: an inlined call's parameters, qualified by its package, assigned at the call. */
const INLINED_PARAMETERS = /^([\p{L}_][\p{L}\p{N}_]*)\.[^\s,]+(?:, [\p{L}_][\p{L}\p{N}_]*\.[^\s,]+)* := /u;

/**
 * The call the user wrote when `sink` is a call inside its inlined body: a step on the record's
 * own file assigns the inlined call's parameters at that call's `(`, and the value reaches the
 * sink from a variable of that body (log.Printf: `log.format, log.v := …`, then
 * `{heap} ← *log.v` into fmt.Appendf). A value that comes back out of the body (a result,
 * `~r0 = filepath.join(…)`) and is passed on in the user's code has no such call. Null then.
 */
function enteredCall(all: readonly NoteRef[], sink: NoteRef, facts: RecordFacts, record: VerdictRecord): string | null {
  for (const n of all) {
    if (n === sink) break;
    if (n.step.why !== 'assign-pair' || n.step.file !== record.file) continue;
    const qualifier = INLINED_PARAMETERS.exec(n.step.expr)?.[1];
    if (qualifier === undefined || !sink.flow.src.startsWith(`${qualifier}.`)) continue;
    const callee = facts.calleeAt(n.step);
    if (callee !== null) return callee;
  }
  return null;
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}

/**
 * The route as a clause that completes "it is …": `returned to the caller`,
 * `assigned to \`sink\`, which outlives the call`.
 */
export function routeClause(route: Route): string {
  switch (route.kind) {
    case 'return':
      // A named result, not a temporary of the compiler's (`~r1`, `.autotmp_24`).
      return route.target !== null && !RESULT.test(route.target) && !TEMP.test(route.target)
        ? `returned to the caller (as result ${code(route.target)})`
        : 'returned to the caller';
    case 'assign':
      // `(net.IPMask)(example.com/p..stmp_27@24)`: the static data the compiler lays out for a
      // package-level variable's composite value.
      if (route.target !== null && STATIC_TEMP.test(route.target)) return "stored in a package-level variable's initial value, a global";
      // An element whose index holds the compiler's names (`errors[.autotmp_16.String()]`): the map or slice's.
      if (route.target !== null && /\.autotmp_\d+|~[rR]\d+/.test(route.target)) {
        const container = /^([\p{L}_][\p{L}\p{N}_.]*)\[.*\]$/u.exec(route.target)?.[1];
        return container !== undefined ? `assigned to an element of ${code(container)}, a global or heap location` : 'stored in a global or heap location';
      }
      return route.target !== null ? `assigned to ${code(route.target)}, a global or heap location` : 'stored in a global or heap location';
    case 'call':
      return route.target !== null
        ? `passed to ${code(route.target)}, which keeps it or cannot be analysed`
        : 'passed to a call that keeps it or cannot be analysed';
    case 'append':
      return route.target === 'copy' ? 'copied into slice storage that escapes' : 'appended to a slice whose storage escapes';
    case 'send':
      return 'sent on a channel';
    case 'map':
      return 'stored in a map';
    case 'closure':
      return route.target === 'go' || route.target === 'defer'
        ? `captured by the closure the compiler makes for a ${route.target} statement's call, which escapes`
        : 'captured by a closure that escapes';
    case 'boxed':
      return 'converted to an interface whose box escapes';
    case 'contained':
      if (route.target === VARIADIC_SLICE && route.call !== undefined) return `stored in the \`...\` arguments of the call to ${code(route.call)}, a slice that itself escapes`;
      return route.target !== null ? `stored in ${code(route.target)}, which itself escapes` : 'stored in another allocation that escapes';
    case 'outlives':
      return `assigned to ${code(route.target ?? '?')}, which outlives the loop iteration or closure that created it`;
    case 'heap-variable':
      return `stored in ${code(route.target ?? '?')}, a variable that is itself moved to the heap`;
    case 'go':
      return 'started as a goroutine';
    case 'defer':
      return 'deferred inside a loop';
    case 'unsafe':
      return `passed through unsafe code (${route.target ?? 'unsafe'})`;
    case 'receiver':
      // A compiler temporary (`~r0`, `.autotmp_3`) is no name the source has.
      return route.target !== null && !RESULT.test(route.target) && !TEMP.test(route.target) && !route.target.startsWith('{')
        ? `held in ${code(route.target)}, the receiver of a method value that escapes`
        : 'bound as the receiver of a method value that escapes';
    case 'heap':
      return 'moved to the heap by the flow shown';
    case 'unknown':
      return 'used in a way that outlives the function (the log holds no -m=2 explanation for it)';
  }
}

export { code as inlineCode };
