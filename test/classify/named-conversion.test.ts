/**
 * A conversion to a named string or slice type copies as `string(b)` and `[]byte(s)` do when the
 * types call for it (`type Pointer string` from a []byte): a string allocation, not a box, unless
 * a flow shows the copy converted to an interface there. A string converted to a named string
 * type copies nothing: what escapes is its box. fixtures/namedconversion holds real go1.26 -m=2
 * output and a Go test that measures each case with testing.AllocsPerRun.
 */
import { briefWithMessage, fixtureTests } from './fixture-module.js';

const EXPECTED = [
  ["string-allocation warning 21:51 FromBytes Pointer(b)", "`Pointer(b)` escapes to the heap: the conversion copies the bytes into a new string, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths."],
  ["string-allocation warning 24:40 FromString Raw(s)", "`Raw(s)` escapes to the heap: the conversion copies the string into a new byte slice, which is assigned to `keep`, a global or heap location. Work with a reused []byte buffer or strings.Builder on hot paths."],
  ["string-allocation warning 27:39 ToRunes Runes(s)", "`Runes(s)` escapes to the heap: the conversion decodes the string into a new rune slice, which is assigned to `kept`, a global or heap location. Work with a reused []byte buffer or strings.Builder on hot paths."],
  ["string-allocation warning 30:36 text ([]byte)(\"abc\")", "`([]byte)(\"abc\")` escapes to the heap: the conversion copies the string into a new byte slice, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths."],
  ["string-allocation warning 33:46 FromCall Pointer(text())", "`Pointer(text())` escapes to the heap: the conversion copies the bytes into a new string, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths."],
  ["interface-boxing warning 36:42 Err MyErr(msg)", "`MyErr(msg)` escapes to the heap: it is boxed into an interface and returned to the caller. Return the concrete type (or use a type parameter) instead of an interface."],
  ["interface-boxing warning 39:38 Boxed Pointer(b)", "`Pointer(b)` escapes to the heap: it is boxed into an interface and assigned to `sink`, a global or heap location. Store the concrete type, or a generic container, instead of an interface-typed field or global."],
  ["string-allocation warning 39:39 Boxed Pointer(b)", "`Pointer(b)` escapes to the heap: the conversion copies the bytes into a new string, which is converted to an interface whose box escapes. Work with a reused []byte buffer or strings.Builder on hot paths."],
];


fixtureTests('namedconversion', 'conversions to named string and slice types that copy are string allocations', briefWithMessage, EXPECTED, 'example.com/namedconversion');
