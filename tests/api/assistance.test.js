// 贫困重度残疾人生活特别救助工程 (programs/assistance.json) through the API
// and the forms: applications with the document checklist and eligibility,
// 村公示 with its period and objections (one dismissed, one upheld), the
// notice list, township submission by batch, county review (on site, at
// home, returned), approval by batch with archive numbers, the approved by
// hukou and age group, suspension, resumption and stopping.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {
  ROOT, tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange, addUserToken, apiCall, ok, stopAndRemove,
} = require('./helpers');

const CODE = 'assistance';
const TODAY = '2025-06-30';
const YEAR = 2025;
const ALL_DOCS = { doc_cert: '是', doc_dibao: '是', doc_id: '是', doc_bank: '是' };

let dir;
let db;
let srv;
let get;
let post;
const tokens = {};
const cookies = {};
let eligible; // [{ id, village, hukou, birth, id_number }]
let ineligible; // a registered person who is not on 低保
const cases = {}; // letter -> case id

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

const addUser = (name, role, division) => { tokens[name] = addUserToken(db, name, role, division); };
const api = (method, p, name, body) => apiCall(srv, tokens[name], method, p, body);

const apply = (name, personId, values = ALL_DOCS) => api('POST', '/api/v1/cases', name,
  { program: CODE, year: YEAR, person_id: personId, date: '2025-03-01', values });
const move = (name, id, transition, date, values = {}, remark) => api('POST', `/api/v1/cases/${id}/transitions`, name,
  { transition, date, values, ...(remark ? { remark } : {}) });

// Ticks the rows of ids in the batch table of transition and saves them on date.
async function batch(cookie, transition, ids, date) {
  const page = await (await get(`/projects/${CODE}/batch?transition=${transition}&year=${YEAR}`, cookie)).text();
  const rows = [...page.matchAll(/name="(r\d+_)case" value="(\d+)"/g)].map((x) => ({ prefix: x[1], id: Number(x[2]) }));
  for (const id of ids) assert.ok(rows.some((r) => r.id === id), `case ${id} is in the ${transition} table`);
  const fields = { csrf: csrfOf(page), transition, township: '', year: String(YEAR) };
  for (const r of rows) {
    fields[`${r.prefix}case`] = String(r.id);
    fields[`${r.prefix}date`] = date;
    if (ids.includes(r.id)) fields[`${r.prefix}on`] = '1';
  }
  const res = await post(`/projects/${CODE}/batch`, fields, cookie);
  const body = await res.text();
  assert.equal(res.status, 200);
  return body;
}

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huimin(['demo', '--persons', '1000', '--seed', '7']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const load = huimin(['program', 'load', path.join(ROOT, 'programs', `${CODE}.json`)]);
  assert.equal(load.status, 0, load.stdout + load.stderr);
  addUser('boss', 'county_admin');
  addUser('staff', 'county_staff');
  eligible = sql(`SELECT id, village_code, hukou, birth_date, id_number FROM person
    WHERE status = 1 AND dibao = 1 AND grade IN (1, 2) ORDER BY id LIMIT 7`).split('\n')
    .map((line) => { const [id, village, hukou, birth, idn] = line.split('|');
      return { id: Number(id), village, hukou: Number(hukou), birth, id_number: idn }; });
  assert.equal(eligible.length, 7);
  ineligible = Number(sql('SELECT id FROM person WHERE status = 1 AND dibao = 0 AND grade IN (1, 2) ORDER BY id LIMIT 1'));
  const town = eligible[0].village.slice(0, 9) + '000';
  addUser('town', 'township', town);
  addUser('vil', 'village', eligible[0].village);
  srv = await startServer(db, [], ['--today', TODAY]);
  ({ get, post } = client(srv));
  cookies.boss = await loginWithChange(srv, 'boss');
  cookies.town = await loginWithChange(srv, 'town');
});

after(() => stopAndRemove(srv, dir));

test('the definition: documents that must be 是, a notice stage, an archive stage, eligibility again at approval', async () => {
  const p = await ok(api('GET', `/api/v1/programs/${CODE}?year=${YEAR}`, 'staff'));
  const notice = p.stages.find((s) => s.key === 'in_notice');
  assert.equal(notice.hold_days, 7);
  assert.equal(notice.hold_field, 'notice_days');
  const approved = p.stages.find((s) => s.key === 'approved');
  assert.equal(approved.archive, true);
  assert.equal(approved.final, false);
  const applyT = p.transitions.find((t) => t.key === 'apply');
  assert.deepEqual(applyT.fields.map((f) => [f.key, f.must_be]),
    [['doc_cert', true], ['doc_dibao', true], ['doc_id', true], ['doc_bank', true]]);
  assert.equal(p.transitions.find((t) => t.key === 'approve').check_eligibility, true);
  assert.equal(p.transitions.find((t) => t.key === 'objection_upheld').objection_upheld, true);
  assert.deepEqual(p.classes, { stage: 'approved', rows: [] });
});

test('application: each missing document named, the ineligible refused with the rule', async () => {
  const missing = await apply('staff', eligible[0].id, { ...ALL_DOCS, doc_bank: '否', doc_dibao: '' });
  assert.equal(missing.status, 400, missing.text);
  assert.match(missing.json.error.fields.doc_bank, /缺少银行卡/);
  assert.match(missing.json.error.fields.doc_dibao, /缺少低保证/);
  assert.equal(missing.json.error.fields.doc_cert, undefined);
  const poor = await apply('staff', ineligible);
  assert.equal(poor.status, 400, poor.text);
  assert.match(poor.json.error.message, /不符合条件：须为低保户/);
  for (const [i, letter] of ['A', 'B', 'C', 'D', 'E', 'F'].entries()) {
    const c = await ok(apply(i === 0 ? 'vil' : 'staff', eligible[i].id), 201);
    assert.equal(c.stage, 'applied');
    cases[letter] = c.id;
  }
});

test('村公示: the period holds the case, an objection holds it, dismissed lets it go, upheld ends it', async () => {
  await ok(move('vil', cases.A, 'publish', '2025-03-03', { notice_days: 10 }));
  for (const k of ['B', 'C', 'D', 'E', 'F']) await ok(move('staff', cases[k], 'publish', '2025-03-03'));
  // Too early: 7 days from 03-03 end on 03-09; 03-10 is the first day it may go.
  const early = await move('staff', cases.B, 'submit', '2025-03-09');
  assert.equal(early.status, 400, early.text);
  assert.match(early.json.error.message, /“村公示”期未满：自2025-03-03起7天，2025-03-10起才能办理“乡镇上报”/);
  const longer = await move('staff', cases.A, 'submit', '2025-03-12');
  assert.match(longer.json.error.message, /2025-03-13起/);
  // The notice list of A's village: masked ID numbers, nothing else personal.
  const list = await ok(api('GET', `/api/v1/programs/${CODE}/notice?village=${eligible[0].village}&year=${YEAR}`, 'town'));
  const a = list.items.find((x) => x.case_id === cases.A);
  assert.ok(a, list.text);
  assert.equal(a.id_number, `${eligible[0].id_number.slice(0, 6)}********${eligible[0].id_number.slice(14)}`);
  assert.equal(a.from, '2025-03-03');
  assert.equal(a.until, '2025-03-12');
  assert.equal(list.show_disability, false);
  assert.deepEqual(Object.keys(a).sort(), ['case_id', 'from', 'id_number', 'name', 'project', 'until', 'village_name']);
  const page = await (await get(`/projects/${CODE}/notice?village=${eligible[0].village}&year=${YEAR}`, cookies.town)).text();
  assert.match(page, /公示名单/);
  assert.ok(page.includes(a.id_number));
  assert.ok(!page.includes(eligible[0].id_number), 'the full ID number is not on the notice');

  // C: an objection, then dismissed.
  const withObj = await ok(api('POST', `/api/v1/cases/${cases.C}/objections`, 'staff',
    { objector: '张三', content: '家中有车辆', date: '2025-03-05' }), 201);
  const oc = withObj.objections[0];
  assert.equal(oc.resolution, 'open');
  const held = await move('staff', cases.C, 'submit', '2025-03-12');
  assert.equal(held.status, 400);
  assert.match(held.json.error.message, /有1条异议尚未处理/);
  const outside = await api('POST', `/api/v1/cases/${cases.A}/objections/999999/resolve`, 'vil',
    { resolution: 'dismissed', date: '2025-03-08', remark: '村里处理' });
  assert.equal(outside.status, 403, outside.text); // a village cadre records, the township or county resolves
  const noReason = await api('POST', `/api/v1/cases/${cases.C}/objections/${oc.id}/resolve`, 'staff',
    { resolution: 'dismissed', date: '2025-03-08' });
  assert.equal(noReason.status, 400);
  assert.ok(noReason.json.error.fields.remark);
  const dismissed = await ok(api('POST', `/api/v1/cases/${cases.C}/objections/${oc.id}/resolve`, 'staff',
    { resolution: 'dismissed', date: '2025-03-08', remark: '经核实车辆为他人所有' }));
  assert.equal(dismissed.objections[0].resolution, 'dismissed');
  assert.equal(dismissed.stage, 'in_notice');
  const again = await api('POST', `/api/v1/cases/${cases.C}/objections/${oc.id}/resolve`, 'staff',
    { resolution: 'upheld', date: '2025-03-08', remark: '再处理' });
  assert.equal(again.status, 400);
  assert.match(again.json.error.message, /已经处理过/);

  // D: an objection entered on the case page's form, upheld: the case ends as 不予通过 through an event.
  const casePage = await (await get(`/cases/${cases.D}`, cookies.boss)).text();
  assert.match(casePage, /公示异议/);
  const rec = await post(`/cases/${cases.D}/objections`,
    { csrf: csrfOf(casePage), objector: '李四', content: '实际不在本村居住', date: '2025-03-06' }, cookies.boss);
  assert.equal(rec.status, 303, await rec.text());
  const od = Number(sql(`SELECT id FROM case_objection WHERE case_id = ${cases.D}`));
  const upheld = await ok(api('POST', `/api/v1/cases/${cases.D}/objections/${od}/resolve`, 'staff',
    { resolution: 'upheld', date: '2025-03-09', remark: '经村委会核实长期在外地居住' }));
  assert.equal(upheld.stage, 'rejected');
  assert.equal(upheld.open, false);
  const last = upheld.events[upheld.events.length - 1];
  assert.equal(last.transition, 'objection_upheld');
  assert.equal(last.remark, '经村委会核实长期在外地居住');
  assert.equal(upheld.objections[0].resolution, 'upheld');
  assert.equal(upheld.objections[0].resolved_by, 'staff');
});

test('乡镇上报 by batch after the period; A on its own longer period', async () => {
  const body = await batch(cookies.boss, 'submit', [cases.B, cases.C, cases.E, cases.F], '2025-03-10');
  assert.match(body, /已保存 4 人，0 人有误/);
  await ok(move('town', cases.A, 'submit', '2025-03-13'));
  const stages = sql(`SELECT stage FROM program_case WHERE id IN (${[cases.A, cases.B, cases.C, cases.E, cases.F].join(',')})`);
  assert.deepEqual(stages.split('\n'), Array(5).fill('submitted'));
});

test('县残联审核: on site and at home with reviewer, date and finding; a return to the township with a reason', async () => {
  const incomplete = await move('staff', cases.A, 'review_pass', '2025-03-20', { review_method: 'onsite' });
  assert.equal(incomplete.status, 400);
  assert.ok(incomplete.json.error.fields.reviewer);
  const review = (m) => ({ review_method: m, reviewer: '王审核', review_date: '2025-03-20', finding: '情况属实' });
  await ok(move('staff', cases.A, 'review_pass', '', review('onsite')));
  await ok(move('staff', cases.B, 'review_pass', '', review('home')));
  await ok(move('staff', cases.C, 'review_pass', '', review('onsite')));
  await ok(move('staff', cases.F, 'review_pass', '', review('onsite')));
  const noReason = await move('staff', cases.E, 'review_return', '2025-03-20');
  assert.equal(noReason.status, 400);
  assert.ok(noReason.json.error.fields.remark);
  await ok(move('staff', cases.E, 'review_return', '2025-03-20', {}, '缺少户口簿复印件'));
  await ok(move('staff', cases.E, 'resubmit', '2025-03-22'));
  await ok(move('staff', cases.E, 'review_pass', '', { ...review('home'), review_date: '2025-03-25' }));
  const p = await ok(api('GET', `/api/v1/programs/${CODE}?year=${YEAR}`, 'staff'));
  assert.equal(p.counts.county['metric:home_review'], 2);
});

test('审批 by batch: archive numbers unique and in order, the approved by hukou and age group', async () => {
  await ok(move('staff', cases.F, 'approve_reject', '2025-04-01', {}, '家庭收入超过标准'));
  const order = [cases.C, cases.A, cases.E, cases.B];
  const body = await batch(cookies.boss, 'approve', order, '2025-04-01');
  assert.match(body, /已保存 4 人，0 人有误/);
  const numbers = sql(`SELECT archive_no FROM case_archive ORDER BY case_id`).split('\n');
  assert.equal(numbers.length, 4);
  assert.equal(new Set(numbers).size, 4);
  for (const n of numbers) assert.match(n, /^3416992025\d{6}$/);
  assert.deepEqual(numbers.map((n) => Number(n.slice(-6))).sort(), [1, 2, 3, 4]);
  const a = await ok(api('GET', `/api/v1/cases/${cases.A}`, 'staff'));
  assert.equal(a.stage, 'approved');
  assert.equal(a.open, true);
  assert.ok(numbers.includes(a.archive_no));
  const approvedBy = a.events[a.events.length - 1];
  assert.equal(approvedBy.user, 'boss');
  assert.equal(approvedBy.date, '2025-04-01');
  // The case page and the person page show it.
  assert.ok((await (await get(`/cases/${cases.A}`, cookies.boss)).text()).includes(a.archive_no));
  assert.ok((await (await get(`/persons/${eligible[0].id}`, cookies.boss)).text()).includes(a.archive_no));
  // Classes: the persons' hukou and age on 2025-04-01.
  const expect = {};
  for (const i of [0, 1, 2, 4]) {
    const b = eligible[i].birth;
    const age = 2025 - Number(b.slice(0, 4)) - ('04-01' < b.slice(5) ? 1 : 0);
    const key = `${eligible[i].hukou}:${age < 18 ? 0 : age < 60 ? 1 : 2}`;
    expect[key] = (expect[key] || 0) + 1;
  }
  const p = await ok(api('GET', `/api/v1/programs/${CODE}?year=${YEAR}`, 'staff'));
  const got = {};
  for (const r of p.classes.rows) got[`${r.hukou}:${r.age_group}`] = r.n;
  assert.deepEqual(got, expect);
  assert.equal(p.target.achieved, 4);
  const page = await (await get(`/projects/${CODE}?year=${YEAR}`, cookies.boss)).text();
  assert.match(page, /审批通过人员分类（按户口性质和年龄段）/);
  assert.match(page, /公示名单/);
});

test('suspension, resumption and stopping: the archive number stays, a stopped case takes nothing more', async () => {
  const before = (await ok(api('GET', `/api/v1/cases/${cases.A}`, 'staff'))).archive_no;
  const noReason = await move('staff', cases.A, 'suspend', '2025-05-01');
  assert.equal(noReason.status, 400);
  await ok(move('staff', cases.A, 'suspend', '2025-05-01', {}, '银行卡冻结'));
  const resumed = await ok(move('staff', cases.A, 'resume', '2025-05-20', {}, '已换新卡'));
  assert.equal(resumed.stage, 'approved');
  assert.equal(resumed.archive_no, before);
  assert.equal(Number(sql(`SELECT count(*) FROM case_archive WHERE case_id = ${cases.A}`)), 1);
  const stopped = await ok(move('staff', cases.B, 'stop', '2025-06-01', { stop_reason: 'death' }));
  assert.equal(stopped.stage, 'stopped');
  assert.equal(stopped.open, false);
  const after = await move('staff', cases.B, 'suspend', '2025-06-02', {}, '试一下');
  assert.equal(after.status, 400);
  assert.match(after.json.error.message, /个案已结束/);
  const p = await ok(api('GET', `/api/v1/programs/${CODE}?year=${YEAR}`, 'staff'));
  assert.equal(p.counts.county['metric:stopped_death'], 1);
  assert.equal(p.counts.county['metric:suspended'], 1);
});

test('申请审批表: the form of an approved case as a PDF with the CJK font embedded, logged as a viewing', async () => {
  const { spawnSync } = require('node:child_process');
  const page = await (await get(`/cases/${cases.A}`, cookies.boss)).text();
  assert.match(page, new RegExp(`href="/cases/${cases.A}/form\\.pdf">打印申请审批表（PDF）`));
  const res = await get(`/cases/${cases.A}/form.pdf`, cookies.boss);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const pdf = Buffer.from(await res.arrayBuffer());
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
  const file = path.join(dir, 'form.pdf');
  fs.writeFileSync(file, pdf);
  const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' });
  assert.equal(fonts.status, 0, fonts.stderr);
  assert.match(fonts.stdout, /NotoS(ans|erif)CJK/i);
  const [name, idNumber] = sql(`SELECT name, id_number FROM person WHERE id = ${eligible[0].id}`).split('|');
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.equal(text.status, 0, text.stderr);
  for (const s of [name, idNumber, '申请审批表', '县残联审核意见', '审批意见（盖章）']) assert.ok(text.stdout.includes(s), s);
  assert.match(text.stdout, /第\s*1\s*页\s*共\s*\d+\s*页/);
  // The first page drawn is not blank: a white A4 page at 30 dpi is a PNG of under 1 kB.
  const png = spawnSync('pdftoppm', ['-png', '-r', '30', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'form')]);
  assert.equal(png.status, 0, String(png.stderr));
  assert.ok(fs.statSync(path.join(dir, 'form.png')).size > 4000);
  assert.equal(Number(sql(`SELECT count(*) FROM operation_log WHERE action = '打印申请审批表' AND target = 'case:${cases.A}'`)), 1);
});
