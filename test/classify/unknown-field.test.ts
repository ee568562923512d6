/**
 * `pos.Line` where pos's type is not written (`pos := n.GetToken().Position`) and the package has
 * a method `Line` on another type: a field, since the value is stored in a `...any` slice with no
 * `interface-converted` step, which a method value passed there shows. fixtures/unknownfield:
 * real go1.26 -m=2 output.
 */
import { briefFinding, fixtureTests } from './fixture-module.js';

const EXPECTED = [
  'variadic-slice warning 22:6 Where ... argument',
  'interface-boxing warning 22:10 Where pos.Line',
  'interface-boxing warning 22:20 Where pos.Column',
  'variadic-slice warning 26:30 Method ... argument',
  'method-value warning 26:32 Method c.Line',
];

fixtureTests('unknownfield', 'a field of an unknown type named like a method of another type is a field', briefFinding, EXPECTED);
