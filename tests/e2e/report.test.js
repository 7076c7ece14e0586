// 年度汇报材料 in the browser: on a county with a small year replayed through the API (tests/api/report-year.js),
// the county admin opens the report, clicks the figure of the operated cases and lands on the list of those
// cases, exports it as .xlsx; edits a section of the report and exports it as Word; enters a milestone, which
// the report then tells. axe on the report page.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { setup, newPage, loginWithChange, screenshot, checkA11y, totalOf } = require('./helpers');
const Y = require('../api/report-year');

let env;
let info;
let page;

before(async () => {
  env = await setup({
    persons: 1200, seed: 5, today: Y.TODAY,
    prepare(e) {
      info = Y.prepare(e.db, { demo: false });
    },
  });
  await Y.replay(env.srv, env.db, info.tokens);
  page = await newPage(env, { bypassCSP: true, acceptDownloads: true });
  await loginWithChange(page, 'chief');
});

after(async () => {
  if (env) await env.close();
});

test('the report: click the operated figure, land on those cases, export them', async () => {
  await page.goto(`/reports/annual?year=${Y.YEAR}`);
  await page.getByRole('heading', { name: '示范县残联2024年民生工程及目标管理汇报材料' }).waitFor();
  await checkA11y(page, 'the annual report');
  await screenshot(page, 'report-annual');
  const figure = page.locator('article.report-doc p a.figure[href$="reached=operated"]').first();
  assert.equal((await figure.textContent()).trim(), String(Y.FIGURES.operated));
  await figure.click();
  await page.waitForURL((u) => u.pathname === '/projects/cataract/cases' && u.searchParams.get('reached') === 'operated');
  assert.equal(await totalOf(page), Y.FIGURES.operated);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel' }).click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const file = path.join(env.dir, 'operated.xlsx');
  await download.saveAs(file);
  assert.equal(fs.readFileSync(file).subarray(0, 2).toString(), 'PK');
});

test('a section edited in its text box goes into the exported Word file; a milestone joins the report', async () => {
  await page.goto(`/reports/annual?year=${Y.YEAR}`);
  const section = page.locator('details.report-edit', { has: page.locator('textarea', { hasText: '复明手术7例' }) });
  await section.locator('summary').click();
  const box = section.locator('textarea');
  await box.fill(`${await box.inputValue()}\n\n全县白内障复明工程已全部完成。`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Word' }).click()]);
  assert.equal(download.suggestedFilename(), '2024年度汇报材料.docx');
  const file = path.join(env.dir, 'report.docx');
  await download.saveAs(file);
  const unzip = require('node:child_process').spawnSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
  assert.match(unzip.stdout, /全县白内障复明工程已全部完成。/);

  await page.getByRole('combobox', { name: '工作', exact: true }).selectOption({ label: '残疾人基本情况调查' });
  await page.getByRole('textbox', { name: '日期', exact: true }).fill('2024-13-01');
  await page.getByRole('textbox', { name: '内容', exact: true }).fill('召开残疾人基本情况调查动员暨培训会议');
  await page.getByRole('button', { name: '添加' }).click();
  await page.locator('#e-m-date').getByText('日期应为2024年内的日期').waitFor();
  assert.equal(await page.getByRole('textbox', { name: '内容', exact: true }).inputValue(), '召开残疾人基本情况调查动员暨培训会议');
  await page.getByRole('textbox', { name: '日期', exact: true }).fill('2024-08-31');
  await page.getByRole('button', { name: '添加' }).click();
  await page.getByText('工作节点已添加').waitFor();
  await page.getByRole('heading', { name: '（一）残疾人基本情况调查' }).waitFor();
  await page.getByText('8月31日，召开残疾人基本情况调查动员暨培训会议。').first().waitFor();
});
