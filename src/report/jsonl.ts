/**
 * `heaplint parse` output: one JSON object per record, keys in a fixed order (documented in
 * docs/records.md): kind, file, line, column, message, the kind's own fields, then package,
 * variant, count, logLine. The order is spelled out here rather than taken from object
 * construction, so that records built anywhere serialise to the same bytes.
 */
import type { Explanation, Flow, FlowStep, ParsedRecord, RecordKind } from '../parse/records.js';

const VERDICT_FIELDS = ['subject', 'function', 'flows', 'explanations'] as const;

/** Kind-specific fields, in output order. */
const KIND_FIELDS: Record<RecordKind, readonly string[]> = {
  'moved-to-heap': VERDICT_FIELDS,
  'escapes-to-heap': VERDICT_FIELDS,
  'does-not-escape': VERDICT_FIELDS,
  'leaking-param': VERDICT_FIELDS,
  'leaking-param-content': VERDICT_FIELDS,
  'leaking-param-to-result': ['subject', 'function', 'result', 'level', 'flows', 'explanations'],
  'orphan-explanation': VERDICT_FIELDS,
  'zero-copy': [],
  capture: ['function', 'subject', 'byRef', 'addr', 'assign', 'width'],
  'self-assignment': ['function', 'statement'],
  'unsafe-uintptr': ['subject', 'variadic'],
  'escaping-uintptr': ['subject', 'variadic'],
  'param-mutates': ['subject', 'derefs'],
  'param-calls': ['subject', 'derefs'],
  'param-no-effect': ['subject', 'derefs'],
  'can-inline': ['function', 'cost'],
  'cannot-inline': ['function', 'reason', 'cost', 'budget', 'caller'],
  'inlining-call': ['function'],
  optimization: ['category'],
  'package-header': [],
  'compile-error': ['text'],
  'tool-message': [],
  unrecognized: [],
};

function stepJson(s: FlowStep): unknown {
  return { expr: s.expr, why: s.why, file: s.file, line: s.line, column: s.column };
}

function flowJson(f: Flow): unknown {
  return { block: f.block, dst: f.dst, src: f.src, derefs: f.derefs, steps: f.steps.map(stepJson) };
}

function explanationJson(e: Explanation): unknown {
  return {
    subject: e.subject,
    function: e.function,
    sink: e.sink,
    derefs: e.derefs,
    truncated: e.truncated,
  };
}

/** One JSON Lines line (without the trailing newline) for a record. */
export function recordToJson(r: ParsedRecord): string {
  const src = r as unknown as Record<string, unknown>;
  const o: Record<string, unknown> = {
    kind: r.kind,
    file: r.file,
    line: r.line,
    column: r.column,
    message: r.message,
  };
  for (const k of KIND_FIELDS[r.kind]) {
    const v = src[k];
    if (k === 'flows') o[k] = (v as Flow[]).map(flowJson);
    else if (k === 'explanations') o[k] = (v as Explanation[]).map(explanationJson);
    else o[k] = v === undefined ? null : v;
  }
  o.package = r.package;
  o.variant = r.variant;
  o.count = r.count;
  o.logLine = r.logLine;
  return JSON.stringify(o);
}
