// Spreadsheets people read (docs/design.md "Spreadsheets"): the classified
// workbook of a project-year (a sheet per hukou and age group, within the
// user's scope, masked unless the full form is asked by a role that may),
// the training and rehabilitation lists, the registry export's title row
// that imports again; and a workbook LibreOffice opens with the dates and
// amounts as they should look.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const {
  ROOT, PASSWORD, tmpdir, startServer, huiminAt, sqlReadonly, client, loginWithChange, apiCall,
} = require('./helpers');
const { readXlsx, excelDay } = require('./xlsx');

const YEAR = 2025;
const TODAY = '2025-06-30';
const APPROVED_ON = '2025-04-01';
const CLASSES = ['城镇 0-17岁', '城镇 18-59岁', '城镇 60岁及以上', '农村 0-17岁', '农村 18-59岁', '农村 60岁及以上'];

let dir;
let db;
let srv;
let get;
const tokens = {};
const cookies = {};
let chosen; // [{ id, name, hukou, birth, idn, village, township, cls }]
let town; // a township code with approved persons

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);
const api = (who, method, p, body) => apiCall(srv, tokens[who], method, p, body);

function addUser(name, role, division) {
  const args = ['user', 'add', name, '--role', role, '--password-stdin'];
  if (division) args.push('--division', division);
  assert.equal(huimin(args, `${PASSWORD}\n`).status, 0);
  tokens[name] = huimin(['user', 'token', name]).stdout.trim().split('\n').pop();
}

// The class (0..5) of a person of hukou born on birth, on the day of approval.
function classOf(hukou, birth) {
  const age = Number(APPROVED_ON.slice(0, 4)) - Number(birth.slice(0, 4)) - (APPROVED_ON.slice(5) < birth.slice(5) ? 1 : 0);
  return (hukou - 1) * 3 + (age < 18 ? 0 : age < 60 ? 1 : 2);
}

async function download(who, p) {
  const res = await get(p, cookies[who]);
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), buf };
}

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huimin(['demo', '--persons', '1500', '--seed', '7']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  for (const code of ['assistance', 'cataract'])
    assert.equal(huimin(['program', 'load', path.join(ROOT, 'programs', `${code}.json`)]).status, 0);
  addUser('boss', 'county_admin');
  addUser('staff', 'county_staff');
  addUser('lead', 'leader');
  addUser('doc', 'hospital');
  // Up to four eligible persons of each hukou and age group.
  const rows = sql(`SELECT p.id, p.name, p.hukou, p.birth_date, p.id_number, p.village_code, t.name
    FROM person p JOIN division t ON t.code = substr(p.village_code, 1, 9) || '000'
    WHERE p.status = 1 AND p.dibao = 1 AND p.grade IN (1, 2) ORDER BY p.id`).split('\n')
    .map((l) => { const [id, name, hukou, birth, idn, village, township] = l.split('|');
      return { id: Number(id), name, hukou: Number(hukou), birth, idn, village, township }; });
  const per = new Array(6).fill(0);
  chosen = rows.filter((p) => { p.cls = classOf(p.hukou, p.birth); return per[p.cls]++ < 4; });
  assert.ok(new Set(chosen.map((p) => p.cls)).size >= 3, 'persons in at least three classes');
  town = chosen[0].village.slice(0, 9) + '000';
  addUser('town', 'township', town);
  srv = await startServer(db, [], ['--today', TODAY]);
  ({ get } = client(srv));
  for (const who of ['boss', 'town', 'lead', 'doc']) cookies[who] = await loginWithChange(srv, who);

  // Through the workflow to 审批通过, on APPROVED_ON.
  const move = async (id, transition, date, values = {}) => {
    const res = await api('staff', 'POST', `/api/v1/cases/${id}/transitions`, { transition, date, values });
    assert.equal(res.status, 200, `${transition}: ${res.text}`);
  };
  for (const p of chosen) {
    const res = await api('staff', 'POST', '/api/v1/cases', { program: 'assistance', year: YEAR, person_id: p.id,
      date: '2025-03-01', values: { doc_cert: '是', doc_dibao: '是', doc_id: '是', doc_bank: '是' } });
    assert.equal(res.status, 201, res.text);
    p.case = res.json.id;
    await move(p.case, 'publish', '2025-03-02');
    await move(p.case, 'submit', '2025-03-10');
    await move(p.case, 'review_pass', '2025-03-20', { review_method: 'onsite', reviewer: '县残联审核组',
      review_date: '2025-03-20', finding: '符合条件' });
    await move(p.case, 'approve', APPROVED_ON);
    p.archive = sql(`SELECT archive_no FROM case_archive WHERE case_id = ${p.case}`);
    assert.match(p.archive, /^\d{16}$/);
  }
});

after(async () => {
  if (srv) {
    const r = await srv.stop();
    assert.equal(r.code, 0, `exit ${r.code} ${r.signal}: ${srv.stderr()}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

// Checks the classified workbook x against the persons expected (by class); masked or not.
function checkClasses(x, expected, masked, year = YEAR) {
  assert.deepEqual(x.names, ['汇总', ...CLASSES]);
  const count = (k) => expected.filter((p) => p.cls === k).length;
  // 汇总: the counts by hukou and age group, with totals.
  const sum = x.sheets[0].rows;
  assert.match(sum[0].cells.A.v, new RegExp(`^贫困重度残疾人生活特别救助工程${year}年度审批通过人员分类汇总（按户口性质和年龄段）（导出时间：2025-06-30 \\d\\d:\\d\\d）$`));
  assert.deepEqual(Object.values(sum[1].cells).map((c) => c.v), ['户口性质', '0-17岁', '18-59岁', '60岁及以上', '合计']);
  for (const [h, label] of [[0, '城镇'], [1, '农村']]) {
    const row = sum[2 + h].cells;
    assert.equal(row.A.v, label);
    assert.deepEqual([row.B.v, row.C.v, row.D.v], [count(h * 3), count(h * 3 + 1), count(h * 3 + 2)]);
    assert.equal(row.E.v, count(h * 3) + count(h * 3 + 1) + count(h * 3 + 2));
  }
  assert.equal(sum[4].cells.E.v, expected.length);
  // A sheet per class: title, header, one row per person, dates as dates.
  for (let k = 0; k < 6; k++) {
    const rows = x.sheets[1 + k].rows;
    const want = expected.filter((p) => p.cls === k);
    assert.match(rows[0].cells.A.v, new RegExp(`审批通过人员名单（${CLASSES[k]}，${want.length}人）`));
    assert.deepEqual(Object.values(rows[1].cells).map((c) => c.v),
      ['序号', '姓名', '性别', '出生日期', '年龄', '身份证号', '乡镇', '村（社区）', '档案编号', '审批通过日期']);
    assert.match(x.sheets[1 + k].xml, /<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"\/>/);
    const data = rows.slice(2);
    assert.equal(data.length, want.length, `${CLASSES[k]}: ${data.length} rows`);
    assert.deepEqual(data.map((r) => r.cells.A.v), want.map((_, i) => i + 1));
    for (const r of data) {
      const c = r.cells;
      const p = want.find((q) => q.archive === c.I.v);
      assert.ok(p, `archive number ${c.I.v} of ${CLASSES[k]}`);
      assert.equal(c.B.v, p.name);
      assert.equal(c.C.v, Number(p.idn.slice(16, 17)) % 2 ? '男' : '女');
      assert.equal(c.D.v, excelDay(p.birth));
      assert.equal(x.formats[c.D.s], 'yyyy-mm-dd');
      assert.equal(c.J.v, excelDay(APPROVED_ON));
      assert.equal(x.formats[c.J.s], 'yyyy-mm-dd');
      assert.equal(c.E.v, classOf(p.hukou, p.birth) === k ? c.E.v : -1);
      assert.equal(c.F.v, masked ? `${p.idn.slice(0, 6)}********${p.idn.slice(14)}` : p.idn);
      assert.ok(c.F.text, 'the ID number is text');
      assert.equal(c.G.v, p.township);
    }
  }
}

test('the classified workbook: a sheet per class, masked, scoped, logged; the full form for those who may', async () => {
  // The project page links it under its classification table.
  const page = await (await get(`/projects/assistance?year=${YEAR}`, cookies.boss)).text();
  assert.match(page, /href="\/projects\/assistance\/classes\.xlsx\?year=2025">导出分类名单（Excel）<\/a>/);
  assert.match(page, /href="\/projects\/assistance\/classes\.xlsx\?year=2025&amp;full=1">含完整身份证号<\/a>/);

  const res = await download('boss', `/projects/assistance/classes.xlsx?year=${YEAR}`);
  assert.equal(res.status, 200);
  assert.equal(res.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const x = readXlsx(res.buf);
  checkClasses(x, chosen, true);
  // The same figures as the project's JSON (the page's table).
  const json = await api('staff', 'GET', `/api/v1/programs/assistance?year=${YEAR}`);
  const fromJson = json.json.classes.rows.reduce((n, r) => n + r.n, 0);
  assert.equal(fromJson, chosen.length);

  // The full form: logged as such.
  const full = readXlsx((await download('boss', `/projects/assistance/classes.xlsx?year=${YEAR}&full=1`)).buf);
  checkClasses(full, chosen, false);
  const log = sql(`SELECT user_name || '|' || detail FROM operation_log WHERE action = '导出' AND target = 'program:assistance'
    ORDER BY id`).split('\n');
  assert.equal(log.length, 2);
  assert.match(log[0], new RegExp(`^boss\\|\\{"year":2025,"classes":6,"rows":${chosen.length},"masked":true\\}$`));
  assert.match(log[1], /"masked":false/);

  // A township sees its own persons only; a leader may not have the full form (masked all the same).
  const mine = chosen.filter((p) => p.village.startsWith(town.slice(0, 9)));
  checkClasses(readXlsx((await download('town', `/projects/assistance/classes.xlsx?year=${YEAR}`)).buf), mine, true);
  checkClasses(readXlsx((await download('lead', `/projects/assistance/classes.xlsx?year=${YEAR}&full=1`)).buf), chosen, true);
  // The API with a token gives the same workbook.
  const viaApi = await fetch(`${srv.url}/api/v1/programs/assistance/classes.xlsx?year=${YEAR}`,
    { headers: { authorization: `Bearer ${tokens.staff}` } });
  assert.equal(viaApi.status, 200);
  checkClasses(readXlsx(Buffer.from(await viaApi.arrayBuffer())), chosen, true);

  // Refusals: a hospital, a project without an archive stage, a year that is none; another year is empty.
  assert.equal((await download('doc', `/projects/assistance/classes.xlsx?year=${YEAR}`)).status, 403);
  assert.equal((await download('boss', `/projects/cataract/classes.xlsx?year=${YEAR}`)).status, 404);
  assert.equal((await download('boss', '/projects/assistance/classes.xlsx?year=20x5')).status, 400);
  const bad = await api('staff', 'GET', '/api/v1/programs/assistance/classes.xlsx?year=1');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'bad_request');
  checkClasses(readXlsx((await download('boss', '/projects/assistance/classes.xlsx?year=2024')).buf), [], true, 2024);
});

test('LibreOffice opens the workbook: every sheet, dates as yyyy-mm-dd', () => {
  const file = path.join(dir, 'classes.xlsx');
  const out = path.join(dir, 'lo');
  fs.mkdirSync(out);
  return download('boss', `/projects/assistance/classes.xlsx?year=${YEAR}`).then((res) => {
    fs.writeFileSync(file, res.buf);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'huimin-lo-'));
    // CSV in UTF-8, cells as shown, every sheet to a file of its own.
    const r = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore',
      '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
      '--outdir', out, file], { encoding: 'utf8', timeout: 180000 });
    fs.rmSync(profile, { recursive: true, force: true });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    for (const name of ['汇总', ...CLASSES]) assert.ok(fs.existsSync(path.join(out, `classes-${name}.csv`)), name);
    const k = chosen[0].cls;
    const lines = fs.readFileSync(path.join(out, `classes-${CLASSES[k]}.csv`), 'utf8').trim().split('\n');
    assert.match(lines[0], /审批通过人员名单/);
    assert.match(lines[1], /^序号,姓名,性别,出生日期,年龄,身份证号/);
    const p = chosen.filter((q) => q.cls === k);
    assert.equal(lines.length, 2 + p.length);
    assert.ok(lines.slice(2).some((l) => l.includes(`,${p[0].birth},`) && l.includes(`${p[0].archive},${APPROVED_ON}`)),
      lines.join('\n'));
  });
});

test('training and rehabilitation lists as .xlsx: a workbook of classes and trainees, the services of the filters', async () => {
  const made = await api('staff', 'POST', '/api/v1/training', { year: 2025, kind: '就业培训', name: '2025年电商培训班',
    start_date: '2025-05-06', end_date: '2025-05-20', place: '县残联培训中心', support: '1,200.50' });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  for (const p of chosen.slice(0, 3))
    assert.equal((await api('staff', 'POST', `/api/v1/training/${id}/trainees`, { person_id: p.id })).status, 201);
  const list = await (await get('/training?year=2025', cookies.boss)).text();
  assert.match(list, /href="\/training\/export\?year=2025">导出 Excel<\/a>/);
  const res = await download('boss', '/training/export?year=2025');
  assert.equal(res.status, 200);
  const x = readXlsx(res.buf);
  assert.deepEqual(x.names, ['培训班', '学员名单']);
  const classes = x.sheets[0].rows;
  assert.match(classes[0].cells.A.v, /^2025年度培训班（导出时间：/);
  const row = classes[2].cells;
  assert.equal(row.A.v, '2025年电商培训班');
  assert.equal(row.C.v, excelDay('2025-05-06'));
  assert.equal(x.formats[row.C.s], 'yyyy-mm-dd');
  assert.equal(row.F.v, 1200.5);
  assert.equal(x.formats[row.F.s], '#,##0.00');
  assert.equal(row.G.v, 3);
  assert.equal(row.H.v, 3601.5);
  assert.equal(classes[3].cells.A.v, '合计 1 期');
  assert.equal(classes[3].cells.H.v, 3601.5);
  const trainees = x.sheets[1].rows.slice(2);
  assert.equal(trainees.length, 3);
  assert.deepEqual(trainees.map((r) => r.cells.C.v).sort(), chosen.slice(0, 3).map((p) => p.name).sort());
  assert.ok(trainees.every((r) => /^\d{6}\*{8}\d{3}[\dX]$/.test(r.cells.E.v)));
  // One class's list.
  const one = readXlsx((await download('boss', `/training/${id}/export`)).buf);
  assert.deepEqual(one.names, ['学员名单']);
  assert.match(one.sheets[0].rows[0].cells.A.v, /^2025年电商培训班学员名单/);
  assert.equal(one.sheets[0].rows.length, 2 + 3);
  assert.equal(one.sheets[0].rows[1].cells.A.v, '序号');

  // Rehabilitation services: the list's filters, every page.
  for (const [p, date] of [[chosen[0], '2025-03-01'], [chosen[1], '2025-04-02'], [chosen[2], '2024-12-01']]) {
    const r = await api('staff', 'POST', '/api/v1/rehab', { person_id: p.id, kind: '康复训练', provider: '县康复中心', date });
    assert.equal(r.status, 201, r.text);
  }
  const rl = await (await get('/rehab?year=2025', cookies.boss)).text();
  assert.match(rl, /href="\/rehab\/export\?year=2025&amp;township=&amp;kind=">导出 Excel<\/a>/);
  const rx = readXlsx((await download('boss', '/rehab/export?year=2025&township=&kind=')).buf);
  assert.match(rx.sheets[0].rows[0].cells.A.v, /^2025年度康复服务（导出时间：/);
  const services = rx.sheets[0].rows.slice(2);
  assert.equal(services.length, 2);
  assert.deepEqual(services.map((r) => r.cells.A.v).sort(), [excelDay('2025-03-01'), excelDay('2025-04-02')]);
  assert.equal((await download('doc', '/rehab/export?year=2025')).status, 403);
  const logged = sql("SELECT count(*) FROM operation_log WHERE action = '导出' AND target IN ('training', 'rehab') OR target LIKE 'training:%' AND action = '导出'");
  assert.equal(Number(logged), 3);
});

test('the registry export has a title in .xlsx only, and imports again', async () => {
  const res = await download('boss', '/persons/export?format=xlsx&township=' + town);
  assert.equal(res.status, 200);
  const x = readXlsx(res.buf);
  const rows = x.sheets[0].rows;
  assert.match(rows[0].cells.A.v, /^残疾人花名册（导出时间：2025-06-30 \d\d:\d\d）$/);
  assert.equal(rows[1].cells.A.v, '姓名');
  assert.match(x.sheets[0].xml, /<pane ySplit="2"/);
  const csv = (await download('boss', '/persons/export?format=csv&township=' + town)).buf.toString('utf8');
  assert.match(csv, /^\uFEFF姓名,性别,身份证号/);
  // The full .xlsx imports again: the title row is skipped, every row updates its person, nothing is rejected.
  const full = await download('boss', `/persons/export?format=xlsx&full=1&township=${town}`);
  const n = readXlsx(full.buf).sheets[0].rows.length - 2;
  assert.ok(n > 0);
  const imported = await upload('boss', 'roster.xlsx', full.buf);
  assert.equal(imported.status, 200, JSON.stringify(imported.json));
  assert.deepEqual([imported.json.inserted, imported.json.updated, imported.json.rejected], [0, n, 0]);
  // The error list of an import: a title, the row number a number.
  const bad = await upload('boss', 'bad.csv', Buffer.from('\uFEFF姓名,身份证号,户口性质,乡镇,村\r\n张三,123,农村,x,y\r\n'));
  assert.equal(bad.json.rejected, 1);
  const errs = readXlsx((await download('boss', bad.json.errors_xlsx)).buf).sheets[0].rows;
  assert.match(errs[0].cells.A.v, new RegExp(`^花名册导入错误清单（第${bad.json.job}次导入）（导出时间：`));
  assert.deepEqual(Object.values(errs[1].cells).map((c) => c.v), ['行号', '列', '问题']);
  assert.equal(errs[2].cells.A.v, 2);
  assert.ok(!errs[2].cells.A.text);
});

async function upload(who, name, content) {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  form.append('valid_only', '1');
  form.append('update_existing', '1');
  const res = await fetch(`${srv.url}/api/v1/persons/import`, {
    method: 'POST', headers: { authorization: `Bearer ${tokens[who]}` }, body: form,
  });
  return { status: res.status, json: await res.json() };
}

test('发放明细 as .xlsx: every line within scope, masked, with a 合计 row', async () => {
  for (const [hukou, amount] of [[1, '600.00'], [2, '360.00']])
    assert.equal((await api('boss', 'POST', '/api/v1/payments/standards', { program: 'assistance', year: YEAR, hukou, amount })).status, 200);
  assert.equal((await api('boss', 'POST', '/api/v1/payments/budget', { program: 'assistance', year: YEAR, amount: '100,000.00' })).status, 200);
  const built = await api('staff', 'POST', '/api/v1/payments', { program: 'assistance', year: YEAR, period: '2025-H1',
    payable_stage: 'approved', stop_stages: ['stopped', 'suspended'] });
  assert.equal(built.status, 201, built.text);
  assert.ok(built.json.lines > 0);
  const page = await (await get(`/projects/assistance/payments/lines?year=${YEAR}`, cookies.boss)).text();
  assert.match(page, /href="\/projects\/assistance\/payments\/lines\/export\?year=2025">导出 Excel<\/a>/);
  const x = readXlsx((await download('boss', `/projects/assistance/payments/lines/export?year=${YEAR}`)).buf);
  const rows = x.sheets[0].rows;
  assert.match(rows[0].cells.A.v, /^贫困重度残疾人生活特别救助工程2025年度发放明细（导出时间：/);
  const lines = rows.slice(2, -1);
  assert.equal(lines.length, built.json.lines);
  assert.ok(lines.every((r) => /^\d{6}\*{8}\d{3}[\dX]$/.test(r.cells.E.v) && x.formats[r.cells.I.s] === '#,##0.00'));
  assert.ok(lines.every((r) => r.cells.I.v === 600 || r.cells.I.v === 360));
  const total = rows[rows.length - 1].cells;
  assert.equal(total.A.v, `合计 ${built.json.lines} 人`);
  assert.equal(Math.round(total.I.v * 100), built.json.total_fen);
});
