//go:build !unix

package atomicfile

// syncDir does nothing where a directory cannot be synced; the rename is
// still atomic.
func syncDir(string) error { return nil }
