"""The control API (/fake/v1/...) driven from Python, with Google's Python
client for the API calls: move the clock past a closed case's reopen
window, inject a fault and see it once, act as a staff account, export and
reset the world. Run by the Go test fake/conformance (see fakeenv.py)."""

import datetime

import google.oauth2.service_account
import google_auth_httplib2
import httplib2
from googleapiclient import discovery

from fakeenv import (ACME, ALDER, ALDER_ADMIN, ALDER_DOMAIN, READY, HttpError,
                     build, control, document, error_of, expect_error, run)

TOKEN = ALDER["token"]
dir_ = build("admin", TOKEN)
sup = build("cloudsupport", TOKEN)

# Rule C9: a closed case may be reopened within 30 × 24 h of its latest
# close (package cases, ReopenWindow); the Cloud Support API has no close
# time, so the close is the case's last update.
REOPEN_WINDOW = datetime.timedelta(hours=720)


def parse_time(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


def clock_now():
    status, body = control("GET", "fake/v1/clock")
    assert status == 200, (status, body)
    return parse_time(body["now"])


def test_ready_line_has_a_control_token():
    assert READY.get("controlToken"), "the ready line has no controlToken: %r" % sorted(READY)


def test_control_api_refuses_other_tokens():
    status, body = control("GET", "fake/v1/clock", token=TOKEN)
    assert status == 403, (status, body)
    assert body["error"]["code"] == 403, body
    status, body = control("GET", "fake/v1/clock", token="not-a-token")
    assert status == 401, (status, body)
    # The control token is not a Google token.
    control_dir = build("admin", READY["controlToken"])
    expect_error(control_dir.users().get(userKey=ALDER_ADMIN), 401)


def test_clock_past_the_reopen_window():
    cls = sup.caseClassifications().search(query='display_name="Technical Issue > Gmail"').execute()
    case = sup.cases().create(parent="projects/" + ACME, body={
        "displayName": "Py control: reopen window", "description": "closed, then 30 days pass",
        "classification": {"id": cls["caseClassifications"][0]["id"]}, "priority": "P4"}).execute()
    closed = sup.cases().close(name=case["name"], body={}).execute()
    assert closed["state"] == "CLOSED", closed
    closed_at = parse_time(closed["updateTime"])
    deadline = closed_at + REOPEN_WINDOW
    assert clock_now() < deadline

    status, body = control("POST", "fake/v1/clock:advance", {"duration": "719h"})
    assert status == 200, (status, body)
    assert parse_time(body["now"]) < deadline, (body, deadline)
    status, body = control("POST", "fake/v1/clock:advance", {"duration": "2h"})
    assert status == 200, (status, body)
    now = parse_time(body["now"])
    assert now >= deadline, (now, deadline)
    assert clock_now() == now

    # The case is as it was: closed, its last update the close.
    got = sup.cases().get(name=case["name"]).execute()
    assert got["state"] == "CLOSED" and parse_time(got["updateTime"]) == closed_at, got
    # New writes carry the World's time.
    c2 = sup.cases().comments().create(parent=case["name"], body={"body": "after the window"})
    try:
        cm = c2.execute()
    except HttpError:
        pass  # a closed case may refuse comments; the clock is what this test checks
    else:
        assert parse_time(cm["createTime"]) >= now, cm

    status, body = control("POST", "fake/v1/clock:advance", {"duration": "one month"})
    assert status == 400 and body["error"]["code"] == 400, (status, body)


def test_fault_fires_once():
    status, body = control("POST", "fake/v1/faults", {
        "method": "directory.users.get", "status": 503, "reason": "backendError", "count": 1})
    assert status == 200, (status, body)
    fid = body["id"]
    try:
        dir_.users().get(userKey=ALDER_ADMIN).execute()
    except HttpError as e:
        st, reason, msg = error_of(e)
        assert (st, reason) == (503, "backendError"), (st, reason, msg)
    else:
        raise AssertionError("the fault did not fire")
    assert dir_.users().get(userKey=ALDER_ADMIN).execute()["primaryEmail"] == ALDER_ADMIN
    assert dir_.users().get(userKey=ALDER_ADMIN).execute()["primaryEmail"] == ALDER_ADMIN
    status, body = control("GET", "fake/v1/faults")
    assert status == 200, (status, body)
    mine = [f for f in body.get("faults", []) if f["id"] == fid]
    assert len(mine) <= 1, body
    if mine:
        assert mine[0]["method"] == "directory.users.get", mine
        status, body = control("DELETE", "fake/v1/faults/" + fid)
        assert status == 204, (status, body)
    status, body = control("DELETE", "fake/v1/faults/" + fid)
    assert status == 404, (status, body)
    status, body = control("POST", "fake/v1/faults", {"method": "directory.users.get", "statuss": 503})
    assert status == 400 and "statuss" in body["error"]["message"], (status, body)


def test_fault_in_a_batch_hits_one_part():
    # Each part of a batch is one call, with its own faults.
    status, body = control("POST", "fake/v1/faults", {
        "method": "directory.users.get", "status": 500, "reason": "backendError", "count": 1})
    assert status == 200, (status, body)
    out = {}

    def cb(rid, resp, exc):
        out[rid] = exc

    batch = dir_.new_batch_http_request(callback=cb)
    for i in range(3):
        batch.add(dir_.users().get(userKey=ALDER_ADMIN), request_id=str(i))
    batch.execute()
    failed = [rid for rid, exc in out.items() if exc is not None]
    assert len(out) == 3 and len(failed) == 1, out
    assert error_of(out[failed[0]])[:2] == (500, "backendError"), out


def test_fault_after_apply_loses_the_answer():
    status, body = control("POST", "fake/v1/faults", {
        "method": "directory.orgunits.insert", "status": 503, "reason": "backendError", "count": 1,
        "afterApply": True})
    assert status == 200, (status, body)
    req = dir_.orgunits().insert(customerId="my_customer", body={"name": "Lost", "parentOrgUnitPath": "/"})
    expect_error(req, 503, "backendError")
    # The write was applied: the retry meets it.
    got = dir_.orgunits().get(customerId="my_customer", orgUnitPath="Lost").execute()
    assert got["orgUnitPath"] == "/Lost", got


def test_act_as_a_staff_account():
    ben = "ben@" + ALDER_DOMAIN  # "Support portal access": view customers, their cases, Support
    status, body = control("POST", "fake/v1/tokens", {"email": ben})
    assert status == 200, (status, body)
    assert body["email"] == ben and body["token"], body
    as_ben = build("cloudsupport", body["token"])
    case = as_ben.cases().create(parent="projects/" + ACME, body={
        "displayName": "Py control: filed by Ben", "description": "a staff account",
        "classification": {"id": "100100"}, "priority": "P3"}).execute()
    assert case["creator"]["email"] == ben, case
    names = [c["name"] for c in as_ben.cases().list(parent="projects/" + ACME).execute().get("cases", [])]
    assert case["name"] in names, names
    # Ben holds no Directory privilege: Google answers 403.
    expect_error(build("admin", body["token"]).users().list(customer="my_customer"), 403)

    status, body = control("POST", "fake/v1/tokens", {"email": "nobody@" + ALDER_DOMAIN})
    assert status == 404, (status, body)


def test_read_after_write_lag():
    status, body = control("PUT", "fake/v1/settings", {"readAfterWriteLag": 1})
    assert status == 200 and body["readAfterWriteLag"] == 1, (status, body)
    try:
        email = "lagged@" + ALDER_DOMAIN
        dir_.users().insert(body={"primaryEmail": email, "name": {"givenName": "Lag", "familyName": "Ged"},
                                  "password": "long enough password"}).execute()
        expect_error(dir_.users().get(userKey=email), 404)
        assert dir_.users().get(userKey=email).execute()["primaryEmail"] == email
    finally:
        status, body = control("PUT", "fake/v1/settings", {"readAfterWriteLag": 0})
        assert status == 200, (status, body)


def test_export_and_reset_the_world():
    email = "exported@" + ALDER_DOMAIN
    dir_.users().insert(body={"primaryEmail": email, "name": {"givenName": "Ex", "familyName": "Ported"},
                              "password": "long enough password"}).execute()
    status, seed = control("GET", "fake/v1/world")
    assert status == 200, (status, seed)
    tenants = {t["name"]: t for t in seed["tenants"]}
    assert "Acme Corp" in tenants and "Alder Reseller" in tenants, sorted(tenants)
    alder = tenants["Alder Reseller"]
    assert alder["customerId"] == ALDER["customerId"], alder["customerId"]
    assert email in [u["email"] for u in alder["users"]], [u["email"] for u in alder["users"]]
    # The clock moved by test_clock_past_the_reopen_window is exported too.
    assert parse_time(seed["start"]) == clock_now(), (seed["start"], clock_now())

    status, body = control("POST", "fake/v1/world:reset", {})
    assert status == 204, (status, body)
    expect_error(dir_.users().get(userKey=email), 404)
    status, seed = control("GET", "fake/v1/world")
    alder = next(t for t in seed["tenants"] if t["name"] == "Alder Reseller")
    assert email not in [u["email"] for u in alder["users"]]
    # Tokens of the world still act after a reset.
    assert dir_.users().get(userKey=ALDER_ADMIN).execute()["primaryEmail"] == ALDER_ADMIN



def test_service_account_key_with_delegation():
    status, key = control("POST", "fake/v1/serviceAccountKeys", {})
    assert status == 200, (status, key)
    assert key["type"] == "service_account" and key["token_uri"].startswith(READY["url"]), key
    creds = google.oauth2.service_account.Credentials.from_service_account_info(
        key, scopes=["https://www.googleapis.com/auth/admin.directory.user.readonly"]).with_subject(ALDER_ADMIN)
    http = google_auth_httplib2.AuthorizedHttp(creds, http=httplib2.Http(timeout=30))
    sa_dir = discovery.build_from_document(document("admin"), http=http)
    assert sa_dir.users().get(userKey=ALDER_ADMIN).execute()["primaryEmail"] == ALDER_ADMIN

if __name__ == "__main__":
    run([v for k, v in list(globals().items()) if k.startswith("test_") and callable(v)])
