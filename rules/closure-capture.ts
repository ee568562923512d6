import type { Rule } from './rule.js';
import { capturedByReference, explained } from '../src/classify/evidence.js';
import { hiddenLoopVariable, RANGE_FUNC_HINT, type HiddenLoopVariable } from '../src/classify/range-func.js';
import { code, factsOf, goAtLeast, subjectPhrase } from '../src/classify/rule-kit.js';

const HINT =
  'Let the closure capture a copy it never modifies (copy the value into a new variable, or pass it as an argument), or keep the closure from escaping.';

/** What each hidden variable of a range-over-func loop is for (range-func.ts). */
const HIDDEN_ROLE: Readonly<Record<HiddenLoopVariable, string>> = {
  state: 'is the state the compiler keeps for this range-over-func loop (it checks every call of yield)',
  next: 'records how the body of this range-over-func loop leaves it (a return, or a break or continue out of the loop)',
  result: 'holds a result this function returns from inside the body of a range-over-func loop',
};

const LOOP_BODY_ESCAPES = "the loop body, a func literal the compiler makes that captures it by reference, escapes (see the loop's closure-escape finding).";

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
      '',
      '## Range-over-func loops',
      '',
      'From Go 1.23, the body of `for x := range seq { ... }` over an iterator function is a func literal the compiler makes, and it adds variables of its own:',
      '`#state1` (the loop\'s state), `#next` (how the body leaves the loop: a return, or a break or continue out of it) and `#rv1`, `#rv2` (what a return inside the body returns).',
      'When the body escapes (see [closure-escape](closure-escape.md)), those variables and the ones the body assigns are moved to the heap; heaplint names them for what they are,',
      'and places `#next`, which the compiler prints with no position, at the return or branch that sets it.',
    ].join('\n'),
    defaultLevel: 'warning',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'closure'],
    precision: 'very-high',
  },
  match(record, context) {
    if (record.kind !== 'moved-to-heap') return null;
    if (capturedByReference(record)) {
      const hidden = hiddenLoopVariable(record.subject);
      const evidence = ['captured by a closure', 'reference'];
      if (hidden !== null) {
        return { message: `${code(record.subject)} is moved to the heap: it ${HIDDEN_ROLE[hidden]}, and ${LOOP_BODY_ESCAPES} ${RANGE_FUNC_HINT}`, evidence };
      }
      if (factsOf(context).capturedByLoopBody === true && goAtLeast(context, 23) !== false) {
        return { message: `${subjectPhrase(record)} is moved to the heap: the body of a range-over-func loop uses it, and ${LOOP_BODY_ESCAPES} ${RANGE_FUNC_HINT}`, evidence };
      }
      const pre122 = goAtLeast(context, 22) === false && factsOf(context).statementKeyword === 'for';
      const loopNote = pre122 ? ' (before Go 1.22 a captured loop variable is shared by every iteration, which also forces this)' : '';
      return {
        message: `${subjectPhrase(record)} is moved to the heap: a closure captures it by reference and the closure outlives the function${loopNote}. ${HINT}`,
        evidence,
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
