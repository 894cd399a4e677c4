package fake_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
)

// loadState builds a World from a state file.
func loadState(t testing.TB, path string) *fake.World {
	t.Helper()
	w, err := fake.LoadFile(path)
	if err != nil {
		t.Fatalf("loading the state file: %v", err)
	}
	return w
}

// A write is in the state file when it is answered, a lost answer's write
// too; reads do not write the file.
func TestStateFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	e := newEnv(t, fake.WithStateFile(path))
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no state file once the Server started: %v", err)
	}
	dir := e.dir(alderAdmin)
	ctx := t.Context()
	if _, err := dir.Users.Insert(&admin.User{PrimaryEmail: "kept@" + fake.DemoAlderDomain, Password: "correct horse battery",
		Name: &admin.UserName{GivenName: "K", FamilyName: "P"}}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	if _, err := loadState(t, path).UserID("kept@" + fake.DemoAlderDomain); err != nil {
		t.Errorf("the acknowledged users.insert is not in the state file: %v", err)
	}

	remove := e.s.Fail(fake.Fault{Method: "directory.users.delete", Status: 503, AfterApply: true, Count: 1})
	defer remove()
	err := dir.Users.Delete("kept@" + fake.DemoAlderDomain).Context(ctx).Do()
	wantErr(t, err, 503, "backendError")
	if _, err := loadState(t, path).UserID("kept@" + fake.DemoAlderDomain); err == nil {
		t.Error("the delete whose answer was lost is not in the state file")
	}

	before, _ := os.Stat(path)
	if _, err := dir.Users.Get(ana).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(path); !after.ModTime().Equal(before.ModTime()) {
		t.Error("users.get rewrote the state file")
	}

	e.ctl("POST", "/fake/v1/clock:advance", `{"duration": "1h"}`, 200)
	if got := loadState(t, path).Now(); !got.Equal(fake.DefaultStart.Add(3600e9)) {
		t.Errorf("clock in the state file = %v after clock:advance", got)
	}

	if _, err := fake.NewServer(e.w, fake.WithoutListener(), fake.WithStateFile(filepath.Join(t.TempDir(), "no", "such", "dir", "s.json"))); err == nil {
		t.Error("NewServer with a state file in a missing directory: nil error")
	}
}

// BenchmarkStateWrite is users.update of one user through the generated
// client, in-process, with and without a state file (the demo world saved
// and fsynced on every write).
func BenchmarkStateWrite(b *testing.B) {
	for _, c := range []struct {
		name  string
		state bool
	}{{"nostate", false}, {"state", true}} {
		b.Run(c.name, func(b *testing.B) {
			w, err := fake.NewWorld(fake.DemoSeed())
			if err != nil {
				b.Fatal(err)
			}
			var opts []fake.Option
			if c.state {
				opts = append(opts, fake.WithStateFile(filepath.Join(b.TempDir(), "state.json")))
			}
			s := faketest.NewServer(b, w, append(opts, fake.WithoutListener())...)
			tok, _ := s.TokenFor(alderAdmin)
			dir, err := admin.NewService(context.Background(), s.ClientOptions(tok)...)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := dir.Users.Update(ana, &admin.User{Name: &admin.UserName{GivenName: "Ana"}}).Do(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWorldSeed is the part of a state-file save that is not the
// disk: exporting the demo world and encoding it.
func BenchmarkWorldSeed(b *testing.B) {
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := json.Marshal(w.Seed()); err != nil {
			b.Fatal(err)
		}
	}
}

// Reset replaces the World's data and keeps its settings: faults, and the
// tokens users already hold. A bad seed leaves the World as it was.
func TestReset(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.token(ana)
	e.w.Fail(fake.Fault{Method: "directory.users.get", Status: 503, Count: 1})
	if _, err := e.w.AddUser(fake.DemoAlderCustomerID, fake.UserSeed{Email: "temp@" + fake.DemoAlderDomain}); err != nil {
		t.Fatal(err)
	}
	if err := e.w.Reset(fake.Seed{Tenants: []fake.TenantSeed{{Name: "broken"}}}); err == nil {
		t.Fatal("Reset with a tenant without domains: nil error")
	}
	if _, err := e.w.UserID("temp@" + fake.DemoAlderDomain); err != nil {
		t.Errorf("a failed Reset changed the World: %v", err)
	}
	if err := e.w.Reset(fake.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.w.UserID("temp@" + fake.DemoAlderDomain); err == nil {
		t.Error("the user added before Reset is still there")
	}
	if n := e.w.FaultsPending(); n != 1 {
		t.Errorf("FaultsPending after Reset = %d, want the 1 installed before", n)
	}
	if got := e.token(ana); got != tok {
		t.Errorf("ana's token changed across Reset")
	}
}
