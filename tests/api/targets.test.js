// Target management (目标管理) and supervision (督查) through the API: who may set targets, every
// field checked, a hand-entered target with its evidence, a target split to townships in proportion to
// their registered persons (parts adding up exactly), each township seeing its own share and progress,
// status against time elapsed, a supervision item opened by the county on a lagging township, answered
// by that township only, sent back, answered again and closed, everything logged; copy to the next year.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { readXlsx } = require('./xlsx');
const { tmpdir, startServer, huiminAt, sqlReadonly, addUserToken, apiCall, client, loginWithChange } = require('./helpers');

const YEAR = 2024;
let dir;
let db;
let srv;
const tokens = {};
let towns; // township codes in code order
const api = (name, method, p, body) => apiCall(srv, tokens[name], method, p, body);
const sql = (query) => sqlReadonly(db, query);

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huiminAt(db, ['demo', '--persons', '400', '--seed', '5']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  towns = sql('SELECT code FROM division WHERE level = 2 ORDER BY code').split('\n');
  tokens.boss = addUserToken(db, 'boss', 'county_admin');
  tokens.staff = addUserToken(db, 'staff', 'county_staff');
  tokens.town = addUserToken(db, 'town', 'township', towns[0]);
  tokens.town2 = addUserToken(db, 'town2', 'township', towns[1]);
  tokens.lead = addUserToken(db, 'lead', 'leader');
  tokens.hosp = addUserToken(db, 'hosp', 'hospital');
  // 1 October: three quarters of the year have passed.
  srv = await startServer(db, [], ['--today', '2024-10-01']);
});

after(async () => {
  if (srv) await srv.stop();
});

test('targets: roles and the checks of every field', async () => {
  for (const who of ['town', 'lead', 'hosp']) {
    const r = await api(who, 'POST', '/api/v1/targets', { year: YEAR, line: 'levy', name: 'x', unit: '元', value: 1, deadline: '2024-12-31', source: 'manual' });
    assert.equal(r.status, 403, `${who}: ${r.text}`);
  }
  assert.equal((await api('hosp', 'GET', `/api/v1/targets?year=${YEAR}`)).status, 403);
  const bad = await api('staff', 'POST', '/api/v1/targets', {
    year: 1990, line: 'nope', name: '', unit: '', value: 0, start: '2024-13-01', deadline: 'soon', source: 'program:none:x', split: 'hukou',
  });
  assert.equal(bad.status, 400, bad.text);
  const f = bad.json.error.fields;
  for (const key of ['year', 'line', 'name', 'unit', 'value', 'start', 'deadline', 'source']) assert.ok(f[key], `${key}: ${bad.text}`);
  const hukouManual = await api('staff', 'POST', '/api/v1/targets', {
    year: YEAR, line: 'levy', name: '保障金', unit: '元', value: 100, deadline: '2024-12-31', source: 'manual', split: 'hukou',
  });
  assert.equal(hukouManual.status, 400);
  assert.match(hukouManual.json.error.fields.split, /不能按城镇、农村分解/);
});

test('a hand-entered target with evidence, split to townships by persons, supervised', async () => {
  // 1,000,000.00 yuan of employment security fund, split to the townships in proportion to their persons.
  const made = await api('boss', 'POST', '/api/v1/targets', {
    year: YEAR, line: 'levy', name: '征收残疾人就业保障金', unit: '元', value: 100000000, split: 'township',
    deadline: '2024-12-31', owner: 'staff', source: 'manual', note: '市残联下达',
  });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  const dup = await api('boss', 'POST', '/api/v1/targets', {
    year: YEAR, line: 'levy', name: '征收残疾人就业保障金', unit: '元', value: 1, deadline: '2024-12-31', source: 'manual',
  });
  assert.equal(dup.status, 400);
  assert.match(dup.json.error.fields.name, /已有名为/);

  const split = await api('boss', 'POST', `/api/v1/targets/${id}/parts`, { proportional: true });
  assert.equal(split.status, 200, split.text);
  const shares = split.json.progress.parts;
  assert.equal(shares.length, towns.length);
  assert.equal(shares.reduce((s, p) => s + p.share, 0), 100000000, 'the parts add up exactly');
  // Proportional to the persons on the register in each township (to within one unit of rounding).
  const persons = sql('SELECT township_code, count(*) FROM person WHERE status = 1 GROUP BY township_code ORDER BY 1')
    .split('\n').map((l) => l.split('|'));
  const total = persons.reduce((s, [, n]) => s + Number(n), 0);
  for (const [code, n] of persons) {
    const part = shares.find((p) => p.part === code);
    assert.ok(Math.abs(part.share - (100000000 * Number(n)) / total) < 1, code);
  }

  // Progress entered by hand: the county for a township, a township for itself only, never for another.
  const first = towns[0];
  const share0 = shares.find((p) => p.part === first).share;
  let r = await api('staff', 'POST', `/api/v1/targets/${id}/entries`, { part: first, date: '2024-09-30', value: Math.floor(share0 / 2), note: '税务代征，收据 2024-0931' });
  assert.equal(r.status, 200, r.text);
  r = await api('town2', 'POST', `/api/v1/targets/${id}/entries`, { part: first, date: '2024-09-30', value: 5, note: '别的乡镇' });
  assert.equal(r.status, 400);
  r = await api('town2', 'POST', `/api/v1/targets/${id}/entries`, { part: towns[1], date: '2024-10-02', value: 5, note: '明天' });
  assert.equal(r.status, 400);
  assert.match(r.json.error.fields.date, /不能晚于今天/);
  const share1 = shares.find((p) => p.part === towns[1]).share;
  r = await api('town2', 'POST', `/api/v1/targets/${id}/entries`, { part: towns[1], date: '2024-09-15', value: share1, note: '全部征收到位' });
  assert.equal(r.status, 200, r.text);
  r = await api('lead', 'POST', `/api/v1/targets/${id}/entries`, { part: towns[1], date: '2024-09-15', value: 1, note: 'x' });
  assert.equal(r.status, 403);

  // Each township sees its own share and progress only; the county sees all.
  const mine = await api('town', 'GET', `/api/v1/targets/${id}`);
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.progress.value, share0);
  assert.equal(mine.json.progress.achieved, Math.floor(share0 / 2));
  assert.equal(mine.json.progress.status, 'lagging', '50% done with 75% of the year gone');
  assert.deepEqual(mine.json.progress.parts.map((p) => p.part), [first]);
  assert.equal(mine.json.entries.length, 1, 'the other township\'s entry is not shown');
  const theirs = await api('town2', 'GET', `/api/v1/targets?year=${YEAR}`);
  assert.equal(theirs.json.items[0].progress.status, 'done');
  const county = await api('lead', 'GET', `/api/v1/targets?year=${YEAR}`);
  assert.equal(county.json.items[0].progress.achieved, Math.floor(share0 / 2) + share1);
  assert.equal(county.json.items[0].progress.status, 'lagging');
  // A county user filters the board to one township.
  const one = await api('lead', 'GET', `/api/v1/targets?year=${YEAR}&township=${towns[1]}`);
  assert.equal(one.json.items[0].progress.value, share1);
  assert.equal(one.json.items[0].progress.status, 'done');

  // Supervision of the lagging township: opened by the county, answered by that township only.
  r = await api('lead', 'POST', '/api/v1/supervision', { target_id: id, township: first, finding: 'x', requirement: 'y', deadline: '2024-10-31' });
  assert.equal(r.status, 403);
  r = await api('staff', 'POST', '/api/v1/supervision', { target_id: id, township: first, finding: '', requirement: '', deadline: '2024-09-01' });
  assert.equal(r.status, 400);
  assert.deepEqual(Object.keys(r.json.error.fields).sort(), ['deadline', 'finding', 'requirement']);
  r = await api('staff', 'POST', '/api/v1/supervision', {
    target_id: id, township: first, finding: '征收进度滞后于时间进度', requirement: '10月底前征收到位', deadline: '2024-10-31',
  });
  assert.equal(r.status, 201, r.text);
  const sid = r.json.id;
  // The leader's home page: the year's targets by status, the one behind, the open supervision item.
  const { get } = client(srv);
  const leadCookie = await loginWithChange(srv, 'lead');
  const home = await (await get('/', leadCookie)).text();
  assert.match(home, /2024年度目标/);
  assert.match(home, /共1项：<span class="tag status warn">滞后 1<\/span>/);
  assert.match(home, new RegExp(`<a href="/targets/${id}">征收残疾人就业保障金</a> 完成\\d+\\.\\d%，滞后`));
  assert.match(home, /未销号的督查事项1项，最久的已0天。/);
  // The board as a workbook: the targets, then the townships by targets; a township gets its own row.
  const xres = await get(`/targets/export.xlsx?year=${YEAR}`, leadCookie);
  assert.equal(xres.status, 200);
  const book = readXlsx(Buffer.from(await xres.arrayBuffer()));
  assert.deepEqual(book.names, ['目标', '乡镇进度']);
  const row = book.sheets[0].rows.find((x) => x.r === 3).cells;
  assert.deepEqual([row.B.v, row.D.v, row.E.v, row.H.v], ['征收残疾人就业保障金', 1000000, (Math.floor(share0 / 2) + share1) / 100, '滞后']);
  assert.equal(book.formats[row.D.s], '#,##0.00');
  assert.equal(book.sheets[1].rows.length, 2 + towns.length);
  assert.equal(book.sheets[1].rows.find((x) => x.r === 3).cells.B.v, Math.floor(share0 / 2) / 100);
  const townBook = readXlsx(Buffer.from(await (await get(`/targets/export.xlsx?year=${YEAR}`, await loginWithChange(srv, 'town'))).arrayBuffer()));
  assert.equal(townBook.sheets[1].rows.length, 3);
  assert.equal(townBook.sheets[0].rows.find((x) => x.r === 3).cells.D.v, share0 / 100, 'its own share');
  assert.equal(sql("SELECT count(*) FROM operation_log WHERE module = '目标管理' AND action = '导出'"), '2');
  assert.equal(r.json.status, 'open');
  assert.equal((await api('town2', 'GET', '/api/v1/supervision')).json.items.length, 0);
  r = await api('town2', 'POST', `/api/v1/supervision/${sid}/answer`, { answer: '不是我们的' });
  assert.equal(r.status, 404);
  r = await api('staff', 'POST', `/api/v1/supervision/${sid}/close`, { note: '还没整改' });
  assert.equal(r.status, 409);
  r = await api('town', 'POST', `/api/v1/supervision/${sid}/answer`, { answer: '已与税务部门对账，10月20日前征收' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'answered');
  r = await api('staff', 'POST', `/api/v1/supervision/${sid}/back`, { note: '请附收据' });
  assert.equal(r.json.status, 'open');
  r = await api('town', 'POST', `/api/v1/supervision/${sid}/answer`, { answer: '收据已附' });
  assert.equal(r.json.status, 'answered');
  r = await api('staff', 'POST', `/api/v1/supervision/${sid}/close`, { note: '同意销号' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'closed');
  r = await api('town', 'POST', `/api/v1/supervision/${sid}/answer`, { answer: '再改' });
  assert.equal(r.status, 409);
  const open = await api('lead', 'GET', `/api/v1/supervision?year=${YEAR}&open=1`);
  assert.equal(open.json.items.length, 0);
  const all = await api('lead', 'GET', `/api/v1/supervision?year=${YEAR}`);
  assert.equal(all.json.items[0].days_open, 0);
  // The items as a workbook, within scope: the other township's is empty.
  const { get: fetchPage } = client(srv);
  const items = readXlsx(Buffer.from(await (await fetchPage('/supervision/export.xlsx', await loginWithChange(srv, 'staff'))).arrayBuffer()));
  const item = items.sheets[0].rows.find((x) => x.r === 3).cells;
  assert.deepEqual([item.B.v, item.D.v, item.G.v, item.J.v, item.K.v], ['征收残疾人就业保障金', '征收进度滞后于时间进度', '已销号', '收据已附', '同意销号']);
  const other = readXlsx(Buffer.from(await (await fetchPage('/supervision/export.xlsx', await loginWithChange(srv, 'town2'))).arrayBuffer()));
  assert.equal(other.sheets[0].rows.length, 2, 'title and header only');
  const logged = sql(`SELECT group_concat(action, ',') FROM (SELECT action FROM operation_log WHERE module = '目标管理' AND action <> '导出' ORDER BY id)`);
  assert.equal(logged, '设定目标,按人数分解目标,填报目标进度,填报目标进度,发起督查,填报整改情况,督查退回重新整改,填报整改情况,督查销号');
});

test('copy the year\'s targets to the next year', async () => {
  const r = await api('boss', 'POST', '/api/v1/targets/copy', { from: YEAR, to: YEAR + 1 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.copied, 1);
  const again = await api('boss', 'POST', '/api/v1/targets/copy', { from: YEAR, to: YEAR + 1 });
  assert.equal(again.json.copied, 0, 'names already there are not copied twice');
  const next = await api('boss', 'GET', `/api/v1/targets?year=${YEAR + 1}`);
  const t = next.json.items[0];
  assert.equal(t.deadline, '2025-12-31');
  assert.equal(t.progress.achieved, 0, 'progress is not copied');
  assert.equal(t.progress.parts.reduce((s, p) => s + p.share, 0), 100000000, 'the parts are');
  assert.equal((await api('town', 'POST', '/api/v1/targets/copy', { from: YEAR, to: YEAR + 2 })).status, 403);
});
