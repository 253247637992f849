// Issue 5 through the API, against the running server: limits set by managers; the budget agreed
// first (above the worker's limit it goes to their manager); an arrangement refused without a
// recorded offer of every way; the offer recorded, the person's own choice of a mix; a plan with a
// PA, a gym and a class costed against the budget; a stale save refused with what changed; help
// only with the person's permission; sign-off within the worker's limit, bound to the exact
// version; a changed plan over the limit going to the manager; the agreement made, accepted and
// downloaded; a challenge tracked to a decision by someone other than the original decider; the
// reports; and strict input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, FIXTURE } from './lib.mjs';

const P = FIXTURE.people.linked;
// A fresh session for each use: the test server ends sessions after a few idle seconds.
// api.test.mjs (which runs first) changes the council administrator's password: try both.
async function as(role) {
  const c = new Client();
  if (role !== 'council-administrator') {
    await c.signIn(role);
    return c;
  }
  for (const password of [FIXTURE.password, 'a new password here']) {
    const r = await c.req('/api/v1/session', { method: 'POST', json: { username: FIXTURE.logins[role], password } });
    if (r.status === 201) {
      c.csrf = (await c.req('/api/v1/session')).json().csrf_token;
      return c;
    }
  }
  throw new Error('cannot sign in as the council administrator');
}
function send(c, method, path, json) {
  return c.req(path, { method, json, headers: { 'X-CSRF-Token': c.csrf } });
}

const PA = (hours) => ({
  id: 'l1', kind: 'pa_hours', description: 'Personal assistant', frequency: 'weekly',
  quantity: hours * 60, unit_cost: '12.60', outcomes: ['o1'], managed_by: 'direct_payment',
  pa_name: 'Jo', pa_born: '1990-05-01', pa_pension: 'assess',
});
const plan = (hours, extra = {}) => ({
  start_date: '2025-07-01', planned_by: 'self',
  helpers: [{ kind: 'family', name: 'My daughter Rita' }],
  sections: {
    about_me: 'I like gardening and seeing my friends.', what_matters: 'My garden; my friends.',
    contingency: 'Rita covers when Jo is away.', risks: 'I might fall: I have a pendant alarm.',
    managing_money: 'A separate bank account; a payroll service for Jo.',
  },
  outcomes: [{ id: 'o1', text: 'Get up and out each morning' }, { id: 'o2', text: 'Be fitter' }],
  lines: [
    PA(hours),
    { id: 'l2', kind: 'activity', description: 'Gym membership', frequency: 'monthly', quantity: 1,
      unit_cost: '25.00', outcomes: ['o2'], managed_by: 'direct_payment', provider: 'Leisure Centre' },
    { id: 'l3', kind: 'activity', description: 'Pottery class', frequency: 'weekly', quantity: 1,
      unit_cost: '8.00', outcomes: ['o1', 'o2'], managed_by: 'direct_payment' },
  ],
  ...extra,
});

let samId, tomId;

test('limits: an administrator sets the top of the chain, a manager their reports, nobody else', async () => {
  const admin = await as('council-administrator');
  const tops = (await admin.req('/api/v1/signoff/limits')).json().staff;
  tomId = tops.find((s) => s.name === 'Tom Manager').staff;
  let r = await send(admin, 'PUT', '/api/v1/signoff/limits', { staff: tomId, limit: '50000.00', reasons: 'Head of team' });
  assert.equal(r.status, 200, r.text);
  const tom = await as('team-manager');
  const mine = (await tom.req('/api/v1/signoff/limits')).json().staff;
  samId = mine.find((s) => s.name === 'Sam Worker').staff;
  r = await send(tom, 'PUT', '/api/v1/signoff/limits', { staff: samId, limit: '10000.00' });
  assert.equal(r.status, 200, r.text);
  // Only someone's own manager sets their limit; an admin cannot set a managed worker's limit.
  const sueId = tops.find((s) => s.name === 'Sue Southworker').staff;
  r = await send(tom, 'PUT', '/api/v1/signoff/limits', { staff: sueId, limit: '1000.00' });
  assert.equal(r.status, 403);
  r = await send(admin, 'PUT', '/api/v1/signoff/limits', { staff: samId, limit: '1.00' });
  assert.equal(r.status, 403);
  assert.match(r.json().detail, /has a manager/);
});

test('the budget first: above the worker\'s limit it goes to their manager, who agrees it', async () => {
  const sam = await as('social-worker');
  let r = await send(sam, 'POST', `/api/v1/people/${P}/agreed-budget`, { annual: '25000.00', reasons: 'From the assessment' });
  assert.equal(r.status, 201, r.text);
  const req = r.json();
  assert.equal(req.status, 'pending');
  assert.equal(req.holder.kind, 'manager');
  assert.equal(req.holder.staff_id, tomId);
  assert.match(req.where, /above/);
  // Sam cannot approve: it is not with him.
  r = await send(sam, 'POST', `/api/v1/people/${P}/signoff`, { request: req.id, action: 'approve' });
  assert.equal(r.status, 403, r.text);
  // The person sees where it is and why.
  const bh = await as('budget-holder');
  r = await bh.req(`/api/v1/people/${P}/agreed-budget`);
  assert.equal(r.status, 200);
  assert.equal(r.json().requests[0].where, req.where);
  const tom = await as('team-manager');
  r = await send(tom, 'POST', `/api/v1/people/${P}/signoff`, { request: req.id, action: 'approve' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'approved');
  r = await bh.req(`/api/v1/people/${P}/agreed-budget`);
  assert.equal(r.json().agreed.annual, '25000.00');
  assert.ok(r.json().period.due, 'a target date for the plan');
  assert.match(r.json().period.message, /plan is due by/);
});

test('an arrangement cannot be set up without a recorded offer of every option', async () => {
  const sam = await as('social-worker');
  const r = await send(sam, 'POST', `/api/v1/people/${P}/arrangements`, { kind: 'direct_payment' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json().type, '/api/v1/problems/arrangement-refused');
  assert.match(r.json().detail, /no record that the person was offered every way/);
});

test('the worker records the offer; the person chooses a mix themselves', async () => {
  const sam = await as('social-worker');
  let r = await send(sam, 'POST', `/api/v1/people/${P}/choice`, {
    offered_on: '2025-06-02', format: 'easy_read', present: ['Linda Linked', 'Rita Representative'],
    offers: { direct_payment: { offered: true }, council_managed: { offered: true }, isf: { offered: true } },
    chosen: false,
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().all_offered, true);
  const bh = await as('budget-holder');
  // Amounts that do not add up to the budget are refused, saying by how much.
  r = await send(bh, 'POST', `/api/v1/people/${P}/choice/decision`, { direct_payment: '20000.00', council_managed: '4000.00' });
  assert.equal(r.status, 422);
  assert.match(r.json().detail, /£1,000.00 short/);
  r = await send(bh, 'POST', `/api/v1/people/${P}/choice/decision`, {
    direct_payment: '20000.00', council_managed: '5000.00', reasons: 'I want to choose my own PA.',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().mix, true);
  assert.equal(r.json().amounts.direct_payment, '20000.00');
  assert.equal(r.json().offered_by, 'Sam Worker');
  // Now the gate lets a direct payment be set up, at the chosen amount.
  r = await send(sam, 'POST', `/api/v1/people/${P}/arrangements`, { kind: 'direct_payment', start_date: '2025-07-01' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().annual, '20000.00');
  r = await send(sam, 'POST', `/api/v1/people/${P}/arrangements`, { kind: 'isf' });
  assert.equal(r.status, 409, 'nothing was chosen for an ISF');
});

let firstVersion;
let rev; // the plan's revision as the person last saw it
test('the person writes a plan with a PA, a gym and a class, costed against the budget', async () => {
  const bh = await as('budget-holder');
  // The test world may already hold a signed-off plan for this person (the direct payments
  // fixture): then this plan is its next version, started from it.
  let r = await bh.req(`/api/v1/people/${P}/plan`);
  if (r.json().plan && r.json().plan.status === 'signed_off') {
    r = await send(bh, 'POST', `/api/v1/people/${P}/plan/new-version`, {});
    assert.equal(r.status, 201, r.text);
  }
  firstVersion = r.json().plan ? r.json().plan.version : 1;
  r = await send(bh, 'PUT', `/api/v1/people/${P}/plan`, { base_revision: 0, plan: plan(10) });
  assert.equal(r.status, 200, r.text);
  const doc = r.json();
  assert.equal(doc.plan.version, firstVersion);
  rev = doc.plan.revision;
  assert.equal(doc.plan.status, 'draft');
  const c = doc.costing;
  assert.equal(c.budget_annual, '25000.00');
  assert.equal(c.over_budget, false);
  // PA: 10 h x £12.60 = £126.00 a week; the true cost adds holiday pay, NI above the threshold,
  // pension and insurance. Gym £25 x 12 = £300; class £8 x 52 = £416.
  const pa = c.lines.find((l) => l.id === 'l1');
  assert.equal(pa.pa.wages, '6552.00');
  assert.ok(Number(pa.annual) > 6552, 'PA cost includes on-costs');
  assert.equal(c.lines.find((l) => l.id === 'l2').annual, '300.00');
  assert.equal(c.lines.find((l) => l.id === 'l3').annual, '416.00');
  const total = c.lines.reduce((s, l) => s + Math.round(Number(l.annual) * 100), 0);
  assert.equal(Math.round(Number(c.annual) * 100), total);
  assert.equal(c.weekly, (Math.round((Number(c.annual) * 100) / 52) / 100).toFixed(2));
  // Costing without saving: a PA below the minimum wage is warned about.
  r = await send(bh, 'POST', `/api/v1/people/${P}/plan/costing`, { plan: plan(10, { lines: [{ ...PA(10), unit_cost: '5.00' }] }) });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json().warnings.some((w) => /minimum/i.test(w.message)), JSON.stringify(r.json().warnings));
});

test('nobody\'s edit silently overwrites another\'s: a stale save is refused with what changed', async () => {
  const bh = await as('budget-holder');
  // One page saves from revision rev ...
  let r = await send(bh, 'PUT', `/api/v1/people/${P}/plan`, {
    base_revision: rev, plan: plan(10, { sections: { ...plan(10).sections, contingency: 'Rita or the agency covers.' } }),
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().plan.revision, rev + 1);
  // ... and another page, opened at the same revision, is refused, with what the first changed.
  r = await send(bh, 'PUT', `/api/v1/people/${P}/plan`, {
    base_revision: rev, plan: plan(10, { sections: { ...plan(10).sections, about_me: 'Changed from an old page' } }),
  });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json().type, '/api/v1/problems/plan-changed');
  assert.equal(r.json().current_revision, rev + 1);
  assert.deepEqual(r.json().changes, [{ what: 'What happens if things go wrong', before: 'Rita covers when Jo is away.', after: 'Rita or the agency covers.' }]);
  rev += 1;
  r = await bh.req(`/api/v1/people/${P}/plan`);
  assert.equal(r.json().plan.sections.about_me, 'I like gardening and seeing my friends.', 'the stale save changed nothing');
});

test('others help only with the person\'s permission', async () => {
  const rep = await as('representative');
  let r = await send(rep, 'PUT', `/api/v1/people/${P}/plan`, { base_revision: rev, plan: plan(10) });
  assert.equal(r.status, 403);
  assert.match(r.json().detail, /has not asked you to help write their plan/);
  const org = await as('support-organisation-worker');
  r = await send(org, 'POST', `/api/v1/people/${P}/plan/contributors`, { who: 'account:1' });
  assert.equal(r.status, 403, 'an organisation cannot give itself permission');
  const bh = await as('budget-holder');
  r = await bh.req(`/api/v1/people/${P}/plan/contributors`);
  const repCand = r.json().candidates.find((c) => c.role === 'representative');
  assert.ok(repCand, JSON.stringify(r.json()));
  r = await send(bh, 'POST', `/api/v1/people/${P}/plan/contributors`, { who: repCand.who });
  assert.equal(r.status, 201, r.text);
  r = await send(rep, 'PUT', `/api/v1/people/${P}/plan`, {
    base_revision: rev, plan: plan(10, { sections: { ...plan(10).sections, contingency: 'Rita covers when Jo is away. Rita added this.' } }),
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().plan.revision, rev + 1);
  assert.equal(r.json().plan.updated_by, 'Rita Representative');
  // The person's save from the revision before Rita's now sees her change listed.
  r = await send(bh, 'PUT', `/api/v1/people/${P}/plan`, { base_revision: rev, plan: plan(10) });
  assert.equal(r.status, 409);
  assert.ok(r.json().changes.some((c) => c.what === 'What happens if things go wrong'), r.text);
  rev += 1;
  // The permission ends: the representative can no longer save.
  const perm = (await bh.req(`/api/v1/people/${P}/plan/contributors`)).json().contributors[0];
  r = await send(bh, 'POST', `/api/v1/people/${P}/plan/contributors/revoke`, { contributor: perm.id });
  assert.equal(r.status, 200, r.text);
  r = await send(rep, 'PUT', `/api/v1/people/${P}/plan`, { base_revision: rev, plan: plan(10) });
  assert.equal(r.status, 403);
});

let firstRequest;
test('sent for sign-off: within the worker\'s limit, the worker approves the exact version', async () => {
  const bh = await as('budget-holder');
  let r = await send(bh, 'POST', `/api/v1/people/${P}/plan/submit`, { base_revision: rev - 1 });
  assert.equal(r.status, 409, 'a submit from an old revision is refused');
  r = await send(bh, 'POST', `/api/v1/people/${P}/plan/submit`, { base_revision: rev, reasons: 'Ready' });
  assert.equal(r.status, 201, r.text);
  firstRequest = r.json();
  assert.equal(firstRequest.holder.kind, 'worker');
  assert.equal(firstRequest.holder.staff_id, samId);
  assert.match(firstRequest.where, /within/);
  const tom = await as('team-manager');
  r = await send(tom, 'POST', `/api/v1/people/${P}/signoff`, { request: firstRequest.id, action: 'approve' });
  assert.equal(r.status, 403, 'the manager does not hold it');
  const sam = await as('social-worker');
  r = await send(sam, 'POST', `/api/v1/people/${P}/signoff`, { request: firstRequest.id, action: 'refuse' });
  assert.equal(r.status, 422, 'refusing needs reasons');
  r = await send(sam, 'POST', `/api/v1/people/${P}/signoff`, { request: firstRequest.id, action: 'approve' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().decisions[0].hash, firstRequest.hash);
  r = await bh.req(`/api/v1/people/${P}/plan`);
  assert.equal(r.json().plan.status, 'signed_off');
  assert.equal(r.json().plan.signed_off_hash, firstRequest.hash);
  // Locked: a save is refused.
  r = await send(bh, 'PUT', `/api/v1/people/${P}/plan`, { base_revision: rev, plan: plan(12) });
  assert.equal(r.status, 409);
  assert.match(r.json().detail, /locked/);
});

test('a changed plan is a new version; over the worker\'s limit it goes to their manager', async () => {
  const bh = await as('budget-holder');
  let r = await send(bh, 'POST', `/api/v1/people/${P}/plan/new-version`, {});
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().plan.version, firstVersion + 1);
  assert.equal(r.json().plan.status, 'draft');
  r = await send(bh, 'PUT', `/api/v1/people/${P}/plan`, { base_revision: 0, plan: plan(20) });
  assert.equal(r.status, 200, r.text);
  assert.ok(Number(r.json().costing.spend) > 10000);
  r = await send(bh, 'POST', `/api/v1/people/${P}/plan/submit`, { base_revision: 1 });
  assert.equal(r.status, 201, r.text);
  const req2 = r.json();
  assert.equal(req2.holder.kind, 'manager');
  assert.equal(req2.holder.staff_id, tomId);
  assert.match(req2.where, /Sam Worker/);
  const sam = await as('social-worker');
  r = await send(sam, 'POST', `/api/v1/people/${P}/signoff`, { request: req2.id, action: 'approve' });
  assert.equal(r.status, 403);
  const tom = await as('team-manager');
  r = await send(tom, 'POST', `/api/v1/people/${P}/signoff`, { request: req2.id, action: 'approve' });
  assert.equal(r.status, 200, r.text);
  r = await bh.req(`/api/v1/people/${P}/plan/history`);
  const versions = r.json().versions;
  assert.equal(versions.length, firstVersion + 1);
  assert.equal(versions[0].status, 'signed_off');
  assert.equal(versions[1].status, 'superseded');
  assert.equal(versions[0].previous_hash, firstRequest.hash);
  assert.ok(versions[0].saves.length >= 2);
});

test('the DP agreement is made from the plan, accepted by the person, and downloadable', async () => {
  // The council's settings first: the agreement names the DP team and the out-of-hours number.
  const admin = await as('council-administrator');
  let r = await admin.req('/api/v1/settings/planning');
  assert.equal(r.status, 200);
  r = await send(admin, 'PUT', '/api/v1/settings/planning', {
    version: r.json().version, dp_team_contact: '01632 960 100', out_of_hours_phone: '01632 960 999',
  });
  assert.equal(r.status, 200, r.text);
  r = await send(admin, 'PUT', '/api/v1/settings/planning', { version: 0, planning_period_days: 30 });
  assert.equal(r.status, 409, 'a stale version of the settings is refused');
  // How payments are made is the finance team's payment settings, not a planning setting.
  r = await admin.req('/api/v1/settings/planning');
  assert.equal(r.json().payment_interval_weeks, undefined);
  r = await send(admin, 'PUT', '/api/v1/settings/planning', { version: r.json().version, net_payments: false });
  assert.equal(r.status, 422, 'net_payments is not a planning setting');
  const page = await admin.req('/settings/planning');
  assert.match(page.text, /These are the finance team&#39;s payment settings|These are the finance team's payment settings/);
  assert.match(page.text, /Direct payments are paid every (week|4 weeks|month), in advance, (net|gross)/);
  assert.doesNotMatch(page.text, /name="payment_interval_weeks"/);
  const sam = await as('social-worker');
  r = await send(sam, 'POST', `/api/v1/people/${P}/agreement`, { account: 'bank', start_date: '2025-07-01' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().status, 'offered');
  assert.equal(r.json().dp_annual, '20000.00');
  const rep = await as('representative');
  r = await send(rep, 'POST', `/api/v1/people/${P}/agreement/accept`, { name: 'Rita Representative', capacity: 'nominated' });
  assert.equal(r.status, 403, 'only the person, or the nominated person named in it, accepts');
  const bh = await as('budget-holder');
  r = await send(bh, 'POST', `/api/v1/people/${P}/agreement/accept`, { name: 'Linda Linked', capacity: 'person' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'accepted');
  for (const path of [`/people/${P}/agreement/pdf`, `/people/${P}/plan/pdf`, `/people/${P}/plan/pdf?version=1`]) {
    r = await bh.req(path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.ok(r.text.startsWith('%PDF-'), path);
  }
});

test('a challenge is tracked to a decision, not by the person who made the decision challenged', async () => {
  const adv = await as('advocate');
  let r = await send(adv, 'POST', `/api/v1/people/${P}/challenges`, {
    subject: 'budget_amount', amount_sought: '30000.00', reasons: 'The assessment missed night-time support.',
    evidence: ['Letter from the GP'],
  });
  assert.equal(r.status, 201, r.text);
  const ch = r.json();
  assert.equal(ch.by, 'advocate');
  assert.equal(ch.amount_challenged, '25000.00');
  const sam = await as('social-worker');
  const tom = await as('team-manager');
  let version = ch.version;
  for (const step of ['acknowledge', 'review']) {
    r = await send(sam, 'POST', `/api/v1/people/${P}/challenges/progress`, { challenge: ch.id, version, step });
    assert.equal(r.status, 204, r.text);
    version++;
  }
  r = await send(tom, 'POST', `/api/v1/people/${P}/challenges/progress`, {
    challenge: ch.id, version, step: 'decide', outcome: 'partly_upheld', reasons: 'Some night support', revised_amount: '27000.00',
  });
  assert.equal(r.status, 403, 'Tom agreed the budget that is challenged');
  r = await send(sam, 'POST', `/api/v1/people/${P}/challenges/progress`, {
    challenge: ch.id, version, step: 'decide', outcome: 'partly_upheld', reasons: 'Some night support', revised_amount: '27000.00',
  });
  assert.equal(r.status, 204, r.text);
  const bh = await as('budget-holder');
  r = await bh.req(`/api/v1/people/${P}/challenges`);
  assert.equal(r.json().challenges[0].outcome, 'partly_upheld');
  assert.equal(r.json().challenges[0].revised_amount, '27000.00');
  r = await tom.req('/api/v1/reports/challenges');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().raised, 1);
  assert.equal(r.json().by_who.advocate, 1);
  assert.equal(r.json().extra_awarded, '2000.00');
});

test('the managers\' report counts offers and choices, hiding small numbers', async () => {
  // The auditor (api.test.mjs locks the commissioner's account on purpose).
  const com = await as('auditor');
  let r = await com.req('/api/v1/reports/choice');
  assert.equal(r.status, 200, r.text);
  const rep = r.json();
  assert.equal(rep.suppress_below, 5);
  assert.equal(rep.total.suppressed, true, 'one person: fewer than 5');
  assert.equal(rep.total.people, null);
  r = await com.req('/api/v1/reports/choice?from=2030-01-01&to=2029-01-01');
  assert.equal(r.status, 422);
  r = await com.req('/api/v1/reports/choice?since=2025-01-01');
  assert.equal(r.status, 422);
  assert.equal(r.json().field, 'since');
});

test('the traditional-support report: JSON, CSV and page agree, small numbers hidden', async () => {
  const com = await as('auditor');
  let r = await com.req('/api/v1/reports/traditional');
  assert.equal(r.status, 200, r.text);
  const rep = r.json();
  assert.equal(rep.suppress_below, 5);
  assert.match(rep.traditional_means, /home care/);
  assert.ok(['any_traditional', 'only_traditional', 'no_traditional'].every((k) => k in rep.total.measures));
  if (rep.total.suppressed) {
    assert.equal(rep.total.plans, null);
    assert.equal(rep.total.spending.total, null, 'a small group shows no money');
  } else {
    assert.equal(typeof rep.total.plans, 'number');
  }
  r = await com.req(`/reports/traditional.csv?from=${rep.from}&to=${rep.to}`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="traditional-support-/);
  assert.ok(r.text.startsWith('"grouping","group","plans signed off"'), r.text.slice(0, 80));
  assert.ok(r.text.includes(`"council","All","${rep.total.suppressed ? 'fewer than 5' : rep.total.plans}"`), r.text);
  r = await com.req('/reports/traditional');
  assert.equal(r.status, 200);
  assert.match(r.text, /What is counted, and how/);
  r = await com.req('/api/v1/reports/traditional?from=2030-01-01&to=2029-01-01');
  assert.equal(r.status, 422);
  r = await com.req('/api/v1/reports/traditional?since=2025-01-01');
  assert.equal(r.status, 422);
  assert.equal(r.json().field, 'since');
  r = await com.req('/reports/traditional?from=2025-02-30');
  assert.equal(r.status, 422);
});

test('the person chooses whether to get reminders by e-mail', async () => {
  const bh = await as('budget-holder');
  let r = await bh.req(`/people/${P}/reminders`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /At the moment we send you reminders/);
  r = await bh.form(`/people/${P}/reminders`, { csrf_token: bh.csrf, reminders: 'stop' });
  assert.equal(r.status, 303, r.text);
  r = await bh.req(`/people/${P}/reminders`);
  assert.match(r.text, /At the moment we do not send you reminders/);
  r = await bh.form(`/people/${P}/reminders`, { csrf_token: bh.csrf, reminders: 'maybe' });
  assert.equal(r.status, 400);
  r = await bh.form(`/people/${P}/reminders`, { csrf_token: bh.csrf, reminders: 'send' });
  assert.equal(r.status, 303);
  r = await bh.req(`/people/${P}/reminders`);
  assert.match(r.text, /At the moment we send you reminders/);
  // Their worker cannot choose for them.
  const sw = await as('social-worker');
  r = await sw.form(`/people/${P}/reminders`, { csrf_token: sw.csrf, reminders: 'stop' });
  assert.equal(r.status, 403);
});

test('plan input is read strictly', async () => {
  const bh = await as('budget-holder');
  const cases = [
    [{ base_revision: 0, plan: { ...plan(10), colour: 'blue' } }, 'colour'],
    [{ base_revision: 0, plan: plan(10), extra: 1 }, 'extra'],
    [{ base_revision: 0, plan: plan(10, { lines: [{ ...PA(10), unit_cost: 12.6 }] }) }, 'lines[0].unit_cost'],
    [{ base_revision: 0, plan: plan(10, { start_date: '2025-02-30' }) }, 'start_date'],
    [{ plan: plan(10) }, 'base_revision'],
  ];
  for (const [body, field] of cases) {
    const r = await send(bh, 'PUT', `/api/v1/people/${P}/plan`, body);
    assert.equal(r.status, 422, `${field}: ${r.text}`);
    assert.equal(r.json().field, field);
  }
  let r = await bh.req(`/api/v1/people/${P}/plan`, { method: 'PUT', body: '{}', headers: { 'X-CSRF-Token': bh.csrf } });
  assert.equal(r.status, 415);
  r = await send(bh, 'POST', `/api/v1/people/${P}/choice/decision`, { direct_payment: 20000 });
  assert.equal(r.status, 422);
});
