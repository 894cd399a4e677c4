package conformance_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// python is Debian's interpreter, where apt installs python3-googleapi; a
// python3 earlier on PATH (pyenv, a virtualenv) would not see it.
const python = "/usr/bin/python3"

// scriptTimeout bounds one script; each takes a few seconds.
const scriptTimeout = 2 * time.Minute

// TestPython runs the Python scripts with Google's google-api-python-client
// (Debian's python3-googleapi) against fakeworkspace.
func TestPython(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(python); err != nil {
		t.Skipf("%s not found: install Debian's python3 and python3-googleapi (apt-get install python3-googleapi; scripts/test.sh does)", python)
	}
	probe := exec.Command(python, "-c", "import googleapiclient, google_auth_httplib2, httplib2")
	if out, err := probe.CombinedOutput(); err != nil {
		t.Skipf("google-api-python-client missing for %s (%v: %s): apt-get install python3-googleapi (scripts/test.sh does)", python, err, strings.TrimSpace(string(out)))
	}
	for _, script := range []string{"test_api.py", "test_control.py"} {
		t.Run(strings.TrimSuffix(script, ".py"), func(t *testing.T) {
			t.Parallel()
			runScript(t, startFake(t), python, filepath.Join("python", script))
		})
	}
}

// TestNode runs the Node scripts with Google's googleapis package (pinned in
// node/package-lock.json) against fakeworkspace.
func TestNode(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: install Node.js 20 or later, then run npm ci in fake/conformance/node (scripts/test.sh does)")
	}
	if _, err := os.Stat(filepath.Join("node", "node_modules", "googleapis", "package.json")); err != nil {
		t.Skip("googleapis is not installed: run npm ci in fake/conformance/node (scripts/test.sh does)")
	}
	for _, script := range []string{"test_api.js", "test_control.js"} {
		t.Run(strings.TrimSuffix(script, ".js"), func(t *testing.T) {
			t.Parallel()
			runScript(t, startFake(t), node, filepath.Join("node", script))
		})
	}
}

// fakeProc is one running fakeworkspace.
type fakeProc struct {
	url   string
	ready string // the ready line, as printed
}

var (
	buildOnce sync.Once
	buildDir  string
	builtCmd  string
	buildErr  error
)

// fakeworkspace builds the command once per test binary and returns its
// path.
func fakeworkspace(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "fakeworkspace-conformance-")
		if buildErr != nil {
			return
		}
		builtCmd = filepath.Join(buildDir, "fakeworkspace")
		cmd := exec.Command(goTool(), "build", "-o", builtCmd, "github.com/resellerkit/resellerkit/fake/cmd/fakeworkspace")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build fakeworkspace: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtCmd
}

func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// startFake starts fakeworkspace on a free loopback port with the demo
// world and stops it (SIGTERM) when the test ends.
func startFake(t *testing.T) fakeProc {
	t.Helper()
	cmd := exec.Command(fakeworkspace(t), "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &syncWriter{w: &strings.Builder{}}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(30 * time.Second):
		t.Fatal("fakeworkspace printed no ready line within 30s")
	}
	var ann struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal([]byte(line), &ann); err != nil || ann.URL == "" {
		t.Fatalf("fakeworkspace ready line %q: %v; stderr:\n%s", line, err, stderr.String())
	}
	return fakeProc{url: ann.URL, ready: strings.TrimSpace(line)}
}

// runScript runs one conformance script against f and fails the test with
// its output when it fails.
func runScript(t *testing.T, f fakeProc, interp, script string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), scriptTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, interp, script)
	cmd.Env = append(os.Environ(),
		"FAKE_URL="+f.url,
		"FAKE_READY="+f.ready,
		"FAKE_DISCOVERY="+discoveryDir(t),
		"PYTHONDONTWRITEBYTECODE=1", // no __pycache__ in the source tree
	)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("%s %s did not finish within %v; output:\n%s", interp, script, scriptTimeout, out)
	}
	if err != nil {
		t.Fatalf("%s %s: %v; output:\n%s", interp, script, err, out)
	}
	t.Logf("%s passed in %v:\n%s", script, time.Since(start).Round(time.Millisecond), out)
}

var (
	discOnce sync.Once
	discDir  string
	discErr  error
)

// discoveryDir returns the directory of the google.golang.org/api module
// of the build list, which holds the discovery documents the fake serves.
func discoveryDir(t *testing.T) string {
	t.Helper()
	discOnce.Do(func() {
		out, err := exec.Command(goTool(), "list", "-m", "-f", "{{.Dir}}", "google.golang.org/api").Output()
		if err != nil {
			discErr = fmt.Errorf("go list -m google.golang.org/api: %v", err)
			return
		}
		discDir = strings.TrimSpace(string(out))
		if _, err := os.Stat(filepath.Join(discDir, "admin", "directory", "v1", "admin-api.json")); err != nil {
			discErr = fmt.Errorf("discovery documents: %v", err)
		}
	})
	if discErr != nil {
		t.Fatal(discErr)
	}
	return discDir
}

// syncWriter serializes writes from the process's stderr copier.
type syncWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}
