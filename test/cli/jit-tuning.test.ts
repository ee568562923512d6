/** The V8 flags the bin sets for a run of about a second (src/cli/jit-tuning.ts). */
import { jitFlags } from '../../src/cli/jit-tuning.js';

describe('jitFlags', () => {
  it('Node 20 (V8 11): smaller inlining and a later optimization budget', () => {
    expect(jitFlags('11.3.244.8-node.31', [])).toEqual(['--max-inlined-bytecode-size=100', '--interrupt-budget=270336']);
  });

  it('Node 22 (V8 12): the later optimization is counted in invocations there', () => {
    expect(jitFlags('12.4.254.21-node.33', [])).toEqual(['--max-inlined-bytecode-size=100', '--invocation-count-for-turbofan=12000']);
  });

  it('Node 24 to 26 (V8 13, 14): smaller inlining only (Maglev already compiles early code cheaply)', () => {
    expect(jitFlags('13.6.233.17-node.41', [])).toEqual(['--max-inlined-bytecode-size=100']);
    expect(jitFlags('14.2.231.14-node.30', [])).toEqual(['--max-inlined-bytecode-size=100']);
  });

  it('a V8 it was not measured on gets no flags (an unknown flag would print an error)', () => {
    expect(jitFlags('10.2.154.26-node.26', [])).toEqual([]);
    expect(jitFlags('15.0.1', [])).toEqual([]);
    expect(jitFlags('', [])).toEqual([]);
    expect(jitFlags('next', [])).toEqual([]);
  });

  it("leaves a flag the user gave node alone, in either spelling or polarity", () => {
    expect(jitFlags('11.3.244.8-node.31', ['--max-inlined-bytecode-size=460'])).toEqual(['--interrupt-budget=270336']);
    expect(jitFlags('11.3.244.8-node.31', ['--interrupt_budget=1000'])).toEqual(['--max-inlined-bytecode-size=100']);
    expect(jitFlags('12.4.254.21-node.33', ['--no-invocation-count-for-turbofan', '--max_inlined_bytecode_size', '50'])).toEqual([]);
    expect(jitFlags('13.6.233.17-node.41', ['--max-old-space-size=4096', '--import', 'x.mjs'])).toEqual(['--max-inlined-bytecode-size=100']);
  });
});
