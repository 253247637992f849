// Helpers for the API tests: a client with its own cookie jar (node's fetch keeps none), the
// fixture the server was seeded with, and sign-in for each role.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const BASE = process.env.SELFDIRECT_URL;
export const FIXTURE = JSON.parse(readFileSync(process.env.SELFDIRECT_FIXTURE, 'utf8'));
if (!BASE) throw new Error('SELFDIRECT_URL is not set: run through scripts/test-parts/api.sh');

export class Client {
  constructor() {
    this.cookies = new Map();
    this.csrf = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keepCookies(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  // opts: method, body (string), type (content type), headers, json (object to send as JSON)
  async req(path, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['Content-Type'] = 'application/json';
    }
    if (opts.type) headers['Content-Type'] = opts.type;
    const res = await fetch(BASE + path, { method: opts.method || 'GET', headers, body, redirect: 'manual' });
    this.keepCookies(res);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }

  // A form POST the way a browser sends it from our own page.
  async form(path, fields, opts = {}) {
    const p = new URLSearchParams(fields);
    return this.req(path, {
      method: 'POST',
      body: p.toString(),
      type: 'application/x-www-form-urlencoded',
      headers: { Origin: BASE, 'Sec-Fetch-Site': 'same-origin', ...(opts.headers || {}) },
    });
  }

  async signIn(role) {
    const username = FIXTURE.logins[role];
    const r = await this.req('/api/v1/session', {
      method: 'POST',
      json: { username, password: FIXTURE.password },
    });
    if (r.status !== 201) throw new Error(`sign-in as ${role} answered ${r.status}: ${r.text}`);
    const me = await this.req('/api/v1/session');
    this.csrf = me.json().csrf_token;
    return me.json();
  }

  // The token a signed-out form carries: read from the sign-in page and its cookie.
  async formToken() {
    const r = await this.req('/sign-in');
    const m = r.text.match(/name="csrf_token" value="([^"]+)"/);
    return m ? m[1] : null;
  }
}

export const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE people; --",
  '\u202Eevil\u202C',
  '{{7*7}}${7*7}',
  '../../etc/passwd',
];

// Moves a session's last use `seconds` into the past, in the store itself: the way to test the
// idle timeout without waiting it out on a real clock (which would make the test, and every other
// session of the run, depend on how fast the machine is). The server must not have read this
// session yet (it keeps sessions it has read for a few seconds), so call it straight after the
// sign-in POST. Returns how many sessions changed (1).
export function ageSession(token, seconds) {
  const store = process.env.SELFDIRECT_STORE;
  if (!store) throw new Error('SELFDIRECT_STORE is not set: run through scripts/test-parts/api.sh');
  const hash = createHash('sha256').update(token).digest('hex');
  const secs = Math.trunc(Number(seconds));
  const set = `UPDATE web_sessions SET last_seen_unix = last_seen_unix - ${secs} WHERE token_hash = '${hash}'`;
  let out;
  if (store.startsWith('sqlite:')) {
    // The server writes meanwhile (audit entries): wait for its lock rather than fail at once.
    out = execFileSync('sqlite3', ['-cmd', '.timeout 20000', store.slice(7), `${set}; SELECT changes();`]);
  } else {
    out = execFileSync('psql', ['-qtA', '-v', 'ON_ERROR_STOP=1', store, '-c', `WITH u AS (${set} RETURNING 1) SELECT count(*) FROM u`]);
  }
  return Number(String(out).trim());
}

// Polls check() (async, returns truthy when done) until it holds or `seconds` pass: for things the
// server does a moment after answering (read entries of the audit trail are group-committed by a
// background thread). Returns the last value.
export async function eventually(check, seconds = 30) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const v = await check();
    if (v || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}
