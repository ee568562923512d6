/**
 * Facts about one verdict that classify derives from the *other* records of its compilation unit
 * (its package section; see unitOf in classify.ts) and from the Go source. Rules read them
 * through `MatchContext.facts`; a rule called on a lone record gets `NO_FACTS` and must still
 * decide from the record itself.
 */
import type { FlowStep } from '../parse/records.js';

export interface RecordFacts {
  /**
   * Another flow converts this subject, at this position, into an interface
   * (`{storage for S} ← …` with an `(interface-converted)` note placed here): the record is the box.
   */
  boxed: boolean;
  /**
   * For selector subjects (`t.M`): true when the log shows the receiver flowing into
   * `{storage for t.M}` through the compiler's method-value plumbing, or the source declares a
   * method of that name; false when a flow converts it to an interface; null when unknown.
   */
  methodValue: boolean | null;
  /** The function called at a note's position, read from the source (`fmt.Println`), or null. */
  calleeAt(step: FlowStep): string | null;
  /** The source's token at a note's position (`go` where the compiler wraps a go statement's call in a closure), or null. */
  tokenAt(step: FlowStep): string | null;
  /** First keyword of the statement at the record's position (`go`, `defer`, `return`, ...), or null. */
  statementKeyword: string | null;
  /**
   * For an `a + b` subject: `string` when it is a string concatenation (it allocates string data),
   * `non-string` when it is arithmetic (a number reaches the heap only as an interface box), from
   * the printed operands, then the declared types of operand names in the source; null when unknown.
   */
  sumKind: 'string' | 'non-string' | null;
  /** Named results of the enclosing function. */
  namedResults: readonly string[];
  /** -m=1 only: whether the moved variable is referenced inside a func literal of its function. */
  capturedInClosure: boolean | null;
  /**
   * For a moved variable: the closure that captures it is the body of a range-over-func loop,
   * because the capture the explanation shows is not inside any func literal of the source (the
   * compiler made the closure); false when it is inside one, null when unknown.
   */
  capturedByLoopBody: boolean | null;
  /**
   * Whether the variable `name` of the verdict's function is moved to the heap (a `moved to heap:
   * name` verdict of the same compilation unit and function): what is stored in it escapes with it.
   */
  movedToHeap(name: string): boolean;
  /** -m=1 only: whether `&x` appears in the enclosing function. */
  addressTaken: boolean | null;
  /**
   * For a name subject: its declared type fits in one byte (bool, byte, uint8, int8, or a named
   * type over one) or is `struct{}`, so boxing it takes the box from static data and allocates
   * nothing. False when the type is not known. Asked only by rules that need it (it reads types).
   */
  staticBox(): boolean;
  /**
   * For a composite value (`IDs{...}`): `slice` or `map` when its named type is declared over a
   * slice or map type, so that the escaping thing is the literal's backing store, as for
   * `[]int{...}`, not a box; null for other types and when the type is not known.
   */
  literalKind(): 'slice' | 'map' | null;
  /**
   * The boxed value is known at compile time, so the compiler boxes it from read-only data and
   * allocates nothing: a constant converted to a type the package declares (`E(1)`), or a struct
   * or array literal of literals (`pair{}`, `pair{1, 2}`, `context.backgroundCtx{}`).
   */
  staticValue(): boolean;
  /**
   * For a func literal: the source's literal at the position uses no variable of the functions
   * it is nested in, so the compiler makes it a static function value and allocates nothing.
   */
  staticClosure(): boolean;
  /**
   * For a conversion to a named type (`Pointer(b)`, `Raw(s)`): the copy it makes when the named
   * type is declared over string and the operand is a byte or rune slice (`string-conversion`),
   * or over `[]byte` / `[]rune` and the operand a string; null when it copies nothing or the types
   * are not known (then it is what a conversion usually is, a box).
   */
  copyingConversion(): 'string-conversion' | 'bytes-conversion' | 'runes-conversion' | null;
  /** For `make(T, …)` of a named type T: what T is declared as (`cty.ValueMarks` is a map); null when not known. */
  namedMakeKind(): 'slice' | 'map' | 'chan' | null;
  /** For a make: it is spread into an append (`append(dst, make([]T, n)...)`), which the compiler turns into extending dst: no slice is made. */
  spreadIntoAppend(): boolean;
}

export const NO_FACTS: RecordFacts = {
  boxed: false,
  methodValue: null,
  calleeAt: () => null,
  tokenAt: () => null,
  statementKeyword: null,
  sumKind: null,
  namedResults: [],
  capturedInClosure: null,
  capturedByLoopBody: null,
  movedToHeap: () => false,
  addressTaken: null,
  staticBox: () => false,
  literalKind: () => null,
  staticValue: () => false,
  staticClosure: () => false,
  copyingConversion: () => null,
  namedMakeKind: () => null,
  spreadIntoAppend: () => false,
};
