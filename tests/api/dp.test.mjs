// Direct payments over HTTP (issue 7): the person's light-touch view, payment batches under the
// four-eyes rule (self-approval, approving what was not reviewed, approving twice, editing after
// approval, releasing twice, another council's batch: all refused), Idempotency-Key on the calls
// that move money (replayed, refused with another body, concurrent duplicates with one effect),
// statements imported once and refused whole with the line and the reason, matching by hand and
// learning only when the officer accepts, flags resolved with a note, a proposed recovery
// decided by an officer after telling the person, and an agreed one paid back or kept back from
// the next payment by finance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BASE, Client, FIXTURE } from './lib.mjs';

const P = { ...FIXTURE.people };
const DP = FIXTURE.dp;
const dpUrl = `/api/v1/people/${P.linked}/direct-payment`;

async function as(role) {
  const c = new Client();
  const username = FIXTURE.logins[role] || DP.logins[role];
  const r = await c.req('/api/v1/session', { method: 'POST', json: { username, password: FIXTURE.password } });
  assert.equal(r.status, 201, `sign in as ${role}: ${r.text}`);
  c.csrf = (await c.req('/api/v1/session')).json().csrf_token;
  return c;
}

// A change: JSON with the CSRF token and, when given, an Idempotency-Key.
function send(c, method, path, json, key) {
  const headers = { 'X-CSRF-Token': c.csrf };
  if (key) headers['Idempotency-Key'] = key;
  return json === undefined ? c.req(path, { method, headers }) : c.req(path, { method, json, headers });
}

function iso(d) {
  return d.toISOString().slice(0, 10);
}

function weekdayOnOrAfter(s) {
  const d = new Date(`${s}T12:00:00Z`);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return iso(d);
}

test('the person sees their money in plain words; others see it only as the access rule says', async () => {
  const me = await as('budget-holder');
  const r = await me.req(dpUrl);
  assert.equal(r.status, 200, r.text);
  const d = r.json();
  assert.ok(d.plain_words.some((w) => /You have spent £/.test(w)), JSON.stringify(d.plain_words));
  assert.ok(d.plain_words.some((w) => /There is £[0-9,.]+ in the account/.test(w)));
  for (const k of ['paid_by_council', 'spent', 'held', 'committed', 'left']) assert.match(d.money[k], /^-?[0-9]+\.[0-9]{2}$/, k);
  assert.ok(d.remittances.length >= 1, 'the remittance advice of the payment made');
  assert.match(d.remittances[0].text, /Direct payment of £/);
  assert.equal(d.flags, undefined, 'monitoring flags are for officers');
  assert.equal(d.paid_to.account_ending.length, 4, 'only the end of the account number');
  // The page says the same in words.
  const page = await me.req(`/people/${P.linked}/direct-payment`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Your direct payment/);
  assert.match(page.text, /Money in/);
  assert.match(page.text, /Already spoken for/);
  // Staff see the flags; a PA and another council see nothing at all.
  const sw = await as('social-worker');
  const staff = (await sw.req(dpUrl)).json();
  assert.ok(staff.flags.length >= 2);
  assert.ok(staff.flags.every((f) => f.reason && f.next_step));
  assert.equal((await (await as('personal-assistant')).req(dpUrl)).status, 404);
  assert.equal((await (await as('other-council-social-worker')).req(dpUrl)).status, 404);
  assert.equal((await sw.req(`/api/v1/people/${P.unlinked}/direct-payment`)).status, 403);
});

test('a direct payment starts only from an accepted agreement', async () => {
  const fo = await as('finance-officer');
  const r = await send(fo, 'POST', `/api/v1/people/${P.unlinked}/direct-payment`, {
    payee_name: 'Ursula Unlinked', sort_code: '12-34-56', account_number: '12345678', reference: 'DP UNLINKED',
  });
  assert.equal(r.status, 409, r.text);
  assert.match(r.json().detail, /agreement/);
  const twice = await send(fo, 'POST', dpUrl, {
    payee_name: 'Linda Linked', sort_code: '12-34-56', account_number: '12345678', reference: 'DP LINKED',
  });
  assert.equal(twice.status, 409, 'one direct payment per agreement');
});

test('four eyes over HTTP: a batch is approved by someone else, exactly as reviewed, released once', async () => {
  const fo = await as('finance-officer');
  const sched = (await fo.req(dpUrl)).json().schedule;
  assert.ok(sched.length > 0, 'something is scheduled');
  const pay = weekdayOnOrAfter(sched[0].due);

  // An approver who makes a batch cannot approve it.
  let ap = await as('finance-approver');
  let r = await send(ap, 'POST', '/api/v1/finance/batches', { pay_date: pay }, randomUUID());
  assert.equal(r.status, 201, r.text);
  const own = r.json().id;
  r = await send(ap, 'POST', `/api/v1/finance/batches/${own}/lines`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().added, 1);
  assert.equal((await send(ap, 'POST', `/api/v1/finance/batches/${own}/submit`, {})).status, 200);
  const hashOwn = (await ap.req(`/api/v1/finance/batches/${own}`)).json().content_hash;
  r = await send(ap, 'POST', `/api/v1/finance/batches/${own}/approve`, { hash: hashOwn });
  assert.equal(r.status, 403, 'self-approval');
  assert.match(r.json().detail, /four-eyes/);
  assert.equal((await send(ap, 'POST', `/api/v1/finance/batches/${own}/cancel`, { reason: 'made by the approver' })).status, 200);

  // The officer's batch, with an Idempotency-Key: replayed for the same body, refused for another.
  const key = randomUUID();
  r = await send(fo, 'POST', '/api/v1/finance/batches', { pay_date: pay }, key);
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  const again = await send(fo, 'POST', '/api/v1/finance/batches', { pay_date: pay }, key);
  assert.equal(again.status, 201);
  assert.equal(again.json().id, id, 'the same answer, no second batch');
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  const other = await send(fo, 'POST', '/api/v1/finance/batches', { pay_date: weekdayOnOrAfter(iso(new Date(Date.now() + 40 * 864e5))) }, key);
  assert.equal(other.status, 422, 'the same key with another body');
  assert.equal(other.json().type, '/api/v1/problems/idempotency-key-reused');

  r = await send(fo, 'POST', `/api/v1/finance/batches/${id}/lines`, {});
  assert.equal(r.json().added, 1, 'the payment freed by the cancelled batch');
  assert.equal((await send(fo, 'POST', `/api/v1/finance/batches/${id}/submit`, {})).status, 200);
  r = await send(fo, 'POST', `/api/v1/finance/batches/${id}/approve`, { hash: r.json().content_hash });
  assert.equal(r.status, 403, 'a finance officer is not an approver');

  ap = await as('finance-approver');
  const reviewed = (await ap.req(`/api/v1/finance/batches/${id}`)).json();
  r = await send(ap, 'POST', `/api/v1/finance/batches/${id}/approve`, { hash: '0'.repeat(64) });
  assert.equal(r.status, 409, 'an approval names exactly what was reviewed');
  r = await send(ap, 'POST', `/api/v1/finance/batches/${id}/approve`, { hash: reviewed.content_hash });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().state, 'approved');
  assert.equal(r.json().approved_hash, reviewed.content_hash);

  const ap2 = await as('finance-approver-2');
  r = await send(ap2, 'POST', `/api/v1/finance/batches/${id}/approve`, { hash: reviewed.content_hash });
  assert.equal(r.status, 409, 'approving twice');
  assert.equal((await send(fo, 'POST', `/api/v1/finance/batches/${id}/lines`, {})).status, 409, 'editing after approval');
  assert.equal((await send(fo, 'DELETE', `/api/v1/finance/batches/${id}/lines/1`)).status, 409, 'removing after approval');

  // Another council's finance staff see no such batch, and ours cannot act on theirs.
  const ob = await as('other-council-finance-approver');
  assert.equal((await ob.req(`/api/v1/finance/batches/${id}`)).status, 404);
  assert.equal((await send(ob, 'POST', `/api/v1/finance/batches/${id}/release`, {}, randomUUID())).status, 404);
  assert.equal((await send(ap2, 'POST', `/api/v1/finance/batches/${DP.other_council_batch}/submit`, {})).status, 404);
  assert.equal((await send(ap2, 'POST', `/api/v1/finance/batches/${DP.other_council_batch}/approve`, { hash: '0'.repeat(64) })).status, 404);

  // Release moves money: it needs a key, happens once, and a repeat answers the same.
  assert.equal((await send(fo, 'POST', `/api/v1/finance/batches/${id}/release`, {})).status, 428);
  const rk = randomUUID();
  r = await send(fo, 'POST', `/api/v1/finance/batches/${id}/release`, {}, rk);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().state, 'released');
  const replay = await send(fo, 'POST', `/api/v1/finance/batches/${id}/release`, {}, rk);
  assert.equal(replay.status, 200);
  assert.equal(replay.text, r.text);
  assert.equal((await send(fo, 'POST', `/api/v1/finance/batches/${id}/release`, {}, randomUUID())).status, 409, 'releasing twice');

  // The BACS file, and the person's remittance advice.
  const bacs = await fo.req(`/api/v1/finance/batches/${id}/bacs`);
  assert.equal(bacs.status, 200, bacs.text);
  assert.match(bacs.text, /^VOL1/);
  assert.match(bacs.text, /TESTA DP LINKED/);
  assert.match(bacs.headers.get('content-disposition'), /attachment/);
  const me = await as('budget-holder');
  const rem = (await me.req(dpUrl)).json().remittances;
  assert.ok(rem.some((x) => x.batch_id === id), 'the person sees the payment');
  assert.equal((await me.req(`/api/v1/finance/batches/${id}`)).status, 403, 'batches are finance work');
});

function csv(rows) {
  let bal = 0;
  const lines = ['Date,Description,Amount,Balance,Reference,Payee'];
  for (const [date, desc, amount, ref, payee] of rows) {
    bal += Math.round(amount * 100);
    lines.push(`${date},${desc},${amount.toFixed(2)},${(bal / 100).toFixed(2)},${ref},${payee}`);
  }
  return lines.join('\n') + '\n';
}

function postStatement(c, body, key, type = 'text/csv', layout = 'generic') {
  return c.req(`${dpUrl}/statements?layout=${layout}`, {
    method: 'POST', body, type, headers: { 'X-CSRF-Token': c.csrf, 'Idempotency-Key': key },
  });
}

test('statements: refused whole with the line and reason, imported once, concurrent duplicates one effect', async () => {
  const me = await as('budget-holder');
  const day = (n) => iso(new Date(Date.now() - n * 864e5));
  const before = (await me.req(`${dpUrl}/transactions`)).json().count;
  // Three decimals: refused whole, nothing stored.
  const bad = csv([[day(3), 'Gym', -25, 'M1', 'Leisure Centre']]).replace('-25.00', '-25.001');
  let r = await postStatement(me, bad, randomUUID());
  assert.equal(r.status, 422, r.text);
  assert.match(r.json().detail, /line 2/i);
  assert.equal((await me.req(`${dpUrl}/transactions`)).json().count, before);
  // No key: refused before anything is read.
  r = await me.req(`${dpUrl}/statements?layout=generic`, { method: 'POST', body: 'x', type: 'text/csv', headers: { 'X-CSRF-Token': me.csrf } });
  assert.equal(r.status, 428);

  const good = csv([
    [day(6), 'Wages', -302.4, 'WAGES', 'Pat Assistant'],
    [day(5), 'Card payment', -15.5, 'ORDER 99', 'Corner Cafe'],
    [day(4), 'Savings moved in', 9000, '', 'Linda Linked'],
  ]);
  // Five at once with one key: one import, five identical answers.
  const key = randomUUID();
  const all = await Promise.all([0, 1, 2, 3, 4].map(() => postStatement(me, good, key)));
  for (const x of all) assert.equal(x.status, 201, x.text);
  assert.equal(new Set(all.map((x) => x.json().import_id)).size, 1);
  assert.equal(all[0].json().added, 3);
  // The same statement again under new keys (even at once) adds nothing.
  const more = await Promise.all([0, 1].map(() => postStatement(me, good, randomUUID())));
  for (const x of more) {
    assert.ok(x.status === 201 || x.status === 409, x.text);
    if (x.status === 201) assert.equal(x.json().added, 0);
  }
  assert.equal((await me.req(`${dpUrl}/transactions`)).json().count, before + 3);

  // camt.053 from the bank.
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId></GrpHdr><Stmt><Id>S1</Id>
<Acct><Id><IBAN>GB33BUKB20201555555555</IBAN></Id><Ccy>GBP</Ccy></Acct>
<Ntry><Amt Ccy="GBP">42.10</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>${day(2)}</Dt></BookgDt><AcctSvcrRef>T-${randomUUID().slice(0, 8)}</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Cdtr><Nm>LEISURE CENTRE</Nm></Cdtr></RltdPties><RmtInf><Ustrd>SWIM</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>`;
  r = await postStatement(me, xml, randomUUID(), 'application/xml');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().added, 1);
  assert.equal(r.json().matched, 1, 'matched to the gym by its payee');
});

test('matching by hand proposes a rule; the officer accepts it and it is applied', async () => {
  const sw = await as('social-worker');
  const d = (await sw.req(dpUrl)).json();
  const gym = d.plan_lines.find((l) => /Gym/.test(l.name));
  assert.ok(gym, JSON.stringify(d.plan_lines));
  const txns = (await sw.req(`${dpUrl}/transactions`)).json().items;
  const acme = txns.find((t) => t.payee === 'Acme Gadgets');
  assert.equal(acme.matched_by, 'none');
  let r = await send(sw, 'POST', `${dpUrl}/transactions/${acme.id}/match`, { plan_line_id: gym.id });
  assert.equal(r.status, 200, r.text);
  const prop = r.json().proposal;
  assert.ok(prop, 'a rule is proposed');
  assert.equal(prop.field, 'payee');
  assert.match(prop.pattern, /ACME GADGETS/i);
  assert.equal((await sw.req(`${dpUrl}/transactions`)).json().items.find((t) => t.id === acme.id).matched_by, 'hand');
  r = await send(sw, 'POST', `${dpUrl}/rules`, { field: prop.field, op: prop.op, pattern: prop.pattern, plan_line_id: gym.id, learned_from: acme.id });
  assert.equal(r.status, 201, r.text);
  r = await send(sw, 'POST', `${dpUrl}/rules`, { field: 'payee', op: 'sounds_like', pattern: 'x', plan_line_id: gym.id });
  assert.equal(r.status, 422);
  assert.equal((await send(sw, 'POST', `${dpUrl}/transactions/${acme.id}/match`, { plan_line_id: 999999 })).status, 422);
});

test('flags are resolved with a note; a surplus recovery is decided by an officer after telling the person', async () => {
  const fo = await as('finance-officer');
  let r = await send(fo, 'POST', `${dpUrl}/monitoring`, {});
  assert.equal(r.status, 200, r.text);
  let d = (await fo.req(dpUrl)).json();
  const surplus = d.flags.find((f) => f.rule === 'surplus' && f.status === 'open');
  assert.ok(surplus, 'the £9,000 moved in is more than 8 weeks of payments');
  assert.match(surplus.next_step, /nothing is recovered automatically/);
  const cash = d.flags.find((f) => f.rule === 'cash' && f.status === 'open');
  assert.equal((await send(fo, 'POST', `${dpUrl}/flags/${cash.id}/resolve`, { note: 'ok' })).status, 422);
  r = await send(fo, 'POST', `${dpUrl}/flags/${cash.id}/resolve`, { note: 'Receipts seen: a PA was paid in cash for a one-off.' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await send(fo, 'POST', `${dpUrl}/flags/${cash.id}/resolve`, { note: 'Resolving it again.' })).status, 409);
  assert.equal((await send(fo, 'POST', `${dpUrl}/flags/${surplus.id}/resolve`, { note: 'Resolve it directly.' })).status, 409, 'decide the recovery instead');

  const rec = d.recoveries.find((x) => x.flag_id === surplus.id);
  assert.equal(rec.status, 'proposed');
  const url = `${dpUrl}/recoveries/${rec.id}/decision`;
  assert.equal((await send(fo, 'POST', url, { decision: 'agree', amount: '100.00', note: 'Agreed at review.' })).status, 428);
  r = await send(fo, 'POST', url, { decision: 'agree', amount: '100.00', note: 'Agreed at review.' }, randomUUID());
  assert.equal(r.status, 422, 'the person must have been told');
  const key = randomUUID();
  const body = { decision: 'agree', amount: '100.00', note: 'Agreed at the review: savings moved in by mistake.', person_told_on: iso(new Date()), told_how: 'Phone call and letter' };
  r = await send(fo, 'POST', url, body, key);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'agreed');
  assert.equal((await send(fo, 'POST', url, body, key)).text, r.text, 'replayed');
  assert.equal((await send(fo, 'POST', url, { decision: 'decline', note: 'Changed my mind.' }, randomUUID())).status, 409);
  const me = await as('budget-holder');
  d = (await me.req(dpUrl)).json();
  assert.equal(d.money.owed_back, '100.00');
  assert.ok(d.plain_words.some((w) => /agreed to pay back £100.00/.test(w)));
});

test('an agreed recovery is paid back or kept back from the next payment, once per key, by finance', async () => {
  const fo = await as('finance-officer');
  let d = (await fo.req(dpUrl)).json();
  const rec = d.recoveries.find((x) => x.status === 'agreed' && x.outstanding !== '0.00');
  assert.ok(rec, JSON.stringify(d.recoveries));
  assert.equal(rec.amount, '100.00');
  const paid = `${dpUrl}/recoveries/${rec.id}/receipts`;
  const keep = `${dpUrl}/recoveries/${rec.id}/offsets`;
  const body = { amount: '40.00', received_on: iso(new Date()), note: 'Bank transfer' };
  assert.equal((await send(fo, 'POST', paid, body)).status, 428, 'money moves only with an Idempotency-Key');
  const sw = await as('social-worker');
  assert.equal((await send(sw, 'POST', paid, body, randomUUID())).status, 403, 'finance records money coming back');
  const key = randomUUID();
  // Concurrent duplicates: one effect, the same answer.
  const [a, b] = await Promise.all([send(fo, 'POST', paid, body, key), send(fo, 'POST', paid, body, key)]);
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  assert.equal(a.text, b.text);
  assert.equal((await send(fo, 'POST', paid, { ...body, amount: '41.00' }, key)).status, 422, 'the key with another body');
  assert.equal((await send(fo, 'POST', paid, { ...body, amount: '60.01' }, randomUUID())).status, 422, 'more than is left');
  assert.equal((await send(fo, 'POST', keep, { amount: '60.00', received_on: iso(new Date()) }, randomUUID())).status, 422, 'an offset has no day received');
  const r = await send(fo, 'POST', keep, { amount: '30.00', note: 'Agreed with Ann' }, randomUUID());
  assert.equal(r.status, 201, r.text);
  // The finance officer's form on the person's page: sent twice with its one-time key, recorded once.
  let page = await fo.req(`/people/${P.linked}/direct-payment`);
  assert.equal(page.status, 200, page.text);
  assert.match(page.text, /How is the money coming back\?/);
  const formKey = page.text.match(/name="form_key" value="([0-9a-f]+)"/);
  assert.ok(formKey, 'the form carries a one-time key');
  const fields = { csrf_token: fo.csrf, form_key: formKey[1], how: 'offset', amount: '30.00', note: '' };
  const settleUrl = `/people/${P.linked}/direct-payment/recoveries/${rec.id}/settle`;
  assert.equal((await fo.form(settleUrl, fields)).status, 303);
  assert.equal((await fo.form(settleUrl, fields)).status, 303, 'sent again: nothing more recorded');
  const tooMuch = await fo.form(settleUrl, { ...fields, form_key: 'another-key', amount: '0.01' });
  assert.equal(tooMuch.status, 409, 'nothing left to settle, said on the page');
  assert.match(tooMuch.text, /Nothing is left to settle/);
  d = (await fo.req(dpUrl)).json();
  const now = d.recoveries.find((x) => x.id === rec.id);
  assert.equal(now.received, '40.00', 'the duplicate added nothing');
  assert.equal(now.waiting, '60.00');
  assert.equal(now.outstanding, '0.00');
  assert.equal((await send(fo, 'POST', keep, { amount: '0.01' }, randomUUID())).status, 409, 'nothing left to settle');
  const me = await as('budget-holder');
  d = (await me.req(dpUrl)).json();
  assert.equal(d.money.owed_back, '60.00');
  assert.ok(d.plain_words.some((w) => /£60.00 of it will be kept back from your next payment/.test(w)), JSON.stringify(d.plain_words));
  assert.ok(d.plain_words.some((w) => /You have paid back £40.00 so far/.test(w)), JSON.stringify(d.plain_words));
  page = await fo.req(`/people/${P.linked}/direct-payment`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Money to be paid back/);
  assert.match(page.text, /£40.00 paid back, arrived/);
});

test('changes from a date and the worklist order', async () => {
  const sw = await as('social-worker');
  const from = iso(new Date(Date.now() + 10 * 864e5));
  let r = await send(sw, 'POST', `${dpUrl}/changes`, { kind: 'one-off', from, amount: '120.00', what: 'Shower chair' });
  assert.equal(r.status, 428);
  r = await send(sw, 'POST', `${dpUrl}/changes`, { kind: 'one-off', from, amount: '120.00', what: 'Shower chair' }, randomUUID());
  assert.equal(r.status, 201, r.text);
  assert.ok(r.json().schedule.some((p) => p.lines.some((l) => l.kind === 'one-off' && l.amount === '120.00')));
  r = await send(sw, 'POST', `${dpUrl}/changes`, { kind: 'sideways', from }, randomUUID());
  assert.equal(r.status, 422);
  const fo = await as('finance-officer');
  const items = (await fo.req('/api/v1/finance/worklist')).json().items;
  const rank = { high: 3, medium: 2, low: 1 };
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1], b = items[i];
    assert.ok(rank[a.severity] > rank[b.severity] || (rank[a.severity] === rank[b.severity] && Number(a.amount) >= Number(b.amount)),
      `worklist order at ${i}`);
  }
  const mine = (await sw.req('/api/v1/finance/worklist')).json().items;
  assert.ok(mine.every((f) => f.person_id === P.linked), 'a worker sees their own people');
  assert.equal((await (await as('budget-holder')).req('/api/v1/finance/worklist')).status, 403);
});

test('settings and statement layouts', async () => {
  const fo = await as('finance-officer');
  const s = (await fo.req('/api/v1/finance/settings')).json();
  assert.equal(s.frequency, 'four-weekly');
  assert.equal(s.bacs.sun, '123456');
  let r = await send(fo, 'PUT', '/api/v1/finance/settings', { version: s.version, cash_daily_limit: '200.00' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().monitoring.cash_daily_limit, '200.00');
  assert.equal((await send(fo, 'PUT', '/api/v1/finance/settings', { version: s.version, cash_daily_limit: '1.00' })).status, 409);
  r = await send(fo, 'POST', '/api/v1/finance/statement-layouts', { name: 'coop', label: 'Co-operative Bank', date: 'Date', description: 'Details', amount_style: 'split', paid_in: 'Money In', paid_out: 'Money Out' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await send(fo, 'POST', '/api/v1/finance/statement-layouts', { name: 'lloyds', label: 'x', date: 'Date', amount: 'A' })).status, 409);
  const all = (await fo.req('/api/v1/finance/statement-layouts')).json().items;
  assert.ok(all.some((l) => l.name === 'coop' && !l.built_in));
  assert.ok(all.some((l) => l.name === 'monzo' && l.built_in));
  assert.equal((await (await as('social-worker')).req('/api/v1/finance/settings')).status, 403);
  void BASE;
});
