// Browser test of issue 6: a personal assistant submits a timesheet on a phone, their employer
// (the budget holder) approves it and runs the pay, and the payslip the pay run made opens as a
// PDF for the PA. The PA's concern form and the PA finder are visited too. Every page visited is
// scanned with axe-core (WCAG 2.2 AA: zero violations). The test world's PA and employment come
// from pa_demo_seed (src/store/pa_demo.h), called by serve --seed-fixture.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BASE = process.env.SELFDIRECT_URL;
const FIXTURE = JSON.parse(readFileSync(process.env.SELFDIRECT_FIXTURE, 'utf8'));
const VIEWPORTS = { phone: { width: 375, height: 740 }, desktop: { width: 1280, height: 900 } };

let browser;
let profile;

before(async () => {
  profile = mkdtempSync(join(tmpdir(), 'selfdirect-chromium-'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function newPage(viewport) {
  const context = await browser.newContext({ viewport, baseURL: BASE });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4(00|03|04|09|22)/.test(m.text()))
      page.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  return { context, page };
}

async function checkPage(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
  );
  const problems = result.violations.map((v) => `${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
  assert.equal(await page.locator('main#main-content').count(), 1, `${label}: main landmark`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${label}: page is ${overflow}px wider than the screen`);
  return problems.concat(page.problems.splice(0));
}

async function signIn(page, username) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(username);
  await page.getByLabel('Password').fill(FIXTURE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}


function iso(d) {
  return d.toISOString().slice(0, 10);
}

test('phone: a PA sends a timesheet, the employer approves it and pays, the PA opens the payslip', async () => {
  const phone = VIEWPORTS.phone;
  let problems = [];
  const today = new Date();
  const start = new Date(today.getTime() - 16 * 86400000);
  const end = new Date(today.getTime() - 10 * 86400000);

  // 1. The PA, on a phone: their page, then a timesheet.
  {
    const { context, page } = await newPage(phone);
    try {
      await signIn(page, FIXTURE.logins['personal-assistant']);
      await page.goto('/pa');
      problems = problems.concat(await checkPage(page, 'PA home'));
      assert.ok(await page.getByRole('heading', { name: 'Your employers and contracts' }).isVisible());
      assert.ok(await page.getByText('Waiting for your employer to approve it').first().isVisible());
      await page.getByRole('link', { name: 'Send a timesheet' }).click();
      await page.waitForLoadState('load');
      problems = problems.concat(await checkPage(page, 'timesheet form'));

      // A mistake first: no hours. The error is shown at the top and beside the field.
      await page.getByLabel('First day worked').fill(iso(start));
      await page.getByLabel('Last day worked').fill(iso(end));
      await page.getByRole('button', { name: 'Send timesheet' }).click();
      await page.waitForLoadState('load');
      assert.ok(await page.getByText('Enter the hours worked').first().isVisible());
      problems = problems.concat(await checkPage(page, 'timesheet form with an error'));

      await page.getByLabel('Hours worked', { exact: true }).fill('12.5');
      await page.getByRole('button', { name: 'Send timesheet' }).click();
      await page.waitForLoadState('load');
      assert.equal(new URL(page.url()).pathname, '/pa');
      assert.ok(await page.getByText('Your timesheet has been sent to your employer').isVisible());
      assert.ok(await page.getByText('12 hours 30 minutes worked').isVisible());
      problems = problems.concat(await checkPage(page, 'PA home after sending'));

      // The PA cannot approve anything: the employer's page is not theirs.
      const r = await page.goto('/pa/employer');
      assert.equal(r.status(), 403);

      // A concern reaches the named contact, with a date to respond by.
      await page.goto('/pa/concern');
      problems = problems.concat(await checkPage(page, 'concern form'));
      await page.getByLabel('My pay').check();
      await page.getByLabel('Tell us what happened').fill('My last payslip did not include the Sunday shift.');
      await page.getByRole('button', { name: 'Send concern' }).click();
      await page.waitForLoadState('load');
      assert.ok(await page.getByText('Your concern has been sent to the named contact').isVisible());
      assert.ok(await page.getByText('Sent to Priya Demo').isVisible());
      assert.ok(await page.getByText('No response yet.').isVisible());
    } finally {
      await context.close();
    }
  }

  // 2. The employer (the budget holder) approves both timesheets and runs the pay.
  let runUrl;
  {
    const { context, page } = await newPage(VIEWPORTS.desktop);
    try {
      await signIn(page, FIXTURE.logins['budget-holder']);
      await page.goto('/pa/employer');
      problems = problems.concat(await checkPage(page, 'employer'));
      assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 2);
      await page.getByRole('button', { name: 'Approve' }).first().click();
      await page.waitForLoadState('load');
      assert.ok(await page.getByText('Timesheet approved').isVisible());
      await page.getByRole('button', { name: 'Approve' }).first().click();
      await page.waitForLoadState('load');
      assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0);
      await page.getByLabel('Pay date').fill(iso(today));
      await page.getByRole('button', { name: 'Run the pay' }).click();
      await page.waitForLoadState('load');
      assert.match(new URL(page.url()).pathname, /^\/pa\/employer\/runs\/\d+$/);
      runUrl = new URL(page.url()).pathname;
      problems = problems.concat(await checkPage(page, 'pay run'));
      assert.ok(await page.getByText('To HMRC (tax and National Insurance)').isVisible());
      assert.ok(await page.getByText(/Pay HMRC by/).isVisible());
      assert.ok(await page.getByText('(take-home pay)').first().isVisible());

      // Running the same period again pays nobody twice: the same run comes back.
      await page.goto('/pa/employer');
      await page.getByLabel('Pay date').fill(iso(today));
      await page.getByRole('button', { name: 'Run the pay' }).click();
      await page.waitForLoadState('load');
      assert.equal(new URL(page.url()).pathname, runUrl);

      // The PA finder, with why checks matter.
      await page.goto('/pa-finder');
      problems = problems.concat(await checkPage(page, 'PA finder'));
      assert.ok(await page.locator('#why-checks').isVisible());
      await page.getByLabel('Also show personal assistants the register has not checked').check();
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForLoadState('load');
      assert.ok(await page.getByText('Pat Demo').first().isVisible());
      problems = problems.concat(await checkPage(page, 'PA finder, everyone'));
    } finally {
      await context.close();
    }
  }

  // 3. The PA opens the payslip.
  {
    const { context, page } = await newPage(phone);
    try {
      await signIn(page, FIXTURE.logins['personal-assistant']);
      await page.goto('/pa');
      const link = page.getByRole('link', { name: /Payslip for .* \(PDF\)/ }).first();
      assert.ok(await link.isVisible());
      assert.ok(await page.getByText('Paid').first().isVisible());
      problems = problems.concat(await checkPage(page, 'PA home with a payslip'));
      const href = await link.getAttribute('href');
      const res = await page.request.get(href);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'], /^application\/pdf/);
      assert.equal((await res.body()).subarray(0, 5).toString(), '%PDF-');
      // Another PA's payslip, or one that does not exist, is simply not there.
      const other = await page.request.get('/pa/payslips/999999/pdf');
      assert.equal(other.status(), 404);
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(problems, []);
});

test('the named contact answers a PA\'s concern and closes it; the PA sees the response and outcome', async () => {
  let problems = [];
  const words = `The hoist has not been serviced since March (${Date.now()}).`;
  {
    const { context, page } = await newPage(VIEWPORTS.phone);
    try {
      await signIn(page, FIXTURE.logins['personal-assistant']);
      await page.goto('/pa/concern');
      await page.getByLabel('Safety (mine or the person I support)').check();
      await page.getByLabel('Tell us what happened').fill(words);
      await page.getByRole('button', { name: 'Send concern' }).click();
      await page.waitForLoadState('load');
      assert.ok(await page.getByText('Your concern has been sent to the named contact').isVisible());
    } finally {
      await context.close();
    }
  }
  {
    // The support organisation's worker is the named contact for the PA's register entry.
    const { context, page } = await newPage(VIEWPORTS.desktop);
    try {
      await signIn(page, FIXTURE.logins['support-organisation-worker']);
      await page.goto('/pa-concerns');
      problems = problems.concat(await checkPage(page, 'concerns worklist'));
      const links = page.getByRole('link', { name: 'Pat Demo' });
      assert.ok((await links.count()) >= 1);
      await links.last().click(); // the newest: the worklist is in respond-by order
      await page.waitForLoadState('load');
      assert.ok(await page.getByText(words).isVisible());
      problems = problems.concat(await checkPage(page, 'a concern'));
      // An empty response is refused beside the box.
      await page.getByRole('button', { name: 'Send response' }).click();
      await page.waitForLoadState('load');
      problems = problems.concat(await checkPage(page, 'a concern with an error'));
      await page.getByLabel('Your response (the personal assistant sees it)').fill('We have asked your employer to book the service this week.');
      await page.getByRole('button', { name: 'Send response' }).click();
      await page.waitForLoadState('load');
      assert.ok(await page.getByText('Your response has been sent').isVisible());
      await page.getByRole('link', { name: 'Pat Demo' }).last().click();
      await page.waitForLoadState('load');
      await page.getByLabel('Resolved').check();
      await page.getByRole('button', { name: 'Close the concern' }).click();
      await page.waitForLoadState('load');
      assert.ok(await page.getByText('The concern is closed.').isVisible());
      problems = problems.concat(await checkPage(page, 'worklist after closing'));
    } finally {
      await context.close();
    }
  }
  {
    const { context, page } = await newPage(VIEWPORTS.phone);
    try {
      await signIn(page, FIXTURE.logins['personal-assistant']);
      await page.goto('/pa');
      assert.ok(await page.getByText('We have asked your employer to book the service this week.').isVisible());
      assert.ok(await page.getByText('Outcome: Resolved.').first().isVisible());
      problems = problems.concat(await checkPage(page, 'PA home with a closed concern'));
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(problems, []);
});
