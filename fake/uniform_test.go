package fake_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	admin "google.golang.org/api/admin/directory/v1"
	cloudsupport "google.golang.org/api/cloudsupport/v2"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit/fake"
)

// unknownCustomer is a customer ID of no tenant of the demo World.
const unknownCustomer = "C0n0where1"

// probe is one method called with keys the caller may use (own), keys of
// tenants the caller may not act on (others: another reseller's customer,
// a customer that revoked reseller access, another account's user), and
// keys of nothing (unknown).
type probe struct {
	name            string
	call            func(key string) error
	own             []string
	others, unknown []string
}

// TestUniformAnswers: where Google does not tell "not yours" from "does
// not exist", neither does the fake: for each method, every key of
// another tenant and every unknown key get the same answer byte for byte
// (status, reason, message, body), so no answer reveals the customers,
// domains, accounts or cases of other tenants; the caller's own keys
// work. The Reseller API's customers.get is left out: Google answers 404
// there for a domain that is free to sign up, by design.
func TestUniformAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	dir := e.dir(alderAdmin)
	lic := e.lic(alderAdmin)
	sup := e.support(ana)

	anaID, err := e.w.UserID(ana)
	if err != nil {
		t.Fatal(err)
	}
	hanaID, err := e.w.UserID(hana)
	if err != nil {
		t.Fatal(err)
	}
	quartzDomain := tenantOf(t, e.w, quartzCustomer).Domains[0].Name
	if _, err := e.w.AddUser(fake.DemoAlderCustomerID, fake.UserSeed{Email: "gone@" + fake.DemoAlderDomain, GivenName: "G", FamilyName: "One"}); err != nil {
		t.Fatal(err)
	}
	mkCase := func(svc *cloudsupport.Service, customer string) string {
		c, err := svc.Cases.Create(fake.CaseParent(customer), &cloudsupport.Case{DisplayName: "Mail delayed", Description: "d",
			Priority: "P2", Classification: &cloudsupport.CaseClassification{Id: gmailClassification}}).Context(ctx).Do()
		if err != nil {
			t.Fatal(err)
		}
		return c.Name
	}
	acmeCase := mkCase(sup, acmeCustomer)
	quartzCase := mkCase(e.support(hana), quartzCustomer)
	number := func(name string) string { return name[strings.LastIndex(name, "/")+1:] }
	// A case named under the caller's own parent: its own, another
	// customer's (by number), and none.
	ownParent := fake.CaseParent(acmeCustomer) + "/cases/"
	casesUnderOwnParent := func(p probe) probe {
		p.own = []string{acmeCase}
		p.others = []string{ownParent + number(quartzCase)}
		p.unknown = []string{ownParent + "49999999", ownParent + "x"}
		return p
	}
	// A case named under a parent the caller may not use.
	casesUnderOthersParent := func(p probe) probe {
		p.own = []string{acmeCase}
		p.others = []string{quartzCase, fake.CaseParent(dunmoreCustomer) + "/cases/" + number(acmeCase), fake.CaseParent(fake.DemoBirchCustomerID) + "/cases/1"}
		p.unknown = []string{fake.CaseParent(unknownCustomer) + "/cases/" + number(acmeCase)}
		return p
	}
	customers := probe{
		own:     []string{fake.DemoAlderCustomerID, acmeCustomer},
		others:  []string{fake.DemoBirchCustomerID, quartzCustomer, dunmoreCustomer},
		unknown: []string{unknownCustomer, "C0"},
	}
	withCustomers := func(name string, call func(string) error) probe {
		p := customers
		p.name, p.call = name, call
		return p
	}
	caseProbes := func(suffix string, form func(probe) probe) []probe {
		return []probe{
			form(probe{name: "cloudsupport.cases.get" + suffix, call: func(k string) error {
				_, err := sup.Cases.Get(k).Context(ctx).Do()
				return err
			}}),
			form(probe{name: "cloudsupport.cases.patch" + suffix, call: func(k string) error {
				_, err := sup.Cases.Patch(k, &cloudsupport.Case{Priority: "P3"}).UpdateMask("priority").Context(ctx).Do()
				return err
			}}),
			form(probe{name: "cloudsupport.cases.escalate" + suffix, call: func(k string) error {
				_, err := sup.Cases.Escalate(k, &cloudsupport.EscalateCaseRequest{Escalation: &cloudsupport.Escalation{
					Reason: "BUSINESS_IMPACT", Justification: "Sales is blocked."}}).Context(ctx).Do()
				if k == acmeCase && code(err) == 412 {
					return nil // escalated by the first form's own probe
				}
				return err
			}}),
			form(probe{name: "cloudsupport.cases.comments.create" + suffix, call: func(k string) error {
				_, err := sup.Cases.Comments.Create(k, &cloudsupport.Comment{Body: "Any news?"}).Context(ctx).Do()
				return err
			}}),
			form(probe{name: "cloudsupport.cases.comments.list" + suffix, call: func(k string) error {
				_, err := sup.Cases.Comments.List(k).Context(ctx).Do()
				return err
			}}),
			form(probe{name: "cloudsupport.cases.attachments.list" + suffix, call: func(k string) error {
				_, err := sup.Cases.Attachments.List(k).Context(ctx).Do()
				return err
			}}),
			form(probe{name: "cloudsupport.media.upload" + suffix, call: func(k string) error {
				_, err := upload(t, sup, k, "log.txt", []byte("log"))
				return err
			}}),
		}
	}

	probes := []probe{
		withCustomers("directory.users.list customer", func(k string) error {
			_, err := dir.Users.List().Customer(k).Context(ctx).Do()
			return err
		}),
		withCustomers("directory.orgunits.list", func(k string) error {
			_, err := dir.Orgunits.List(k).Context(ctx).Do()
			return err
		}),
		withCustomers("directory.domains.list", func(k string) error {
			_, err := dir.Domains.List(k).Context(ctx).Do()
			return err
		}),
		withCustomers("directory.roles.list", func(k string) error {
			_, err := dir.Roles.List(k).Context(ctx).Do()
			return err
		}),
		withCustomers("directory.roleAssignments.list", func(k string) error {
			_, err := dir.RoleAssignments.List(k).Context(ctx).Do()
			return err
		}),
		withCustomers("directory.privileges.list", func(k string) error {
			_, err := dir.Privileges.List(k).Context(ctx).Do()
			return err
		}),
		{
			name: "directory.users.list domain",
			call: func(k string) error {
				_, err := dir.Users.List().Domain(k).Context(ctx).Do()
				return err
			},
			own:     []string{fake.DemoAlderDomain},
			others:  []string{fake.DemoBirchDomain, quartzDomain},
			unknown: []string{"nowhere.example"},
		},
		{
			name: "directory.users.get",
			call: func(k string) error {
				_, err := dir.Users.Get(k).Context(ctx).Do()
				return err
			},
			own:     []string{ana, anaID},
			others:  []string{hana, "nobody@" + fake.DemoBirchDomain, "admin@" + quartzDomain},
			unknown: []string{"nobody@nowhere.example"},
		},
		{
			name: "directory.users.get by ID",
			call: func(k string) error {
				_, err := dir.Users.Get(k).Context(ctx).Do()
				return err
			},
			own:     []string{anaID},
			others:  []string{hanaID},
			unknown: []string{"199999999999999999999"},
		},
		{
			name: "directory.users.patch",
			call: func(k string) error {
				_, err := dir.Users.Patch(k, &admin.User{}).Context(ctx).Do()
				return err
			},
			own:     []string{ana},
			others:  []string{hana, "nobody@" + fake.DemoBirchDomain},
			unknown: []string{"nobody@nowhere.example"},
		},
		{
			name: "directory.users.delete",
			call: func(k string) error { return dir.Users.Delete(k).Context(ctx).Do() },
			own:  []string{"gone@" + fake.DemoAlderDomain},
			// hana must survive: the answer is refused before anything.
			others:  []string{hana, "nobody@" + fake.DemoBirchDomain},
			unknown: []string{"nobody@nowhere.example"},
		},
		{
			name: "directory.users.insert",
			call: func(k string) error {
				_, err := dir.Users.Insert(&admin.User{PrimaryEmail: k, Password: "correct horse battery",
					Name: &admin.UserName{GivenName: "New", FamilyName: "Person"}}).Context(ctx).Do()
				return err
			},
			own:     []string{"new@" + fake.DemoAlderDomain},
			others:  []string{"new@" + fake.DemoBirchDomain, "new@" + quartzDomain},
			unknown: []string{"new@nowhere.example"},
		},
		{
			name: "licensing.licenseAssignments.get",
			call: func(k string) error {
				_, err := lic.LicenseAssignments.Get(ciFree, ciSKU, k).Context(ctx).Do()
				return err
			},
			own:     []string{ana},
			others:  []string{hana, "nobody@" + fake.DemoBirchDomain},
			unknown: []string{"nobody@nowhere.example"},
		},
		{
			name: "licensing.licenseAssignments.listForProduct",
			call: func(k string) error {
				_, err := lic.LicenseAssignments.ListForProduct(ciFree, k).Context(ctx).Do()
				return err
			},
			own:     []string{fake.DemoAlderCustomerID, fake.DemoAlderDomain},
			others:  []string{fake.DemoBirchCustomerID, quartzCustomer, fake.DemoBirchDomain},
			unknown: []string{unknownCustomer, "nowhere.example"},
		},
		{
			name: "cloudsupport.cases.list",
			call: func(k string) error {
				_, err := sup.Cases.List(k).Context(ctx).Do()
				return err
			},
			own:     []string{fake.CaseParent(acmeCustomer)},
			others:  []string{fake.CaseParent(quartzCustomer), fake.CaseParent(dunmoreCustomer), fake.CaseParent(fake.DemoBirchCustomerID)},
			unknown: []string{fake.CaseParent(unknownCustomer), "organizations/" + unknownCustomer},
		},
		{
			name: "cloudsupport.cases.search",
			call: func(k string) error {
				_, err := sup.Cases.Search(k).Query("state=OPEN").Context(ctx).Do()
				return err
			},
			own:     []string{fake.CaseParent(acmeCustomer)},
			others:  []string{fake.CaseParent(quartzCustomer), fake.CaseParent(dunmoreCustomer)},
			unknown: []string{fake.CaseParent(unknownCustomer)},
		},
		{
			name: "cloudsupport.cases.create",
			call: func(k string) error {
				_, err := sup.Cases.Create(k, &cloudsupport.Case{DisplayName: "Drive slow", Description: "d", Priority: "P3",
					Classification: &cloudsupport.CaseClassification{Id: gmailClassification}}).Context(ctx).Do()
				return err
			},
			own:     []string{fake.CaseParent(acmeCustomer)},
			others:  []string{fake.CaseParent(quartzCustomer), fake.CaseParent(dunmoreCustomer)},
			unknown: []string{fake.CaseParent(unknownCustomer)},
		},
	}
	probes = append(probes, caseProbes(" (under the caller's parent)", casesUnderOwnParent)...)
	probes = append(probes, caseProbes(" (under another's parent)", casesUnderOthersParent)...)
	// Closing last: it ends the own case the other probes use.
	for _, form := range []func(probe) probe{casesUnderOwnParent, casesUnderOthersParent} {
		p := form(probe{name: "cloudsupport.cases.close", call: func(k string) error {
			_, err := sup.Cases.Close(k, &cloudsupport.CloseCaseRequest{}).Context(ctx).Do()
			if k == acmeCase && code(err) == 412 {
				return nil // closed by the first form's own probe
			}
			return err
		}})
		probes = append(probes, p)
	}

	for _, p := range probes {
		for _, k := range p.own {
			if err := p.call(k); err != nil {
				t.Errorf("%s(%s), the caller's own: %v", p.name, k, err)
			}
		}
		var first *googleapi.Error
		for _, k := range append(append([]string(nil), p.others...), p.unknown...) {
			var ge *googleapi.Error
			if err := p.call(k); !errors.As(err, &ge) {
				t.Errorf("%s(%s) = %v, want an error", p.name, k, err)
				continue
			}
			if first == nil {
				first = ge
				continue
			}
			if ge.Code != first.Code || reasonOf(ge) != reasonOf(first) || ge.Message != first.Message || !bytes.Equal([]byte(ge.Body), []byte(first.Body)) {
				t.Errorf("%s: %s answers %d %s %q, but %s answers %d %s %q; want the same answer",
					p.name, k, ge.Code, reasonOf(ge), ge.Body, p.others[0], first.Code, reasonOf(first), first.Body)
			}
		}
	}
	if _, err := e.w.UserID(hana); err != nil {
		t.Errorf("a refused delete removed %s: %v", hana, err)
	}
}

func reasonOf(ge *googleapi.Error) string {
	if len(ge.Errors) == 0 {
		return ""
	}
	return ge.Errors[0].Reason
}
