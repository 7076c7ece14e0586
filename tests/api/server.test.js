// The HTTP server core: routes, limits, security headers, access log, graceful stop.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { tmpdir, demoDb, startServer, until, SECURITY_HEADERS, stopAndRemove } = require('./helpers');

let dir;
let db;
let srv;

before(async () => {
  dir = tmpdir();
  db = demoDb(dir);
  srv = await startServer(db);
});

after(() => stopAndRemove(srv, dir));

function assertSecure(res) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS))
    assert.equal(res.headers.get(name), value, name);
}

test('GET /healthz answers ok with the security headers', async () => {
  const res = await fetch(`${srv.url}/healthz`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(await res.text(), 'ok');
  assertSecure(res);
});

test('GET /static/app.css is the embedded stylesheet', async () => {
  const res = await fetch(`${srv.url}/static/app.css`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/css/);
  assert.match(res.headers.get('cache-control'), /max-age=/);
  assert.match(await res.text(), /PingFang SC/);
  assertSecure(res);
  const js = await fetch(`${srv.url}/static/app.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  await js.text();
});

test('an unknown path is a Chinese 404 page', async () => {
  for (const p of ['/no/such/page', '/static/nothing.css', '/static/../Makefile']) {
    const res = await fetch(`${srv.url}${p}`);
    assert.equal(res.status, 404, p);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const body = await res.text();
    assert.match(body, /^<!doctype html>/);
    assert.match(body, /<html lang="zh-CN">/);
    assert.match(body, /页面不存在/);
    assertSecure(res);
  }
});

test('a known path with the wrong method is 405 with Allow', async () => {
  const res = await fetch(`${srv.url}/healthz`, { method: 'POST', body: 'x' });
  assert.equal(res.status, 405);
  assert.match(res.headers.get('allow'), /GET/);
  assertSecure(res);
  await res.text();
  const head = await fetch(`${srv.url}/healthz`, { method: 'HEAD' });
  assert.equal(head.status, 200);
});

test('a body over 8 MiB is 413 and the server goes on', async () => {
  const res = await fetch(`${srv.url}/upload`, { method: 'POST', body: Buffer.alloc(9 << 20, 0x61) });
  assert.equal(res.status, 413);
  assert.match(await res.text(), /太大/);
  assertSecure(res);
  const ok = await fetch(`${srv.url}/healthz`);
  assert.equal(ok.status, 200);
  await ok.text();
});

test('too many form fields is 413', async () => {
  const body = Array.from({ length: 1500 }, (_, i) => `f${i}=${i}`).join('&');
  const res = await fetch(`${srv.url}/healthz`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  assert.equal(res.status, 413);
  await res.text();
});

test('a 100 KiB header is refused without harm', async () => {
  let status;
  try {
    const res = await fetch(`${srv.url}/healthz`, { headers: { 'x-big': 'a'.repeat(100 << 10) } });
    status = res.status;
    await res.text();
  } catch (e) {
    assert.fail(`no answer: ${e.cause || e}`);
  }
  assert.ok(status === 413 || status === 431, `status ${status}`);
  // A header under the server's buffer but over its own cap: our 413 page.
  const mid = await fetch(`${srv.url}/healthz`, { headers: { 'x-big': 'a'.repeat(20 << 10) } });
  assert.equal(mid.status, 413);
  await mid.text();
  const ok = await fetch(`${srv.url}/healthz`);
  assert.equal(ok.status, 200);
  await ok.text();
});

test('the access log has the request without its query string', async () => {
  const res = await fetch(`${srv.url}/no-such-thing?idnumber=110101199003070016`);
  assert.equal(res.status, 404);
  await res.text();
  const line = / info GET \/no-such-thing 404 \d+ \d+us -/;
  assert.ok(await until(() => line.test(srv.stderr())), srv.stderr());
  assert.doesNotMatch(srv.stderr(), /110101199003070016/);
});

// Sends raw text on a socket; resolves with the socket and a promise of everything it reads.
function rawConnect(port) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      let data = '';
      sock.setEncoding('utf8');
      const done = new Promise((res) => {
        sock.on('data', (d) => { data += d; });
        sock.on('close', () => res(data));
        sock.on('error', () => res(data));
      });
      resolve({ sock, done });
    });
    sock.on('error', reject);
  });
}

test('SIGTERM lets a request in flight finish, then exits 0', async () => {
  const ownDir = tmpdir();
  const own = await startServer(demoDb(ownDir)); // a database of its own: one server per database
  const { sock, done } = await rawConnect(own.port);
  // Headers and half the body: the request is in flight.
  sock.write('POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345');
  await new Promise((r) => setTimeout(r, 200));
  const stopped = own.stop(8000);
  await new Promise((r) => setTimeout(r, 300));
  sock.write('67890');
  const answer = await done;
  assert.match(answer, /^HTTP\/1\.1 404 /);
  assert.match(answer, /页面不存在/);
  const r = await stopped;
  assert.equal(r.code, 0, own.stderr());
  assert.match(own.stderr(), /POST \/slow 404/);
});

test('serve checks --listen and --threads', () => {
  const { spawnSync } = require('node:child_process');
  const { BIN } = require('./helpers');
  for (const args of [['--listen', 'localhost:80'], ['--listen', '127.0.0.1:70000'], ['--listen', '127.0.0.1'],
    ['--threads', '0'], ['--bogus']]) {
    const r = spawnSync(BIN, ['--db', db, 'serve', ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /huimin serve: /);
    assert.match(r.stderr, /用法: huimin serve/);
  }
});

test('while the server runs it is the one writer: commands that write and a second server are refused', async () => {
  const { spawnSync } = require('node:child_process');
  const { BIN } = require('./helpers');
  const run = (args) => spawnSync(BIN, ['--db', db, ...args], { encoding: 'utf8', env: { ...process.env, HUIMIN_DB: '' } });
  const add = run(['user', 'add', 'late', '--role', 'leader']);
  assert.equal(add.status, 2);
  assert.match(add.stderr, /正由 huimin serve 使用/);
  const exported = run(['export', 'persons']);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /^\uFEFF姓名,/);
  await assert.rejects(startServer(db), /正由 huimin serve 使用/);
});
