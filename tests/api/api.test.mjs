// The API and pages against the real running server: headers, sign-in, sessions, search,
// summaries, audit, emergency access, and bad input of every kind (each refused clearly, changing
// nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Client, FIXTURE, HOSTILE, ageSession, eventually } from './lib.mjs';

const P = { ...FIXTURE.people };

test('every response carries the security headers', async () => {
  const c = new Client();
  for (const path of ['/healthz', '/sign-in', '/nowhere', '/api/v1/people', '/assets/css/app.css', '/api/v1/openapi.json']) {
    const r = await c.req(path);
    const csp = r.headers.get('content-security-policy') || '';
    assert.match(csp, /default-src 'self'/, path);
    assert.doesNotMatch(csp, /unsafe-inline/, path);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    assert.ok(r.headers.get('referrer-policy'), path);
    assert.ok(r.headers.get('cache-control'), path);
  }
});

test('personal data is never cached; hashed assets are cached for a year', async () => {
  const c = new Client();
  await c.signIn('social-worker');
  const page = await c.req(`/people/${P.linked}`);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const api = await c.req(`/api/v1/people/${P.linked}`);
  assert.equal(api.headers.get('cache-control'), 'no-store');
  const css = page.text.match(/href="(\/assets\/css\/app\.css\?v=[0-9a-f]+)"/);
  assert.ok(css, 'the page links its stylesheet by hash');
  const asset = await c.req(css[1]);
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('cache-control'), /max-age=31536000, immutable/);
  const etag = asset.headers.get('etag');
  const again = await c.req('/assets/css/app.css', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await c.req('/assets/../data/migrations/0010_web_accounts.sql')).status, 404);
});

test('healthz and the OpenAPI document', async () => {
  const c = new Client();
  const h = await c.req('/healthz');
  assert.equal(h.status, 200);
  assert.deepEqual(h.json(), { status: 'ok' });
  const o = await c.req('/api/v1/openapi.json');
  assert.equal(o.status, 200);
  assert.equal(o.json().openapi, '3.0.3');
  assert.ok(o.json().paths['/api/v1/people/{id}'].get);
});

test('sign in, see who I am, sign out: the session is gone', async () => {
  const c = new Client();
  const me = await c.signIn('social-worker');
  assert.equal(me.role, 'social-worker');
  assert.equal(me.council_name, 'Testshire Council');
  const cookie = [...c.cookies.keys()].find((k) => k === '__Host-sd_session');
  assert.ok(cookie, 'session cookie is __Host- prefixed');
  const out = await c.req('/api/v1/session', { method: 'DELETE', headers: { 'X-CSRF-Token': c.csrf } });
  assert.equal(out.status, 204);
  assert.equal((await c.req('/api/v1/session')).status, 401);
});

test('the session cookie is Secure, HttpOnly, SameSite=Lax, Path=/', async () => {
  const r = await fetch(BASE + '/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: FIXTURE.logins['auditor'], password: FIXTURE.password }),
  });
  const set = r.headers.getSetCookie().find((s) => s.startsWith('__Host-sd_session='));
  assert.ok(set);
  for (const attr of ['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']) assert.ok(set.includes(attr), attr);
  assert.match(set, /^__Host-sd_session=[A-Za-z0-9_-]{43};/);
});

test('the sign-in page works as a form, keeps what was typed, and goes where it was sent', async () => {
  const c = new Client();
  const token = await c.formToken();
  assert.ok(token);
  const bad = await c.form('/sign-in', { csrf_token: token, username: 'social-worker@testa.example', password: 'wrong', next: '/people' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /There is a problem/);
  assert.match(bad.text, /value="social-worker@testa.example"/);
  assert.match(bad.text, /href="#username"/);
  const ok = await c.form('/sign-in', { csrf_token: token, username: 'Social-Worker@TestA.example ', password: FIXTURE.password, next: '/people' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/people');
  const offsite = new Client();
  const t2 = await offsite.formToken();
  const r = await offsite.form('/sign-in', { csrf_token: t2, username: FIXTURE.logins['auditor'], password: FIXTURE.password, next: '//evil.example/' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/', 'no open redirect');
});

test('a signed-out visitor is sent to sign in and brought back', async () => {
  const c = new Client();
  const r = await c.req(`/people/${P.linked}`);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/sign-in?next=/people/${P.linked}`);
});

test('lockout after repeated wrong passwords, whatever the password afterwards', async () => {
  const c = new Client();
  const user = FIXTURE.logins['commissioner'];
  for (let i = 0; i < 5; i++) {
    const r = await c.req('/api/v1/session', { method: 'POST', json: { username: user, password: 'wrong ' + i } });
    assert.equal(r.status, 401);
  }
  const locked = await c.req('/api/v1/session', { method: 'POST', json: { username: user, password: FIXTURE.password } });
  assert.equal(locked.status, 429);
  assert.match(locked.json().detail, /locked/);
  // A name that does not exist locks the same way: nothing tells an attacker which names exist.
  for (let i = 0; i < 5; i++)
    await c.req('/api/v1/session', { method: 'POST', json: { username: 'nobody-at-all@example.org', password: 'x' + i } });
  const ghost = await c.req('/api/v1/session', { method: 'POST', json: { username: 'nobody-at-all@example.org', password: 'y' } });
  assert.equal(ghost.status, 429);
});

test('password change: wrong current refused beside its field; right one works and ends other sessions', async () => {
  const a = new Client();
  const b = new Client();
  await a.signIn('council-administrator');
  await b.signIn('council-administrator');
  const wrong = await a.form('/account/password', { csrf_token: a.csrf, current_password: 'nope', new_password: 'a new password here' });
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /id="current_password-error"/);
  const weak = await a.form('/account/password', { csrf_token: a.csrf, current_password: FIXTURE.password, new_password: 'short' });
  assert.equal(weak.status, 422);
  assert.match(weak.text, /at least 10 characters/);
  const ok = await a.form('/account/password', { csrf_token: a.csrf, current_password: FIXTURE.password, new_password: 'a new password here' });
  assert.equal(ok.status, 303);
  assert.equal((await a.req('/api/v1/session')).status, 200, 'this session stays');
  assert.equal((await b.req('/api/v1/session')).status, 401, 'the other session ended');
  const again = await new Client().req('/api/v1/session', { method: 'POST', json: { username: FIXTURE.logins['council-administrator'], password: 'a new password here' } });
  assert.equal(again.status, 201);
});

test('search by name, date of birth and reference, a page at a time', async () => {
  const c = new Client();
  await c.signIn('social-worker');
  const byName = (await c.req('/api/v1/people?q=linked')).json();
  assert.equal(byName.total, 1);
  assert.equal(byName.items[0].id, P.linked);
  const byFull = (await c.req('/api/v1/people?q=' + encodeURIComponent('Linda Link'))).json();
  assert.equal(byFull.items[0].id, P.linked);
  const byDob = (await c.req('/api/v1/people?dob=1961-07-14')).json();
  assert.deepEqual(byDob.items.map((p) => p.id), [P.unlinked]);
  const ref = byName.items[0].reference;
  const byRef = (await c.req('/api/v1/people?q=' + ref.toLowerCase())).json();
  assert.deepEqual(byRef.items.map((p) => p.id), [P.linked]);
  // Another council's people never appear.
  const other = (await c.req('/api/v1/people?q=other')).json();
  assert.equal(other.total, 0);
  const all = (await c.req('/api/v1/people?q=a')).json();
  assert.ok(all.total > 0);
  const mine = (await c.req('/api/v1/people?mine=true')).json();
  assert.ok(mine.items.every((p) => p.allocated_worker === 'Sam Worker'));
  const pages = (await c.req('/api/v1/people?dob=&q=&page=1')).json();
  assert.equal(pages.page_size, 25);
  const page = await c.req('/people?q=a');
  assert.equal(page.status, 200);
  assert.match(page.text, /Search results/);
});

test('reading a record is audited, and the history shows it to those allowed', async () => {
  const sw = new Client();
  await sw.signIn('social-worker');
  const before = (await sw.req(`/api/v1/people/${P.linked}/history`)).json().total;
  await sw.req(`/api/v1/people/${P.linked}`);
  // Read entries are group-committed by a background thread a moment after the answer: wait for
  // them (at once, normally) instead of guessing how long that takes on a busy machine.
  let after;
  await eventually(async () => {
    after = (await sw.req(`/api/v1/people/${P.linked}/history`)).json();
    return after.total >= before + 2 && after.items.some((i) => i.action === 'person-summary.read' && i.actor === 'Sam Worker');
  });
  assert.ok(after.total >= before + 2, 'the summary read and the history read are both recorded');
  assert.ok(after.items.some((i) => i.action === 'person-summary.read' && i.actor === 'Sam Worker'));
  const bh = new Client();
  await bh.signIn('budget-holder');
  const own = await bh.req(`/people/${P.linked}/history`);
  assert.equal(own.status, 200);
  assert.match(own.text, /Sam Worker/);
});

test('emergency access: typed reason, then the record opens, and the report lists it', async () => {
  const c = new Client();
  await c.signIn('social-worker');
  // A person of the other team that no other test opens by emergency access.
  P.unlinked = FIXTURE.spare_unlinked[0];
  assert.equal((await c.req(`/people/${P.unlinked}`)).status, 403);
  const empty = await c.form(`/people/${P.unlinked}/emergency-access`, { csrf_token: c.csrf, reason: ' short ' });
  assert.equal(empty.status, 422);
  assert.match(empty.text, /at least 10/);
  assert.match(empty.text, /short/);
  assert.equal((await c.req(`/people/${P.unlinked}`)).status, 403, 'a refused request changed nothing');
  const ok = await c.form(`/people/${P.unlinked}/emergency-access`, { csrf_token: c.csrf, reason: 'Duty call from daughter: no carer today <b>' });
  assert.equal(ok.status, 303);
  const page = await c.req(`/people/${P.unlinked}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /emergency access/);
  assert.equal((await c.req(`/api/v1/people/${P.other}/emergency-access`, { method: 'POST', json: { reason: 'another council record' }, headers: { 'X-CSRF-Token': c.csrf } })).status, 404);
  const tm = new Client();
  await tm.signIn('team-manager');
  const report = await tm.req('/reports/emergency-access');
  assert.equal(report.status, 200);
  assert.match(report.text, /Duty call from daughter: no carer today &lt;b&gt;/);
});

test('bad input: malformed JSON, wrong content type, unknown fields, wrong types', async () => {
  const c = new Client();
  const cases = [
    [{ body: '{"username": "a", ', type: 'application/json' }, 400, /not valid JSON/],
    [{ body: '[]', type: 'application/json' }, 400, /JSON object/],
    [{ body: 'username=a&password=b', type: 'application/x-www-form-urlencoded' }, 415, /Content-Type: application\/json/],
    [{ body: '{"username":"a","password":"b"}', type: 'text/plain' }, 415, /JSON/],
    [{ body: '{"username":"a","password":"b"}', type: 'application/json; charset=latin1' }, 415, /UTF-8/],
    [{ body: '{"username":"a","password":"b","admin":true}', type: 'application/json' }, 422, /not a field/],
    [{ body: '{"username":1,"password":"b"}', type: 'application/json' }, 422, /must be a string/],
    [{ body: '{"username":"a","username":"b","password":"c"}', type: 'application/json' }, 400, /not valid JSON/],
    [{ body: '{"password":"b"}', type: 'application/json' }, 422, /username is required/],
  ];
  for (const [opts, status, words] of cases) {
    const r = await c.req('/api/v1/session', { method: 'POST', ...opts });
    assert.equal(r.status, status, opts.body);
    assert.equal(r.headers.get('content-type'), 'application/problem+json', opts.body);
    const p = r.json();
    assert.equal(p.status, status);
    assert.match(p.type, /^\/api\/v1\/problems\//);
    assert.match(p.detail, words, opts.body);
  }
  const f = (await c.req('/api/v1/session', { method: 'POST', body: '{"username":"a","password":"b","nmae":1}', type: 'application/json' })).json();
  assert.equal(f.field, 'nmae');
});

test('bad input: an oversized body is refused before it is read, chunked or not', async () => {
  const c = new Client();
  const big = JSON.stringify({ username: 'a', password: 'x'.repeat(100 * 1024) });
  const r = await c.req('/api/v1/session', { method: 'POST', body: big, type: 'application/json' });
  assert.equal(r.status, 413);
  assert.match(r.json().detail, /larger than this address accepts/);
  // A streamed (chunked) body without a length is cut off at the limit too.
  const stream = new ReadableStream({
    start(ctl) {
      for (let i = 0; i < 100; i++) ctl.enqueue(new TextEncoder().encode('x'.repeat(1024)));
      ctl.close();
    },
  });
  const res = await fetch(BASE + '/api/v1/session', { method: 'POST', body: stream, duplex: 'half', headers: { 'Content-Type': 'application/json' } });
  assert.equal(res.status, 413);
  // A GET route takes no body at all.
  const g = await c.req('/healthz', { method: 'GET', headers: { 'Content-Length': '0' } });
  assert.equal(g.status, 200);
});

test('bad input: duplicate and unknown query parameters, bad ids, unknown methods', async () => {
  const c = new Client();
  await c.signIn('social-worker');
  const dup = await c.req('/api/v1/people?q=a&q=b');
  assert.equal(dup.status, 422);
  assert.equal(dup.json().field, 'q');
  assert.match(dup.json().detail, /more than once/);
  const unk = await c.req('/api/v1/people?nmae=a');
  assert.equal(unk.status, 422);
  assert.equal(unk.json().field, 'nmae');
  const dob = await c.req('/api/v1/people?dob=1950-02-30');
  assert.equal(dob.status, 422);
  assert.equal(dob.json().field, 'dob');
  const page = await c.req('/api/v1/people?page=-1');
  assert.equal(page.status, 422);
  for (const id of ['abc', '0', '-1', '99999999999999999999', '1.5']) {
    const r = await c.req('/api/v1/people/' + id);
    assert.equal(r.status, 404, id);
  }
  const m = await c.req('/api/v1/people', { method: 'PUT', headers: { 'X-CSRF-Token': c.csrf } });
  assert.equal(m.status, 405);
  assert.match(m.headers.get('allow'), /GET/);
  const pageDup = await c.req('/people?q=a&q=b');
  assert.equal(pageDup.status, 400);
  assert.match(pageDup.text, /more than once/);
});

test('bad input: CSRF missing, wrong, or from another site is refused and changes nothing', async () => {
  const c = new Client();
  await c.signIn('social-worker');
  const spare = FIXTURE.spare_unlinked[1];
  const url = `/api/v1/people/${spare}/emergency-access`;
  const body = { reason: 'A real enough reason for this' };
  const missing = await c.req(url, { method: 'POST', json: body });
  assert.equal(missing.status, 403);
  assert.match(missing.json().detail, /token is missing/);
  const wrong = await c.req(url, { method: 'POST', json: body, headers: { 'X-CSRF-Token': 'A'.repeat(43) } });
  assert.equal(wrong.status, 403);
  const cross = await c.req(url, { method: 'POST', json: body, headers: { 'X-CSRF-Token': c.csrf, 'Sec-Fetch-Site': 'cross-site' } });
  assert.equal(cross.status, 403);
  const origin = await c.req(url, { method: 'POST', json: body, headers: { 'X-CSRF-Token': c.csrf, Origin: 'https://evil.example' } });
  assert.equal(origin.status, 403);
  assert.equal((await c.req(`/api/v1/people/${spare}`)).status, 403, 'no emergency access was granted');
  const form = await c.form('/sign-out', {});
  assert.equal(form.status, 403);
  assert.equal((await c.req('/api/v1/session')).status, 200, 'still signed in');
  // Signed out: the sign-in form needs its cookie's token.
  const anon = new Client();
  const noCookie = await anon.form('/sign-in', { csrf_token: 'B'.repeat(43), username: 'x', password: 'y' });
  assert.equal(noCookie.status, 403);
});

test('bad input: expired and made-up sessions are refused and cleared', async () => {
  const c = new Client();
  c.cookies.set('__Host-sd_session', 'A'.repeat(43));
  const r = await c.req('/api/v1/session');
  assert.equal(r.status, 401);
  assert.ok(!c.cookies.has('__Host-sd_session'), 'the cookie is cleared');
  const junk = new Client();
  junk.cookies.set('__Host-sd_session', '<script>');
  assert.equal((await junk.req('/api/v1/session')).status, 401);
  // A real session left idle past the idle timeout ends. Its last use is moved back in the store
  // rather than waited out: a short timeout for the whole run made any slow moment of any other
  // test sign its client out.
  const idle = new Client();
  const made = await idle.req('/api/v1/session', { method: 'POST', json: { username: FIXTURE.logins['finance-officer'], password: FIXTURE.password } });
  assert.equal(made.status, 201);
  const token = idle.cookies.get('__Host-sd_session');
  assert.equal(ageSession(token, Number(process.env.SELFDIRECT_IDLE) + 60), 1, 'the session is in the store');
  const after = await idle.req(`/people/${P.linked}`);
  assert.equal(after.status, 303);
  const loc = after.headers.get('location');
  assert.match(loc, /^\/sign-in\?timeout=1&next=/);
  const page = await idle.req(loc);
  assert.match(page.text, /signed out because you had not used the service/);
  const replay = new Client();
  replay.cookies.set('__Host-sd_session', token);
  assert.equal((await replay.req('/api/v1/session')).status, 401, 'an ended session cannot be replayed');
});

test('hostile strings are rendered back inert everywhere they appear', async () => {
  const c = new Client();
  await c.signIn('social-worker');
  for (const h of HOSTILE) {
    const search = await c.req('/people?q=' + encodeURIComponent(h));
    assert.ok([200, 400].includes(search.status));
    assert.ok(!search.text.includes('<script>alert'), h);
    assert.ok(!search.text.includes('<img src=x'), h);
    const api = await c.req('/api/v1/people?q=' + encodeURIComponent(h));
    assert.ok(!api.text.includes('<script>'), h);
    const anon = new Client();
    const t = await anon.formToken();
    const signin = await anon.form('/sign-in', { csrf_token: t, username: h, password: 'x' });
    assert.equal(signin.status, 422);
    assert.ok(!signin.text.includes('<script>alert'), h);
    assert.ok(!signin.text.includes('"><img'), h);
    const nf = await anon.req('/nowhere/' + encodeURIComponent(h));
    assert.equal(nf.status, 404);
    assert.ok(!nf.text.includes('<script>alert'));
  }
});

test('my support: a budget holder sees their own record; a representative the person they act for', async () => {
  const bh = new Client();
  await bh.signIn('budget-holder');
  const home = await bh.req('/my-support');
  assert.equal(home.status, 200);
  assert.match(home.text, new RegExp(`/people/${P.linked}`));
  const rep = new Client();
  await rep.signIn('representative');
  const r = (await rep.req('/api/v1/me/support')).json();
  const linked = r.linked_people.find((l) => l.person_id === P.linked);
  const ended = r.linked_people.find((l) => l.person_id === P.ended);
  assert.equal(linked.live, true);
  assert.equal(ended.live, false);
  const page = await rep.req('/my-support');
  assert.match(page.text, /You act for them/);
  assert.match(page.text, /this has ended/);
});
