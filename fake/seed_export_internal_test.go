package fake

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// exportCoverage says, for every field of the World's state types, how
// World.Seed carries it: "seed" (exported, and NewWorld builds it again),
// "derived" (rebuilt from exported fields), "setting" (not the World's
// data: kept by Reset, not exported), "cache", or "lost" (not in a Seed
// yet: a World rebuilt from its export, as from a state file, loses it).
// TestExportCoverage fails for a field that is not listed, so that a field
// added to the World is added to the Seed and to World.Seed
// (seed_export.go), or listed here with the reason it is not.
var exportCoverage = map[string]map[string]string{
	"World": {"mu": "setting", "now": "seed", "seq": "seed", "tenants": "derived", "tenantList": "seed", "domains": "derived",
		"aliases": "derived", "users": "derived", "groups": "derived", "emails": "derived", "tokens": "derived",
		"userTokens": "derived", "tokenKey": "seed", "tokenSecret": "seed", "toolsNames": "seed",
		"serviceAccounts": "seed", "authzGen": "cache", "pageCap": "setting", "origin": "setting", "lag": "setting",
		"fresh": "setting", "faults": "setting", "faultRand": "setting", "cases": "seed"},
	"counters": {"user": "seed", "group": "seed", "role": "seed", "assignment": "seed", "orgUnit": "seed",
		"customer": "seed", "subscription": "seed", "rev": "seed"},
	"tenant": {"id": "seed", "name": "seed", "reseller": "seed", "legacy": "seed", "created": "seed", "rev": "derived",
		"domains": "seed", "aliases": "seed", "ous": "seed", "ouByPath": "derived", "root": "seed", "tree": "derived",
		"roles": "seed", "assigns": "seed", "users": "seed", "groups": "seed", "skus": "seed", "skuList": "seed",
		"licenses": "seed", "cust": "seed", "language": "seed", "contact": "seed"},
	"tenantContact": {"alternateEmail": "seed", "phone": "seed", "postal": "seed"},
	"domain":        {"name": "seed", "t": "derived", "primary": "seed", "verified": "seed", "created": "seed", "rev": "derived"},
	"domainAlias":   {"name": "seed", "parent": "seed", "verified": "seed", "created": "seed", "rev": "derived"},
	"orgUnit": {"id": "seed", "t": "derived", "name": "seed", "description": "seed", "parent": "seed", "path": "seed",
		"rev": "derived"},
	"user": {"id": "seed", "t": "derived", "email": "seed", "aliases": "seed", "given": "seed", "family": "seed",
		"ou": "seed", "suspended": "seed", "archived": "seed", "deleted": "seed", "changePw": "seed", "password": "lost",
		"recovery": "seed", "created": "seed", "deletedAt": "seed", "rev": "derived", "grantGen": "cache", "grant": "cache"},
	"group": {"id": "seed", "t": "derived", "email": "seed", "aliases": "seed", "name": "seed", "description": "seed",
		"members": "seed", "rev": "derived"},
	"member": {"group": "seed", "id": "seed", "role": "seed", "delivery": "seed"},
	"role": {"id": "seed", "t": "derived", "name": "seed", "description": "seed", "privs": "seed", "system": "seed",
		"superAdmin": "seed", "rev": "derived"},
	"assignment": {"id": "seed", "t": "derived", "roleID": "seed", "assignee": "seed", "group": "seed", "scope": "seed",
		"ouID": "seed", "expire": "seed", "condition": "seed", "rev": "derived"},
	"sku": {"product": "seed", "sku": "seed", "productName": "seed", "skuName": "seed", "seats": "seed",
		"assigned": "derived", "fromSubs": "derived"},
	"license": {"product": "seed", "sku": "seed", "userID": "seed", "rev": "derived"},
	"customerInfo": {"resellerDomain": "seed", "reseller": "seed", "accessRevoked": "seed", "plan": "seed",
		"alternateEmail": "seed", "phone": "seed", "postal": "seed", "subs": "seed", "tenure": "seed", "rev": "derived"},
	"subscription": {"id": "seed", "sku": "seed", "skuName": "seed", "plan": "seed", "seats": "seed", "maxSeats": "seed",
		"status": "seed", "created": "seed", "renewal": "seed", "purchaseOrder": "seed", "dealCode": "seed",
		"trialEnd": "seed", "reasons": "seed"},
	"tenureEntry": {"reseller": "seed", "domain": "seed", "from": "seed", "to": "seed"},
	"caseBook": {"next": "seed", "byID": "seed", "custOrd": "derived", "byCust": "derived", "wordIDs": "derived",
		"postings": "derived", "seq": "derived", "lag": "setting", "items": "seed", "held": "derived",
		"reserved": "setting", "limit": "setting", "maxAttachment": "setting"},
	"caseRec": {"c": "seed", "creator": "seed", "filerName": "seed", "cust": "derived", "seq": "derived",
		"words": "derived", "comments": "seed", "attachments": "seed"},
	"caseAttachment": {"meta": "seed", "content": "seed"},
}

func TestExportCoverage(t *testing.T) {
	t.Parallel()
	types := map[string]reflect.Type{
		"World": reflect.TypeFor[World](), "counters": reflect.TypeFor[counters](), "tenant": reflect.TypeFor[tenant](),
		"domain": reflect.TypeFor[domain](), "domainAlias": reflect.TypeFor[domainAlias](), "orgUnit": reflect.TypeFor[orgUnit](),
		"user": reflect.TypeFor[user](), "group": reflect.TypeFor[group](), "member": reflect.TypeFor[member](),
		"role": reflect.TypeFor[role](), "assignment": reflect.TypeFor[assignment](), "sku": reflect.TypeFor[sku](),
		"license": reflect.TypeFor[license](), "customerInfo": reflect.TypeFor[customerInfo](),
		"subscription": reflect.TypeFor[subscription](), "tenureEntry": reflect.TypeFor[tenureEntry](),
		"caseBook": reflect.TypeFor[caseBook](), "caseRec": reflect.TypeFor[caseRec](), "caseAttachment": reflect.TypeFor[caseAttachment](),
		"tenantContact": reflect.TypeFor[tenantContact](),
	}
	var lost []string
	for name, typ := range types {
		listed := exportCoverage[name]
		seen := map[string]bool{}
		for i := range typ.NumField() {
			f := typ.Field(i).Name
			seen[f] = true
			how, ok := listed[f]
			switch {
			case !ok:
				t.Errorf("%s.%s is new: add it to the Seed and to World.Seed (seed_export.go), or list it in exportCoverage with why not", name, f)
			case how == "lost":
				lost = append(lost, name+"."+f)
			}
		}
		for f := range listed {
			if !seen[f] {
				t.Errorf("exportCoverage lists %s.%s, which is no longer a field", name, f)
			}
		}
	}
	slices.Sort(lost)
	t.Logf("not kept by World.Seed: %v", lost)
}

// TestExportServiceAccounts: a service-account key the World issued is
// accepted by a World rebuilt from its export (a state file's restart).
func TestExportServiceAccounts(t *testing.T) {
	t.Parallel()
	w, err := NewWorld(DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.NewServiceAccountJSON("http://127.0.0.1/token"); err != nil {
		t.Fatal(err)
	}
	w2, err := NewWorld(w.Seed())
	if err != nil {
		t.Fatal(err)
	}
	if len(w2.serviceAccounts) != 1 {
		t.Fatalf("rebuilt World has %d service accounts, want 1", len(w2.serviceAccounts))
	}
	for email, k := range w.serviceAccounts {
		if k2 := w2.serviceAccounts[email]; k2 == nil || !k.Equal(k2) {
			t.Errorf("the key of %s is not the same after the rebuild", email)
		}
	}
	bad := w.Seed()
	for email := range bad.ServiceAccounts {
		bad.ServiceAccounts[email] = "not a key"
	}
	if _, err := NewWorld(bad); err == nil || !strings.Contains(err.Error(), "serviceAccounts") {
		t.Errorf("NewWorld with a bad key = %v, want an error naming serviceAccounts", err)
	}
}
