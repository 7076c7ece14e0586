// Creating and editing person files: the forms (errors under fields, typed values kept, stale edits),
// the JSON API (POST/PUT), data scope, roles, CSRF, and the history on the person's page.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {
  tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange, addUser, addUserToken,
} = require('./helpers');

const TOWNSHIP = '341699001000';
const OTHER_TOWNSHIP = '341699002000';

let dir;
let db;
let srv;
let get;
let post;
let admin;
let town;
let leader;
let townToken;
let villageOfTown;
let villageElsewhere;

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

// A valid GB 11643 ID number in the demo county, born 1980-01-01, serial n.
function idNumber(n) {
  const first17 = `34169919800101${String(n).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huimin(['demo', '--persons', '40', '--seed', '5']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  addUser(db, 'county', 'county_staff');
  townToken = addUserToken(db, 'town', 'township', TOWNSHIP);
  addUser(db, 'boss', 'leader');
  villageOfTown = sql(`SELECT min(code) FROM division WHERE parent_code = '${TOWNSHIP}'`);
  villageElsewhere = sql(`SELECT min(code) FROM division WHERE parent_code = '${OTHER_TOWNSHIP}'`);
  srv = await startServer(db);
  ({ get, post } = client(srv));
  admin = await loginWithChange(srv, 'county');
  town = await loginWithChange(srv, 'town');
  leader = await loginWithChange(srv, 'boss');
});

after(async () => {
  if (srv) await srv.stop();
});

async function page(p, cookie) {
  const res = await get(p, cookie);
  return { status: res.status, html: await res.text() };
}

test('the new-file form offers only the villages of the user\'s township', async () => {
  const { status, html } = await page('/persons/new', town);
  assert.equal(status, 200);
  assert.match(html, new RegExp(`value="${villageOfTown}"`));
  assert.doesNotMatch(html, new RegExp(`value="${villageElsewhere}"`));
  assert.match(html, /name="csrf"/);
});

test('a refused form shows each reason under its field and keeps what was typed', async () => {
  const csrf = csrfOf((await page('/persons/new', town)).html);
  const res = await post('/persons/new', {
    csrf, name: '', id_number: '341699198001010010', cert: '', category: '肢体', grade: '二级', hukou: '',
    village: villageOfTown, phone: '12345', dibao: '否', bank_name: '<b>农行</b>', bank_account: '12',
  }, town);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /有 5 项填写有误/);
  assert.match(html, /id="e-name">不能为空</);
  assert.match(html, /id="e-id_number">[^<]*校验/);
  assert.match(html, /id="e-hukou">不能为空</);
  assert.match(html, /id="e-phone">应为11位手机号码</);
  assert.match(html, /id="e-bank_account">只能是8至30位数字</);
  assert.match(html, /value="12345"/);
  assert.match(html, /value="&lt;b&gt;农行&lt;\/b&gt;"/);
  assert.match(html, new RegExp(`value="${villageOfTown}" selected`));
  assert.match(html, /value="肢体" selected/);
  assert.equal(sql("SELECT count(*) FROM person WHERE phone = '12345'"), '0');
});

test('a township user cannot register a person in another township', async () => {
  const csrf = csrfOf((await page('/persons/new', town)).html);
  const res = await post('/persons/new', {
    csrf, name: '李四', id_number: idNumber(901), hukou: '农村', village: villageElsewhere,
  }, town);
  const html = await res.text();
  assert.match(html, /id="e-village">不在您的管辖范围内/);
  assert.equal(sql(`SELECT count(*) FROM person WHERE id_number = '${idNumber(901)}'`), '0');
});

test('a valid form saves the file, logs it, and the page shows it and its history', async () => {
  const csrf = csrfOf((await page('/persons/new', town)).html);
  const id = idNumber(902);
  const res = await post('/persons/new', {
    csrf, name: '  赵六 ', id_number: id, cert: `${id}42`, category: '', grade: '', hukou: '农村',
    village: villageOfTown, phone: '13800001111', dibao: '是', bank_name: '农行', bank_account: '6228 4800 1234 5678',
  }, town);
  assert.equal(res.status, 303);
  const loc = res.headers.get('location');
  assert.match(loc, /^\/persons\/\d+\?saved=1$/);
  const pid = loc.match(/\d+/)[0];
  assert.equal(sql(`SELECT name || '|' || category || '|' || grade || '|' || bank_account FROM person WHERE id = ${pid}`),
    '赵六|4|2|6228480012345678');
  const { html } = await page(loc, town);
  assert.match(html, /已保存/);
  assert.match(html, /变更记录/);
  assert.match(html, /新增/);
  assert.match(html, /联系电话：（空） → 138\*\*\*\*1111/);
  // The log holds masked values only.
  const detail = sql(`SELECT detail FROM operation_log WHERE target = 'person:${pid}' AND action = '新增'`);
  assert.doesNotMatch(detail, /13800001111|6228480012345678/);
  assert.doesNotMatch(detail, new RegExp(id));
  // The same ID number again: refused, naming the file.
  const again = await post('/persons/new', { csrf, name: '赵六', id_number: id, hukou: '农村', village: villageOfTown }, town);
  assert.match(await again.text(), /id="e-id_number">该身份证号已登记（档案号\d{14}）/);
});

test('editing: full values in the form (logged), changes saved, stale edits refused', async () => {
  const pid = sql(`SELECT min(id) FROM person WHERE village_code BETWEEN '${TOWNSHIP}' AND '341699001999'`);
  const views = Number(sql(`SELECT count(*) FROM operation_log WHERE target = 'person:${pid}' AND action = '查看'`));
  const form = await page(`/persons/${pid}/edit`, town);
  assert.equal(form.status, 200);
  const full = sql(`SELECT id_number FROM person WHERE id = ${pid}`);
  assert.match(form.html, new RegExp(`value="${full}"`));
  assert.equal(Number(sql(`SELECT count(*) FROM operation_log WHERE target = 'person:${pid}' AND action = '查看'`)), views + 1);

  const fields = {};
  for (const m of form.html.matchAll(/<input type="(?:text|hidden)"[^>]* name="([a-z_]+)"[^>]*value="([^"]*)"/g)) fields[m[1]] = m[2];
  for (const m of form.html.matchAll(/<select[^>]* name="([a-z_]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = m[2].match(/value="([^"]*)" selected/);
    fields[m[1]] = sel ? sel[1] : '';
  }
  for (const m of form.html.matchAll(/name="(csrf|version)" value="([^"]*)"/g)) fields[m[1]] = m[2];
  assert.ok(fields.version);
  const res = await post(`/persons/${pid}/edit`, { ...fields, phone: '13900002222', status: '迁出' }, town);
  assert.equal(res.status, 303);
  assert.equal(sql(`SELECT phone || '|' || status FROM person WHERE id = ${pid}`), '13900002222|3');
  const { html } = await page(`/persons/${pid}`, town);
  assert.match(html, /人员状态：在册 → 迁出/);

  // The same form again: its version is stale now.
  const stale = await post(`/persons/${pid}/edit`, { ...fields, phone: '13700003333' }, town);
  assert.equal(stale.status, 200);
  assert.match(await stale.text(), /已被他人保存过/);
  assert.equal(sql(`SELECT phone FROM person WHERE id = ${pid}`), '13900002222');

  // Without the CSRF token: refused, nothing changed.
  const { csrf, ...noCsrf } = fields;
  assert.ok(csrf);
  const forged = await post(`/persons/${pid}/edit`, { ...noCsrf, phone: '13700003333' }, town);
  assert.equal(forged.status, 403);
  assert.equal(sql(`SELECT phone FROM person WHERE id = ${pid}`), '13900002222');
});

test('outside the scope: 404; a leader may not edit', async () => {
  const other = sql(`SELECT min(id) FROM person WHERE village_code BETWEEN '${OTHER_TOWNSHIP}' AND '341699002999'`);
  assert.equal((await page(`/persons/${other}/edit`, town)).status, 404);
  const csrf = csrfOf((await page('/', town)).html);
  assert.equal((await post(`/persons/${other}/edit`, { csrf, name: 'x' }, town)).status, 404);
  assert.equal((await page('/persons/new', leader)).status, 403);
  assert.equal((await page(`/persons/${other}/edit`, admin)).status, 200);
});

test('the API creates and updates files with the same rules', async () => {
  const call = (method, p, body) => fetch(`${srv.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${townToken}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  let res = await call('POST', '/api/v1/persons', '[1,2]');
  assert.equal(res.status, 400);
  res = await call('POST', '/api/v1/persons', { name: '', id_number: '123', hukou: 9, village: villageOfTown });
  assert.equal(res.status, 400);
  let j = await res.json();
  assert.equal(j.error.fields.hukou, '不是字典中的代码');
  res = await call('POST', '/api/v1/persons', { name: '', id_number: '123', hukou: 2, village: villageOfTown });
  j = await res.json();
  assert.equal(j.error.fields.name, '不能为空');
  assert.match(j.error.fields.id_number, /18位/);

  const id = idNumber(903);
  res = await call('POST', '/api/v1/persons', {
    name: '钱七', id_number: id, category: 1, grade: 3, hukou: 1, village: villageOfTown, dibao: 1,
  });
  assert.equal(res.status, 201);
  j = await res.json();
  assert.equal(j.name, '钱七');
  assert.equal(j.category, 1);
  assert.equal(j.township, TOWNSHIP);
  assert.notEqual(j.id_number, id); // masked
  const pid = j.id;

  res = await call('PUT', `/api/v1/persons/${pid}`, { phone: '13611112222', version: j.version });
  assert.equal(res.status, 200);
  const k = await res.json();
  assert.equal(k.name, '钱七'); // kept
  assert.equal(sql(`SELECT phone || '|' || category FROM person WHERE id = ${pid}`), '13611112222|1');
  res = await call('PUT', `/api/v1/persons/${pid}`, { phone: '13611113333', version: j.version });
  assert.equal(res.status, 409);
  res = await call('PUT', `/api/v1/persons/${pid}`, { village: villageElsewhere });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error.fields.village, /管辖范围/);
  const other = sql(`SELECT min(id) FROM person WHERE village_code BETWEEN '${OTHER_TOWNSHIP}' AND '341699002999'`);
  res = await call('PUT', `/api/v1/persons/${other}`, { phone: '13611114444' });
  assert.equal(res.status, 404);
  assert.equal(sql(`SELECT count(*) FROM operation_log WHERE target = 'person:${pid}' AND action IN ('新增', '修改')`), '2');
});

test('the API with a session cookie needs the CSRF header', async () => {
  const res = await fetch(`${srv.url}/api/v1/persons`, {
    method: 'POST', headers: { cookie: town, 'content-type': 'application/json' }, body: '{}',
  });
  assert.equal(res.status, 403);
  const csrf = csrfOf((await page('/', town)).html);
  const ok = await fetch(`${srv.url}/api/v1/persons`, {
    method: 'POST', headers: { cookie: town, 'content-type': 'application/json', 'x-csrf-token': csrf }, body: '{}',
  });
  assert.equal(ok.status, 400);
});
