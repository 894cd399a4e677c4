package cases_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// TestFakeStoreMatchesReference checks the fake store's indexed listing
// (posting lists, per-customer merges, the index of every case, cursors,
// a clock that goes back) against cases.Query.Matches and a plain sort, over
// random cases, updates and queries (rule C6).
func TestFakeStoreMatchesReference(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	w := newWorld(t)
	st := w.CaseStore()
	rng := rand.New(rand.NewPCG(5, 2026))
	customers := make([]string, 24)
	for i := range customers {
		customers[i] = fmt.Sprintf("C03c%05d", i+1)
	}
	vocab := []string{"calendar", "drive", "gmail", "meet", "vault", "sso", "mobile", "quota", "rare"}
	start := fake.DefaultStart
	op := 0
	tick := func() { // distinct times, sometimes earlier than the last one
		op++
		w.SetTime(start.Add(time.Duration(rng.IntN(5_000_000))*time.Millisecond + time.Duration(op)))
	}
	var all []string
	for range 4500 {
		tick()
		title := vocab[rng.IntN(len(vocab)-1)] + " " + vocab[rng.IntN(len(vocab)-1)]
		if rng.IntN(200) == 0 {
			title += " rare"
		}
		c, err := st.Create(ctx, cases.Case{CustomerID: customers[rng.IntN(len(customers))], Product: cases.GoogleWorkspace,
			Category: cases.Category{ID: "x"}, Title: title, Description: "common words here", Severity: cases.Severity(1 + rng.IntN(5)),
			Language: "en", TimeZone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, c.ID)
	}
	for range 2000 {
		tick()
		id := all[rng.IntN(len(all))]
		var err error
		switch rng.IntN(4) {
		case 0:
			_, err = st.SetSeverity(ctx, id, cases.Severity(1+rng.IntN(5)))
		case 1:
			_, err = st.AddComment(ctx, id, cases.Comment{Body: "about " + vocab[rng.IntN(len(vocab))]})
		case 2:
			if c, _ := st.Get(ctx, id); c.State != cases.StateClosed {
				_, err = st.Close(ctx, id)
			}
		case 3:
			_, err = st.SetSharing(ctx, id, []string{"x@example.com"})
		}
		if err != nil {
			t.Fatal(err)
		}
	}

	// The truth, read back through Get and ListComments.
	type truth struct {
		c        cases.Case
		comments []string
	}
	var facts []truth
	for _, id := range all {
		c, err := st.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		cms, err := resellerkit.Collect(resellerkit.All(ctx, func(ctx context.Context, tok string) (resellerkit.Page[cases.Comment], error) {
			return st.ListComments(ctx, id, resellerkit.PageRequest{Size: 100, Token: tok})
		}))
		if err != nil {
			t.Fatal(err)
		}
		var bodies []string
		for _, cm := range cms {
			bodies = append(bodies, cm.Body)
		}
		facts = append(facts, truth{c, bodies})
	}

	for qi := range 60 {
		var q cases.Query
		n := []int{1, 3, 8, 9, 24}[rng.IntN(5)]
		for _, i := range rng.Perm(len(customers))[:n] {
			s := cases.Scope{CustomerID: customers[i]}
			if rng.IntN(3) == 0 {
				from := start.Add(time.Duration(rng.IntN(5_000_000)) * time.Millisecond)
				s.Filed = []cases.Period{{Start: from, End: from.Add(time.Duration(rng.IntN(2_000_000)) * time.Millisecond)}, {Start: start.Add(4_000_000 * time.Millisecond)}}
			}
			q.Scopes = append(q.Scopes, s)
		}
		switch rng.IntN(4) {
		case 0:
			q.Keyword = vocab[rng.IntN(len(vocab))]
		case 1:
			q.Keyword = "Common " + vocab[rng.IntN(len(vocab))]
		case 2:
			q.Keyword = "words"
		}
		q.Status = cases.Status(rng.IntN(3))
		if rng.IntN(2) == 0 {
			q.Severities = []cases.Severity{cases.Severity(1 + rng.IntN(5)), cases.Severity(1 + rng.IntN(5))}
		}
		q.Order = cases.Order(rng.IntN(2))

		var want []cases.Case
		for _, f := range facts {
			if q.Matches(f.c, f.comments) {
				want = append(want, f.c)
			}
		}
		slices.SortFunc(want, func(a, b cases.Case) int {
			if q.Order == cases.NewestUpdateFirst {
				return b.UpdateTime.Compare(a.UpdateTime)
			}
			return a.UpdateTime.Compare(b.UpdateTime)
		})
		size := []int{1, 7, 50, 500}[rng.IntN(4)]
		var got []cases.Case
		tok := ""
		for pages := 0; ; pages++ {
			p, err := st.List(ctx, q, resellerkit.PageRequest{Size: size, Token: tok})
			if err != nil {
				t.Fatalf("query %d: %v", qi, err)
			}
			if len(p.Items) > size || (p.NextPageToken != "" && len(p.Items) != size) {
				t.Fatalf("query %d: page of %d with size %d and token %q", qi, len(p.Items), size, p.NextPageToken)
			}
			got = append(got, p.Items...)
			if p.NextPageToken == "" || pages > len(all) {
				break
			}
			tok = p.NextPageToken
		}
		if diff := gocmp.Diff(ids(want), ids(got)); diff != "" {
			t.Fatalf("query %d (%d scopes, keyword %q, status %v, sev %v, order %v) size %d: want %d got %d; mismatch (-want +got):\n%s", qi, len(q.Scopes), q.Keyword, q.Status, q.Severities, q.Order, size, len(want), len(got), diff)
		}
	}
}
