package access_test

import (
	"testing"
	"time"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/roles"
)

var benchFacts = access.Facts{
	Email: "ana@reseller-eu.example",
	State: access.StateActive,
	Effective: roles.Effective{
		UserID: "1001",
		Grants: []roles.Grant{
			{Key: roles.ViewCustomers, RoleID: "7", RoleName: "Portal", AssignmentID: "70"},
			{Key: roles.AccessCustomerSupportCases, RoleID: "7", RoleName: "Portal", AssignmentID: "70"},
			{Key: roles.Support, RoleID: "7", RoleName: "Portal", AssignmentID: "70", ExpireTime: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
			{Key: "UsersRead", RoleID: "8"},
		},
		ResellerAdmin: &roles.Grant{RoleID: "3", RoleName: "_RESELLER_ADMIN_ROLE", AssignmentID: "30"},
	},
	ReadAt: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC),
}

var sink access.Decision

// BenchmarkDecide is the performance goal of a single decision from prepared
// facts: under 1 µs with no allocation.
func BenchmarkDecide(b *testing.B) {
	p := access.Prepare(benchFacts)
	b.ReportAllocs()
	for b.Loop() {
		sink = p.Decide(access.CloudSupportPortal)
	}
	if !sink.Allowed {
		b.Fatal("want allowed")
	}
}

// BenchmarkPrepareAndDecide measures preparing facts as well.
func BenchmarkPrepareAndDecide(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sink = access.Decide(benchFacts, access.CloudSupportPortal)
	}
}
