// Shared helpers for the API tests: the real binary serving a real database on loopback.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'build', 'huimin');

function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'huimin-api-'));
}

// A demo county database with a few persons; returns its path.
function demoDb(dir, persons = 50) {
  const db = path.join(dir, 'demo.db');
  const r = spawnSync(BIN, ['--db', db, 'demo', '--persons', String(persons)], {
    encoding: 'utf8',
    env: { ...process.env, HUIMIN_DB: '' },
  });
  if (r.status !== 0) throw new Error(`huimin demo failed: ${r.stdout}${r.stderr}`);
  return db;
}

// Starts `huimin --db DB serve --listen 127.0.0.1:0` and resolves when it
// prints its address. The result: { url, port, proc, stderr(), stop() };
// stop() sends SIGTERM and resolves to { code, signal } (rejects after
// `timeout` ms without an exit).
function startServer(db, args = []) {
  const proc = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', ...args], {
    env: { ...process.env, HUIMIN_DB: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { err += d; });
  proc.stdout.setEncoding('utf8');
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start: ${out}${err}`));
    }, 10000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${out}${err}`));
    });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/huimin 已启动：http:\/\/([0-9.]+):(\d+)\//);
      if (!m) return;
      clearTimeout(timer);
      const port = Number(m[2]);
      resolve({
        port,
        url: `http://${m[1]}:${port}`,
        proc,
        stderr: () => err,
        stop(timeout = 5000) {
          proc.kill('SIGTERM');
          return Promise.race([
            exited,
            new Promise((_, rej) => setTimeout(() => {
              proc.kill('SIGKILL');
              rej(new Error(`server did not stop within ${timeout} ms`));
            }, timeout)),
          ]);
        },
      });
    });
  });
}

// Waits until pred() is true (polling), up to ms.
async function until(pred, ms = 2000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return pred();
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

module.exports = { ROOT, BIN, tmpdir, demoDb, startServer, until, SECURITY_HEADERS };
