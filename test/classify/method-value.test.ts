/**
 * `x.M escapes to heap` is a method value (a closure binding its receiver) or a field boxed into
 * an interface. What decides it, beyond the receiver's declared type in this package:
 * - the compiler storing the receiver into the method value's closure, `{temp} ← c` then
 *   `X ← {temp}` with no notes, which an inlined call (`dep.New`) prints on the selector's line;
 * - a receiver of another package's type (`sql.NullString`) is not decided by this package's
 *   method names (`s.String` is that type's field, boxed);
 * - `(~r0).Serve`, a method value of an inlined call's result, where the compiler binds it; a
 *   field of a call's result (`(~r0).Addr`) is not taken for a method of that name elsewhere.
 * The value held by the bound receiver is said to escape as that receiver, not as an assignment
 * to a global. Real go1.26 -m=2 output (fixtures/methodvalue).
 */
import { fixtureTests } from './fixture-module.js';

const EXPECTED = [
  ["pointer-escape note dep/dep.go:11:7 New &Conn{}", "`&Conn{}` escapes to the heap: it is held in `c`, the receiver of a method value that escapes. Keep the pointer from outliving the function, or allocate once and reuse the object."],
  ["method-value warning dep/dep.go:12:10 New c.hs", "`c.hs` escapes to the heap: the method value binds its receiver in a heap-allocated closure, which is assigned to `c.fn`, a global or heap location. Bind the method value once and reuse it, or call the method directly."],
  ["interface-boxing warning methodvalue.go:22:45 Handler named(n)", "`named(n)` escapes to the heap: it is boxed into an interface and returned to the caller. Return the concrete type (or use a type parameter) instead of an interface."],
  ["method-value warning methodvalue.go:39:39 Open dep.c.hs", "`dep.c.hs` escapes to the heap: the method value binds its receiver in a heap-allocated closure, which is assigned to `dep.c.fn`, a global or heap location. Bind the method value once and reuse it, or call the method directly. It happens inside `dep.New`, which is inlined at this call."],
  ["pointer-escape note methodvalue.go:39:39 Open &dep.Conn{}", "`&dep.Conn{}` escapes to the heap: it is held in `dep.c`, the receiver of a method value that escapes. Keep the pointer from outliving the function, or allocate once and reuse the object. It happens inside `dep.New`, which is inlined at this call."],
  ["interface-boxing warning methodvalue.go:45:7 Field s.String", "`s.String` escapes to the heap: it is boxed into an interface to call `use`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["method-value warning methodvalue.go:49:39 Serve (~r0).Serve", "`Handler(…).Serve` (printed as `(~r0).Serve`) escapes to the heap: the method value binds its receiver in a heap-allocated closure, which is passed to `take`, which keeps it or cannot be analysed. Bind the method value once and reuse it, or call the method directly."],
  ["interface-boxing warning methodvalue.go:58:48 FieldOfResult (~r0).Addr", "`c.Options().Addr` (printed as `(~r0).Addr`) escapes to the heap: it is boxed into an interface to call `use`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
];

type Brief = { ruleId: string; level: string; file: string; line: number; column: number; function: string | null; subject: string; message: string };
const brief = (f: Brief): string[] => [`${f.ruleId} ${f.level} ${f.file}:${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`, f.message];

fixtureTests('methodvalue', 'method values are told from boxed fields by the receiver the compiler binds and by the receiver type', brief, EXPECTED);
