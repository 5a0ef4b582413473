/**
 * The code each hashing thread runs, given to `new Worker(..., { eval: true })` as text: the
 * main process is one bundle (electron-vite) and the tests run the TypeScript sources, so a worker
 * file of its own would need a path that differs between them. It uses Node's modules only.
 *
 * A job hashes a file, or copies it while hashing the very bytes it writes (one read serves both).
 * Reads go in large chunks into one reused buffer, so a database backup never sits in memory whole;
 * the bytes done are reported as they go, in steps, so progress costs nothing next to the hashing.
 */
export const FILE_JOB_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');

const CHUNK_BYTES = 4 * 1024 * 1024;
const buffer = Buffer.allocUnsafe(CHUNK_BYTES);

function writeAll(fd, length) {
  let written = 0;
  while (written < length) written += fs.writeSync(fd, buffer, written, length - written);
}

function run(job) {
  const hash = createHash('sha256');
  const source = fs.openSync(job.file, 'r');
  let target = null;
  let size = 0;
  try {
    if (job.to !== undefined) target = fs.openSync(job.to, 'w');
    for (;;) {
      const read = fs.readSync(source, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      if (target !== null) writeAll(target, read);
      size += read;
      parentPort.postMessage({ id: job.id, bytes: read });
    }
    if (target !== null) fs.fsyncSync(target);
  } finally {
    fs.closeSync(source);
    if (target !== null) fs.closeSync(target);
  }
  return { size, sha256: hash.digest('hex') };
}

parentPort.on('message', (job) => {
  try {
    parentPort.postMessage({ id: job.id, done: run(job) });
  } catch (error) {
    parentPort.postMessage({ id: job.id, failed: { code: error.code || 'EUNKNOWN', message: error.message } });
  }
});
`;
