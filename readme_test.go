package resellerkit_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// goBlock is one ```go block of README.md.
type goBlock struct {
	line  int // the line of its opening fence
	lines []string
}

// readmeGoBlocks returns the Go blocks of README.md.
func readmeGoBlocks(t *testing.T) []goBlock {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []goBlock
	var cur *goBlock
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == "```go":
			cur = &goBlock{line: n}
		case cur != nil && strings.TrimSpace(line) == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.lines = append(cur.lines, line)
		}
	}
	if cur != nil {
		t.Fatalf("README.md:%d: a ```go block is never closed", cur.line)
	}
	return blocks
}

// isFile reports whether a block is a whole Go file, which the test builds
// in a module of its own rather than finding it in this one's tests.
func (b goBlock) isFile() bool {
	return len(b.lines) > 0 && strings.HasPrefix(b.lines[0], "package ")
}

// trimmed is the block's non-blank lines without their indentation: a
// block stands in a test at whatever depth the test's code needs.
func trimmed(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// TestREADMEGoBlocksAreTested: every Go fragment of README.md stands, line
// for line, in a test file of this module that runs in CI (readme_tour_test.go
// holds most of them), so README cannot show code that does not compile or
// gives wrong answers. Whole files are built by TestREADMEFakeSnippetInNewModule.
func TestREADMEGoBlocksAreTested(t *testing.T) {
	t.Parallel()
	blocks := readmeGoBlocks(t)
	if len(blocks) == 0 {
		t.Fatal("README.md has no Go block")
	}
	var tests []string // the trimmed lines of every _test.go file, joined
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			tests = append(tests, "\n"+strings.Join(trimmed(strings.Split(string(b), "\n")), "\n")+"\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		if b.isFile() {
			continue
		}
		want := "\n" + strings.Join(trimmed(b.lines), "\n") + "\n"
		found := false
		for _, f := range tests {
			if strings.Contains(f, want) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("README.md:%d: this Go block is in no test file; put it, line for line, in a test that runs it (readme_tour_test.go):\n%s",
				b.line, strings.Join(b.lines, "\n"))
		}
	}
}

// TestREADMEFakeSnippetInNewModule copies README's "Testing your code with
// the fake" file into a new module that requires this one, as a user
// would, and runs its test: it must compile against the public API only
// and pass (the right customers for a secondary-domain actor, expiry after
// w.Advance, a case filed).
func TestREADMEFakeSnippetInNewModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a module of its own")
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		if goTool, err = exec.LookPath("go"); err != nil {
			t.Skip("no go tool to build the snippet with")
		}
	}
	var file *goBlock
	for _, b := range readmeGoBlocks(t) {
		if b.isFile() {
			if file != nil {
				t.Fatalf("README.md:%d: a second whole-file Go block; this test builds one", b.line)
			}
			file = &b
		}
	}
	if file == nil {
		t.Fatal("README.md has no whole-file Go block (the fake's test file)")
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	goMod := "module example.com/onboarding\n\ngo 1.26\n\nrequire github.com/resellerkit/resellerkit v0.0.0\n\n" +
		"replace github.com/resellerkit/resellerkit => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{
		"go.mod":             []byte(goMod),
		"go.sum":             sum,
		"onboarding_test.go": []byte(strings.Join(file.lines, "\n") + "\n"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	args := []string{"test", "-count=1"}
	if raceEnabled {
		args = append(args, "-race") // shares the build cache of this run
	}
	cmd := exec.CommandContext(ctx, goTool, append(args, "./...")...)
	cmd.Dir = dir
	// Offline: everything the snippet needs is in this module's go.sum and
	// the module cache this build already filled.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("README's fake snippet, built in a new module, fails: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("ok")) {
		t.Errorf("go test of README's fake snippet ran no test:\n%s", out)
	}
}
