/**
 * A saved log does not say where its GOROOT was: the standard library's types are read from the
 * Go installed here, found as cmd/go finds its own GOROOT (no process started).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installedGoroot } from '../../src/runner/go-env.js';

function goInstall(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-goroot-'));
  fs.mkdirSync(path.join(root, 'bin'));
  fs.mkdirSync(path.join(root, 'src', 'runtime'), { recursive: true });
  fs.writeFileSync(path.join(root, 'VERSION'), 'go1.26.8\n');
  fs.writeFileSync(path.join(root, 'src', 'runtime', 'runtime.go'), 'package runtime\n');
  fs.writeFileSync(path.join(root, 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
  return root;
}

const posix = process.platform === 'win32' ? test.skip : test;

posix('the directory above the bin/ of the go on PATH, through a symlink; $GOROOT when set; null without a source tree', () => {
  const root = goInstall();
  const links = fs.mkdtempSync(path.join(os.tmpdir(), 'heaplint-path-'));
  fs.symlinkSync(path.join(root, 'bin', 'go'), path.join(links, 'go'));
  const other = goInstall();
  expect([
    installedGoroot({ PATH: links }),
    installedGoroot({ PATH: links, GOROOT: other }),
    installedGoroot({ PATH: links, GOROOT: links }),
    installedGoroot({ PATH: os.tmpdir() + path.sep + 'none' }),
  ]).toEqual([fs.realpathSync(root), other, null, null]);
});
