// Browser tests: real journeys in Debian's Chromium (driven by playwright-core, never a
// downloaded browser), on a desktop and a phone screen, with an axe-core accessibility scan of
// every page visited (WCAG 2.2 AA: zero violations), and a watch for script errors and content
// security policy violations on every page.
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
const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 375, height: 740 },
};

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

// A page that records problems: console errors (CSP refusals are reported there) and page errors.
async function newPage(viewport) {
  const context = await browser.newContext({ viewport, baseURL: BASE });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    // A refusal page (403, 404, 422) is logged by Chromium as a failed load: that is expected.
    // Everything else (a CSP refusal, a script error) is a problem.
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4(03|04|22)/.test(m.text()))
      page.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  return { context, page };
}

const scanned = [];

async function axeScan(page, label) {
  await page.evaluate(AXE); // DevTools evaluation: our CSP (rightly) forbids inline scripts
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
  );
  const violations = result.violations.map((v) => `${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  scanned.push(label);
  return violations;
}

async function checkPage(page, label) {
  const problems = await axeScan(page, label);
  // Every page: one h1, a main landmark, a skip link to it, the page's language.
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
  assert.equal(await page.locator('main#main-content').count(), 1, `${label}: main landmark`);
  assert.equal(await page.locator('a.govuk-skip-link[href="#main-content"]').count(), 1, `${label}: skip link`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  // GOV.UK Frontend's JavaScript ran (from our own file, allowed by the CSP).
  assert.ok(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported')), `${label}: JS ran`);
  // Nothing wider than the screen (phones).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${label}: page is ${overflow}px wider than the screen`);
  return problems.concat(page.problems.splice(0));
}

async function signIn(page, role, label) {
  await page.goto('/sign-in');
  let problems = await checkPage(page, `${label} sign-in`);
  await page.getByLabel('Email address').fill(FIXTURE.logins[role]);
  await page.getByLabel('Password').fill(FIXTURE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
  return problems;
}

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`${size}: a social worker signs in, finds a person, opens their summary and history, signs out`, async () => {
    const { context, page } = await newPage(viewport);
    let problems = [];
    try {
      problems = problems.concat(await signIn(page, 'social-worker', size));
      assert.equal(new URL(page.url()).pathname, '/people');
      problems = problems.concat(await checkPage(page, `${size} worklist`));
      assert.ok(await page.getByRole('heading', { name: 'Your people' }).isVisible());

      await page.getByLabel('Name or reference').fill('Linked');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForLoadState('load');
      problems = problems.concat(await checkPage(page, `${size} search results`));
      await page.getByRole('link', { name: 'Linda Linked' }).click();
      await page.waitForLoadState('load');
      assert.equal(await page.locator('h1').textContent(), 'Linda Linked');
      assert.ok(await page.getByText('31 March 1950').isVisible());
      problems = problems.concat(await checkPage(page, `${size} summary`));

      await page.getByRole('link', { name: 'Who has seen or changed this record' }).click();
      await page.waitForLoadState('load');
      // The summary's read entry is committed by a background thread a moment after the page
      // was sent: reload until it shows, rather than assume how long that takes on a busy machine.
      const opened = page.getByRole('cell', { name: 'Opened the summary' }).first();
      for (let i = 0; i < 100 && !(await opened.isVisible()); i++) {
        await page.waitForTimeout(100);
        await page.reload();
        await page.waitForLoadState('load');
      }
      assert.ok(await opened.isVisible());
      problems = problems.concat(await checkPage(page, `${size} history`));

      // A person of another team: refused, with the way to emergency access explained.
      await page.goto(`/people/${FIXTURE.people.unlinked}`);
      problems = problems.concat(await checkPage(page, `${size} refusal`));
      assert.ok(await page.getByText('emergency access').first().isVisible());

      // On a phone the menu folds away behind a button.
      if (size === 'phone') {
        const menu = page.getByRole('button', { name: 'Menu' });
        assert.ok(await menu.isVisible());
        await menu.click();
        assert.ok(await page.getByRole('link', { name: 'People' }).isVisible());
      }
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForLoadState('load');
      assert.equal(new URL(page.url()).pathname, '/sign-in');
      await page.goto(`/people/${FIXTURE.people.linked}`);
      assert.equal(new URL(page.url()).pathname, '/sign-in', 'signed out means signed out');
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  test(`${size}: a budget holder signs in and sees their support and their own record only`, async () => {
    const { context, page } = await newPage(viewport);
    let problems = [];
    try {
      problems = problems.concat(await signIn(page, 'budget-holder', `${size} citizen`));
      assert.equal(new URL(page.url()).pathname, '/my-support');
      problems = problems.concat(await checkPage(page, `${size} my support`));
      await page.getByRole('link', { name: 'See the details your council holds about you' }).click();
      await page.waitForLoadState('load');
      assert.equal(await page.locator('h1').textContent(), 'Linda Linked');
      problems = problems.concat(await checkPage(page, `${size} own record`));
      const other = await page.goto(`/people/${FIXTURE.people.unlinked}`);
      assert.equal(other.status(), 404);
      problems = problems.concat(await checkPage(page, `${size} not found`));
      const search = await page.goto('/people');
      assert.equal(search.status(), 403);
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  test(`${size}: sign-in errors are summarised, shown beside the field, and keep what was typed`, async () => {
    const { context, page } = await newPage(viewport);
    let problems = [];
    try {
      await page.goto('/sign-in');
      await page.getByLabel('Email address').fill('<script>alert(1)</script>@example.org');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState('load');
      assert.ok(await page.getByRole('heading', { name: 'There is a problem' }).isVisible());
      assert.equal(await page.getByLabel('Email address').inputValue(), '<script>alert(1)</script>@example.org');
      assert.ok(await page.locator('#password-error').isVisible());
      assert.match(await page.title(), /^Error: /);
      problems = problems.concat(await checkPage(page, `${size} sign-in errors`));
      // The error summary's link moves focus to the field.
      await page.locator('.govuk-error-summary a').first().click();
      assert.ok(['username', 'password'].includes(await page.evaluate(() => document.activeElement.id)));
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
}

test('keyboard: the first Tab reaches the skip link, and it moves to the main content', async () => {
  const { context, page } = await newPage(VIEWPORTS.desktop);
  try {
    await page.goto('/sign-in');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main-content');
    // Sign in with the keyboard alone.
    await page.getByLabel('Email address').focus();
    await page.keyboard.type(FIXTURE.logins['auditor']);
    await page.keyboard.press('Tab');
    await page.keyboard.type(FIXTURE.password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/people');
  } finally {
    await context.close();
  }
});

test('pages work with JavaScript switched off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: BASE });
  const page = await context.newPage();
  try {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(FIXTURE.logins['team-manager']);
    await page.getByLabel('Password').fill(FIXTURE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/people');
    assert.ok(await page.getByRole('heading', { name: "Your team's people" }).isVisible());
    await page.getByRole('link', { name: 'Linda Linked' }).click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').textContent(), 'Linda Linked');
  } finally {
    await context.close();
  }
});
