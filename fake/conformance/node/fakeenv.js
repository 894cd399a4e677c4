// Shared setup of the Node conformance scripts.
//
// The Go test fake/conformance starts fakeworkspace and runs each script
// with FAKE_URL, FAKE_READY (the ready line) and FAKE_DISCOVERY. The clients
// are Google's googleapis package (pinned in package-lock.json), pointed at
// the fake with rootUrl, as a Node user of the fake builds them.
'use strict';

const assert = require('node:assert/strict');
// The googleapis package's own per-API entry points: what
// require('googleapis').google.admin(...) returns, without loading the
// other 300-odd APIs at start (a second or more of CPU per script).
const {admin, auth: authPlus} = require('googleapis/build/src/apis/admin');
const {licensing} = require('googleapis/build/src/apis/licensing');
const {reseller} = require('googleapis/build/src/apis/reseller');
const {cloudsupport} = require('googleapis/build/src/apis/cloudsupport');

const URL_ = process.env.FAKE_URL;
const READY = JSON.parse(process.env.FAKE_READY);
const ALDER = READY.resellerAccounts[0];

// clients returns Google's clients acting with token.
function clients(token) {
  const auth = new authPlus.OAuth2();
  // No expiry and no refresh token: the client sends the token as it is,
  // and the fake's tokens do not expire.
  auth.setCredentials({access_token: token});
  const opts = {auth, rootUrl: URL_};
  return {
    dir: admin({version: 'directory_v1', ...opts}),
    lic: licensing({version: 'v1', ...opts}),
    res: reseller({version: 'v1', ...opts}),
    sup: cloudsupport({version: 'v2', ...opts}),
  };
}

// expectError awaits p and checks that it fails with Google's envelope,
// status and (when given) reason; it returns the message.
async function expectError(p, status, reason) {
  let res;
  try {
    res = await p;
  } catch (e) {
    const got = e.response ? e.response.status : e.code;
    const body = e.response && e.response.data;
    assert.equal(got, status, `status ${got} (${JSON.stringify(body)}), want ${status}`);
    assert.ok(body && body.error, `no Google error envelope: ${JSON.stringify(body)}`);
    assert.equal(body.error.code, status);
    if (reason !== undefined) {
      assert.equal(body.error.errors[0].reason, reason, JSON.stringify(body.error));
    }
    return body.error.message;
  }
  assert.fail(`succeeded with ${JSON.stringify(res.data)}, want ${status} ${reason || ''}`);
}

// listAll follows nextPageToken through a listing; it returns the items
// under key and the number of pages.
async function listAll(method, key, params) {
  const items = [];
  let pages = 0;
  let pageToken;
  do {
    const {data} = await method({...params, pageToken});
    pages++;
    items.push(...(data[key] || []));
    pageToken = data.nextPageToken;
  } while (pageToken);
  return {items, pages};
}

// control calls the control API (/fake/v1/...) with fetch.
async function control(method, path, body, token) {
  const res = await fetch(URL_ + path.replace(/^\//, ''), {
    method,
    headers: {
      Authorization: 'Bearer ' + (token === undefined ? READY.controlToken : token),
      ...(body === undefined ? {} : {'Content-Type': 'application/json'}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = text;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {}
  return {status: res.status, data};
}

// batch sends calls ([{id, method, path, body?, token?}], path relative to
// the fake's URL, e.g. "admin/directory/v1/users/x") as one request of
// Google's batch protocol (multipart/mixed of application/http parts) to
// batchPath, with the batch's Authorization header token. googleapis has no
// batch support, so this is the raw protocol, as Google's batch guide
// shows it. It returns {id: {status, headers, body}} from the
// "response-<id>" Content-IDs.
async function batch(batchPath, token, calls) {
  const boundary = 'batch_' + Math.random().toString(36).slice(2);
  let body = '';
  for (const c of calls) {
    body += `--${boundary}\r\nContent-Type: application/http\r\nContent-ID: <${c.id}>\r\n\r\n`;
    body += `${c.method} /${c.path} HTTP/1.1\r\n`;
    if (c.token) {
      body += `Authorization: Bearer ${c.token}\r\n`;
    }
    if (c.body !== undefined) {
      const json = JSON.stringify(c.body);
      body += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}\r\n`;
    } else {
      body += '\r\n';
    }
  }
  body += `--${boundary}--\r\n`;
  const res = await fetch(URL_ + batchPath, {
    method: 'POST',
    headers: {Authorization: 'Bearer ' + token, 'Content-Type': `multipart/mixed; boundary=${boundary}`},
    body,
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const m = /boundary="?([^";]+)"?/.exec(res.headers.get('content-type') || '');
  assert.ok(m, `batch answer Content-Type ${res.headers.get('content-type')}`);
  const out = {};
  for (const part of text.split('--' + m[1])) {
    const p = part.replace(/^\r\n/, '');
    if (p === '' || p.startsWith('--')) {
      continue;
    }
    const [partHead, ...rest] = p.split('\r\n\r\n');
    const id = /Content-ID:\s*<response-([^>]+)>/i.exec(partHead);
    assert.ok(id, `part without Content-ID: ${partHead}`);
    const http = rest.join('\r\n\r\n');
    const [respHead, ...respBody] = http.split('\r\n\r\n');
    const lines = respHead.split('\r\n');
    const status = Number(lines[0].split(' ')[1]);
    const headers = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    const raw = respBody.join('\r\n\r\n').replace(/\r\n$/, '');
    out[id[1]] = {status, headers, body: raw ? JSON.parse(raw) : null};
  }
  return out;
}

// run runs each test in order, prints every failure, and sets the exit
// status.
async function run(tests) {
  let failed = 0;
  for (const t of tests) {
    try {
      await t();
      console.log('ok  ', t.name);
    } catch (e) {
      failed++;
      console.log('FAIL', t.name);
      console.log(e && e.stack ? e.stack : e);
      if (e && e.response) {
        console.log('response:', e.response.status, JSON.stringify(e.response.data));
      }
    }
  }
  console.log(`${tests.length - failed}/${tests.length} passed`);
  process.exitCode = failed ? 1 : 0;
}

module.exports = {URL: URL_, READY, ALDER, ACME: 'C03c00001', clients, expectError, listAll, control, batch, run, assert};
