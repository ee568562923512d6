/**
 * Escape analysis says `func literal escapes to heap` for a literal that captures nothing too,
 * but the compiler makes such a literal a static function value: nothing is allocated. A literal
 * that uses no variable of the functions it is nested in (globals are no captures) is a note
 * that says so; one that captures a parameter, a local or the receiver is allocated, a warning,
 * and so is one in a generic function or method, which captures the function's dictionary.
 * Names that are no variable (a struct literal's field keys, labels) and names the literal
 * declares again are no captures; a map literal's keys and a redeclaration's right-hand side are.
 * fixtures/staticclosure holds real go1.26 -m=2 output and a Go test that measures each case
 * with testing.AllocsPerRun.
 */
import { briefWithMessage, fixtureTests } from './fixture-module.js';

const EXPECTED = [
  ["closure-escape note 10:27 NoCapture func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. It captures no variables, so the compiler makes it a static function value and this does not allocate. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape note 12:29 GlobalsOnly func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. It captures no variables, so the compiler makes it a static function value and this does not allocate. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 16:28 Param func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 20:9 Local func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 25:31 R.Method func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 28:32 Generic func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 32:36 Box.Method func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 40:35 Variadic func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape note 50:10 Shadow func literal", "The func literal escapes to the heap: it is assigned to `keepC`, a global or heap location. It captures no variables, so the compiler makes it a static function value and this does not allocate. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape note 65:10 FieldKeys func literal", "The func literal escapes to the heap: it is assigned to `keepP`, a global or heap location. It captures no variables, so the compiler makes it a static function value and this does not allocate. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 77:10 MapKey func literal", "The func literal escapes to the heap: it is assigned to `keepM`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["pointer-escape note 77:55 MapKey.func1 map[string]int{...}", "`map[string]int{...}` escapes to the heap: it is returned to the caller. Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill."],
  ["closure-escape note 84:9 Redeclared func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. It captures no variables, so the compiler makes it a static function value and this does not allocate. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
  ["closure-escape warning 95:9 RedeclaredFrom func literal", "The func literal escapes to the heap: it is assigned to `keep`, a global or heap location. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
];


fixtureTests('staticclosure', 'a func literal that captures nothing allocates nothing: a note', briefWithMessage, EXPECTED, 'example.com/staticclosure');
