// Browser journeys of issue 5, in Debian's Chromium (playwright-core), with the axe-core WCAG 2.2
// AA scan and the page checks of journeys.test.mjs on every page visited:
//   - managers set sign-off limits; the worker proposes the budget, which is above their limit and
//     goes to their manager, who agrees it;
//   - the worker tries to set up an arrangement before recording that every option was offered,
//     and is refused with a clear message; then records the offer;
//   - the person, on a phone, reads the options in easy read, chooses a mix, writes a plan with a
//     PA, a gym membership and a class, sees it costed against the budget, and sends it;
//   - the worker, within their limit, approves it;
//   - the person changes the plan (a new version) to more than the worker's limit: it goes to the
//     manager, who approves it.
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
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };
const P = FIXTURE.people.linked;

let browser;
let profile;

before(async () => {
  profile = mkdtempSync(join(tmpdir(), 'selfdirect-chromium-plan-'));
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
    // A refusal or a form sent back with errors (403, 404, 409, 422) is logged by Chromium as a
    // failed load: expected. Anything else (a CSP refusal, a script error) is a problem.
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4(03|04|09|22)/.test(m.text()))
      page.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  return { context, page };
}

const problems = [];

async function check(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
  );
  for (const v of result.violations)
    problems.push(`${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
  assert.equal(await page.locator('main#main-content').count(), 1, `${label}: main landmark`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) problems.push(`${label}: page is ${overflow}px wider than the screen`);
  problems.push(...page.problems.splice(0));
}

async function go(page, path, label) {
  await page.goto(path);
  await check(page, label);
}

async function click(page, locator, label) {
  await locator.click();
  await page.waitForLoadState('load');
  await check(page, label);
}

async function signIn(page, role) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(FIXTURE.logins[role]);
  await page.getByLabel('Password').fill(FIXTURE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

async function as(role, viewport = DESKTOP) {
  const { context, page } = await newPage(viewport);
  await signIn(page, role);
  return { context, page };
}

function card(page, name) {
  return page.locator('.govuk-summary-card', { has: page.getByRole('heading', { name, exact: true }) });
}

test('managers set sign-off limits; a budget above the worker\'s limit goes to the manager', async () => {
  // The administrator sets the limit of the top of the chain (the team manager).
  let s = await as('council-administrator');
  try {
    await go(s.page, '/sign-off/limits', 'admin limits');
    const tom = card(s.page, 'Tom Manager');
    await tom.getByLabel('New limit for Tom Manager: pounds a year').fill('50000');
    await click(s.page, tom.getByRole('button', { name: 'Set the limit' }), 'admin limit set');
    assert.ok(await card(s.page, 'Tom Manager').getByText('Limit: £50,000.00 a year.').isVisible());
  } finally {
    await s.context.close();
  }
  // The manager sets the worker's.
  s = await as('team-manager');
  try {
    await go(s.page, '/sign-off/limits', 'manager limits');
    await s.page.getByLabel('New limit for Sam Worker: pounds a year').fill('10000');
    await s.page.getByLabel('Reason (optional)').fill('Experienced worker');
    await click(s.page, s.page.getByRole('button', { name: 'Set the limit' }), 'manager limit set');
    assert.ok(await s.page.getByText('Limit: £10,000.00 a year.').isVisible());
  } finally {
    await s.context.close();
  }
  // The worker proposes £25,000: above their limit, so it goes to their manager.
  s = await as('social-worker');
  try {
    await go(s.page, `/people/${P}/agreed-budget`, 'budget');
    await s.page.getByLabel('Budget: pounds a year').fill('25000');
    await s.page.getByLabel('Reasons').fill('Worked out with Linda from her assessment.');
    await click(s.page, s.page.getByRole('button', { name: 'Propose this budget' }), 'budget proposed');
    assert.ok(await s.page.getByText(/above Sam Worker's sign-off limit of £10,000.00/).first().isVisible());
  } finally {
    await s.context.close();
  }
  s = await as('team-manager');
  try {
    await go(s.page, '/sign-off', 'manager sign-off list');
    await click(s.page, s.page.getByRole('link', { name: /Linda Linked: budget, £25,000.00 a year/ }), 'budget request');
    await s.page.getByLabel('Approve', { exact: true }).check();
    await click(s.page, s.page.getByRole('button', { name: 'Record the decision' }), 'budget approved');
    assert.ok(await s.page.getByText('Approved', { exact: true }).first().isVisible());
  } finally {
    await s.context.close();
  }
  assert.deepEqual(problems.splice(0), []);
});

test('setting up an arrangement with no recorded offer of every option is refused, clearly', async () => {
  const s = await as('social-worker');
  try {
    await go(s.page, `/people/${P}/arrangements`, 'arrangements');
    await s.page.getByLabel('Direct payment').check();
    await click(s.page, s.page.getByRole('button', { name: 'Set up the arrangement' }), 'arrangement refused');
    assert.ok(await s.page.getByRole('heading', { name: 'There is a problem' }).isVisible());
    assert.ok(await s.page.locator('.govuk-error-summary').getByText(/no record that the person was offered every way/).isVisible());
    assert.ok(await s.page.getByText('None set up yet.').isVisible());
    // Then the worker records the conversation: every way offered, in easy read.
    await go(s.page, `/people/${P}/choice/record`, 'record offer');
    await s.page.getByLabel('Easy read').check();
    await s.page.getByLabel('Who was there').fill('Linda Linked\nRita Representative');
    await click(s.page, s.page.getByRole('button', { name: 'Save the record' }), 'offer recorded');
    assert.equal(new URL(s.page.url()).pathname, `/people/${P}/choice`);
    assert.ok(await s.page.getByText('Rita Representative').first().isVisible());
  } finally {
    await s.context.close();
  }
  assert.deepEqual(problems.splice(0), []);
});

test('on a phone, the person reads the options in easy read, chooses a mix, writes and sends a plan', async () => {
  const { context, page } = await as('budget-holder', PHONE);
  try {
    assert.equal(new URL(page.url()).pathname, '/my-support');
    await check(page, 'phone my support');
    await click(page, page.getByRole('link', { name: 'Your budget, how you take it, and your support plan' }), 'phone plan home');
    assert.ok(await page.getByText('£25,000.00 a year').first().isVisible());
    await click(page, page.getByRole('link', { name: 'easy read' }).first(), 'phone options easy read');
    assert.equal(await page.locator('h1').textContent(), 'Your money for support: how to get it');
    assert.ok(await page.getByText('You can also mix them.').isVisible());
    await go(page, `/people/${P}/plan`, 'phone plan home again');
    await click(page, page.getByRole('link', { name: 'Choose how to take your budget' }), 'phone choose');
    await page.getByLabel('Direct payment: pounds a year').fill('20000');
    await page.getByLabel('Council-managed budget: pounds a year').fill('5000');
    await page.getByLabel('Why have you chosen this? (optional)').fill('I want to choose my own PA, and keep the council\'s help with the rest.');
    await click(page, page.getByRole('button', { name: 'Save my choice' }), 'phone choice saved');
    assert.ok(await page.getByText(/\(a mix\)/).isVisible());

    // The test world may hold an earlier, signed-off plan (the direct payments fixture): then the
    // person starts a new version of it; otherwise they start their first.
    if (await page.getByRole('link', { name: 'Start the plan' }).count()) {
      await click(page, page.getByRole('link', { name: 'Start the plan' }), 'phone about me');
    } else {
      await click(page, page.getByRole('button', { name: 'Change the plan (start a new version)' }), 'phone new version');
      await click(page, page.getByRole('link', { name: 'About me', exact: true }), 'phone about me');
    }
    await page.getByLabel('About me', { exact: true }).fill('I am 75. I love my garden and my friends at the library.');
    await page.getByLabel('What matters to me').fill('Getting out every day. My garden.');
    await page.getByLabel('When would you like your plan to start?').fill('2025-07-01');
    await click(page, page.getByRole('button', { name: 'Save and continue' }), 'phone outcomes');
    if (await page.getByLabel('Outcome 1', { exact: true }).count()) {
      await page.getByLabel('Outcome 1', { exact: true }).fill('Get up and out each morning');
      await page.getByLabel('New outcome 1 (optional)').fill('Be fitter and stronger');
    } else {
      await page.getByLabel('New outcome 1').fill('Get up and out each morning');
      await page.getByLabel('New outcome 2 (optional)').fill('Be fitter and stronger');
    }
    await click(page, page.getByRole('button', { name: 'Save and continue' }), 'phone budget step');
    // Start from nothing: take out whatever an earlier plan had.
    while (await page.getByRole('button', { name: /^Remove/ }).count())
      await click(page, page.getByRole('button', { name: /^Remove/ }).first(), 'phone line removed');

    // A personal assistant, 10 hours a week at £12.60.
    await page.getByLabel('A personal assistant (PA)').check();
    await click(page, page.getByRole('button', { name: 'Add this support' }), 'phone add PA');
    await page.getByLabel('What is it?').fill('Personal assistant for mornings');
    await page.getByLabel('How many hours each time?').fill('10');
    await page.getByLabel('Pay an hour, in pounds').fill('12.60');
    await page.getByLabel("The PA's name (if you know it)").fill('Jo');
    await page.getByLabel('Get up and out each morning').check();
    await click(page, page.getByRole('button', { name: 'Save this support' }), 'phone PA added');
    // A gym membership, £25 a month.
    await page.getByLabel('An activity or membership').check();
    await click(page, page.getByRole('button', { name: 'Add this support' }), 'phone add gym');
    await page.getByLabel('What is it?').fill('Gym membership');
    await page.getByLabel('Every month').check();
    await page.getByLabel('Cost of each, in pounds').fill('25');
    await page.getByLabel('Be fitter and stronger').check();
    await click(page, page.getByRole('button', { name: 'Save this support' }), 'phone gym added');
    // A class, £8 a week.
    await page.getByLabel('An activity or membership').check();
    await click(page, page.getByRole('button', { name: 'Add this support' }), 'phone add class');
    await page.getByLabel('What is it?').fill('Pottery class');
    await page.getByLabel('Cost of each, in pounds').fill('8');
    await page.getByLabel('Get up and out each morning').check();
    await page.getByLabel('Be fitter and stronger').check();
    await click(page, page.getByRole('button', { name: 'Save this support' }), 'phone class added');

    // Costed against the budget: the PA at the true cost of employing them.
    const costs = page.locator('.app-costing');
    assert.ok(await costs.getByText('£162.91 a week, £651.65 every 4 weeks, £8,471.48 a year').isVisible());
    assert.ok(await costs.getByText('£480.77 a week, £1,923.08 every 4 weeks, £25,000.00 a year').isVisible());
    assert.ok(await costs.getByText('£16,528.52 a year').isVisible());
    assert.ok(await page.getByText('£7,755.48 a year').first().isVisible());
    assert.ok(await page.getByText(/does not yet say what happens if things go wrong/).isVisible());

    await click(page, page.getByRole('button', { name: 'Save and continue' }), 'phone who helps');
    await page.getByLabel('Who will help me').fill('My daughter Rita, and Jo my PA.');
    await click(page, page.getByRole('button', { name: 'Save and continue' }), 'phone money');
    await page.getByLabel('How I will manage my money').fill('A separate bank account; a payroll service pays Jo.');
    await click(page, page.getByRole('button', { name: 'Save and continue' }), 'phone contingency');
    await page.getByLabel('What happens if things go wrong').fill('Rita covers when Jo is ill or on holiday.');
    await click(page, page.getByRole('button', { name: 'Save and continue' }), 'phone risks');
    await page.getByLabel('Risks and how I will manage them').fill('I might fall: I have a pendant alarm.');
    await click(page, page.getByRole('button', { name: 'Save and check the plan' }), 'phone check');
    assert.ok(await page.getByRole('heading', { name: 'Pottery class' }).isVisible());
    await click(page, page.getByRole('button', { name: 'Send for sign-off' }), 'phone sent');
    assert.ok(await page.getByText('Sent for sign-off').first().isVisible());
    assert.ok(await page.getByText(/within Sam Worker's sign-off limit/).isVisible());
  } finally {
    await context.close();
  }
  assert.deepEqual(problems.splice(0), []);
});

test('the worker approves the plan within their limit; a changed plan over it goes to the manager', async () => {
  let s = await as('social-worker');
  try {
    await go(s.page, '/sign-off', 'worker sign-off list');
    await click(s.page, s.page.getByRole('link', { name: /Linda Linked: plan version \d+/ }).first(), 'plan request');
    await s.page.getByLabel('Approve', { exact: true }).check();
    await click(s.page, s.page.getByRole('button', { name: 'Record the decision' }), 'plan approved');
    assert.ok(await s.page.getByText(/Approved by Sam Worker/).first().isVisible());
  } finally {
    await s.context.close();
  }
  // The person changes the plan: a new version, with 20 hours of PA.
  s = await as('budget-holder', PHONE);
  try {
    await go(s.page, `/people/${P}/plan`, 'phone signed off');
    assert.ok(await s.page.getByText('Signed off', { exact: true }).first().isVisible());
    await click(s.page, s.page.getByRole('button', { name: 'Change the plan (start a new version)' }), 'phone new version');
    await click(s.page, s.page.getByRole('link', { name: 'How I will use my budget' }), 'phone budget v2');
    await click(s.page, card(s.page, 'Personal assistant for mornings').getByRole('link', { name: /Change/ }), 'phone change PA');
    await s.page.getByLabel('How many hours each time?').fill('20');
    await click(s.page, s.page.getByRole('button', { name: 'Save this support' }), 'phone PA changed');
    await go(s.page, `/people/${P}/plan/edit?step=check`, 'phone check v2');
    await click(s.page, s.page.getByRole('button', { name: 'Send for sign-off' }), 'phone sent v2');
    assert.ok(await s.page.getByText(/above Sam Worker's sign-off limit of £10,000.00 a year, so it goes to their manager, Tom Manager/).isVisible());
  } finally {
    await s.context.close();
  }
  s = await as('team-manager');
  try {
    await go(s.page, '/sign-off', 'manager list v2');
    await click(s.page, s.page.getByRole('link', { name: /Linda Linked: plan version \d+/ }).first(), 'plan v2 request');
    await s.page.getByLabel('Approve', { exact: true }).check();
    await click(s.page, s.page.getByRole('button', { name: 'Record the decision' }), 'plan v2 approved');
    assert.ok(await s.page.getByText(/Approved by Tom Manager/).first().isVisible());
    await go(s.page, `/people/${P}/plan/history`, 'plan history');
    assert.ok(await s.page.getByText('Replaced by a later version').first().isVisible());
  } finally {
    await s.context.close();
  }
  assert.deepEqual(problems.splice(0), []);
});

test('on a phone, a manager reads the traditional-support report and the person stops reminders', async () => {
  let s = await as('team-manager', PHONE);
  try {
    await go(s.page, '/reports/traditional', 'phone traditional report');
    await s.page.getByText('What is counted, and how').click();
    assert.ok(await s.page.getByText(/agency \(home care\) hours/).isVisible());
    assert.ok(await s.page.getByRole('heading', { name: 'The whole council' }).isVisible());
    assert.ok(await s.page.getByRole('link', { name: /Download this report/ }).isVisible());
    await s.page.getByLabel('Signed off from').fill('2030-01-01');
    await s.page.getByLabel('To').fill('2029-01-01');
    await click(s.page, s.page.getByRole('button', { name: 'Show' }), 'phone traditional report refused dates');
    assert.ok(await s.page.getByText('The end of the period is before its start.').first().isVisible());
  } finally {
    await s.context.close();
  }
  s = await as('budget-holder', PHONE);
  try {
    await go(s.page, `/people/${P}/plan`, 'phone plan for reminders');
    await click(s.page, s.page.getByRole('link', { name: 'Choose whether we e-mail you reminders' }), 'phone reminders');
    await s.page.getByLabel('No, do not send me reminders').check();
    await click(s.page, s.page.getByRole('button', { name: 'Save' }), 'phone reminders saved');
    assert.ok(await s.page.getByText('At the moment we do not send you reminders.').isVisible());
  } finally {
    await s.context.close();
  }
  assert.deepEqual(problems.splice(0), []);
});
