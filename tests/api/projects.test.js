// 民生工程: a project definition loaded, cases walked through their stages by
// the API and by the forms, refusals, scope, the working list with an
// overdue follow-up, batch entry, the project page's funnel, the person page.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {
  ROOT, tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange, addUserToken, apiCall, stopAndRemove,
} = require('./helpers');

const CODE = 'eyetest';
const DEFINITION = path.join(ROOT, 'tests', 'data', 'programs', `${CODE}.json`);
const TOWNSHIP = '341699001000';
const OTHER = '341699002000';
const TODAY = '2025-05-10'; // the server's day: follow-ups due 2025-05-01 are 9 days overdue
const YEAR = 2025;

let dir;
let db;
let srv;
let get;
let post;
const tokens = {};
const cookies = {};
let persons; // person ids in TOWNSHIP

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

const addUser = (name, role, division) => { tokens[name] = addUserToken(db, name, role, division); };

// Loads the definition as the county admin does.
function loadDefinition() {
  const r = huimin(['program', 'load', DEFINITION]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
}

const api = (method, p, name, body) => apiCall(srv, tokens[name], method, p, body);

const enrol = (name, personId, extra = {}) => api('POST', '/api/v1/cases', name,
  { program: CODE, year: YEAR, person_id: personId, transition: 'register', date: '2025-03-01', ...extra });
const move = (name, id, transition, date, values = {}, remark) => api('POST', `/api/v1/cases/${id}/transitions`, name,
  { transition, date, values, ...(remark ? { remark } : {}) });

// Walks case id from registered to discharged (surgery on 2025-04-20, discharge 2025-04-24).
async function toDischarged(id) {
  for (const [t, date, values] of [
    ['screen', '2025-03-20', { acuity_pre: '0.05' }],
    ['select', '2025-04-13', {}],
    ['surgery', '2025-04-20', { eye: 'left', surgeon: '王医生' }],
    ['discharge', '2025-04-24', { discharge_date: '2025-04-24' }],
  ]) {
    const r = await move('hosp', id, t, date, values);
    assert.equal(r.status, 200, `${t}: ${r.text}`);
  }
}

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huimin(['demo', '--persons', '300', '--seed', '5']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  loadDefinition();
  addUser('boss', 'county_admin');
  addUser('staff', 'county_staff');
  addUser('town', 'township', TOWNSHIP);
  addUser('other', 'township', OTHER);
  addUser('hosp', 'hospital');
  addUser('lead', 'leader');
  persons = sql(`SELECT id FROM person WHERE village_code BETWEEN '${TOWNSHIP}' AND '341699001999' AND status = 1
    ORDER BY id LIMIT 8`).split('\n').map(Number);
  assert.equal(persons.length, 8);
  srv = await startServer(db, [], ['--today', TODAY]);
  ({ get, post } = client(srv));
  for (const name of ['boss', 'town', 'other', 'hosp']) cookies[name] = await loginWithChange(srv, name);
});

after(() => stopAndRemove(srv, dir));

let first; // the case walked by the API

test('the programs API lists the definition with its stages and transitions', async () => {
  const list = await api('GET', '/api/v1/programs', 'staff');
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((p) => p.code), [CODE]);
  const one = await api('GET', `/api/v1/programs/${CODE}?year=${YEAR}`, 'staff');
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.stages[0].key, 'registered');
  assert.equal(one.json.stages.find((s) => s.key === 'followup7').offset_days, 7);
  const surgery = one.json.transitions.find((t) => t.key === 'surgery');
  assert.ok(surgery.roles.includes('hospital'));
  assert.equal(surgery.fields.find((f) => f.key === 'eye').type, 'choice');
  assert.equal((await api('GET', '/api/v1/programs/nosuch', 'staff')).status, 404);
});

test('enrolment by the API, refusals by role and for a second enrolment', async () => {
  const r = await enrol('town', persons[0], { values: { note: '村里上报' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.stage, 'registered');
  assert.equal(r.json.township, TOWNSHIP);
  first = r.json.id;
  const again = await enrol('staff', persons[0]);
  assert.equal(again.status, 400, again.text);
  assert.equal(again.json.error.code, 'invalid');
  assert.match(again.json.error.message, new RegExp(String(first)), 'the message names the open case');
  const leader = await enrol('lead', persons[1]);
  assert.equal(leader.status, 403, leader.text);
  const unknown = await enrol('town', 999999);
  assert.equal(unknown.status, 404, unknown.text);
  const outside = await enrol('other', persons[1]);
  assert.equal(outside.status, 404, outside.text);
});

test('a township user cannot see another township\'s case; the hospital can', async () => {
  assert.equal((await api('GET', `/api/v1/cases/${first}`, 'other')).status, 404);
  assert.equal((await get(`/cases/${first}`, cookies.other)).status, 404);
  const mine = await api('GET', `/api/v1/cases/${first}`, 'town');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.events.length, 1);
  assert.equal(mine.json.events[0].transition, 'register');
  const hosp = await api('GET', `/api/v1/cases/${first}`, 'hosp');
  assert.equal(hosp.status, 200);
  assert.ok(hosp.json.allowed.some((t) => t.key === 'screen'), 'the hospital may screen');
  // Its menu leads to the projects, not to the registry it cannot see.
  const home = await (await get('/', cookies.hosp)).text();
  assert.ok(home.includes('<a href="/projects">民生工程</a>'));
  assert.ok(!home.includes('<a href="/persons">'), 'no 残疾人档案 in a hospital\'s menu');
  const list = await api('GET', `/api/v1/cases?program=${CODE}&year=${YEAR}`, 'other');
  assert.equal(list.json.total, 0);
});

test('the hospital walks the case: a missing field, a wrong role, a discharge outside 2..7 days', async () => {
  const missing = await move('hosp', first, 'screen', '2025-03-20', {});
  assert.equal(missing.status, 400, missing.text);
  assert.ok(missing.json.error.fields.acuity_pre, missing.text);
  const town = await move('town', first, 'screen', '2025-03-20', { acuity_pre: '0.05' });
  assert.equal(town.status, 403, town.text);
  for (const [t, date, values] of [
    ['screen', '2025-03-20', { acuity_pre: '6/60' }],
    ['select', '2025-04-13', {}],
    ['surgery', '2025-04-20', { eye: '左眼', surgeon: '王医生' }],
  ]) {
    const r = await move('hosp', first, t, date, values);
    assert.equal(r.status, 200, `${t}: ${r.text}`);
  }
  const late = await move('hosp', first, 'discharge', '2025-05-01', { discharge_date: '2025-05-01' });
  assert.equal(late.status, 400, late.text);
  assert.ok(late.json.error.fields.discharge_date, late.text);
  const ok = await move('hosp', first, 'discharge', '2025-04-24', { discharge_date: '2025-04-24' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.stage, 'discharged');
  assert.ok(ok.json.dues.some((d) => d.stage === 'followup7' && d.due_date === '2025-05-01' && d.done_date === null));
  const log = sql(`SELECT action || '|' || detail FROM operation_log WHERE target = 'case:${first}' ORDER BY id`);
  assert.match(log, /手术\|.*"eye":"左眼"/);
  assert.doesNotMatch(log, /\d{17}[0-9X]/);
});

test('an overdue follow-up is in the working list, by API and page', async () => {
  const j = await api('GET', `/api/v1/cases?program=${CODE}&year=${YEAR}&due_stage=followup7&due=overdue`, 'town');
  assert.equal(j.status, 200, j.text);
  assert.deepEqual(j.json.items.map((c) => c.id), [first]);
  assert.equal(j.json.items[0].due_date, '2025-05-01');
  const page = await (await get(`/projects/${CODE}/cases?year=${YEAR}&due_stage=followup7&due=overdue`,
    cookies.town)).text();
  assert.match(page, new RegExp(`href="/cases/${first}"`));
  assert.match(page, /逾期9天/);
  // The 30-day follow-up (due 2025-05-24) is still to come.
  const upcoming = await api('GET', `/api/v1/cases?program=${CODE}&year=${YEAR}&due=upcoming`, 'town');
  assert.deepEqual(upcoming.json.items.map((c) => [c.id, c.due_stage]), [[first, 'followup30']]);
  const none = await api('GET', `/api/v1/cases?program=${CODE}&year=${YEAR}&due_stage=followup7&due=upcoming`, 'town');
  assert.equal(none.json.total, 0);
  const bad = await api('GET', `/api/v1/cases?program=${CODE}&due=soon`, 'town');
  assert.equal(bad.status, 400);
  // The follow-up done: the list of done ones has it, the overdue list no more.
  const f7 = await move('town', first, 'follow7', '2025-05-10', { acuity: '0.5', phoned: 'true' });
  assert.equal(f7.status, 200, f7.text);
  const done = await api('GET', `/api/v1/cases?program=${CODE}&year=${YEAR}&due_stage=followup7&due=done`, 'town');
  assert.deepEqual(done.json.items.map((c) => c.id), [first]);
  const xlsx = await get(`/projects/${CODE}/cases/export?year=${YEAR}`, cookies.town);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
});

test('the forms: enrol from the person page, a refusal keeps what was typed, then the transition', async () => {
  const pid = persons[1];
  const personPage = await (await get(`/persons/${pid}`, cookies.town)).text();
  assert.match(personPage, /参加的民生工程/);
  assert.match(personPage, new RegExp(`action="/projects/${CODE}/enrol"`));
  const csrf = csrfOf(personPage);
  const res = await post(`/projects/${CODE}/enrol`, { csrf, person: String(pid), year: String(YEAR),
    transition: 'register', date: '2025-03-02', f_note: '入户登记' }, cookies.town);
  assert.equal(res.status, 303, await res.text());
  const m = res.headers.get('location').match(/^\/cases\/(\d+)\?done=register$/);
  assert.ok(m, res.headers.get('location'));
  const id = Number(m[1]);
  const again = await post(`/projects/${CODE}/enrol`, { csrf, person: String(pid), year: String(YEAR),
    transition: 'register', date: '2025-03-02' }, cookies.town);
  const againPage = await again.text();
  assert.equal(again.status, 200);
  assert.match(againPage, /class="notice error" role="alert">[^<]*\d/);
  // The person page now lists the case.
  assert.match(await (await get(`/persons/${pid}`, cookies.town)).text(), new RegExp(`href="/cases/${id}"`));
  // The hospital screens by the case page's form: first without the acuity, with a remark kept.
  const casePage = await (await get(`/cases/${id}`, cookies.hosp)).text();
  assert.match(casePage, /办理：初查/);
  assert.match(casePage, /入户登记/, 'the timeline shows the values');
  const hcsrf = csrfOf(casePage);
  const bad = await post(`/cases/${id}/transition`, { csrf: hcsrf, transition: 'screen', date: '2025-03-21',
    f_acuity_pre: '', remark: '<b>复查</b>' }, cookies.hosp);
  const badPage = await bad.text();
  assert.equal(bad.status, 200);
  assert.match(badPage, /class="field-error"/);
  assert.match(badPage, /&lt;b&gt;复查&lt;\/b&gt;/);
  assert.match(badPage, /value="2025-03-21"/);
  const good = await post(`/cases/${id}/transition`, { csrf: hcsrf, transition: 'screen', date: '2025-03-21',
    f_acuity_pre: '0.1' }, cookies.hosp);
  assert.equal(good.status, 303, await good.text());
  assert.equal(good.headers.get('location'), `/cases/${id}?done=screen`);
  const after = await (await get(`/cases/${id}?done=screen`, cookies.hosp)).text();
  assert.match(after, /已保存：初查/);
  assert.match(after, /初查合格/);
  // The other township's user gets 404 for the page and the form.
  assert.equal((await get(`/cases/${id}`, cookies.other)).status, 404);
});

test('batch entry: one bad row is shown again, the others saved', async () => {
  const ids = [];
  for (const pid of persons.slice(2, 5)) {
    const r = await enrol('town', pid);
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  const page = await (await get(`/projects/${CODE}/batch?transition=screen&township=${TOWNSHIP}&year=${YEAR}`,
    cookies.hosp)).text();
  const rows = [...page.matchAll(/name="(r\d+_)case" value="(\d+)"/g)].map((x) => ({ prefix: x[1], id: Number(x[2]) }));
  for (const id of ids) assert.ok(rows.some((r) => r.id === id), `case ${id} is in the table`);
  const fields = { csrf: csrfOf(page), transition: 'screen', township: TOWNSHIP, year: String(YEAR) };
  for (const r of rows) {
    fields[`${r.prefix}case`] = String(r.id);
    fields[`${r.prefix}date`] = '2025-03-22';
    if (!ids.includes(r.id)) continue;
    fields[`${r.prefix}on`] = '1';
    fields[`${r.prefix}acuity_pre`] = r.id === ids[1] ? 'abc' : '0.2';
  }
  const res = await post(`/projects/${CODE}/batch`, fields, cookies.hosp);
  const body = await res.text();
  assert.equal(res.status, 200);
  assert.match(body, /已保存 2 人，1 人有误/);
  assert.match(body, /value="abc"/);
  assert.match(body, /class="field-error"/);
  const stages = sql(`SELECT stage FROM program_case WHERE id IN (${ids.join(',')}) ORDER BY id`).split('\n');
  assert.deepEqual(stages, ['screened', 'registered', 'screened']);
});

test('the project page: funnel per township with links, target, success rate', async () => {
  // 6 enrolled in TOWNSHIP (first, the form's, 3 by batch... and one more by staff elsewhere).
  const far = sql(`SELECT id FROM person WHERE village_code BETWEEN '${OTHER}' AND '341699002999' AND status = 1
    ORDER BY id LIMIT 1`);
  const r = await enrol('staff', Number(far));
  assert.equal(r.status, 201, r.text);
  const csrf = csrfOf(await (await get(`/projects/${CODE}?year=${YEAR}`, cookies.boss)).text());
  // A target is at least 1.
  const zero = await post(`/projects/${CODE}/target`, { csrf, year: String(YEAR), target: '0' }, cookies.boss);
  assert.match(await zero.text(), /应为1到999999999之间的整数/);
  const set = await post(`/projects/${CODE}/target`, { csrf, year: String(YEAR), target: '1' }, cookies.boss);
  assert.equal(set.status, 303, await set.text());
  const page = await (await get(`/projects/${CODE}?year=${YEAR}`, cookies.boss)).text();
  // The funnel drawn by the server: its data as text for screen readers, the target marked on 手术.
  assert.match(page, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="chart chart-hbar funnel" role="img"/);
  const desc = page.match(/<desc id="funnel-desc">([^<]*)<\/desc>/);
  assert.ok(desc, 'the funnel has a description');
  assert.match(desc[1], /^摸底登记：6；/);
  assert.match(desc[1], /；手术：1，目标1，已完成目标；/);
  assert.equal((page.match(/<line class="target"/g) || []).length, 1);
  const link = (stage, town) => new RegExp(`reached=${stage}${town ? `&amp;township=${town}` : ''}">(\\d+)</a>`);
  assert.equal(Number(page.match(link('registered', TOWNSHIP))[1]), 5);
  assert.equal(Number(page.match(link('registered', OTHER))[1]), 1);
  assert.equal(Number(page.match(link('registered'))[1]), 6);
  assert.equal(Number(page.match(link('operated', TOWNSHIP))[1]), 1);
  assert.match(page, /完成 1\/1，已完成目标/);
  const j = await api('GET', `/api/v1/programs/${CODE}?year=${YEAR}`, 'staff');
  assert.equal(j.json.counts.county['stage:registered'], 6);
  assert.equal(j.json.counts.townships[TOWNSHIP]['stage:registered'], 5);
  assert.deepEqual(j.json.target, { metric: 'operated', value: 1, achieved: 1, over: 0 });
  assert.equal(j.json.success_rate.percent, 100);
  assert.match(page, /成功率<\/dt><dd>100\.0%/);
  // The township user's page counts its township only; the link lists the cases behind a count.
  const town = await (await get(`/projects/${CODE}?year=${YEAR}`, cookies.town)).text();
  assert.equal(Number(town.match(link('registered'))[1]), 5);
  const list = await (await get(`/projects/${CODE}/cases?year=${YEAR}&reached=screened&township=${TOWNSHIP}`,
    cookies.town)).text();
  assert.match(list, /共 4 条/);
  // Only the county admin sets targets.
  const no = await post(`/projects/${CODE}/target`, { csrf: csrfOf(town), year: String(YEAR), target: '5' }, cookies.town);
  assert.equal(no.status, 403);
  const listPage = await (await get('/projects', cookies.boss)).text();
  assert.match(listPage, new RegExp(`href="/projects/${CODE}\\?year=`));
});

test('transfer to another village within scope', async () => {
  const village = sql(`SELECT code FROM division WHERE level = 3 AND code BETWEEN '${TOWNSHIP}' AND '341699001999'
    AND code <> (SELECT village_code FROM program_case WHERE id = ${first}) ORDER BY code LIMIT 1`);
  const none = await api('POST', `/api/v1/cases/${first}/transfer`, 'hosp', { village, remark: '迁居' });
  assert.equal(none.status, 403);
  const r = await api('POST', `/api/v1/cases/${first}/transfer`, 'town', { village, remark: '随子女迁居' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.village, village);
});
