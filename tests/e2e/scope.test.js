// Data scope through the browser: a township account sees its township's persons only.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  TOWNSHIP, OTHER_TOWNSHIP, setup, newPage, pathOf, loginWithChange, tableRows, totalOf,
} = require('./helpers');

let env;
let page;
const within = (code) => `village_code BETWEEN '${code}' AND '${code.slice(0, 9)}999'`;

before(async () => {
  env = await setup({ persons: 600, seed: 5, users: [['town', 'township', TOWNSHIP]] });
  page = await newPage(env);
  await loginWithChange(page, 'town');
});

after(async () => {
  if (env) await env.close();
});

test('the township user lists only its own township', async () => {
  const name = env.sql(`SELECT name FROM division WHERE code = '${TOWNSHIP}'`);
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '残疾人档案' }).click();
  await page.waitForURL((u) => u.pathname === '/persons');
  const own = Number(env.sql(`SELECT count(*) FROM person WHERE ${within(TOWNSHIP)}`));
  assert.ok(own > 0 && own < Number(env.sql('SELECT count(*) FROM person')));
  assert.equal(await totalOf(page), own);
  // The 乡镇 choice offers its own township only.
  const options = await page.getByLabel('乡镇', { exact: true }).locator('option').allTextContents();
  assert.deepEqual(options, ['全部', name]);
  // Every row, page by page at 100 a page.
  await page.goto('/persons?per_page=100');
  const seen = [];
  for (let p = 1; ; p++) {
    const rows = await tableRows(page);
    for (const r of rows) assert.equal(r['乡镇'], name, JSON.stringify(r));
    seen.push(...rows);
    const next = page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '下一页' });
    if (!(await next.count())) break;
    await Promise.all([page.waitForURL((u) => u.searchParams.get('page') === String(p + 1)), next.click()]);
  }
  assert.equal(seen.length, own);
  // Asking for another township by the address shows none of it.
  await page.goto(`/persons?township=${OTHER_TOWNSHIP}`);
  for (const r of await tableRows(page)) assert.equal(r['乡镇'], name);
});

test("another township's person by URL answers 404", async () => {
  const other = Number(env.sql(`SELECT min(id) FROM person WHERE ${within(OTHER_TOWNSHIP)}`));
  const mine = Number(env.sql(`SELECT min(id) FROM person WHERE ${within(TOWNSHIP)}`));
  assert.ok(other > 0 && mine > 0);
  const res = await page.goto(`/persons/${other}`);
  assert.equal(res.status(), 404);
  await page.getByText('您要查看的人员不存在，或不在您的管辖范围内').waitFor();
  const otherName = env.sql(`SELECT name FROM person WHERE id = ${other}`);
  assert.ok(!(await page.content()).includes(env.sql(`SELECT file_no FROM person WHERE id = ${other}`)), otherName);
  // Its own township's person opens.
  const ok = await page.goto(`/persons/${mine}`);
  assert.equal(ok.status(), 200);
  assert.equal(pathOf(page), `/persons/${mine}`);
});
