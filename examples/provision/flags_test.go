package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// -h exits 0 and shows an example command and the shared credential flags.
func TestHelp(t *testing.T) {
	t.Parallel()
	for _, h := range []string{"-h", "-help"} {
		cmd := exec.CommandContext(t.Context(), os.Args[0], h)
		cmd.Env = append(os.Environ(), asCommand+"=1")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) || err != nil {
			t.Fatalf("%s: %v\n%s", h, err, out.String())
		}
		for _, w := range []string{"Examples:", "go run ./examples/provision", "-account", "-endpoint", "-team"} {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s lacks %q:\n%s", h, w, out.String())
			}
		}
	}
}

// A bad -team file is an error naming the file, the field and what is
// expected, before anything is written.
func TestBadTeamFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		content string
		want    []string
	}{
		{"", []string{"team.json", "the file is empty", "expected an object"}},
		{`{"profile": "cloud-support-portal", "peeple": []}`, []string{"team.json:1:", "peeple", `did you mean "people"`}},
		{`{"people": [{"id": "a@b.example", "domains": "northwind-eu.example"}]}`, []string{"team.json:1:", "people[0].domains", "got a string, expected a list"}},
		{`{"people": [] }  {}`, []string{"team.json:1:", "more after the end"}},
	} {
		p := filepath.Join(dir, "team.json")
		if err := os.WriteFile(p, []byte(tc.content), 0o600); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err := run(t.Context(), []string{"-team", p, "-apply", "-passwords", filepath.Join(dir, "pw.csv")}, &out, io.Discard)
		if err == nil {
			t.Errorf("%q: no error", tc.content)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q lacks %q", err, w)
			}
		}
		if out.Len() != 0 {
			t.Errorf("%q: a plan was printed: %s", tc.content, out.String())
		}
		if _, err := os.Stat(filepath.Join(dir, "pw.csv")); err == nil {
			t.Errorf("%q: the password file was written", tc.content)
		}
	}
}

// -ci-seats works on the fake too, over the demo world's own seats: too
// few seats block the plan (S4), and -apply refuses it.
func TestCISeatsOnTheFake(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-ci-seats", "1"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "[FAIL] S4 enough Cloud Identity Free seats") || !strings.Contains(out.String(), "3 needed, 0 free (33 assigned of 1") {
		t.Errorf("-ci-seats 1 had no effect on the fake's plan:\n%s", out.String())
	}
	err := run(t.Context(), []string{"-ci-seats", "1", "-apply", "-passwords", filepath.Join(t.TempDir(), "pw.csv")}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "the plan cannot be applied") {
		t.Errorf("-apply with too few seats: %v, want the plan refused", err)
	}
}
