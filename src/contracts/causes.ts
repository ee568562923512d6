/**
 * Plain-words causes for contract messages, read from a verdict's -m=2 flow. This is a short
 * summary for the contract message only; the classifier's rules do the full categorisation.
 */
import type { FindingFlowStep } from '../findings/finding.js';
import type { Flow, VerdictRecord } from '../parse/records.js';

/** Compiler reasons that force a heap allocation whatever the flow (HeapAllocReason). */
const ALLOC_REASONS: Record<string, string> = {
  'too large for stack': 'it is too large for the stack',
  'too aligned for stack': 'it is too aligned for the stack',
  'non-constant size': 'its size is not a compile-time constant',
  'zero-sized element': 'its element type has zero size and its length is not constant',
};

/** Route notes, as a verb phrase; read from the root of the flow backwards. */
const ROUTES: Record<string, string> = {
  return: 'is returned from the function',
  'call parameter': 'is passed to a call that keeps it',
  send: 'is sent on a channel',
  'map literal key': 'is stored in a map',
  'map literal value': 'is stored in a map',
  'key of map put': 'is stored in a map',
  'appended slice...': 'is copied into slice storage that escapes',
  'appendee slice': 'is copied into slice storage that escapes',
  'copied slice': 'is copied into slice storage that escapes',
  'captured by a closure': 'is captured by a closure',
  reference: 'is captured by a closure',
  'conversion to unsafe.Pointer': 'is converted to unsafe.Pointer',
  '//go:uintptrescapes': 'is passed to a //go:uintptrescapes function',
  'reflect.Header.Data': 'is reached through a reflect header',
};

/** Subjects that name an allocation of their own; any other escaping expression is a boxed value. */
const ALLOCATION_FORM =
  /^(?:new\(|&|\[\]|map\[|make\(|func literal$|append$|append\(|\.\.\. argument$|string\(|\(\[\]byte\)|\(\[\]rune\))/;

function isBoxing(record: VerdictRecord): boolean {
  if (record.kind !== 'escapes-to-heap' || ALLOCATION_FORM.test(record.subject)) return false;
  // `a + b` string concatenation allocates its own bytes; it is not a boxed value.
  return !/^[^()"]* \+ /.test(record.subject);
}

function route(flows: readonly Flow[]): string | null {
  for (let fi = flows.length - 1; fi >= 0; fi--) {
    const flow = flows[fi]!;
    for (let si = flow.steps.length - 1; si >= 0; si--) {
      const why = flow.steps[si]!.why;
      if (why === 'assign') {
        return flow.dst === '{heap}' ? 'is stored in a global or in heap memory' : `is assigned to \`${flow.dst}\`, which outlives it`;
      }
      const phrase = ROUTES[why];
      if (phrase !== undefined) return phrase;
    }
  }
  return null;
}

/** `it is captured by a closure`, or null when the log carries no explanation (-m=1). */
export function describeCause(record: VerdictRecord): string | null {
  for (const flow of record.flows) {
    for (const step of flow.steps) {
      const reason = ALLOC_REASONS[step.why];
      if (reason !== undefined) return reason;
    }
  }
  const phrase = route(record.flows);
  if (isBoxing(record)) return phrase === null ? 'it is boxed into an interface' : `it is boxed into an interface, which ${phrase}`;
  if (phrase !== null) return `it ${phrase}`;
  if (record.flows.length > 0) {
    const last = record.flows[record.flows.length - 1]!;
    return `it flows to \`${last.dst}\`, which outlives it`;
  }
  return null;
}

/** WHY notes in flow order, each once. */
export function evidenceOf(record: VerdictRecord): string[] {
  const seen = new Set<string>();
  for (const flow of record.flows) for (const step of flow.steps) seen.add(step.why);
  return [...seen];
}

/** The flow as finding steps; `resolve` maps printed paths to repo paths. */
export function flowSteps(record: VerdictRecord, resolve: (printed: string) => string | null): FindingFlowStep[] {
  const steps: FindingFlowStep[] = [];
  for (const flow of record.flows) {
    const op = flow.derefs < 0 ? '&' : '*'.repeat(flow.derefs);
    const edge = `${flow.dst} ← ${op}${flow.src}`;
    if (flow.steps.length === 0) {
      steps.push({ file: null, line: null, column: null, message: edge, why: null });
      continue;
    }
    for (const step of flow.steps) {
      steps.push({
        file: step.file === null ? null : resolve(step.file),
        line: step.line,
        column: step.column,
        message: `${edge}: ${step.expr} (${step.why})`,
        why: step.why,
      });
    }
  }
  return steps;
}
