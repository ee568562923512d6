/**
 * Closures the compiler makes (go/defer wrappers, a generic function bound to its dictionary)
 * escape with an -m=2 explanation but no verdict line. When the compiler also says, at the same
 * position, that the closure captures something, or that the function captures a compiler
 * temporary written inside the statement (a go statement's literal and arguments), it is allocated: lint reports it as a heap
 * verdict of the closure-escape rule. One that captures nothing (`go use(1)`) is static data.
 * Real go1.26 -m=2 output (test/classify/fixtures/implicitclosure).
 */
import { fixtureModule, sameFromLint } from '../classify/fixture-module.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ImplicitClosures } from '../../src/pipeline/implicit-closures.js';
import { parseText } from '../../src/parse/stream.js';
import { cliIn } from '../cli/go-module.js';

const DIR = fixtureModule('implicitclosure');

const EXPECTED = [
  ["pointer-escape note 12:7 Start &T{}", "`&T{}` escapes to the heap: it is captured by the closure the compiler makes for a go statement's call, which escapes. Keep the pointer from outliving the function, or allocate once and reuse the object.", []],
  ["closure-escape warning 13:2 Start func literal", "The closure the compiler makes to pass this go statement's call and arguments to the new goroutine escapes to the heap: it is started as a goroutine (the compiler prints no verdict for a closure it makes, only its -m=2 explanation). Every go statement allocates its closure; on hot paths hand work to long-lived worker goroutines over a channel instead of starting one per item.", []],
  ["closure-escape warning 22:3 Deferred func literal", "The closure the compiler makes to keep this defer statement's call and arguments until the function returns escapes to the heap: it is deferred inside a loop (the compiler prints no verdict for a closure it makes, only its -m=2 explanation). A defer inside a loop cannot use the stack; move the loop body into its own function so each defer runs once per call.", []],
  ["closure-escape warning 32:33 Ref func literal", "A closure the compiler makes here (binding a call's arguments, or a generic function to its dictionary) escapes to the heap: it is assigned to `keep`, a global or heap location (the compiler prints no verdict for a closure it makes, only its -m=2 explanation). Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack.", [{"file": "implicitclosure.go", "line": 32, "column": 6}]],
  ["closure-escape warning 41:2 GoArgs func literal", "The closure the compiler makes to pass this go statement's call and arguments to the new goroutine escapes to the heap: it is started as a goroutine (the compiler prints no verdict for a closure it makes, only its -m=2 explanation). Every go statement allocates its closure; on hot paths hand work to long-lived worker goroutines over a channel instead of starting one per item.", []],
  ["closure-escape warning 41:5 GoArgs func literal", "The func literal escapes to the heap: it is captured by a closure that escapes. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack.", []],
];

type Brief = { ruleId: string; level: string; line: number; column: number; function: string | null; subject: string; message: string; inlinedAt: unknown };
const brief = (f: Brief): unknown[] => [`${f.ruleId} ${f.level} ${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`, f.message, f.inlinedAt];

describe('ImplicitClosures', () => {
  const records = parseText(readFileSync(path.join(DIR, 'm2.log'), 'utf8')).records;

  test('an explanation with no verdict becomes one when a capture is printed at its position, at the end of its section', () => {
    const implicit = new ImplicitClosures();
    const handed: string[] = [];
    for (const r of records) for (const v of implicit.onRecord(r)) handed.push(`${r.kind} ${v.kind} ${v.line}:${v.column} ${v.function ?? ''} ${v.compilerMade === true}`);
    for (const v of implicit.end()) handed.push(`end ${v.kind} ${v.line}:${v.column} ${v.function ?? ''} ${v.compilerMade === true}`);
    // GoConst's wrapper (17:18) captures nothing: no verdict.
    expect(handed).toEqual([
      'end escapes-to-heap 13:2 Start true',
      'end escapes-to-heap 22:3 Deferred true',
      'end escapes-to-heap 41:2 GoArgs true',
      'end escapes-to-heap 32:33 Ref[go.shape.int] true',
      'end escapes-to-heap 32:6 Ref[int] true',
    ]);
  });

  test('a capture printed before its block counts too, and a section header hands its verdicts on', () => {
    const text = ['# example.com/p', './a.go:3:2: F capturing by value: .autotmp_1 (addr=false assign=false width=8)', './a.go:3:2: func literal escapes to heap in F:', './a.go:3:2:   flow: {heap} ← &{storage for func literal}:', './a.go:3:2:     from func literal (spill) at ./a.go:3:2', '# example.com/q', ''].join('\n');
    const implicit = new ImplicitClosures();
    const handed = parseText(text).records.flatMap((r) => implicit.onRecord(r).map((v) => `${r.kind} ${v.package ?? ''} ${v.line}:${v.column}`));
    expect([handed, implicit.end()]).toEqual([['package-header example.com/p 3:2'], []]);
  });
});

test('lint from the saved log reports the closures that allocate', async () => {
  const r = await cliIn(DIR, ['lint', '--from-log', path.join(DIR, 'm2.log'), '--repo-root', DIR, '--format', 'json', '--fail-level', 'none']);
  expect([r.code, r.stderr]).toEqual([0, '']);
  expect((JSON.parse(r.stdout) as { findings: Brief[] }).findings.map(brief)).toEqual(EXPECTED);
});

sameFromLint('implicitclosure', brief, EXPECTED);
