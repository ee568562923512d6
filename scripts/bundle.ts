/**
 * Bundles the compiled CLI (dist/src/cli/main.js) and its dependencies into one file,
 * dist/heaplint.js, the package's `bin`. Node loads about 300 modules for the unbundled CLI
 * (execa alone is over 100), and resolving and reading them is about 100 ms of every run's
 * start-up; one file starts in about half the time. Run after `tsc` (`npm run build`).
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/scripts → the repository root. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

await build({
  entryPoints: [path.join(root, 'dist', 'src', 'cli', 'main.js')],
  outfile: path.join(root, 'dist', 'heaplint.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Some bundled dependencies are CommonJS and call require() for Node's built-ins.
  banner: { js: "import { createRequire as heaplintCreateRequire } from 'node:module'; const require = heaplintCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  logLevel: 'warning',
});
