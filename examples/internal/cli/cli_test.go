package cli_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/examples/internal/cli"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

func TestParseAccount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    cli.Account
		wantErr string
	}{
		{in: "key.json:admin@reseller.example", want: cli.Account{KeyFile: "key.json", Admin: "admin@reseller.example"}},
		{in: `C:\keys\eu.json:admin@eu.example`, want: cli.Account{KeyFile: `C:\keys\eu.json`, Admin: "admin@eu.example"}},
		{in: "eu.json:admin@eu.example, lead@nordics.example", want: cli.Account{KeyFile: "eu.json", Admin: "admin@eu.example", DomainActors: []string{"lead@nordics.example"}}},
		{in: "key.json", wantErr: "want KEYFILE:ADMIN"},
		{in: ":admin@eu.example", wantErr: "key file before the colon is empty"},
		{in: "key.json:", wantErr: "not an email address"},
		{in: "key.json:admin", wantErr: "super admin to impersonate"},
		{in: "key.json:admin@eu.example,nordics", wantErr: "an account on another domain"},
	}
	for _, tt := range tests {
		got, err := cli.ParseAccount(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseAccount(%q) error %v, want one saying %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseAccount(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseAccount(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

// FuzzParseAccount: never a panic, and what it accepts names a key file and
// addresses.
func FuzzParseAccount(f *testing.F) {
	for _, s := range []string{"k.json:a@b.example", "a:b:c@d,e@f", ":", ",@", "k:@", "k:a@b,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := cli.ParseAccount(s)
		if err != nil {
			return
		}
		if a.KeyFile == "" || !strings.Contains(a.Admin, "@") {
			t.Fatalf("ParseAccount(%q) = %+v: accepted without a key file or an admin address", s, a)
		}
		for _, d := range a.DomainActors {
			if !strings.Contains(d, "@") {
				t.Fatalf("ParseAccount(%q) accepted %q as an address", s, d)
			}
		}
	})
}

func TestCredentialsFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		withActors bool
		wantErr    string
	}{
		{name: "none: the embedded fake", args: nil},
		{name: "two accounts", args: []string{"-account", "a.json:admin@a.example", "-account", "b.json:admin@b.example,x@c.example"}, withActors: true},
		{name: "actors refused", args: []string{"-account", "b.json:admin@b.example,x@c.example"}, wantErr: "super admin only"},
		{name: "endpoint without account", args: []string{"-endpoint", "http://127.0.0.1:1/"}, wantErr: "-endpoint needs -account"},
		{name: "endpoint to Google", args: []string{"-endpoint", "https://admin.googleapis.com/", "-account", "k.json:a@b.example"}, wantErr: "loopback"},
		{name: "endpoint without scheme", args: []string{"-endpoint", "127.0.0.1:8085", "-account", "k.json:a@b.example"}, wantErr: "want a URL"},
		{name: "endpoint on localhost", args: []string{"-endpoint", "http://localhost:8085/", "-account", "k.json:a@b.example"}},
		{name: "endpoint on IPv6 loopback", args: []string{"-endpoint", "http://[::1]:8085/", "-account", "k.json:a@b.example"}},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var c cli.Credentials
		c.Register(fs, tt.withActors)
		err := fs.Parse(tt.args)
		if err == nil {
			err = c.Check()
		}
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// Without -account, Open starts the embedded fake on the examples' one
// demo world, with an account on each secondary domain (rule D1).
func TestOpenEmbedded(t *testing.T) {
	t.Parallel()
	var c cli.Credentials
	env, err := c.Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	if !env.Embedded() || env.Endpoint == "" || len(env.Resellers) != 2 {
		t.Fatalf("env = %+v", env)
	}
	eu := env.Resellers[0]
	if eu.Admin != "admin@"+demoworld.DomainEU || len(eu.DomainActors) != 1 || eu.DomainActors[0] != "admin@"+demoworld.DomainNordics {
		t.Errorf("EU reseller = %s, %v", eu.Admin, eu.DomainActors)
	}
	// The key authenticates through the fake's token endpoint, as a
	// service account with domain-wide delegation does at Google (W6).
	for _, who := range []string{eu.Admin, eu.DomainActors[0]} {
		conn, err := env.Dial(t.Context(), eu.Key, who)
		if err != nil {
			t.Fatal(err)
		}
		d, err := domains.New(conn)
		if err != nil {
			t.Fatal(err)
		}
		if a, err := d.GetAccount(t.Context(), who); err != nil || a.Email != who {
			t.Errorf("as %s: GetAccount = %+v, %v", who, a, err)
		}
	}
	// A second Open has a World of its own and the same key: the key is
	// made once per process.
	env2, err := c.Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer env2.Close()
	privateKey := func(e *cli.Env) string {
		var k struct {
			PrivateKey string `json:"private_key"`
			TokenURI   string `json:"token_uri"`
		}
		if err := json.Unmarshal(e.Resellers[0].Key, &k); err != nil || k.PrivateKey == "" || !strings.HasPrefix(k.TokenURI, e.Endpoint) {
			t.Errorf("key file of the fake at %s: token_uri %q, %v", e.Endpoint, k.TokenURI, err)
		}
		return k.PrivateKey
	}
	if env2.Endpoint == env.Endpoint || privateKey(env2) != privateKey(env) {
		t.Errorf("second Open: endpoint %s (first %s), or another key", env2.Endpoint, env.Endpoint)
	}
	if !env.Now().Equal(demoworld.Seed().Start) {
		t.Errorf("clock %v, want the world's %v", env.Now(), demoworld.Seed().Start)
	}
	var notice bytes.Buffer
	env.DemoNotice(&notice, "audit")
	if want := "audit: no -account: using the fake's demo world (reseller domains " + demoworld.DomainEU + ", " +
		demoworld.DomainNordics + ", " + demoworld.DomainUS + ") at " + env.Endpoint + "\n"; notice.String() != want {
		t.Errorf("DemoNotice = %q, want %q", notice.String(), want)
	}
}

// DemoNotice says nothing against Google: there is no demo world there.
func TestDemoNoticeOnGoogle(t *testing.T) {
	t.Parallel()
	var notice bytes.Buffer
	(&cli.Env{Endpoint: ""}).DemoNotice(&notice, "audit")
	if notice.Len() != 0 {
		t.Errorf("DemoNotice on Google printed %q", notice.String())
	}
}

func TestOpenMissingKey(t *testing.T) {
	t.Parallel()
	c := cli.Credentials{Accounts: []cli.Account{{KeyFile: filepath.Join(t.TempDir(), "nokey.json"), Admin: "a@b.example"}}}
	if _, err := c.Open(nil); err == nil || !strings.Contains(err.Error(), "nokey.json") {
		t.Errorf("Open with a missing key file: %v, want an error naming it", err)
	}
}

func TestUsageAndExitCode(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(&out)
	fs.Bool("json", false, "print JSON")
	cli.Usage(fs, "prints the coverage", "go run ./examples/audit -json")
	err := fs.Parse([]string{"-h"})
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"audit: prints the coverage", "Examples:\n  go run ./examples/audit -json", "-json"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
	var stderr bytes.Buffer
	if got := cli.ExitCode("audit", err, &stderr); got != 0 || stderr.Len() != 0 {
		t.Errorf("ExitCode(ErrHelp) = %d, printed %q; want 0 and nothing", got, stderr.String())
	}
	if got := cli.ExitCode("audit", errors.New("boom"), &stderr); got != 2 || stderr.String() != "audit: boom\n" {
		t.Errorf("ExitCode(boom) = %d, printed %q", got, stderr.String())
	}
}

type person struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Accounts []string `json:"accounts"`
	Seats    int      `json:"seats"`
	Active   bool     `json:"active"`
}

type config struct {
	Parents map[string]string `json:"parents"`
	Tenure  []struct {
		Start time.Time `json:"start"`
	} `json:"tenure"`
}

// Every bad file is an error naming the file, the field and what is
// expected there, with its line and column.
func TestDecodeJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, json string
		into       func() any
		want       cli.FileError // File is always "-people p.json"
	}{
		{"empty", "", func() any { return &[]person{} },
			cli.FileError{Problem: "the file is empty; expected a list, each item an object with the fields accounts, active, id, name, seats"}},
		{"blank", " \n\t", func() any { return &[]person{} },
			cli.FileError{Problem: "the file is empty; expected a list, each item an object with the fields accounts, active, id, name, seats"}},
		{"unknown field", "[{\"name\": \"Di\",\n  \"acounts\": [\"di@eu.example\"]}]", func() any { return &[]person{} },
			cli.FileError{Field: "[0].acounts", Line: 2, Column: 14, Problem: `"acounts" is not a field here; did you mean "accounts"? (expected one of accounts, active, id, name, seats)`}},
		{"wrong type", `[{"name": "Di", "accounts": "di@eu.example"}]`, func() any { return &[]person{} },
			cli.FileError{Field: "[0].accounts", Line: 1, Column: 29, Problem: "got a string, expected a list, each item a string"}},
		{"wrong item type", `[{"accounts": ["a@b.example", 7]}]`, func() any { return &[]person{} },
			cli.FileError{Field: "[0].accounts[1]", Line: 1, Column: 31, Problem: "got a number (7), expected a string"}},
		{"not a whole number", `[{"seats": 1.5}]`, func() any { return &[]person{} },
			cli.FileError{Field: "[0].seats", Line: 1, Column: 12, Problem: "1.5 is not a whole number; expected a whole number"}},
		{"bool", `[{"active": "yes"}]`, func() any { return &[]person{} },
			cli.FileError{Field: "[0].active", Line: 1, Column: 13, Problem: "got a string, expected true or false"}},
		{"object for a list", `{"name": "Di"}`, func() any { return &[]person{} },
			cli.FileError{Line: 1, Column: 1, Problem: "got an object, expected a list, each item an object with the fields accounts, active, id, name, seats"}},
		{"syntax", "[{\"name\": \"Di\",}]", func() any { return &[]person{} },
			cli.FileError{Field: "[0]", Line: 1, Column: 16, Problem: "not valid JSON (invalid character '}' looking for beginning of object key string); expected an object with the fields accounts, active, id, name, seats"}},
		{"not JSON", "name,accounts", func() any { return &[]person{} },
			cli.FileError{Line: 1, Column: 3, Problem: "not valid JSON (invalid character 'a' in literal null (expecting 'u')); expected a list, each item an object with the fields accounts, active, id, name, seats"}},
		{"truncated", `[{"name": "Di"`, func() any { return &[]person{} },
			cli.FileError{Field: "[0]", Line: 1, Column: 15, Problem: "the file ends too early; expected an object with the fields accounts, active, id, name, seats"}},
		{"two values", `[] []`, func() any { return &[]person{} },
			cli.FileError{Line: 1, Column: 5, Problem: "more after the end of the JSON value; expected a single value: a list, each item an object with the fields accounts, active, id, name, seats"}},
		{"map value", `{"parents": {"C0123": 123}}`, func() any { return &config{} },
			cli.FileError{Field: `parents["C0123"]`, Line: 1, Column: 23, Problem: "got a number (123), expected a string"}},
		{"time", `{"tenure": [{"start": "2024-01-01"}]}`, func() any { return &config{} },
			cli.FileError{Field: `tenure[0].start`, Line: 1, Column: 23, Problem: `"2024-01-01" is not a time; expected a time such as "2024-01-01T00:00:00Z" (RFC 3339)`}},
	}
	for _, tt := range tests {
		err := cli.DecodeJSON("-people p.json", []byte(tt.json), tt.into())
		var fe *cli.FileError
		if !errors.As(err, &fe) {
			t.Errorf("%s: error %v, want a *cli.FileError", tt.name, err)
			continue
		}
		want := tt.want
		want.File = "-people p.json"
		if diff := cmp.Diff(want, *fe); diff != "" {
			t.Errorf("%s: error mismatch (-want +got):\n%s", tt.name, diff)
		}
		if !strings.HasPrefix(err.Error(), "-people p.json") {
			t.Errorf("%s: %q does not start with the file", tt.name, err)
		}
	}
}

func TestDecodeJSONGood(t *testing.T) {
	t.Parallel()
	var got []person
	if err := cli.DecodeJSON("f", []byte(`[{"ID": "a", "name": "A", "accounts": ["a@b.example"], "seats": 3, "active": true}, null]`), &got); err != nil {
		t.Fatal(err)
	}
	want := []person{{ID: "a", Name: "A", Accounts: []string{"a@b.example"}, Seats: 3, Active: true}, {}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded mismatch (-want +got):\n%s", diff)
	}
	var c config
	if err := cli.DecodeJSON("f", []byte(`{"parents": {"C1": "organizations/1"}, "tenure": [{"start": "2024-01-01T00:00:00Z"}]}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.Parents["C1"] != "organizations/1" || c.Tenure[0].Start.Year() != 2024 {
		t.Errorf("decoded %+v", c)
	}
}

func TestReadJSON(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.json")
	err := cli.ReadJSON("plans", missing, new(map[string]string))
	if err == nil || !strings.Contains(err.Error(), "-plans "+missing+": no such file") {
		t.Errorf("a missing file: %v", err)
	}
	p := filepath.Join(dir, "plans.json")
	if err := os.WriteFile(p, []byte(`{"C1": "Premium"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := cli.ReadJSON("plans", p, &m); err != nil || m["C1"] != "Premium" {
		t.Errorf("ReadJSON = %v, %v", m, err)
	}
	err = cli.FieldError("-plans "+p, `["C1"]`, "%q is not a support plan; expected Standard, Enhanced or Premium", "Gold")
	if err.Error() != "-plans "+p+`: ["C1"]: "Gold" is not a support plan; expected Standard, Enhanced or Premium` {
		t.Errorf("FieldError = %q", err)
	}
}
