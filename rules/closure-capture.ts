import type { Rule } from './rule.js';
import { capturedByReference, explained } from '../src/classify/evidence.js';
import { factsOf, goAtLeast, subjectPhrase } from '../src/classify/rule-kit.js';

const HINT =
  'Let the closure capture a copy it never modifies (copy the value into a new variable, or pass it as an argument), or keep the closure from escaping.';

export const closureCapture: Rule = {
  meta: {
    id: 'closure-capture',
    name: 'ClosureCapture',
    shortDescription: 'A variable is moved to the heap because an escaping closure captures it by reference.',
    fullDescription:
      'When a func literal outlives its function and captures a variable by reference (the closure or the function assigns to it after capture, or the variable is large), the variable itself must live on the heap. ' +
      'The -m=2 explanation shows the notes "captured by a closure" and "reference". Before Go 1.22 every captured loop variable was shared by all iterations and moved to the heap this way; from Go 1.22 loop variables are per-iteration.',
    helpMarkdown: [
      '## Why it allocates',
      '',
      'A closure refers to the variables it uses. If the closure escapes (it is returned, stored or started with `go`) and it captures a variable',
      '*by reference* — because the variable is modified after capture, or is larger than 128 bytes — the variable is moved to the heap so both can share it.',
      'The compiler explains this with `(captured by a closure)` followed by `(reference)`.',
      '',
      '## Example',
      '',
      '```go',
      'func counter() func() int {',
      '\tn := 0 // moved to heap: the closure modifies it',
      '\treturn func() int { n++; return n }',
      '}',
      '```',
      '',
      'After: keep the state in a type whose lifetime is explicit.',
      '',
      '```go',
      'type Counter struct{ n int }',
      '',
      'func (c *Counter) Next() int { c.n++; return c.n }',
      '```',
      '',
      '## Fix',
      '',
      'Capture a copy that is never modified (so it is captured by value), pass values as arguments, or replace the escaping closure with a method on a struct.',
    ].join('\n'),
    defaultLevel: 'warning',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'closure'],
    precision: 'very-high',
  },
  match(record, context) {
    if (record.kind !== 'moved-to-heap') return null;
    if (capturedByReference(record)) {
      const pre122 = goAtLeast(context, 22) === false && factsOf(context).statementKeyword === 'for';
      const loopNote = pre122 ? ' (before Go 1.22 a captured loop variable is shared by every iteration, which also forces this)' : '';
      return {
        message: `${subjectPhrase(record)} is moved to the heap: a closure captures it by reference and the closure outlives the function${loopNote}. ${HINT}`,
        evidence: ['captured by a closure', 'reference'],
      };
    }
    const facts = factsOf(context);
    if (!explained(record) && facts.capturedInClosure === true && facts.addressTaken !== true) {
      return {
        message: `${subjectPhrase(record)} is moved to the heap: it is used inside a func literal, which most likely captures it by reference and outlives the function (no -m=2 explanation to confirm). ${HINT}`,
        evidence: [],
        confidence: 'low',
      };
    }
    return null;
  },
};

export default closureCapture;
