package fake_test

import (
	"fmt"
	"slices"
	"testing"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/fake"
)

// TestRandomFaultsOverTheWire: faults with a Probability, for soak tests,
// are reproducible with World.SetFaultSeed over the unmodified clients: two
// Worlds seeded alike answer the same sequence of calls with the same
// errors, and a write whose answer was lost at random (AfterApply) was
// applied all the same.
func TestRandomFaultsOverTheWire(t *testing.T) {
	t.Parallel()
	run := func() (pattern []int, created int) {
		e := newEnv(t)
		e.w.SetFaultSeed(42)
		e.s.Fail(fake.Fault{Method: "directory.users.get", Status: 503, Probability: 0.3})
		e.s.Fail(fake.Fault{Method: "directory.users.insert", Status: 503, Probability: 0.25, AfterApply: true})
		svc := e.dir(alderAdmin)
		for i := range 60 {
			email := fmt.Sprintf("soak%d@%s", i, fake.DemoAlderDomain)
			_, err := svc.Users.Insert(&admin.User{PrimaryEmail: email, Password: "correct horse battery",
				Name: &admin.UserName{GivenName: "Soak", FamilyName: "Test"}}).Context(t.Context()).Do()
			pattern = append(pattern, code(err))
			_, err = svc.Users.Get(ana).Context(t.Context()).Do()
			pattern = append(pattern, code(err))
			if _, err := e.w.UserID(email); err == nil {
				created++
			}
		}
		return pattern, created
	}
	p1, created := run()
	p2, _ := run()
	if !slices.Equal(p1, p2) {
		t.Errorf("the same seed answered differently:\n%v\n%v", p1, p2)
	}
	lost, failed := 0, 0
	for i, c := range p1 {
		switch {
		case c == 503 && i%2 == 0:
			lost++
		case c == 503:
			failed++
		case c != 0:
			t.Errorf("call %d answered %d", i, c)
		}
	}
	if lost == 0 || lost == 60 || failed == 0 || failed == 60 {
		t.Errorf("%d of 60 inserts lost their answer and %d of 60 gets failed; want some of each", lost, failed)
	}
	if created != 60 {
		t.Errorf("%d of 60 users created, want all: a lost answer's write is applied", created)
	}
}
