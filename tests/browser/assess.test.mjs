// Browser test: a person completes their own self-assessment on a phone and sees their
// indicative budget and its explanation. Debian's Chromium driven by playwright-core, a 375px
// screen, an axe-core WCAG 2.2 AA scan of every page visited (zero violations), and a watch for
// script errors and content security policy refusals. The council's RAS configuration (the demo
// council's, with the fixture council's code) is loaded first through the API, as a council
// administrator would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BASE = process.env.SELFDIRECT_URL;
const FIXTURE = JSON.parse(readFileSync(process.env.SELFDIRECT_FIXTURE, 'utf8'));
const DEMO = JSON.parse(readFileSync(here + '../../data/ras/demo-council-ras-v1.json', 'utf8'));
const MODERATE = JSON.parse(readFileSync(here + '../data/ras/demo-moderate-answers.json', 'utf8'));
const PHONE = { width: 375, height: 740 };

let browser;
let profile;

before(async () => {
  profile = mkdtempSync(join(tmpdir(), 'selfdirect-chromium-'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// The council administrator loads the configuration (node's fetch, no browser needed).
async function loadConfiguration() {
  let cookie = '';
  for (const password of [FIXTURE.password, 'a new password here']) {
    const r = await fetch(`${BASE}/api/v1/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: FIXTURE.logins['council-administrator'], password }),
    });
    if (r.status === 201) {
      cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      break;
    }
  }
  assert.ok(cookie, 'the council administrator can sign in');
  const me = await (await fetch(`${BASE}/api/v1/session`, { headers: { Cookie: cookie } })).json();
  const r = await fetch(`${BASE}/api/v1/ras-configs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': me.csrf_token },
    body: JSON.stringify({ ...DEMO, council_code: 'TESTA', version: 'browser-1' }),
  });
  assert.ok(r.status === 201 || r.status === 409, `loading the configuration answered ${r.status}`);
}

async function newPage(viewport = PHONE) {
  const context = await browser.newContext({ viewport, baseURL: BASE });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4(03|04|09|22)/.test(m.text()))
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

async function signIn(page, role) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(FIXTURE.logins[role]);
  await page.getByLabel('Password').fill(FIXTURE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

async function go(page, action) {
  await action();
  await page.waitForLoadState('load');
}

// How the person answers each question, by the step's id.
const NOT_ACHIEVED = { nutrition: 'needs_help', personal_hygiene: 'pain_distress_anxiety', toilet_needs: 'takes_longer' };

async function answer(page, step) {
  if (step === 'what_matters') {
    await page.locator('#answer').fill('Staying in my own home and seeing my grandchildren every week.');
  } else if (['condition1', 'impact', 'carer_helps'].includes(step)) {
    await page.getByLabel('Yes', { exact: true }).check();
  } else if (step.startsWith('outcome:')) {
    const key = step.slice('outcome:'.length);
    if (NOT_ACHIEVED[key]) {
      await page.getByLabel('No, or only with difficulty').check();
      await page.locator(`#reason_${NOT_ACHIEVED[key]}`).check();
    } else if (key === 'child_care') {
      await page.getByLabel('This does not apply to me').check();
    } else {
      await page.getByLabel('Yes, I can do this without difficulty').check();
    }
  } else if (step === 'wellbeing') {
    await page.locator('#wb_dignity').check();
    await page.locator('#wb_health').check();
  } else if (step.startsWith('ras:')) {
    const value = MODERATE.answers[step.slice(4)];
    await page.locator(`input[name="answer"][value="${value}"]`).check();
  } else if (step.startsWith('carer:')) {
    const value = MODERATE.carer.support[step.slice(6)] ?? 'none';
    await page.locator(`input[name="answer"][value="${value}"]`).check();
  } else {
    throw new Error(`no answer for step ${step}`);
  }
}

test('phone: a person completes their own self-assessment and sees their indicative budget and how it was worked out', async () => {
  await loadConfiguration();
  const { context, page } = await newPage();
  let problems = [];
  const seen = [];
  try {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(FIXTURE.logins['budget-holder']);
    await page.getByLabel('Password').fill(FIXTURE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, '/my-support');
    problems = problems.concat(await checkPage(page, 'my support'));

    await page.getByRole('link', { name: /Fill in or continue your assessment/ }).click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').textContent(), 'Your assessment');
    problems = problems.concat(await checkPage(page, 'assessment start'));
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.waitForLoadState('load');

    // One question a page, each saved as it goes.
    for (let i = 0; i < 80 && new URL(page.url()).pathname.endsWith('/assessment/question'); i++) {
      const step = await page.locator('input[name="step"]').inputValue();
      seen.push(step);
      problems = problems.concat(await checkPage(page, `question ${step}`));
      assert.match(await page.locator('.app-question-count').textContent(), /^Question \d+ of \d+$/);
      await answer(page, step);
      if (seen.length === 5) {
        // Stop and come back later: the answers so far are kept and it resumes at the next one.
        await page.getByRole('button', { name: 'Save and continue' }).click();
        await page.waitForLoadState('load');
        const next = await page.locator('input[name="step"]').inputValue();
        await page.getByRole('link', { name: 'Stop for now and come back later' }).click();
        await page.waitForLoadState('load');
        await page.getByRole('link', { name: 'Continue the assessment' }).click();
        await page.waitForLoadState('load');
        assert.equal(await page.locator('input[name="step"]').inputValue(), next, 'resumes where it stopped');
        continue;
      }
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForLoadState('load');
    }
    assert.ok(seen.includes('what_matters') && seen.includes('outcome:nutrition') &&
      seen.includes('ras:personal_care.washing') && seen.includes('carer:personal_care'),
    `questions asked: ${seen.join(' ')}`);

    // Check your answers, then send.
    assert.equal(await page.locator('h1').textContent(), 'Check your answers');
    problems = problems.concat(await checkPage(page, 'check your answers'));
    assert.ok(await page.getByText('I need help to wash every day').isVisible());
    await page.getByRole('button', { name: 'Send the assessment' }).click();
    await page.waitForLoadState('load');

    // The indicative budget, straight away, with each answer -> points -> pounds.
    assert.equal(await page.locator('h1').textContent(), 'Your indicative budget');
    problems = problems.concat(await checkPage(page, 'my budget'));
    assert.ok(await page.getByText('Your assessment has been sent').isVisible());
    assert.equal(await page.locator('.govuk-panel__title').textContent(), '£273.00 a week');
    assert.equal(await page.locator('.govuk-panel__body').textContent(), '£14,196.00 a year');
    const row = page.locator('.govuk-summary-list__row', { hasText: 'wash, bathe or shower' });
    assert.match(await row.textContent(), /I need help to wash every day\s*14 points = £58\.80 a week/);
    assert.ok(await page.getByRole('heading', { name: 'Personal care: 13 points, £54.60 a week' }).isVisible());
    assert.ok(await page.getByText('They give some of the help, so 4 points are taken off').isVisible());
    const steps = page.locator('ol.govuk-list--number li');
    assert.ok(await steps.count() > 5, 'the derivation step by step');
    assert.match(await page.locator('main').textContent(), /indicative/);

    // The other results are there to find, in plain words.
    await page.getByRole('link', { name: 'Back' }).click();
    await page.waitForLoadState('load');
    problems = problems.concat(await checkPage(page, 'assessment sent'));
    await page.getByRole('link', { name: 'My eligibility decision' }).count().then((n) => assert.equal(n, 0, 'no decision until the worker completes it'));
    await page.getByRole('link', { name: 'What I pay and why' }).click();
    await page.waitForLoadState('load');
    problems = problems.concat(await checkPage(page, 'what I pay'));
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('the worker completes it, the person sees the decision and the override with its reason; finance works out what they pay', async () => {
  const person = FIXTURE.people.linked;
  let problems = [];
  // The allocated social worker, at a desk.
  let { context, page } = await newPage({ width: 1280, height: 900 });
  try {
    await signIn(page, 'social-worker');
    await page.goto(`/people/${person}`);
    await go(page, () => page.getByRole('link', { name: 'Assessment, eligibility, budget and contribution' }).click());
    problems = problems.concat(await checkPage(page, 'worker: assessment'));
    await go(page, () => page.getByRole('link', { name: 'Review and complete the assessment' }).click());
    problems = problems.concat(await checkPage(page, 'worker: review'));
    // The person's own answers are the starting point of the worker's judgement.
    assert.ok(await page.locator('#condition1').isChecked());
    assert.ok(await page.locator('#wb_dignity').isChecked());
    await page.getByLabel('Confirmed', { exact: true }).check();
    await page.getByLabel('Rural area').check();
    await go(page, () => page.getByRole('button', { name: 'Complete the assessment' }).click());
    assert.equal(new URL(page.url()).pathname, `/people/${person}/eligibility`);
    problems = problems.concat(await checkPage(page, 'worker: decision'));
    assert.ok(await page.getByText('Eligible needs', { exact: true }).isVisible());
    assert.ok(await page.getByText(/All three conditions are met/).isVisible());

    await page.goto(`/people/${person}/budget`);
    assert.equal(await page.locator('.govuk-panel__title').textContent(), '£287.00 a week');
    problems = problems.concat(await checkPage(page, 'worker: budget'));
    await go(page, () => page.getByRole('link', { name: /Change the budget/ }).click());
    problems = problems.concat(await checkPage(page, 'worker: override'));
    await page.getByLabel('New weekly amount, in pounds').fill('310.00');
    await page.getByLabel('Reason (shown to the person)').fill('Two visits a night are needed since the fall in March.');
    await go(page, () => page.getByRole('button', { name: 'Change the budget' }).click());
    assert.equal(await page.locator('.govuk-panel__title').textContent(), '£310.00 a week');
  } finally {
    await context.close();
  }

  // Finance makes the financial assessment.
  ({ context, page } = await newPage({ width: 1280, height: 900 }));
  try {
    await signIn(page, 'finance-officer');
    await page.goto(`/people/${person}/financial-assessment`);
    problems = problems.concat(await checkPage(page, 'finance: form'));
    assert.equal(await page.getByLabel('Weekly cost of the care and support').inputValue(), '310.00');
    await page.getByLabel('Capital in the person\'s own name').fill('16100.00');
    await page.getByLabel('State Pension').fill('230.25');
    await page.getByLabel('Attendance Allowance, higher rate').fill('110.40');
    await page.locator('#housing_council_tax').fill('7.50');
    await page.locator('#dre_extra_heating').fill('9.20');
    await page.getByLabel('No', { exact: true }).check();
    await page.locator('#income_esa').fill('12.345');
    await go(page, () => page.getByRole('button', { name: 'Work out the contribution' }).click());
    problems = problems.concat(await checkPage(page, 'finance: form with an error'));
    assert.ok(await page.getByRole('heading', { name: 'There is a problem' }).isVisible());
    assert.equal(await page.locator('#income_esa').inputValue(), '12.345', 'what was typed is kept');
    await page.locator('#income_esa').fill('');
    await go(page, () => page.getByRole('button', { name: 'Work out the contribution' }).click());
    assert.equal(new URL(page.url()).pathname, `/people/${person}/contribution`);
    problems = problems.concat(await checkPage(page, 'finance: contribution'));
  } finally {
    await context.close();
  }

  // The person, on their phone: the decision, the changed budget with the reason, what they pay.
  ({ context, page } = await newPage());
  try {
    await signIn(page, 'budget-holder');
    await page.goto(`/people/${person}/assessment`);
    await go(page, () => page.getByRole('link', { name: 'My eligibility decision' }).click());
    problems = problems.concat(await checkPage(page, 'person: decision'));
    assert.ok(await page.getByText(/You are unable to achieve 3 of the 10 outcomes/).isVisible());
    // The decision to keep, as a PDF.
    const href = await page.getByRole('link', { name: 'Download it as a PDF' }).getAttribute('href');
    const pdf = await page.request.get(href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.match(pdf.headers()['content-disposition'], /^attachment; filename="eligibility-decision-\d+\.pdf"$/);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await page.goto(`/people/${person}/budget`);
    problems = problems.concat(await checkPage(page, 'person: changed budget'));
    assert.equal(await page.locator('.govuk-panel__title').textContent(), '£310.00 a week');
    assert.ok(await page.locator('.govuk-inset-text').getByText('Two visits a night are needed since the fall in March.').isVisible());
    assert.ok(await page.getByText(/from the calculated £287.00 a week to £310.00 a week/).isVisible());
    await page.goto(`/people/${person}/contribution`);
    problems = problems.concat(await checkPage(page, 'person: what I pay'));
    assert.match(await page.locator('.govuk-panel__title').textContent(), /^£[\d,]+\.\d\d a week$/);
    assert.ok(await page.locator('.govuk-summary-list__key', { hasText: 'Tariff income from capital' }).isVisible());
    assert.ok(await page.getByText('The council pays').isVisible());
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('desktop: a council administrator sees the RAS versions, adds charging settings from a date, and a mistake is shown beside its box', async () => {
  await loadConfiguration();
  const { context, page } = await newPage({ width: 1280, height: 900 });
  let problems = [];
  try {
    await signIn(page, 'council-administrator');
    await go(page, () => page.getByRole('link', { name: 'Council settings' }).click());
    assert.equal(await page.locator('h1').textContent(), 'Council settings');
    problems = problems.concat(await checkPage(page, 'council settings'));
    assert.ok(await page.getByRole('cell', { name: /browser-1/ }).first().isVisible());
    await go(page, () => page.getByRole('link', { name: 'Add charging settings from a date' }).click());
    problems = problems.concat(await checkPage(page, 'add charging settings'));
    await page.getByLabel('Start date').fill('2031-04-06');
    await page.getByLabel('Always disregard the night-care part').check();
    await page.getByLabel('Share of disposable income taken, as a percentage').fill('101');
    await page.getByLabel('Minimum charge, a week').fill('2.50');
    await go(page, () => page.getByRole('button', { name: 'Add these settings' }).click());
    // Refused, with what was typed kept and the error beside the box.
    problems = problems.concat(await checkPage(page, 'add charging settings: error'));
    assert.ok(await page.locator('.govuk-error-summary').getByText(/percentage from 0 to 100/).isVisible());
    assert.equal(await page.getByLabel('Minimum charge, a week').inputValue(), '2.50');
    assert.ok(await page.getByLabel('Always disregard the night-care part').isChecked());
    await page.getByLabel('Share of disposable income taken, as a percentage').fill('95');
    await go(page, () => page.getByRole('button', { name: 'Add these settings' }).click());
    assert.equal(new URL(page.url()).pathname, '/council/settings');
    problems = problems.concat(await checkPage(page, 'council settings: added'));
    assert.ok(await page.getByText('The charging settings have been added').isVisible());
    const added = page.locator('dl', { has: page.getByText('From 6 April 2031, no end date') });
    assert.match(await added.textContent(), /95\.00%/);
    assert.match(await added.textContent(), /£2\.50 \(a smaller charge becomes nothing\)/);
    assert.match(await added.textContent(), /Always disregard the night-care part/);
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, []);
});
