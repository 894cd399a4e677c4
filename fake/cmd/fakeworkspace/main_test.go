package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
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

// TestCommand runs the command (the test binary running main, see
// TestMain) on a free port, reads its one line of JSON, calls the API with
// the announced token, and stops it with SIGTERM.
func TestCommand(t *testing.T) {
	t.Parallel()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "-addr", ":0")
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
	var ann struct {
		URL              string `json:"url"`
		ResellerAccounts []struct {
			CustomerID string   `json:"customerId"`
			Domains    []string `json:"domains"`
			SuperAdmin string   `json:"superAdmin"`
			Token      string   `json:"token"`
		} `json:"resellerAccounts"`
	}
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ann); err != nil {
		t.Fatalf("ready line %q: %v", line, err)
	}
	if !strings.HasPrefix(ann.URL, "http://127.0.0.1:") || !strings.HasSuffix(ann.URL, "/") {
		t.Errorf("url = %q, want http://127.0.0.1:PORT/", ann.URL)
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
