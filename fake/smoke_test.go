package fake_test

import (
	"testing"

	"github.com/resellerkit/resellerkit/fake"
	admin "google.golang.org/api/admin/directory/v1"
	licensing "google.golang.org/api/licensing/v1"
	reseller "google.golang.org/api/reseller/v1"
)

func TestSmoke(t *testing.T) {
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	s := fake.NewTestServer(t, w)
	tok, _ := s.TokenFor("admin@alder-reseller.example")
	svc, _ := admin.NewService(t.Context(), s.ClientOptions(tok)...)
	ls, _ := licensing.NewService(t.Context(), s.ClientOptions(tok)...)
	rs, _ := reseller.NewService(t.Context(), s.ClientOptions(tok)...)
	l, err := ls.LicenseAssignments.ListForProductAndSku("101001", "1010010001", "my_customer").Do()
	t.Log(l, err)
	l, err = ls.LicenseAssignments.ListForProductAndSku("101001", "1010010001", fake.DemoAlderCustomerID).MaxResults(2).Do()
	t.Log(len(l.Items), l.NextPageToken, err)
	la, err := ls.LicenseAssignments.Insert("101001", "1010010001", &licensing.LicenseAssignmentInsert{UserId: "admin@alder-reseller.example"}).Do()
	t.Log(la, err)
	la, err = ls.LicenseAssignments.Insert("101001", "1010010001", &licensing.LicenseAssignmentInsert{UserId: "admin@alder-reseller.example"}).Do()
	t.Log(la, err)
	subs, err := rs.Subscriptions.List().Do()
	t.Log(len(subs.Subscriptions), subs.NextPageToken, err)
	c, err := rs.Customers.Get("dunmore-legal.example").Do()
	t.Log(c, err)
	c, err = rs.Customers.Get("acme-corp.example").Do()
	t.Log(c.CustomerId, err)
	ra, err := svc.RoleAssignments.List("my_customer").Do()
	t.Log(len(ra.Items), err)
	rr, err := svc.Roles.List("my_customer").Do()
	for _, r := range rr.Items {
		t.Log(r.RoleId, r.RoleName, len(r.RolePrivileges))
	}
	rm := s.Fail(fake.Fault{Method: "directory.users.get", Status: 503, Count: 1})
	defer rm()
	_, err = svc.Users.Get("ana@alder-reseller.example").Do()
	t.Log(err)
	_, err = svc.Users.Get("ana@alder-reseller.example").Do()
	t.Log(err)
	t.Log(s.Requests())
}
