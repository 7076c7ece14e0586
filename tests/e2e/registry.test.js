// 残疾人档案 through the browser: the query form, sorting, paging, a person's page, masking and the full values.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  TOWNSHIP, setup, newPage, pathOf, loginWithChange, screenshot, tableRows, totalOf,
} = require('./helpers');

const CATEGORY = { code: 4, label: '肢体' };
const LAST = TOWNSHIP.slice(0, 9) + '999';
const WHERE = `village_code BETWEEN '${TOWNSHIP}' AND '${LAST}' AND category = ${CATEGORY.code}`;

let env;
let page;
let townName;

before(async () => {
  // Enough persons that one township's 肢体 list has a second page.
  env = await setup({ persons: 3000, seed: 7, users: [['chief', 'county_admin']] });
  townName = env.sql(`SELECT name FROM division WHERE code = '${TOWNSHIP}'`);
  page = await newPage(env);
  await loginWithChange(page, 'chief');
});

after(async () => {
  if (env) await env.close();
});

// The file numbers of the list rows the database has for WHERE in birth order, page by 20.
const expectedFileNos = (pageNo) => env.sql(
  `SELECT file_no FROM person WHERE ${WHERE} ORDER BY birth_date, id LIMIT 20 OFFSET ${(pageNo - 1) * 20}`).split('\n');

test('the list: filter by 乡镇 and 残疾类别, sort by a column, go to page 2', async () => {
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '残疾人档案' }).click();
  await page.waitForURL((u) => u.pathname === '/persons');
  const all = Number(env.sql('SELECT count(*) FROM person'));
  assert.equal(await totalOf(page), all);
  assert.equal((await tableRows(page)).length, 20);
  await screenshot(page, 'persons');

  // The query form, as a user fills it.
  await page.getByLabel('乡镇', { exact: true }).selectOption({ label: townName });
  await page.getByLabel('残疾类别', { exact: true }).selectOption({ label: CATEGORY.label });
  await Promise.all([page.waitForURL((u) => u.searchParams.get('township') === TOWNSHIP),
    page.getByRole('button', { name: '搜索' }).click()]);
  assert.equal(new URL(page.url()).searchParams.get('category'), String(CATEGORY.code));
  const want = Number(env.sql(`SELECT count(*) FROM person WHERE ${WHERE}`));
  assert.ok(want > 20 && want < all, `${want} persons: more than one page, fewer than all`);
  assert.equal(await totalOf(page), want);
  // The form shows what was chosen.
  assert.equal(await page.getByLabel('乡镇', { exact: true }).inputValue(), TOWNSHIP);
  assert.equal(await page.getByLabel('残疾类别', { exact: true }).inputValue(), String(CATEGORY.code));
  let rows = await tableRows(page);
  assert.equal(rows.length, 20);
  for (const r of rows) {
    assert.equal(r['乡镇'], townName, JSON.stringify(r));
    assert.ok(r['残疾类别/等级'].startsWith(CATEGORY.label), JSON.stringify(r));
    assert.match(r['身份证号'], /^\d{6}\*{8}[0-9X]{4}$/);
  }

  // Sort by 出生日期: ascending first, the filters kept.
  const birthHead = page.getByRole('columnheader', { name: /出生日期/ });
  await Promise.all([page.waitForURL((u) => u.searchParams.get('sort') === 'birth_date'),
    birthHead.getByRole('link').click()]);
  assert.equal(await birthHead.getAttribute('aria-sort'), 'ascending');
  assert.equal(new URL(page.url()).searchParams.get('township'), TOWNSHIP);
  assert.equal(await totalOf(page), want);
  rows = await tableRows(page);
  const births = rows.map((r) => r['出生日期']);
  assert.deepEqual(births, [...births].sort());
  assert.deepEqual(rows.map((r) => r['档案号']), expectedFileNos(1));

  // Page 2 of the same query.
  const pager = page.getByRole('navigation', { name: '分页' });
  await Promise.all([page.waitForURL((u) => u.searchParams.get('page') === '2'),
    pager.getByRole('link', { name: '2', exact: true }).click()]);
  assert.equal(await pager.locator('[aria-current="page"]').textContent(), '2');
  const q = new URL(page.url()).searchParams;
  assert.deepEqual([q.get('township'), q.get('category'), q.get('sort')], [TOWNSHIP, String(CATEGORY.code), 'birth_date']);
  assert.equal(await totalOf(page), want);
  const second = await tableRows(page);
  assert.equal(second.length, Math.min(20, want - 20));
  assert.deepEqual(second.map((r) => r['档案号']), expectedFileNos(2));
  for (const r of second) assert.equal(r['乡镇'], townName);
  assert.ok(second[0]['出生日期'] >= births[births.length - 1]);

  // 重置 empties the query.
  await page.getByRole('link', { name: '重置' }).click();
  await page.waitForURL((u) => u.pathname === '/persons' && u.search === '');
  assert.equal(await totalOf(page), all);
});

test('a person from the list: the ID number masked, in full on purpose for the county admin', async () => {
  await page.goto(`/persons?township=${TOWNSHIP}&category=${CATEGORY.code}`);
  const first = (await tableRows(page))[0];
  await Promise.all([page.waitForURL(/\/persons\/\d+$/),
    page.locator('table.list tbody tr').first().getByRole('link', { name: first['姓名'] }).click()]);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const [full, fileNo] = env.sql(`SELECT id_number || '|' || file_no FROM person WHERE id = ${id}`).split('|');
  assert.equal(fileNo, first['档案号']);
  await page.getByRole('heading', { level: 2, name: first['姓名'] }).waitFor();

  const idCell = page.locator('dl.facts dt:text-is("身份证号") + dd');
  const masked = await idCell.textContent();
  assert.equal(masked, `${full.slice(0, 6)}********${full.slice(-4)}`);
  assert.ok(!(await page.content()).includes(full), 'the full ID number is nowhere in the page');
  await screenshot(page, 'person');

  const before = Number(env.sql("SELECT count(*) FROM operation_log WHERE action = '查看'"));
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: /显示完整信息/ }).click()]);
  await page.getByText('完整信息的这次查看已记入操作日志').waitFor();
  assert.equal(await idCell.textContent(), full);
  assert.equal(Number(env.sql("SELECT count(*) FROM operation_log WHERE action = '查看'")), before + 1);
  assert.equal(env.sql("SELECT user_name || '|' || target FROM operation_log WHERE action = '查看' ORDER BY id DESC LIMIT 1"),
    `chief|person:${id}`);
  assert.equal(pathOf(page), `/persons/${id}`);
});
