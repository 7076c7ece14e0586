// What the living assistance prints, and who may print it: the county's
// 公示设置 (whether the village notice list shows disability category and
// grade: off unless the county admin switches it on, logged) as the notice
// page and the API show it, and the 申请审批表 PDF by the web and the API
// routes, refused to the hospital and the leader, not found for another
// township, logged as a viewing.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {
  ROOT, tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange, addUserToken, apiCall, stopAndRemove,
} = require('./helpers');

const CODE = 'assistance';
const YEAR = 2025;
const ALL_DOCS = { doc_cert: '是', doc_dibao: '是', doc_id: '是', doc_bank: '是' };

let dir;
let db;
let srv;
let get;
let post;
const tokens = {};
const cookies = {};
let person; // { id, village, category, grade, id_number }
let caseId;

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

const addUser = (name, role, division) => { tokens[name] = addUserToken(db, name, role, division); };
const api = (method, p, name, body) => apiCall(srv, tokens[name], method, p, body);

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huimin(['demo', '--persons', '300', '--seed', '11']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const load = huimin(['program', 'load', path.join(ROOT, 'programs', `${CODE}.json`)]);
  assert.equal(load.status, 0, load.stdout + load.stderr);
  const [id, village, category, grade, idn] = sql(`SELECT id, village_code, category, grade, id_number FROM person
    WHERE status = 1 AND dibao = 1 AND grade IN (1, 2) AND category IS NOT NULL ORDER BY id LIMIT 1`).split('|');
  person = { id: Number(id), village, category: Number(category), grade: Number(grade), id_number: idn };
  const town = village.slice(0, 9) + '000';
  const other = sql(`SELECT code FROM division WHERE level = 2 AND code <> '${town}' ORDER BY code LIMIT 1`);
  assert.match(other, /^\d{12}$/);
  addUser('boss', 'county_admin');
  addUser('staff', 'county_staff');
  addUser('town', 'township', town);
  addUser('town2', 'township', other);
  addUser('hosp', 'hospital');
  addUser('lead', 'leader');
  srv = await startServer(db, [], ['--today', '2025-03-05']);
  ({ get, post } = client(srv));
  for (const name of ['boss', 'town', 'town2', 'hosp', 'lead']) cookies[name] = await loginWithChange(srv, name);
  const applied = await api('POST', '/api/v1/cases', 'staff',
    { program: CODE, year: YEAR, person_id: person.id, date: '2025-03-01', values: ALL_DOCS });
  assert.equal(applied.status, 201, applied.text);
  caseId = applied.json.id;
  const published = await api('POST', `/api/v1/cases/${caseId}/transitions`, 'staff',
    { transition: 'publish', date: '2025-03-03', values: {} });
  assert.equal(published.status, 200, published.text);
});

after(() => stopAndRemove(srv, dir));

const label = (type, code) => sql(`SELECT label FROM dictionary WHERE type = '${type}' AND code = ${code}`);

// The notice list of the person's village, as the page and the API give it.
async function noticeOf() {
  const q = `village=${person.village}&year=${YEAR}`;
  const res = await get(`/projects/${CODE}/notice?${q}`, cookies.town);
  assert.equal(res.status, 200);
  const html = await res.text();
  const row = html.match(/<tr><td class="num">1<\/td>.*?<\/tr>/);
  assert.ok(row, 'the case is on the notice list');
  const list = await api('GET', `/api/v1/programs/${CODE}/notice?${q}`, 'town');
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.items.length, 1);
  return { html, row: row[0], list: list.json };
}

test('公示设置: only the county admin; PIPL explained, off by default; a change is logged and the notice list follows it', async () => {
  const category = label('category', person.category);
  const grade = label('grade', person.grade);
  assert.ok(category && grade);

  // Off: the list has no such columns, on the page or in the API.
  let n = await noticeOf();
  assert.doesNotMatch(n.html, /<th scope="col">残疾类别<\/th>|<th scope="col">残疾等级<\/th>/);
  assert.ok(!n.row.includes(`<td>${category}</td>`) && !n.row.includes(`<td>${grade}</td>`), n.row);
  assert.ok(n.row.includes(`${person.id_number.slice(0, 6)}********${person.id_number.slice(14)}`));
  assert.equal(n.list.show_disability, false);
  assert.equal('category' in n.list.items[0] || 'grade' in n.list.items[0], false);

  // Others may neither see nor change it.
  for (const who of ['town', 'hosp', 'lead']) {
    assert.equal((await get('/admin/notice', cookies[who])).status, 403, who);
    const csrf = csrfOf(await (await get('/', cookies[who])).text());
    assert.equal((await post('/admin/notice', { csrf, show_disability: '1' }, cookies[who])).status, 403, who);
  }
  const page = await get('/admin/notice', cookies.boss);
  assert.equal(page.status, 200);
  let html = await page.text();
  assert.match(html, /<a href="\/admin\/notice" aria-current="page">公示设置<\/a>/);
  assert.match(html, /个人信息保护法/);
  assert.match(html, /敏感个人信息/);
  assert.match(html, /默认不列出/);
  assert.match(html, /<label for="f-show-disability">公示名单中的残疾类别和等级<\/label>/);
  assert.match(html, /<option value="0" selected>不列出（默认）<\/option><option value="1">列出<\/option>/);
  const csrf = csrfOf(html);

  // Without its token, and with a value that is not offered: refused, nothing stored.
  assert.equal((await post('/admin/notice', { show_disability: '1' }, cookies.boss)).status, 403);
  let r = await post('/admin/notice', { csrf, show_disability: 'yes' }, cookies.boss);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="f-show-disability-error">请选择“不列出”或“列出”/);
  assert.equal(sql("SELECT count(*) FROM setting WHERE key = 'notice.show_disability'"), '0');

  // On: saved, logged, and both lists show category and grade.
  r = await post('/admin/notice', { csrf, show_disability: '1' }, cookies.boss);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/admin/notice?saved=1');
  html = await (await get('/admin/notice?saved=1', cookies.boss)).text();
  assert.match(html, /公示设置已保存/);
  assert.match(html, /<option value="0">不列出（默认）<\/option><option value="1" selected>列出<\/option>/);
  assert.equal(sql("SELECT value FROM setting WHERE key = 'notice.show_disability'"), '1');
  assert.equal(sql("SELECT user_name || '|' || module || '|' || detail FROM operation_log WHERE action = '修改' AND target = 'setting:公示设置'"),
    'boss|系统管理|{"after":{"notice.show_disability":1},"before":{"notice.show_disability":0}}');
  n = await noticeOf();
  assert.match(n.html, /<th scope="col">残疾类别<\/th><th scope="col">残疾等级<\/th>/);
  assert.ok(n.row.includes(`<td>${category}</td><td>${grade}</td>`), n.row);
  assert.equal(n.list.show_disability, true);
  assert.equal(n.list.items[0].category, category);
  assert.equal(n.list.items[0].grade, grade);

  // The same again changes nothing and logs nothing.
  r = await post('/admin/notice', { csrf, show_disability: '1' }, cookies.boss);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /没有修改任何设置/);
  assert.equal(sql("SELECT count(*) FROM operation_log WHERE target = 'setting:公示设置'"), '1');

  // Off again.
  r = await post('/admin/notice', { csrf, show_disability: '0' }, cookies.boss);
  assert.equal(r.status, 303);
  assert.equal(sql("SELECT count(*) FROM operation_log WHERE target = 'setting:公示设置'"), '2');
  n = await noticeOf();
  assert.doesNotMatch(n.html, /残疾类别/);
  assert.ok(!n.row.includes(`<td>${category}</td>`), n.row);
  assert.equal(n.list.show_disability, false);
  assert.equal('category' in n.list.items[0], false);
});

test('申请审批表 by the web and the API: 403 to the hospital and the leader, 404 to another township, a logged PDF to the township', async () => {
  const web = `/cases/${caseId}/form.pdf`;
  const apiPath = `/api/v1/cases/${caseId}/form.pdf`;
  for (const who of ['hosp', 'lead']) {
    const w = await get(web, cookies[who]);
    assert.equal(w.status, 403, `${who} web`);
    assert.match(await w.text(), /您的角色不能打印申请审批表/);
    const a = await api('GET', apiPath, who);
    assert.equal(a.status, 403, `${who} api`);
    assert.equal(a.json.error.code, 'forbidden');
  }
  const w2 = await get(web, cookies.town2);
  assert.equal(w2.status, 404);
  await w2.text();
  const a2 = await api('GET', apiPath, 'town2');
  assert.equal(a2.status, 404);
  assert.equal(a2.json.error.code, 'not_found');
  assert.equal(sql(`SELECT count(*) FROM operation_log WHERE action = '打印申请审批表'`), '0', 'refusals print nothing');

  const w = await get(web, cookies.town);
  assert.equal(w.status, 200);
  assert.equal(w.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(await w.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  const a = await api('GET', apiPath, 'town');
  assert.equal(a.status, 200, a.text.slice(0, 200));
  assert.equal(a.type, 'application/pdf');
  assert.equal(a.buf.subarray(0, 5).toString(), '%PDF-');
  assert.equal(sql(`SELECT group_concat(user_name, ',') FROM operation_log WHERE action = '打印申请审批表' AND target = 'case:${caseId}'`),
    'town,town');
  // The route is one resource: no other suffix prints anything.
  assert.equal((await api('GET', `${apiPath}x`, 'town')).status, 404);
});
