import type { Rule } from './rule.js';
import { deciding, findRoute, routeClause } from '../src/classify/evidence.js';
import { code, factsOf } from '../src/classify/rule-kit.js';

const HINT = 'If the function only needs to read it, avoid storing or returning it so callers can keep their values on the stack.';

export const leakingParam: Rule = {
  meta: {
    id: 'leaking-param',
    name: 'LeakingParam',
    shortDescription: 'A parameter leaks, so the arguments callers pass for it escape to the heap.',
    fullDescription:
      'A leaking parameter is not an allocation in the function itself: it means the value (leaking param), what it points to (leaking param content) or a result derived from it (leaking param to result) outlives the call, so callers must heap-allocate what they pass. Off by default because it repeats what callers\' own findings show; enable it to audit APIs.',
    helpMarkdown: [
      '## Why it allocates',
      '',
      'Escape analysis summarises each function: if a parameter is stored somewhere that outlives the call (a global, a heap object, a closure, an interface box),',
      'every caller has to put the argument on the heap. `leaking param content` means the pointee leaks; `leaking param: p to result ~r0` means it leaks only if the caller lets the result escape.',
      '',
      '## Example',
      '',
      '```go',
      'var last *Request',
      '',
      'func handle(r *Request) { last = r } // leaking param: r',
      '```',
      '',
      'After: keep what you need, not the caller\'s pointer.',
      '',
      '```go',
      'var lastID int64',
      '',
      'func handle(r *Request) { lastID = r.ID } // r does not escape',
      '```',
      '',
      '## Fix',
      '',
      'Copy the data you need instead of keeping the pointer, and avoid converting parameters to interfaces that outlive the call.',
    ].join('\n'),
    defaultLevel: 'note',
    enabledByDefault: false,
    tags: ['performance', 'escape-analysis', 'api'],
    precision: 'high',
  },
  match(record, context) {
    const p = code(record.subject);
    if (record.kind === 'leaking-param-to-result') {
      const result = code(record.result ?? '~r0');
      return {
        message: `Parameter ${p} leaks to result ${result} (level=${record.level ?? 0}): callers' arguments escape whenever the caller lets that result escape. ${HINT}`,
        evidence: deciding(record),
      };
    }
    if (record.kind !== 'leaking-param' && record.kind !== 'leaking-param-content') return null;
    const route = findRoute(record, factsOf(context));
    const what = record.kind === 'leaking-param' ? `Parameter ${p} leaks` : `What parameter ${p} points to leaks`;
    return {
      message: `${what}: it is ${routeClause(route)}, so callers must heap-allocate what they pass. ${HINT}`,
      evidence: deciding(record),
    };
  },
};

export default leakingParam;
