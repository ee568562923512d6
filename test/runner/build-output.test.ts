/** createBuildOutput: a child's stderr read while it is being written, whole, leaving no file. */
import fs from 'node:fs';
import os from 'node:os';
import { execa } from 'execa';
import { createBuildOutput } from '../../src/runner/build-output.js';

// Writes three parts with pauses between them, so the reader catches up and has to wait.
const WRITER = `
const parts = ['first line\\n', 'second ', 'line\\n' + 'x'.repeat(3 << 20) + '\\nlast'];
let i = 0;
const next = () => { process.stderr.write(parts[i++]); if (i < parts.length) setTimeout(next, 50); };
next();
`;

const ownFiles = (): string[] => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`heaplint-build-${process.pid}-`));

async function readAll(output: ReturnType<typeof createBuildOutput>): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  // A chunk's memory is reused for the one after the next: keep copies.
  for await (const c of output.read()) chunks.push(Buffer.from(c));
  return chunks;
}

describe('createBuildOutput', () => {
  test('reads everything the child writes, across pauses, and removes its file', async () => {
    const output = createBuildOutput();
    const fd = output.stdio;
    if (fd === 'pipe') throw new Error('expected a temporary file');
    const child = execa(process.execPath, ['-e', WRITER], { stderr: fd as 3, buffer: false, reject: false });
    output.attach(child.stderr, child);
    if (process.platform !== 'win32') expect(ownFiles()).toEqual([]);
    const chunks = await readAll(output);
    output.close();
    expect((await child).exitCode).toBe(0);
    const text = Buffer.concat(chunks).toString('latin1');
    expect(text).toBe(`first line\nsecond line\n${'x'.repeat(3 << 20)}\nlast`);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(ownFiles()).toEqual([]);
  });

  test('a child that fails to start ends the output empty', async () => {
    const output = createBuildOutput();
    const fd = output.stdio;
    if (fd === 'pipe') throw new Error('expected a temporary file');
    const child = execa('/nonexistent/heaplint-no-such-binary', [], { stderr: fd as 3, buffer: false, reject: false });
    output.attach(child.stderr, child);
    expect(await readAll(output)).toEqual([]);
    output.close();
    output.close(); // twice is harmless
    expect((await child).failed).toBe(true);
  });
});
