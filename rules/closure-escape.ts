import type { Rule } from './rule.js';
import { deciding, findRoute, routeClause } from '../src/classify/evidence.js';
import type { Route } from '../src/classify/evidence.js';
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

export const closureEscape: Rule = {
  meta: {
    id: 'closure-escape',
    name: 'ClosureEscape',
    shortDescription: 'A func literal is heap-allocated because it escapes its function.',
    fullDescription:
      'A closure (func literal) with captured variables is a small object; when it outlives the function that creates it - it is returned, stored in a variable or field that escapes, passed to a function that keeps it, started with go, or deferred in a loop - the compiler allocates it on the heap. ' +
      'The message names the route taken from the -m=2 explanation.',
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
    ].join('\n'),
    defaultLevel: 'warning',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'closure'],
    precision: 'very-high',
  },
  match(record, context) {
    if (record.kind !== 'escapes-to-heap' || parseSubject(record.subject).form !== 'func-literal') return null;
    const route = findRoute(record, factsOf(context));
    const evidence = deciding(record);
    return {
      message: `The func literal escapes to the heap: it is ${routeClause(route)}. ${hint(route)}`,
      evidence: evidence.length > 0 ? evidence : ['spill'].filter((w) => record.flows.some((f) => f.steps.some((s) => s.why === w))),
    };
  },
};

export default closureEscape;
