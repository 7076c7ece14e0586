// 目标管理 in the browser, on a county whose day is pinned (--today 2024-09-30): the county admin is
// refused a target with no name and a money value of three decimals (reasons under the fields, typed
// values kept), then creates a manual target split to townships and splits it in proportion to the
// persons 在册 (the parts add up, as the largest-remainder rule says), enters the first township's
// progress (it lags: 89.8% of the time is gone), creates a money target with a county-level entry
// (80万元 of 100万元: 正常), and opens a supervision item on the lagging township. A leader reads the
// board (no forms; a POST refused 403), filters it to the township (its row only), opens the lagging
// target and sees the item; the township answers it; the county closes it. axe on the refused form,
// the board, the target page and the supervision list; screenshots of the board and a target.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  TOWNSHIP, setup, newPage, loginWithChange, screenshot, checkA11y,
} = require('./helpers');

const TODAY = '2024-09-30';
const YEAR = 2024;
const JOBS = '万人千元就业工程补贴';
const LEVY = '残疾人就业保障金征收';
const FINDING = '补贴对象摸底未到村到户，完成率低于时间进度';

let env;
let admin; // the county admin's page
let jobsId;
let townName;

// The form whose submit button is label.
const formOf = (page, label) => page.locator('form', { has: page.getByRole('button', { name: label, exact: true }) });

// The largest-remainder split of total over weights (target_split_proportional), to check the pages against.
function splitProportional(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => (sum ? Math.floor((total * w) / sum) : Math.floor(total / weights.length)));
  const rem = weights.map((w, i) => (sum ? total * w - parts[i] * sum : 0));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = rem.map((r, i) => i).sort((a, b) => rem[b] - rem[a] || a - b);
  for (const i of order) {
    if (left-- <= 0) break;
    parts[i]++;
  }
  return parts;
}

before(async () => {
  env = await setup({
    persons: 300, seed: 31, today: TODAY,
    users: [['chief', 'county_admin'], ['lead', 'leader'], ['clerk', 'township', TOWNSHIP]],
  });
  townName = env.sql(`SELECT name FROM division WHERE code = '${TOWNSHIP}'`);
  admin = await newPage(env, { bypassCSP: true });
  await loginWithChange(admin, 'chief');
});

after(async () => {
  if (env) await env.close();
});

test('the county admin sets targets: a refusal with the typed values kept, a split, progress, supervision', async () => {
  await admin.goto('/targets');
  await admin.getByRole('link', { name: '新增目标' }).click();
  await admin.waitForURL(`/targets/new?year=${YEAR}`);
  const form = formOf(admin, '保存');
  await form.getByLabel('工作条线').selectOption({ label: '残疾人就业保障金' });
  await form.getByLabel('计量单位').fill('元');
  await form.getByLabel('目标值').fill('1000000.125');
  await form.getByLabel('完成时限').fill(`${YEAR}-12-31`);
  await form.getByRole('button', { name: '保存' }).click();
  await admin.getByRole('alert').waitFor();
  assert.equal(await admin.getByRole('alert').textContent(), '目标未保存，请改正标出的项');
  const name = admin.getByLabel('目标名称');
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.equal(await admin.locator(`#${await name.getAttribute('aria-describedby')}`).textContent(), '目标名称不能为空');
  const value = admin.getByLabel('目标值');
  assert.match(await admin.locator(`#${await value.getAttribute('aria-describedby')}`).textContent(), /两位小数/);
  assert.equal(await value.inputValue(), '1000000.125');
  assert.equal(await admin.getByLabel('工作条线').inputValue(), 'levy');
  assert.equal(await admin.getByLabel('完成时限').inputValue(), `${YEAR}-12-31`);
  assert.equal(env.sql('SELECT count(*) FROM target'), '0');
  await checkA11y(admin, 'the refused new target form');

  // The money target, in yuan, with its progress entered by hand for the county as a whole.
  await name.fill(LEVY);
  await value.fill('1,000,000');
  await admin.getByLabel('责任人').fill('李会计');
  await formOf(admin, '保存').getByRole('button', { name: '保存' }).click();
  await admin.waitForURL(/\/targets\/\d+\?done=saved$/);
  await admin.getByText('目标已保存。').waitFor();
  const levyId = Number(new URL(admin.url()).pathname.split('/').pop());
  assert.equal(env.sql(`SELECT line || '|' || unit || '|' || value || '|' || source FROM target WHERE id = ${levyId}`),
    'levy|元|100000000|manual');
  const entry = formOf(admin, '填报进度');
  await entry.getByLabel('乡镇').selectOption({ label: '县级（不分乡镇）' });
  await entry.getByLabel('完成日期').fill('2024-09-20');
  await entry.getByLabel(/^完成数/).fill('800000.00');
  await entry.getByLabel('佐证说明').fill('税务部门代征入库凭证（9月）');
  await entry.getByRole('button', { name: '填报进度' }).click();
  await admin.waitForURL(/done=entry#entries$/);
  assert.equal(env.sql(`SELECT part || '|' || value || '|' || user_name FROM target_entry WHERE target_id = ${levyId}`),
    '|80000000|chief');

  // The target split to townships.
  await admin.goto(`/targets/new?year=${YEAR}`);
  const jobs = formOf(admin, '保存');
  await jobs.getByLabel('工作条线').selectOption({ label: '劳动就业' });
  await jobs.getByLabel('目标名称').fill(JOBS);
  await jobs.getByLabel('计量单位').fill('名');
  await jobs.getByLabel('目标值').fill('118');
  await jobs.getByLabel('分解方式').selectOption({ label: '按乡镇分解' });
  await jobs.getByLabel('完成时限').fill(`${YEAR}-10-31`);
  await jobs.getByRole('button', { name: '保存' }).click();
  await admin.waitForURL(/\/targets\/\d+\?done=saved$/);
  jobsId = Number(new URL(admin.url()).pathname.split('/').pop());

  // In proportion to the persons 在册: the parts add up to 118 by the largest remainders.
  await admin.getByText('修改分解', { exact: true }).click();
  admin.once('dialog', (d) => d.accept());
  await admin.getByRole('button', { name: '按在册人数比例分配' }).click();
  await admin.waitForURL(/done=parts#parts$/);
  await admin.getByText('分解已保存。').waitFor();
  const towns = env.sql(`SELECT d.code || ':' || (SELECT count(*) FROM person p WHERE p.status = 1
    AND p.village_code BETWEEN d.code AND substr(d.code, 1, 9) || '999') FROM division d WHERE d.level = 2 ORDER BY d.code`)
    .split('\n').map((l) => l.split(':'));
  const expected = splitProportional(118, towns.map(([, n]) => Number(n)));
  const stored = env.sql(`SELECT part || ':' || value FROM target_part WHERE target_id = ${jobsId} ORDER BY part`);
  assert.equal(stored, towns.map(([code], i) => `${code}:${expected[i]}`).join('\n'));
  const share = expected[0];
  assert.ok(share > 3, `the first township's share (${share}) leaves room to lag`);
  const parts = admin.locator('#parts table').first();
  const row = parts.locator('tbody tr', { has: admin.getByRole('rowheader', { name: townName, exact: true }) });
  assert.match(await row.textContent(), new RegExp(`${share}名0名0\\.0%滞后`));
  assert.equal(await admin.getByLabel(townName, { exact: true }).inputValue(), String(share));

  // The township's first progress: 2 of its share with 89.8% of the time gone.
  const add = formOf(admin, '填报进度');
  await add.getByLabel('乡镇').selectOption({ label: townName });
  await add.getByLabel(/^完成数/).fill('2');
  await add.getByLabel('佐证说明').fill('第一批补贴对象名单（乡镇盖章）');
  await add.getByRole('button', { name: '填报进度' }).click();
  await admin.waitForURL(/done=entry#entries$/);
  await checkA11y(admin, 'the target page of the county admin');
  await screenshot(admin, 'targets-target');

  // From the board's matrix to the target with the township chosen, then a supervision item on it.
  await admin.goto(`/targets?year=${YEAR}`);
  const board = admin.locator('table.board tbody tr');
  assert.equal(await board.count(), 2);
  assert.match(await board.filter({ hasText: LEVY }).textContent(), /100万元80万元80\.0%[^]*74\.7%正常/);
  assert.match(await board.filter({ hasText: JOBS }).textContent(), /118名2名1\.6%[^]*89\.8%滞后2024-10-31/);
  const cell = admin.locator('table.matrix tbody tr', { has: admin.getByRole('rowheader', { name: townName, exact: true }) })
    .getByRole('link', { name: '2名' });
  await cell.click();
  await admin.waitForURL(`/targets/${jobsId}?township=${TOWNSHIP}#parts`);
  const open = formOf(admin, '发起督查');
  assert.equal(await open.getByLabel('督查的乡镇').inputValue(), TOWNSHIP);
  await open.getByLabel('督查发现的问题').fill(FINDING);
  await open.getByLabel('整改要求').fill('10月15日前完成摸底并上报名单');
  await open.getByLabel('整改时限').fill('2024-10-15');
  await open.getByRole('button', { name: '发起督查' }).click();
  await admin.waitForURL(/done=opened#supervision$/);
  assert.equal(env.sql(`SELECT township_code || '|' || status || '|' || opened_on FROM supervision WHERE target_id = ${jobsId}`),
    `${TOWNSHIP}|1|${TODAY}`);
});

test('a leader reads the board, filters to the township, opens the lagging target and sees the item', async () => {
  const lead = await newPage(env, { bypassCSP: true });
  await loginWithChange(lead, 'lead');
  await lead.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '目标管理' }).click();
  await lead.getByRole('heading', { level: 1, name: '目标管理' }).waitFor();
  assert.equal(await lead.getByRole('link', { name: '新增目标' }).count(), 0);
  assert.equal(await lead.locator('main form[method="post"]').count(), 0, 'a leader reads only');
  assert.match(await lead.locator('.board-summary').textContent(), /共2项目标：.*正常 1项，滞后 1项/);
  assert.equal(await lead.locator('table.matrix tbody tr').count(), Number(env.sql('SELECT count(*) FROM division WHERE level = 2')) + 1);
  await checkA11y(lead, 'the board');
  await screenshot(lead, 'targets-board');

  await lead.getByLabel('乡镇').selectOption({ label: townName });
  await lead.getByRole('button', { name: '查看' }).click();
  await lead.waitForURL((u) => u.searchParams.get('township') === TOWNSHIP);
  const rows = lead.locator('table.matrix tbody tr');
  assert.equal(await rows.count(), 1, 'the township\'s row only');
  assert.equal(await rows.first().getByRole('rowheader').textContent(), townName);
  const share = env.sql(`SELECT value FROM target_part WHERE target_id = ${jobsId} AND part = '${TOWNSHIP}'`);
  assert.match(await lead.locator('table.board tbody tr', { hasText: JOBS }).textContent(), new RegExp(`^劳动就业${JOBS}${share}名2名`));
  assert.match(await lead.locator('table.board tbody tr', { hasText: LEVY }).textContent(), /未分解/);
  assert.match(await lead.locator('section', { hasText: '未销号的督查事项' }).textContent(), new RegExp(FINDING));

  await lead.locator('table.board').getByRole('link', { name: JOBS }).click();
  await lead.waitForURL(`/targets/${jobsId}`);
  const item = lead.locator('#supervision tbody tr', { hasText: FINDING });
  assert.match(await item.textContent(), new RegExp(`${townName}.*2024-10-15待整改0`));
  assert.equal(await lead.locator('main form[method="post"]').count(), 0);
  await checkA11y(lead, 'the target page of a leader');

  // A leader's POST is refused even with the session's token.
  const csrf = await lead.locator('input[name="csrf"]').first().inputValue();
  const res = await lead.request.post(`/targets/${jobsId}/entries`, {
    form: { csrf, part: '', date: TODAY, value: '5', note: '领导不能填报' }, maxRedirects: 0,
  });
  assert.equal(res.status(), 403);
  assert.equal(env.sql(`SELECT count(*) FROM target_entry WHERE target_id = ${jobsId}`), '1');
});

test('the township answers the item, the county closes it', async () => {
  const town = await newPage(env, { bypassCSP: true });
  await loginWithChange(town, 'clerk');
  await town.goto('/supervision');
  const answer = formOf(town, '提交整改情况');
  await answer.getByRole('button', { name: '提交整改情况' }).click();
  await town.getByRole('alert').waitFor();
  assert.equal(await formOf(town, '提交整改情况').getByLabel('整改情况').getAttribute('aria-invalid'), 'true');
  await checkA11y(town, 'the supervision list with a refused answer');
  await formOf(town, '提交整改情况').getByLabel('整改情况').fill('已逐村摸底，补报名单12人，10月10日上报县残联');
  await formOf(town, '提交整改情况').getByRole('button', { name: '提交整改情况' }).click();
  await town.waitForURL('/supervision?done=answered');
  assert.match(await town.locator('table.supervision tbody tr').first().textContent(), /已整改待核/);

  await admin.goto(`/targets/${jobsId}`);
  const decide = formOf(admin, '销号');
  await decide.getByLabel(/^核实意见/).fill('名单已核实，同意销号');
  await decide.getByRole('button', { name: '销号' }).click();
  await admin.waitForURL(/done=closed#supervision$/);
  await admin.getByText('督查事项已销号。').waitFor();
  assert.equal(env.sql(`SELECT status || '|' || answered_by || '|' || closed_by || '|' || closed_on FROM supervision`),
    `3|clerk|chief|${TODAY}`);
  assert.equal(env.sql("SELECT group_concat(action, ',') FROM (SELECT action FROM operation_log WHERE module = '目标管理' ORDER BY id)"),
    '新增目标,填报进度,新增目标,按人数分解,填报进度,发起督查,填报整改,督查销号');
});
