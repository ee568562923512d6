import type { Rule } from './rule.js';
import { deciding, explained, findRoute, routeClause } from '../src/classify/evidence.js';
import { parseSubject } from '../src/classify/subject.js';
import { code, factsOf } from '../src/classify/rule-kit.js';

export const methodValue: Rule = {
  meta: {
    id: 'method-value',
    name: 'MethodValue',
    shortDescription: 'A bound method value (x.M) is heap-allocated because it escapes.',
    fullDescription:
      'Evaluating x.M without calling it creates a closure that binds the receiver. When that method value escapes (returned, stored, passed to a function that keeps it), the closure and, through it, the receiver are allocated on the heap. ' +
      'heaplint tells a method value from a boxed field by the compiler flow that feeds the receiver into the method value\'s storage, by the receiver\'s declared type, or by a method of that name declared in the package; a value stored in a ...any slice without an interface-converted step is a field\'s (a method value passed there is converted), and a package-qualified name that is a variable where the code is written (zl.msg, an inlined parameter) is no method value.',
    helpMarkdown: [
      '## Why it allocates',
      '',
      '`x.M` used as a value (not called) builds a closure that remembers `x`.',
      'When the method value escapes, that closure is heap-allocated, and the receiver usually has to escape with it.',
      '',
      '## Example',
      '',
      '```go',
      'func (s *Server) routes(mux *http.ServeMux) {',
      '\tmux.HandleFunc("/health", s.health) // method value escapes into the mux',
      '}',
      '```',
      '',
      'After: create it once, or pass a method expression and the receiver separately.',
      '',
      '```go',
      'type Server struct{ healthFn http.HandlerFunc }',
      '',
      'func NewServer() *Server {',
      '\ts := &Server{}',
      '\ts.healthFn = s.health // bound once, reused',
      '\treturn s',
      '}',
      '```',
      '',
      '## Fix',
      '',
      'Bind method values once and reuse them, or use a method expression such as `(*T).M` with an explicit receiver argument on hot paths.',
    ].join('\n'),
    defaultLevel: 'warning',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'closure', 'method-value'],
    precision: 'medium',
  },
  match(record, context) {
    if (record.kind !== 'escapes-to-heap' || parseSubject(record.subject).form !== 'selector') return null;
    const facts = factsOf(context);
    if (facts.methodValue !== true) return null;
    const route = findRoute(record, facts);
    return {
      message: `${code(record.subject)} escapes to the heap: the method value binds its receiver in a heap-allocated closure, which is ${routeClause(route)}. Bind the method value once and reuse it, or call the method directly.`,
      evidence: deciding(record),
      ...(explained(record) ? {} : { confidence: 'low' as const }),
    };
  },
};

export default methodValue;
