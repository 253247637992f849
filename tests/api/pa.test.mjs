// Personal assistants over HTTP (issue 6): the PA's own record, timesheets submitted by the PA and
// decided by the employer (never the PA, nor anyone not acting for the employer), a pay run that
// pays once (the same period again returns the same run), the payslip with its explanation and
// PDF for the PA alone, concerns routed to the named contact, and the finder showing only checked
// PAs unless asked, with the check status on each. The test world's PA comes from pa_demo_seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, HOSTILE } from './lib.mjs';

async function as(role) {
  const c = new Client();
  await c.signIn(role);
  return c;
}

function send(c, method, path, json) {
  const headers = { 'X-CSRF-Token': c.csrf };
  return json === undefined ? c.req(path, { method, headers }) : c.req(path, { method, json, headers });
}

function iso(d) {
  return d.toISOString().slice(0, 10);
}
const DAY = 86400000;
const today = new Date();

test('PA: timesheets submitted, decided by the employer only, paid once, payslip for the PA', async () => {
  const pa = await as('personal-assistant');
  const bh = await as('budget-holder');
  const rep = await as('representative');

  let me = (await pa.req('/api/v1/pa/me')).json();
  assert.equal(me.given_name, 'Pat');
  assert.equal(me.accreditation, 'registered');
  assert.equal(me.contracts.length, 1);
  const contract = me.contracts[0];
  assert.equal(contract.hourly_rate, '15.00');
  assert.equal(contract.frequency, 'monthly');
  assert.equal(contract.timesheets.length, 1);
  assert.equal(contract.timesheets[0].status, 'submitted');

  // Refusals the store decides, with the reason.
  const tooLong = await send(pa, 'POST', '/api/v1/pa/timesheets', {
    contract_id: contract.id, period_start: iso(new Date(today - 60 * DAY)), period_end: iso(new Date(today - 20 * DAY)), worked_minutes: 600,
  });
  assert.equal(tooLong.status, 422, tooLong.text);
  const overlap = await send(pa, 'POST', '/api/v1/pa/timesheets', {
    contract_id: contract.id, period_start: contract.timesheets[0].period_start, period_end: contract.timesheets[0].period_end, worked_minutes: 60,
  });
  assert.equal(overlap.status, 409, overlap.text);
  const notMine = await send(pa, 'POST', '/api/v1/pa/timesheets', {
    contract_id: 999999, period_start: iso(new Date(today - 16 * DAY)), period_end: iso(new Date(today - 10 * DAY)), worked_minutes: 60,
  });
  assert.ok([403, 404].includes(notMine.status), notMine.text);
  const noJson = await pa.req('/api/v1/pa/timesheets', { method: 'POST', body: 'a=1', type: 'application/x-www-form-urlencoded', headers: { 'X-CSRF-Token': pa.csrf } });
  assert.equal(noJson.status, 415);

  // A good one, with hostile notes that come back as plain text.
  const ok = await send(pa, 'POST', '/api/v1/pa/timesheets', {
    contract_id: contract.id, period_start: iso(new Date(today - 16 * DAY)), period_end: iso(new Date(today - 10 * DAY)),
    worked_minutes: 750, notes: HOSTILE[1],
  });
  assert.equal(ok.status, 201, ok.text);
  const ts = ok.json();
  assert.equal(ts.status, 'submitted');
  assert.equal(ts.notes, HOSTILE[1]);
  const page = await pa.req('/pa');
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes('<img src=x'), 'notes are escaped on the page');

  // The PA may not decide; a representative who is not the employer finds no such timesheet.
  assert.equal((await send(pa, 'POST', `/api/v1/pa/employer/timesheets/${ts.id}/approve`)).status, 403);
  assert.equal((await send(rep, 'POST', `/api/v1/pa/employer/timesheets/${ts.id}/approve`)).status, 404);

  // The employer: two waiting; one sent back with a reason the PA sees, the other approved.
  const emp = (await bh.req('/api/v1/pa/employer')).json();
  assert.equal(emp.employers.length, 1);
  const employerId = emp.employers[0].id;
  assert.equal(emp.employers[0].timesheets_to_decide.length, 2);
  const seeded = emp.employers[0].timesheets_to_decide.find((t) => t.id !== ts.id);
  const rej = await send(bh, 'POST', `/api/v1/pa/employer/timesheets/${seeded.id}/reject`, { reason: 'Tuesday was a half day.' });
  assert.equal(rej.status, 200, rej.text);
  assert.equal(rej.json().status, 'rejected');
  const app = await send(bh, 'POST', `/api/v1/pa/employer/timesheets/${ts.id}/approve`);
  assert.equal(app.status, 200, app.text);
  assert.equal(app.json().status, 'approved');
  assert.equal((await send(bh, 'POST', `/api/v1/pa/employer/timesheets/${ts.id}/approve`)).status, 409, 'decided once');
  me = (await pa.req('/api/v1/pa/me')).json();
  const back = me.contracts[0].timesheets.find((t) => t.id === seeded.id);
  assert.equal(back.reject_reason, 'Tuesday was a half day.');

  // Pay run: made once; the same period again gives the same run.
  assert.equal((await send(bh, 'POST', `/api/v1/pa/employer/${employerId}/payruns`, { pay_date: iso(today), frequency: 'fortnightly' })).status, 422, 'nobody paid fortnightly');
  const run = await send(bh, 'POST', `/api/v1/pa/employer/${employerId}/payruns`, { pay_date: iso(today), frequency: 'monthly' });
  assert.equal(run.status, 201, run.text);
  const r = run.json();
  assert.equal(r.payslips, 1);
  assert.equal(r.gross, '187.50'); // 12.5 hours at £15.00
  assert.match(r.to_hmrc, /^\d+\.\d\d$/);
  assert.match(r.employer_cost, /^\d+\.\d\d$/);
  const again = await send(bh, 'POST', `/api/v1/pa/employer/${employerId}/payruns`, { pay_date: iso(today), frequency: 'monthly' });
  assert.equal(again.status, 200);
  assert.equal(again.json().id, r.id);
  assert.equal(again.json().already_run, true);
  assert.equal(again.json().payslips, 1);
  assert.equal((await send(rep, 'POST', `/api/v1/pa/employer/${employerId}/payruns`, { pay_date: iso(today), frequency: 'monthly' })).status, 404);

  const full = (await bh.req(`/api/v1/pa/employer/runs/${r.id}`)).json();
  assert.equal(full.payslip_list.length, 1);
  assert.equal((await rep.req(`/api/v1/pa/employer/runs/${r.id}`)).status, 404);

  // The PA's payslip: figures, explanation, and the PDF; nobody else's payslip route reaches it.
  me = (await pa.req('/api/v1/pa/me')).json();
  assert.equal(me.payslips.length, 1);
  const slip = (await pa.req(`/api/v1/pa/payslips/${me.payslips[0].id}`)).json();
  assert.equal(slip.gross, '187.50');
  assert.ok(slip.explanation.length > 5);
  assert.ok(slip.explanation.some((l) => /tax/i.test(l.text)));
  const pdf = await pa.req(slip.pdf);
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers.get('content-type'), /^application\/pdf/);
  assert.ok(pdf.text.startsWith('%PDF-'));
  assert.equal((await bh.req(`/api/v1/pa/payslips/${slip.id}`)).status, 403);
  assert.equal((await bh.req(`/pa/employer/payslips/${slip.id}/pdf`)).status, 200);
  assert.equal((await rep.req(`/pa/employer/payslips/${slip.id}/pdf`)).status, 404);
  assert.equal((await pa.req('/api/v1/pa/payslips/999999')).status, 404);
});

test('PA: a concern reaches the named contact with a date to respond by', async () => {
  const pa = await as('personal-assistant');
  const bad = await send(pa, 'POST', '/api/v1/pa/concerns', { about: 'weather', summary: 'x' });
  assert.equal(bad.status, 422);
  const empty = await send(pa, 'POST', '/api/v1/pa/concerns', { about: 'pay' });
  assert.equal(empty.status, 422);
  const r = await send(pa, 'POST', '/api/v1/pa/concerns', { about: 'safety', summary: 'The hoist has not been serviced.' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().contact, 'Priya Demo');
  assert.ok(r.json().respond_by >= iso(today));
  const me = (await pa.req('/api/v1/pa/me')).json();
  const c = me.concerns.find((x) => x.id === r.json().id);
  assert.equal(c.status, 'open');
  assert.equal(c.about, 'safety');
  // Only the PA raises concerns through this route.
  const bh = await as('budget-holder');
  assert.equal((await send(bh, 'POST', '/api/v1/pa/concerns', { about: 'pay', summary: 'x' })).status, 403);
});

test('PA concerns: the named contact sees, responds and closes with an outcome; the PA sees it', async () => {
  const pa = await as('personal-assistant');
  const org = await as('support-organisation-worker'); // linked to the PA's register organisation
  const tm = await as('team-manager'); // the council's named contact: not this organisation's
  const sw = await as('social-worker'); // not a named contact at all
  const raised = await send(pa, 'POST', '/api/v1/pa/concerns', { about: 'pay', summary: HOSTILE[1] });
  assert.equal(raised.status, 201, raised.text);
  const id = raised.json().id;

  const list = (await org.req('/api/v1/pa-concerns')).json();
  assert.equal(list.named_contact, true);
  const mine = list.items.find((x) => x.id === id);
  assert.ok(mine, 'the organisation worker sees the concern routed to their organisation');
  assert.equal(mine.status, 'open');
  assert.equal(mine.overdue, false); // respond_by is days away
  assert.equal(mine.summary, HOSTILE[1]);
  assert.equal(mine.pa.given_name, 'Pat');
  assert.ok(!(await tm.req('/api/v1/pa-concerns')).json().items.some((x) => x.id === id), 'the council contact does not see it');
  const swList = (await sw.req('/api/v1/pa-concerns')).json();
  assert.equal(swList.named_contact, false);
  assert.equal(swList.items.length, 0);
  assert.equal((await sw.req(`/api/v1/pa-concerns/${id}`)).status, 404);
  assert.equal((await send(tm, 'POST', `/api/v1/pa-concerns/${id}/respond`, { response: 'x' })).status, 404);
  assert.equal((await send(pa, 'POST', `/api/v1/pa-concerns/${id}/respond`, { response: 'x' })).status, 403);
  const page = await org.req('/pa-concerns');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`/pa-concerns/${id}`));
  const one = await org.req(`/pa-concerns/${id}`);
  assert.equal(one.status, 200);
  assert.ok(!one.text.includes('<img src=x'), 'the summary is escaped');

  // Not closed before a response; then a response the PA sees; then closed with an outcome.
  assert.equal((await send(org, 'POST', `/api/v1/pa-concerns/${id}/close`, { outcome: 'resolved' })).status, 409);
  assert.equal((await send(org, 'POST', `/api/v1/pa-concerns/${id}/respond`, { response: '' })).status, 422);
  const resp = await send(org, 'POST', `/api/v1/pa-concerns/${id}/respond`, { response: 'We have asked your employer to pay the missing hours this month.' });
  assert.equal(resp.status, 200, resp.text);
  assert.equal(resp.json().status, 'responded');
  assert.equal(resp.json().responded_by, 'Orla Organisation');
  let me = (await pa.req('/api/v1/pa/me')).json();
  let c = me.concerns.find((x) => x.id === id);
  assert.equal(c.status, 'responded');
  assert.equal(c.response, 'We have asked your employer to pay the missing hours this month.');
  assert.equal((await send(org, 'POST', `/api/v1/pa-concerns/${id}/close`, { outcome: 'sorted' })).status, 422);
  const closed = await send(org, 'POST', `/api/v1/pa-concerns/${id}/close`, { outcome: 'resolved' });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json().outcome, 'resolved');
  assert.equal(closed.json().closed_by, 'Orla Organisation');
  assert.equal((await send(org, 'POST', `/api/v1/pa-concerns/${id}/respond`, { response: 'again' })).status, 409);
  assert.ok(!(await org.req('/api/v1/pa-concerns')).json().items.some((x) => x.id === id), 'closed ones leave the worklist');
  assert.ok((await org.req('/api/v1/pa-concerns?all=yes')).json().items.some((x) => x.id === id && x.outcome === 'resolved'));
  me = (await pa.req('/api/v1/pa/me')).json();
  c = me.concerns.find((x) => x.id === id);
  assert.equal(c.status, 'closed');
  assert.equal(c.outcome, 'resolved');
  const home = await pa.req('/pa');
  assert.ok(home.text.includes('Outcome: Resolved'));
});

test('PA finder: only checked PAs unless asked, with the check status on each', async () => {
  const bh = await as('budget-holder');
  const checked = (await bh.req('/api/v1/pa-finder')).json();
  assert.equal(checked.include_unchecked, false);
  assert.ok(!checked.items.some((i) => i.given_name === 'Pat'), 'a registered, unchecked PA is hidden');
  assert.ok(checked.hidden_unchecked >= 1);
  const all = (await bh.req('/api/v1/pa-finder?everyone=yes')).json();
  const pat = all.items.find((i) => i.given_name === 'Pat');
  assert.ok(pat, 'shown when the budget holder asks');
  assert.ok(pat.check_status.length > 10);
  assert.equal((await bh.req('/api/v1/pa-finder?everyone=yes&area=demoford')).status, 200);
  assert.equal((await bh.req('/api/v1/pa-finder?day=Someday')).status, 400);
  const page = await bh.req('/pa-finder');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('id="why-checks"'));
  const pa = await as('personal-assistant');
  assert.equal((await pa.req('/api/v1/pa-finder')).status, 403);
});
