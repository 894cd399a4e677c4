// Package faketest starts a [fake.Server] for a test or a benchmark and
// closes it when the test ends. It is a package of its own so that package
// fake, which programs embed, does not link the testing package.
package faketest

import (
	"slices"
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/fake"
)

// NewServer starts a [fake.Server] over w with opts and closes it when tb
// ends. It fails tb at once on error.
func NewServer(tb testing.TB, w *fake.World, opts ...fake.Option) *fake.Server {
	tb.Helper()
	s, err := fake.NewServer(w, opts...)
	if err != nil {
		tb.Fatalf("faketest.NewServer: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Normalize returns s without what differs between equal worlds built in
// another order (IDs, the order of users, roles, assignments and
// licenses), so that a world built under faults, retries and concurrency
// can be compared with one built cleanly: the test that nothing was lost
// or done twice.
func Normalize(s fake.Snapshot) fake.Snapshot {
	for i := range s.Tenants {
		t := &s.Tenants[i]
		for j := range t.OrgUnits {
			t.OrgUnits[j].ID = ""
		}
		for j := range t.Users {
			t.Users[j].ID = ""
		}
		slices.SortFunc(t.Users, func(a, b fake.UserSnapshot) int { return strings.Compare(a.Email, b.Email) })
		for j := range t.Groups {
			t.Groups[j].ID = ""
		}
		for j := range t.Roles {
			t.Roles[j].ID = 0
		}
		slices.SortFunc(t.Roles, func(a, b fake.RoleSnapshot) int { return strings.Compare(a.Name, b.Name) })
		for j := range t.Assignments {
			t.Assignments[j].ID = 0
		}
		slices.SortFunc(t.Assignments, func(a, b fake.AssignmentSnapshot) int {
			return strings.Compare(a.Role+"\x00"+a.Assignee+"\x00"+a.OrgUnit, b.Role+"\x00"+b.Assignee+"\x00"+b.OrgUnit)
		})
		slices.SortFunc(t.Licenses, func(a, b fake.LicenseSnapshot) int {
			return strings.Compare(a.User+"\x00"+a.ProductID+"\x00"+a.SKUID, b.User+"\x00"+b.ProductID+"\x00"+b.SKUID)
		})
	}
	return s
}
