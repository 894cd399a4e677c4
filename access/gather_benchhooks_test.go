package access_test

import (
	"testing"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
)

// addProbers gives the source its two delegated "prober" admins, to
// spread the customer probes over three users' quota (rule W3).
func addProbers(b *testing.B, src *access.Source, dial func(string) *resellerkit.Conn, dom string) {
	for _, u := range []string{"prober1@", "prober2@"} {
		d, err := domains.New(dial(u + dom))
		if err != nil {
			b.Fatal(err)
		}
		src.Probers = append(src.Probers, d)
	}
}

func newGatherCache() *access.GatherCache { return access.NewGatherCache(24 * time.Hour) }

func newGatherOptions(w *fake.World, cache *access.GatherCache) *access.GatherOptions {
	return &access.GatherOptions{Clock: w.Now, Cache: cache}
}
