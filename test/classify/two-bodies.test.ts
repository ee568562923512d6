/**
 * Two allocations of two bodies inlined at one call print alike (`append escapes to heap`, twice,
 * folded by the parser into one line); their -m=2 explanations name them apart (`append(buf,
 * s...)`, `append(buf, byte(n >> uint(24)), …)`), and each is a site of the body whose
 * explanation names the same expression. fixtures/twobodies: real go1.26 output and a Go test
 * measuring both allocations of each call.
 */
import type { Finding } from '../../src/findings/finding.js';
import { fixtureTests } from './fixture-module.js';

const brief = (f: Finding): string => `${f.ruleId} ${f.line}:${f.column} ${f.function ?? ''} at ${f.inlinedAt.map((s) => `${s.line}:${s.column}`).join(',')}`;

fixtureTests(
  'twobodies',
  'each body of a call gets the call as a site of its own',
  brief,
  ['append-growth 8:15 appendU32 at 12:17,26:44', 'append-growth 13:14 appendString at 26:44', 'append-growth 18:12 two at 29:32', 'append-growth 19:12 two at 29:32'],
  'example.com/twobodies',
);
