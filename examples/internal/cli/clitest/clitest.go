// Package clitest checks, from an example's tests, what package cli
// promises of every example: -h exits 0 and shows an example command.
package clitest

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

// runMainEnv, when set in a test binary's environment, makes [TestMain]
// run the program's main instead of the tests, with the arguments after
// the "--" of the command line.
const runMainEnv = "RESELLERKIT_EXAMPLE_RUN_MAIN"

// TestMain runs the tests, or, in the child process [Help] starts, the
// program's main: the only way to see its real exit status.
func TestMain(m *testing.M, main func()) {
	if os.Getenv(runMainEnv) == "1" {
		args := os.Args[:1]
		for i, a := range os.Args {
			if a == "--" {
				args = append(args, os.Args[i+1:]...)
				break
			}
		}
		os.Args = args
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// Run runs the program's main in a child process with args and returns
// its exit status and its output (stdout and stderr together).
func Run(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, string(out)
	case errors.As(err, &ee):
		return ee.ExitCode(), string(out)
	}
	t.Fatalf("running main %q: %v", args, err)
	return 0, ""
}

// Help checks that -h and -help exit 0 and print the example command
// (e.g. "go run ./examples/audit") and the program's flags.
func Help(t *testing.T, command string, flags ...string) {
	t.Helper()
	for _, h := range []string{"-h", "-help"} {
		code, out := Run(t, h)
		if code != 0 {
			t.Errorf("%s: exit status %d, want 0\n%s", h, code, out)
		}
		if !strings.Contains(out, "Examples:") || !strings.Contains(out, command) {
			t.Errorf("%s shows no example command %q:\n%s", h, command, out)
		}
		for _, f := range flags {
			if !strings.Contains(out, "-"+f) {
				t.Errorf("%s does not describe -%s:\n%s", h, f, out)
			}
		}
	}
}

// OnDemoWorld checks that a program run without -account said, on stderr,
// that it runs on the examples' one demo world (demoworld): the notice of
// cli.Env.DemoNotice naming its three reseller domains. Every example
// checks it, so a new user sees the same company in each.
func OnDemoWorld(t *testing.T, program, stderr string) {
	t.Helper()
	want := program + ": no -account: using the fake's demo world (reseller domains " +
		demoworld.DomainEU + ", " + demoworld.DomainNordics + ", " + demoworld.DomainUS + ") at http://127.0.0.1:"
	if !strings.Contains(stderr, want) {
		t.Errorf("%s does not say it runs on the demo world (%q); stderr:\n%s", program, want, stderr)
	}
}
