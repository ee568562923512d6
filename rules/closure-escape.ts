import type { Rule } from './rule.js';
import { deciding, findRoute, routeClause } from '../src/classify/evidence.js';
import type { Route } from '../src/classify/evidence.js';
import { isRangeFuncBody, RANGE_FUNC_HINT } from '../src/classify/range-func.js';
import { parseSubject } from '../src/classify/subject.js';
import { factsOf } from '../src/classify/rule-kit.js';

function hint(route: Route): string {
  switch (route.kind) {
    case 'go':
      return 'Every go statement allocates its closure; on hot paths hand work to long-lived worker goroutines over a channel instead of starting one per item.';
    case 'defer':
      return 'A defer inside a loop cannot use the stack; move the loop body into its own function so each defer runs once per call.';
    default:
      return 'Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack.';
  }
}

/** What a closure the compiler made (ImplicitClosures) is, by the statement at its position. */
function implicitClosure(statement: string | null): string {
  if (statement === 'go') return 'The closure the compiler makes to pass this go statement\'s call and arguments to the new goroutine';
  if (statement === 'defer') return 'The closure the compiler makes to keep this defer statement\'s call and arguments until the function returns';
  return 'A closure the compiler makes here (binding a call\'s arguments, or a generic function to its dictionary)';
}

/** The iterator a loop body is passed to: a temporary (`.autotmp_14(#yield1)`, a call's result) has no name worth showing. */
function iteratorRoute(route: Route): Route {
  return route.kind === 'call' && route.target !== null && route.target.startsWith('.autotmp') ? { ...route, target: null } : route;
}

export const closureEscape: Rule = {
  meta: {
    id: 'closure-escape',
    name: 'ClosureEscape',
    shortDescription: 'A func literal is heap-allocated because it escapes its function.',
    fullDescription:
      'A closure (func literal) with captured variables is a small object; when it outlives the function that creates it - it is returned, stored in a variable or field that escapes, passed to a function that keeps it, started with go, or deferred in a loop - the compiler allocates it on the heap. ' +
      'The message names the route taken from the -m=2 explanation. ' +
      'A func literal that uses no variable of the functions it is nested in is compiled to a static function value: the compiler still says it escapes, but nothing is allocated, and it is reported as a note. ' +
      'The closures the compiler makes itself - for go t.run() or a defer in a loop, to keep the call and its arguments, and for a generic function used as a value - are reported too when they capture something, though the compiler prints only their explanation and no verdict.',
    helpMarkdown: [
      '## Why it allocates',
      '',
      'A func literal that captures variables is compiled to a closure record holding those variables.',
      'If the closure outlives the function — returned, stored, passed to a callee that keeps it, run with `go`, or deferred inside a loop — the record is allocated on the heap.',
      '',
      '## Example',
      '',
      '```go',
      'func handlers(db *DB) []func() {',
      '\tvar hs []func()',
      '\tfor _, t := range tables {',
      '\t\ths = append(hs, func() { db.Vacuum(t) }) // one heap closure per table',
      '\t}',
      '\treturn hs',
      '}',
      '```',
      '',
      'After: store data, not closures.',
      '',
      '```go',
      'type job struct{ db *DB; table string }',
      '',
      'func (j job) run() { j.db.Vacuum(j.table) }',
      '```',
      '',
      '## Fix',
      '',
      'Prefer named functions and methods, create closures once instead of per call, and call short-lived closures directly so they stay on the stack.',
      '',
      '## Range-over-func loops',
      '',
      'From Go 1.23, `for x := range seq { ... }` over an iterator function compiles the loop body into a func literal and calls `seq` with it.',
      'When `seq` is a function value (an `iter.Seq` parameter, variable or call result), the compiler cannot see what it does with the body, so the body escapes.',
      'heaplint reports it at the loop as the body of a range-over-func loop, not as a func literal you wrote; the variables the body assigns, including the ones the compiler adds (`#state1`, `#next`, `#rv1`), are [closure-capture](closure-capture.md) findings at the same loop.',
      'Ranging over an iterator the compiler can inline (a small function or method that returns its func literal) keeps all of them on the stack.',
    ].join('\n'),
    defaultLevel: 'warning',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'closure'],
    precision: 'very-high',
  },
  match(record, context) {
    if (record.kind !== 'escapes-to-heap' || parseSubject(record.subject).form !== 'func-literal') return null;
    const facts = factsOf(context);
    const route = findRoute(record, facts);
    const evidence = deciding(record);
    const rangeBody = isRangeFuncBody(record);
    // Escape analysis marks a literal that captures nothing as escaping too; it is compiled to a
    // static function value, which allocates nothing.
    const static_ = !rangeBody && facts.staticClosure();
    const staticNote = static_ ? ' It captures no variables, so the compiler makes it a static function value and this does not allocate.' : '';
    const message = rangeBody
      ? `The body of this range-over-func loop escapes to the heap: the compiler makes it a func literal, which is ${routeClause(iteratorRoute(route))}; the variables the body assigns go to the heap with it. ${RANGE_FUNC_HINT}`
      : record.compilerMade === true
        ? `${implicitClosure(facts.statementKeyword)} escapes to the heap: it is ${routeClause(route)} (the compiler prints no verdict for a closure it makes, only its -m=2 explanation). ${hint(route)}`
        : `The func literal escapes to the heap: it is ${routeClause(route)}.${staticNote} ${hint(route)}`;
    return {
      message,
      evidence: evidence.length > 0 ? evidence : ['spill'].filter((w) => record.flows.some((f) => f.steps.some((s) => s.why === w))),
      ...(static_ ? { level: 'note' as const } : {}),
    };
  },
};

export default closureEscape;
