// 统计报表 in the browser: the county staff opens it from the menu, chooses
// rows and columns, clicks a count and lands on the list of as many persons,
// downloads the .xlsx; axe finds nothing serious on the page.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, newPage, loginWithChange, screenshot, checkA11y, totalOf } = require('./helpers');

let env;
let page;

before(async () => {
  env = await setup({ persons: 400, seed: 3, users: [['office', 'county_staff']], today: '2025-06-30' });
  page = await newPage(env, { bypassCSP: true, acceptDownloads: true });
  await loginWithChange(page, 'office');
});

after(async () => {
  if (env) await env.close();
});

test('rows and columns chosen, a count opened, the table exported', async () => {
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '统计报表' }).click();
  await page.waitForURL((u) => u.pathname === '/reports');
  // By default: 在册 persons by township, the county's total.
  const active = Number(env.sql('SELECT count(*) FROM person WHERE status = 1'));
  const table = page.getByRole('table');
  assert.match(await table.locator('caption').textContent(), /残疾人档案（在册）：按乡镇/);
  assert.equal(await table.locator('tfoot td').last().textContent(), String(active));

  await page.getByLabel('行', { exact: true }).selectOption('category');
  await page.getByLabel('列', { exact: true }).selectOption('age_group');
  await Promise.all([page.waitForURL((u) => u.searchParams.get('rows') === 'category'),
    page.getByRole('button', { name: '统计' }).click()]);
  assert.match(await table.locator('caption').textContent(), /残疾类别 × 年龄段/);
  await page.getByRole('img', { name: /残疾类别 × 年龄段/ }).waitFor();
  await screenshot(page, 'reports');
  await checkA11y(page, '统计报表');

  // The 肢体, 18-59岁 count opens the list of exactly those persons.
  const row = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: '肢体' }) });
  const cell = row.locator('td').nth(1);
  const n = Number(await cell.textContent());
  assert.ok(n > 0);
  await Promise.all([page.waitForURL((u) => u.pathname === '/persons'), cell.getByRole('link').click()]);
  assert.equal(await totalOf(page), n);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('category'), '4');
  assert.equal(url.searchParams.get('age_group'), '18-59');
  assert.equal(await page.getByLabel('年龄段').inputValue(), '18-59');

  await page.goBack();
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: '导出 Excel' }).click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const file = await download.path();
  assert.equal(require('node:fs').readFileSync(file).subarray(0, 2).toString(), 'PK');
});
