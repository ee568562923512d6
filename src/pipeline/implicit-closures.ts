/**
 * Closures the compiler makes escape without a verdict line: for `go t.run()` or `defer f(x)` it
 * wraps the call and its arguments in a closure (`F.gowrap1`), for a generic function used as a
 * value it binds the function to its dictionary, and -m=2 explains their escape (`func literal
 * escapes to heap in F:`) but prints no `escapes to heap` line (the parser keeps the block as an
 * orphan-explanation record). Such a closure allocates when it captures something, which the
 * compiler says at the same position (`F capturing by value: .autotmp_1`); one that captures
 * nothing is static data. Those that capture become heap verdicts for the classifier, marked
 * `compilerMade`. A capture line can come after its block, so a section's are sorted out at its end.
 */
import type { OrphanExplanationRecord, ParsedRecord, VerdictRecord } from '../parse/records.js';

const at = (r: ParsedRecord): string => `${r.file ?? ''}:${r.line ?? ''}:${r.column ?? ''}`;

const NONE: readonly VerdictRecord[] = [];

export class ImplicitClosures {
  private captured = new Set<string>();
  private blocks: OrphanExplanationRecord[] = [];

  /** Records to hand on before `r`: the verdicts of the section `r` ends, if it is a header. */
  onRecord(r: ParsedRecord): readonly VerdictRecord[] {
    if (r.kind === 'capture' && r.file !== null) this.captured.add(at(r));
    else if (r.kind === 'orphan-explanation' && r.subject === 'func literal' && r.file !== null) this.blocks.push(r);
    // Called for every record: no new array for the many that end no section.
    return r.kind === 'package-header' ? this.end() : NONE;
  }

  /** The verdicts of the section that ends here (call once after the last record too). */
  end(): VerdictRecord[] {
    const out: VerdictRecord[] = [];
    for (const b of this.blocks) {
      if (!this.captured.has(at(b))) continue;
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
    this.captured = new Set();
    this.blocks = [];
    return out;
  }
}
