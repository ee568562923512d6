/**
 * Closures the compiler makes escape without a verdict line: for `go t.run()` or `defer f(x)` it
 * wraps the call and its arguments in a closure (`F.gowrap1`), for a generic function used as a
 * value it binds the function to its dictionary, and -m=2 explains their escape (`func literal
 * escapes to heap in F:`) but prints no `escapes to heap` line (the parser keeps the block as an
 * orphan-explanation record). Such a closure allocates when it captures something, which the
 * compiler says at the same position (`F capturing by value: .autotmp_1`), or for the temporaries
 * holding a go or defer statement's callee and arguments, where those are written; one that
 * captures nothing is static data. Those that capture become heap verdicts for the classifier, marked
 * `compilerMade`. A capture line can come after its block, so a section's are sorted out at its end.
 *
 * The same capture lines tell about func literals inlined from another function (`dep.Hook()`
 * returning `func(x int) int { return x + 1 }`): the compiler prints their captures at the call,
 * where it prints their verdict, so a `func literal` verdict with no capture line at its position
 * is marked `noCaptureLines` (the classifier decides what that means where the source writes no
 * literal). A literal written at the position prints its captures where the variables are.
 */
import type { OrphanExplanationRecord, ParsedRecord, VerdictRecord } from '../parse/records.js';

const at = (r: ParsedRecord): string => `${r.file ?? ''}:${r.line ?? ''}:${r.column ?? ''}`;

const NONE: readonly VerdictRecord[] = [];

/** A capture of a compiler temporary: only a closure the compiler makes can use one. */
interface TempCapture {
  file: string;
  line: number;
  column: number;
  function: string;
}

export class ImplicitClosures {
  private captured = new Set<string>();
  private temps: TempCapture[] = [];
  private blocks: OrphanExplanationRecord[] = [];
  private literals: VerdictRecord[] = [];

  /** Records to hand on before `r`: the verdicts of the section `r` ends, if it is a header. */
  onRecord(r: ParsedRecord): readonly VerdictRecord[] {
    if (r.kind === 'capture' && r.file !== null) {
      this.captured.add(at(r));
      if (r.subject.startsWith('.autotmp_') && r.line !== null) this.temps.push({ file: r.file, line: r.line, column: r.column ?? 0, function: r.function });
    } else if (r.kind === 'orphan-explanation' && r.subject === 'func literal' && r.file !== null) this.blocks.push(r);
    else if (r.kind === 'escapes-to-heap' && r.subject === 'func literal' && r.file !== null) this.literals.push(r);
    // Called for every record: no new array for the many that end no section.
    return r.kind === 'package-header' ? this.end() : NONE;
  }

  /** The verdicts of the section that ends here (call once after the last record too). */
  end(): VerdictRecord[] {
    const out: VerdictRecord[] = [];
    const tempsOf = this.capturedTemps();
    for (const b of this.blocks) {
      if (!this.captured.has(at(b)) && !tempsOf.has(b)) continue;
      out.push({
        kind: 'escapes-to-heap',
        file: b.file,
        line: b.line,
        column: b.column,
        message: b.message,
        package: b.package,
        variant: b.variant,
        count: b.count,
        logLine: b.logLine,
        subject: b.subject,
        function: b.function,
        flows: b.flows,
        explanations: b.explanations,
        compilerMade: true,
      });
    }
    for (const v of this.literals) if (!this.captured.has(at(v))) v.noCaptureLines = true;
    this.captured = new Set();
    this.temps = [];
    this.blocks = [];
    this.literals = [];
    return out;
  }

  /**
   * The blocks that capture a compiler temporary printed elsewhere than at the statement: the
   * temporaries of `go func(on bool) {…}(f.on)` are printed where the literal and the argument are
   * written, lines below the `go`. Each belongs to the nearest block before it of the same
   * function and file.
   */
  private capturedTemps(): Set<OrphanExplanationRecord> {
    const out = new Set<OrphanExplanationRecord>();
    for (const t of this.temps) {
      let owner: OrphanExplanationRecord | null = null;
      for (const b of this.blocks) {
        if (b.file !== t.file || b.function !== t.function || b.line === null) continue;
        const before = b.line < t.line || (b.line === t.line && (b.column ?? 0) <= t.column);
        if (before && (owner === null || (owner.line ?? 0) < b.line || ((owner.line ?? 0) === b.line && (owner.column ?? 0) < (b.column ?? 0)))) owner = b;
      }
      if (owner !== null) out.add(owner);
    }
    return out;
  }
}
