"""Shared setup of the Python conformance scripts.

The Go test fake/conformance starts fakeworkspace and runs each script with
FAKE_URL, FAKE_READY (the ready line) and FAKE_DISCOVERY (the directory of
the google.golang.org/api module, which holds the pinned discovery
documents). The clients are Google's google-api-python-client, built from
those documents with build_from_document and rootUrl pointed at the fake,
as a Python user of the fake builds them.
"""

import json
import os
import sys
import traceback
import urllib.error
import urllib.request

import google.auth.credentials
import google_auth_httplib2
import httplib2
from googleapiclient import discovery
from googleapiclient.errors import HttpError

URL = os.environ["FAKE_URL"]
READY = json.loads(os.environ["FAKE_READY"])
DISCOVERY = os.environ["FAKE_DISCOVERY"]

DOCS = {
    "admin": "admin/directory/v1/admin-api.json",
    "licensing": "licensing/v1/licensing-api.json",
    "reseller": "reseller/v1/reseller-api.json",
    "cloudsupport": "cloudsupport/v2/cloudsupport-api.json",
}

ALDER = READY["resellerAccounts"][0]
ALDER_ADMIN = ALDER["superAdmin"]
ALDER_DOMAIN = ALDER["domains"][0]
ACME = "C03c00001"  # a customer of alder-reseller.example in the demo world


class StaticToken(google.auth.credentials.Credentials):
    """A bearer token that never expires, as the fake's tokens never do.

    google.oauth2.credentials.Credentials would do for plain calls, but the
    batch refreshes credentials before sending, which needs a refresh
    token; the fake's tokens need no refresh.
    """

    def __init__(self, token):
        super().__init__()
        self.token = token

    def refresh(self, request):
        pass


def document(api):
    with open(os.path.join(DISCOVERY, DOCS[api])) as f:
        doc = json.load(f)
    doc["rootUrl"] = URL
    doc["mtlsRootUrl"] = URL
    return doc


def build(api, token):
    """Google's client for api ("admin", ...) acting with token."""
    http = google_auth_httplib2.AuthorizedHttp(StaticToken(token), http=httplib2.Http(timeout=30))
    return discovery.build_from_document(document(api), http=http)


def error_of(e):
    """(status, reason, message) of an HttpError, from Google's envelope."""
    assert isinstance(e, HttpError), repr(e)
    body = json.loads(e.content.decode("utf-8"))
    err = body["error"]
    assert err["code"] == e.resp.status, (err, e.resp.status)
    reason = err["errors"][0]["reason"] if err.get("errors") else err.get("status", "")
    return e.resp.status, reason, err["message"]


def expect_error(call, status, reason=None):
    """Executes call (an HttpRequest) and checks that it fails with status
    (and reason); returns the message."""
    try:
        got = call.execute()
    except HttpError as e:
        st, rs, msg = error_of(e)
        assert st == status, "status %d (%s: %s), want %d" % (st, rs, msg, status)
        if reason is not None:
            assert rs == reason, "reason %r (%s), want %r" % (rs, msg, reason)
        return msg
    raise AssertionError("succeeded with %r, want %d %s" % (got, status, reason or ""))


def control(method, path, body=None, token=None):
    """Calls the control API (/fake/v1/...) with urllib; returns (status, JSON or None)."""
    token = token if token is not None else READY.get("controlToken", "")
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(URL + path.lstrip("/"), data=data, method=method)
    req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
            return resp.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, raw.decode("utf-8", "replace")


def run(tests):
    """Runs each test function in order and exits 1 if any failed, after
    printing every failure."""
    failed = 0
    for t in tests:
        try:
            t()
        except Exception:
            failed += 1
            print("FAIL", t.__name__)
            traceback.print_exc(file=sys.stdout)
        else:
            print("ok  ", t.__name__)
    print("%d/%d passed" % (len(tests) - failed, len(tests)))
    sys.stdout.flush()
    sys.exit(1 if failed else 0)
