'use strict';
// 系统管理: 在线用户 and forced logout (强退), for the county admin only.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { BIN, tmpdir, startServer } = require('./helpers');

const PASSWORD = 'Start#2024x';
const NEW_PASSWORD = 'Better+2025y';
let dir;
let db;
let srv;

function huimin(args, input) {
  return spawnSync(BIN, ['--db', db, ...args], { encoding: 'utf8', input, env: { ...process.env, HUIMIN_DB: '' } });
}

function sql(query) {
  const r = spawnSync('sqlite3', ['-readonly', db, query], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function cookieOf(res, name) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    if (pair.startsWith(`${name}=`)) return pair.slice(name.length + 1);
  }
  return undefined;
}

const get = (p, cookie) => fetch(`${srv.url}${p}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const post = (p, fields, cookie) => fetch(`${srv.url}${p}`, {
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
});
const csrfOf = (html) => html.match(/name="csrf" value="([0-9a-f]{64})"/)[1];

// Logs in with the first password and changes it; returns the session cookie.
async function login(name) {
  const token = (await (await get('/login')).text()).match(/name="login_token" value="([0-9a-f]{64})"/)[1];
  const res = await post('/login', { login_token: token, name, password: PASSWORD }, `hm_login=${token}`);
  assert.equal(res.status, 303);
  const cookie = `hm_session=${cookieOf(res, 'hm_session')}`;
  const csrf = csrfOf(await (await get('/password', cookie)).text());
  const done = await post('/password', { csrf, old_password: PASSWORD, new_password: NEW_PASSWORD,
    confirm_password: NEW_PASSWORD }, cookie);
  assert.equal(done.status, 303);
  return cookie;
}

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  assert.equal(huimin(['demo', '--persons', '20']).status, 0);
  for (const [name, role] of [['boss', 'county_admin'], ['clerk', 'county_staff']])
    assert.equal(huimin(['user', 'add', name, '--role', role, '--password-stdin'], `${PASSWORD}\n`).status, 0);
  srv = await startServer(db);
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the admin sees who is online and can force a logout; others cannot', async () => {
  const admin = await login('boss');
  const clerk = await login('clerk');
  const page = await get('/admin/online', admin);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<td>boss<\/td>/);
  assert.match(html, /<td>clerk<\/td>/);
  assert.equal((await get('/admin', admin)).status, 200, '系统管理 opens on it');

  const denied = await get('/admin/online', clerk);
  assert.equal(denied.status, 403);
  const clerkCsrf = csrfOf(await (await get('/', clerk)).text());
  const clerkId = sql("SELECT id FROM app_user WHERE name = 'clerk'");
  assert.equal((await post(`/admin/online/${clerkId}`, { csrf: clerkCsrf }, clerk)).status, 403);
  assert.equal((await post(`/admin/online/${clerkId}`, {}, admin)).status, 403, 'no CSRF token');

  const kicked = await post(`/admin/online/${clerkId}`, { csrf: csrfOf(html) }, admin);
  assert.equal(kicked.status, 303);
  assert.equal(kicked.headers.get('location'), '/admin/online');
  const after = await get('/', clerk);
  assert.equal(after.status, 303, 'the clerk is logged out');
  assert.match(after.headers.get('location'), /\/login$/);
  assert.equal((await get('/', admin)).status, 200, 'the admin is not');
  assert.equal(sql("SELECT user_name || '|' || action || '|' || target FROM operation_log WHERE action = '强退'"),
    'boss|强退|user:clerk');
  assert.equal((await post('/admin/online/999999', { csrf: csrfOf(html) }, admin)).status, 404);
});
