/**
 * A function's code inlined into another package prints its variables qualified by the package's
 * name: `zl.msg` is the parameter `msg` of zl's func literal, compiled again in zl/log. It is a
 * variable where the code is written, so no method value, though package zl has a method `msg`;
 * the copy is the home package's finding. fixtures/inlinedparam: real go1.26 -m=2 output.
 */
import { fixtureTests } from './fixture-module.js';

const EXPECTED = [
  ['closure-escape note 10:39 Logger.Panic func literal [log/log.go:7:23]'],
  ['interface-boxing warning 10:64 Logger.Panic.func1 msg []'],
];

type Brief = { ruleId: string; level: string; line: number; column: number; function: string | null; subject: string; inlinedAt: { file: string; line: number; column: number | null }[] };
const brief = (f: Brief): string[] => [`${f.ruleId} ${f.level} ${f.line}:${f.column} ${f.function ?? ''} ${f.subject} [${f.inlinedAt.map((s) => `${s.file}:${s.line}:${s.column}`).join(' ')}]`];

fixtureTests('inlinedparam', "an inlined function's parameter qualified by its package is no method value", brief, EXPECTED);
