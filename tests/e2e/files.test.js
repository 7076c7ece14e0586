// A clerk's day with files in the browser: edit a file with a mistake then fix it, import a roster with
// bad rows and read the error list, export the current filter; and axe on the new pages.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {
  TOWNSHIP, setup, newPage, loginWithChange, screenshot, checkA11y,
} = require('./helpers');
const { HEADER, idNumber, writeCsv } = require('../cli/helpers');

let env;
let page;
let townName;
let villageName;

before(async () => {
  env = await setup({ persons: 200, seed: 11, users: [['clerk', 'township', TOWNSHIP], ['auditor', 'township', TOWNSHIP]] });
  townName = env.sql(`SELECT name FROM division WHERE code = '${TOWNSHIP}'`);
  villageName = env.sql(`SELECT name FROM division WHERE parent_code = '${TOWNSHIP}' ORDER BY code LIMIT 1`);
  page = await newPage(env, { acceptDownloads: true });
  await loginWithChange(page, 'clerk');
});

after(async () => {
  if (env) await env.close();
});

test('edit a file: a wrong phone number is shown under its field, what was typed stays, then it is fixed', async () => {
  await page.goto('/persons');
  await page.locator('table.list tbody tr a').first().click();
  await page.waitForURL(/\/persons\/\d+$/);
  const id = new URL(page.url()).pathname.split('/').pop();
  await page.getByRole('link', { name: '修改档案' }).click();
  await page.waitForURL(/\/edit$/);
  await screenshot(page, 'person-edit');

  await page.getByLabel('联系电话').fill('1380000');
  await page.getByLabel('开户银行').fill('中国农业银行青禾支行');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForLoadState();
  const phone = page.getByLabel('联系电话');
  assert.equal(await phone.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#e-phone').textContent(), '应为11位手机号码');
  assert.equal(await phone.inputValue(), '1380000');
  assert.equal(await page.getByLabel('开户银行').inputValue(), '中国农业银行青禾支行');
  assert.equal(env.sql(`SELECT phone = '1380000' FROM person WHERE id = ${id}`), '0');

  await phone.fill('13800009999');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(new RegExp(`/persons/${id}\\?saved=1$`));
  assert.match(await page.locator('.notice.ok').textContent(), /已保存/);
  assert.equal(env.sql(`SELECT phone || '|' || bank_name FROM person WHERE id = ${id}`), '13800009999|中国农业银行青禾支行');
  // The change is in the file's history, the phone masked.
  const history = await page.locator('section', { hasText: '变更记录' }).textContent();
  assert.match(history, /联系电话：[^→]*→ 138\*\*\*\*9999/);
  assert.match(history, /开户银行：[^→]*→ 中国农业银行青禾支行/);
});

test('import a roster with bad rows: the error list on screen and as .xlsx, nothing saved', async () => {
  const before = env.sql('SELECT count(*) FROM person');
  const good = idNumber('341699', '19750505', 201);
  const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
  const file = writeCsv(env.dir, '花名册.csv', [HEADER,
    `周一,,${good},,,,农村,${townName},${villageName},,否,,`,
    `周二,,${bad},,,,农村,${townName},${villageName},,否,,`,
    `周三,,${idNumber('341699', '19750505', 203)},,,,城里,${townName},${villageName},,否,,`,
  ]);
  await page.goto('/persons');
  await page.getByRole('link', { name: '导入花名册' }).click();
  await page.waitForURL('**/persons/import');
  await screenshot(page, 'import');
  await page.getByLabel('花名册文件').setInputFiles(file);
  await page.getByRole('button', { name: '开始导入' }).click();
  // The script shows the upload, then puts the server's answer in place of the page.
  await page.locator('h1', { hasText: '导入结果' }).waitFor();
  await screenshot(page, 'import-result');
  assert.match(await page.locator('.notice.error').textContent(), /有 2 行有误，整个文件都没有导入/);
  const rows = await page.locator('table.list tbody tr').allTextContents();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /^第3行身份证号/);
  assert.match(rows[1], /^第4行户口性质/);
  assert.equal(env.sql('SELECT count(*) FROM person'), before);

  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: '下载错误清单（.xlsx）' }).click()]);
  assert.match(download.suggestedFilename(), /导入错误清单-\d+\.xlsx/);
  const saved = path.join(env.dir, 'errors.xlsx');
  await download.saveAs(saved);
  assert.equal(fs.readFileSync(saved).subarray(0, 2).toString(), 'PK');
});

test('export the current filter: the file has exactly the listed persons, masked', async () => {
  await page.goto(`/persons?township=${TOWNSHIP}&category=4`);
  const total = Number((await page.locator('.pager .total').textContent()).match(/\d+/)[0]);
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: '导出 CSV' }).click()]);
  const saved = path.join(env.dir, 'export.csv');
  await download.saveAs(saved);
  const lines = fs.readFileSync(saved, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], HEADER);
  assert.equal(lines.length - 1, total);
  for (const l of lines.slice(1)) {
    assert.ok(l.includes(`,肢体,`), l);
    assert.match(l, /,\d{6}\*{8}[0-9X]{4},/);
  }
});

test('the new pages pass axe: the form (also with its errors) and the import page', async () => {
  const a11y = await newPage(env, { bypassCSP: true });
  await loginWithChange(a11y, 'auditor');
  await a11y.goto('/persons/new');
  await checkA11y(a11y, 'new file');
  await a11y.getByRole('button', { name: '保存' }).click();
  await a11y.locator('.field-error').first().waitFor();
  await checkA11y(a11y, 'new file with errors');
  await a11y.goto('/persons/import');
  await checkA11y(a11y, 'import');
  await a11y.context().close();
});
