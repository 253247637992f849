// Assessments, eligibility, the indicative budget and the financial assessment over the API,
// against the running server: the council administrator loads the demo council's RAS
// configuration (with the fixture council's code) and charging settings; the person starts,
// answers and sends their own self-assessment and sees their budget at once (the hand-worked
// demo figures of docs/ras.md); flagged answers are refused with the flags; the worker completes
// it (eligibility decided, budget worked out with the rural adjustment) and overrides it with a
// reason the person sees; finance makes the financial assessment (the issue's £20.75 example);
// the net budget is the difference. Refusals: strict bodies, stale versions, roles, tenancy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, FIXTURE, HOSTILE, eventually } from './lib.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const DEMO = JSON.parse(readFileSync(here + '../../data/ras/demo-council-ras-v1.json', 'utf8'));
const MODERATE = JSON.parse(readFileSync(here + '../data/ras/demo-moderate-answers.json', 'utf8'));
const person = FIXTURE.people.linked;
// The carer's help in every domain where it counts: the worked example's, "none" elsewhere.
const CARER = Object.fromEntries(DEMO.domains.filter((d) => d.carer_adjustable)
  .map((d) => [d.id, MODERATE.carer.support[d.id] ?? 'none']));
const P = `/api/v1/people/${person}`;

async function as(role) {
  const c = new Client();
  await c.signIn(role);
  return c;
}

// api.test.mjs (which runs first) changes the council administrator's password: sign in with
// whichever of the two it has now.
async function admin() {
  const c = new Client();
  for (const password of [FIXTURE.password, 'a new password here']) {
    const r = await c.req('/api/v1/session', {
      method: 'POST', json: { username: FIXTURE.logins['council-administrator'], password },
    });
    if (r.status === 201) {
      c.csrf = (await c.req('/api/v1/session')).json().csrf_token;
      return c;
    }
  }
  throw new Error('cannot sign in as the council administrator');
}

function send(c, path, method, json) {
  return c.req(path, { method, json, headers: { 'X-CSRF-Token': c.csrf } });
}

// The eligibility answers of a person who meets all three conditions: three outcomes not achieved.
const OUTCOMES = {
  nutrition: { status: 'not_achieved', reasons: ['needs_help'], notes: 'I forget to eat' },
  personal_hygiene: { status: 'not_achieved', reasons: ['pain_distress_anxiety'] },
  toilet_needs: { status: 'not_achieved', reasons: ['takes_longer'] },
  clothing: { status: 'achieved' },
  home_safety: { status: 'achieved' },
  habitable_home: { status: 'achieved' },
  relationships: { status: 'achieved' },
  work_learning: { status: 'achieved' },
  community: { status: 'achieved' },
  child_care: { status: 'not_applicable' },
};

test('assess: the council loads its RAS configuration and charging settings', async () => {
  const adm = await admin();
  const cfg = { ...DEMO, council_code: 'TESTA' };
  let r = await send(adm, '/api/v1/ras-configs', 'POST', cfg);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().version, '1.0');
  assert.equal(r.json().kind, 'needs');
  assert.equal(r.json().sha256.length, 64);
  r = await send(adm, '/api/v1/ras-configs', 'POST', cfg);
  assert.equal(r.status, 409);
  assert.match(r.json().detail, /Version 1.0 of the needs configuration is already loaded/);
  r = await send(adm, '/api/v1/ras-configs', 'POST', { ...DEMO, version: '9' });
  assert.equal(r.status, 422);
  assert.equal(r.json().field, 'council_code');
  r = await send(adm, '/api/v1/ras-configs', 'POST', { ...cfg, version: '2.0', max_point: 3 });
  assert.equal(r.status, 422);
  assert.match(r.json().detail, /max_point/);
  r = await send(adm, '/api/v1/ras-configs?kind=adult', 'POST', cfg);
  assert.equal(r.status, 422);
  r = await adm.req('/api/v1/ras-configs');
  assert.equal(r.status, 200);
  assert.equal(r.json().items.length, 1);

  r = await send(adm, '/api/v1/charging-settings', 'POST', {
    effective_from: '2020-04-06', night_care_rule: 'higher_minus_lower_if_no_night_care',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().settings.night_care_rule, 'higher_minus_lower_if_no_night_care');
  assert.equal(r.json().settings.percent_of_disposable_income, '100');
  r = await send(adm, '/api/v1/charging-settings', 'POST', { effective_from: '2020-04-06', night_care_rule: 'sometimes' });
  assert.equal(r.status, 422);
  assert.equal(r.json().field, 'night_care_rule');
  r = await send(adm, '/api/v1/charging-settings', 'POST', { effective_from: '2020-04-06', night_care_rule: 'none', nmae: 1 });
  assert.equal(r.status, 422);

  // Only the council administrator manages them.
  const worker = await as('social-worker');
  r = await send(worker, '/api/v1/ras-configs', 'POST', cfg);
  assert.equal(r.status, 403);
});

test('assess: the person starts, answers and sends their own assessment and sees the budget', async () => {
  const me = await as('budget-holder');
  let r = await me.req(`${P}/assessment`);
  assert.equal(r.status, 200);
  assert.equal(r.json().assessment, null);

  r = await send(me, `${P}/assessments`, 'POST', { kind: 'adult' });
  assert.equal(r.status, 422);
  r = await send(me, `${P}/assessments`, 'POST', { kind: 'needs' });
  assert.equal(r.status, 201, r.text);
  let a = r.json().assessment;
  assert.equal(a.status, 'draft');
  assert.equal(a.version, 1);
  assert.equal(a.ras_configuration.version, '1.0');
  assert.equal(a.progress.next_required_step, 'what_matters');
  assert.ok(a.steps.length > 30, `steps: ${a.steps.length}`);
  assert.ok(a.steps.some((s) => s.id === 'ras:personal_care.washing'));
  r = await send(me, `${P}/assessments`, 'POST', { kind: 'carer' });
  assert.equal(r.status, 409, 'one assessment at a time');

  // Strict bodies and versions.
  r = await send(me, `${P}/assessment`, 'PATCH', { version: a.version, what_matterz: 'x' });
  assert.equal(r.status, 422);
  assert.equal(r.json().field, 'what_matterz');
  r = await send(me, `${P}/assessment`, 'PATCH', { version: a.version + 5, what_matters: 'x' });
  assert.equal(r.status, 409);
  assert.equal(r.json().field, 'version');
  r = await send(me, `${P}/assessment`, 'PATCH', { version: a.version, ras_answers: { 'personal_care.washing': 'sometimes' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().field, 'ras_answers.personal_care.washing');
  r = await send(me, `${P}/assessment`, 'PATCH', { version: a.version, outcomes: { nutrition: { status: 'not_achieved' } } });
  assert.equal(r.status, 422);
  assert.equal(r.json().field, 'outcomes.nutrition');
  r = await send(me, `${P}/assessment`, 'PATCH', { version: a.version, adjustments: ['rural'] });
  assert.equal(r.status, 422, 'the assessor chooses adjustments, not the person');

  // Saved step by step: each change is kept and the version moves on.
  r = await send(me, `${P}/assessment`, 'PATCH', { version: a.version, what_matters: `Staying at home. ${HOSTILE[0]}` });
  assert.equal(r.status, 200, r.text);
  a = r.json().assessment;
  assert.equal(a.version, 2);
  assert.equal(a.what_matters, `Staying at home. ${HOSTILE[0]}`);
  assert.equal(a.progress.next_required_step, 'condition1');
  r = await send(me, `${P}/assessment`, 'PATCH', {
    version: a.version, condition1: 'yes', significant_impact: 'yes', wellbeing: ['dignity', 'health'],
    outcomes: OUTCOMES, ras_answers: MODERATE.answers, carer_helps: 'yes',
    carer_support: CARER,
  });
  assert.equal(r.status, 200, r.text);
  a = r.json().assessment;
  assert.equal(a.progress.next_required_step, null);
  assert.deepEqual(a.flags, []);
  assert.equal(a.outcomes.nutrition.notes, 'I forget to eat');

  // Inconsistent answers are flagged before anything is calculated, and sending is refused.
  r = await send(me, `${P}/assessment`, 'PATCH', {
    version: a.version, ras_answers: { 'personal_care.washing': 'independent', 'toileting.toilet': 'help_every_time' },
  });
  a = r.json().assessment;
  assert.ok(a.flags.some((f) => f.kind === 'inconsistent_answers'), JSON.stringify(a.flags));
  r = await send(me, `${P}/assessment/submit`, 'POST', { version: a.version });
  assert.equal(r.status, 409);
  assert.equal(r.json().type, '/api/v1/problems/flagged-answers');
  assert.ok(r.json().flags.some((f) => f.subject === 'washing_vs_toilet' || /toilet/.test(f.message)));
  r = await me.req(`${P}/budget`);
  assert.equal(r.json().budget, null, 'nothing was calculated or stored');
  r = await send(me, `${P}/assessment`, 'PATCH', {
    version: a.version, ras_answers: { 'personal_care.washing': 'daily_help', 'toileting.toilet': 'occasional' },
  });
  a = r.json().assessment;
  assert.deepEqual(a.flags, []);

  // Sent: the budget is worked out straight away, with its derivation.
  r = await send(me, `${P}/assessment/submit`, 'POST', { version: a.version - 1 });
  assert.equal(r.status, 409);
  r = await send(me, `${P}/assessment/submit`, 'POST', { version: a.version });
  assert.equal(r.status, 200, r.text);
  const b = r.json().budget;
  assert.equal(b.status, 'calculated');
  assert.equal(b.weekly, '273.00'); // 63 points x £4.20 = £264.60, +3% = £272.54, up to £273
  assert.equal(b.annual, '14196.00');
  assert.equal(b.configuration_version, '1.0');
  assert.equal(b.asked_by, 'Linda Linked');
  assert.equal(b.result.points.total, 63);
  assert.ok(b.result.derivation.length > 5);
  assert.equal(b.inputs.format, 'selfdirect-ras-answers/1');
  assert.equal(r.json().assessment.status, 'submitted');

  r = await me.req(`${P}/budget`);
  assert.equal(r.status, 200);
  assert.equal(r.json().budget.weekly, '273.00');
  assert.equal(r.json().history.length, 1);

  // After sending, the person cannot change it; someone else cannot either.
  r = await send(me, `${P}/assessment`, 'PATCH', { version: 99, what_matters: 'x' });
  assert.equal(r.status, 409);
  const rep = await as('representative');
  r = await rep.req(`${P}/budget`);
  assert.equal(r.status, 200, 'a representative with authority sees the budget');
  r = await rep.req(`${P}/assessment`);
  assert.equal(r.json().assessment.status, 'submitted');
});

test('assess: the worker completes it: eligibility decided, budget worked out, overridden with a reason', async () => {
  const worker = await as('social-worker');
  let r = await worker.req(`${P}/assessment`);
  const a = r.json().assessment;
  r = await send(worker, `${P}/assessment/complete`, 'POST', {
    version: a.version, condition1: 'yes', significant_impact: 'yes', wellbeing: ['dignity', 'health'],
    ordinary_residence: 'maybe',
  });
  assert.equal(r.status, 422);
  assert.equal(r.json().field, 'ordinary_residence');
  r = await send(worker, `${P}/assessment/complete`, 'POST', {
    version: a.version, condition1: 'yes', significant_impact: 'yes', wellbeing: ['dignity', 'health'],
    ordinary_residence: 'confirmed', adjustments: ['high_risk'],
  });
  assert.equal(r.status, 422, 'an automatic adjustment cannot be chosen');
  r = await send(worker, `${P}/assessment/complete`, 'POST', {
    version: a.version, condition1: 'yes', significant_impact: 'yes', wellbeing: ['dignity', 'health'],
    ordinary_residence: 'confirmed', adjustments: ['rural'],
  });
  assert.equal(r.status, 200, r.text);
  const d = r.json().decision;
  assert.equal(d.eligible, true);
  assert.deepEqual(d.conditions_met, [true, true, true]);
  assert.equal(d.outcomes_not_achieved, 3);
  assert.match(d.reasons.at(-1), /All three conditions are met/);
  assert.equal(r.json().budget.weekly, '287.00'); // the worked example of docs/ras.md
  assert.equal(r.json().budget.annual, '14924.00');

  r = await send(worker, `${P}/budget/override`, 'POST', { weekly: '310.00', reason: ' ' });
  assert.equal(r.status, 422);
  r = await send(worker, `${P}/budget/override`, 'POST', { weekly: 310, reason: 'x' });
  assert.equal(r.status, 422, 'money is a string, never a JSON number');
  r = await send(worker, `${P}/budget/override`, 'POST', {
    weekly: '310.00', reason: 'Two visits a night are needed since the fall in March.',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().calculation.status, 'overridden');

  const me = await as('budget-holder');
  r = await me.req(`${P}/budget`);
  const b = r.json().budget;
  assert.equal(b.weekly, '310.00');
  assert.equal(b.weekly_calculated, '287.00');
  assert.equal(b.override_reason, 'Two visits a night are needed since the fall in March.');
  assert.equal(r.json().history.length, 3);
  r = await me.req(`${P}/eligibility`);
  assert.equal(r.json().decision.eligible, true);
  assert.equal(r.json().decision.decided_by.length > 0, true);

  // The person cannot override their own budget, nor complete an assessment.
  r = await send(me, `${P}/budget/override`, 'POST', { weekly: '999.00', reason: 'I want more' });
  assert.equal(r.status, 404);
  // A worker not allocated to the person is refused with the reason; another council sees nothing.
  const manager = await as('team-manager');
  r = await manager.req(`${P}/budget`);
  assert.equal(r.status, 200, 'the allocated worker\'s manager may see it');
  r = await worker.req(`/api/v1/people/${FIXTURE.people.unlinked}/budget`);
  assert.equal(r.status, 403);
  r = await worker.req(`/api/v1/people/${FIXTURE.people.other}/budget`);
  assert.equal(r.status, 404);

  // A reassessment keeps the old one and its decision.
  r = await send(me, `${P}/assessments`, 'POST', { kind: 'needs' });
  assert.equal(r.status, 201);
  assert.equal(r.json().assessment.seq, 2);
  assert.equal(r.json().assessment.supersedes_id, a.id);
  r = await me.req(`${P}/assessments`);
  assert.equal(r.json().items.length, 2);
  r = await me.req(`${P}/eligibility?assessment=${a.id}`);
  assert.equal(r.json().decision.eligible, true);
  r = await me.req(`${P}/eligibility`);
  assert.equal(r.json().decision, null);
  r = await me.req(`${P}/budget?assessment=${a.id}`);
  assert.equal(r.json().budget.weekly, '310.00');
  r = await me.req(`${P}/budget?assessment=999999`);
  assert.equal(r.status, 404);
});

test('assess: finance makes the financial assessment; the person sees what they pay and why', async () => {
  const finance = await as('finance-officer');
  const input = {
    weekly_cost_of_care: '320.00', capital: '16100.00',
    income: [{ kind: 'esa', weekly: '140.55' }, { kind: 'pip_daily_living_enhanced', weekly: '110.40' },
      { kind: 'pip_mobility_standard', weekly: '29.20' }],
    housing_costs: [{ kind: 'council_tax', weekly: '7.50' }],
    disability_related_expenditure: [{ kind: 'extra_heating', weekly: '9.20' }],
    receives_night_care: false, mig_weekly: '185.00',
  };
  let r = await send(finance, `${P}/financial-assessments`, 'POST', { effective_from: '2025-06-01', input: { ...input, policy: {} } });
  assert.equal(r.status, 422);
  assert.equal(r.json().field, 'input.policy');
  r = await send(finance, `${P}/financial-assessments`, 'POST', {
    effective_from: '2025-06-01', input: { ...input, income: [{ kind: 'esa', weekly: '140.555' }] },
  });
  assert.equal(r.status, 422);
  assert.match(r.json().field, /^input\.income\[0\]\.weekly/);
  r = await send(finance, `${P}/financial-assessments`, 'POST', { effective_from: '2025-06-01', input });
  assert.equal(r.status, 201, r.text);
  const fa = r.json().financial_assessment;
  assert.equal(fa.weekly_contribution, '20.75'); // the example
  assert.equal(fa.tax_year, '2025-26');
  assert.equal(fa.input.policy.night_care_rule, 'higher_minus_lower_if_no_night_care');
  assert.ok(fa.result.lines.some((l) => /Tariff income/.test(l.label)));

  const me = await as('budget-holder');
  r = await me.req(`${P}/contribution`);
  assert.equal(r.status, 200);
  assert.equal(r.json().financial_assessment.weekly_contribution, '20.75');
  r = await me.req(`${P}/net-budget`);
  assert.equal(r.status, 200);
  assert.equal(r.json().budget_weekly, '310.00');
  assert.equal(r.json().contribution_weekly, '20.75');
  assert.equal(r.json().net_weekly, '289.25');
  assert.equal(r.json().net_annual, '15041.00');
  r = await me.req(`${P}/net-budget?date=2025-05-31`);
  assert.equal(r.json().contribution_weekly, null);
  r = await send(me, `${P}/financial-assessments`, 'POST', { effective_from: '2025-06-01', input });
  assert.equal(r.status, 404, 'a person does not assess themselves');
});

test('assess: every change is in the audit trail', async () => {
  const worker = await as('social-worker');
  const want = ['assessment.start', 'assessment.answer', 'assessment.submit', 'budget.calculate',
    'assessment.complete', 'budget.override', 'financial-assessment.create', 'budget.read'];
  let actions = [];
  // budget.read is a read entry, committed by a background thread a moment after the read.
  await eventually(async () => {
    actions = [];
    for (let page = 1; ; page++) {
      const r = await worker.req(`/api/v1/people/${person}/history?page=${page}`);
      assert.equal(r.status, 200);
      actions.push(...r.json().items.map((i) => i.action));
      if (page >= r.json().pages) break;
    }
    return want.every((a) => actions.includes(a));
  });
  for (const a of want)
    assert.ok(actions.includes(a), `history has ${a}: ${[...new Set(actions)].join(', ')}`);
});

test('assess: pages escape what people typed and refuse a stale form', async () => {
  const me = await as('budget-holder');
  // The reassessment started above is a draft: answer the first question with hostile text.
  let r = await me.req(`/people/${person}/assessment/question`);
  assert.equal(r.status, 200);
  const version = r.text.match(/name="version" value="(\d+)"/)[1];
  r = await me.form(`/people/${person}/assessment/question`, {
    csrf_token: me.csrf, step: 'what_matters', version, answer: HOSTILE[1],
  });
  assert.equal(r.status, 303);
  r = await me.req(`/people/${person}/assessment/check`);
  assert.equal(r.status, 200);
  assert.ok(!r.text.includes(HOSTILE[1]));
  assert.ok(r.text.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
  r = await me.form(`/people/${person}/assessment/question`, {
    csrf_token: me.csrf, step: 'what_matters', version, answer: 'again',
  });
  assert.equal(r.status, 409, 'the version moved on');
  assert.match(r.text, /changed by someone else/);
  r = await me.form(`/people/${person}/assessment/question`, {
    csrf_token: me.csrf, step: 'condition1', version: String(Number(version) + 1), answer: 'perhaps',
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /Select yes or no/);
});
