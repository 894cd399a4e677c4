// Package atomicfile replaces a file so that a crash at any point, SIGKILL
// included, leaves either the old file or the new one, never a mix: the
// bytes go to a temporary file next to it, which is synced to disk,
// renamed over the file, and the directory synced so the rename lasts.
// The fake's state file, the provisioning passwords file and saved access
// snapshots are written this way.
package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
)

// TempPattern is the [os.CreateTemp] pattern of the temporary files Write
// makes for path: hidden, in the same directory so the rename stays in one
// file system. A program may glob it to remove what a killed run left.
func TempPattern(path string) string { return "." + filepath.Base(path) + ".tmp-*" }

// Write replaces the file at path by b, with permissions perm.
func Write(path string, b []byte, perm fs.FileMode) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, TempPattern(path))
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(b); err != nil {
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}
