/**
 * The call a boxed value goes to, named as the user wrote it. A value boxed for a call inside an
 * inlined function (log.Printf passes its arguments on to fmt.Appendf) is boxed to call what the
 * user wrote: the explanation enters the inlined body where its parameters are assigned
 * (`log.format, log.v := …`) at the user's call. A value stored in the `...` arguments of a call
 * whose argument slice escapes is explained only up to that slice, at the call. Real go1.26 -m=2
 * output (fixtures/inlinedcall: `go build -gcflags=-m=2 ./...` of the module there).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classify } from '../../src/classify/classify.js';
import { cliIn, GO_BIN } from '../cli/go-module.js';
import { verdicts } from './helpers.js';
import { readSourceFile } from '../../src/pipeline/lint.js';

const DIR = path.join(import.meta.dirname, 'fixtures', 'inlinedcall');
const FMT_HINT = 'On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.';

const EXPECTED = [
  ['interface-boxing 10:25 n', `\`n\` escapes to the heap: it is boxed into an interface to call \`log.Printf\`. ${FMT_HINT}`],
  ['interface-boxing 15:33 n', `\`n\` escapes to the heap: it is boxed into an interface to call \`fmt.Sprintf\`. ${FMT_HINT}`],
  [
    'interface-boxing 20:27 n',
    '`n` escapes to the heap: it is boxed into an interface to call `failf`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box).',
  ],
  // The explanation stops at the argument slice, which escapes itself (its own variadic-slice finding).
  [
    'interface-boxing 33:19 n',
    '`n` escapes to the heap: it is boxed into an interface and stored in the `...` arguments of the call to `r.Errorf`, a slice that itself escapes. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box).',
  ],
];

type Brief = { ruleId: string; line: number; column: number; subject: string; message: string };
const brief = (findings: Brief[]): string[][] => findings.filter((f) => f.ruleId === 'interface-boxing').map((f) => [`${f.ruleId} ${f.line}:${f.column} ${f.subject}`, f.message]);

test('the call named is the one the user wrote, not one inside its inlined body', () => {
  const result = classify(verdicts(readFileSync(path.join(DIR, 'm2.log'), 'utf8')), {
    resolver: {
      resolve: (file) =>
        file.startsWith('/') ? { absolute: file, repoRelative: null, outside: 'goroot' } : { absolute: path.join(DIR, file), repoRelative: file.replace(/^\.\//, ''), outside: null },
    },
    goVersion: { major: 1, minor: 26 },
    readSource: readSourceFile,
  });
  expect(brief(result.findings)).toEqual(EXPECTED);
});

(existsSync(path.join(GO_BIN, 'go')) ? test : test.skip)(
  'the same from heaplint lint on the module, built by the real toolchain',
  async () => {
    const r = await cliIn(DIR, ['lint', './...', '--repo-root', DIR, '--format', 'json', '--fail-level', 'none']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(brief((JSON.parse(r.stdout) as { findings: Brief[] }).findings)).toEqual(EXPECTED);
  },
  60_000,
);
