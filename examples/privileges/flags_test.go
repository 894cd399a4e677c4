package main

import (
	"testing"

	"github.com/resellerkit/resellerkit/examples/internal/cli/clitest"
)

func TestMain(m *testing.M) { clitest.TestMain(m, main) }

// -h exits 0 and shows an example command and the shared credential flags.
func TestHelp(t *testing.T) {
	t.Parallel()
	clitest.Help(t, "go run ./examples/privileges", "account", "endpoint", "json")
}
