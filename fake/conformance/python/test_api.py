"""Google's Python client (google-api-python-client, built from the pinned
discovery documents) against fakeworkspace: Directory, Licensing, Reseller
and Cloud Support, partial responses and batch. Run by the Go test
fake/conformance (see fakeenv.py for the environment)."""

import io

from googleapiclient.http import MediaIoBaseDownload, MediaIoBaseUpload

from fakeenv import (ACME, ALDER, ALDER_ADMIN, ALDER_DOMAIN, HttpError, build,
                     error_of, expect_error, run)

TOKEN = ALDER["token"]
dir_ = build("admin", TOKEN)
lic = build("licensing", TOKEN)
res = build("reseller", TOKEN)
sup = build("cloudsupport", TOKEN)

NEW_USER = "py-conformance@" + ALDER_DOMAIN


def list_all(col, name, key, **kw):
    """Every item of the listing col.name(**kw), following pages with the
    client's name_next, and the number of pages."""
    req = getattr(col, name)(**kw)
    next_name = name + "_next"
    items = []
    pages = 0
    while req is not None:
        page = req.execute()
        pages += 1
        items.extend(page.get(key, []))
        req = getattr(col, next_name)(req, page)
    return items, pages


# Directory: users.


def test_users_get():
    u = dir_.users().get(userKey=ALDER_ADMIN).execute()
    assert u["kind"] == "admin#directory#user", u
    assert u["primaryEmail"] == ALDER_ADMIN, u
    assert u["isAdmin"] is True, u
    assert u["customerId"] == ALDER["customerId"], u
    assert u["name"]["fullName"] == "Alder Admin", u
    # By ID as well as by email.
    assert dir_.users().get(userKey=u["id"]).execute()["primaryEmail"] == ALDER_ADMIN


def test_users_get_unknown_is_404_in_googles_envelope():
    try:
        dir_.users().get(userKey="nobody@" + ALDER_DOMAIN).execute()
    except HttpError as e:
        status, reason, msg = error_of(e)
        assert (status, reason) == (404, "notFound"), (status, reason, msg)
        assert msg == "Resource Not Found: userKey", msg
    else:
        raise AssertionError("users.get of an unknown user succeeded")


def test_users_list_pages():
    everyone, _ = list_all(dir_.users(), "list", "users", customer="my_customer", maxResults=500)
    paged, pages = list_all(dir_.users(), "list", "users", customer="my_customer", maxResults=3)
    assert len(everyone) >= 8, len(everyone)
    assert pages == (len(everyone) + 2) // 3, (pages, len(everyone))
    assert [u["primaryEmail"] for u in paged] == [u["primaryEmail"] for u in everyone]
    # A query and a domain narrow the listing.
    staff, _ = list_all(dir_.users(), "list", "users", customer="my_customer", query="orgUnitPath='/Staff'")
    assert staff and all(u["orgUnitPath"] == "/Staff" for u in staff), staff
    eu, _ = list_all(dir_.users(), "list", "users", domain="alder-eu.example")
    assert [u["primaryEmail"] for u in eu] == ["cara@alder-eu.example"], eu


def test_users_insert_patch_delete():
    body = {
        "primaryEmail": NEW_USER,
        "name": {"givenName": "Py", "familyName": "Conformance"},
        "password": "correct horse battery staple",
        "orgUnitPath": "/Staff",
    }
    u = dir_.users().insert(body=body).execute()
    assert u["primaryEmail"] == NEW_USER and u["orgUnitPath"] == "/Staff", u
    assert "password" not in u, "users.insert echoed the password"
    expect_error(dir_.users().insert(body=body), 409, "duplicate")
    p = dir_.users().patch(userKey=NEW_USER, body={"name": {"givenName": "Python"}}).execute()
    assert p["name"]["givenName"] == "Python" and p["name"]["familyName"] == "Conformance", p
    up = dir_.users().update(userKey=NEW_USER, body={"suspended": True}).execute()
    assert up["suspended"] is True, up
    got = dir_.users().get(userKey=NEW_USER).execute()
    assert got["suspended"] is True and got["name"]["fullName"] == "Python Conformance", got
    dir_.users().delete(userKey=NEW_USER).execute()
    expect_error(dir_.users().get(userKey=NEW_USER), 404, "notFound")


def test_users_insert_errors():
    expect_error(dir_.users().insert(body={"primaryEmail": "x@" + ALDER_DOMAIN}), 400)
    msg = expect_error(dir_.users().insert(body={
        "primaryEmail": "x@nowhere.example", "name": {"givenName": "X", "familyName": "Y"},
        "password": "long enough password"}), 404, "notFound")
    assert msg == "Domain not found.", msg


# Directory: org units.


def test_orgunits():
    ous = dir_.orgunits().list(customerId="my_customer", type="all").execute()["organizationUnits"]
    assert "/Staff" in [o["orgUnitPath"] for o in ous], ous
    staff = dir_.orgunits().get(customerId="my_customer", orgUnitPath="Staff").execute()
    assert staff["orgUnitPath"] == "/Staff" and staff["parentOrgUnitPath"] == "/", staff
    ou = dir_.orgunits().insert(customerId="my_customer", body={
        "name": "PyTeam", "parentOrgUnitPath": "/Staff", "description": "made by Python"}).execute()
    assert ou["orgUnitPath"] == "/Staff/PyTeam", ou
    ou = dir_.orgunits().patch(customerId="my_customer", orgUnitPath="Staff/PyTeam",
                               body={"description": "patched"}).execute()
    assert ou["description"] == "patched", ou
    # By ID, as Google documents ("id:..." in place of the path).
    got = dir_.orgunits().get(customerId="my_customer", orgUnitPath=ou["orgUnitId"]).execute()
    assert got["orgUnitPath"] == "/Staff/PyTeam", got
    dir_.orgunits().delete(customerId="my_customer", orgUnitPath="Staff/PyTeam").execute()
    expect_error(dir_.orgunits().get(customerId="my_customer", orgUnitPath="Staff/PyTeam"), 404)


# Directory: privileges, roles, role assignments.


def test_roles_and_assignments():
    privs = dir_.privileges().list(customer="my_customer").execute()["items"]
    names = set()

    def walk(ps):
        for p in ps:
            names.add(p["privilegeName"])
            walk(p.get("childPrivileges", []))

    walk(privs)
    assert {"USERS_RETRIEVE", "SUPPORT_PRIVILEGE_GROUP"} <= names, sorted(names)
    svc = next(p["serviceId"] for p in privs if p["privilegeName"] == "SUPPORT_PRIVILEGE_GROUP")

    roles, _ = list_all(dir_.roles(), "list", "items", customer="my_customer", maxResults=2)
    assert "Support portal access" in [r["roleName"] for r in roles], roles
    role = dir_.roles().insert(customer="my_customer", body={
        "roleName": "Py readers", "rolePrivileges": [{"privilegeName": "USERS_RETRIEVE", "serviceId": svc}]}).execute()
    assert role["roleName"] == "Py readers" and role.get("isSystemRole") in (None, False), role
    role = dir_.roles().patch(customer="my_customer", roleId=role["roleId"],
                              body={"roleDescription": "read users"}).execute()
    assert role["roleDescription"] == "read users", role
    assert dir_.roles().get(customer="my_customer", roleId=role["roleId"]).execute()["roleName"] == "Py readers"

    gus = dir_.users().get(userKey="gus@" + ALDER_DOMAIN).execute()
    ra = dir_.roleAssignments().insert(customer="my_customer", body={
        "roleId": role["roleId"], "assignedTo": gus["id"], "scopeType": "CUSTOMER"}).execute()
    assert ra["assigneeType"] == "user" and ra["assignedTo"] == gus["id"], ra
    listed = dir_.roleAssignments().list(customer="my_customer", userKey=gus["primaryEmail"]).execute()
    assert [a["roleAssignmentId"] for a in listed["items"]] == [ra["roleAssignmentId"]], listed
    got = dir_.roleAssignments().get(customer="my_customer", roleAssignmentId=ra["roleAssignmentId"]).execute()
    assert got["roleId"] == role["roleId"], got
    # Google answers a duplicate role assignment 500 "role assignment exists".
    expect_error(dir_.roleAssignments().insert(customer="my_customer", body={
        "roleId": role["roleId"], "assignedTo": gus["id"], "scopeType": "CUSTOMER"}), 500)
    dir_.roleAssignments().delete(customer="my_customer", roleAssignmentId=ra["roleAssignmentId"]).execute()
    dir_.roles().delete(customer="my_customer", roleId=role["roleId"]).execute()
    expect_error(dir_.roles().get(customer="my_customer", roleId=role["roleId"]), 404)


def test_role_assignment_of_a_group():
    # The demo world assigns "Support portal access" to a group (rule P4).
    ras = dir_.roleAssignments().list(customer="my_customer").execute()["items"]
    assert "group" in [a["assigneeType"] for a in ras], ras


# Directory: groups, members (rule P4), aliases, makeAdmin, undelete,
# customers.


def test_groups_and_members():
    email = "py-group@" + ALDER_DOMAIN
    g = dir_.groups().insert(body={"email": email, "name": "Py group", "description": "made by Python"}).execute()
    assert g["kind"] == "admin#directory#group" and g["email"] == email and g["id"], g
    expect_error(dir_.groups().insert(body={"email": email, "name": "again"}), 409, "duplicate")
    assert dir_.groups().get(groupKey=g["id"]).execute()["email"] == email
    groups, pages = list_all(dir_.groups(), "list", "groups", customer="my_customer", maxResults=1)
    assert pages == len(groups) >= 3, (pages, groups)
    assert {"support@" + ALDER_DOMAIN, "portal-team@" + ALDER_DOMAIN, email} <= {x["email"] for x in groups}
    p = dir_.groups().patch(groupKey=email, body={"name": "Py group, patched"}).execute()
    assert p["name"] == "Py group, patched" and p["description"] == "made by Python", p
    u = dir_.groups().update(groupKey=email, body={"description": "updated"}).execute()
    assert u["description"] == "updated", u

    gus = "gus@" + ALDER_DOMAIN
    m = dir_.members().insert(groupKey=email, body={"email": gus, "role": "MEMBER"}).execute()
    assert m["kind"] == "admin#directory#member" and m["email"] == gus, m
    assert m["role"] == "MEMBER" and m["type"] == "USER", m
    expect_error(dir_.members().insert(groupKey=email, body={"email": gus, "role": "MEMBER"}), 409, "duplicate")
    listed = dir_.members().list(groupKey=email).execute()["members"]
    assert [x["email"] for x in listed] == [gus], listed
    assert dir_.members().get(groupKey=email, memberKey=gus).execute()["role"] == "MEMBER"
    mp = dir_.members().patch(groupKey=email, memberKey=gus, body={"role": "MANAGER"}).execute()
    assert mp["role"] == "MANAGER", mp
    mu = dir_.members().update(groupKey=email, memberKey=gus, body={"role": "OWNER"}).execute()
    assert mu["role"] == "OWNER", mu
    assert dir_.members().hasMember(groupKey=email, memberKey=gus).execute() == {"isMember": True}
    mine = dir_.groups().list(userKey=gus).execute()["groups"]
    assert email in [x["email"] for x in mine], mine
    dir_.members().delete(groupKey=email, memberKey=gus).execute()
    assert dir_.members().hasMember(groupKey=email, memberKey=gus).execute()["isMember"] is False
    expect_error(dir_.members().get(groupKey=email, memberKey=gus), 404)
    dir_.groups().delete(groupKey=email).execute()
    expect_error(dir_.groups().get(groupKey=email), 404, "notFound")


def test_has_member_nested():
    # hasMember sees nested membership within one domain; across domains
    # Google answers "Invalid input" (the method's description in the
    # discovery document).
    outer = "py-outer@" + ALDER_DOMAIN
    inner = "py-inner@" + ALDER_DOMAIN
    gus = "gus@" + ALDER_DOMAIN
    dir_.groups().insert(body={"email": outer, "name": "Py outer"}).execute()
    dir_.groups().insert(body={"email": inner, "name": "Py inner"}).execute()
    m = dir_.members().insert(groupKey=outer, body={"email": inner}).execute()
    assert m["type"] == "GROUP", m
    dir_.members().insert(groupKey=inner, body={"email": gus}).execute()
    assert dir_.members().hasMember(groupKey=outer, memberKey=gus).execute() == {"isMember": True}
    got = dir_.members().hasMember(groupKey=outer, memberKey="ben@" + ALDER_DOMAIN).execute()
    assert got["isMember"] is False, got
    # support@ holds portal-team@, which holds cara@alder-eu.example.
    expect_error(dir_.members().hasMember(groupKey="support@" + ALDER_DOMAIN, memberKey="cara@alder-eu.example"),
                 400, "invalid")
    for g in (outer, inner):
        dir_.groups().delete(groupKey=g).execute()


def test_group_role_assignment_end_to_end():
    # Rule P4: a role assigned to a group acts for its members, and
    # roleAssignments.list with includeIndirectRoleAssignments shows it.
    role = next(r for r in dir_.roles().list(customer="my_customer").execute()["items"]
                if r["roleName"] == "Support portal access")
    g = dir_.groups().insert(body={"email": "py-p4@" + ALDER_DOMAIN, "name": "Py P4"}).execute()
    ra = dir_.roleAssignments().insert(customer="my_customer", body={
        "roleId": role["roleId"], "assignedTo": g["id"], "scopeType": "CUSTOMER"}).execute()
    assert ra["assigneeType"] == "group", ra
    finn = "finn@" + ALDER_DOMAIN
    dir_.members().insert(groupKey=g["id"], body={"email": finn}).execute()
    got = dir_.roleAssignments().list(customer="my_customer", userKey=finn,
                                      includeIndirectRoleAssignments=True).execute().get("items", [])
    assert any(a["roleAssignmentId"] == ra["roleAssignmentId"] and a["assigneeType"] == "group"
               and a["assignedTo"] == g["id"] for a in got), got
    direct = dir_.roleAssignments().list(customer="my_customer", userKey=finn).execute().get("items", [])
    assert ra["roleAssignmentId"] not in [a["roleAssignmentId"] for a in direct], direct
    dir_.roleAssignments().delete(customer="my_customer", roleAssignmentId=ra["roleAssignmentId"]).execute()
    dir_.groups().delete(groupKey=g["id"]).execute()


def test_aliases_make_admin_undelete():
    email = "py-aliased@" + ALDER_DOMAIN
    alias = "py-alt@" + ALDER_DOMAIN
    u = dir_.users().insert(body={"primaryEmail": email, "name": {"givenName": "Al", "familyName": "Ias"},
                                  "password": "long enough password"}).execute()
    a = dir_.users().aliases().insert(userKey=email, body={"alias": alias}).execute()
    assert a["alias"] == alias and a["primaryEmail"] == email, a
    expect_error(dir_.users().aliases().insert(userKey=email, body={"alias": alias}), 409, "duplicate")
    listed = dir_.users().aliases().list(userKey=email).execute()["aliases"]
    assert [x["alias"] for x in listed] == [alias], listed
    got = dir_.users().get(userKey=alias).execute()
    assert got["primaryEmail"] == email and got["aliases"] == [alias], got
    dir_.users().aliases().delete(userKey=email, alias=alias).execute()
    expect_error(dir_.users().get(userKey=alias), 404)

    dir_.users().makeAdmin(userKey=email, body={"status": True}).execute()
    assert dir_.users().get(userKey=email).execute()["isAdmin"] is True
    dir_.users().makeAdmin(userKey=email, body={"status": False}).execute()
    assert dir_.users().get(userKey=email).execute()["isAdmin"] is False

    dir_.users().delete(userKey=email).execute()
    expect_error(dir_.users().get(userKey=email), 404)
    dir_.users().undelete(userKey=u["id"], body={"orgUnitPath": "/"}).execute()
    assert dir_.users().get(userKey=email).execute()["id"] == u["id"]
    dir_.users().delete(userKey=email).execute()


def test_directory_customers():
    c = dir_.customers().get(customerKey="my_customer").execute()
    assert c["kind"] == "admin#directory#customer", c
    assert c["id"] == ALDER["customerId"] and c["customerDomain"] == ALDER_DOMAIN, c
    assert dir_.customers().get(customerKey=ALDER["customerId"]).execute()["id"] == ALDER["customerId"]
    p = dir_.customers().patch(customerKey="my_customer", body={"language": "it"}).execute()
    assert p["language"] == "it" and p["customerDomain"] == ALDER_DOMAIN, p
    u = dir_.customers().update(customerKey="my_customer", body={"language": "en"}).execute()
    assert u["language"] == "en", u


# Licensing.


def test_licensing():
    items, pages = list_all(lic.licenseAssignments(), "listForProduct", "items",
                            productId="101001", customerId=ALDER_DOMAIN, maxResults=2)
    users = [a["userId"] for a in items]
    assert "ana@" + ALDER_DOMAIN in users and pages > 1, (users, pages)
    assert all(a["kind"] == "licensing#licenseAssignment" for a in items), items
    by_sku, _ = list_all(lic.licenseAssignments(), "listForProductAndSku", "items",
                         productId="101001", skuId="1010010001", customerId=ALDER_DOMAIN)
    assert sorted(a["userId"] for a in by_sku) == sorted(users)

    admin = ALDER_ADMIN
    expect_error(lic.licenseAssignments().get(productId="101001", skuId="1010010001", userId=admin), 404)
    a = lic.licenseAssignments().insert(productId="101001", skuId="1010010001", body={"userId": admin}).execute()
    assert a["userId"] == admin and a["skuId"] == "1010010001", a
    got = lic.licenseAssignments().get(productId="101001", skuId="1010010001", userId=admin).execute()
    assert got["productId"] == "101001", got
    # Rule L1: one SKU per product; Google answers 412.
    expect_error(lic.licenseAssignments().insert(productId="101001", skuId="1010010001", body={"userId": admin}), 412)
    lic.licenseAssignments().delete(productId="101001", skuId="1010010001", userId=admin).execute()
    expect_error(lic.licenseAssignments().get(productId="101001", skuId="1010010001", userId=admin), 404)


# Reseller.


def test_reseller_reads():
    c = res.customers().get(customerId=ACME).execute()
    assert c["kind"] == "reseller#customer" and c["customerDomain"] == "acme-corp.example", c
    # By domain as well as by ID.
    assert res.customers().get(customerId="acme-corp.example").execute()["customerId"] == ACME
    subs, pages = list_all(res.subscriptions(), "list", "subscriptions", maxResults=5)
    assert pages > 1 and ACME in [s["customerId"] for s in subs], (pages, len(subs))
    acme = res.subscriptions().list(customerId=ACME).execute()["subscriptions"]
    assert [s["skuId"] for s in acme] == ["1010020027"], acme
    assert acme[0]["seats"]["numberOfSeats"] == 10 and acme[0]["plan"]["planName"] == "ANNUAL", acme


ADDRESS = {"contactName": "Py Contact", "organizationName": "Py Newco", "countryCode": "US",
           "postalCode": "94043", "addressLine1": "1600 Amphitheatre Pkwy", "locality": "Mountain View",
           "region": "CA"}


def test_reseller_customer_writes():
    dom = "py-newco.example"
    c = res.customers().insert(body={"customerDomain": dom, "alternateEmail": "it@py-newco-mail.example",
                                     "postalAddress": ADDRESS}).execute()
    assert c["kind"] == "reseller#customer" and c["customerDomain"] == dom and c["customerId"], c
    assert c["postalAddress"]["countryCode"] == "US" and c["postalAddress"]["contactName"] == "Py Contact", c
    msg = expect_error(res.customers().insert(body={"customerDomain": dom, "alternateEmail": "x@other.example",
                                                    "postalAddress": ADDRESS}), 409)
    assert msg == "Domain in request is in use by an existing customer.", msg
    expect_error(res.customers().insert(body={"customerDomain": "acme-corp.example",
                                              "alternateEmail": "x@other.example", "postalAddress": ADDRESS}), 409)
    expect_error(res.customers().insert(body={"customerDomain": "py-noaddress.example",
                                              "alternateEmail": "x@other.example"}), 400)
    p = res.customers().patch(customerId=c["customerId"], body={"alternateEmail": "ops@py-newco-mail.example"}).execute()
    assert p["alternateEmail"] == "ops@py-newco-mail.example" and p["postalAddress"]["postalCode"] == "94043", p
    u = res.customers().update(customerId=dom, body={"alternateEmail": "it@py-newco-mail.example",
                                                     "postalAddress": dict(ADDRESS, locality="Palo Alto")}).execute()
    assert u["postalAddress"]["locality"] == "Palo Alto", u
    assert res.customers().get(customerId=dom).execute()["alternateEmail"] == "it@py-newco-mail.example"


def test_reseller_subscription_writes():
    dom = "py-subs.example"
    c = res.customers().insert(body={"customerDomain": dom, "alternateEmail": "it@py-subs-mail.example",
                                     "postalAddress": ADDRESS}).execute()
    cid = c["customerId"]
    s = res.subscriptions().insert(customerId=cid, body={
        "skuId": "1010020027", "plan": {"planName": "FLEXIBLE"}, "seats": {"maximumNumberOfSeats": 5}}).execute()
    assert s["kind"] == "reseller#subscription" and s["status"] == "ACTIVE", s
    assert s["plan"]["planName"] == "FLEXIBLE" and s["seats"]["maximumNumberOfSeats"] == 5, s
    sid = s["subscriptionId"]
    expect_error(res.subscriptions().insert(customerId=cid, body={
        "skuId": "1010020027", "plan": {"planName": "FLEXIBLE"}, "seats": {"maximumNumberOfSeats": 5}}), 409)
    assert res.subscriptions().get(customerId=cid, subscriptionId=sid).execute()["skuId"] == "1010020027"
    s = res.subscriptions().changeSeats(customerId=cid, subscriptionId=sid, body={"maximumNumberOfSeats": 8}).execute()
    assert s["seats"]["maximumNumberOfSeats"] == 8, s
    # The flexible plan takes maximumNumberOfSeats only.
    expect_error(res.subscriptions().changeSeats(customerId=cid, subscriptionId=sid, body={"numberOfSeats": 8}), 400)
    s = res.subscriptions().changePlan(customerId=cid, subscriptionId=sid, body={
        "planName": "ANNUAL_MONTHLY_PAY", "seats": {"numberOfSeats": 8}}).execute()
    assert s["plan"]["planName"] == "ANNUAL" and s["seats"]["numberOfSeats"] == 8, s
    # An annual plan's seats cannot go down before renewal.
    expect_error(res.subscriptions().changeSeats(customerId=cid, subscriptionId=sid, body={"numberOfSeats": 4}), 400)
    s = res.subscriptions().changeRenewalSettings(customerId=cid, subscriptionId=sid, body={
        "renewalType": "AUTO_RENEW_MONTHLY_PAY"}).execute()
    assert s["renewalSettings"]["renewalType"] == "AUTO_RENEW_MONTHLY_PAY", s
    s = res.subscriptions().suspend(customerId=cid, subscriptionId=sid).execute()
    assert s["status"] == "SUSPENDED", s
    expect_error(res.subscriptions().changeSeats(customerId=cid, subscriptionId=sid, body={"numberOfSeats": 9}), 400)
    s = res.subscriptions().activate(customerId=cid, subscriptionId=sid).execute()
    assert s["status"] == "ACTIVE", s

    t = res.subscriptions().insert(customerId=cid, body={
        "skuId": "1010020028", "plan": {"planName": "TRIAL"}, "seats": {"maximumNumberOfSeats": 5}}).execute()
    assert t["plan"]["planName"] == "TRIAL" and t["trialSettings"]["isInTrial"] is True, t
    t = res.subscriptions().changePlan(customerId=cid, subscriptionId=t["subscriptionId"], body={
        "planName": "FLEXIBLE", "seats": {"maximumNumberOfSeats": 5}}).execute()
    t = res.subscriptions().startPaidService(customerId=cid, subscriptionId=t["subscriptionId"]).execute()
    assert t["plan"]["planName"] == "FLEXIBLE" and t.get("trialSettings", {}).get("isInTrial") is not True, t

    # A customer with no admin user: Google answers 412 to a delete.
    expect_error(res.subscriptions().delete(customerId=cid, subscriptionId=sid, deletionType="cancel"), 412)
    listed = res.subscriptions().list(customerId=cid).execute()["subscriptions"]
    assert sorted(x["skuId"] for x in listed) == ["1010020027", "1010020028"], listed


def test_reseller_writes_refused():
    # Dunmore Legal turned reseller access off (rule D5): 403, as for a
    # customer of another reseller.
    dunmore = res.subscriptions().list(customerId="C03c00004").execute()
    subs = dunmore.get("subscriptions", [])
    sid = subs[0]["subscriptionId"] if subs else "0"
    expect_error(res.subscriptions().changeSeats(customerId="C03c00004", subscriptionId=sid,
                                                 body={"maximumNumberOfSeats": 30}), 403)
    expect_error(res.customers().patch(customerId="C03c00017", body={"alternateEmail": "x@y.example"}), 403)
    expect_error(res.subscriptions().get(customerId=ACME, subscriptionId="999"), 404)


# Cloud Support.


def classification(name):
    found = sup.caseClassifications().search(query='display_name="%s"' % name).execute()
    cls = found["caseClassifications"]
    assert len(cls) == 1, found
    return cls[0]


def new_case(title):
    cls = classification("Technical Issue > Gmail")
    return sup.cases().create(parent="projects/" + ACME, body={
        "displayName": title, "description": "made by the Python conformance test",
        "classification": {"id": cls["id"]}, "priority": "P3", "timeZone": "Europe/Rome",
        "languageCode": "en"}).execute()


def test_cases_create_list_get():
    c = new_case("Py: mail is late")
    assert c["name"].startswith("projects/%s/cases/" % ACME), c
    assert c["state"] == "NEW" and c["priority"] == "P3", c
    assert c["creator"]["email"] == ALDER_ADMIN, c
    listed, _ = list_all(sup.cases(), "list", "cases", parent="projects/" + ACME, pageSize=1)
    assert c["name"] in [x["name"] for x in listed], listed
    assert sup.cases().get(name=c["name"]).execute()["displayName"] == "Py: mail is late"
    expect_error(sup.cases().get(name="projects/%s/cases/999999999" % ACME), 404)


def test_case_comments_and_attachments():
    c = new_case("Py: comments and attachments")
    cm = sup.cases().comments().create(parent=c["name"], body={"body": "first comment"}).execute()
    assert cm["name"].startswith(c["name"] + "/comments/") and cm["body"] == "first comment", cm
    comments = sup.cases().comments().list(parent=c["name"]).execute()["comments"]
    assert [x["body"] for x in comments] == ["first comment"], comments

    data = b"log line 1\nlog line 2\n"
    media = MediaIoBaseUpload(io.BytesIO(data), mimetype="text/plain")
    at = sup.media().upload(parent=c["name"], body={"attachment": {"filename": "log.txt"}},
                            media_body=media).execute()
    assert at["filename"] == "log.txt" and int(at["sizeBytes"]) == len(data), at
    ats = sup.cases().attachments().list(parent=c["name"]).execute()["attachments"]
    assert [a["filename"] for a in ats] == ["log.txt"], ats

    got = sup.cases().comments().get(name=cm["name"]).execute()
    assert got == cm, (got, cm)
    expect_error(sup.cases().comments().get(name=c["name"] + "/comments/999999"), 404)
    got = sup.cases().attachments().get(name=at["name"]).execute()
    assert got["name"] == at["name"] and got["filename"] == "log.txt" and got["mimeType"] == "text/plain", got
    expect_error(sup.cases().attachments().get(name=c["name"] + "/attachments/999999"), 404)

    # media.download with Google's downloader (alt=media, in chunks).
    buf = io.BytesIO()
    down = MediaIoBaseDownload(buf, sup.media().download_media(name=at["name"]), chunksize=8)
    done = False
    while not done:
        _, done = down.next_chunk()
    assert buf.getvalue() == data, buf.getvalue()
    # Without alt=media, the Media resource of the discovery document.
    meta = sup.media().download(name=at["name"]).execute()
    assert meta.get("filename") == "log.txt", meta


def test_case_close():
    c = new_case("Py: to close")
    closed = sup.cases().close(name=c["name"], body={}).execute()
    assert closed["state"] == "CLOSED", closed
    expect_error(sup.cases().close(name=c["name"], body={}), 412)


# Google's wire: default-false booleans, partial responses, batch.


def test_default_false_booleans():
    # Google sends these members even when false (recorded users.get
    # answers in public projects), and a user's emails[].
    gus = dir_.users().get(userKey="gus@" + ALDER_DOMAIN).execute()
    for k in ("isAdmin", "isDelegatedAdmin", "suspended", "archived", "changePasswordAtNextLogin",
              "ipWhitelisted", "isEnrolledIn2Sv", "isEnforcedIn2Sv"):
        assert gus.get(k) is False, "%s = %r, want false: %r" % (k, gus.get(k), gus)
    assert {"address": gus["primaryEmail"], "primary": True} in gus["emails"], gus
    ben = dir_.users().get(userKey="ben@" + ALDER_DOMAIN).execute()
    assert ben["isDelegatedAdmin"] is True and ben["isAdmin"] is False, ben

    doms = dir_.domains().list(customer="my_customer").execute()["domains"]
    flags = {d["domainName"]: (d["isPrimary"], d["verified"]) for d in doms}
    assert flags["alder-reseller.example"] == (True, True), flags
    assert flags["alder-labs.example"] == (False, False), flags

    roles = dir_.roles().list(customer="my_customer").execute()["items"]
    portal = next(r for r in roles if r["roleName"] == "Support portal access")
    assert portal["isSuperAdminRole"] is False and portal["isSystemRole"] is False, portal

    # Cloud Support is a proto3 API: its JSON omits a false "escalated".
    case = new_case("Py: not escalated")
    assert case.get("escalated") in (None, False), case
    escalated = sup.cases().escalate(name=case["name"], body={"escalation": {
        "reason": "BUSINESS_IMPACT", "justification": "the whole office is down"}}).execute()
    assert escalated["escalated"] is True, escalated


def test_partial_responses():
    u = dir_.users().get(userKey=ALDER_ADMIN, fields="primaryEmail,name/givenName").execute()
    assert u == {"primaryEmail": ALDER_ADMIN, "name": {"givenName": "Alder"}}, u
    page = dir_.users().list(customer="my_customer", maxResults=2, fields="users(primaryEmail,isAdmin),nextPageToken").execute()
    assert set(page) == {"users", "nextPageToken"}, page
    assert all(set(x) == {"primaryEmail", "isAdmin"} for x in page["users"]), page
    # The next page keeps the selection.
    page2 = dir_.users().list_next(dir_.users().list(customer="my_customer", maxResults=2,
                                                      fields="users(primaryEmail),nextPageToken"), page).execute()
    assert all(set(x) == {"primaryEmail"} for x in page2["users"]), page2
    subs = res.subscriptions().list(customerId=ACME, fields="subscriptions(skuId,seats/numberOfSeats)").execute()
    assert subs == {"subscriptions": [{"skuId": "1010020027", "seats": {"numberOfSeats": 10}}]}, subs
    lics = lic.licenseAssignments().listForProductAndSku(productId="101001", skuId="1010010001",
                                                        customerId=ALDER_DOMAIN, fields="items/userId").execute()
    assert lics["items"] and all(set(x) == {"userId"} for x in lics["items"]), lics
    case = new_case("Py: fields")
    got = sup.cases().get(name=case["name"], fields="name,state").execute()
    assert got == {"name": case["name"], "state": "NEW"}, got
    # A write answers the selection too.
    ou = dir_.orgunits().insert(customerId="my_customer", fields="orgUnitPath",
                                body={"name": "PyFields", "parentOrgUnitPath": "/"}).execute()
    assert ou == {"orgUnitPath": "/PyFields"}, ou
    msg = expect_error(dir_.users().get(userKey=ALDER_ADMIN, fields="primaryEmail,("), 400)
    assert "Invalid field selection" in msg, msg


def batch_of(service, calls):
    """Runs calls ({id: HttpRequest}) in one batch of service; returns
    {id: (response, HttpError or None)}."""
    out = {}

    def cb(request_id, response, exception):
        out[request_id] = (response, exception)

    batch = service.new_batch_http_request(callback=cb)
    for rid, call in calls.items():
        batch.add(call, request_id=rid)
    batch.execute()
    assert set(out) == set(calls), out
    return out


def test_batch_directory():
    out = batch_of(dir_, {
        "admin": dir_.users().get(userKey=ALDER_ADMIN, fields="primaryEmail"),
        "nobody": dir_.users().get(userKey="nobody@" + ALDER_DOMAIN),
        "staff": dir_.orgunits().get(customerId="my_customer", orgUnitPath="Staff"),
        "insert": dir_.users().insert(body={"primaryEmail": "py-batch@" + ALDER_DOMAIN,
                                            "name": {"givenName": "Bat", "familyName": "Ch"},
                                            "password": "long enough password"}),
        "bad": dir_.users().insert(body={"primaryEmail": "py-batch2@" + ALDER_DOMAIN}),
    })
    assert out["admin"] == ({"primaryEmail": ALDER_ADMIN}, None), out["admin"]
    assert out["nobody"][0] is None and error_of(out["nobody"][1])[:2] == (404, "notFound"), out["nobody"]
    assert out["staff"][0]["orgUnitPath"] == "/Staff", out["staff"]
    assert out["insert"][0]["primaryEmail"] == "py-batch@" + ALDER_DOMAIN, out["insert"]
    assert error_of(out["bad"][1])[0] == 400, out["bad"]
    # The batch's write is there.
    assert dir_.users().get(userKey="py-batch@" + ALDER_DOMAIN).execute()["name"]["givenName"] == "Bat"


def test_batch_other_apis():
    out = batch_of(lic, {
        "1": lic.licenseAssignments().get(productId="101001", skuId="1010010001", userId="ana@" + ALDER_DOMAIN),
        "2": lic.licenseAssignments().get(productId="101001", skuId="1010010001", userId=ALDER_ADMIN),
    })
    assert out["1"][0]["userId"] == "ana@" + ALDER_DOMAIN and error_of(out["2"][1])[0] == 404, out
    out = batch_of(res, {
        "acme": res.customers().get(customerId=ACME),
        "subs": res.subscriptions().list(customerId=ACME, fields="subscriptions/skuId"),
    })
    assert out["acme"][0]["customerDomain"] == "acme-corp.example", out
    assert out["subs"][0] == {"subscriptions": [{"skuId": "1010020027"}]}, out
    case = new_case("Py: batch")
    out = batch_of(sup, {
        "case": sup.cases().get(name=case["name"]),
        "comment": sup.cases().comments().create(parent=case["name"], body={"body": "from a batch"}),
    })
    assert out["case"][0]["name"] == case["name"] and out["comment"][0]["body"] == "from a batch", out


if __name__ == "__main__":
    run([v for k, v in list(globals().items()) if k.startswith("test_") and callable(v)])
