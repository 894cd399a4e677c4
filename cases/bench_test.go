package cases_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// benchWorld fills the demo World with n cases spread over its 24
// customers, one second apart: titles and descriptions drawn from a
// vocabulary in which "calendar" appears in about one case in twenty and
// "escrow" in about one in two thousand; 70% open; severities uniform.
func benchWorld(b *testing.B, n int) *fake.World {
	b.Helper()
	w := newWorld(b)
	st := w.CaseStore()
	ctx := context.Background()
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
	w.SetTime(fake.DefaultStart.Add(-time.Duration(n) * time.Second))
	for i := range n {
		w.Advance(time.Second)
		c, err := st.Create(ctx, cases.Case{CustomerID: customers[rng.IntN(len(customers))], Product: cases.GoogleWorkspace,
			Category: cases.Category{ID: "x"}, Title: titles[rng.IntN(len(titles))], Description: descs[rng.IntN(len(descs))],
			Severity: cases.Severity(1 + rng.IntN(5)), Language: "en", TimeZone: "UTC"})
		if err != nil {
			b.Fatal(err)
		}
		if i%10 < 3 {
			if _, err := st.Close(ctx, c.ID); err != nil {
				b.Fatal(err)
			}
		}
	}
	return w
}

// BenchmarkListFirstPage measures the first page of 50 of a reseller's
// listing through the Service over the fake store (rule C6): keyword +
// status + severity, newest update first, over all the reseller account's
// customers; with other filters for comparison. Goals: under 10 ms at
// 100,000 cases and under 100 ms at 1,000,000.
//
//	go test -run XXX -bench BenchmarkListFirstPage -benchmem ./cases/
func BenchmarkListFirstPage(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("cases=%d", n), func(b *testing.B) {
			w := benchWorld(b, n)
			s := service(b, w, alder)
			ctx := context.Background()
			for _, bc := range []struct {
				name string
				opts cases.ListOptions
			}{
				{"keyword+status+severity", cases.ListOptions{Keyword: "calendar", Status: cases.Open, Severities: []cases.Severity{cases.S1, cases.S2}, PageSize: 50}},
				{"no filter", cases.ListOptions{PageSize: 50}},
				{"one customer+status+severity", cases.ListOptions{CustomerID: acme, Status: cases.Open, Severities: []cases.Severity{cases.S1}, PageSize: 50}},
				{"rare keyword", cases.ListOptions{Keyword: "escrow", PageSize: 50}},
				{"no match (scans every case)", cases.ListOptions{Keyword: "calendar w001 w002", Status: cases.Closed, Severities: []cases.Severity{cases.S0}, PageSize: 50}},
			} {
				b.Run(bc.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := s.ListPage(ctx, &bc.opts); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
