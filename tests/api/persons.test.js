// The registry list page, the person page and the JSON API: filters, scope, masking, escaping.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const {
  tmpdir, startServer, huiminAt, sqlReadonly, client, loginWithChange, addUserToken, stopAndRemove,
} = require('./helpers');

const TOWNSHIP = '341699001000';

let dir;
let db;
let srv;
let staffToken;
let townToken;
let staffCookie;
let townCookie;
let leaderCookie;

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);
let get;
let post;

const login = (name) => loginWithChange(srv, name);

function api(p, token) {
  return fetch(`${srv.url}${p}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function apiJson(p, token) {
  const res = await api(p, token);
  assert.equal(res.status, 200, p);
  assert.match(res.headers.get('content-type'), /application\/json/);
  return res.json();
}

const total = (html) => Number(html.match(/共 (\d+) 条/)[1]);

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huimin(['demo', '--persons', '300', '--seed', '3']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // A person whose name is markup, in the township, to check the escaping.
  const evil = spawnSync('sqlite3', [db, "UPDATE person SET name = '<script>x</script>' WHERE id = " +
    `(SELECT min(id) FROM person WHERE village_code BETWEEN '${TOWNSHIP}' AND '341699001999')`], { encoding: 'utf8' });
  assert.equal(evil.status, 0, evil.stderr);
  staffToken = addUserToken(db, 'staff', 'county_staff');
  townToken = addUserToken(db, 'town', 'township', TOWNSHIP);
  addUserToken(db, 'boss', 'leader');
  srv = await startServer(db);
  ({ get, post } = client(srv));
  staffCookie = await login('staff');
  townCookie = await login('town');
  leaderCookie = await login('boss');
});

after(() => stopAndRemove(srv, dir));

test('the list page: totals, masking, no full ID number', async () => {
  const res = await get('/persons', staffCookie);
  assert.equal(res.status, 200);
  const body = await res.text();
  assert.equal(total(body), Number(sql('SELECT count(*) FROM person')));
  assert.match(body, /<form class="query panel" method="get" action="\/persons"/);
  assert.match(body, /\d{6}\*{8}[0-9X]{4}/);
  assert.doesNotMatch(body, /\b\d{17}[0-9X]\b/);
  assert.match(body, /<a class="btn secondary" href="\/persons">重置<\/a>/);
});

test('the API list: totals, codes, masking, per_page', async () => {
  const j = await apiJson('/api/v1/persons?per_page=100', staffToken);
  assert.equal(j.total, Number(sql('SELECT count(*) FROM person')));
  assert.equal(j.page, 1);
  assert.equal(j.per_page, 100);
  assert.equal(j.items.length, 100);
  for (const it of j.items) {
    assert.match(it.township, /^\d{12}$/);
    assert.match(it.village, /^\d{12}$/);
    assert.match(it.id_number, /^\d{6}\*{8}[0-9X]{4}$/);
    if (it.phone) assert.match(it.phone, /^\d{3}\*{4}\d{4}$/);
  }
  assert.doesNotMatch(JSON.stringify(j), /\d{17}[0-9X]/);
});

test('each filter narrows as the database says', async () => {
  const cases = [
    ['category=4', 'category = 4'],
    ['category=1,4', 'category IN (1, 4)'],
    ['grade=2', 'grade = 2'],
    ['grade=1,2', 'grade IN (1, 2)'],
    ['hukou=1', 'hukou = 1'],
    ['dibao=1', 'dibao = 1'],
    ['status=1', 'status = 1'],
    [`township=${TOWNSHIP}`, `village_code BETWEEN '${TOWNSHIP}' AND '341699001999'`],
    ['age_group=60%2B', "birth_date <= date('now', 'localtime', '-60 years')"],
    ['age_group=0-17', "birth_date > date('now', 'localtime', '-18 years')"],
  ];
  for (const [q, where] of cases) {
    const want = Number(sql(`SELECT count(*) FROM person WHERE ${where}`));
    const j = await apiJson(`/api/v1/persons?${q}`, staffToken);
    assert.equal(j.total, want, q);
    const page = await (await get(`/persons?${q}`, staffCookie)).text();
    assert.equal(total(page), want, q);
  }
  const village = sql('SELECT village_code FROM person ORDER BY id LIMIT 1');
  const j = await apiJson(`/api/v1/persons?village=${village}`, staffToken);
  assert.equal(j.total, Number(sql(`SELECT count(*) FROM person WHERE village_code = '${village}'`)));
  // Search by a whole ID number (exact) and by a name part.
  const [id, idNumber] = sql('SELECT id, id_number FROM person WHERE id = 42').split('|');
  const byId = await apiJson(`/api/v1/persons?q=${idNumber}`, staffToken);
  assert.equal(byId.total, 1);
  assert.equal(String(byId.items[0].id), id);
  const partial = await apiJson(`/api/v1/persons?q=${idNumber.slice(0, 10)}`, staffToken);
  assert.equal(partial.total, 0);
});

test('the township user sees its township only, by page, API and URL', async () => {
  const want = Number(sql(`SELECT count(*) FROM person WHERE village_code BETWEEN '${TOWNSHIP}' AND '341699001999'`));
  const page = await (await get('/persons', townCookie)).text();
  assert.equal(total(page), want);
  const j = await apiJson('/api/v1/persons?per_page=100', townToken);
  assert.equal(j.total, want);
  for (const it of j.items) assert.equal(it.township, TOWNSHIP);
  const other = sql(`SELECT id FROM person WHERE village_code NOT BETWEEN '${TOWNSHIP}' AND '341699001999' LIMIT 1`);
  const idNumber = sql(`SELECT id_number FROM person WHERE id = ${other}`);
  const byUrl = await get(`/persons/${other}`, townCookie);
  assert.equal(byUrl.status, 404);
  assert.match(await byUrl.text(), /人员不存在/);
  const byApi = await api(`/api/v1/persons/${other}`, townToken);
  assert.equal(byApi.status, 404);
  assert.equal((await byApi.json()).error.code, 'not_found');
  const bySearch = await apiJson(`/api/v1/persons?q=${idNumber}`, townToken);
  assert.equal(bySearch.total, 0);
  // The county user reaches the same person.
  assert.equal((await get(`/persons/${other}`, staffCookie)).status, 200);
  const one = await apiJson(`/api/v1/persons/${other}`, staffToken);
  assert.equal(String(one.id), other);
  assert.match(one.id_number, /^\d{6}\*{8}[0-9X]{4}$/);
  assert.equal((await get('/persons/nope', staffCookie)).status, 404);
  assert.equal((await get('/persons/99999999', staffCookie)).status, 404);
});

test('no credentials: 401 for the API, /login for the page', async () => {
  const res = await api('/api/v1/persons');
  assert.equal(res.status, 401);
  const j = await res.json();
  assert.equal(j.error.code, 'unauthorized');
  assert.equal((await api('/api/v1/persons', 'ab'.repeat(32))).status, 401);
  assert.equal((await api('/api/v1/persons/1')).status, 401);
  const page = await get('/persons');
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/login');
});

test('bad filter values: 400 with the fields', async () => {
  // grade=0 and category=0 are valid: persons without a certificate (未持证).
  for (const q of ['category=9', 'grade=5', 'township=12', 'per_page=101', 'page=0', 'sort=id_number', 'hukou=x',
    'sex=3', 'age_on=2025-02-30']) {
    const res = await api(`/api/v1/persons?${q}`, staffToken);
    assert.equal(res.status, 400, q);
    const j = await res.json();
    assert.equal(j.error.code, 'bad_request');
    assert.ok(j.error.fields[q.split('=')[0]], q);
  }
  // The page ignores them and says so.
  const body = await (await get('/persons?category=9', staffCookie)).text();
  assert.match(body, /已忽略/);
  assert.equal(total(body), Number(sql('SELECT count(*) FROM person')));
});

test('sorting and page links keep the filters', async () => {
  const body = await (await get('/persons?category=4&sort=name&order=desc&per_page=10', staffCookie)).text();
  assert.match(body, /aria-sort="descending"/);
  const links = [...body.matchAll(/href="(\/persons\?(?:[^"]*;)?page=\d+[^"]*)"/g)].map((m) => m[1]);
  assert.ok(links.length > 0, 'page links');
  for (const l of links) {
    assert.match(l, /category=4/);
    assert.match(l, /sort=name/);
    assert.match(l, /per_page=10/);
  }
  const a = await apiJson('/api/v1/persons?sort=birth_date&per_page=100', staffToken);
  const dates = a.items.map((it) => it.birth_date);
  assert.deepEqual(dates, [...dates].sort());
  // Pages do not overlap.
  const p1 = await apiJson('/api/v1/persons?per_page=7&page=1&sort=name', staffToken);
  const p2 = await apiJson('/api/v1/persons?per_page=7&page=2&sort=name', staffToken);
  const ids = new Set(p1.items.map((it) => it.id));
  for (const it of p2.items) assert.ok(!ids.has(it.id));
});

test('names and echoed values are escaped', async () => {
  const body = await (await get(`/persons?township=${TOWNSHIP}&q=%22%3E%3Cb%3E`, townCookie)).text();
  assert.doesNotMatch(body, /<b>/);
  assert.match(body, /value="&quot;&gt;&lt;b&gt;"/);
  const list = await (await get('/persons?per_page=100', townCookie)).text();
  assert.doesNotMatch(list, /<script>x/);
  assert.match(list, /&lt;script&gt;x&lt;\/script&gt;/);
});

test('the full values on a person page: on purpose (POST with CSRF), for the roles that work with files, logged', async () => {
  const id = sql(`SELECT min(id) FROM person WHERE phone IS NOT NULL AND cert_number IS NOT NULL AND village_code BETWEEN '${TOWNSHIP}' AND '341699001999'`);
  const full = sql(`SELECT id_number FROM person WHERE id = ${id}`);
  const phone = sql(`SELECT phone FROM person WHERE id = ${id}`);
  const page = await (await get(`/persons/${id}`, staffCookie)).text();
  assert.ok(!page.includes(full), 'masked by default');
  assert.match(page, /显示完整信息/);
  const csrf = page.match(/name="csrf" value="([0-9a-f]{64})"/)[1];

  const forged = await post(`/persons/${id}`, {}, staffCookie);
  assert.equal(forged.status, 403, 'no CSRF token, no view');
  await forged.text();
  const logBefore = Number(sql("SELECT count(*) FROM operation_log WHERE action = '查看'"));
  const shown = await post(`/persons/${id}`, { csrf }, staffCookie);
  assert.equal(shown.status, 200);
  const html = await shown.text();
  assert.ok(html.includes(full) && html.includes(phone), 'the full values');
  assert.match(html, /已记入操作日志/);
  assert.equal(Number(sql("SELECT count(*) FROM operation_log WHERE action = '查看'")), logBefore + 1);
  assert.equal(sql("SELECT user_name || '|' || target FROM operation_log WHERE action = '查看' ORDER BY id DESC LIMIT 1"), `staff|person:${id}`);
  assert.ok(!sql("SELECT detail FROM operation_log ORDER BY id DESC LIMIT 1").includes(full), 'the log names fields, not values');

  // The township user may for its own township's person; a leader may not.
  const townPage = await (await get(`/persons/${id}`, townCookie)).text();
  const townCsrf = townPage.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  const townShown = await post(`/persons/${id}`, { csrf: townCsrf }, townCookie);
  assert.equal(townShown.status, 200);
  assert.ok((await townShown.text()).includes(full));
  const bossPage = await (await get(`/persons/${id}`, leaderCookie)).text();
  assert.doesNotMatch(bossPage, /显示完整信息/);
  const bossCsrf = bossPage.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  const refused = await post(`/persons/${id}`, { csrf: bossCsrf }, leaderCookie);
  assert.equal(refused.status, 403);
  assert.ok(!(await refused.text()).includes(full));
  // Outside the scope it does not exist, whatever the method.
  const other = sql(`SELECT min(id) FROM person WHERE village_code NOT BETWEEN '${TOWNSHIP}' AND '341699001999'`);
  const outside = await post(`/persons/${other}`, { csrf: townCsrf }, townCookie);
  assert.equal(outside.status, 404);
  await outside.text();
});
