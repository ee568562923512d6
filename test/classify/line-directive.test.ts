/**
 * Generated code's `//line scan.rl:10` makes the compiler print positions in scan.rl, a bare
 * name: read beside the package's directory. A live run knows it from `go list`; a saved log from
 * go.mod, which lays the module's packages out by their import paths (it was read beside the
 * log's directory, a file that is not there). fixtures/linedirective: real go1.26 -m=2 output.
 */
import { sameFromLint } from './fixture-module.js';

const EXPECTED = ['append-growth note sub/scan.rl:11:1 Grow append'];

type Brief = { ruleId: string; level: string; file: string; line: number; column: number; function: string | null; subject: string };
const brief = (f: Brief): string => `${f.ruleId} ${f.level} ${f.file}:${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`;

sameFromLint('linedirective', brief, EXPECTED);
