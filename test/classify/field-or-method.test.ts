/**
 * `x.Description escapes to heap`: a method value or a field boxed? With the receiver's type not
 * known (a variable of code inlined from package p), p declaring a method named Description says
 * nothing when it also declares a field of that name: the field is boxed, no method value. Real
 * go1.26 -m=2 output (fixtures/fieldormethod).
 */
import type { Finding } from '../../src/findings/finding.js';
import { fixtureTests } from './fixture-module.js';

const EXPECTED = [
  ["interface-boxing p/p.go:8:66 e.Description", "`e.Description` escapes to the heap: it is boxed into an interface to call `fmt.Sprintf`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument."],
  ["pointer-escape q/q.go:11:6 e", "`e` is moved to the heap: its address is passed to `errors.As`, which keeps it or cannot be analysed. The callee keeps the pointer or cannot be analysed (see its leaking-param note): make it not retain its argument, or pass a value."],
  ["interface-boxing q/q.go:15:16 p.e.Description", "`p.e.Description` escapes to the heap: it is boxed into an interface to call `fmt.Sprintf`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument. It happens inside `e.Error`, which is inlined at this call."],
];

const brief = (f: Finding): string[] => [`${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.subject}`, f.message];

fixtureTests('fieldormethod', 'a name that is a field of one type and a method of another is no method value', brief, EXPECTED);
