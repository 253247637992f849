// The access matrix: every route x every role x every relationship to the person it names,
// against the expected outcomes in access-matrix.json. Fails when a route in the route table
// (src/web/routes.c) has no row in the matrix, or the matrix names a route that does not exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, FIXTURE } from './lib.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const matrix = JSON.parse(readFileSync(here + 'access-matrix.json', 'utf8'));
const routesSrc = readFileSync(here + '../../src/web/routes.c', 'utf8');
const tableRoutes = [...routesSrc.matchAll(/\{HTTP_([A-Z]+), "([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);

test('the route table and the matrix list the same routes', () => {
  assert.ok(tableRoutes.length > 10, 'routes.c could not be read');
  for (const r of tableRoutes) assert.ok(matrix.routes[r], `route ${r} is not in access-matrix.json`);
  for (const r of Object.keys(matrix.routes)) assert.ok(tableRoutes.includes(r), `matrix row ${r} is not a route`);
  for (const r of tableRoutes)
    for (const role of matrix.roles) assert.ok(matrix.routes[r][role] !== undefined, `${r} has no answer for ${role}`);
});

// How to call each route so that its answer shows the access decision and nothing else. Routes
// that end the session run last, and emergency access (which grants access) after the reads.
function call(client, key, personId) {
  const [method, pattern] = key.split(' ');
  const path = pattern.replace('{id}', String(personId)).replace('{*path}', 'css/app.css');
  const api = path.startsWith('/api/');
  const csrf = client.csrf ? { 'X-CSRF-Token': client.csrf } : {};
  switch (key) {
    case 'POST /sign-in':
      return client.formToken().then((t) =>
        client.form(path, { csrf_token: client.csrf || t, username: `matrix-${Math.random()}@example.org`, password: 'wrong-password' }));
    case 'POST /account/password':
      return client.form(path, { csrf_token: client.csrf || '', current_password: 'not-my-password', new_password: 'a brand new password' });
    case 'POST /sign-out':
      return client.form(path, { csrf_token: client.csrf || '' });
    case 'POST /people/{id}/emergency-access':
      return client.form(path, { csrf_token: client.csrf || '', reason: 'Duty call: the care worker did not arrive this morning.' });
    case 'POST /api/v1/session':
      return client.req(path, { method, json: { username: `matrix-${Math.random()}@example.org`, password: 'wrong-password' } });
    case 'POST /api/v1/people/{id}/emergency-access':
      return client.req(path, { method, json: { reason: 'Duty call: the care worker did not arrive.' }, headers: csrf });
    default:
      return client.req(path, { method, headers: method === 'GET' ? {} : csrf });
  }
  // eslint-disable-next-line no-unreachable
  void api;
}

function order(key) {
  if (key === 'POST /sign-out' || key === 'DELETE /api/v1/session') return 3;
  if (key.includes('emergency-access') && key.startsWith('POST')) return 2;
  return 1;
}

const keys = Object.keys(matrix.routes).sort((a, b) => order(a) - order(b));

for (const role of matrix.roles) {
  test(`access matrix: ${role}`, async () => {
    const failures = [];
    // Sign-out routes end the session: each gets a session of its own.
    for (const key of keys) {
      const expected = matrix.routes[key][role];
      const perTarget = typeof expected === 'object';
      const targets = key.includes('{id}') ? matrix.targets : ['any'];
      for (const target of targets) {
        const client = new Client();
        if (role !== 'anonymous') await client.signIn(role);
        const want = perTarget ? expected[target] : expected;
        const personId = FIXTURE.people[target] ?? 0;
        const r = await call(client, key, personId);
        if (r.status !== want) failures.push(`${key} [${target}] answered ${r.status}, expected ${want}`);
        if (r.status === 403 || r.status === 404 || r.status === 401) {
          // A refusal never shows the record.
          if (r.text.includes('31 March 1950') && target === 'linked')
            failures.push(`${key} [${target}] refused but shows the record`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
}
