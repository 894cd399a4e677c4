package pii_test

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies keeps the package free of the SDK: it imports the
// standard library and golang.org/x/text only, never the root resellerkit
// package, another package of the module or a Google client, so scanning
// text for personal data costs a program nothing else.
func TestDependencies(t *testing.T) {
	t.Parallel()
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("the go tool is not on PATH: %v", err)
	}
	cmd := exec.CommandContext(t.Context(), gotool, "list", "-deps",
		"-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list -deps: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list -deps: %v", err)
	}
	const self = "github.com/resellerkit/resellerkit/cases/pii"
	for _, p := range strings.Fields(string(out)) {
		if p == self || p == "golang.org/x/text" || strings.HasPrefix(p, "golang.org/x/text/") {
			continue
		}
		t.Errorf("cases/pii depends on %s; it may import only the standard library and golang.org/x/text", p)
	}
}
