// 就业保障金 (the employment security fund) through the API and the pages, on the demo county with
// the day pinned to 2024-10-31: the county's average wage of 2024 set, an employer refused for a
// credit code whose check character is wrong (400, the message naming the field and the rule), the
// report's three employers registered (1,000,000.00 yuan due by the formula), collections that sum
// to 800,000.00 yuan by October (one of them a mistake corrected by a negative entry), 减免 set and
// removed, a lost update refused, the progress by township that the targets read, township users
// and leaders refused every write (and a township user seeing only its township), hospitals
// refused everything, the new-employer form showing its reasons under the fields, the .xlsx export,
// and the operation log.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { PASSWORD, tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange } = require('./helpers');

const YEAR = 2024;
const TOWNSHIP1 = '341699001000'; // 青禾镇
const VILLAGE1 = '341699001001';
const TOWNSHIP2 = '341699002000'; // 望川镇
const VILLAGE3 = '341699002001';

let db;
let srv;
const tokens = {};

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

async function api(who, method, p, body) {
  const res = await fetch(`${srv.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString('utf8');
  return { status: res.status, headers: res.headers, buf, text, json: text.startsWith('{') ? JSON.parse(text) : null };
}

before(async () => {
  const dir = tmpdir();
  db = path.join(dir, 'county.db');
  const r = huimin(['demo', '--persons', '20', '--seed', '3']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const users = [['office', 'county_staff'], ['qinghe', 'township', TOWNSHIP1], ['wangchuan', 'township', TOWNSHIP2],
    ['chief', 'leader'], ['clinic', 'hospital']];
  for (const [name, role, division] of users) {
    const add = huimin(['user', 'add', name, '--role', role, ...(division ? ['--division', division] : []), '--password-stdin'],
      `${PASSWORD}\n`);
    assert.equal(add.status, 0, add.stdout + add.stderr);
    tokens[name] = huimin(['user', 'token', name]).stdout.trim().split('\n').pop();
  }
  srv = await startServer(db, [], ['--today', '2024-10-31']);
});

after(async () => {
  if (srv) await srv.stop();
});

// The report's employers: due (500 x 1.5% - 0) x 80,000 = 600,000; (100 x 1.5% - 1) x 80,000 = 40,000;
// (300 x 1.5% - 0) x 80,000 = 360,000: 1,000,000.00 yuan for the year.
const EMPLOYERS = [
  { credit_code: '91341699ma2tq7k817', name: '示范县青禾纺织有限公司', division: VILLAGE1, employees: 500, disabled_employees: 0 },
  { credit_code: '52341699MA2W1BCD78', name: '青禾镇民办职业学校', division: TOWNSHIP1, employees: '100', disabled_employees: '1' },
  { credit_code: '93341699MA8P5RF03L', name: '望川果蔬专业合作社', division: VILLAGE3, employees: 300, disabled_employees: 0,
    contact: '周主任', phone: '13800001234', address: '望川镇王庄村' },
];

test('the fund of a year: register, collect, correct, progress', { timeout: 60000 }, async () => {
  // No wage yet: nothing is due.
  const before0 = await api('office', 'GET', `/api/v1/levy/years/${YEAR}`);
  assert.equal(before0.status, 200, before0.text);
  assert.equal(before0.json.set, false);

  const wage = await api('office', 'PUT', `/api/v1/levy/years/${YEAR}`, { avg_wage: '80,000.00' });
  assert.equal(wage.status, 200, wage.text);
  assert.equal(wage.json.avg_wage_fen, 8000000);
  assert.equal(wage.json.ratio, '1.5%');
  const badWage = await api('office', 'PUT', `/api/v1/levy/years/${YEAR}`, { avg_wage: 80000 });
  assert.equal(badWage.status, 400);
  assert.match(badWage.json.error.message, /^在职职工年平均工资：金额应为元的文字/);

  // A credit code with a wrong check character: 400, the message naming the field and the rule.
  const bad = await api('office', 'POST', '/api/v1/enterprises', { ...EMPLOYERS[0], year: YEAR, credit_code: '91341699MA2TQ7K818' });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.code, 'invalid');
  assert.equal(bad.json.error.message, '统一社会信用代码：校验码错误：按前17位计算，第18位应为7（现在是8）');
  assert.equal(bad.json.error.fields.credit_code, '校验码错误：按前17位计算，第18位应为7（现在是8）');
  const bad2 = await api('office', 'POST', '/api/v1/enterprises', { ...EMPLOYERS[0], year: YEAR, credit_code: '91341699MA2TO7K817', disabled_employees: 501 });
  assert.equal(bad2.status, 400);
  assert.match(bad2.json.error.fields.credit_code, /第13位“O”不是代码用字/);
  assert.equal(bad2.json.error.fields.disabled_employees, '不能多于在职职工人数（500人）');
  assert.equal(sql('SELECT count(*) FROM levy_enterprise'), '0');

  const ids = [];
  for (const e of EMPLOYERS) {
    const r = await api('office', 'POST', '/api/v1/enterprises', { ...e, year: YEAR });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  const [a, b, c] = ids;
  const first = await api('office', 'GET', `/api/v1/enterprises/${a}?year=${YEAR}`);
  assert.equal(first.json.credit_code, '91341699MA2TQ7K817'); // upper-cased
  assert.equal(first.json.township, TOWNSHIP1);
  assert.equal(first.json.account.due_fen, 60000000);
  assert.equal(first.json.account.formula, '600000.00');
  const dup = await api('office', 'POST', '/api/v1/enterprises', { ...EMPLOYERS[2], name: '重复' });
  assert.equal(dup.status, 400);
  assert.match(dup.json.error.message, /^统一社会信用代码：该统一社会信用代码已登记（望川果蔬专业合作社）/);

  // Collections by October: 500,000 + 40,000 + 260,000 = 800,000.00, with one mistake corrected.
  const pay = (id, body) => api('office', 'POST', `/api/v1/enterprises/${id}/collections`, { year: YEAR, ...body });
  let r = await pay(a, { date: '2024-05-10', amount: '500,000.00', receipt: 'SB2024-0001' });
  assert.equal(r.status, 201, r.text);
  r = await pay(b, { date: '2024-06-10', amount: '4,000.00', receipt: 'SB2024-0002' });
  assert.equal(r.status, 201, r.text);
  const wrong = r.json.id;
  // The receipt again: refused.
  r = await pay(c, { date: '2024-06-11', amount: '1.00', receipt: 'sb2024-0002' });
  assert.equal(r.status, 400);
  assert.match(r.json.error.fields.receipt, /该票据号已登记过（青禾镇民办职业学校，4,000.00元/);
  // A correction without a reason, then beyond the entry: refused.
  r = await pay(b, { date: '2024-06-12', amount: '-4,000.00', corrects: wrong });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.fields.reason, '冲减（负数）记录须写明更正原因');
  r = await pay(b, { date: '2024-06-12', amount: '-4,000.01', corrects: wrong, reason: '金额少录一个0' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.fields.amount, '冲减金额超过了原记录尚未冲减的4,000.00元');
  r = await pay(b, { date: '2024-06-12', amount: '-4,000.00', corrects: wrong, reason: '金额少录一个0' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.account.collected_fen, 0);
  r = await pay(b, { date: '2024-06-12', amount: '40,000.00', receipt: 'SB2024-0002' }); // the same receipt, now free
  assert.equal(r.status, 201, r.text);
  r = await pay(c, { date: '2024-09-30', amount: '260000', receipt: 'SB2024-0003' });
  assert.equal(r.status, 201, r.text);
  // Amounts as JSON numbers, dates after today: refused.
  r = await pay(c, { date: '2024-11-01', amount: 1 });
  assert.equal(r.status, 400);
  r = await pay(c, { date: '2024-11-01', amount: '1', receipt: 'X' });
  assert.equal(r.json.error.fields.date, '不能晚于今天（2024-10-31）');
  // Collections never change, also around huimin's API: there is no route for it.
  const put = await fetch(`${srv.url}/api/v1/enterprises/${b}/collections`, { method: 'PUT', headers: { authorization: `Bearer ${tokens.office}` } });
  assert.equal(put.status, 404);

  const list = await api('office', 'GET', `/api/v1/enterprises?year=${YEAR}`);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.items.length, 3);
  assert.equal(list.json.totals.due_fen, 100000000);
  assert.equal(list.json.totals.collected_fen, 80000000);
  assert.equal(list.json.totals.collected, '800000.00');
  assert.equal(list.json.totals.collected_wan, '80万元');
  assert.equal(list.json.totals.outstanding_fen, 20000000);
  assert.equal(list.json.totals.owing, 2);
  const owing = await api('office', 'GET', `/api/v1/enterprises?year=${YEAR}&owing=1`);
  assert.deepEqual(owing.json.items.map((e) => e.id).sort(), [a, c].sort());
  assert.equal(sql(`SELECT sum(amount) FROM levy_collection WHERE year = ${YEAR}`), '80000000');

  // The progress by township (levy_progress), as the targets read it.
  const progress = await api('office', 'GET', `/api/v1/levy/years/${YEAR}`);
  assert.equal(progress.status, 200, progress.text);
  const town = Object.fromEntries(progress.json.townships.map((t) => [t.code, t]));
  assert.equal(town[TOWNSHIP1].collected_fen, 54000000);
  assert.equal(town[TOWNSHIP1].due_fen, 64000000);
  assert.equal(town[TOWNSHIP1].enterprises, 2);
  assert.equal(town[TOWNSHIP2].collected_fen, 26000000);
  assert.equal(town[TOWNSHIP2].due_fen, 36000000);
  assert.equal(town[TOWNSHIP2].enterprises, 1);
  assert.equal(progress.json.totals.collected_fen, 80000000);
  assert.equal(progress.json.townships.filter((t) => t.collected_fen).length, 2);

  // 减免 below the formula, then removed.
  r = await api('office', 'POST', `/api/v1/enterprises/${c}/override`, { year: YEAR, kind: 'reduced', amount: '400000', reason: 'x' });
  assert.equal(r.status, 400);
  assert.match(r.json.error.fields.amount, /不能高于按公式计算的360,000.00元/);
  r = await api('office', 'POST', `/api/v1/enterprises/${c}/override`, { year: YEAR, kind: '减免', amount: '260,000.00', reason: '受灾减免，县政府〔2024〕12号' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.account.due_fen, 26000000);
  assert.equal(r.json.account.outstanding_fen, 0);
  assert.equal(r.json.account.override.label, '减免');
  r = await api('office', 'POST', `/api/v1/enterprises/${c}/override`, { year: YEAR, kind: 'none' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.account.due_fen, 36000000);

  // A change from an old rev: 409; from the current one: saved.
  const cur = await api('office', 'GET', `/api/v1/enterprises/${c}?year=${YEAR}`);
  r = await api('office', 'PUT', `/api/v1/enterprises/${c}`, { contact: '吴会计', rev: cur.json.rev });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.contact, '吴会计');
  r = await api('office', 'PUT', `/api/v1/enterprises/${c}`, { contact: '旧表单', rev: cur.json.rev });
  assert.equal(r.status, 409);
  r = await api('office', 'PUT', `/api/v1/enterprises/${c}`, { credit_code: '93341699MA8P5RF03X' });
  assert.equal(r.status, 400);
  assert.match(r.json.error.message, /^统一社会信用代码：校验码错误/);

  // The operation log has each change; the phone never in full.
  const ops = sql(`SELECT action FROM operation_log WHERE module = '就业保障金' ORDER BY id`).split('\n');
  for (const action of ['设定年平均工资', '新增', '登记征收', '冲减更正', '减免缓缴', '取消减免缓缴', '修改'])
    assert.ok(ops.includes(action), `${action} in ${ops}`);
  assert.equal(sql(`SELECT count(*) FROM operation_log WHERE detail LIKE '%13800001234%'`), '0');
});

test('townships read their own; leaders read; hospitals see nothing; only the county writes', { timeout: 60000 }, async () => {
  const ids = sql('SELECT id FROM levy_enterprise ORDER BY id').split('\n').map(Number);
  assert.equal(ids.length, 3);
  const [a, , c] = ids;
  const mine = await api('qinghe', 'GET', `/api/v1/enterprises?year=${YEAR}`);
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.items.length, 2);
  assert.ok(mine.json.items.every((e) => e.township === TOWNSHIP1));
  assert.equal(mine.json.totals.collected_fen, 54000000);
  const theirs = await api('qinghe', 'GET', `/api/v1/enterprises/${c}`);
  assert.equal(theirs.status, 404);
  const years = await api('qinghe', 'GET', `/api/v1/levy/years/${YEAR}`);
  assert.deepEqual(years.json.townships.map((t) => t.code), [TOWNSHIP1]);

  const readOnly = '您的角色只能查看用人单位和征收情况，不能新增或修改';
  for (const who of ['qinghe', 'chief']) {
    const writes = [
      ['POST', '/api/v1/enterprises', { ...EMPLOYERS[0], credit_code: '92341699MA2N0AB1XP', year: YEAR }],
      ['PUT', `/api/v1/enterprises/${a}`, { name: '改名' }],
      ['POST', `/api/v1/enterprises/${a}/collections`, { year: YEAR, date: '2024-10-01', amount: '1.00', receipt: 'T-1' }],
      ['POST', `/api/v1/enterprises/${a}/override`, { year: YEAR, kind: 'reduced', amount: '0', reason: 'x' }],
      ['PUT', `/api/v1/levy/years/${YEAR}`, { avg_wage: '1' }],
    ];
    for (const [method, p, body] of writes) {
      const r = await api(who, method, p, body);
      assert.equal(r.status, 403, `${who} ${method} ${p}: ${r.text}`);
      assert.equal(r.json.error.message, readOnly);
    }
  }
  const lead = await api('chief', 'GET', `/api/v1/enterprises?year=${YEAR}`);
  assert.equal(lead.json.items.length, 3);
  const clinic = await api('clinic', 'GET', `/api/v1/enterprises?year=${YEAR}`);
  assert.equal(clinic.status, 403);
  assert.equal(clinic.json.error.message, '您的角色不能查看就业保障金');
  assert.equal(sql('SELECT count(*) FROM levy_enterprise'), '3');
  assert.equal(sql(`SELECT sum(amount) FROM levy_collection`), '80000000');

  // The pages: a township user reads without the forms and may not post; the county staff's form
  // shows each reason under its field and keeps what was typed.
  const { get, post } = client(srv);
  const township = await loginWithChange(srv, 'wangchuan');
  let page = await get(`/levy?year=${YEAR}`, township);
  let html = await page.text();
  assert.equal(page.status, 200);
  assert.match(html, /望川果蔬专业合作社/);
  assert.doesNotMatch(html, /青禾纺织/);
  assert.doesNotMatch(html, /新增用人单位|保存本年度工资标准/);
  assert.match(html, /href="\/levy" aria-current="page">就业保障金/);
  const refused = await post('/levy/new', { csrf: csrfOf(html), name: 'x' }, township);
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /您的角色只能查看用人单位和征收情况/);

  const staff = await loginWithChange(srv, 'office');
  html = await (await get(`/levy/new?year=${YEAR}`, staff)).text();
  page = await post('/levy/new', {
    csrf: csrfOf(html), year: String(YEAR), credit_code: '92341699MA2N0AB1XQ', name: '王庄便民超市', division: VILLAGE1,
    address: '', contact: '', phone: '0551', employees: '12', disabled_employees: '',
  }, staff);
  assert.equal(page.status, 200);
  html = await page.text();
  assert.match(html, /<p class="field-error" id="e-credit_code">校验码错误：按前17位计算，第18位应为P（现在是Q）<\/p>/);
  assert.match(html, /<p class="field-error" id="e-phone">应为手机号码或固定电话/);
  assert.match(html, /id="f-name" name="name"[^>]*value="王庄便民超市"/);
  assert.match(html, /有 2 项填写有误/);
  page = await post('/levy/new', {
    csrf: csrfOf(html), year: String(YEAR), credit_code: '92341699MA2N0AB1XP', name: '王庄便民超市', division: VILLAGE1,
    address: '', contact: '', phone: '', employees: '12', disabled_employees: '',
  }, staff);
  assert.equal(page.status, 303);
  assert.match(page.headers.get('location'), /^\/levy\/\d+\?year=2024&done=saved$/);
  html = await (await get(page.headers.get('location'), staff)).text();
  assert.match(html, /保存成功/);
  assert.match(html, /（12 × 1.5% − 0）× 80,000.00 = 14,400.00 元/);

  // The export: the list as .xlsx, logged.
  const x = await get(`/levy/export.xlsx?year=${YEAR}&township=${TOWNSHIP1}`, staff);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  assert.equal(sql(`SELECT count(*) FROM operation_log WHERE module = '就业保障金' AND action = '导出'`), '1');
});
