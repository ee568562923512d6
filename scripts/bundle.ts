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

/**
 * yargs and its help-text layout (cliui, wrap-ansi) import string-width, whose two bundled
 * versions build an Intl.Segmenter and Unicode property regexes when they are evaluated: about
 * 20 ms of every run's start-up (profiled; the two largest costs of evaluating the bundle), for
 * a function only help and usage text call. Each import of it gets a stand-in that loads the
 * real module on its first call: esbuild bundles a module reached by require() in a wrapper
 * that evaluates it then.
 */
const lazyStringWidth: Plugin = {
  name: 'heaplint-lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.namespace === 'lazy-string-width') return undefined;
      const real = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, namespace: 'lazy-string-width' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: [
        'let stringWidth;',
        'export default function lazyStringWidth(string, options) {',
        `  stringWidth ??= require(${JSON.stringify(args.path)}).default;`,
        '  return stringWidth(string, options);',
        '}',
      ].join('\n'),
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

await build({
  ...common,
  entryPoints: [path.join(dist, 'src', 'cli', 'main.js')],
  outfile: path.join(dist, 'heaplint-cli.js'),
  plugins: [lazyStringWidth],
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
