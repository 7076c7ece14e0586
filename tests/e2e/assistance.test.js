// The special living assistance (programs/assistance.json) in the browser, on a county whose day is
// pinned (--today): a township operator applies for an eligible person of the township from the
// person's page with the bank card marked 否 (refused, the missing document named, the typed values
// kept), then with all four documents; publishes the village notice on the case page, is refused
// 乡镇上报 before the 7 days are over, records an objection and dismisses it, and submits after the
// period. County staff review on site and approve: the archive number shows. A county admin sets the
// payment standard; the staff builds the half year's batch and downloads the bank file, whose line
// holds the person's full account and the amount. axe on the case page and the payments page.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {
  TOWNSHIP, setup, newPage, loginWithChange, screenshot, checkA11y,
} = require('./helpers');

const ASSISTANCE = path.resolve(__dirname, '..', '..', 'programs', 'assistance.json');
const TODAY = '2024-06-30'; // the server's day
const YEAR = 2024;
const APPLIED = '2024-05-02';
const NOTICE = '2024-05-06'; // 7 days: 乡镇上报 from 2024-05-13
const SUBMITTED = '2024-05-13';
const PERIOD = '2024-H1';
const AMOUNT = '360.00';

let env;
let person; // { id, name, idNumber, account }
let caseId;
let town; // the township operator's page (bypassCSP: axe is injected)
let staff; // county staff's page

// The transitions' 日期 (its label ends with the required mark).
const DATE = /^日期\*?$/;

// The form of the case page whose submit button is label.
const formOf = (page, label) => page.locator('form', { has: page.getByRole('button', { name: label, exact: true }) });

before(async () => {
  env = await setup({
    persons: 300, seed: 23, today: TODAY, programs: [ASSISTANCE],
    users: [['clerk', 'township', TOWNSHIP], ['office', 'county_staff'], ['chief', 'county_admin']],
  });
  // An eligible person of the township (grade 1 or 2, 低保, 在册) with a bank account and a name unique in the county.
  const row = env.sql(`SELECT id || '|' || name || '|' || id_number || '|' || bank_account FROM person p
    WHERE status = 1 AND dibao = 1 AND grade IN (1, 2) AND coalesce(bank_account, '') <> ''
    AND village_code BETWEEN '${TOWNSHIP}' AND '341699001999'
    AND NOT EXISTS (SELECT 1 FROM person q WHERE q.name = p.name AND q.id <> p.id) ORDER BY id LIMIT 1`);
  assert.ok(row, 'an eligible person in the township');
  const [id, name, idNumber, account] = row.split('|');
  person = { id: Number(id), name, idNumber, account };
  town = await newPage(env, { bypassCSP: true });
  await loginWithChange(town, 'clerk');
});

after(async () => {
  if (env) await env.close();
});

test('the township applies from the person page: a missing bank card refused, then all four documents', async () => {
  await town.goto(`/persons/${person.id}`);
  const enrol = town.locator('details.enrol', { hasText: '贫困重度残疾人生活特别救助工程' });
  await enrol.locator('summary').click();
  assert.equal(await enrol.getByLabel('年度').inputValue(), String(YEAR), 'the year is the server day\'s');
  await enrol.getByLabel(DATE).fill(APPLIED);
  await enrol.getByLabel('残疾证').selectOption({ label: '是' });
  await enrol.getByLabel('低保证').selectOption({ label: '是' });
  await enrol.getByLabel('身份证或户口簿').selectOption({ label: '是' });
  await enrol.getByLabel('银行卡').selectOption({ label: '否' });
  await enrol.getByLabel('备注').fill('本人到乡镇办理');
  await enrol.getByRole('button', { name: '申请', exact: true }).click();
  await town.getByRole('alert').waitFor();
  assert.equal(new URL(town.url()).pathname, '/projects/assistance/enrol');
  assert.match(await town.getByRole('alert').textContent(), /有 1 项填写有误/);
  const bank = town.getByLabel('银行卡');
  assert.equal(await bank.getAttribute('aria-invalid'), 'true');
  assert.equal(await town.locator(`#${await bank.getAttribute('aria-describedby')}`).textContent(),
    '缺少银行卡：须为“是”才能办理“申请”');
  // What was typed is kept.
  assert.equal(await bank.inputValue(), 'false');
  assert.equal(await town.getByLabel('残疾证').inputValue(), 'true');
  assert.equal(await town.getByLabel('低保证').inputValue(), 'true');
  assert.equal(await town.getByLabel('身份证或户口簿').inputValue(), 'true');
  assert.equal(await town.getByLabel(DATE).inputValue(), APPLIED);
  assert.equal(await town.getByLabel('年度').inputValue(), String(YEAR));
  assert.equal(await town.getByLabel('备注').inputValue(), '本人到乡镇办理');
  assert.equal(env.sql(`SELECT count(*) FROM program_case WHERE person_id = ${person.id}`), '0');
  await screenshot(town, 'assistance-enrol-refused');

  await bank.selectOption({ label: '是' });
  await town.getByRole('button', { name: '申请', exact: true }).click();
  await town.waitForURL(/\/cases\/\d+\?done=apply$/);
  await town.getByText('已保存：申请。').waitFor();
  caseId = Number(new URL(town.url()).pathname.split('/').pop());
  assert.equal(env.sql(`SELECT program_code || '|' || year || '|' || stage || '|' || stage_date FROM program_case
    WHERE person_id = ${person.id}`), `assistance|${YEAR}|applied|${APPLIED}`);
  assert.equal(env.sql(`SELECT id FROM program_case WHERE person_id = ${person.id}`), String(caseId));
});

test('村公示 on the case page: too early refused, an objection recorded and dismissed, 乡镇上报 after the period', async () => {
  await formOf(town, '村公示').getByLabel(DATE).fill(NOTICE);
  await formOf(town, '村公示').getByRole('button', { name: '村公示', exact: true }).click();
  await town.waitForURL(/done=publish$/);
  assert.equal(env.sql(`SELECT stage || '|' || stage_date FROM program_case WHERE id = ${caseId}`), `in_notice|${NOTICE}`);

  // Before the 7 days are over.
  await formOf(town, '乡镇上报').getByLabel(DATE).fill('2024-05-10');
  await formOf(town, '乡镇上报').getByRole('button', { name: '乡镇上报', exact: true }).click();
  await town.getByRole('alert').waitFor();
  assert.equal(await town.getByRole('alert').textContent(),
    `“村公示”期未满：自${NOTICE}起7天，${SUBMITTED}起才能办理“乡镇上报”`);
  assert.equal(await formOf(town, '乡镇上报').getByLabel(DATE).inputValue(), '2024-05-10');
  assert.equal(env.sql(`SELECT stage FROM program_case WHERE id = ${caseId}`), 'in_notice');

  // An objection on the case page, then dismissed with a reason.
  const objections = town.locator('#objections');
  await objections.getByLabel('异议人').fill('张某');
  await objections.getByLabel('异议内容').fill('反映其家中有经营性收入');
  await objections.getByLabel('提出日期').fill('2024-05-08');
  await objections.getByRole('button', { name: '登记异议' }).click();
  await town.waitForURL(/done=objection#objections$/);
  await town.getByText('异议已登记。').waitFor();
  const oid = env.sql(`SELECT id FROM case_objection WHERE case_id = ${caseId}`);
  assert.match(oid, /^\d+$/);
  let rows = await objections.locator('tbody tr').allTextContents();
  assert.equal(rows.length, 1);
  assert.match(rows[0], /张某反映其家中有经营性收入/);
  assert.match(rows[0], /待处理/);
  // With an open objection the case is held even after the period.
  await formOf(town, '乡镇上报').getByLabel(DATE).fill(SUBMITTED);
  await formOf(town, '乡镇上报').getByRole('button', { name: '乡镇上报', exact: true }).click();
  await town.getByRole('alert').waitFor();
  assert.match(await town.getByRole('alert').textContent(), /有1条异议尚未处理/);

  const resolve = town.locator('form', { has: town.getByRole('button', { name: '保存处理结果' }) });
  await town.getByRole('heading', { name: `处理异议（编号${oid}）` }).waitFor();
  await resolve.getByLabel('处理结果').selectOption({ label: '异议不成立（继续办理）' });
  await resolve.getByLabel('处理日期').fill('2024-05-09');
  await resolve.getByLabel('处理意见（理由）').fill('经村委会核实，收入为子女赡养费，不计入');
  await checkA11y(town, 'the case page with an open objection');
  await resolve.getByRole('button', { name: '保存处理结果' }).click();
  await town.waitForURL(/done=resolve#objections$/);
  await town.getByText('异议已处理。').waitFor();
  rows = await objections.locator('tbody tr').allTextContents();
  assert.match(rows[0], /异议不成立/);
  assert.match(rows[0], /2024-05-09/);
  assert.match(rows[0], /经村委会核实，收入为子女赡养费，不计入/);
  assert.equal(await town.getByRole('button', { name: '保存处理结果' }).count(), 0);
  assert.equal(env.sql(`SELECT objector || '|' || raised_on || '|' || resolution || '|' || resolved_on || '|' || resolved_by
    FROM case_objection WHERE id = ${oid}`), '张某|2024-05-08|dismissed|2024-05-09|clerk');
  await checkA11y(town, 'the case page with its objection section');

  // After the period: 乡镇上报.
  await formOf(town, '乡镇上报').getByLabel(DATE).fill(SUBMITTED);
  await formOf(town, '乡镇上报').getByRole('button', { name: '乡镇上报', exact: true }).click();
  await town.waitForURL(/done=submit$/);
  assert.equal(env.sql(`SELECT stage || '|' || stage_date FROM program_case WHERE id = ${caseId}`), `submitted|${SUBMITTED}`);
});

test('county staff review on site and approve: the archive number on the case page', async () => {
  staff = await newPage(env, { bypassCSP: true });
  await loginWithChange(staff, 'office');
  await staff.goto(`/cases/${caseId}`);
  await staff.getByRole('heading', { level: 2, name: person.name }).waitFor();
  const review = formOf(staff, '审核通过');
  await review.getByLabel(DATE).fill('2024-05-20');
  await review.getByLabel('审核方式').selectOption({ label: '乡镇集中现场审核' });
  await review.getByLabel('审核人').fill('王审核');
  await review.getByLabel('审核日期').fill('2024-05-20');
  await review.getByLabel('审核意见').fill('材料齐全，情况属实');
  await review.getByRole('button', { name: '审核通过', exact: true }).click();
  await staff.waitForURL(/done=review_pass$/);
  const approve = formOf(staff, '审批通过');
  await approve.getByLabel(DATE).fill('2024-06-01');
  await approve.getByRole('button', { name: '审批通过', exact: true }).click();
  await staff.waitForURL(/done=approve$/);
  await staff.getByText('已保存：审批通过。').waitFor();
  const archive = env.sql(`SELECT archive_no FROM case_archive WHERE case_id = ${caseId}`);
  assert.match(archive, /^3416992024\d{6}$/);
  const facts = staff.locator('dl.facts').first();
  assert.match(await facts.textContent(), new RegExp(`档案编号（一人一档）${archive}`));
  assert.equal(env.sql(`SELECT stage FROM program_case WHERE id = ${caseId}`), 'approved');
  const fields = JSON.parse(env.sql(`SELECT fields FROM case_event WHERE case_id = ${caseId} AND transition = 'review_pass'`));
  assert.deepEqual(fields, { review_method: 'onsite', reviewer: '王审核', review_date: '2024-05-20', finding: '材料齐全，情况属实' });
  await screenshot(staff, 'assistance-case');
});

test('a standard by the county admin, a half-year batch by the staff, the bank file with the full account', async () => {
  const admin = await newPage(env);
  await loginWithChange(admin, 'chief');
  await admin.goto(`/projects/assistance?year=${YEAR}`);
  await admin.getByRole('link', { name: '资金发放' }).first().click();
  await admin.waitForURL(new RegExp(`/projects/assistance/payments\\?year=${YEAR}$`));
  await admin.getByLabel('户口性质').selectOption({ label: '不限' });
  await admin.getByLabel('残疾等级').selectOption({ label: '不限' });
  await admin.getByLabel(/^每人每期金额/).fill(AMOUNT);
  await admin.getByRole('button', { name: '保存标准' }).click();
  await admin.waitForURL(/saved=1$/);
  const standards = admin.locator('section', { has: admin.getByRole('heading', { name: '发放标准' }) });
  assert.match((await standards.locator('tbody tr').allTextContents()).join('\n'), new RegExp(`不限不限${AMOUNT}`));
  await admin.context().close();

  await staff.goto(`/projects/assistance/payments?year=${YEAR}`);
  assert.equal(await staff.getByRole('button', { name: '保存标准' }).count(), 0, 'staff do not set standards');
  await staff.getByLabel(/^发放期/).fill(PERIOD);
  assert.equal(await staff.getByLabel('可发放阶段').inputValue(), 'approved');
  // The final stages are ticked by default; a suspended case has reached 审批通过 too, so 暂停发放 is ticked here.
  for (const s of ['不予通过', '本人放弃', '停止发放']) assert.ok(await staff.getByLabel(s, { exact: true }).isChecked(), s);
  await staff.getByLabel('暂停发放', { exact: true }).check();
  await staff.getByRole('button', { name: '生成批次' }).click();
  await staff.waitForURL(/\/payments\/\d+\?built=1$/);
  const batch = Number(new URL(staff.url()).pathname.split('/').pop());
  await staff.getByText('发放批次已生成（草稿）').waitFor();
  assert.match(await staff.locator('dl.facts').textContent(), /停发阶段暂停发放、不予通过、本人放弃、停止发放/);
  assert.equal(env.sql(`SELECT stop_stages FROM payment_batch WHERE id = ${batch}`), ',suspended,rejected,withdrawn,stopped,');
  const detail = await staff.locator('section', { has: staff.getByRole('heading', { name: '发放明细' }) })
    .locator('tbody tr').allTextContents();
  assert.equal(detail.length, 1);
  assert.match(detail[0], new RegExp(`${person.name}.*${AMOUNT}`));
  assert.ok(!detail[0].includes(person.account), 'the account is masked on the page');

  const [download] = await Promise.all([staff.waitForEvent('download'),
    staff.getByRole('link', { name: '下载银行文件（CSV）' }).click()]);
  assert.equal(download.suggestedFilename(), `发放清单-assistance-${PERIOD}-第${batch}批.csv`);
  const saved = path.join(env.dir, 'bank.csv');
  await download.saveAs(saved);
  const rows = fs.readFileSync(saved, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/)
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
  assert.deepEqual(rows[0], ['序号', '姓名', '身份证号', '开户银行', '银行账号', '金额(元)']);
  assert.equal(rows.length, 2);
  const [seq, name, idNumber, , account, amount] = rows[1];
  assert.deepEqual([seq, name, idNumber, account, amount], ['1', person.name, person.idNumber, person.account, AMOUNT]);

  // The project's payments page with its batch.
  await staff.goto(`/projects/assistance/payments?year=${YEAR}`);
  const batches = await staff.locator('section', { has: staff.getByRole('heading', { name: '发放批次' }) })
    .locator('tbody tr').allTextContents();
  assert.equal(batches.length, 1);
  assert.match(batches[0], new RegExp(`第${batch}批${PERIOD}草稿1${AMOUNT}`));
  await checkA11y(staff, 'the payments page with a batch');
  await screenshot(staff, 'assistance-payments');
});
