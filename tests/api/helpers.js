// Shared helpers for the API tests: the real binary serving a real database on loopback.
'use strict';
const assert = require('node:assert/strict');
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
// `timeout` ms without an exit). globals go before the command (['--today', '2025-05-10']).
function startServer(db, args = [], globals = []) {
  const proc = spawn(BIN, ['--db', db, ...globals, 'serve', '--listen', '127.0.0.1:0', ...args], {
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
          let timer;
          return Promise.race([
            exited,
            new Promise((_, rej) => {
              timer = setTimeout(() => {
                proc.kill('SIGKILL');
                rej(new Error(`server did not stop within ${timeout} ms`));
              }, timeout);
            }),
          ]).finally(() => clearTimeout(timer)); // a pending timer would keep the test process alive
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

// The first password tests give their users, and the one they change it to.
const PASSWORD = 'Start#2024x';
const NEW_PASSWORD = 'Better+2025y';

// Runs huimin on db; input goes to its standard input.
function huiminAt(db, args, input) {
  return spawnSync(BIN, ['--db', db, ...args], { encoding: 'utf8', input, env: { ...process.env, HUIMIN_DB: '' } });
}

// The output of a query by the sqlite3 shell, read-only (the server may be running), trimmed.
function sqlReadonly(db, query) {
  const r = spawnSync('sqlite3', ['-readonly', db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim();
}

// GET and urlencoded POST against a started server, redirects not followed.
function client(srv) {
  return {
    get: (p, cookie) => fetch(`${srv.url}${p}`, { redirect: 'manual', headers: cookie ? { cookie } : {} }),
    post: (p, fields, cookie) => fetch(`${srv.url}${p}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(fields).toString(),
    }),
  };
}

// The value of cookie name set by res, or undefined.
function cookieOf(res, name) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const i = pair.indexOf('=');
    if (pair.slice(0, i) === name) return pair.slice(i + 1);
  }
  return undefined;
}

// The session's CSRF token in a page's forms.
function csrfOf(html) {
  const m = html.match(/name="csrf" value="([0-9a-f]{64})"/);
  if (!m) throw new Error('no csrf field in the page');
  return m[1];
}

// Logs name in with PASSWORD and goes through the forced first change to
// NEW_PASSWORD; resolves to the session cookie ("hm_session=...").
async function loginWithChange(srv, name) {
  const { get, post } = client(srv);
  const token = (await (await get('/login')).text()).match(/name="login_token" value="([0-9a-f]{64})"/)[1];
  const res = await post('/login', { login_token: token, name, password: PASSWORD }, `hm_login=${token}`);
  if (res.status !== 303) throw new Error(`login of ${name} answered ${res.status}`);
  await res.text();
  const cookie = `hm_session=${cookieOf(res, 'hm_session')}`;
  const csrf = csrfOf(await (await get('/password', cookie)).text());
  const done = await post('/password', { csrf, old_password: PASSWORD, new_password: NEW_PASSWORD,
    confirm_password: NEW_PASSWORD }, cookie);
  if (done.status !== 303) throw new Error(`password change of ${name} answered ${done.status}`);
  await done.text();
  return cookie;
}

// Adds a user of role (in division, when given) with PASSWORD to db; throws when huimin refuses.
function addUser(db, name, role, division) {
  const args = ['user', 'add', name, '--role', role, '--password-stdin'];
  if (division) args.push('--division', division);
  const r = huiminAt(db, args, `${PASSWORD}\n`);
  if (r.status !== 0) throw new Error(`user add ${name}: ${r.stdout}${r.stderr}`);
}

// Adds a user as addUser does and returns an API token for it.
function addUserToken(db, name, role, division) {
  addUser(db, name, role, division);
  const t = huiminAt(db, ['user', 'token', name]);
  if (t.status !== 0) throw new Error(`user token ${name}: ${t.stdout}${t.stderr}`);
  return t.stdout.trim().split('\n').pop();
}

// What an API call answered: { status, type, headers, json, text, buf }: json is the body parsed
// (null when it is not JSON), text the body decoded as UTF-8 the way res.text() does (a leading
// byte-order mark dropped), buf its bytes as they came (PDF, .xlsx, a bank CSV with its BOM), type
// the content type.
async function answerOf(res) {
  const buf = Buffer.from(await res.arrayBuffer());
  const text = new TextDecoder().decode(buf);
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, json, text, buf };
}

// A JSON API call with a bearer token (body, when given, sent as JSON); resolves to answerOf's object.
async function apiCall(srv, token, method, p, body) {
  const res = await fetch(`${srv.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return answerOf(res);
}

// A multipart/form-data POST with a bearer token, as an API client uploads a file: fields first (in
// their order), then file = { name, bytes, type } (type 'application/octet-stream' when not given) as
// the form's "file"; resolves to answerOf's object.
async function apiUpload(srv, token, p, file, fields = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([file.bytes], { type: file.type || 'application/octet-stream' }), file.name);
  const res = await fetch(`${srv.url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return answerOf(res);
}

// The json of an API call's answer (the promise apiCall gives), asserting its status (200 unless
// given; the body is the message when it is not).
async function ok(promise, status = 200) {
  const r = await promise;
  assert.equal(r.status, status, r.text);
  return r.json;
}

// Runs fn(item, index) over items, inFlight calls at a time (the server has one writer anyway).
async function each(items, fn, inFlight = 8) {
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

// The usual after(): stops srv (when it started), asserting that it exited cleanly (its standard error
// the message when not), then removes dir and everything in it.
async function stopAndRemove(srv, dir) {
  if (srv) {
    const r = await srv.stop();
    assert.equal(r.code, 0, `exit ${r.code} ${r.signal}: ${srv.stderr()}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = {
  ROOT, BIN, PASSWORD, NEW_PASSWORD, tmpdir, demoDb, startServer, until, SECURITY_HEADERS,
  huiminAt, sqlReadonly, client, cookieOf, csrfOf, loginWithChange, addUser, addUserToken, apiCall, apiUpload,
  ok, each, stopAndRemove,
};
