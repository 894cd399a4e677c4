package fake_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit/fake"
)

func ouPaths(ous *admin.OrgUnits) []string {
	var out []string
	for _, o := range ous.OrganizationUnits {
		out = append(out, o.OrgUnitPath)
	}
	return out
}

func TestOrgUnits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)
	ctx := t.Context()

	// S3: create the staff org unit tree.
	sup, err := svc.Orgunits.Insert("my_customer", &admin.OrgUnit{Name: "Support", ParentOrgUnitPath: fake.DemoStaffOrgUnit, Description: "portal staff"}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if sup.OrgUnitPath != "/Staff/Support" || sup.ParentOrgUnitPath != "/Staff" || sup.OrgUnitId == "" {
		t.Errorf("inserted org unit = %+v", sup)
	}
	staffID, err := e.w.OrgUnitID(fake.DemoAlderCustomerID, fake.DemoStaffOrgUnit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Orgunits.Insert(fake.DemoAlderCustomerID, &admin.OrgUnit{Name: "EU", ParentOrgUnitId: staffID}).Do(); err != nil {
		t.Fatal(err)
	}

	lists := []struct {
		parent, typ string
		want        []string
	}{
		{"", "", []string{"/Staff"}},
		{"", "children", []string{"/Staff"}},
		{"", "all", []string{"/Staff", "/Staff/EU", "/Staff/Support"}},
		{"/Staff", "children", []string{"/Staff/EU", "/Staff/Support"}},
		{"/Staff", "allIncludingParent", []string{"/Staff", "/Staff/EU", "/Staff/Support"}},
		{"", "allIncludingParent", []string{"/", "/Staff", "/Staff/EU", "/Staff/Support"}},
	}
	for _, l := range lists {
		call := svc.Orgunits.List("my_customer").Type(l.typ)
		if l.parent != "" {
			call = call.OrgUnitPath(l.parent)
		}
		got, err := call.Do()
		if err != nil {
			t.Fatalf("list %s %s: %v", l.parent, l.typ, err)
		}
		if diff := cmp.Diff(l.want, ouPaths(got)); diff != "" {
			t.Errorf("list %q %q mismatch (-want +got):\n%s", l.parent, l.typ, diff)
		}
	}

	for _, key := range []string{"Staff/Support", "/Staff/Support", sup.OrgUnitId} {
		got, err := svc.Orgunits.Get("my_customer", key).Do()
		if err != nil {
			t.Fatalf("get %s: %v", key, err)
		}
		if got.OrgUnitPath != "/Staff/Support" || got.Description != "portal staff" {
			t.Errorf("get %s = %+v", key, got)
		}
		_, err = svc.Orgunits.Get("my_customer", key).IfNoneMatch(got.Etag).Do()
		if !googleapi.IsNotModified(err) {
			t.Errorf("get %s with If-None-Match = %v, want 304", key, err)
		}
	}

	t.Run("patch renames and moves", func(t *testing.T) {
		got, err := svc.Orgunits.Patch("my_customer", "Staff/EU", &admin.OrgUnit{Name: "Europe", ParentOrgUnitPath: "/"}).Do()
		if err != nil {
			t.Fatal(err)
		}
		if got.OrgUnitPath != "/Europe" {
			t.Errorf("after patch path = %s, want /Europe", got.OrgUnitPath)
		}
		got, err = svc.Orgunits.Update("my_customer", "Europe", &admin.OrgUnit{Description: "EU staff"}).Do()
		if err != nil || got.Description != "EU staff" || got.OrgUnitPath != "/Europe" {
			t.Errorf("update = %+v, %v", got, err)
		}
		_, err = svc.Orgunits.Patch("my_customer", "Staff", &admin.OrgUnit{ParentOrgUnitPath: "/Staff/Support"}).Do()
		wantErr(t, err, 412, "conditionNotMet")
	})

	errs := []struct {
		name   string
		call   func() error
		status int
		reason string
	}{
		{"insert existing", func() error {
			_, err := svc.Orgunits.Insert("my_customer", &admin.OrgUnit{Name: "Staff", ParentOrgUnitPath: "/"}).Do()
			return err
		}, 400, "invalidOrgunit"},
		{"insert under a missing parent", func() error {
			_, err := svc.Orgunits.Insert("my_customer", &admin.OrgUnit{Name: "X", ParentOrgUnitPath: "/Nope"}).Do()
			return err
		}, 400, "invalidParentOrgunit"},
		{"insert without a parent", func() error {
			_, err := svc.Orgunits.Insert("my_customer", &admin.OrgUnit{Name: "X"}).Do()
			return err
		}, 400, "required"},
		{"insert without a name", func() error {
			_, err := svc.Orgunits.Insert("my_customer", &admin.OrgUnit{ParentOrgUnitPath: "/"}).Do()
			return err
		}, 400, "required"},
		{"get missing", func() error { _, err := svc.Orgunits.Get("my_customer", "Nope").Do(); return err }, 404, "notFound"},
		{"delete with users", func() error { return svc.Orgunits.Delete("my_customer", "Staff").Do() }, 412, "conditionNotMet"},
		{"delete root", func() error { return svc.Orgunits.Delete("my_customer", "/").Do() }, 400, "invalid"},
		{"other tenant", func() error { _, err := svc.Orgunits.List(fake.DemoBirchCustomerID).Do(); return err }, 403, "forbidden"},
		{"without privilege", func() error { _, err := e.dir(ana).Orgunits.List("my_customer").Do(); return err }, 403, "forbidden"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, tc.call(), tc.status, tc.reason) })
	}

	t.Run("delete", func(t *testing.T) {
		if err := svc.Orgunits.Delete("my_customer", "Staff/Support").Do(); err != nil {
			t.Fatal(err)
		}
		_, err := svc.Orgunits.Get("my_customer", "Staff/Support").Do()
		wantErr(t, err, 404, "notFound")
	})
}

func TestDomainsAndAliases(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)

	ds, err := svc.Domains.List("my_customer").Context(t.Context()).Do()
	if err != nil {
		t.Fatal(err)
	}
	type dom struct {
		Name              string
		Primary, Verified bool
	}
	var got []dom
	for _, d := range ds.Domains {
		got = append(got, dom{d.DomainName, d.IsPrimary, d.Verified})
	}
	want := []dom{{fake.DemoAlderDomain, true, true}, {fake.DemoAlderEUDomain, false, true}, {fake.DemoAlderLabsDomain, false, false}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("domains.list mismatch (-want +got):\n%s", diff)
	}

	d, err := svc.Domains.Insert("my_customer", &admin.Domains{DomainName: "Alder-New.example."}).Do()
	if err != nil {
		t.Fatal(err)
	}
	if d.DomainName != "alder-new.example" || d.Verified || d.IsPrimary || d.CreationTime == 0 {
		t.Errorf("inserted domain = %+v, want alder-new.example unverified secondary", d)
	}
	g, err := svc.Domains.Get("my_customer", "alder-new.example").Do()
	if err != nil || g.DomainName != "alder-new.example" {
		t.Fatalf("domains.get = %v, %v", g, err)
	}
	if _, err := svc.Domains.Get("my_customer", "alder-new.example").IfNoneMatch(g.Etag).Do(); !googleapi.IsNotModified(err) {
		t.Errorf("domains.get with If-None-Match = %v, want 304", err)
	}

	a, err := svc.DomainAliases.Insert("my_customer", &admin.DomainAlias{DomainAliasName: "alder-alias.example", ParentDomainName: fake.DemoAlderDomain}).Do()
	if err != nil {
		t.Fatal(err)
	}
	if a.ParentDomainName != fake.DemoAlderDomain || a.Verified {
		t.Errorf("inserted alias = %+v", a)
	}
	as, err := svc.DomainAliases.List("my_customer").ParentDomainName(fake.DemoAlderDomain).Do()
	if err != nil || len(as.DomainAliases) != 1 {
		t.Fatalf("domainAliases.list = %v, %v", as, err)
	}
	if all, _ := svc.DomainAliases.List("my_customer").Do(); len(all.DomainAliases) != 1 {
		t.Errorf("domainAliases.list without parent = %d aliases", len(all.DomainAliases))
	}
	if none, _ := svc.DomainAliases.List("my_customer").ParentDomainName(fake.DemoAlderEUDomain).Do(); len(none.DomainAliases) != 0 {
		t.Errorf("domainAliases.list of the EU domain = %d aliases", len(none.DomainAliases))
	}
	if p, _ := svc.Domains.Get("my_customer", fake.DemoAlderDomain).Do(); len(p.DomainAliases) != 1 {
		t.Errorf("the primary domain lists %d aliases, want 1", len(p.DomainAliases))
	}
	if got, err := svc.DomainAliases.Get("my_customer", "alder-alias.example").Do(); err != nil || got.DomainAliasName != "alder-alias.example" {
		t.Errorf("domainAliases.get = %v, %v", got, err)
	}

	errs := []struct {
		name   string
		call   func() error
		status int
		reason string
	}{
		{"insert a domain of another account", func() error {
			_, err := svc.Domains.Insert("my_customer", &admin.Domains{DomainName: fake.DemoBirchDomain}).Do()
			return err
		}, 409, "duplicate"},
		{"insert an invalid name", func() error {
			_, err := svc.Domains.Insert("my_customer", &admin.Domains{DomainName: "not a domain"}).Do()
			return err
		}, 400, "invalid"},
		{"insert without a name", func() error {
			_, err := svc.Domains.Insert("my_customer", &admin.Domains{}).Do()
			return err
		}, 400, "required"},
		{"get unknown", func() error { _, err := svc.Domains.Get("my_customer", "nope.example").Do(); return err }, 404, "notFound"},
		{"delete primary", func() error { return svc.Domains.Delete("my_customer", fake.DemoAlderDomain).Do() }, 400, "invalid"},
		{"delete a domain with users", func() error { return svc.Domains.Delete("my_customer", fake.DemoAlderEUDomain).Do() }, 412, "conditionNotMet"},
		{"alias of a foreign parent", func() error {
			_, err := svc.DomainAliases.Insert("my_customer", &admin.DomainAlias{DomainAliasName: "x-alias.example", ParentDomainName: fake.DemoBirchDomain}).Do()
			return err
		}, 400, "invalid"},
		{"alias without parent", func() error {
			_, err := svc.DomainAliases.Insert("my_customer", &admin.DomainAlias{DomainAliasName: "x-alias.example"}).Do()
			return err
		}, 400, "required"},
		{"alias get unknown", func() error { _, err := svc.DomainAliases.Get("my_customer", "nope.example").Do(); return err }, 404, "notFound"},
		{"other tenant", func() error { _, err := svc.Domains.List(fake.DemoBirchCustomerID).Do(); return err }, 403, "forbidden"},
		{"without DOMAIN_MANAGEMENT", func() error { _, err := e.dir(ana).Domains.List("my_customer").Do(); return err }, 403, "forbidden"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, tc.call(), tc.status, tc.reason) })
	}

	t.Run("delete", func(t *testing.T) {
		if err := svc.DomainAliases.Delete("my_customer", "alder-alias.example").Do(); err != nil {
			t.Fatal(err)
		}
		wantErr(t, svc.DomainAliases.Delete("my_customer", "alder-alias.example").Do(), 404, "notFound")
		if err := svc.Domains.Delete("my_customer", "alder-new.example").Do(); err != nil {
			t.Fatal(err)
		}
		_, err := svc.Domains.Get("my_customer", "alder-new.example").Do()
		wantErr(t, err, 404, "notFound")
	})
}
