package roles_test

import (
	"testing"
	"time"

	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/roles"
)

// TestExpiryFollowsWorldClockP4: rule P4, an assignment grants while now <
// its expiry time, and "now" is the Conn's clock. A Service built as README
// shows (srv.Conn, then roles.New(conn), no other option) judges expiry by
// the World's clock, so w.Advance past the expiry ends the grant.
func TestExpiryFollowsWorldClockP4(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	const gus = "gus@" + fake.DemoAlderDomain // holds no role in the demo
	expire := w.Now().Add(time.Hour)
	if _, err := w.Assign(fake.DemoAlderCustomerID, fake.AssignmentSeed{Role: roles.ResellerAdminRoleName, Assignee: gus, ExpireTime: expire}); err != nil {
		t.Fatal(err)
	}
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	conn, err := srv.Conn(t.Context(), "admin@"+fake.DemoAlderDomain)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := roles.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		name    string
		advance time.Duration
		granted bool
	}{
		{"P4 an hour before expiry", 0, true},
		{"P4 1s before expiry", time.Hour - time.Second, true},
		{"P4 at expiry exactly", time.Second, false},
		{"P4 a day after expiry", 24 * time.Hour, false},
	} {
		w.Advance(step.advance)
		eff, err := svc.Effective(t.Context(), fake.DemoAlderCustomerID, gus)
		if err != nil {
			t.Fatalf("%s: Effective: %v", step.name, err)
		}
		if got := eff.Holds(roles.ViewCustomers); got != step.granted || (eff.ResellerAdmin != nil) != step.granted {
			t.Errorf("%s (World at %v, expiry %v): holds ViewCustomers %v, reseller admin %v; want %v",
				step.name, w.Now(), expire, got, eff.ResellerAdmin != nil, step.granted)
		}
		if !eff.ReadAt.Equal(w.Now()) {
			t.Errorf("%s: ReadAt = %v, want the World's time %v", step.name, eff.ReadAt, w.Now())
		}
	}
}
