// 就业保障金 in the browser: the county staff set the year's average wage, register an employer
// (a wrong credit code refused under its field, what was typed kept), record a collection, and read
// the list's totals; a township user reads its township's employers without the forms. Every page
// is checked with axe-core.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { TOWNSHIP, setup, newPage, loginWithChange, screenshot, checkA11y, tableRows } = require('./helpers');

const VILLAGE = `${TOWNSHIP.slice(0, 9)}001`;
let env;

before(async () => {
  env = await setup({ persons: 20, seed: 2, today: '2024-10-31',
    users: [['office', 'county_staff'], ['town', 'township', TOWNSHIP]] });
});

after(async () => {
  if (env) await env.close();
});

test('the county staff register an employer and record what it paid', async () => {
  const page = await newPage(env, { bypassCSP: true });
  await loginWithChange(page, 'office');
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '就业保障金' }).click();
  await page.getByRole('heading', { level: 1, name: '就业保障金' }).waitFor();
  await page.getByText('尚未设定2024年度的在职职工年平均工资').waitFor();
  await checkA11y(page, 'the empty list');

  await page.getByLabel('上年在职职工年平均工资（元）').fill('80,000.00');
  await Promise.all([page.waitForURL((u) => u.searchParams.get('saved') === '1'),
    page.getByRole('button', { name: '保存本年度工资标准' }).click()]);
  await page.getByText('保存成功').waitFor();

  await page.getByRole('link', { name: '新增用人单位' }).click();
  await page.getByRole('heading', { level: 1, name: '新增用人单位' }).waitFor();
  await page.getByLabel('统一社会信用代码').fill('91341699MA2TQ7K818');
  await page.getByLabel('单位名称').fill('示范县青禾纺织有限公司');
  await page.locator('#f-division').selectOption(VILLAGE);
  await page.getByLabel('2024年度在职职工人数').fill('500');
  await page.getByRole('button', { name: '保存' }).click();
  const reason = page.locator('#e-credit_code');
  await reason.waitFor();
  assert.equal(await reason.textContent(), '校验码错误：按前17位计算，第18位应为7（现在是8）');
  assert.equal(await page.getByLabel('统一社会信用代码').getAttribute('aria-describedby'), 'e-credit_code');
  assert.equal(await page.getByLabel('单位名称').inputValue(), '示范县青禾纺织有限公司');
  assert.equal(await page.locator('#f-division').inputValue(), VILLAGE);
  await checkA11y(page, 'the refused form');
  await screenshot(page, 'levy-new-refused');

  await page.getByLabel('统一社会信用代码').fill('91341699ma2tq7k817');
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/levy/') && u.searchParams.get('done') === 'saved'),
    page.getByRole('button', { name: '保存' }).click()]);
  await page.getByText('保存成功').waitFor();
  await page.getByText('（500 × 1.5% − 0）× 80,000.00 = 600,000.00 元').waitFor();
  assert.match(await page.locator('main').textContent(), /91341699MA2TQ7K817\s*（工商 · 企业）/);

  await page.getByLabel('金额（元）').fill('500,000.00');
  await page.getByLabel('票据号').fill('SB2024-0001');
  await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'collected'),
    page.getByRole('button', { name: '登记' }).click()]);
  await page.getByText('征收记录已登记').waitFor();
  await checkA11y(page, "an employer's page");
  await screenshot(page, 'levy-enterprise');

  await page.goto('/levy?year=2024');
  const rows = await tableRows(page);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]['应缴（元）'], '600,000.00');
  assert.equal(rows[0]['已缴（元）'], '500,000.00');
  assert.equal(rows[0]['未缴（元）'], '100,000.00');
  assert.equal(rows[0]['状态'], '部分缴纳');
  await page.getByText('83.3%').first().waitFor();
  await checkA11y(page, 'the list');
  await screenshot(page, 'levy-list');
  await page.context().close();
});

test('a township user reads its own employers without the forms', async () => {
  const page = await newPage(env, { bypassCSP: true });
  await loginWithChange(page, 'town');
  await page.goto('/levy?year=2024');
  const rows = await tableRows(page);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]['单位名称'], '示范县青禾纺织有限公司');
  assert.equal(await page.getByRole('link', { name: '新增用人单位' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: '保存本年度工资标准' }).count(), 0);
  await page.getByRole('link', { name: '示范县青禾纺织有限公司' }).click();
  await page.getByRole('heading', { level: 2, name: '征收记录' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '登记' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: '修改', exact: true }).count(), 0);
  await checkA11y(page, "an employer's page, read-only");
  await page.context().close();
});
