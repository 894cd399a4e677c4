package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/option"

	"github.com/resellerkit/resellerkit/fake"
)

// asCommand, set in the environment, makes the test binary run main
// instead of the tests: TestCommand re-executes itself that way, which runs
// the real main (flags, stdout, signals, exit status) without building a
// second binary.
const asCommand = "FAKEWORKSPACE_TEST_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type bearer struct{ tok string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.tok)
	return http.DefaultTransport.RoundTrip(r)
}

// ready is the command's ready line.
type ready struct {
	URL              string `json:"url"`
	ControlToken     string `json:"controlToken"`
	ResellerAccounts []struct {
		CustomerID string   `json:"customerId"`
		Domains    []string `json:"domains"`
		SuperAdmin string   `json:"superAdmin"`
		Token      string   `json:"token"`
	} `json:"resellerAccounts"`
}

// start runs the command (the test binary running main, see TestMain) with
// args on a free port and reads its ready line.
func start(t *testing.T, args ...string) (*exec.Cmd, ready, *bufio.Reader) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, append([]string{"-addr", ":0"}, args...)...)
	cmd.Env = append(os.Environ(), asCommand+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	r := bufio.NewReader(stdout)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("reading the ready line: %v", err)
	}
	var ann ready
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ann); err != nil {
		t.Fatalf("ready line %q: %v", line, err)
	}
	return cmd, ann, r
}

// TestCommand runs the command on a free port, reads its one line of JSON,
// calls the API with the announced token, and stops it with SIGTERM.
func TestCommand(t *testing.T) {
	t.Parallel()
	cmd, ann, r := start(t)
	if !strings.HasPrefix(ann.URL, "http://127.0.0.1:") || !strings.HasSuffix(ann.URL, "/") {
		t.Errorf("url = %q, want http://127.0.0.1:PORT/", ann.URL)
	}
	if !strings.HasPrefix(ann.ControlToken, "fake-control-") {
		t.Errorf("controlToken = %q, want a random control token", ann.ControlToken)
	}
	var got [][]string
	for _, ra := range ann.ResellerAccounts {
		got = append(got, append([]string{ra.CustomerID, ra.SuperAdmin}, ra.Domains...))
	}
	want := [][]string{
		{fake.DemoAlderCustomerID, "admin@" + fake.DemoAlderDomain, fake.DemoAlderDomain, fake.DemoAlderEUDomain, fake.DemoAlderLabsDomain},
		{fake.DemoBirchCustomerID, "admin@" + fake.DemoBirchDomain, fake.DemoBirchDomain},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reseller accounts mismatch (-want +got):\n%s", diff)
	}

	ra := ann.ResellerAccounts[0]
	svc, err := admin.NewService(t.Context(), option.WithEndpoint(ann.URL),
		option.WithHTTPClient(&http.Client{Transport: bearer{ra.Token}}))
	if err != nil {
		t.Fatal(err)
	}
	u, err := svc.Users.Get(ra.SuperAdmin).Context(t.Context()).Do()
	if err != nil {
		t.Fatalf("users.get with the announced token: %v", err)
	}
	if u.PrimaryEmail != ra.SuperAdmin || !u.IsAdmin {
		t.Errorf("users.get = %s (isAdmin %v), want %s, a super admin", u.PrimaryEmail, u.IsAdmin, ra.SuperAdmin)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		rest, _ := io.ReadAll(r) // until the command exits
		if len(rest) > 0 {
			t.Errorf("more than one line on stdout: %q", rest)
		}
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v, want status 0", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the command did not stop within 10s of SIGTERM")
	}
}

func TestRefusesRemoteAddr(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	err := run(t.Context(), []string{"-addr", "0.0.0.0:0"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("run -addr 0.0.0.0:0 = %v, want an error about loopback", err)
	}
}

// controlCall calls the control API of a running command.
func controlCall(t *testing.T, ann ready, method, path, body string) map[string]any {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, ann.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+ann.ControlToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != 200 {
		t.Fatalf("%s %s = %d %v", method, path, res.StatusCode, out)
	}
	return out
}

// TestStateSurvivesSIGKILL: writes the command acknowledged before it was
// killed with SIGKILL are there when it restarts with the same -state, and
// the tokens it announced still work.
func TestStateSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state.json")
	cmd, ann, _ := start(t, "-state", state)
	ra := ann.ResellerAccounts[0]
	svc, err := admin.NewService(t.Context(), option.WithEndpoint(ann.URL),
		option.WithHTTPClient(&http.Client{Transport: bearer{ra.Token}}))
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for i := range 5 {
		email := fmt.Sprintf("durable%d@%s", i, fake.DemoAlderDomain)
		if _, err := svc.Users.Insert(&admin.User{PrimaryEmail: email, Password: "correct horse battery",
			Name: &admin.UserName{GivenName: "D", FamilyName: "U"}}).Context(t.Context()).Do(); err != nil {
			t.Fatal(err)
		}
		emails = append(emails, email)
	}
	if err := svc.Users.Delete("gus@" + fake.DemoAlderDomain).Context(t.Context()).Do(); err != nil {
		t.Fatal(err)
	}
	now := controlCall(t, ann, "POST", "fake/v1/clock:advance", `{"duration": "720h"}`)["now"]
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	_, ann2, _ := start(t, "-state", state)
	if ann2.ResellerAccounts[0].Token != ra.Token {
		t.Errorf("the super admin's token changed across the restart")
	}
	svc2, err := admin.NewService(t.Context(), option.WithEndpoint(ann2.URL),
		option.WithHTTPClient(&http.Client{Transport: bearer{ra.Token}}))
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range emails {
		if _, err := svc2.Users.Get(email).Context(t.Context()).Do(); err != nil {
			t.Errorf("users.get %s after SIGKILL and restart: %v", email, err)
		}
	}
	if _, err := svc2.Users.Get("gus@" + fake.DemoAlderDomain).Context(t.Context()).Do(); err == nil {
		t.Error("the deleted user is back after the restart")
	}
	if got := controlCall(t, ann2, "GET", "fake/v1/clock", "")["now"]; got != now {
		t.Errorf("clock after restart = %v, want %v", got, now)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	if err := run(t.Context(), []string{"-h"}, &out, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -h = %v, want flag.ErrHelp (exit status 0)", err)
	}
	for _, want := range []string{"-addr", "-allow-remote", "-seed", "-state", "-dump-seed", "-control-token", "-latency",
		"-quota-qpm", "-page-cap", "fake/v1/clock:advance", "fake/v1/faults", "fake/v1/settings", "fake/v1/tokens",
		"fake/v1/serviceAccountKeys", "fake/v1/world", "fake/v1/world:reset", "controlToken"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-h does not mention %s", want)
		}
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "-h")
	cmd.Env = append(os.Environ(), asCommand+"=1")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("fakeworkspace -h: %v, want exit status 0\n%s", err, b)
	}
}

func TestSeedFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct{ name, file, want string }{
		{"empty", write("empty.json", ""), "empty"},
		{"unknown field", write("typo.json", `{"tenants": [{"domains": [{"name": "a.example"}], "user": []}]}`), `"user"`},
		{"missing", filepath.Join(dir, "nope.json"), "nope.json"},
	} {
		var out strings.Builder
		err := run(t.Context(), []string{"-addr", ":0", "-seed", c.file}, &out, &out)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: run -seed = %v, want an error naming %s", c.name, err, c.want)
		}
	}
}

// -dump-seed writes the demo world as a seed that loads, and the sample
// seed of the repository loads.
func TestDumpSeed(t *testing.T) {
	t.Parallel()
	var out, errOut strings.Builder
	if err := run(t.Context(), []string{"-dump-seed", "-"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	s, err := fake.ReadSeed(strings.NewReader(out.String()))
	if err != nil {
		t.Fatalf("-dump-seed - wrote no seed: %v", err)
	}
	w, err := fake.NewWorld(s)
	if err != nil {
		t.Fatal(err)
	}
	demo, _ := fake.NewWorld(fake.DemoSeed())
	if diff := cmp.Diff(demo.Snapshot(), w.Snapshot()); diff != "" {
		t.Errorf("world of the dumped seed mismatch (-demo +dumped):\n%s", diff)
	}

	file := filepath.Join(t.TempDir(), "sample-dump.json")
	if err := run(t.Context(), []string{"-seed", filepath.Join("..", "..", "seeds", "sample.json"), "-dump-seed", file}, &out, &errOut); err != nil {
		t.Fatalf("the sample seed: %v", err)
	}
	if _, err := fake.LoadFile(file); err != nil {
		t.Errorf("the dump of the sample seed: %v", err)
	}
}
