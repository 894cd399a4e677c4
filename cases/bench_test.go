package cases_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// benchEnv fills the demo World with n cases spread over its 24 customers,
// one second apart up to the World's start: titles and descriptions drawn
// from a vocabulary in which "calendar" appears in about one case in
// twenty and "escrow" in about one in two thousand; 70% open; severities
// uniform. The cases are seeded with fake.World.AddCases, as filing a
// million through the API would take minutes.
func benchEnv(b *testing.B, n int) *env {
	b.Helper()
	e := newEnv(b)
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	vocab := make([]string, 400)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%03d", i)
	}
	sentence := func(words int) string {
		parts := make([]string, words)
		for i := range parts {
			parts[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(parts, " ")
	}
	titles, descs := make([]string, 4096), make([]string, 4096)
	for i := range titles {
		titles[i] = sentence(5)
		descs[i] = sentence(25)
		if i%20 == 0 {
			titles[i] += " calendar"
		}
		if i%2000 == 7 {
			descs[i] += " escrow"
		}
	}
	customers := make([]string, 24)
	for i := range customers {
		customers[i] = fmt.Sprintf("C03c%05d", i+1)
	}
	first := e.w.Now().Add(-time.Duration(n) * time.Second)
	const batch = 10_000
	seeds := make([]fake.CaseSeed, 0, batch)
	for i := range n {
		s := fake.CaseSeed{Customer: customers[rng.IntN(len(customers))], Filer: anaAlder, Classification: mailDelivery.ID,
			Title: titles[rng.IntN(len(titles))], Description: descs[rng.IntN(len(descs))],
			Severity: cases.Severity(1 + rng.IntN(5)), Language: "en", TimeZone: "UTC",
			Created: first.Add(time.Duration(i+1) * time.Second)}
		if i%10 < 3 {
			s.State = cases.StateClosed
		}
		if seeds = append(seeds, s); len(seeds) == batch || i == n-1 {
			if _, err := e.w.AddCases(seeds); err != nil {
				b.Fatal(err)
			}
			seeds = seeds[:0]
		}
	}
	return e
}

// BenchmarkListFirstPage measures the first page of 50 of a reseller's
// listing through the Service, the Conn and the Cloud Support client over
// the fake served in-process (rule C6): keyword + status + severity, newest
// update first, over all the reseller account's customers (a search per
// customer, merged); with other filters for comparison. Goals: under 10 ms
// at 100,000 cases and under 100 ms at 1,000,000.
//
//	go test -run '^$' -bench BenchmarkListFirstPage -benchmem ./cases/
func BenchmarkListFirstPage(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("cases=%d", n), func(b *testing.B) {
			e := benchEnv(b, n)
			s := e.service(anaAlder, alder)
			ctx := context.Background()
			for _, bc := range []struct {
				name string
				opts cases.ListOptions
			}{
				{"keyword+status+severity", cases.ListOptions{Keyword: "calendar", Status: cases.Open, Severities: []cases.Severity{cases.S1, cases.S2}}},
				{"no filter", cases.ListOptions{}},
				{"one customer+status+severity", cases.ListOptions{CustomerID: acme, Status: cases.Open, Severities: []cases.Severity{cases.S1}}},
				{"rare keyword", cases.ListOptions{Keyword: "escrow"}},
				{"no match (scans every case)", cases.ListOptions{Keyword: "calendar w001 w002", Status: cases.Closed, Severities: []cases.Severity{cases.S0}}},
			} {
				b.Run(bc.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := s.ListPage(ctx, &bc.opts, resellerkit.PageRequest{Size: 50}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
