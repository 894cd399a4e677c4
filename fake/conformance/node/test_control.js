// The control API (/fake/v1/...) driven from Node, with Google's Node
// client for the API calls: the clock, a fault seen once, a staff
// account's token, the world's export. Run by the Go test
// fake/conformance (see fakeenv.js).
'use strict';

const {ALDER, ACME, READY, clients, control, expectError, run, assert} = require('./fakeenv');

const {dir, sup} = clients(ALDER.token);
const DOMAIN = ALDER.domains[0];

async function controlToken() {
  assert.ok(READY.controlToken, `no controlToken in the ready line: ${Object.keys(READY)}`);
  const tenant = await control('GET', 'fake/v1/clock', undefined, ALDER.token);
  assert.equal(tenant.status, 403, JSON.stringify(tenant.data));
}

async function clockPastTheReopenWindow() {
  const {data: found} = await sup.caseClassifications.search({query: 'display_name:"*Gmail*"'});
  const {data: c} = await sup.cases.create({parent: 'projects/' + ACME, requestBody: {
    displayName: 'Node control: reopen window', description: 'closed, then 30 days pass',
    classification: {id: found.caseClassifications[0].id}, priority: 'P4'}});
  const {data: closed} = await sup.cases.close({name: c.name, requestBody: {}});
  // Rule C9: 30 × 24 h from the close, the case's last update.
  const deadline = Date.parse(closed.updateTime) + 720 * 3600 * 1000;
  const adv = await control('POST', 'fake/v1/clock:advance', {duration: '721h'});
  assert.equal(adv.status, 200, JSON.stringify(adv.data));
  assert.ok(Date.parse(adv.data.now) >= deadline, `${adv.data.now} is before ${new Date(deadline).toISOString()}`);
  const now = await control('GET', 'fake/v1/clock');
  assert.equal(now.data.now, adv.data.now);
  const {data: got} = await sup.cases.get({name: c.name});
  assert.equal(got.state, 'CLOSED');
  assert.equal(got.updateTime, closed.updateTime);
}

async function faultOnce() {
  const f = await control('POST', 'fake/v1/faults', {method: 'directory.users.get', status: 503,
    reason: 'backendError', count: 1});
  assert.equal(f.status, 200, JSON.stringify(f.data));
  // gaxios retries a 503 on its own; retry: false sees each answer.
  const call = () => dir.users.get({userKey: ALDER.superAdmin}, {retry: false});
  await expectError(call(), 503, 'backendError');
  assert.equal((await call()).data.primaryEmail, ALDER.superAdmin);
  assert.equal((await call()).data.primaryEmail, ALDER.superAdmin);
}

async function actAsStaff() {
  const ben = 'ben@' + DOMAIN;
  const t = await control('POST', 'fake/v1/tokens', {email: ben});
  assert.equal(t.status, 200, JSON.stringify(t.data));
  const asBen = clients(t.data.token);
  const {data: c} = await asBen.sup.cases.create({parent: 'projects/' + ACME, requestBody: {
    displayName: 'Node control: filed by Ben', description: 'a staff account',
    classification: {id: '100100'}, priority: 'P3'}});
  assert.equal(c.creator.email, ben);
  await expectError(asBen.dir.users.list({customer: 'my_customer'}), 403);
}

async function exportTheWorld() {
  const email = 'node-exported@' + DOMAIN;
  await dir.users.insert({requestBody: {primaryEmail: email, name: {givenName: 'Ex', familyName: 'Ported'},
    password: 'long enough password'}});
  const w = await control('GET', 'fake/v1/world');
  assert.equal(w.status, 200);
  const alder = w.data.tenants.find(t => t.customerId === ALDER.customerId);
  assert.ok(alder.users.some(u => u.email === email), JSON.stringify(alder.users.map(u => u.email)));
  const reset = await control('POST', 'fake/v1/world:reset', {});
  assert.equal(reset.status, 204, JSON.stringify(reset.data));
  await expectError(dir.users.get({userKey: email}), 404);
}

run([controlToken, clockPastTheReopenWindow, faultOnce, actAsStaff, exportTheWorld]);
