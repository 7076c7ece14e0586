// 就业与康复 in the browser: county staff open it from the menu, make a class through the form (a mistake
// shown under its field first), find a person in the registry and add them, add another by ID number,
// print the sign-in sheet, enter a rehabilitation service from the person's page; a township user adds only
// the township's persons. axe-core on each page; screenshots.
// axe is injected as an inline script, so the browser contexts bypass the CSP.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  TOWNSHIP, OTHER_TOWNSHIP, setup, newPage, loginWithChange, checkA11y, screenshot, pathOf,
} = require('./helpers');

let env;

before(async () => {
  env = await setup({
    persons: 200, seed: 4, today: '2024-06-30',
    users: [['office', 'county_staff'], ['town', 'township', TOWNSHIP]],
  });
});

after(async () => {
  if (env) await env.close();
});

const one = (where) => env.sql(`SELECT id || '|' || name || '|' || id_number FROM person WHERE status = 1 AND ${where}
  ORDER BY id LIMIT 1`).split('|');

test('county staff: a class, its trainees, the sign-in sheet, a service', async () => {
  const page = await newPage(env, { bypassCSP: true });
  await loginWithChange(page, 'office');
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '就业与康复' }).click();
  await page.getByRole('heading', { level: 1, name: '就业与康复' }).waitFor();
  await page.getByText('该年度还没有培训班').waitFor();
  await checkA11y(page, 'the classes');

  await page.getByRole('link', { name: '新建培训班' }).click();
  await page.getByLabel('培训类别').selectOption({ label: '盲人按摩培训' });
  await page.getByLabel('培训班名称').fill('2024年盲人按摩培训班');
  await page.getByLabel('开班日期').fill('2024-05-06');
  await page.getByLabel('结业日期').fill('2024-05-01');
  await page.getByLabel('培训地点').fill('县残联培训中心');
  await page.getByLabel('每人扶持资金（元）').fill('800');
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('结业日期不能早于开班日期').waitFor();
  assert.equal(await page.getByLabel('培训班名称').inputValue(), '2024年盲人按摩培训班');
  await checkA11y(page, 'the new class with a mistake');
  await page.getByLabel('结业日期').fill('2024-05-20');
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('已新建培训班').waitFor();
  assert.match(pathOf(page), /^\/training\/\d+\?done=created$/);

  // From a search of the registry, and by ID number.
  const [, name1] = one(`township_code = '${TOWNSHIP}'`);
  const [, name2, id2] = one(`township_code = '${OTHER_TOWNSHIP}'`);
  await page.getByLabel('姓名或身份证号').fill(name1);
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('button', { name: `加入${name1}` }).first().click();
  await page.getByText('已加入学员').waitFor();
  await page.getByRole('textbox', { name: '身份证号', exact: true }).fill(id2);
  await page.getByLabel('扶持资金（元，不填为本班标准）').fill('1200');
  await page.getByRole('button', { name: '加入', exact: true }).click();
  await page.getByText('已加入学员').waitFor();
  await page.getByRole('heading', { name: '学员名单（2人，扶持资金合计2,000.00元）' }).waitFor();
  await checkA11y(page, 'a class');
  await screenshot(page, 'training-class');

  await page.getByRole('link', { name: '签到表（打印）' }).click();
  await page.getByRole('heading', { name: '2024年盲人按摩培训班签到表' }).waitFor();
  const rows = await page.locator('.signin-sheet tbody tr').allTextContents();
  assert.equal(rows.length, 2);
  assert.ok(rows.some((r) => r.includes(name2)));
  assert.ok(!rows.join('').includes(id2), 'ID numbers are masked on the sheet');
  await checkA11y(page, 'the sign-in sheet');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav.menu').isVisible(), false);
  await screenshot(page, 'training-signin-print');
  await page.emulateMedia({ media: 'screen' });

  // A service from the person's page.
  await page.getByRole('link', { name: '返回培训班' }).click();
  await page.getByRole('link', { name: name2 }).click();
  await page.getByRole('heading', { name: '就业培训与康复服务' }).waitFor();
  await page.getByRole('link', { name: '登记康复服务' }).click();
  await page.getByLabel('服务类别').selectOption({ label: '辅助器具适配' });
  await page.getByLabel('服务机构或人员').fill('县辅具中心');
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByRole('heading', { name: '就业培训与康复服务' }).waitFor();
  await page.locator('#employment').getByText('县辅具中心').waitFor();
  await checkA11y(page, 'a person with classes and services');
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '就业与康复' }).click();
  await page.getByRole('link', { name: '康复服务' }).click();
  await page.getByLabel('服务类别').selectOption({ label: '辅助器具适配' });
  await page.getByRole('button', { name: '搜索' }).click();
  await page.getByText('共 1 条（人次）').waitFor();
  await checkA11y(page, 'the services');
  await screenshot(page, 'rehab-list');
  await page.context().close();
});

test('a township: its own persons only', async () => {
  const page = await newPage(env);
  await loginWithChange(page, 'town');
  const id = env.sql('SELECT min(id) FROM training_class');
  await page.goto(`/training/${id}`);
  await page.getByRole('heading', { name: /^学员名单（1人/ }).waitFor();
  assert.equal(await page.getByRole('button', { name: '办理结业' }).count(), 0);
  const [, , other] = one(`township_code = '${OTHER_TOWNSHIP}' AND id > 1`);
  await page.getByRole('textbox', { name: '身份证号', exact: true }).fill(other);
  await page.getByRole('button', { name: '加入', exact: true }).click();
  await page.getByText('没有找到该人员，或不在您的管辖范围内').first().waitFor();
  const [, mine, mineId] = one(`township_code = '${TOWNSHIP}' AND id NOT IN (SELECT person_id FROM training_trainee)`);
  await page.getByRole('textbox', { name: '身份证号', exact: true }).fill(mineId);
  await page.getByRole('button', { name: '加入', exact: true }).click();
  await page.getByText('已加入学员').waitFor();
  await page.getByRole('link', { name: mine }).waitFor();
  await page.context().close();
});
