// The cataract project in the browser, on a county whose day is pinned (--today): a township operator
// passes several persons' pre-screening in one batch with one wrong row, fixes it, then sends them to
// the county hospital; a hospital user records the operation (a wrong acuity first), the discharge
// (too early first) and the 7-day follow-up on the case page; the working list then shows the overdue
// 30-day follow-up and not the case whose follow-ups are done. axe on the batch form with its refusal.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {
  TOWNSHIP, setup, newPage, loginWithChange, screenshot, checkA11y, tableRows, totalOf,
} = require('./helpers');

const CATARACT = path.resolve(__dirname, '..', '..', 'programs', 'cataract.json');
const TODAY = '2025-06-20'; // the server's day
const YEAR = 2025;
const ENROLLED = '2025-03-03';
const SURGERY = '2025-05-06'; // discharge 2025-05-09: the 30-day follow-up is due 2025-06-08, 12 days before TODAY

let env;
let token; // county_staff's API token
let town; // the township operator's page (bypassCSP: axe is injected)
let persons; // [{ id, name, caseId }] in TOWNSHIP, enrolled by the API

async function api(method, p, body) {
  const res = await fetch(`${env.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text.startsWith('{') ? JSON.parse(text) : null, text };
}

async function move(id, transition, date, values = {}) {
  const r = await api('POST', `/api/v1/cases/${id}/transitions`, { transition, date, values });
  assert.equal(r.status, 200, `${transition} on ${id}: ${r.text}`);
}

const stages = () => env.sql(`SELECT stage FROM program_case WHERE id IN (${persons.map((p) => p.caseId).join(',')})
  ORDER BY id`).split('\n');

before(async () => {
  env = await setup({
    persons: 200, seed: 17, today: TODAY, programs: [CATARACT],
    users: [['clerk', 'township', TOWNSHIP], ['doctor', 'hospital'], ['office', 'county_staff']],
    prepare: (e) => {
      const r = e.huimin(['user', 'token', 'office']);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      token = r.stdout.trim().split('\n').pop();
    },
  });
  // Five persons of the township whose names are unique in the county (rows are found by name).
  persons = env.sql(`SELECT id || '|' || name FROM person p WHERE status = 1
    AND village_code BETWEEN '${TOWNSHIP}' AND '341699001999'
    AND NOT EXISTS (SELECT 1 FROM person q WHERE q.name = p.name AND q.id <> p.id) ORDER BY id LIMIT 5`)
    .split('\n').map((l) => ({ id: Number(l.split('|')[0]), name: l.split('|')[1] }));
  assert.equal(persons.length, 5);
  for (const p of persons) {
    const r = await api('POST', '/api/v1/cases',
      { program: 'cataract', year: YEAR, person_id: p.id, transition: 'register', date: ENROLLED });
    assert.equal(r.status, 201, r.text);
    p.caseId = r.json.id;
  }
  town = await newPage(env, { bypassCSP: true });
  await loginWithChange(town, 'clerk');
});

after(async () => {
  if (env) await env.close();
});

test('batch entry: 初查合格 for four with one wrong date, fixed; then 病源输送', async () => {
  const [a, b, c, d, e] = persons;
  await town.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '民生工程' }).click();
  await town.getByRole('link', { name: '贫困白内障复明工程' }).click();
  await town.getByRole('link', { name: '批量录入' }).click();
  await town.waitForURL(/\/projects\/cataract\/batch\?year=2025$/);
  await town.getByLabel('办理事项').selectOption({ label: '初查合格' });
  const townName = env.sql(`SELECT name FROM division WHERE code = '${TOWNSHIP}'`);
  await town.getByLabel('乡镇').selectOption({ label: townName });
  await town.getByRole('button', { name: '列出待办人员' }).click();
  await town.waitForURL(/transition=prescreen_pass/);
  assert.deepEqual((await tableRows(town)).map((r) => r['姓名']).sort(), persons.map((p) => p.name).sort());
  // The date is TODAY unless changed; d's is before its registration.
  for (const p of [a, b, c, d]) {
    await town.getByLabel(`选择 ${p.name}`).check();
    await town.getByLabel(`${p.name} 日期`).fill(p === d ? '2025-02-20' : '2025-03-10');
  }
  await town.getByRole('button', { name: '保存选中的行（初查合格）' }).click();
  await town.waitForLoadState();
  assert.match(await town.getByRole('alert').textContent(), /^已保存 3 人，1 人有误/);
  const refused = town.locator('tr.refused');
  assert.equal(await refused.count(), 1);
  assert.match(await refused.textContent(), new RegExp(d.name));
  const bad = town.getByLabel(`${d.name} 日期`);
  assert.equal(await bad.inputValue(), '2025-02-20', 'the typed date is kept');
  assert.equal(await bad.getAttribute('aria-invalid'), 'true');
  const reason = town.locator(`#${await bad.getAttribute('aria-describedby')}`);
  assert.equal(await reason.textContent(), `不能早于上一环节（摸底登记）的日期 ${ENROLLED}`);
  assert.equal(await refused.locator('td').nth(4).locator('.field-error').count(), 1, 'the reason is in the date cell');
  assert.ok(await town.getByLabel(`选择 ${d.name}`).isChecked(), 'the refused row stays ticked');
  assert.ok(!(await town.getByLabel(`选择 ${e.name}`).isChecked()));
  assert.deepEqual(stages(), ['prescreen_passed', 'prescreen_passed', 'prescreen_passed', 'registered', 'registered']);
  await checkA11y(town, 'the batch form with a refused row');
  await screenshot(town, 'cataract-batch');

  await bad.fill('2025-03-10');
  await town.getByRole('button', { name: '保存选中的行（初查合格）' }).click();
  await town.getByText('已保存 1 人，0 人有误').waitFor();
  assert.equal(await town.locator('tr.refused').count(), 0);
  assert.deepEqual(stages(), ['prescreen_passed', 'prescreen_passed', 'prescreen_passed', 'prescreen_passed', 'registered']);
  assert.equal(env.sql(`SELECT group_concat(date, ',') FROM case_stage WHERE stage = 'prescreen_passed'`),
    '2025-03-10,2025-03-10,2025-03-10,2025-03-10');

  // 病源输送 of the four, the batch's date and name on each row.
  await town.getByLabel('办理事项').selectOption({ label: '病源输送' });
  await town.getByRole('button', { name: '列出待办人员' }).click();
  await town.waitForURL(/transition=transport/);
  for (const p of [a, b, c, d]) {
    await town.getByLabel(`选择 ${p.name}`).check();
    await town.getByLabel(`${p.name} 输送日期`).fill('2025-03-15');
    await town.getByLabel(`${p.name} 输送批次`).fill('第1批');
  }
  await town.getByRole('button', { name: '保存选中的行（病源输送）' }).click();
  await town.getByText('已保存 4 人，0 人有误').waitFor();
  assert.deepEqual(stages(), ['transported', 'transported', 'transported', 'transported', 'registered']);
  assert.equal(env.sql(`SELECT count(*) FROM case_event WHERE transition = 'transport'
    AND json_extract(fields, '$.batch_date') = '2025-03-15' AND json_extract(fields, '$.batch') = '第1批'
    AND date = '2025-03-15'`), '4');
});

test('the hospital records the operation, the discharge and the 7-day follow-up on the case page', async () => {
  const [a, b, c, d] = persons;
  // 复查 by the API; b is taken to its 30-day follow-up by the API as well.
  for (const p of [a, b, c, d]) await move(p.caseId, 'reexam_pass', '2025-03-20');
  await move(b.caseId, 'operate', '', {
    surgery_date: SURGERY, hospital_name: '县人民医院', surgeon: '省立医院专家组', visiting_expert: '是',
    eye: '左眼', technique: '小切口白内障摘除+人工晶体植入', va_preop: '0.05',
  });
  await move(b.caseId, 'discharge', '', { discharge_date: '2025-05-09' });
  await move(b.caseId, 'followup_7', '', { followup_date: '2025-05-16', va_followup: '0.6' });
  await move(b.caseId, 'followup_30', '', { followup_date: '2025-06-08', va_followup: '0.8' });

  const page = await newPage(env);
  await loginWithChange(page, 'doctor');
  await page.goto(`/cases/${a.caseId}`);
  await page.getByRole('heading', { level: 2, name: a.name }).waitFor();
  const form = (label) => page.locator('form', { has: page.getByRole('button', { name: label, exact: true }) });

  // 手术: every field, the pre-operative acuity wrong first.
  let op = form('手术');
  await op.getByLabel('手术日期').fill(SURGERY);
  await op.getByLabel('手术医院').fill('县人民医院');
  await op.getByLabel('主刀医生').fill('张明');
  await op.getByLabel('是否省级专家手术').selectOption({ label: '是' });
  await op.getByLabel('手术眼别').selectOption({ label: '右眼' });
  await op.getByLabel('手术方式').selectOption({ label: '超声乳化+人工晶体植入' });
  await op.getByLabel('术前视力').fill('abc');
  await op.getByLabel('并发症').fill('无');
  await op.getByRole('button', { name: '手术', exact: true }).click();
  await page.getByRole('alert').waitFor();
  op = form('手术');
  const acuity = op.getByLabel('术前视力');
  assert.equal(await acuity.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator(`#${await acuity.getAttribute('aria-describedby')}`).textContent(),
    /^应为视力：小数记录如0\.3/);
  assert.equal(await acuity.inputValue(), 'abc');
  assert.equal(await op.getByLabel('手术日期').inputValue(), SURGERY);
  assert.equal(await op.getByLabel('手术医院').inputValue(), '县人民医院');
  assert.equal(await op.getByLabel('主刀医生').inputValue(), '张明');
  assert.equal(await op.getByLabel('是否省级专家手术').inputValue(), 'true');
  assert.equal(await op.getByLabel('手术眼别').inputValue(), 'right');
  assert.equal(await op.getByLabel('手术方式').inputValue(), 'phaco_iol');
  assert.equal(await op.getByLabel('并发症').inputValue(), '无');
  assert.equal(env.sql(`SELECT stage FROM program_case WHERE id = ${a.caseId}`), 'candidate');
  await acuity.fill('6/60');
  await op.getByRole('button', { name: '手术', exact: true }).click();
  await page.waitForURL(new RegExp(`/cases/${a.caseId}\\?done=operate$`));
  await page.getByText('已保存：手术。').waitFor();

  // 出院: one day after the operation is refused (2 to 7 days), then three days after.
  await form('出院').getByLabel('出院日期').fill('2025-05-07');
  await form('出院').getByRole('button', { name: '出院', exact: true }).click();
  await page.getByRole('alert').waitFor();
  const discharge = form('出院').getByLabel('出院日期');
  assert.equal(await discharge.inputValue(), '2025-05-07');
  assert.equal(await page.locator(`#${await discharge.getAttribute('aria-describedby')}`).textContent(),
    `应在“已手术”（${SURGERY}）之后2至7天之内，现在相差1天`);
  await discharge.fill('2025-05-09');
  await form('出院').getByRole('button', { name: '出院', exact: true }).click();
  await page.waitForURL(/done=discharge$/);

  // The 7-day follow-up.
  await form('7天随访').getByLabel('随访日期').fill('2025-05-16');
  await form('7天随访').getByLabel('随访视力').fill('0.5');
  await form('7天随访').getByRole('button', { name: '7天随访', exact: true }).click();
  await page.waitForURL(/done=followup_7$/);
  const timeline = await page.locator('section', { has: page.getByRole('heading', { name: '办理记录' }) }).textContent();
  assert.match(timeline, /术前视力：0\.1(；|$)/m);
  assert.match(timeline, /随访视力（日常生活视力）：0\.5/);
  const dues = await page.locator('section', { has: page.getByRole('heading', { name: '随访', exact: true }) })
    .locator('tbody tr').allTextContents();
  assert.deepEqual(dues, ['7天随访2025-05-16已完成 2025-05-16', '30天随访2025-06-08逾期12天', '90天随访2025-08-07待办']);
  await screenshot(page, 'cataract-case');

  const events = env.sql(`SELECT transition || '|' || date || '|' || fields FROM case_event WHERE case_id = ${a.caseId}
    AND transition IN ('operate', 'discharge', 'followup_7') ORDER BY id`).split('\n');
  assert.equal(events.length, 3, events.join('\n'));
  const [opEvent, disEvent, f7Event] = events.map((l) => l.split('|'));
  assert.equal(opEvent[1], SURGERY);
  assert.deepEqual(JSON.parse(opEvent[2]), {
    surgery_date: SURGERY, hospital_name: '县人民医院', surgeon: '张明', visiting_expert: 'true', eye: 'right',
    technique: 'phaco_iol', va_preop: '100', complications: '无', // 6/60 = 0.1, kept in thousandths
  });
  assert.equal(disEvent[1], '2025-05-09');
  assert.equal(f7Event[1], '2025-05-16');
  assert.equal(env.sql(`SELECT stage FROM program_case WHERE id = ${a.caseId}`), 'followup7');
  assert.equal(env.sql(`SELECT due_date || '|' || ifnull(done_date, '') FROM case_due WHERE case_id = ${a.caseId}
    ORDER BY due_date`), '2025-05-16|2025-05-16\n2025-06-08|\n2025-08-07|');
  await page.context().close();
});

test('the working list: the overdue 30-day follow-up with its days, not the case whose follow-ups are done', async () => {
  const [a, b] = persons;
  await town.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '民生工程' }).click();
  await town.getByRole('link', { name: '贫困白内障复明工程' }).click();
  await town.getByRole('link', { name: '案例清单' }).first().click();
  await town.getByLabel('随访状态').selectOption({ label: '逾期' });
  await town.getByRole('button', { name: '搜索' }).click();
  await town.waitForURL(/due=overdue/);
  const rows = await tableRows(town);
  assert.equal(await totalOf(town), 1);
  assert.deepEqual(rows.map((r) => [r['姓名'], r['当前阶段'], r['随访项'], r['应办日期'], r['状态']]),
    [[a.name, '7天随访', '30天随访', '2025-06-08', '逾期12天']]);
  assert.ok(!rows.some((r) => r['姓名'] === b.name));
  await screenshot(town, 'cataract-worklist');
  // b's follow-ups are done: it is among the done ones.
  await town.getByLabel('随访状态').selectOption({ label: '已完成' });
  await town.getByLabel('随访项').selectOption({ label: '30天随访' });
  await town.getByRole('button', { name: '搜索' }).click();
  await town.waitForURL(/due=done/);
  assert.deepEqual((await tableRows(town)).map((r) => [r['姓名'], r['状态']]), [[b.name, '已完成 2025-06-08']]);
});
