'use strict';
// 系统管理: 在线用户 and forced logout (强退), for the county admin only.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {
  PASSWORD, tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange,
} = require('./helpers');

let dir;
let db;
let srv;
let get;
let post;
const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);
const login = (name) => loginWithChange(srv, name);

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  assert.equal(huimin(['demo', '--persons', '20']).status, 0);
  for (const [name, role] of [['boss', 'county_admin'], ['clerk', 'county_staff']])
    assert.equal(huimin(['user', 'add', name, '--role', role, '--password-stdin'], `${PASSWORD}\n`).status, 0);
  srv = await startServer(db);
  ({ get, post } = client(srv));
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
