/**
 * Runs the real compiler on the contracts corpus and checks the same findings come out as from
 * the captured log, so the captured log cannot drift from what Go 1.26 prints.
 */
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { execa } from 'execa';
import { checkContracts } from '../../src/contracts/check.js';
import { parseText } from '../../src/parse/stream.js';
import { BUILT, CORPUS_DIR, corpusFiles, resolveCorpus } from './corpus.js';
import { CORPUS_FINDINGS } from './corpus-findings.js';

const GO_BIN = '/usr/local/go/bin';
const haveGo = existsSync(`${GO_BIN}/go`);

(haveGo ? test : test.skip)(
  'go build -gcflags=-m=2 ./... on the corpus gives exactly the expected contract findings',
  async () => {
    const env = { PATH: `${GO_BIN}${delimiter}${process.env.PATH ?? ''}`, GOTOOLCHAIN: 'local', GOFLAGS: '' };
    const version = await execa('go', ['env', 'GOVERSION'], { cwd: CORPUS_DIR, env });
    const minor = Number(/^go1\.(\d+)/.exec(version.stdout.trim())?.[1]);
    const build = await execa('go', ['build', '-gcflags=-m=2', './...'], { cwd: CORPUS_DIR, env, reject: false });
    expect(build.exitCode).toBe(0);
    const { records, stats } = parseText(build.stderr);
    expect(stats.unrecognized).toBe(0);
    const findings = checkContracts({ files: corpusFiles(), records, resolve: resolveCorpus, builtPackages: BUILT, goVersion: { major: 1, minor } });
    expect(findings.map((f) => ({ ruleId: f.ruleId, level: f.level, file: f.file, line: f.line, column: f.column, message: f.message }))).toEqual(
      CORPUS_FINDINGS,
    );
  },
  120_000,
);
