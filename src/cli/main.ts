#!/usr/bin/env node
/** The `heaplint` executable: the CLI with the process's own streams. */
import { hideBin } from 'yargs/helpers';
import { run } from './run.js';

// `heaplint parse | head` closes stdout early; that is not an error worth a message.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await run(hideBin(process.argv), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
