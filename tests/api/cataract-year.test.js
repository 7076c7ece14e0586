// The seed report's year of the cataract project, replayed through the API on a generated county:
// 1206 pass pre-screening, 461 become surgical candidates, 402 are operated, all with a good outcome
// at 90 days; the funnel, the target (402 of 400: exceeded by 2) and the success rate (100%) come out
// of the records, county-wide and by township.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {
  ROOT, tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange, addUser, addUserToken, apiCall, each,
} = require('./helpers');

const YEAR = 2024;
const TODAY = '2024-12-31';
const N = { registered: 1300, passed: 1206, candidates: 461, operated: 402 };

let dir;
let db;
let srv;
let token;
let persons;

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

const api = (method, p, body) => apiCall(srv, token, method, p, body);

async function move(id, transition, values = {}, remark = '', date = '') {
  const r = await api('POST', `/api/v1/cases/${id}/transitions`, { transition, date, values, remark });
  assert.equal(r.status, 200, `${transition} on ${id}: ${r.text}`);
}

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'county.db');
  const r = huimin(['demo', '--persons', '3000', '--seed', '9']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const load = huimin(['program', 'load', path.join(ROOT, 'programs', 'cataract.json')]);
  assert.equal(load.status, 0, load.stdout + load.stderr);
  token = addUserToken(db, 'office', 'county_staff');
  addUser(db, 'chief', 'county_admin');
  persons = sql(`SELECT id FROM person WHERE status = 1 ORDER BY id LIMIT ${N.registered}`).split('\n').map(Number);
  assert.equal(persons.length, N.registered);
  srv = await startServer(db, [], ['--today', TODAY]);
});

after(async () => {
  if (srv) await srv.stop();
});

test('the year as the report tells it, and the figures it states', { timeout: 600000 }, async () => {
  // 摸底登记 in March, village by village.
  const cases = new Array(N.registered);
  await each(persons, async (pid, i) => {
    const r = await api('POST', '/api/v1/cases', {
      program: 'cataract', year: YEAR, person_id: pid, transition: 'register', date: '2024-03-05',
    });
    assert.equal(r.status, 201, r.text);
    cases[i] = r.json.id;
  });
  // 乡镇初查 by 10 April: 1206 qualified.
  await each(cases, (id, i) => (i < N.passed
    ? move(id, 'prescreen_pass', {}, '', '2024-04-10')
    : move(id, 'prescreen_fail', {}, '无白内障手术指征', '2024-04-10')));
  const passed = cases.slice(0, N.passed);
  // 病源输送 in five daily batches from 13 April, then 复查 at the county hospital.
  await each(passed, (id, i) => move(id, 'transport',
    { batch_date: `2024-04-${13 + (i % 5)}`, batch: `第${1 + (i % 5)}批` }));
  await each(passed, (id, i) => (i < N.candidates
    ? move(id, 'reexam_pass', {}, '', '2024-04-18')
    : move(id, 'reexam_fail', {}, '合并眼底病变，不宜手术', '2024-04-18')));
  const candidates = passed.slice(0, N.candidates);
  // Surgery by the visiting provincial experts over six days; 59 candidates decline.
  await each(candidates, (id, i) => (i < N.operated
    ? move(id, 'operate', {
      surgery_date: `2024-04-${20 + (i % 6)}`, hospital_name: '县人民医院', surgeon: '省立医院专家组',
      visiting_expert: '是', eye: '右眼', technique: '小切口白内障摘除+人工晶体植入', va_preop: '0.05',
    })
    : move(id, 'withdraw', {}, '本人放弃手术')));
  const operated = candidates.slice(0, N.operated);
  // Discharge after 2 to 7 days; follow-ups at 7, 30 and 90 days, all with good sight.
  await each(operated, (id, i) => move(id, 'discharge', { discharge_date: `2024-04-${23 + (i % 6)}` }));
  for (const [transition, day] of [['followup_7', '2024-05-05'], ['followup_30', '2024-05-30'], ['followup_90', '2024-07-30']]) {
    await each(operated, (id) => move(id, transition, { followup_date: day, va_followup: '0.6' }));
  }

  // The year's target, set by the county admin on the project page.
  const admin = await loginWithChange(srv, 'chief');
  const { get, post } = client(srv);
  const page = await (await get(`/projects/cataract?year=${YEAR}`, admin)).text();
  const set = await post('/projects/cataract/target', { csrf: csrfOf(page), year: String(YEAR), target: '400' }, admin);
  assert.equal(set.status, 303);
  await set.text();

  // The figures, from the records.
  const r = await api('GET', `/api/v1/programs/cataract?year=${YEAR}`);
  assert.equal(r.status, 200, r.text);
  const c = r.json.counts.county;
  assert.equal(c['stage:registered'], N.registered);
  assert.equal(c['metric:prescreen_passed'], N.passed);
  assert.equal(c['metric:transported'], N.passed);
  assert.equal(c['metric:candidates'], N.candidates);
  assert.equal(c['metric:operated'], N.operated);
  assert.equal(c['metric:discharged'], N.operated);
  assert.equal(c['metric:followup90_done'], N.operated);
  // The target is the work line's on the board: 402 of 400, over by 2 operations.
  const board = await api('GET', `/api/v1/targets?year=${YEAR}&line=cataract`);
  assert.equal(board.status, 200, board.text);
  assert.deepEqual(board.json.items.map((t) => [t.source, t.value, t.progress.achieved, t.progress.status, t.progress.over]),
    [['program:cataract:operated', 400, N.operated, 'over', '超额完成2例']]);
  assert.equal(c['metric:good90'], N.operated);
  assert.equal(c['metric:poor90'] || 0, 0);
  assert.deepEqual(r.json.target, { metric: 'operated', value: 400, achieved: 402, over: 2 });
  assert.equal(r.json.success_rate.percent, 100);
  // The annual report writes the report's sentences from these records.
  const report = await api('GET', `/api/v1/reports/annual?year=${YEAR}&format=txt`);
  assert.equal(report.status, 200, report.text);
  for (const sentence of ['县免费为贫困白内障患者做复明手术402例', '共选出1206名合格对象参加县医院复查', '共确定了461名手术对象',
    '超额完成了400例的任务。', '手术成功率达100%']) {
    assert.ok(report.text.includes(sentence), `${sentence}\n${report.text}`);
  }
  // The townships add up to the county.
  const towns = Object.values(r.json.counts.townships);
  assert.equal(towns.reduce((s, t) => s + (t['metric:operated'] || 0), 0), N.operated);
  // And the database agrees with the counts.
  assert.equal(Number(sql("SELECT count(*) FROM case_stage WHERE stage = 'operated'")), N.operated);

  // Per surgeon and hospital, by month (trends, not a ranking); nothing overdue at the year's end.
  assert.deepEqual(r.json.breakdowns.surgeon.rows,
    [{ value: '省立医院专家组', month: '2024-04', cases: N.operated, met: N.operated }]);
  assert.equal(r.json.breakdowns.hospital.rows[0].value, '县人民医院');
  // The transport batches, each a list of its own (printable, exportable).
  assert.deepEqual(r.json.breakdowns.batch.rows.map((x) => [x.value, x.cases]),
    [1, 2, 3, 4, 5].map((b) => [`第${b}批`, Math.floor(N.passed / 5) + (b <= N.passed % 5 ? 1 : 0)]));
  assert.deepEqual(r.json.overdue, {});
  // A line of a breakdown is a working list of its own: the hospital's cases.
  const hosp = await api('GET', `/api/v1/cases?program=cataract&year=${YEAR}&by=hospital&value=${encodeURIComponent('县人民医院')}`);
  assert.equal(hosp.status, 200, hosp.text);
  assert.equal(hosp.json.total, N.operated);
  const none = await api('GET', `/api/v1/cases?program=cataract&year=${YEAR}&by=hospital&value=${encodeURIComponent('乡镇卫生院')}`);
  assert.equal(none.json.total, 0);
  assert.equal((await api('GET', `/api/v1/cases?program=cataract&by=nosuch&value=x`)).status, 400);

  // The project page states it as the report does.
  const html = await (await get(`/projects/cataract?year=${YEAR}`, admin)).text();
  assert.match(html, /超额完成2例/);
  assert.match(html, /100\.0%/);
  assert.match(html, /<h2>按手术医生<\/h2>/);
  // The funnel and the monthly trends as charts beside their tables, their figures in their descriptions.
  const funnel = html.match(/<desc id="funnel-desc">([^<]*)<\/desc>/)[1];
  assert.match(funnel, /初查合格：1206；/);
  assert.match(funnel, /手术对象：461；/);
  assert.match(funnel, /已手术：402，目标400，超额完成2例；/);
  const trend = html.match(/<desc id="trend-surgeon-desc">([^<]*)<\/desc>/)[1];
  assert.equal(trend, '省立医院专家组：1月 0，2月 0，3月 0，4月 402，5月 0，6月 0，7月 0，8月 0，9月 0，10月 0，11月 0，12月 0。');
  assert.match(html, /<title id="trend-batch-title">按输送批次：每月已输送到县医院例数<\/title>/);
  assert.match(html, /<h2>随访情况<\/h2>/);
  const line = html.match(/href="(\/projects\/cataract\/cases\?year=2024&amp;by=hospital&amp;value=[^"]+)"/);
  assert.ok(line, 'the hospital line links to its cases');
  const list = await (await get(line[1].replace(/&amp;/g, '&'), admin)).text();
  assert.match(list, /共 402 条/);
  // Nothing is overdue: every follow-up was done.
  const overdue = await api('GET', `/api/v1/cases?program=cataract&year=${YEAR}&due=overdue`);
  assert.equal(overdue.json.total, 0);
});
