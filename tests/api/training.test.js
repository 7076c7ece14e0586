// 就业与康复 through the API and the pages, on a small generated county: training classes (checks, roles),
// trainees from the registry within the data scope (a township adds only its own persons; a person once per
// class; only registered persons), support in fen, 结业 freezing the list; rehabilitation services with their
// filters; the progress numbers the targets read (classes, trainees, support; services, persons), each township
// seeing its own; the pages: the list, the new-class form's reasons, adding by ID number, the sign-in sheet,
// the person's section, the menu, and hospitals kept out.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {
  tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange, addUserToken, apiCall,
} = require('./helpers');

const T1 = '341699001000';
const T2 = '341699002000';
let db;
let srv;
const tokens = {};
let a1;
let a2;
let b1;
let gone;

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

const api = (who, method, p, body) => apiCall(srv, tokens[who], method, p, body);

const person = (where) => sql(`SELECT id || '|' || id_number FROM person WHERE status = 1 AND ${where} ORDER BY id LIMIT 1`)
  .split('|');

before(async () => {
  const dir = tmpdir();
  db = path.join(dir, 'county.db');
  const r = huimin(['demo', '--persons', '300', '--seed', '7']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const users = [['office', 'county_staff'], ['town', 'township', T1], ['town2', 'township', T2],
    ['vill', 'village', '341699001001'], ['lead', 'leader'], ['hosp', 'hospital']];
  for (const [name, role, division] of users) tokens[name] = addUserToken(db, name, role, division);
  a1 = person(`township_code = '${T1}'`);
  a2 = person(`township_code = '${T1}' AND id > ${a1[0]}`);
  b1 = person(`township_code = '${T2}'`);
  gone = person(`township_code = '${T1}' AND id > ${a2[0]}`);
  srv = await startServer(db, [], ['--today', '2024-06-30']);
});

after(async () => {
  if (srv) await srv.stop();
});

const massage = {
  year: 2024, kind: '盲人按摩培训', name: '2024年盲人按摩培训班', start_date: '2024-05-06', end_date: '2024-05-20',
  place: '县残联培训中心', support: '800.00',
};

test('classes, trainees within the scope, 结业', async () => {
  // Every reason at once; only the county makes classes.
  const bad = await api('office', 'POST', '/api/v1/training', { year: 24, kind: '按摩', name: '', start_date: '2024-02-30',
    end_date: '2024-01-01', place: '县城', support: '1.234' });
  assert.equal(bad.status, 400, bad.text);
  assert.deepEqual(Object.keys(bad.json.error.fields).sort(), ['kind', 'name', 'start_date', 'support', 'year']);
  assert.equal(bad.json.error.fields.name, '请填写培训班名称，最多60个字');
  for (const who of ['town', 'lead'])
    assert.equal((await api(who, 'POST', '/api/v1/training', massage)).status, 403);
  assert.equal((await api('hosp', 'GET', '/api/v1/training')).status, 403);
  const made = await api('office', 'POST', '/api/v1/training', massage);
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  assert.equal(made.json.support_fen, 80000);
  assert.equal(made.json.kind, 2);
  assert.deepEqual(made.json.trainees, []);

  // Trainees: by person id (the class's amount) or ID number (an amount of their own).
  const add = (who, body) => api(who, 'POST', `/api/v1/training/${id}/trainees`, body);
  let r = await add('office', { person_id: Number(a1[0]) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.support_fen, 80000);
  r = await add('office', { id_number: b1[1], support: '1,200.50' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.support_fen, 120050);
  assert.equal(r.json.person_id, Number(b1[0]));
  // Once per class.
  r = await add('office', { person_id: Number(a1[0]) });
  assert.equal(r.status, 409, r.text);
  assert.match(r.json.error.message, /已经是这个培训班的学员/);
  // A township adds only its own persons: another township's is not found.
  r = await add('town2', { person_id: Number(a2[0]) });
  assert.equal(r.status, 404, r.text);
  r = await add('town2', { id_number: a2[1] });
  assert.equal(r.status, 404, r.text);
  r = await add('town', { id_number: a2[1] });
  assert.equal(r.status, 201, r.text);
  // Read-only roles; a wrong ID number; only registered persons.
  assert.equal((await add('vill', { person_id: Number(gone[0]) })).status, 403);
  assert.equal((await add('lead', { person_id: Number(gone[0]) })).status, 403);
  r = await add('office', { id_number: '34169919800101000X' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.fields.id_number, '请填写有效的18位身份证号');
  const died = await api('office', 'PUT', `/api/v1/persons/${gone[0]}`, { status: 2 });
  assert.equal(died.status, 200, died.text);
  r = await add('office', { person_id: Number(gone[0]) });
  assert.equal(r.status, 400, r.text);
  assert.match(r.json.error.message, /死亡.*只有在册人员才能登记/);

  // What each scope sees.
  const county = await api('office', 'GET', `/api/v1/training/${id}`);
  assert.equal(county.json.trainee_count, 3);
  assert.equal(county.json.support_total_fen, 80000 + 120050 + 80000);
  assert.equal(county.json.trainees.length, 3);
  assert.match(county.json.trainees[0].id_number, /^\d{6}\*{8}[\dX]{4}$/);
  const town = await api('town', 'GET', `/api/v1/training/${id}`);
  assert.deepEqual(town.json.trainees.map((t) => t.person_id).sort(), [Number(a1[0]), Number(a2[0])].sort());
  assert.equal(town.json.trainee_count, 2);
  const list = await api('town2', 'GET', '/api/v1/training?year=2024');
  assert.equal(list.json.items.length, 1);
  assert.equal(list.json.items[0].trainee_count, 1);
  assert.equal((await api('vill', 'GET', '/api/v1/training?year=2023')).json.items.length, 0);

  // Removing, within scope; 结业 by the county; then the list stays.
  r = await api('town2', 'DELETE', `/api/v1/training/${id}/trainees/${a2[0]}`);
  assert.equal(r.status, 404, r.text);
  r = await api('town', 'DELETE', `/api/v1/training/${id}/trainees/${a2[0]}`);
  assert.equal(r.status, 200, r.text);
  assert.equal((await api('town', 'POST', `/api/v1/training/${id}/close`)).status, 403);
  r = await api('office', 'POST', `/api/v1/training/${id}/close`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.closed, true);
  assert.equal((await add('office', { person_id: Number(a2[0]) })).status, 409);
  assert.equal((await api('office', 'DELETE', `/api/v1/training/${id}/trainees/${a1[0]}`)).status, 409);
  assert.equal((await api('office', 'POST', `/api/v1/training/${id}/close`)).status, 409);
  assert.equal(Number(sql(`SELECT count(*) FROM training_trainee WHERE class_id = ${id}`)), 2);
  // Logged, without ID numbers.
  const log = sql("SELECT action || ':' || detail FROM operation_log WHERE module = '劳动就业' ORDER BY id");
  assert.equal(log.split('\n').length, 6, log);
  assert.doesNotMatch(log, new RegExp(b1[1]));
});

test('rehabilitation services and their filters', async () => {
  const enter = (who, body) => api(who, 'POST', '/api/v1/rehab', body);
  const bad = await enter('office', { person_id: Number(a1[0]), kind: '理疗', provider: '', date: '2024-07-01' });
  assert.equal(bad.status, 400, bad.text);
  assert.deepEqual(Object.keys(bad.json.error.fields).sort(), ['date', 'kind', 'provider']);
  assert.equal(bad.json.error.fields.date, '服务日期（2024-07-01）不能晚于今天');
  let r = await enter('office', { person_id: Number(a1[0]), kind: '康复训练', provider: '县康复中心', date: '2024-03-01' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kind_label, '康复训练');
  assert.equal(r.json.township, T1);
  r = await enter('office', { person_id: Number(a1[0]), kind: 1, provider: '县康复中心', date: '2024-04-01', note: '第二次' });
  assert.equal(r.status, 201, r.text);
  r = await enter('town', { id_number: a2[1], kind: '辅助器具适配', provider: '乡镇卫生院', date: '2024/5/1' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.date, '2024-05-01');
  r = await enter('office', { person_id: Number(b1[0]), kind: '康复评估', provider: '县医院康复科', date: '2023-12-20' });
  assert.equal(r.status, 201, r.text);
  // Scope and roles.
  assert.equal((await enter('town2', { person_id: Number(a1[0]), kind: '1', provider: 'x', date: '2024-03-01' })).status, 404);
  assert.equal((await enter('lead', { person_id: Number(a1[0]), kind: '1', provider: 'x', date: '2024-03-01' })).status, 403);
  assert.equal((await api('hosp', 'GET', '/api/v1/rehab')).status, 403);

  const list = async (who, query) => (await api(who, 'GET', `/api/v1/rehab?${query}`)).json;
  assert.equal((await list('office', 'year=2024')).total, 3);
  assert.equal((await list('office', '')).total, 4);
  assert.equal((await list('office', 'year=2024&kind=1')).total, 2);
  assert.equal((await list('office', `township=${T2}`)).total, 1);
  const mine = await list('town', '');
  assert.equal(mine.total, 3);
  assert.ok(mine.items.every((s) => s.township === T1));
  assert.deepEqual(mine.items.map((s) => s.date), ['2024-05-01', '2024-04-01', '2024-03-01']);
  assert.equal((await list('town2', `township=${T1}`)).total, 0);
  const page2 = await list('office', 'per_page=2&page=2');
  assert.equal(page2.items.length, 2);
  assert.equal((await api('office', 'GET', '/api/v1/rehab?kind=9')).status, 400);
});

test('the progress numbers the targets read', async () => {
  // A second class of the year, an employment class, with one trainee of each township.
  const made = await api('office', 'POST', '/api/v1/training', { ...massage, kind: '就业培训', name: '就业培训第一期',
    start_date: '2024-06-10', end_date: '2024-06-20', support: '500' });
  assert.equal(made.status, 201, made.text);
  for (const p of [a2, b1]) {
    const r = await api('office', 'POST', `/api/v1/training/${made.json.id}/trainees`, { person_id: Number(p[0]) });
    assert.equal(r.status, 201, r.text);
  }
  const t = await api('office', 'GET', '/api/v1/training/progress?year=2024');
  assert.equal(t.status, 200, t.text);
  assert.deepEqual(t.json.classes, { '': 2 });
  assert.deepEqual(t.json.trainees, { [T1]: 2, [T2]: 2 });
  assert.deepEqual(t.json.support, { [T1]: 80000 + 50000, [T2]: 120050 + 50000 });
  // A township sees the county's class count and its own numbers only.
  const mine = await api('town2', 'GET', '/api/v1/training/progress?year=2024');
  assert.deepEqual(mine.json.trainees, { [T2]: 2 });
  assert.deepEqual(mine.json.classes, { '': 2 });
  assert.deepEqual((await api('office', 'GET', '/api/v1/training/progress?year=2023')).json.trainees, {});
  const rh = await api('office', 'GET', '/api/v1/rehab/progress?year=2024');
  assert.deepEqual(rh.json.services, { [T1]: 3 });
  assert.deepEqual(rh.json.persons, { [T1]: 2 });
  const rh23 = await api('office', 'GET', '/api/v1/rehab/progress?year=2023');
  assert.deepEqual(rh23.json.services, { [T2]: 1 });
  assert.equal((await api('office', 'GET', '/api/v1/rehab/progress?year=x')).status, 400);
});

test('the pages', async () => {
  const { get, post } = client(srv);
  const office = await loginWithChange(srv, 'office');
  const listPage = await (await get('/training?year=2024', office)).text();
  assert.match(listPage, /<a href="\/training" aria-current="page">就业与康复<\/a>/);
  assert.match(listPage, /2024年盲人按摩培训班/);
  assert.match(listPage, /合计 2 期/);
  // The new class's form: the reasons under their fields, what was typed kept.
  const form = await (await get('/training/new?year=2024', office)).text();
  const csrf = csrfOf(form);
  let res = await post('/training/new', { csrf, year: '2024', kind: '1', name: '冬季就业培训', start_date: '2024-12-01',
    end_date: '2024-11-30', place: '', support: '300' }, office);
  let html = await res.text();
  assert.equal(res.status, 200);
  assert.match(html, /结业日期不能早于开班日期/);
  assert.match(html, /请填写培训地点，最多100个字/);
  assert.match(html, /value="冬季就业培训"/);
  res = await post('/training/new', { csrf, year: '2024', kind: '1', name: '冬季就业培训', start_date: '2024-12-01',
    end_date: '2024-12-05', place: '县职教中心', support: '300' }, office);
  assert.equal(res.status, 303);
  const location = res.headers.get('location');
  assert.match(location, /^\/training\/\d+\?done=created$/);
  const classPath = location.replace(/\?.*$/, '');
  html = await (await get(location, office)).text();
  assert.match(html, /已新建培训班/);
  // Adding by ID number, and a refused one with its reason under the field.
  res = await post(`${classPath}/add`, { csrf, id_number: '123', support: '' }, office);
  html = await res.text();
  assert.match(html, /id="e-id-number">请填写有效的18位身份证号/);
  res = await post(`${classPath}/add`, { csrf, id_number: a1[1], support: '' }, office);
  assert.equal(res.status, 303);
  await res.text();
  // The search of the registry marks who is in the class already.
  const name = sql(`SELECT name FROM person WHERE id = ${a1[0]}`);
  html = await (await get(`${classPath}?q=${encodeURIComponent(name)}`, office)).text();
  assert.match(html, /已是学员/);
  // The sign-in sheet: masked ID numbers, a signature column.
  html = await (await get(`${classPath}/signin`, office)).text();
  assert.match(html, /冬季就业培训签到表/);
  assert.match(html, new RegExp(name));
  assert.match(html, /<th scope="col" class="signature">签名<\/th>/);
  assert.doesNotMatch(html, new RegExp(a1[1]));
  assert.match(html, new RegExp(`${a1[1].slice(0, 6)}\\*{8}${a1[1].slice(14)}`));
  // The person's page lists the classes and the services.
  html = await (await get(`/persons/${a1[0]}`, office)).text();
  assert.match(html, /就业培训与康复服务/);
  assert.match(html, /冬季就业培训/);
  assert.match(html, /县康复中心/);
  // A service through the form, back to the person's page.
  const rform = await (await get(`/rehab/new?person=${a1[0]}`, office)).text();
  res = await post('/rehab/new', { csrf: csrfOf(rform), person: a1[0], kind: '3', provider: '县康复中心评估组',
    date: '2024-06-01', note: '' }, office);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/persons/${a1[0]}#employment`);
  html = await (await get('/rehab?year=2024&kind=3', office)).text();
  assert.match(html, /县康复中心评估组/);
  assert.match(html, /共 1 条（人次）/);

  // A township: only its own trainees on the sheet; no new class; hospitals none of it.
  const town2 = await loginWithChange(srv, 'town2');
  html = await (await get('/training/1/signin', town2)).text();
  assert.match(html, new RegExp(sql(`SELECT name FROM person WHERE id = ${b1[0]}`)));
  assert.doesNotMatch(html, new RegExp(`>${name}<`));
  assert.equal((await get('/training/new', town2)).status, 403);
  const hosp = await loginWithChange(srv, 'hosp');
  const home = await (await get('/', hosp)).text();
  assert.doesNotMatch(home, /就业与康复/);
  for (const p of ['/training', '/training/1', '/rehab', '/rehab/new'])
    assert.equal((await get(p, hosp)).status, 403, p);
});
