// 残疾人基本情况调查 in the browser: a township operator opens 基本情况调查 from
// the menu, draws the township's rosters and names a village's investigator;
// the village investigator, sent straight to the village's roster, records a
// visit with the survey form (a missing item refused under its field, the rest
// kept) and sees the person done. axe on the overview and the record form.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {
  TOWNSHIP, setup, addUser, newPage, loginWithChange, screenshot, checkA11y,
} = require('./helpers');

const FORM = path.resolve(__dirname, '..', '..', 'programs', 'survey-form.json');
const TODAY = '2025-09-15';

let env;
let village; // the township's village with the most persons
let town;
let inv;

before(async () => {
  let vil;
  env = await setup({
    persons: 300, seed: 5, today: TODAY,
    prepare(e) {
      const r = e.huimin(['survey', 'open', '2025', FORM]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      vil = e.sql(`SELECT village_code FROM person WHERE status = 1 AND township_code = '${TOWNSHIP}'
        GROUP BY village_code ORDER BY count(*) DESC, village_code LIMIT 1`);
      addUser(e, 'inv', 'village', vil);
    },
    users: [['clerk', 'township', TOWNSHIP]],
  });
  village = vil;
  town = await newPage(env, { bypassCSP: true });
  await loginWithChange(town, 'clerk');
});

after(async () => {
  if (env) await env.close();
});

test('the township draws its rosters and names the investigator', async () => {
  await town.getByRole('link', { name: '基本情况调查' }).click();
  await town.getByRole('heading', { name: '各乡镇进度' }).waitFor();
  await checkA11y(town, 'the survey overview');
  await screenshot(town, 'survey-overview');
  await town.locator('table.list tbody th a').first().click();
  await town.getByRole('button', { name: '抽取（更新）全乡镇底册' }).click();
  await town.getByText('底册已抽取（更新）').waitFor();
  await town.locator(`a[href^="/survey/villages/${village}"]`).click();
  await town.getByText('指定调查员').click();
  await town.getByLabel('村调查员账号').fill('inv');
  await town.getByLabel('调查员姓名').fill('张调查');
  await town.getByRole('button', { name: '保存', exact: true }).click();
  await town.getByText('调查员已指定。').waitFor();
  assert.match(await town.locator('dl.facts').textContent(), /张调查（账号 inv）/);
  await screenshot(town, 'survey-village');
});

test('the investigator records a visit on the form; a missing item is named under its field', async () => {
  inv = await newPage(env, { bypassCSP: true });
  await loginWithChange(inv, 'inv');
  await inv.getByRole('link', { name: '基本情况调查' }).click();
  await inv.waitForURL((u) => u.pathname === `/survey/villages/${village}`);
  const first = inv.locator('#roster tbody tr').first();
  const name = (await first.locator('td').nth(1).textContent()).trim();
  await first.getByRole('link', { name: '登记' }).click();
  assert.equal(await inv.getByLabel('调查员', { exact: true }).inputValue(), '张调查');
  await inv.getByLabel('调查结果').selectOption({ label: '已入户' });
  await inv.getByLabel('调查日期').fill('2025-09-12');
  await inv.getByLabel('回答人').selectOption({ label: '本人' });
  await inv.getByLabel('居住状况').selectOption({ label: '独居' });
  await inv.getByLabel('参加城乡居民养老保险').selectOption({ label: '是' });
  await inv.getByLabel('参加基本医疗保险').selectOption({ label: '是' });
  await inv.getByLabel('住房状况').selectOption({ label: '安全住房' });
  await inv.getByRole('button', { name: '保存', exact: true }).click();
  // 就业状况 was left out: refused under its field, what was chosen kept.
  await inv.locator('#e-i-employment').getByText('入户调查时必须填写').waitFor();
  assert.equal(await inv.getByLabel('居住状况').inputValue(), 'alone');
  await checkA11y(inv, 'the record form after a refusal');
  await screenshot(inv, 'survey-record');
  await inv.getByLabel('就业状况').selectOption({ label: '务农' });
  await inv.getByRole('button', { name: '保存', exact: true }).click();
  await inv.getByText('调查记录已保存。').waitFor();
  const row = inv.locator('#roster tbody tr', { hasText: name }).first();
  assert.match(await row.textContent(), /已入户.*2025-09-12.*张调查/);
  assert.equal(env.sql(`SELECT count(*) FROM survey_record WHERE outcome = 1 AND investigator = '张调查'`), '1');
});
