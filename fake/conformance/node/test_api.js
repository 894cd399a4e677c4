// Google's Node client (googleapis) against fakeworkspace: Directory,
// Licensing, Reseller and Cloud Support, partial responses and batch. Run
// by the Go test fake/conformance (see fakeenv.js for the environment).
'use strict';

const {Readable} = require('node:stream');
const {ALDER, ACME, URL, clients, expectError, listAll, batch, run, assert} = require('./fakeenv');

const {dir, lic, res, sup} = clients(ALDER.token);
const DOMAIN = ALDER.domains[0];
const ADMIN = ALDER.superAdmin;
const NEW_USER = 'node-conformance@' + DOMAIN;

// Directory: users.

async function usersGet() {
  const {data: u} = await dir.users.get({userKey: ADMIN});
  assert.equal(u.kind, 'admin#directory#user');
  assert.equal(u.primaryEmail, ADMIN);
  assert.equal(u.isAdmin, true);
  assert.equal(u.customerId, ALDER.customerId);
  const byId = await dir.users.get({userKey: u.id});
  assert.equal(byId.data.primaryEmail, ADMIN);
  const msg = await expectError(dir.users.get({userKey: 'nobody@' + DOMAIN}), 404, 'notFound');
  assert.equal(msg, 'Resource Not Found: userKey');
}

async function usersListPages() {
  const all = await listAll(p => dir.users.list(p), 'users', {customer: 'my_customer', maxResults: 500});
  const paged = await listAll(p => dir.users.list(p), 'users', {customer: 'my_customer', maxResults: 3});
  assert.ok(all.items.length >= 8, all.items.length);
  assert.equal(paged.pages, Math.ceil(all.items.length / 3));
  assert.deepEqual(paged.items.map(u => u.primaryEmail), all.items.map(u => u.primaryEmail));
  const eu = await listAll(p => dir.users.list(p), 'users', {domain: 'alder-eu.example'});
  assert.deepEqual(eu.items.map(u => u.primaryEmail), ['cara@alder-eu.example']);
}

async function usersInsertPatchDelete() {
  const body = {
    primaryEmail: NEW_USER,
    name: {givenName: 'Node', familyName: 'Conformance'},
    password: 'correct horse battery staple',
    orgUnitPath: '/Staff',
  };
  const {data: u} = await dir.users.insert({requestBody: body});
  assert.equal(u.primaryEmail, NEW_USER);
  assert.equal(u.orgUnitPath, '/Staff');
  assert.equal(u.password, undefined, 'users.insert echoed the password');
  await expectError(dir.users.insert({requestBody: body}), 409, 'duplicate');
  const {data: p} = await dir.users.patch({userKey: NEW_USER, requestBody: {name: {givenName: 'Nodejs'}}});
  assert.equal(p.name.givenName, 'Nodejs');
  assert.equal(p.name.familyName, 'Conformance');
  const {data: up} = await dir.users.update({userKey: NEW_USER, requestBody: {suspended: true}});
  assert.equal(up.suspended, true);
  const del = await dir.users.delete({userKey: NEW_USER});
  assert.equal(del.status, 204);
  await expectError(dir.users.get({userKey: NEW_USER}), 404, 'notFound');
  const msg = await expectError(dir.users.insert({requestBody: {
    primaryEmail: 'x@nowhere.example', name: {givenName: 'X', familyName: 'Y'}, password: 'long enough password'}}),
  404, 'notFound');
  assert.equal(msg, 'Domain not found.');
}

// Directory: org units, roles, role assignments.

async function orgunits() {
  const {data} = await dir.orgunits.list({customerId: 'my_customer', type: 'all'});
  assert.ok(data.organizationUnits.some(o => o.orgUnitPath === '/Staff'), JSON.stringify(data));
  const {data: ou} = await dir.orgunits.insert({customerId: 'my_customer',
    requestBody: {name: 'NodeTeam', parentOrgUnitPath: '/Staff'}});
  assert.equal(ou.orgUnitPath, '/Staff/NodeTeam');
  const {data: p} = await dir.orgunits.patch({customerId: 'my_customer', orgUnitPath: 'Staff/NodeTeam',
    requestBody: {description: 'patched'}});
  assert.equal(p.description, 'patched');
  const {data: byId} = await dir.orgunits.get({customerId: 'my_customer', orgUnitPath: ou.orgUnitId});
  assert.equal(byId.orgUnitPath, '/Staff/NodeTeam');
  await dir.orgunits.delete({customerId: 'my_customer', orgUnitPath: 'Staff/NodeTeam'});
  await expectError(dir.orgunits.get({customerId: 'my_customer', orgUnitPath: 'Staff/NodeTeam'}), 404);
}

async function rolesAndAssignments() {
  const {data: privs} = await dir.privileges.list({customer: 'my_customer'});
  const support = privs.items.find(p => p.privilegeName === 'SUPPORT_PRIVILEGE_GROUP');
  assert.ok(support, JSON.stringify(privs));
  const roles = await listAll(p => dir.roles.list(p), 'items', {customer: 'my_customer', maxResults: 2});
  assert.ok(roles.pages > 1 && roles.items.some(r => r.roleName === 'Support portal access'));
  const {data: role} = await dir.roles.insert({customer: 'my_customer', requestBody: {
    roleName: 'Node readers', rolePrivileges: [{privilegeName: 'USERS_RETRIEVE', serviceId: support.serviceId}]}});
  assert.equal(role.roleName, 'Node readers');
  const {data: gus} = await dir.users.get({userKey: 'gus@' + DOMAIN});
  const {data: ra} = await dir.roleAssignments.insert({customer: 'my_customer', requestBody: {
    roleId: role.roleId, assignedTo: gus.id, scopeType: 'CUSTOMER'}});
  assert.equal(ra.assigneeType, 'user');
  const {data: listed} = await dir.roleAssignments.list({customer: 'my_customer', userKey: gus.primaryEmail});
  assert.deepEqual(listed.items.map(a => a.roleAssignmentId), [ra.roleAssignmentId]);
  const {data: got} = await dir.roleAssignments.get({customer: 'my_customer', roleAssignmentId: ra.roleAssignmentId});
  assert.equal(got.roleId, role.roleId);
  await dir.roleAssignments.delete({customer: 'my_customer', roleAssignmentId: ra.roleAssignmentId});
  await dir.roles.delete({customer: 'my_customer', roleId: role.roleId});
  await expectError(dir.roles.get({customer: 'my_customer', roleId: role.roleId}), 404);
}

// Directory: groups, members (rule P4), aliases, makeAdmin, undelete,
// customers.

async function groupsAndMembers() {
  const email = 'node-group@' + DOMAIN;
  const gus = 'gus@' + DOMAIN;
  const {data: g} = await dir.groups.insert({requestBody: {email, name: 'Node group', description: 'made by Node'}});
  assert.equal(g.kind, 'admin#directory#group');
  await expectError(dir.groups.insert({requestBody: {email, name: 'again'}}), 409, 'duplicate');
  const all = await listAll(p => dir.groups.list(p), 'groups', {customer: 'my_customer', maxResults: 1});
  assert.ok(all.pages >= 3 && all.items.some(x => x.email === email));
  const {data: p} = await dir.groups.patch({groupKey: g.id, requestBody: {name: 'Node group, patched'}});
  assert.equal(p.name, 'Node group, patched');
  assert.equal(p.description, 'made by Node');
  const {data: up} = await dir.groups.update({groupKey: email, requestBody: {description: 'updated'}});
  assert.equal(up.description, 'updated');

  const {data: m} = await dir.members.insert({groupKey: email, requestBody: {email: gus, role: 'MEMBER'}});
  assert.equal(m.type, 'USER');
  assert.equal(m.role, 'MEMBER');
  const {data: ms} = await dir.members.list({groupKey: email});
  assert.deepEqual(ms.members.map(x => x.email), [gus]);
  const {data: mp} = await dir.members.patch({groupKey: email, memberKey: gus, requestBody: {role: 'MANAGER'}});
  assert.equal(mp.role, 'MANAGER');
  const {data: mu} = await dir.members.update({groupKey: email, memberKey: gus, requestBody: {role: 'OWNER'}});
  assert.equal(mu.role, 'OWNER');
  assert.equal((await dir.members.get({groupKey: email, memberKey: gus})).data.role, 'OWNER');
  assert.deepEqual((await dir.members.hasMember({groupKey: email, memberKey: gus})).data, {isMember: true});
  const {data: mine} = await dir.groups.list({userKey: gus});
  assert.ok(mine.groups.some(x => x.email === email), JSON.stringify(mine));
  await dir.members.delete({groupKey: email, memberKey: gus});
  assert.equal((await dir.members.hasMember({groupKey: email, memberKey: gus})).data.isMember, false);

  // Rule P4 end to end: a role assigned to the group acts for its members.
  const {data: roles} = await dir.roles.list({customer: 'my_customer'});
  const portal = roles.items.find(r => r.roleName === 'Support portal access');
  const {data: ra} = await dir.roleAssignments.insert({customer: 'my_customer', requestBody: {
    roleId: portal.roleId, assignedTo: g.id, scopeType: 'CUSTOMER'}});
  assert.equal(ra.assigneeType, 'group');
  await dir.members.insert({groupKey: email, requestBody: {email: gus}});
  const {data: ind} = await dir.roleAssignments.list({customer: 'my_customer', userKey: gus,
    includeIndirectRoleAssignments: true});
  assert.ok((ind.items || []).some(a => a.roleAssignmentId === ra.roleAssignmentId && a.assigneeType === 'group'),
    JSON.stringify(ind));
  await dir.roleAssignments.delete({customer: 'my_customer', roleAssignmentId: ra.roleAssignmentId});
  await dir.groups.delete({groupKey: email});
  await expectError(dir.groups.get({groupKey: email}), 404, 'notFound');
}

async function aliasesMakeAdminUndelete() {
  const email = 'node-aliased@' + DOMAIN;
  const alias = 'node-alt@' + DOMAIN;
  const {data: u} = await dir.users.insert({requestBody: {primaryEmail: email,
    name: {givenName: 'Al', familyName: 'Ias'}, password: 'long enough password'}});
  const {data: a} = await dir.users.aliases.insert({userKey: email, requestBody: {alias}});
  assert.equal(a.alias, alias);
  assert.equal(a.primaryEmail, email);
  const {data: as} = await dir.users.aliases.list({userKey: email});
  assert.deepEqual(as.aliases.map(x => x.alias), [alias]);
  assert.equal((await dir.users.get({userKey: alias})).data.primaryEmail, email);
  await dir.users.aliases.delete({userKey: email, alias});
  await expectError(dir.users.get({userKey: alias}), 404);
  await dir.users.makeAdmin({userKey: email, requestBody: {status: true}});
  assert.equal((await dir.users.get({userKey: email})).data.isAdmin, true);
  await dir.users.delete({userKey: email});
  await dir.users.undelete({userKey: u.id, requestBody: {orgUnitPath: '/'}});
  assert.equal((await dir.users.get({userKey: email})).data.id, u.id);
}

async function directoryCustomers() {
  const {data: c} = await dir.customers.get({customerKey: 'my_customer'});
  assert.equal(c.id, ALDER.customerId);
  assert.equal(c.customerDomain, DOMAIN);
  const {data: p} = await dir.customers.patch({customerKey: 'my_customer', requestBody: {language: 'de'}});
  assert.equal(p.language, 'de');
}

// Licensing.

async function licensing() {
  const all = await listAll(p => lic.licenseAssignments.listForProduct(p), 'items',
    {productId: '101001', customerId: DOMAIN, maxResults: 2});
  assert.ok(all.pages > 1 && all.items.some(a => a.userId === 'ana@' + DOMAIN));
  const {data: a} = await lic.licenseAssignments.insert({productId: '101001', skuId: '1010010001',
    requestBody: {userId: ADMIN}});
  assert.equal(a.userId, ADMIN);
  const {data: got} = await lic.licenseAssignments.get({productId: '101001', skuId: '1010010001', userId: ADMIN});
  assert.equal(got.skuId, '1010010001');
  await expectError(lic.licenseAssignments.insert({productId: '101001', skuId: '1010010001',
    requestBody: {userId: ADMIN}}), 412);
  await lic.licenseAssignments.delete({productId: '101001', skuId: '1010010001', userId: ADMIN});
  await expectError(lic.licenseAssignments.get({productId: '101001', skuId: '1010010001', userId: ADMIN}), 404);
}

// Reseller.

async function resellerReads() {
  const {data: c} = await res.customers.get({customerId: ACME});
  assert.equal(c.kind, 'reseller#customer');
  assert.equal(c.customerDomain, 'acme-corp.example');
  const subs = await listAll(p => res.subscriptions.list(p), 'subscriptions', {maxResults: 5});
  assert.ok(subs.pages > 1 && subs.items.some(s => s.customerId === ACME));
  const {data: acme} = await res.subscriptions.list({customerId: ACME});
  assert.deepEqual(acme.subscriptions.map(s => s.skuId), ['1010020027']);
  assert.equal(acme.subscriptions[0].seats.numberOfSeats, 10);
}

const ADDRESS = {contactName: 'Node Contact', organizationName: 'Node Newco', countryCode: 'US',
  postalCode: '94043', addressLine1: '1600 Amphitheatre Pkwy', locality: 'Mountain View', region: 'CA'};

async function resellerWrites() {
  const dom = 'node-newco.example';
  const {data: c} = await res.customers.insert({requestBody: {customerDomain: dom,
    alternateEmail: 'it@node-newco-mail.example', postalAddress: ADDRESS}});
  assert.equal(c.customerDomain, dom);
  assert.equal(c.postalAddress.countryCode, 'US');
  const msg = await expectError(res.customers.insert({requestBody: {customerDomain: dom,
    alternateEmail: 'x@other.example', postalAddress: ADDRESS}}), 409);
  assert.equal(msg, 'Domain in request is in use by an existing customer.');
  const {data: p} = await res.customers.patch({customerId: c.customerId,
    requestBody: {alternateEmail: 'ops@node-newco-mail.example'}});
  assert.equal(p.alternateEmail, 'ops@node-newco-mail.example');
  const {data: up} = await res.customers.update({customerId: dom, requestBody: {
    alternateEmail: 'it@node-newco-mail.example', postalAddress: {...ADDRESS, locality: 'Palo Alto'}}});
  assert.equal(up.postalAddress.locality, 'Palo Alto');

  const cid = c.customerId;
  let {data: s} = await res.subscriptions.insert({customerId: cid, requestBody: {
    skuId: '1010020027', plan: {planName: 'FLEXIBLE'}, seats: {maximumNumberOfSeats: 5}}});
  assert.equal(s.status, 'ACTIVE');
  const sid = s.subscriptionId;
  assert.equal((await res.subscriptions.get({customerId: cid, subscriptionId: sid})).data.skuId, '1010020027');
  ({data: s} = await res.subscriptions.changeSeats({customerId: cid, subscriptionId: sid,
    requestBody: {maximumNumberOfSeats: 7}}));
  assert.equal(s.seats.maximumNumberOfSeats, 7);
  ({data: s} = await res.subscriptions.changePlan({customerId: cid, subscriptionId: sid,
    requestBody: {planName: 'ANNUAL_YEARLY_PAY', seats: {numberOfSeats: 7}}}));
  assert.equal(s.seats.numberOfSeats, 7);
  ({data: s} = await res.subscriptions.changeRenewalSettings({customerId: cid, subscriptionId: sid,
    requestBody: {renewalType: 'RENEW_CURRENT_USERS_YEARLY_PAY'}}));
  assert.equal(s.renewalSettings.renewalType, 'RENEW_CURRENT_USERS_YEARLY_PAY');
  ({data: s} = await res.subscriptions.suspend({customerId: cid, subscriptionId: sid}));
  assert.equal(s.status, 'SUSPENDED');
  ({data: s} = await res.subscriptions.activate({customerId: cid, subscriptionId: sid}));
  assert.equal(s.status, 'ACTIVE');
  let {data: t} = await res.subscriptions.insert({customerId: cid, requestBody: {
    skuId: '1010020028', plan: {planName: 'TRIAL'}, seats: {maximumNumberOfSeats: 3}}});
  assert.equal(t.trialSettings.isInTrial, true);
  await res.subscriptions.changePlan({customerId: cid, subscriptionId: t.subscriptionId,
    requestBody: {planName: 'FLEXIBLE', seats: {maximumNumberOfSeats: 3}}});
  ({data: t} = await res.subscriptions.startPaidService({customerId: cid, subscriptionId: t.subscriptionId}));
  assert.equal(t.plan.planName, 'FLEXIBLE');
  await expectError(res.subscriptions.delete({customerId: cid, subscriptionId: sid, deletionType: 'cancel'}), 412);
  // Rule D5: Dunmore Legal turned reseller access off.
  await expectError(res.customers.patch({customerId: 'C03c00004', requestBody: {alternateEmail: 'x@y.example'}}), 403);
}

// Cloud Support.

async function newCase(title) {
  const {data: found} = await sup.caseClassifications.search({query: 'display_name="Technical Issue > Gmail"'});
  assert.equal(found.caseClassifications.length, 1, JSON.stringify(found));
  const {data} = await sup.cases.create({parent: 'projects/' + ACME, requestBody: {
    displayName: title, description: 'made by the Node conformance test',
    classification: {id: found.caseClassifications[0].id}, priority: 'P3'}});
  return data;
}

async function cases() {
  const c = await newCase('Node: mail is late');
  assert.ok(c.name.startsWith(`projects/${ACME}/cases/`), c.name);
  assert.equal(c.state, 'NEW');
  assert.equal(c.creator.email, ADMIN);
  const listed = await listAll(p => sup.cases.list(p), 'cases', {parent: 'projects/' + ACME, pageSize: 1});
  assert.ok(listed.items.some(x => x.name === c.name));
  const {data: got} = await sup.cases.get({name: c.name});
  assert.equal(got.displayName, 'Node: mail is late');

  const {data: cm} = await sup.cases.comments.create({parent: c.name, requestBody: {body: 'first comment'}});
  assert.ok(cm.name.startsWith(c.name + '/comments/'), cm.name);
  const {data: cms} = await sup.cases.comments.list({parent: c.name});
  assert.deepEqual(cms.comments.map(x => x.body), ['first comment']);

  // googleapis applies the service's rootUrl to a method's url but not to
  // its mediaUrl (googleapis-common's createAPIRequest), so an upload takes
  // rootUrl in its own options too.
  const bytes = Buffer.from('log line 1\nlog line 2\n');
  const {data: at} = await sup.media.upload({parent: c.name, requestBody: {attachment: {filename: 'log.txt'}},
    media: {mimeType: 'text/plain', body: Readable.from([bytes])}}, {rootUrl: URL});
  assert.equal(at.filename, 'log.txt');
  assert.equal(Number(at.sizeBytes), bytes.length);
  const {data: ats} = await sup.cases.attachments.list({parent: c.name});
  assert.deepEqual(ats.attachments.map(a => a.filename), ['log.txt']);
  const {data: cmGot} = await sup.cases.comments.get({name: cm.name});
  assert.deepEqual(cmGot, cm);
  const {data: atGot} = await sup.cases.attachments.get({name: at.name});
  assert.equal(atGot.filename, 'log.txt');
  assert.equal(atGot.mimeType, 'text/plain');
  await expectError(sup.cases.attachments.get({name: c.name + '/attachments/999999'}), 404);
  const dl = await sup.media.download({name: at.name, alt: 'media'}, {responseType: 'arraybuffer'});
  assert.equal(dl.status, 200);
  assert.deepEqual(Buffer.from(dl.data), bytes);

  const {data: closed} = await sup.cases.close({name: c.name, requestBody: {}});
  assert.equal(closed.state, 'CLOSED');
  await expectError(sup.cases.close({name: c.name, requestBody: {}}), 412);
}

// Google's wire: default-false booleans, partial responses, batch.

async function defaultFalseBooleans() {
  const {data: gus} = await dir.users.get({userKey: 'gus@' + DOMAIN});
  for (const k of ['isAdmin', 'isDelegatedAdmin', 'suspended', 'archived', 'changePasswordAtNextLogin',
    'ipWhitelisted', 'isEnrolledIn2Sv', 'isEnforcedIn2Sv']) {
    assert.equal(gus[k], false, `${k}: ${JSON.stringify(gus)}`);
  }
  assert.deepEqual(gus.emails, [{address: gus.primaryEmail, primary: true}]);
  const {data: doms} = await dir.domains.list({customer: 'my_customer'});
  const labs = doms.domains.find(d => d.domainName === 'alder-labs.example');
  assert.equal(labs.isPrimary, false);
  assert.equal(labs.verified, false);
  const {data: roles} = await dir.roles.list({customer: 'my_customer'});
  const portal = roles.items.find(r => r.roleName === 'Support portal access');
  assert.equal(portal.isSuperAdminRole, false);
}

async function partialResponses() {
  const {data: u} = await dir.users.get({userKey: ADMIN, fields: 'primaryEmail,name/givenName'});
  assert.deepEqual(u, {primaryEmail: ADMIN, name: {givenName: 'Alder'}});
  const {data: page} = await dir.users.list({customer: 'my_customer', maxResults: 2,
    fields: 'users(primaryEmail),nextPageToken'});
  assert.deepEqual(Object.keys(page).sort(), ['nextPageToken', 'users']);
  assert.ok(page.users.every(x => Object.keys(x).join() === 'primaryEmail'), JSON.stringify(page));
  const {data: subs} = await res.subscriptions.list({customerId: ACME, fields: 'subscriptions(skuId,seats/numberOfSeats)'});
  assert.deepEqual(subs, {subscriptions: [{skuId: '1010020027', seats: {numberOfSeats: 10}}]});
  const msg = await expectError(dir.users.get({userKey: ADMIN, fields: 'primaryEmail,('}), 400);
  assert.match(msg, /Invalid field selection/);
}

async function batchRaw() {
  const out = await batch('batch', ALDER.token, [
    {id: 'admin', method: 'GET', path: `admin/directory/v1/users/${encodeURIComponent(ADMIN)}?fields=primaryEmail`},
    {id: 'nobody', method: 'GET', path: `admin/directory/v1/users/nobody%40${DOMAIN}`},
    {id: 'insert', method: 'POST', path: 'admin/directory/v1/users', body: {primaryEmail: 'node-batch@' + DOMAIN,
      name: {givenName: 'Bat', familyName: 'Ch'}, password: 'long enough password'}},
  ]);
  assert.deepEqual(Object.keys(out).sort(), ['admin', 'insert', 'nobody']);
  assert.equal(out.admin.status, 200);
  assert.deepEqual(out.admin.body, {primaryEmail: ADMIN});
  assert.equal(out.nobody.status, 404);
  assert.equal(out.nobody.body.error.errors[0].reason, 'notFound');
  assert.equal(out.insert.status, 200, JSON.stringify(out.insert));
  assert.equal((await dir.users.get({userKey: 'node-batch@' + DOMAIN})).data.name.givenName, 'Bat');
  // Each API's batch path, as in Google's batch guide.
  const lic = await batch('batch/licensing/v1', ALDER.token, [
    {id: 'ana', method: 'GET', path: `apps/licensing/v1/product/101001/sku/1010010001/user/ana%40${DOMAIN}`},
  ]);
  assert.equal(lic.ana.status, 200);
  assert.equal(lic.ana.body.userId, 'ana@' + DOMAIN);
  const r = await batch('batch', ALDER.token, [
    {id: 'acme', method: 'GET', path: `apps/reseller/v1/customers/${ACME}`},
  ]);
  assert.equal(r.acme.body.customerDomain, 'acme-corp.example');
}

run([usersGet, usersListPages, usersInsertPatchDelete, orgunits, rolesAndAssignments, licensing,
  resellerReads, cases, groupsAndMembers, aliasesMakeAdminUndelete, directoryCustomers, resellerWrites,
  defaultFalseBooleans, partialResponses, batchRaw]);
