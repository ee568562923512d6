/**
 * Bundles the compiled CLI (dist/src/cli/main.js) and its dependencies into one file,
 * dist/heaplint-cli.js, and the executable that loads it (dist/src/cli/bin.js: it turns on
 * Node's compile cache first) into dist/heaplint.js, the package's `bin`. Node loads about 300
 * modules for the unbundled CLI (execa alone is over 100), and resolving and reading them is
 * about 100 ms of every run's start-up; one file starts in about half the time. Run after `tsc`
 * (`npm run build`).
 */
import { build, type Plugin } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/scripts → the repository root. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(root, 'dist');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'eof',
  logLevel: 'warning',
} as const;

await build({
  ...common,
  entryPoints: [path.join(dist, 'src', 'cli', 'main.js')],
  outfile: path.join(dist, 'heaplint-cli.js'),
  // Some bundled dependencies are CommonJS and call require() for Node's built-ins.
  banner: { js: "import { createRequire as heaplintCreateRequire } from 'node:module'; const require = heaplintCreateRequire(import.meta.url);" },
});

/** The bin's import of the CLI (./main.js beside bin.js) is an import of the CLI's bundle. */
const cliBundle: Plugin = {
  name: 'heaplint-cli-bundle',
  setup(b) {
    b.onResolve({ filter: /^\.\/main\.js$/ }, () => ({ path: './heaplint-cli.js', external: true }));
  },
};

await build({
  ...common,
  entryPoints: [path.join(dist, 'src', 'cli', 'bin.js')],
  outfile: path.join(dist, 'heaplint.js'),
  plugins: [cliBundle],
});
