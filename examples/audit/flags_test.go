package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/examples/internal/cli/clitest"
)

func TestMain(m *testing.M) { clitest.TestMain(m, main) }

// -h exits 0 and shows an example command and the shared credential flags.
func TestHelp(t *testing.T) {
	t.Parallel()
	clitest.Help(t, "go run ./examples/audit", "account", "endpoint", "people", "format")
}

// A bad -people file is an error naming the file and the field, before
// any request is sent.
func TestBadPeopleFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	key := write("key.json", "{}")
	for _, tc := range []struct {
		file string
		want []string
	}{
		{write("empty.json", ""), []string{"empty.json", "the file is empty", "expected a list"}},
		{write("typo.json", `[{"id": "ana", "acounts": ["ana@a.example"]}]`), []string{"typo.json:1:", "[0].acounts", `did you mean "Accounts"`}},
		{write("noacc.json", `[{"id": "ana"}]`), []string{"noacc.json", "[0].accounts", "expected at least one"}},
		{filepath.Join(dir, "missing.json"), []string{"missing.json", "no such file"}},
	} {
		err := run(t.Context(), []string{"-account", key + ":admin@reseller.example", "-people", tc.file}, io.Discard, io.Discard)
		if err == nil {
			t.Errorf("-people %s: no error", tc.file)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q lacks %q", err, w)
			}
		}
	}
}
