// 残疾人基本情况调查 through the API and the pages, on a demo county with the
// form of programs/survey-form.json: the roster drawn by the township, record
// entry by the village investigator, the scope refused for another village and
// township, corrections kept as versions, the progress numbers against the
// database, and the acceptance sample drawn again with the same seed.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {
  ROOT, tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange, addUserToken, apiCall, ok, stopAndRemove,
} = require('./helpers');

const YEAR = 2025;
const TODAY = '2025-09-20';

let dir;
let db;
let srv;
let get;
let post;
const tokens = {};
const cookies = {};
let town1; // the township with the most persons
let town2;
let vil1; // its village with the most persons
let vil2; // another village of town1
let roster1; // [{ id, name }] of vil1, 在册, in id order

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

const addUser = (name, role, division) => { tokens[name] = addUserToken(db, name, role, division); };
const api = (method, p, name, body) => apiCall(srv, tokens[name], method, p, body);

const VISIT = { respondent: '本人', living: 'family', employment: '务农', pension: '是', medical: true, housing: 'safe' };
const record = (name, id, body) => api('POST', `/api/v1/survey/records/${id}`, name, { year: YEAR, ...body });

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huimin(['demo', '--persons', '3000', '--seed', '11']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const open = huimin(['survey', 'open', String(YEAR), path.join(ROOT, 'programs', 'survey-form.json')]);
  assert.equal(open.status, 0, open.stdout + open.stderr);
  const towns = sql(`SELECT township_code FROM person WHERE status = 1 GROUP BY township_code
    ORDER BY count(*) DESC, township_code LIMIT 2`).split('\n');
  [town1, town2] = towns;
  const villages = sql(`SELECT village_code FROM person WHERE status = 1 AND township_code = '${town1}'
    GROUP BY village_code ORDER BY count(*) DESC, village_code LIMIT 2`).split('\n');
  [vil1, vil2] = villages;
  roster1 = sql(`SELECT id, name FROM person WHERE status = 1 AND village_code = '${vil1}' ORDER BY id`)
    .split('\n').map((l) => { const [id, name] = l.split('|'); return { id: Number(id), name }; });
  assert.ok(roster1.length >= 5, `village ${vil1} has ${roster1.length} persons`);
  addUser('boss', 'county_admin');
  addUser('staff', 'county_staff');
  addUser('lead', 'leader');
  addUser('doc', 'hospital');
  addUser('town1', 'township', town1);
  addUser('town2', 'township', town2);
  addUser('inv1', 'village', vil1);
  addUser('inv2', 'village', vil2);
  srv = await startServer(db, [], ['--today', TODAY]);
  ({ get, post } = client(srv));
});

after(() => stopAndRemove(srv, dir));

test('the survey of the year: its period and the form; hospitals refused, another year not open', async () => {
  const s = await ok(api('GET', `/api/v1/survey?year=${YEAR}`, 'inv1'));
  assert.equal(s.start_date, '2025-09-01');
  assert.equal(s.end_date, '2025-09-30');
  assert.equal(s.target_permille, 950);
  const employment = s.form.fields.find((f) => f.key === 'employment');
  assert.equal(employment.type, 'choice');
  assert.equal(employment.required, true);
  assert.ok(employment.choices.some((c) => c.label === '务农'));
  assert.equal((await api('GET', `/api/v1/survey?year=${YEAR}`, 'doc')).status, 403);
  assert.equal((await api('GET', '/api/v1/survey?year=2024', 'staff')).status, 404);
  // Opening is the county admin's.
  assert.equal((await api('POST', '/api/v1/survey', 'staff', { year: 2026, form: {} })).status, 403);
  const bad = await api('POST', '/api/v1/survey', 'boss', { year: 2026, form: { code: 'x', name: '表', version: 1, fields: [] } });
  assert.equal(bad.status, 400, bad.text);
  assert.ok(bad.json.error.fields.form.some((line) => /fields：至少要有1项/.test(line)));
});

test('the roster: drawn by the township, a snapshot of the persons 在册; villages cannot draw, others not in scope', async () => {
  assert.equal((await api('POST', `/api/v1/survey/townships/${town1}/roster`, 'inv1', { year: YEAR })).status, 403);
  assert.equal((await api('POST', `/api/v1/survey/townships/${town1}/roster`, 'lead', { year: YEAR })).status, 403);
  assert.equal((await api('POST', `/api/v1/survey/townships/${town1}/roster`, 'town2', { year: YEAR })).status, 404);
  const drawn = await ok(api('POST', `/api/v1/survey/townships/${town1}/roster`, 'town1', { year: YEAR }));
  const inTown = Number(sql(`SELECT count(*) FROM person WHERE status = 1 AND township_code = '${town1}'`));
  assert.equal(drawn.added, inTown);
  // Drawing again adds nothing; a person registered in the village after is added then.
  assert.equal((await ok(api('POST', `/api/v1/survey/villages/${vil1}/roster`, 'town1', { year: YEAR }))).added, 0);
  await ok(api('POST', `/api/v1/survey/villages/${vil1}/investigator`, 'town1', { year: YEAR, account: 'inv1', name: '王调查' }));
  const wrong = await api('POST', `/api/v1/survey/villages/${vil1}/investigator`, 'town1', { year: YEAR, account: 'inv2' });
  assert.equal(wrong.status, 400, wrong.text);
  assert.match(wrong.json.error.fields.account, /不是该村的村调查员账号/);

  const v = await ok(api('GET', `/api/v1/survey/villages/${vil1}?year=${YEAR}`, 'inv1'));
  assert.deepEqual(v.persons.map((r) => r.person_id), roster1.map((p) => p.id));
  assert.deepEqual(v.persons.map((r) => r.name), roster1.map((p) => p.name));
  assert.equal(v.investigator, '王调查');
  assert.equal(v.investigator_account, 'inv1');
  assert.equal(v.roster, roster1.length);
  assert.match(v.persons[0].id_number, /^\d{6}\*{8}[\dX]{4}$/);
  assert.equal(v.persons[0].outcome, null);
  // Scope: the other village's investigator and the other township see nothing of it.
  assert.equal((await api('GET', `/api/v1/survey/villages/${vil1}?year=${YEAR}`, 'inv2')).status, 404);
  assert.equal((await api('GET', `/api/v1/survey/villages/${vil1}?year=${YEAR}`, 'town2')).status, 404);
  assert.equal((await api('GET', `/api/v1/survey/records/${roster1[0].id}?year=${YEAR}`, 'inv2')).status, 404);
});

test('records: entered by the village investigator, checked item by item, refused outside the scope', async () => {
  const [a, b, c] = roster1;
  const missing = await record('inv1', a.id, { outcome: 'visited', date: '2025-09-21', values: { living: '独居', colour: '红' } });
  assert.equal(missing.status, 400, missing.text);
  assert.match(missing.json.error.fields.date, /不能晚于今天/);
  assert.equal(missing.json.error.fields.employment, '入户调查时必须填写');
  assert.equal(missing.json.error.fields.colour, '调查表中没有这一项');
  const first = await ok(record('inv1', a.id, { outcome: 'visited', date: '2025-09-05', values: { ...VISIT, income: 4800 } }), 201);
  assert.equal(first.version, 1);
  assert.equal(first.outcome, 'visited');
  assert.equal(first.investigator, '王调查');
  assert.deepEqual(first.history[0].answers, {
    respondent: 'self', living: 'family', employment: 'farming', income: '4800', pension: 'true', medical: 'true', housing: 'safe',
  });
  await ok(record('inv1', b.id, { outcome: 'not_found', date: '2025-09-06', remark: '常年外出务工，邻居证实' }), 201);
  // Not theirs: another village's investigator, another township, a leader.
  assert.equal((await record('inv2', c.id, { outcome: 'visited', date: '2025-09-06', values: VISIT })).status, 404);
  assert.equal((await record('town2', c.id, { outcome: 'visited', date: '2025-09-06', values: VISIT })).status, 404);
  assert.equal((await record('lead', c.id, { outcome: 'visited', date: '2025-09-06', values: VISIT })).status, 403);
  assert.equal((await record('doc', c.id, { outcome: 'visited', date: '2025-09-06', values: VISIT })).status, 403);
  // A correction: against the version seen, with its reason; the old version stays.
  const stale = await record('inv1', a.id, { outcome: 'deceased', date: '2025-09-07', remark: '选错', version: 0 });
  assert.equal(stale.status, 409, stale.text);
  const fixed = await ok(record('town1', a.id, { outcome: 'deceased', date: '2025-09-07', remark: '录入时选错', version: 1 }));
  assert.equal(fixed.version, 2);
  assert.deepEqual(fixed.history.map((h) => [h.version, h.outcome, h.entered_by]),
    [[1, 'visited', 'inv1'], [2, 'deceased', 'town1']]);
  assert.equal(sql(`SELECT count(*) FROM survey_record WHERE person_id = ${a.id}`), '2');
  // Back to visited, as entered through the village page's form.
  const cookie = cookies.inv1 = await loginWithChange(srv, 'inv1');
  const home = await get('/survey', cookie);
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), `/survey/villages/${vil1}?year=2025`);
  const page = await (await get(`/survey/records/${a.id}?year=${YEAR}`, cookie)).text();
  assert.match(page, /更正调查记录/);
  const fields = { csrf: csrfOf(page), year: String(YEAR), version: '2', outcome: 'visited', date: '2025-09-08',
    investigator: '', remark: '再次入户核实', f_respondent: 'family', f_living: 'family', f_employment: 'farming',
    f_pension: 'true', f_medical: 'true', f_housing: 'dangerous' };
  const saved = await post(`/survey/records/${a.id}`, fields, cookie);
  assert.equal(saved.status, 303, await saved.text());
  assert.equal(saved.headers.get('location'), `/survey/villages/${vil1}?year=2025&done=record`);
  const again = await post(`/survey/records/${a.id}`, fields, cookie); // the same form again: version 2 is gone
  const body = await again.text();
  assert.equal(again.status, 200);
  assert.match(body, /刚被他人更正过（现为第3版）/);
  const now = await ok(api('GET', `/api/v1/survey/records/${a.id}?year=${YEAR}`, 'staff'));
  assert.equal(now.version, 3);
  assert.equal(now.history[2].answers.housing, 'dangerous');
  assert.ok(Number(sql("SELECT count(*) FROM operation_log WHERE module = '基本情况调查' AND action = '更正调查结果'")) >= 2);
});

test('progress: the roster, recorded and visited numbers per village, township and county', async () => {
  // Every person of vil2 recorded: the village is complete.
  const v2 = await ok(api('GET', `/api/v1/survey/villages/${vil2}?year=${YEAR}`, 'inv2'));
  await ok(api('POST', `/api/v1/survey/villages/${vil2}/investigator`, 'staff', { year: YEAR, name: '李调查' }));
  for (const [i, r] of v2.persons.entries()) {
    const body = i === 0 ? { outcome: 'moved', date: '2025-09-10' } : { outcome: 'visited', date: '2025-09-10', values: VISIT };
    await ok(record('inv2', r.person_id, body), 201);
  }
  const p = await ok(api('GET', `/api/v1/survey/progress?year=${YEAR}&township=${town1}`, 'staff'));
  const t = p.townships.find((x) => x.code === town1);
  const inTown = Number(sql(`SELECT count(*) FROM survey_roster WHERE year = ${YEAR} AND township_code = '${town1}'`));
  assert.equal(t.roster, inTown);
  assert.equal(t.recorded, 2 + v2.persons.length);
  assert.equal(t.visited, 1 + v2.persons.length - 1);
  // Complete: vil2, and any village whose drawn roster was empty.
  const empty = Number(sql(`SELECT count(*) FROM division d WHERE d.level = 3 AND d.parent_code = '${town1}'
    AND NOT EXISTS (SELECT 1 FROM person p WHERE p.village_code = d.code AND p.status = 1)`));
  assert.equal(t.complete, 1 + empty);
  assert.equal(t.villages, Number(sql(`SELECT count(*) FROM division WHERE level = 3 AND parent_code = '${town1}'`)));
  assert.equal(t.visit_rate_permille, Math.floor((t.visited * 1000) / t.roster));
  const village2 = p.villages.find((x) => x.code === vil2);
  assert.equal(village2.is_complete, true);
  const permille = Math.floor(((v2.persons.length - 1) * 1000) / v2.persons.length);
  assert.equal(village2.visit_rate, `${Math.floor(permille / 10)}.${permille % 10}%`);
  const village1 = p.villages.find((x) => x.code === vil1);
  assert.deepEqual([village1.roster, village1.recorded, village1.visited, village1.is_complete], [roster1.length, 2, 1, false]);
  assert.equal(p.total.roster, Number(sql(`SELECT count(*) FROM survey_roster WHERE year = ${YEAR}`)));
  // The township user counts their own township only.
  const mine = await ok(api('GET', `/api/v1/survey/progress?year=${YEAR}`, 'town2'));
  assert.deepEqual(mine.townships.map((x) => x.code), [town2]);
  assert.equal(mine.total.roster, 0);
});

test('acceptance: a seeded sample of the recorded households, drawn again the same; verdicts and the error rate', async () => {
  const recorded = Number(sql(`SELECT count(*) FROM survey_roster WHERE year = ${YEAR} AND township_code = '${town1}' AND record_id IS NOT NULL`));
  assert.equal((await api('POST', '/api/v1/survey/checks', 'town1', { year: YEAR, township: town1, n: 3 })).status, 403);
  assert.equal((await api('POST', '/api/v1/survey/checks', 'staff', { year: YEAR, township: town1, n: 0 })).status, 400);
  const empty = await api('POST', '/api/v1/survey/checks', 'staff', { year: YEAR, township: town2, n: 3 });
  assert.equal(empty.status, 400, empty.text);
  assert.match(empty.json.error.message, /还没有调查记录/);
  const c1 = await ok(api('POST', '/api/v1/survey/checks', 'staff', { year: YEAR, township: town1, n: 3, seed: '20250920' }), 201);
  assert.equal(c1.seed, '20250920');
  assert.equal(c1.population, recorded);
  assert.equal(c1.items.length, Math.min(3, recorded));
  const ids = c1.items.map((i) => i.person_id);
  assert.equal(new Set(ids).size, ids.length);
  const onRoster = sql(`SELECT person_id FROM survey_roster WHERE year = ${YEAR} AND township_code = '${town1}' AND record_id IS NOT NULL`)
    .split('\n').map(Number);
  for (const id of ids) assert.ok(onRoster.includes(id));
  const c2 = await ok(api('POST', '/api/v1/survey/checks', 'boss', { year: YEAR, township: town1, n: 3, seed: 20250920 }), 201);
  assert.notEqual(c2.id, c1.id);
  assert.deepEqual(c2.items.map((i) => [i.person_id, i.record_id]), c1.items.map((i) => [i.person_id, i.record_id]));
  const c3 = await ok(api('POST', '/api/v1/survey/checks', 'staff', { year: YEAR, township: town1, n: 50 }), 201);
  assert.equal(c3.items.length, recorded);
  assert.match(c3.seed, /^\d{1,18}$/);
  // Verdicts on the first check: one discrepancy of two verified.
  const [x, y] = c1.items;
  const noNote = await api('POST', `/api/v1/survey/checks/${c1.id}/items/${x.person_id}`, 'staff', { result: 'discrepancy' });
  assert.equal(noNote.status, 400, noNote.text);
  assert.equal(noNote.json.error.fields.note, '有差错时请写明差错情况');
  await ok(api('POST', `/api/v1/survey/checks/${c1.id}/items/${x.person_id}`, 'staff', { result: 'discrepancy', note: '住房状况与实际不符' }));
  const done = await ok(api('POST', `/api/v1/survey/checks/${c1.id}/items/${y.person_id}`, 'staff', { result: 'agrees' }));
  assert.equal(done.verified, 2);
  assert.equal(done.discrepancies, 1);
  assert.equal(done.error_rate_permille, 500);
  const twice = await api('POST', `/api/v1/survey/checks/${c1.id}/items/${y.person_id}`, 'staff', { result: 'discrepancy', note: 'x' });
  assert.equal(twice.status, 400);
  // The township reads its checks; the other township does not.
  const list = await ok(api('GET', `/api/v1/survey/checks?year=${YEAR}&township=${town1}`, 'town1'));
  assert.deepEqual(list.items.map((c) => c.id), [c3.id, c2.id, c1.id]);
  assert.equal((await api('GET', `/api/v1/survey/checks/${c1.id}`, 'town2')).status, 404);
  assert.equal((await api('GET', `/api/v1/survey/checks/${c1.id}`, 'inv1')).status, 404);
  // The progress shows the latest check of the township.
  const p = await ok(api('GET', `/api/v1/survey/progress?year=${YEAR}`, 'lead'));
  assert.equal(p.townships.find((t) => t.code === town1).check.id, c3.id);
});

test('pages: the overview by township for the county, a township page, the acceptance page; hospitals refused', async () => {
  cookies.staff = await loginWithChange(srv, 'staff');
  const res = await get(`/survey?year=${YEAR}`, cookies.staff);
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(html, /各乡镇进度/);
  assert.match(html, /入户率目标/);
  assert.match(html, new RegExp(`/survey/townships/${town1}\\?year=2025`));
  assert.match(html, /基本情况调查<\/a>/);
  const t = await (await get(`/survey/townships/${town1}?year=${YEAR}`, cookies.staff)).text();
  assert.match(t, /王调查/);
  assert.match(t, /已完成/);
  const checks = await (await get(`/survey/townships/${town1}/checks?year=${YEAR}`, cookies.staff)).text();
  assert.match(checks, /20250920/);
  // The county admin opens the next year's survey by uploading the form; a file that is no form is refused.
  cookies.boss = await loginWithChange(srv, 'boss');
  const open = await (await get('/survey?year=2026', cookies.boss)).text();
  assert.match(open, /2026年度的残疾人基本情况调查还没有开展/);
  const upload = (text) => {
    const form = new FormData();
    form.append('csrf', csrfOf(open));
    form.append('year', '2026');
    form.append('start_date', '2026-09-01');
    form.append('end_date', '2026-10-10');
    form.append('form', new Blob([text], { type: 'application/json' }), 'survey-form.json');
    return fetch(`${srv.url}/survey/open`, { method: 'POST', body: form, redirect: 'manual', headers: { cookie: cookies.boss } });
  };
  const refused = await upload('{"code":"x"}');
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /缺少“name”/);
  const opened = await upload(fs.readFileSync(path.join(ROOT, 'programs', 'survey-form.json'), 'utf8'));
  assert.equal(opened.status, 303, await opened.text());
  assert.equal(opened.headers.get('location'), '/survey?year=2026&done=opened');
  assert.equal((await ok(api('GET', '/api/v1/survey?year=2026', 'lead'))).end_date, '2026-10-10');
  cookies.doc = await loginWithChange(srv, 'doc');
  assert.equal((await get('/survey', cookies.doc)).status, 403);
  const menu = await (await get('/', cookies.doc)).text();
  assert.doesNotMatch(menu, /基本情况调查/);
});
