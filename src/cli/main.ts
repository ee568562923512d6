/** The CLI with the process's own streams: what the `heaplint` executable (bin.ts) loads. */
import { hideBin } from 'yargs/helpers';
import { tuneJit } from './jit-tuning.js';
import { run } from './run.js';

// Before any of the run's code is hot enough to be optimized.
tuneJit();

// `heaplint parse | head` closes stdout early; that is not an error worth a message.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

/**
 * Makes writes to a pipe wait for the reader, as they do in most command-line programs. Node
 * queues what a full pipe does not take in memory instead, and output is written from
 * synchronous code (a package section's records come out together): `heaplint parse | jq` held
 * the JSON of all of go/types, hundreds of MB, while jq caught up. Files and terminals are
 * written synchronously already. `setBlocking` is the pipe handle's own method (libuv's
 * uv_stream_set_blocking); it is looked up, not assumed, as it is not public API.
 */
function blockingWrites(stream: NodeJS.WriteStream): void {
  const handle: unknown = (stream as NodeJS.WriteStream & { _handle?: unknown })._handle;
  if (typeof handle === 'object' && handle !== null && 'setBlocking' in handle && typeof handle.setBlocking === 'function') {
    handle.setBlocking(true);
  }
}
blockingWrites(process.stdout);

process.exitCode = await run(hideBin(process.argv), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
