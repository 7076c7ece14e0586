'use strict';
// 系统管理, for the county admin only: 在线用户 and forced logout (强退), 用户管理, the logs, 数据字典, 账户策略.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {
  NEW_PASSWORD, tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange, addUser,
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
  for (const [name, role] of [['boss', 'county_admin'], ['clerk', 'county_staff'], ['clerk2', 'county_staff']])
    addUser(db, name, role);
  srv = await startServer(db);
  ({ get, post } = client(srv));
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  // Both logs' chains hold after everything the pages wrote.
  const v = huimin(['audit', 'verify']);
  assert.equal(v.status, 0, v.stdout + v.stderr);
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

// A login with name and password: the response (not followed) and its session cookie, if any.
async function loginAs(name, password) {
  const token = (await (await get('/login')).text()).match(/name="login_token" value="([0-9a-f]{64})"/)[1];
  const res = await post('/login', { login_token: token, name, password }, `hm_login=${token}`);
  const body = await res.text();
  const m = (res.headers.getSetCookie() || []).map((c) => c.split(';')[0]).find((c) => c.startsWith('hm_session='));
  return { res, body, cookie: m };
}

// Changes a fresh user's password from `from` to NEW_PASSWORD on /password; resolves to the response.
async function changePassword(cookie, from, to) {
  const csrf = csrfOf(await (await get('/password', cookie)).text());
  return post('/password', { csrf, old_password: from, new_password: to, confirm_password: to }, cookie);
}

const shownPassword = (html) => {
  const m = html.match(/<output>([^<]+)<\/output>/);
  assert.ok(m, html);
  return m[1];
};

let admin;
let adminCsrf;
const userId = (name) => sql(`SELECT id FROM app_user WHERE name = '${name}'`);

test('用户管理: list, create with a password shown once, the new user must change it', async () => {
  admin = (await loginAs('boss', NEW_PASSWORD)).cookie; // changed its first password above
  const list = await get('/admin/users', admin);
  assert.equal(list.status, 200);
  const html = await list.text();
  adminCsrf = csrfOf(html);
  assert.match(html, /aria-current="page">用户管理</);
  assert.match(html, /<td>clerk<\/td><td>县残联业务人员<\/td><td>全县<\/td><td><span class="tag ok">正常<\/span>/);
  const byRole = await (await get('/admin/users?role=county_admin', admin)).text();
  assert.match(byRole, /<td>boss<\/td>/);
  assert.doesNotMatch(byRole, /<td>clerk<\/td>/);
  assert.match(await (await get('/admin', admin)).text(), /新增用户/, '/admin opens on 用户管理');

  const form = await get('/admin/users/new', admin);
  assert.equal(form.status, 200);
  const formHtml = await form.text();
  const township = sql('SELECT code FROM division WHERE level = 2 ORDER BY code LIMIT 1');
  const village = sql('SELECT code FROM division WHERE level = 3 ORDER BY code LIMIT 1');
  assert.match(formHtml, new RegExp(`<option value="${township}">`));
  assert.match(formHtml, new RegExp(`<option value="${village}">`));

  // Mistakes: the message next to the field, what was typed kept.
  let r = await post('/admin/users', { csrf: adminCsrf, name: '', role: 'county_staff' }, admin);
  assert.equal(r.status, 400);
  let body = await r.text();
  assert.match(body, /id="name-error">请输入账号名</);
  assert.match(body, /<option value="county_staff" selected>/);
  r = await post('/admin/users', { csrf: adminCsrf, name: 'tw1', role: 'township', division: '' }, admin);
  assert.equal(r.status, 400);
  body = await r.text();
  assert.match(body, /id="division-error">乡镇操作员须指定所属乡镇/);
  assert.match(body, /value="tw1"/);
  r = await post('/admin/users', { csrf: adminCsrf, name: 'tw1', role: 'township', division: village }, admin);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="division-error">区划\d+不是乡镇</);
  r = await post('/admin/users', { csrf: adminCsrf, name: 'bad name', role: 'leader' }, admin);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="name-error">账号名只能由字母/);
  r = await post('/admin/users', { csrf: adminCsrf, name: 'CLERK', role: 'leader' }, admin);
  assert.equal(r.status, 409);
  assert.match(await r.text(), /id="name-error">账号名“CLERK”已被使用</);
  r = await post('/admin/users', { csrf: adminCsrf, name: 'x', role: 'pope' }, admin);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="role-error">角色无效</);

  r = await post('/admin/users', { csrf: adminCsrf, name: 'tw1', role: 'township', division: township }, admin);
  assert.equal(r.status, 200);
  body = await r.text();
  assert.match(body, /已新增账号“tw1”（乡镇操作员，/);
  const first = shownPassword(body);
  assert.equal(first.length, 16);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const logged = sql("SELECT action || '|' || target || '|' || detail FROM operation_log WHERE target = 'user:tw1'");
  assert.equal(logged, `新增|user:tw1|{"after":{"division":"${township}","must_change":true,"name":"tw1","role":"township"}}`);
  assert.ok(!sql('SELECT group_concat(detail) FROM operation_log').includes(first), 'no password in the log');

  const { res, cookie } = await loginAs('tw1', first);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/password', 'must change the first password');
  assert.equal((await get('/persons', cookie)).headers.get('location'), '/password');
  assert.equal((await changePassword(cookie, first, NEW_PASSWORD)).status, 303);
  assert.equal((await get('/persons', cookie)).status, 200);
  assert.equal((await get('/admin/users', cookie)).status, 403, 'a township operator is not an admin');
});

test('用户管理: disable ends the sessions and refuses the login; enable; not oneself', async () => {
  const { cookie } = await loginAs('tw1', NEW_PASSWORD);
  assert.equal((await get('/', cookie)).status, 200);
  const id = userId('tw1');
  let r = await post(`/admin/users/${id}/disable`, { csrf: adminCsrf }, admin);
  assert.equal(r.status, 303);
  // Two sessions: this one and the one of the test before.
  assert.match(r.headers.get('location'), /^\/admin\/users\?done=disable&id=\d+&n=2$/);
  const shown = await (await get(r.headers.get('location'), admin)).text();
  assert.match(shown, /已停用账号“tw1”，结束了它的2个登录会话/);
  assert.match(shown, /<td>tw1<\/td>.*<span class="tag danger">停用<\/span>/);
  assert.equal((await get('/', cookie)).status, 303, 'the session ended');
  const refused = await loginAs('tw1', NEW_PASSWORD);
  assert.equal(refused.res.status, 200);
  assert.match(refused.body, /账号已停用/);
  r = await post(`/admin/users/${id}/disable`, { csrf: adminCsrf }, admin);
  assert.equal(r.status, 409);
  assert.match(await r.text(), /该账号已经是停用状态/);

  r = await post(`/admin/users/${userId('boss')}/disable`, { csrf: adminCsrf }, admin);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /role="alert">不能停用自己的账号/);
  assert.equal((await get('/', admin)).status, 200);

  r = await post(`/admin/users/${id}/enable`, { csrf: adminCsrf }, admin);
  assert.equal(r.status, 303);
  assert.equal((await loginAs('tw1', NEW_PASSWORD)).res.status, 303);
  assert.equal(sql("SELECT group_concat(action || ':' || detail, ' ') FROM operation_log WHERE target = 'user:tw1' AND action IN ('停用', '启用')"),
    '停用:{"after":{"status":"停用"},"before":{"status":"正常"},"sessions_ended":2} 启用:{"after":{"status":"正常"},"before":{"status":"停用"}}');
  assert.equal((await post('/admin/users/999999/disable', { csrf: adminCsrf }, admin)).status, 404);
  assert.equal((await post(`/admin/users/${id}/explode`, { csrf: adminCsrf }, admin)).status, 404);
});

test('用户管理: reset shows a new password once and ends the sessions; unlock after a lockout', async () => {
  const { cookie } = await loginAs('tw1', NEW_PASSWORD);
  const id = userId('tw1');
  let r = await post(`/admin/users/${id}/reset`, { csrf: adminCsrf }, admin);
  assert.equal(r.status, 200);
  const body = await r.text();
  assert.match(body, /已重置账号“tw1”的密码，结束了它的\d+个登录会话/);
  const fresh = shownPassword(body);
  assert.equal((await get('/', cookie)).status, 303, 'the session ended');
  assert.equal((await loginAs('tw1', NEW_PASSWORD)).res.status, 200, 'the old password is gone');
  let again = await loginAs('tw1', fresh);
  assert.equal(again.res.headers.get('location'), '/password');
  assert.equal((await changePassword(again.cookie, fresh, NEW_PASSWORD)).status, 303);

  // Five wrong passwords lock the account; even the right one is refused until the admin unlocks it.
  for (let i = 0; i < 5; i++) await loginAs('tw1', 'Wrong#pass1');
  again = await loginAs('tw1', NEW_PASSWORD);
  assert.match(again.body, /账号已锁定/);
  const list = await (await get('/admin/users?q=tw', admin)).text();
  assert.match(list, /<span class="tag warn">锁定至/);
  r = await post(`/admin/users/${id}/unlock`, { csrf: adminCsrf }, admin);
  assert.equal(r.status, 303);
  assert.match(await (await get(r.headers.get('location'), admin)).text(), /已解锁账号“tw1”/);
  assert.equal((await loginAs('tw1', NEW_PASSWORD)).res.status, 303);
  r = await post(`/admin/users/${id}/unlock`, { csrf: adminCsrf }, admin);
  assert.equal(r.status, 409);
  assert.match(await r.text(), /该账号没有被锁定/);
  assert.equal(sql("SELECT count(*) FROM operation_log WHERE target = 'user:tw1' AND action IN ('重置密码', '解锁') AND user_name = 'boss'"), '2');
});

test('操作日志 and 登录日志: search by user, dates, action, outcome, text; bounded inputs', async () => {
  let html = await (await get('/admin/oplog?action=%E5%81%9C%E7%94%A8', admin)).text();
  assert.match(html, /<td>boss<\/td><td>[^<]*<\/td><td>系统管理<\/td><td>停用<\/td><td>user:tw1<\/td>/);
  assert.match(html, /共 1 条，第 1 \/ 1 页/);
  html = await (await get(`/admin/oplog?text=${encodeURIComponent('user:tw')}&user=boss`, admin)).text();
  const n = sql("SELECT count(*) FROM operation_log WHERE user_name = 'boss' AND target LIKE 'user:tw%'");
  assert.ok(Number(n) >= 5);
  assert.match(html, new RegExp(`共 ${n} 条`));
  const today = new Date();
  const ymd = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  html = await (await get(`/admin/oplog?from=${ymd}&to=${ymd}&module=${encodeURIComponent('系统管理')}`, admin)).text();
  assert.match(html, /user:tw1/);
  html = await (await get('/admin/oplog?from=2000-01-01&to=2000-01-02', admin)).text();
  assert.match(html, /共 0 条/);

  html = await (await get(`/admin/loginlog?user=tw1&outcome=${encodeURIComponent('锁定')}`, admin)).text();
  assert.match(html, /<td>tw1<\/td>/);
  assert.match(html, /<span class="tag danger">锁定<\/span>/);
  assert.doesNotMatch(html, /tag ok/);

  // Pages of 20, newest first.
  for (let i = 0; i < 20; i++) await loginAs('ghost', 'Nobody#123');
  const total = Number(sql('SELECT count(*) FROM login_log'));
  assert.ok(total > 20);
  html = await (await get('/admin/loginlog?page=2', admin)).text();
  assert.match(html, new RegExp(`共 ${total} 条，第 2 / ${Math.ceil(total / 20)} 页`));
  assert.match(html, /href="\/admin\/loginlog">首页<\/a>/);

  // Bad input: the message next to its field, the value kept, no search.
  let r = await get('/admin/oplog?from=2024-13-01&user=boss', admin);
  assert.equal(r.status, 400);
  html = await r.text();
  assert.match(html, /id="f-from-error">日期应为“年-月-日”/);
  assert.match(html, /value="2024-13-01"/);
  assert.match(html, /请先改正查询条件/);
  r = await get('/admin/oplog?from=2024-06-02&to=2024-06-01', admin);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="f-to-error">开始日期不能晚于结束日期/);
  r = await get(`/admin/oplog?text=${'a'.repeat(101)}`, admin);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /搜索内容不能超过100个字节/);
  r = await get('/admin/loginlog?outcome=maybe', admin);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="f-outcome-error">不是可选的取值/);
  assert.equal((await get('/admin/loginlog?page=0', admin)).status, 400);
  assert.equal((await get('/admin/loginlog?page=abc', admin)).status, 400);
  assert.equal((await get(`/admin/users?q=${'q'.repeat(65)}`, admin)).status, 200);
});

test('数据字典 shows the dictionary table', async () => {
  const r = await get('/admin/dicts', admin);
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /<td>残疾类别<\/td><td class="mono">category<\/td><td class="mono">1<\/td><td>视力<\/td><td><span class="tag">视力残疾<\/span>/);
  assert.equal((html.match(/<tr><td>/g) || []).length, Number(sql('SELECT count(*) FROM dictionary')));
});

test('non-admins get 403 on every /admin page and form; a form without its token gets 403', async () => {
  const clerk = await login('clerk2');
  const clerkCsrf = csrfOf(await (await get('/', clerk)).text());
  for (const p of ['/admin', '/admin/users', '/admin/users/new', '/admin/online', '/admin/oplog', '/admin/loginlog',
    '/admin/dicts', '/admin/policy'])
    assert.equal((await get(p, clerk)).status, 403, p);
  const id = userId('tw1');
  for (const p of ['/admin/users', `/admin/users/${id}/disable`, `/admin/users/${id}/enable`, `/admin/users/${id}/reset`,
    `/admin/users/${id}/unlock`, `/admin/online/${id}`, '/admin/policy']) {
    assert.equal((await post(p, { csrf: clerkCsrf, name: 'x', role: 'leader' }, clerk)).status, 403, p);
    assert.equal((await post(p, { name: 'x', role: 'leader' }, admin)).status, 403, `${p} without csrf`);
  }
  assert.equal(sql("SELECT count(*) FROM app_user WHERE name = 'x'"), '0');
  assert.equal(sql("SELECT status FROM app_user WHERE name = 'tw1'"), '1');
});

test('账户策略: ranges explained and enforced; a change is logged and takes effect', async () => {
  let html = await (await get('/admin/policy', admin)).text();
  assert.match(html, /可设8至64个字符/);
  assert.match(html, /name="password.min_length" min="8" max="64" required value="8"/);
  const fields = { csrf: adminCsrf, 'password.min_length': '7', 'password.min_classes': '3',
    'password.change_first': '1', 'login.max_failures': '5', 'login.lock_minutes': '15', 'session.idle_minutes': '31' };
  let r = await post('/admin/policy', fields, admin);
  assert.equal(r.status, 400);
  html = await r.text();
  assert.match(html, /id="s-0-error">须为8至64之间的整数/);
  assert.match(html, /id="s-5-error">须为5至30之间的整数/);
  assert.match(html, /value="7"/);
  r = await post('/admin/policy', { ...fields, 'password.min_length': 'ten', 'session.idle_minutes': '30' }, admin);
  assert.equal(r.status, 400);
  assert.equal(sql('SELECT count(*) FROM setting'), '0', 'nothing saved');

  r = await post('/admin/policy', { ...fields, 'password.min_length': '10', 'session.idle_minutes': '20' }, admin);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/admin/policy?saved=1');
  html = await (await get('/admin/policy?saved=1', admin)).text();
  assert.match(html, /账户策略已保存/);
  assert.match(html, /value="10"/);
  assert.equal(sql("SELECT detail FROM operation_log WHERE action = '修改' AND target = 'setting:账户策略'"),
    '{"after":{"password.min_length":10,"session.idle_minutes":20},"before":{"password.min_length":8,"session.idle_minutes":30}}');
  r = await post('/admin/policy', { ...fields, 'password.min_length': '10', 'session.idle_minutes': '20' }, admin);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /没有修改任何设置/);

  // A new password of 9 characters is now too short.
  r = await post('/admin/users', { csrf: adminCsrf, name: 'newbie', role: 'leader' }, admin);
  const first = shownPassword(await r.text());
  const { cookie } = await loginAs('newbie', first);
  r = await changePassword(cookie, first, 'Abcdef#12');
  assert.equal(r.status, 200);
  assert.match(await r.text(), /密码至少需要10个字符/);
  assert.equal((await changePassword(cookie, first, 'Abcdef#123')).status, 303);
});
