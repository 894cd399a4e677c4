package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/resellerkit/resellerkit/internal/atomicfile"
)

func TestWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	for _, content := range []string{"first", "second, longer than the first"} {
		if err := atomicfile.Write(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil || string(b) != content {
			t.Fatalf("after Write(%q): %q, %v", content, b, err)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, %v; want 0600", fi.Mode(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, atomicfile.TempPattern(path))); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// A directory that does not exist: an error, and nothing written.
	if err := atomicfile.Write(filepath.Join(dir, "nope", "x"), []byte("x"), 0o600); err == nil {
		t.Error("Write into a missing directory: no error")
	}
}
