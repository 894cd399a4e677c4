package fake

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// served are the discovery methods the fake implements: each must reach its
// own handler, and every other method of the pinned discovery documents
// must answer 501 naming itself.
var served = []string{
	// Directory: users and their aliases, groups and members (rule P4),
	// org units, domains, roles and privileges, customers.
	"directory.users.get", "directory.users.list", "directory.users.insert", "directory.users.patch",
	"directory.users.update", "directory.users.delete", "directory.users.makeAdmin", "directory.users.undelete",
	"directory.users.aliases.insert", "directory.users.aliases.list", "directory.users.aliases.delete",
	"directory.groups.insert", "directory.groups.get", "directory.groups.list", "directory.groups.patch",
	"directory.groups.update", "directory.groups.delete",
	"directory.members.insert", "directory.members.get", "directory.members.list", "directory.members.patch",
	"directory.members.update", "directory.members.delete", "directory.members.hasMember",
	"directory.orgunits.get", "directory.orgunits.list", "directory.orgunits.insert", "directory.orgunits.patch",
	"directory.orgunits.update", "directory.orgunits.delete",
	"directory.domains.get", "directory.domains.list", "directory.domains.insert", "directory.domains.delete",
	"directory.domainAliases.get", "directory.domainAliases.list", "directory.domainAliases.insert", "directory.domainAliases.delete",
	"directory.privileges.list",
	"directory.roles.get", "directory.roles.list", "directory.roles.insert", "directory.roles.patch",
	"directory.roles.update", "directory.roles.delete",
	"directory.roleAssignments.get", "directory.roleAssignments.list", "directory.roleAssignments.insert", "directory.roleAssignments.delete",
	"directory.customers.get", "directory.customers.patch", "directory.customers.update",
	// Licensing.
	"licensing.licenseAssignments.get", "licensing.licenseAssignments.insert", "licensing.licenseAssignments.patch",
	"licensing.licenseAssignments.update", "licensing.licenseAssignments.delete",
	"licensing.licenseAssignments.listForProduct", "licensing.licenseAssignments.listForProductAndSku",
	// Reseller: customers and subscriptions, reads and writes.
	"reseller.customers.get", "reseller.customers.insert", "reseller.customers.patch", "reseller.customers.update",
	"reseller.subscriptions.list", "reseller.subscriptions.get", "reseller.subscriptions.insert",
	"reseller.subscriptions.changeSeats", "reseller.subscriptions.changePlan", "reseller.subscriptions.changeRenewalSettings",
	"reseller.subscriptions.startPaidService", "reseller.subscriptions.suspend", "reseller.subscriptions.activate",
	"reseller.subscriptions.delete",
	// Cloud Support.
	"cloudsupport.caseClassifications.search",
	"cloudsupport.cases.create", "cloudsupport.cases.get", "cloudsupport.cases.list", "cloudsupport.cases.search",
	"cloudsupport.cases.patch", "cloudsupport.cases.close", "cloudsupport.cases.escalate",
	"cloudsupport.cases.comments.create", "cloudsupport.cases.comments.list", "cloudsupport.cases.comments.get",
	"cloudsupport.cases.attachments.list", "cloudsupport.cases.attachments.get",
	"cloudsupport.media.upload", "cloudsupport.media.download",
}

var placeholder = regexp.MustCompile(`\{[^}]+\}`)

// TestRouteAudit calls every method of the four pinned discovery documents
// through the fake, at its REST paths with its HTTP method: a served method
// reaches its own handler (the request log names it), any other path
// answers 501 naming its method; 0 wrong routes. The batch endpoints are
// served too.
func TestRouteAudit(t *testing.T) {
	t.Parallel()
	w, err := NewWorld(DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(w, WithoutListener())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tok, err := w.TokenFor("admin@" + DemoAlderDomain)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: s.Transport()}
	want := map[string]bool{}
	for _, id := range served {
		want[id] = true
	}
	implemented := map[string]bool{}
	for _, m := range restMethods {
		path := placeholder.ReplaceAllStringFunc(m.flatPath, func(p string) string {
			switch p {
			case "{v2Id}":
				return "projects"
			case "{v2Id1}":
				return "C03c00001"
			}
			return "x1"
		})
		var body *strings.Reader
		if m.httpMethod == http.MethodGet || m.httpMethod == http.MethodDelete {
			body = strings.NewReader("")
		} else {
			body = strings.NewReader("{}")
		}
		req, _ := http.NewRequestWithContext(t.Context(), m.httpMethod, s.URL()+path, body)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		s.ResetLog()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", m.id, err)
		}
		resp.Body.Close()
		got := s.Requests()
		switch {
		case resp.StatusCode == http.StatusNotImplemented:
			// A served method may have a second path the fake does not
			// serve (media.upload's metadata-only POST): it must still
			// answer 501 naming the method; the method is checked below
			// to be served on one of its paths.
			if un := s.Unhandled(); len(un) != 1 || un[0] != m.httpMethod+" /"+path {
				t.Errorf("%s: 501 not logged as unhandled: %v", m.id, un)
			}
			if id := methodIDOf(m.httpMethod, "/"+path); id != m.id {
				t.Errorf("%s: the 501 names %q", m.id, id)
			}
		case len(got) != 1 || got[0] != m.id:
			t.Errorf("%s (%s %s) reached the handler of %v: a wrong route", m.id, m.httpMethod, path, got)
		default:
			implemented[m.id] = true
			if !want[m.id] {
				t.Errorf("%s is served but not listed in served", m.id)
			}
		}
	}
	var missing []string
	for id := range want {
		if !implemented[id] {
			missing = append(missing, id)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("listed as served but never reached: %v", missing)
	}
	t.Logf("%d of %d discovery routes served", len(implemented), len(restMethods))

	for _, p := range []string{"batch", "batch/admin/directory_v1", "batch/licensing/v1", "batch/reseller/v1", "batch/cloudsupport/v2"} {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL()+p, strings.NewReader(""))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "multipart/mixed; boundary=b")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotImplemented || resp.StatusCode == http.StatusNotFound {
			t.Errorf("POST /%s answers %d; the batch endpoint is not served", p, resp.StatusCode)
		}
	}
}
