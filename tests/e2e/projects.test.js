// 民生工程 in the browser: enrol a person from the person's page, make a step on the case page with a
// mistake first, the project page and the working list; axe on each of these pages.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {
  TOWNSHIP, setup, newPage, loginWithChange, screenshot, checkA11y,
} = require('./helpers');

const CATARACT = path.resolve(__dirname, '..', '..', 'programs', 'cataract.json');

let env;
let page;

before(async () => {
  env = await setup({ persons: 200, seed: 13, users: [['clerk', 'township', TOWNSHIP], ['chief', 'county_admin']],
    programs: [CATARACT] });
  page = await newPage(env, { bypassCSP: true });
  await loginWithChange(page, 'chief');
});

after(async () => {
  if (env) await env.close();
});

test('enrol from the person page, a step with a mistake then right, the project pages', async () => {
  const id = env.sql(`SELECT min(id) FROM person WHERE status = 1 AND village_code BETWEEN '${TOWNSHIP}' AND '341699001999'`);
  await page.goto(`/persons/${id}`);
  await page.getByText('尚未参加任何民生工程').waitFor();
  await page.locator('details.enrol summary').first().click();
  await checkA11y(page, 'a person with the enrolment form');
  await page.locator('details.enrol').first().getByRole('button', { name: '摸底登记' }).click();
  await page.waitForURL(/\/cases\/\d+\?done=register$/);
  await page.getByText('已保存：摸底登记。').waitFor();
  await checkA11y(page, 'a case');
  await screenshot(page, 'case');

  // 初查合格 needs nothing; 病源输送 needs its date and batch: leave the batch out first.
  await page.getByRole('button', { name: '初查合格' }).click();
  await page.waitForURL(/done=prescreen_pass$/);
  const form = page.locator('form', { has: page.getByRole('button', { name: '病源输送' }) });
  await form.getByLabel('输送日期').fill(env.sql("SELECT date('now', 'localtime')"));
  await form.getByRole('button', { name: '病源输送' }).click();
  await page.getByRole('alert').first().waitFor();
  const batch = page.locator('form', { has: page.getByRole('button', { name: '病源输送' }) }).getByLabel('输送批次');
  assert.equal(await batch.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('form', { has: page.getByRole('button', { name: '病源输送' }) })
    .getByLabel('输送日期').inputValue(), env.sql("SELECT date('now', 'localtime')"));
  await checkA11y(page, 'a case with a refused step');
  await batch.fill('第一批');
  await page.locator('form', { has: page.getByRole('button', { name: '病源输送' }) })
    .getByRole('button', { name: '病源输送' }).click();
  await page.waitForURL(/done=transport$/);
  await page.getByText('第一批').waitFor();

  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '民生工程' }).click();
  await page.getByRole('heading', { level: 1, name: '民生工程' }).waitFor();
  await checkA11y(page, 'the projects');
  await page.getByRole('link', { name: '贫困白内障复明工程' }).click();
  await page.locator('svg.funnel').waitFor();
  await checkA11y(page, 'a project');
  await screenshot(page, 'project');
  await page.getByRole('link', { name: '案例清单' }).first().click();
  await page.getByText('共 1 条').waitFor();
  await checkA11y(page, 'the cases');
  await page.goto('/projects/cataract/batch?transition=reexam_pass');
  await page.locator('table.list tbody tr').first().waitFor();
  await checkA11y(page, 'the batch entry');
  await screenshot(page, 'project-batch');
});
