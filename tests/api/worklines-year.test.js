// The seed report's target management (目标管理) for the year, on a generated county of 23 townships and
// 351 villages: the targets are set through the API, the work is entered through the API (the survey's
// rosters and door-to-door records in every village, 118 persons of 万人千元就业工程 taken to payment, three
// training classes, rehabilitation services, the employment security fund collected from employers), and
// the board shows the statuses the report states: 351 villages surveyed, 118 supported, 3 classes held,
// the fund over its 1,000,000 yuan ("超额完成2万元"), and a lagging target with its supervision item.
// The cataract (402 of 400) and assistance (9465 of 9325, 291/9174 of 260/9065) targets are checked on the
// board by cataract-year.test.js and assistance-year.test.js, which replay those projects.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { ROOT, tmpdir, startServer, huiminAt, sqlReadonly, addUserToken, apiCall, ok, each } = require('./helpers');

const YEAR = 2024;
let dir;
let db;
let srv;
const tokens = {};
const api = (name, method, p, body) => apiCall(srv, tokens[name], method, p, body);
const sql = (query) => sqlReadonly(db, query);
const VISIT = { respondent: '本人', living: 'family', employment: '务农', pension: '是', medical: true, housing: 'safe' };

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huiminAt(db, ['demo', '--persons', '1500', '--seed', '7']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  for (const args of [['program', 'load', path.join(ROOT, 'programs', 'employment.json')],
    ['survey', 'open', String(YEAR), path.join(ROOT, 'programs', 'survey-form.json'), '--start', '2024-09-01', '--end', '2024-09-30']]) {
    const x = huiminAt(db, args);
    assert.equal(x.status, 0, x.stdout + x.stderr);
  }
  tokens.boss = addUserToken(db, 'boss', 'county_admin');
  tokens.staff = addUserToken(db, 'staff', 'county_staff');
  tokens.lead = addUserToken(db, 'lead', 'leader');
  // The report is written at the year's end.
  srv = await startServer(db, [], ['--today', '2024-12-31']);
});

after(async () => {
  if (srv) await srv.stop();
});

test('the year\'s targets of every work line, the work entered, the board as the report states it', async () => {
  const target = (body) => ok(api('boss', 'POST', '/api/v1/targets', { year: YEAR, deadline: '2024-12-31', owner: 'staff', ...body }), 201);
  const survey = await target({ line: 'survey', name: '残疾人基本情况调查入户调查', unit: '个村', value: 351, source: 'survey:villages' });
  const jobs = await target({ line: 'employment', name: '万人千元就业工程扶持就业', unit: '人', value: 118, source: 'program:employment:paid' });
  const classes = await target({ line: 'employment', name: '残疾人就业培训班', unit: '期', value: 3, source: 'training:classes' });
  const fund = await target({ line: 'levy', name: '征收残疾人就业保障金', unit: '元', value: 100000000, source: 'levy:collected' });
  const rehab = await target({ line: 'rehab', name: '残疾人康复服务', unit: '人次', value: 60, split: 'township', source: 'rehab:services' });
  await ok(api('boss', 'POST', `/api/v1/targets/${rehab.id}/parts`, { proportional: true }));

  // The survey: every township draws its villages' rosters, every person on them is visited in September.
  const towns = sql('SELECT code FROM division WHERE level = 2 ORDER BY code').split('\n');
  assert.equal(towns.length, 23);
  await each(towns, (code) => ok(api('staff', 'POST', `/api/v1/survey/townships/${code}/roster`, { year: YEAR })));
  const villages = sql('SELECT code FROM division WHERE level = 3 ORDER BY code').split('\n');
  assert.equal(villages.length, 351);
  const roster = [];
  await each(villages, async (code, i) => {
    // One investigator per village.
    await ok(api('staff', 'POST', `/api/v1/survey/villages/${code}/investigator`, { year: YEAR, name: `调查员${i + 1}` }));
    const v = await ok(api('staff', 'GET', `/api/v1/survey/villages/${code}?year=${YEAR}`));
    for (const p of v.persons) roster.push(p.person_id);
  });
  assert.ok(roster.length > 1000);
  await each(roster, (pid, i) => ok(api('staff', 'POST', `/api/v1/survey/records/${pid}`,
    { year: YEAR, outcome: 'visited', date: `2024-09-${String(2 + (i % 28)).padStart(2, '0')}`, values: VISIT }), 201));

  // 万人千元就业工程: 118 persons of working age surveyed, chosen, submitted to the city by May, paid in October.
  const workers = sql(`SELECT id FROM person WHERE status = 1 AND birth_date BETWEEN '1966-01-01' AND '2007-12-31'
    ORDER BY id LIMIT 118`).split('\n').map(Number);
  assert.equal(workers.length, 118);
  await each(workers, async (pid) => {
    const c = await ok(api('staff', 'POST', '/api/v1/cases', { program: 'employment', year: YEAR, person_id: pid, transition: 'survey',
      date: '2024-01-20', values: { work_status: 'unemployed' } }), 201);
    const move = (transition, values, date) => ok(api('staff', 'POST', `/api/v1/cases/${c.id}/transitions`, { transition, values, date }));
    await move('select', { support_way: 'business' }, '2024-04-15');
    await move('submit', { submit_date: '2024-05-28' }, '');
    await move('city_approve', {}, '2024-06-20');
    await move('pay', { paid_date: '2024-10-15' }, '');
  });

  // Two employment classes and one blind-massage class; rehabilitation services in a few townships only.
  for (const [kind, name, start, end] of [['就业培训', '第一期助残就业培训班', '2024-04-08', '2024-04-20'],
    ['就业培训', '第二期助残就业培训班', '2024-07-08', '2024-07-20'], ['盲人按摩培训', '盲人按摩培训班', '2024-05-06', '2024-05-20']]) {
    const cls = await ok(api('staff', 'POST', '/api/v1/training', { year: YEAR, kind, name, start_date: start, end_date: end, place: '县残联培训中心', support: '500.00' }), 201);
    await ok(api('staff', 'POST', `/api/v1/training/${cls.id}/trainees`, { person_id: workers[0] }), 201);
  }
  const served = workers.slice(0, 12);
  await each(served, (pid, i) => ok(api('staff', 'POST', '/api/v1/rehab', { person_id: pid, kind: '康复训练', provider: '县康复中心', date: `2024-0${1 + (i % 9)}-10` }), 201));

  // The fund collected from the employers with the tax bureau: 800,000 yuan by October, 220,000 more by December.
  const village = sql('SELECT min(code) FROM division WHERE level = 3');
  const employers = [];
  for (const e of [{ credit_code: '91341699MA2TQ7K817', name: '示范县青禾纺织有限公司', employees: 500 },
    { credit_code: '52341699MA2W1BCD78', name: '青禾镇民办职业学校', employees: 100, disabled_employees: 1 },
    { credit_code: '93341699MA8P5RF03L', name: '望川果蔬专业合作社', employees: 300 }]) {
    employers.push((await ok(api('staff', 'POST', '/api/v1/enterprises', { disabled_employees: 0, ...e, division: village, year: YEAR }), 201)).id);
  }
  for (const [i, date, amount] of [[0, '2024-05-10', '500,000.00'], [2, '2024-10-20', '300,000.00'], [0, '2024-12-10', '100,000.00'],
    [1, '2024-12-15', '40,000.00'], [2, '2024-12-20', '80,000.00']]) {
    await ok(api('staff', 'POST', `/api/v1/enterprises/${employers[i]}/collections`, { year: YEAR, date, amount, receipt: `SB2024-${date}` }), 201);
  }

  // The board.
  const board = await ok(api('lead', 'GET', `/api/v1/targets?year=${YEAR}`));
  const by = Object.fromEntries(board.items.map((t) => [t.id, t.progress]));
  assert.deepEqual([by[survey.id].achieved, by[survey.id].status], [351, 'done'], '351 villages surveyed');
  assert.deepEqual([by[jobs.id].achieved, by[jobs.id].status], [118, 'done'], '118 supported');
  assert.deepEqual([by[classes.id].achieved, by[classes.id].status], [3, 'done'], 'three classes');
  assert.deepEqual([by[fund.id].achieved, by[fund.id].status, by[fund.id].over], [102000000, 'over', '超额完成2万元']);
  assert.equal(by[rehab.id].achieved, 12);
  assert.equal(by[rehab.id].status, 'lagging', '12 of 60 on the last day');
  const lagging = by[rehab.id].parts.filter((p) => p.share > 0 && p.status === 'lagging');
  assert.ok(lagging.length > 0);

  // The county supervises a lagging township; the leader sees the open item and how long it has been open.
  const item = await ok(api('staff', 'POST', '/api/v1/supervision', { target_id: rehab.id, township: lagging[0].part,
    finding: '康复服务进度滞后', requirement: '补报服务记录', deadline: '2024-12-31' }), 201);
  const open = await ok(api('lead', 'GET', `/api/v1/supervision?year=${YEAR}&open=1`));
  assert.deepEqual(open.items.map((s) => [s.id, s.target_name, s.status, s.days_open]), [[item.id, '残疾人康复服务', 'open', 0]]);

  // The annual report's target management part, from the same records.
  const report = await apiCall(srv, tokens.lead, 'GET', `/api/v1/reports/annual?year=${YEAR}&format=txt`);
  assert.equal(report.status, 200, report.text);
  for (const figure of ['全年共有目标5项，已完成4项（其中超额完成1项）', '进度滞后1项', '扶持就业118人']) {
    assert.ok(report.text.includes(figure), `${figure}\n${report.text}`);
  }
});
