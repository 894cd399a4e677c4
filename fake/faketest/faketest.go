// Package faketest starts a [fake.Server] for a test or a benchmark and
// closes it when the test ends. It is a package of its own so that package
// fake, which programs embed, does not link the testing package.
package faketest

import (
	"testing"

	"github.com/resellerkit/resellerkit/fake"
)

// NewServer starts a [fake.Server] over w with opts and closes it when tb
// ends. It fails tb at once on error.
func NewServer(tb testing.TB, w *fake.World, opts ...fake.Option) *fake.Server {
	tb.Helper()
	s, err := fake.NewServer(w, opts...)
	if err != nil {
		tb.Fatalf("faketest.NewServer: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
