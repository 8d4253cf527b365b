// Shared helpers for the Node tests of the WebAssembly build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const nativeCli = path.join(root, 'build/native/crmwb');
export const wasmCli = path.join(root, 'scripts/crmwb-wasm');
export const dataDir = path.join(root, 'tests/data');

/** Runs a command; returns {status, stdout (Buffer), stderr (Buffer)}. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 30, ...options });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory, removed when the process exits. */
export function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmwb-test-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
