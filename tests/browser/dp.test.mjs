// Browser journeys of issue 7 in Debian's Chromium (playwright-core), on a phone and a desktop,
// with an axe-core WCAG 2.2 AA scan of every page visited: the person's light-touch view of their
// direct payment (money in, money out, what is left, what is committed, in plain words, and the
// remittance advice), the officer's worklist ordered by what matters, resolving a flag with a note
// (an empty note refused with an error summary), and finance's payment batches.
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
const LINKED = FIXTURE.people.linked;

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

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`${size}: the person sees their direct payment in plain words`, async () => {
    const { context, page } = await newPage(viewport);
    let problems = [];
    try {
      await signIn(page, FIXTURE.logins['budget-holder']);
      await page.goto(`/people/${LINKED}/direct-payment`);
      assert.equal(await page.locator('h1').textContent(), 'Your direct payment');
      problems = problems.concat(await checkPage(page, `${size} person's direct payment`));
      assert.ok(await page.getByRole('heading', { name: 'Your money' }).isVisible());
      assert.ok(await page.getByText(/the council has paid £[0-9,.]+ into your account/).isVisible());
      assert.ok(await page.getByText(/You have spent £[0-9,.]+ on your support/).isVisible());
      assert.ok(await page.getByText(/already spoken for: your support until your next payment/).isVisible());
      for (const key of ['Money in', 'Money out', 'In the account', 'Already spoken for', 'Left'])
        assert.ok(await page.locator('dt', { hasText: new RegExp(`^${key}$`) }).isVisible(), key);
      // The remittance advice opens to say what the payment was for.
      const advice = page.locator('details summary').first();
      await advice.click();
      assert.ok(await page.getByText(/It shows on the statement as "TESTA DP LINKED"/).isVisible());
      problems = problems.concat(await checkPage(page, `${size} remittance advice open`));
      // Spending against the plan, in words.
      assert.ok(await page.getByRole('cell', { name: 'Personal assistant' }).first().isVisible());
      assert.ok(await page.getByRole('cell', { name: 'Not matched to the plan yet' }).first().isVisible());
      // No monitoring flags on the person's own page.
      assert.equal(await page.getByRole('heading', { name: 'Things to look at' }).count(), 0);
      // Not another person's.
      const other = await page.goto(`/people/${FIXTURE.people.unlinked}/direct-payment`);
      assert.equal(other.status(), 404);
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
}

const RESOLVE = { phone: 'Cash taken out', desktop: 'Payments to someone not in the plan' };

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`${size}: the officer works through the worklist and resolves a flag with a note`, async () => {
    const { context, page } = await newPage(viewport);
    let problems = [];
    try {
      await signIn(page, FIXTURE.logins['finance-officer']);
      await page.goto('/finance/direct-payments');
      problems = problems.concat(await checkPage(page, `${size} worklist`));
      const tags = await page.locator('tbody strong.govuk-tag').allTextContents();
      assert.ok(tags.length >= 1, 'flags to look at');
      const rank = { High: 3, Medium: 2, Low: 1 };
      for (let i = 1; i < tags.length; i++) assert.ok(rank[tags[i - 1]] >= rank[tags[i]], `order: ${tags.join(', ')}`);
      await page.getByRole('link', { name: 'Linda Linked' }).first().click();
      await page.waitForLoadState('load');
      assert.equal(new URL(page.url()).pathname, `/people/${LINKED}/direct-payment`);
      problems = problems.concat(await checkPage(page, `${size} officer's view`));
      const card = page.locator('.govuk-summary-card', { hasText: RESOLVE[size] });
      assert.equal(await card.count(), 1, `the ${RESOLVE[size]} flag`);
      assert.ok(await card.getByText('What to do:').isVisible());
      // An empty note is refused, with an error summary linking to the field.
      await card.getByRole('button', { name: 'Resolve with this note' }).click();
      await page.waitForLoadState('load');
      assert.ok(await page.locator('.govuk-error-summary').isVisible());
      problems = problems.concat(await checkPage(page, `${size} resolve refused`));
      const card2 = page.locator('.govuk-summary-card', { hasText: RESOLVE[size] });
      await card2.getByLabel('How it was resolved').fill('Spoke to Linda: receipts kept, all for her support.');
      await card2.getByRole('button', { name: 'Resolve with this note' }).click();
      await page.waitForLoadState('load');
      assert.equal(await page.locator('.govuk-summary-card', { hasText: RESOLVE[size] }).count(), 0);
      problems = problems.concat(await checkPage(page, `${size} after resolving`));
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
}

test('desktop: finance sees the payment batches, a batch and its BACS file link', async () => {
  const { context, page } = await newPage(VIEWPORTS.desktop);
  let problems = [];
  try {
    await signIn(page, FIXTURE.logins['finance-officer']);
    await page.goto('/finance/batches');
    problems = problems.concat(await checkPage(page, 'batches'));
    // A pay date in the past is refused beside the field.
    await page.getByLabel('Pay date').fill('2001-01-01');
    await page.getByRole('button', { name: 'Start a batch' }).click();
    await page.waitForLoadState('load');
    assert.ok(await page.locator('.govuk-error-summary').isVisible());
    problems = problems.concat(await checkPage(page, 'batches refused'));
    await page.goto(`/finance/batches/${FIXTURE.dp.released_batch}`);
    problems = problems.concat(await checkPage(page, 'released batch'));
    assert.ok(await page.getByText('released').first().isVisible());
    assert.ok(await page.getByRole('link', { name: 'Download the BACS file' }).isVisible());
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, []);
});
