package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/fake"
)

// asCommand, set in the environment, makes the test binary run main
// instead of the tests: the crash tests re-execute it to get a provision
// process they can SIGKILL, running the real main (flags, signals, exit
// status) without building a second binary.
const asCommand = "PROVISION_TEST_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// teamAccounts are the accounts team.example.json needs on the demo world;
// the seeded ones exist there already (without a forced password change).
var teamAccounts = []string{
	"chloe.martin@northwind-eu.example", "chloe.martin@northwind-nordics.example", "chloe.martin@northwind-us.example",
	"eko.pratama@northwind-eu.example", "eko.pratama@northwind-nordics.example", "eko.pratama@northwind-us.example",
	"vera.nowak@northwind-eu.example", "vera.nowak@northwind-nordics.example", "vera.nowak@northwind-us.example",
}

// seeded reports whether acct is one of teamAccounts the demo world holds
// before any run.
func seeded(acct string) bool {
	local, domain, _ := strings.Cut(acct, "@")
	for _, p := range demoworld.People() {
		if p.Local == local && slices.Contains(p.Domains, domain) {
			return true
		}
	}
	return false
}

// lostMarker is the message of the lost answers the tests inject, so the
// wire log tells a write Google applied (2xx, or this 503) from one it
// did not.
const lostMarker = "provision test: answer lost after the write"

func lostAnswer(method string, count int) fake.Fault {
	return fake.Fault{Method: method, Status: 503, Count: count, AfterApply: true, Message: lostMarker}
}

// googleFake is the demo world (without its cases) served over TCP on
// loopback, as another process sees Google, behind a wire log of the passwords each applied
// write set: what the account's password is (the fake keeps none).
type googleFake struct {
	w        *fake.World
	srv      *fake.Server
	url      string
	key      string // a service-account key file the fake issued
	dir      string
	inflight atomic.Int64

	mu     sync.Mutex
	writes []passwordWrite // applied, in order
	hashed bool            // a password was sent hashed: the log cannot tell it
}

type passwordWrite struct{ userKey, password string }

func newGoogleFake(t *testing.T) *googleFake {
	t.Helper()
	w, err := demoworld.NewWithoutCases()
	if err != nil {
		t.Fatal(err)
	}
	// The subprocess judges time by its own clock (an account created after
	// a lost answer is recognised by its creation time): the fake's clock
	// is set to the same.
	w.SetTime(time.Now())
	srv, err := fake.NewServer(w, fake.WithoutListener())
	if err != nil {
		t.Fatal(err)
	}
	g := &googleFake{w: w, srv: srv, dir: t.TempDir()}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: g, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
	})
	g.url = "http://" + ln.Addr().String() + "/"
	key, err := w.NewServiceAccountJSON(g.url + "token")
	if err != nil {
		t.Fatal(err)
	}
	g.key = filepath.Join(g.dir, "key.json")
	if err := os.WriteFile(g.key, key, 0o600); err != nil {
		t.Fatal(err)
	}
	return g
}

const usersPath = "/admin/directory/v1/users"

// ServeHTTP serves the fake, noting the password of each users.insert,
// users.update or users.patch that Google applied.
func (g *googleFake) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	g.inflight.Add(1)
	defer g.inflight.Add(-1)
	var userKey, password string
	p := r.URL.Path
	if (r.Method == http.MethodPost && p == usersPath) ||
		((r.Method == http.MethodPut || r.Method == http.MethodPatch) && strings.HasPrefix(p, usersPath+"/") && !strings.Contains(p[len(usersPath)+1:], "/")) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		var u struct{ PrimaryEmail, Password, HashFunction string }
		if json.Unmarshal(body, &u) == nil && u.Password != "" {
			userKey, password = u.PrimaryEmail, u.Password
			if r.Method != http.MethodPost {
				userKey, _ = url.PathUnescape(p[len(usersPath)+1:])
			}
			if u.HashFunction != "" {
				g.mu.Lock()
				g.hashed = true
				g.mu.Unlock()
			}
		}
	}
	rec := &statusRecorder{ResponseWriter: rw}
	g.srv.ServeHTTP(rec, r)
	if password != "" && (rec.status/100 == 2 || bytes.Contains(rec.body, []byte(lostMarker))) {
		g.mu.Lock()
		g.writes = append(g.writes, passwordWrite{userKey: strings.ToLower(userKey), password: password})
		g.mu.Unlock()
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	body   []byte
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if len(r.body) < 4096 {
		r.body = append(r.body, b...)
	}
	return r.ResponseWriter.Write(b)
}

// password returns the password Google last set on acct, and false when no
// write of a test run set one.
func (g *googleFake) password(t *testing.T, acct string) (string, bool) {
	t.Helper()
	id, _ := g.w.UserID(acct)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.hashed {
		t.Fatal("a password was sent hashed (hashFunction): this test reads passwords in clear from the wire")
	}
	for i := len(g.writes) - 1; i >= 0; i-- {
		if k := g.writes[i].userKey; k == acct || (id != "" && k == strings.ToLower(id)) {
			return g.writes[i].password, true
		}
	}
	return "", false
}

// args are the flags of a run against the fake, keeping passwords in file.
func (g *googleFake) args(file string, extra ...string) []string {
	return append([]string{"-endpoint", g.url, "-team", "team.example.json",
		"-account", g.key + ":admin@" + demoworld.DomainEU, "-account", g.key + ":admin@" + demoworld.DomainUS,
		"-ci-seats", "50", "-passwords", file}, extra...)
}

// run runs provision in this process and fails the test if it fails.
func (g *googleFake) run(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(t.Context(), args, &out, &errOut); err != nil {
		t.Fatalf("provision %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out.String(), errOut.String())
	}
	return out.String() + errOut.String()
}

// writeCalls counts the writes the fake was asked for since its log was
// last reset.
func (g *googleFake) writeCalls() int {
	n := 0
	for _, m := range g.srv.Requests() {
		for _, verb := range []string{".insert", ".patch", ".update", ".delete"} {
			if strings.HasSuffix(m, verb) {
				n++
			}
		}
	}
	return n
}

// killPoint says when to SIGKILL a run; file is its password file.
type killPoint func(g *googleFake, file string) bool

func calls(method string, n int) killPoint {
	return func(g *googleFake, _ string) bool {
		c := 0
		for _, m := range g.srv.Requests() {
			if m == method {
				c++
			}
		}
		return c >= n
	}
}

func writesSent(n int) killPoint {
	return func(g *googleFake, _ string) bool { return g.writeCalls() >= n }
}

func anyCall(g *googleFake, _ string) bool { return len(g.srv.Requests()) > 0 }

func fileWritten(_ *googleFake, file string) bool {
	_, err := os.Stat(file)
	return err == nil
}

func faultsSpent(g *googleFake, _ string) bool { return g.w.FaultsPending() == 0 }

// killAt runs provision as a process and SIGKILLs it at the kill point. It
// reports false if the run ended first. It returns once the fake has
// finished every request the process left behind.
func (g *googleFake) killAt(t *testing.T, at killPoint, file string, args []string) (killed bool, output string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), asCommand+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	g.srv.ResetLog()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(200 * time.Microsecond)
	defer tick.Stop()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("the run to be killed failed by itself: %v\n%s", err, out.String())
			}
			return false, out.String()
		case <-deadline:
			cmd.Process.Kill()
			<-done
			t.Fatalf("the kill point was not reached in 30s:\n%s", out.String())
		case <-tick.C:
			if !at(g, file) {
				continue
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			<-done
			// A request the process sent just before it died may still be
			// served: the next run is to meet a world at rest, as it would
			// after a crash at Google. Idle means idle for 20ms.
			start, idle := time.Now(), time.Time{}
			for ; ; time.Sleep(time.Millisecond) {
				switch {
				case g.inflight.Load() > 0:
					idle = time.Time{}
				case idle.IsZero():
					idle = time.Now()
				case time.Since(idle) > 20*time.Millisecond:
					return true, out.String()
				}
				if time.Since(start) > 10*time.Second {
					t.Fatal("the fake is still serving the killed run after 10s")
				}
			}
		}
	}
}

var unknownLine = regexp.MustCompile(`(?m)^  password unknown: (\S+) `)

// unknownIn returns the accounts a run's output lists as "password unknown".
func unknownIn(out string) []string {
	var accts []string
	for _, m := range unknownLine.FindAllStringSubmatch(out, -1) {
		accts = append(accts, m[1])
	}
	return accts
}

// converge runs provision to completion after whatever came before, and
// checks the S3 promise of crash-safe provisioning: the setup converges,
// every account of the team exists, and every account a run created has
// its password in the file, or is listed as "password unknown" with the
// fix; the fix (-reset-unknown) then gives each a password in the file.
// Passwords are never printed. outputs are the earlier runs' outputs;
// wantUnknown are the accounts that must be listed as unknown (an account
// created by provision is listed only when a run without the password
// file created it).
func (g *googleFake) converge(t *testing.T, file string, outputs []string, wantUnknown ...string) {
	t.Helper()
	out := g.run(t, g.args(file, "-apply")...)
	outputs = append(outputs, out)
	if !strings.Contains(out, "A new plan finds 0 change(s) left") {
		t.Errorf("the run after the crash did not converge:\n%s", out)
	}
	unknown := unknownIn(out)
	if !slices.Equal(unknown, wantUnknown) {
		t.Errorf("accounts listed as password unknown: %v, want %v\n%s", unknown, wantUnknown, out)
	}
	recs := readPasswords(t, file)
	for _, acct := range teamAccounts {
		if _, err := g.w.UserID(acct); err != nil {
			t.Errorf("%s does not exist after the run: %v", acct, err)
			continue
		}
		listed := slices.Contains(unknown, acct)
		pw, set := g.password(t, acct)
		switch {
		case seeded(acct):
			if set || listed {
				t.Errorf("%s existed before the runs: password set %v, listed unknown %v", acct, set, listed)
			}
		case !set:
			t.Errorf("%s exists, but no run gave it a password", acct)
		case listed:
			if _, ok := recs[acct]; ok {
				t.Errorf("%s is listed as unknown but has a record in the file", acct)
			}
		case recs[acct] != pw:
			t.Errorf("%s was created, and the file does not hold its password (record present: %v); it is not listed as unknown", acct, recs[acct] != "")
		}
	}
	if len(unknown) > 0 {
		if !strings.Contains(out, "Fix: run again with -reset-unknown") {
			t.Errorf("unknown passwords are listed without the fix:\n%s", out)
		}
		outputs = append(outputs, g.run(t, g.args(file, "-apply", "-reset-unknown")...))
		recs = readPasswords(t, file)
		for _, acct := range unknown {
			if pw, _ := g.password(t, acct); recs[acct] == "" || recs[acct] != pw {
				t.Errorf("after -reset-unknown, the file does not hold the password of %s", acct)
			}
		}
	}
	final := g.run(t, g.args(file)...)
	outputs = append(outputs, final)
	if !strings.Contains(final, "0 change(s) to apply.") || strings.Contains(final, "password unknown") {
		t.Errorf("the final dry run:\n%s", final)
	}
	for _, o := range outputs {
		for acct, pw := range recs {
			if strings.Contains(o, pw) {
				t.Errorf("the password of %s was printed", acct)
			}
		}
	}
}

// TestProvisionSurvivesSIGKILL is the crash test of S3's initial
// passwords: provision, a separate process, is SIGKILLed at points across
// the setup (before any write; with a password kept and its account not
// created yet; while accounts, licenses and roles are written; while
// retrying a lost answer; three runs in a row), then run again to the end.
// See converge for what must hold.
func TestProvisionSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	slowInsert := fake.Fault{Method: "directory.users.insert", Latency: 40 * time.Millisecond}
	for _, tc := range []struct {
		name   string
		faults []fake.Fault
		kills  []killPoint // one killed run per point, in turn
		// mayEnd allows a run to end before its kill point.
		mayEnd bool
	}{
		{name: "before any write", kills: []killPoint{anyCall}},
		{name: "password kept, account being created", faults: []fake.Fault{slowInsert}, kills: []killPoint{fileWritten}},
		{name: "accounts being created", faults: []fake.Fault{slowInsert}, kills: []killPoint{calls("directory.users.insert", 3)}},
		{name: "licenses being assigned", kills: []killPoint{calls("licensing.licenseAssignments.insert", 1)}},
		{name: "role being assigned", kills: []killPoint{calls("directory.roleAssignments.insert", 1)}},
		{name: "retrying a lost answer", faults: []fake.Fault{lostAnswer("directory.users.insert", 1)}, kills: []killPoint{faultsSpent}},
		{name: "three runs killed", faults: []fake.Fault{{Method: "directory.users.insert", Latency: 20 * time.Millisecond}},
			kills: []killPoint{writesSent(2), writesSent(2), writesSent(2)}, mayEnd: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := newGoogleFake(t)
			for _, f := range tc.faults {
				g.srv.Fail(f)
			}
			file := filepath.Join(t.TempDir(), "initial.csv")
			var outputs []string
			kills := 0
			for i, at := range tc.kills {
				killed, out := g.killAt(t, at, file, g.args(file, "-apply"))
				outputs = append(outputs, out)
				if killed {
					kills++
				} else if !tc.mayEnd {
					t.Fatalf("run %d ended before its kill point:\n%s", i+1, out)
				}
			}
			if kills == 0 {
				t.Fatal("no run was killed")
			}
			g.converge(t, file, outputs)
		})
	}
}

// TestProvisionLostAnswersKeepPasswords: when Google's answers to
// users.insert are lost after the write (W1), every account the run
// created is reported created and its password is the one in the file.
func TestProvisionLostAnswersKeepPasswords(t *testing.T) {
	t.Parallel()
	g := newGoogleFake(t)
	g.srv.Fail(lostAnswer("directory.users.insert", 3))
	file := filepath.Join(t.TempDir(), "initial.csv")
	out := g.run(t, g.args(file, "-apply")...)
	if g.w.FaultsPending() != 0 {
		t.Fatal("the lost answers were not all injected")
	}
	recs := readPasswords(t, file)
	for _, acct := range teamAccounts {
		if seeded(acct) {
			continue
		}
		if !strings.Contains(out, "created   account    "+acct) {
			t.Errorf("%s is not reported created", acct)
		}
		if pw, ok := g.password(t, acct); !ok || recs[acct] != pw {
			t.Errorf("the file does not hold the password of %s (set %v, record present %v)", acct, ok, recs[acct] != "")
		}
	}
	if strings.Contains(out, "password unknown") {
		t.Errorf("a lost answer left an unknown password:\n%s", out)
	}
	g.converge(t, file, []string{out})
}

// TestProvisionResetsUnknownPasswords: an account an earlier run created
// without a password file (its password lost) is listed by every run with
// -passwords, dry or not, with the fix; -reset-unknown gives it a new
// password, in the file before it is set, also when the answer to the
// reset is lost.
func TestProvisionResetsUnknownPasswords(t *testing.T) {
	t.Parallel()
	g := newGoogleFake(t)
	const lost = "vera.nowak@northwind-nordics.example"
	conn, err := g.srv.Conn(t.Context(), "admin@"+demoworld.DomainEU)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := domains.New(conn) // an earlier run, without a keeper
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.EnsureAccount(t.Context(), domains.AccountSpec{Email: lost, GivenName: "Vera", FamilyName: "Nowak", OrgUnitPath: "/"}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "initial.csv")

	dry := g.run(t, g.args(file)...)
	if got := unknownIn(dry); !slices.Equal(got, []string{lost}) || !strings.Contains(dry, "Fix: run again with -apply -reset-unknown") {
		t.Errorf("the dry run lists %v as unknown, want [%s] with the fix:\n%s", got, lost, dry)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("a dry run wrote the password file: %v", err)
	}

	applied := g.run(t, g.args(file, "-apply")...)
	if got := unknownIn(applied); !slices.Equal(got, []string{lost}) || !strings.Contains(applied, "Fix: run again with -reset-unknown") {
		t.Errorf("-apply lists %v as unknown, want [%s] with the fix:\n%s", got, lost, applied)
	}
	if _, ok := readPasswords(t, file)[lost]; ok {
		t.Errorf("%s has a record before it was reset", lost)
	}

	g.srv.Fail(lostAnswer("directory.users.update", 1))
	reset := g.run(t, g.args(file, "-apply", "-reset-unknown")...)
	if g.w.FaultsPending() != 0 {
		t.Error("the reset met no lost answer (directory.users.update)")
	}
	if !strings.Contains(reset, "reset     password   "+lost) {
		t.Errorf("the reset is not reported:\n%s", reset)
	}
	if pw, ok := g.password(t, lost); !ok || readPasswords(t, file)[lost] != pw {
		t.Errorf("after -reset-unknown the file does not hold the password of %s (set %v)", lost, ok)
	}
	g.converge(t, file, []string{dry, applied, reset})
}

// TestProvisionChecksPasswordsBeforeWriting: with -apply, the password
// file is required when accounts are to be created, and must be writable
// and ours; otherwise the run stops before its first write to Google, with
// the fix.
func TestProvisionChecksPasswordsBeforeWriting(t *testing.T) {
	t.Parallel()
	g := newGoogleFake(t)
	foreign := filepath.Join(t.TempDir(), "notes.csv")
	if err := os.WriteFile(foreign, []byte("name,phone\nana,123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{g.args("/nonexistent/p.csv", "-apply"), "the directory /nonexistent does not exist"},
		{g.args(foreign, "-apply"), foreign + ": line 1: not a password file of provision"},
		{slices.DeleteFunc(g.args("x", "-apply"), func(s string) bool { return s == "-passwords" || s == "x" }),
			"the plan creates 4 account(s) and their initial passwords would be lost: run again with -passwords FILE"},
	} {
		var out bytes.Buffer
		err := run(t.Context(), tc.args, &out, &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("provision %s = %v, want an error containing %q", strings.Join(tc.args, " "), err, tc.want)
		}
		if n := g.writeCalls(); n != 0 {
			t.Errorf("provision %s wrote %d time(s) to Google before failing", strings.Join(tc.args, " "), n)
		}
	}
	if b, _ := os.ReadFile(foreign); string(b) != "name,phone\nana,123\n" {
		t.Errorf("the foreign file was changed: %q", b)
	}
}

// TestProvisionDropsPasswordsOfAccountsOthersCreated: when an account the
// run is creating is created by someone else first (an administrator, or
// the in-flight request of a killed run), users.insert meets a 409 with no
// lost answer before it: the password kept for it is not the account's,
// so it is removed from the file rather than handed out.
func TestProvisionDropsPasswordsOfAccountsOthersCreated(t *testing.T) {
	t.Parallel()
	g := newGoogleFake(t)
	const other = "vera.nowak@northwind-us.example"
	// Long enough that the account is added while every insert still waits, even
	// on a loaded machine.
	g.srv.Fail(fake.Fault{Method: "directory.users.insert", Latency: time.Second})
	file := filepath.Join(t.TempDir(), "initial.csv")
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(t.Context(), g.args(file, "-apply"), &out, &out) }()
	for !calls("directory.users.insert", 4)(g, file) {
		time.Sleep(time.Millisecond)
	}
	if _, err := g.w.AddUser(demoworld.AccountUS, fake.UserSeed{Email: other, GivenName: "Vera", FamilyName: "Nowak"}); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), other+" existed when this run created it") {
		t.Errorf("the output does not say %s existed:\n%s", other, out.String())
	}
	recs := readPasswords(t, file)
	if _, ok := recs[other]; ok {
		t.Errorf("the file holds a password for %s, which this run did not create", other)
	}
	for _, acct := range teamAccounts {
		if seeded(acct) || acct == other {
			continue
		}
		if pw, ok := g.password(t, acct); !ok || recs[acct] != pw {
			t.Errorf("the file does not hold the password of %s", acct)
		}
	}
}
