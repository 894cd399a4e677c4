//go:build !unix

package main

// lockFile does not lock where flock is missing: do not run two provision
// runs on one password file at once.
func lockFile(string) (func() error, error) { return func() error { return nil }, nil }

// syncDir does nothing where a directory cannot be synced; the rename is
// still atomic.
func syncDir(string) error { return nil }
