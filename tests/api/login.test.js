// Logging in and out, the session cookie, CSRF, changing the password, the lock, and the logs.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const {
  PASSWORD, NEW_PASSWORD, tmpdir, demoDb, startServer, SECURITY_HEADERS, huiminAt, client, addUser,
} = require('./helpers');

let dir;
let db;
let srv;

let get;
let post;
const huimin = (args, input) => huiminAt(db, args, input);

before(async () => {
  dir = tmpdir();
  db = demoDb(dir, 5);
  addUser(db, 'tester', 'county_staff');
  addUser(db, 'victim', 'county_staff');
  srv = await startServer(db);
  ({ get, post } = client(srv));
});

after(async () => {
  if (srv) {
    const r = await srv.stop();
    assert.equal(r.code, 0, `exit ${r.code} ${r.signal}: ${srv.stderr()}`);
    // The chains of both logs hold after everything the server wrote.
    const v = huimin(['audit', 'verify']);
    assert.equal(v.status, 0, v.stdout + v.stderr);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

// The cookies a response sets, as { name: { value, attrs } }.
function setCookies(res) {
  const out = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(/;\s*/);
    const i = pair.indexOf('=');
    out[pair.slice(0, i)] = { value: pair.slice(i + 1), attrs, line };
  }
  return out;
}

// A fresh login form: its double-submit token (field and cookie agree).
async function loginToken() {
  const res = await get('/login');
  assert.equal(res.status, 200);
  const body = await res.text();
  const m = body.match(/name="login_token" value="([0-9a-f]{64})"/);
  assert.ok(m, body);
  const c = setCookies(res).hm_login;
  assert.ok(c, 'hm_login cookie');
  assert.equal(c.value, m[1]);
  return m[1];
}

async function login(name, password) {
  const token = await loginToken();
  return post('/login', { login_token: token, name, password }, `hm_login=${token}`);
}

function sessionOf(res) {
  const c = setCookies(res).hm_session;
  assert.ok(c && c.value, 'hm_session cookie');
  return `hm_session=${c.value}`;
}

function csrfOf(body) {
  const m = body.match(/name="csrf" value="([0-9a-f]{64})"/);
  assert.ok(m, body);
  return m[1];
}

let session; // tester's, after the password change

test('without a session: pages lead to /login, POSTs are refused', async () => {
  const res = await get('/');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/login');
  await res.text();
  const bogus = await get('/', 'hm_session=' + 'ab'.repeat(32));
  assert.equal(bogus.status, 303);
  await bogus.text();
  const out = await post('/logout', { csrf: 'x' });
  assert.equal(out.status, 403);
  await out.text();
  // Public routes stay public.
  const health = await get('/healthz');
  assert.equal(health.status, 200);
  await health.text();
});

test('the login page: form, labels, hidden token, hm_login cookie', async () => {
  const res = await get('/login');
  assert.equal(res.status, 200);
  const body = await res.text();
  assert.match(body, /<html lang="zh-CN">/);
  assert.match(body, /class="login-page"/);
  assert.match(body, /<label for="name">账号<\/label>/);
  assert.match(body, /<label for="password">密码<\/label>/);
  assert.match(body, />登录<\/button>/);
  assert.match(body, /name="login_token" value="[0-9a-f]{64}"/);
  const c = setCookies(res).hm_login;
  assert.ok(c.attrs.includes('HttpOnly'));
  assert.ok(c.attrs.includes('SameSite=Strict'));
  assert.ok(c.attrs.includes('Path=/login'));
  assert.ok(!c.attrs.includes('Secure'));
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(res.headers.get(name), value, name);
});

test('POST /login without the double-submit token is 403', async () => {
  const none = await post('/login', { name: 'tester', password: PASSWORD });
  assert.equal(none.status, 403);
  assert.match(await none.text(), /请求已失效，请刷新页面后重试/);
  const token = await loginToken();
  const other = await post('/login', { login_token: token, name: 'tester', password: PASSWORD },
    `hm_login=${'0'.repeat(64)}`);
  assert.equal(other.status, 403);
  await other.text();
});

test('a wrong password: the form again, the name kept, never the password', async () => {
  const res = await login('tester', 'Wrong#2024x');
  assert.equal(res.status, 200);
  const body = await res.text();
  assert.match(body, /账号或密码错误/);
  assert.match(body, /name="name"[^>]*value="tester"/);
  assert.doesNotMatch(body, /Wrong#2024x/);
  assert.equal(setCookies(res).hm_session, undefined);
});

test('first login of a must-change user leads to /password, and so does every page', async () => {
  const res = await login('tester', PASSWORD);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/password');
  const cookie = setCookies(res).hm_session;
  assert.ok(cookie.attrs.includes('HttpOnly'));
  assert.ok(cookie.attrs.includes('SameSite=Strict'));
  assert.ok(cookie.attrs.includes('Path=/'));
  const first = sessionOf(res);
  // A second session of the same account (another PC), which the change must end.
  const elsewhere = sessionOf(await login('tester', PASSWORD));
  const home = await get('/', first);
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/password');
  await home.text();

  const page = await get('/password', first);
  assert.equal(page.status, 200);
  let body = await page.text();
  assert.match(body, /<label for="old_password">原密码<\/label>/);
  assert.match(body, /<label for="new_password">新密码<\/label>/);
  assert.match(body, /<label for="confirm_password">确认新密码<\/label>/);
  const csrf = csrfOf(body);

  // Without the CSRF field: refused.
  const stale = await post('/password', { old_password: PASSWORD, new_password: NEW_PASSWORD,
    confirm_password: NEW_PASSWORD }, first);
  assert.equal(stale.status, 403);
  assert.match(await stale.text(), /请求已失效/);

  // A weak new password, a wrong old one, a mismatch: each under its field.
  const weak = await post('/password', { csrf, old_password: 'Nope#2024', new_password: 'weakpass',
    confirm_password: 'other' }, first);
  assert.equal(weak.status, 200);
  body = await weak.text();
  assert.match(body, /id="old_password-error">原密码错误</);
  assert.match(body, /id="new_password-error">[^<]*至少3类/);
  assert.match(body, /id="confirm_password-error">两次输入的新密码不一致</);
  assert.doesNotMatch(body, /weakpass|Nope#2024/);

  const good = await post('/password', { csrf, old_password: PASSWORD, new_password: NEW_PASSWORD,
    confirm_password: NEW_PASSWORD }, first);
  assert.equal(good.status, 303);
  assert.equal(good.headers.get('location'), '/');
  await good.text();
  session = first; // the session is kept
  const gone = await get('/password', elsewhere);
  assert.equal(gone.status, 303);
  assert.equal(gone.headers.get('location'), '/login');
  await gone.text();
});

test('the home page: the shell, the menu, the name, the headers', async () => {
  const res = await get('/', session);
  assert.equal(res.status, 200);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(res.headers.get(name), value, name);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const body = await res.text();
  assert.match(body, /^<!doctype html>/);
  assert.match(body, /<link rel="stylesheet" href="\/static\/app.css">/);
  assert.match(body, /<script src="\/static\/app.js" defer><\/script>/);
  assert.match(body, /惠民 · 残疾人民生工程管理系统/);
  assert.match(body, /<nav class="menu" aria-label="[^"]+">/);
  assert.match(body, /<a href="\/" aria-current="page">首页<\/a>/);
  for (const [href, label] of [['/persons', '残疾人档案'], ['/projects', '民生工程'], ['/targets', '目标管理'],
    ['/reports', '统计报表']])
    assert.ok(body.includes(`<a href="${href}">${label}</a>`), label);
  // County staff do not administer: no 系统管理 in their menu.
  assert.ok(!body.includes('<a href="/admin">'), 'no 系统管理 for county staff');
  assert.match(body, /tester/);
  assert.match(body, /县残联业务人员/);
  assert.match(body, /<form class="logout" method="post" action="\/logout"><input type="hidden" name="csrf"/);
  // An already logged-in user does not see the login form.
  const again = await get('/login', session);
  assert.equal(again.status, 303);
  assert.equal(again.headers.get('location'), '/');
  await again.text();
});

test('logout needs the CSRF field, then the old cookie is dead', async () => {
  const page = await get('/', session);
  const csrf = csrfOf(await page.text());
  const bad = await post('/logout', {}, session);
  assert.equal(bad.status, 403);
  assert.match(await bad.text(), /请求已失效，请刷新页面后重试/);
  const wrong = await post('/logout', { csrf: '0'.repeat(64) }, session);
  assert.equal(wrong.status, 403);
  await wrong.text();
  const ok = await post('/logout', { csrf }, session);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/login');
  const cleared = setCookies(ok).hm_session;
  assert.equal(cleared.value, '');
  assert.ok(cleared.attrs.includes('Max-Age=0'));
  await ok.text();
  const after = await get('/', session);
  assert.equal(after.status, 303);
  assert.equal(after.headers.get('location'), '/login');
  await after.text();
});

test('the new password logs in straight to /, over https the cookie is Secure', async () => {
  const token = await loginToken();
  const res = await fetch(`${srv.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `hm_login=${token}`,
      'x-forwarded-proto': 'https' },
    body: new URLSearchParams({ login_token: token, name: 'tester', password: NEW_PASSWORD }).toString(),
  });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  assert.ok(setCookies(res).hm_session.attrs.includes('Secure'));
  await res.text();
});

test('five wrong passwords lock the account, even the right one is refused', async () => {
  let body;
  for (let i = 0; i < 5; i++) {
    const res = await login('victim', `Wrong#${i}abcd`);
    assert.equal(res.status, 200);
    body = await res.text();
  }
  assert.match(body, /连续输错次数过多，账号已锁定，请于\d\d:\d\d后再试/);
  const right = await login('victim', PASSWORD);
  assert.equal(right.status, 200);
  assert.match(await right.text(), /账号已锁定/);
  assert.equal(setCookies(right).hm_session, undefined);

  // The login log has it all (the sqlite3 shell reads while the server runs), and no password.
  const q = spawnSync('sqlite3', [db, "SELECT user_name || '|' || outcome || '|' || message FROM login_log ORDER BY id"],
    { encoding: 'utf8' });
  assert.equal(q.status, 0, q.stderr);
  const rows = q.stdout.trim().split('\n');
  assert.ok(rows.includes('tester|失败|账号或密码错误'), q.stdout);
  assert.ok(rows.includes('tester|成功|登录成功'), q.stdout);
  assert.equal(rows.filter((r) => r.startsWith('victim|失败|')).length, 4, q.stdout);
  assert.equal(rows.filter((r) => r.startsWith('victim|锁定|')).length, 2, q.stdout);
  assert.doesNotMatch(q.stdout, /Wrong#|Start#2024x|Better\+2025y/);
  const ops = spawnSync('sqlite3', [db, "SELECT module || '|' || action || '|' || target || '|' || outcome FROM operation_log"],
    { encoding: 'utf8' });
  assert.match(ops.stdout, /登录\|退出\|user:tester\|成功/);
  assert.match(ops.stdout, /系统管理\|修改\|user:tester\|成功/);
});
