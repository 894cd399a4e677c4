package cases_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	cloudsupport "google.golang.org/api/cloudsupport/v2"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// TestListMatchesReference checks listings through the Service and the
// fake's indexed search (posting lists, update indexes with stale entries,
// cursors, a clock that goes back, merged customers) against a plain
// filter and sort of the World's snapshot, over random cases, updates and
// queries (rules C4, C6).
func TestListMatchesReference(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(5, 2026))
	customers := make([]string, 24)
	for i := range customers {
		customers[i] = fmt.Sprintf("C03c%05d", i+1)
	}
	// The customers ana reaches: Alder's on her domain, but the one that
	// revoked reseller access (the others answer 403 and are left out of
	// an all-customers listing, rule D1 and D5).
	reachable := map[string]bool{}
	for i := 1; i <= 10; i++ {
		if c := fmt.Sprintf("C03c%05d", i); c != dunmore {
			reachable[c] = true
		}
	}
	vocab := []string{"calendar", "drive", "gmail", "meet", "vault", "sso", "mobile", "quota", "rare"}
	start := e.w.Now()
	at := func(op int) time.Time { // distinct times, in no order
		return start.Add(-time.Duration(rng.IntN(5_000_000))*time.Millisecond + time.Duration(op))
	}
	var seeds []fake.CaseSeed
	for i := range 800 {
		title := vocab[rng.IntN(len(vocab)-1)] + " " + vocab[rng.IntN(len(vocab)-1)]
		if rng.IntN(200) == 0 {
			title += " rare"
		}
		seeds = append(seeds, fake.CaseSeed{Customer: customers[rng.IntN(len(customers))], Classification: mailDelivery.ID,
			Title: title, Description: "common words here", Severity: cases.Severity(1 + rng.IntN(5)), Created: at(i)})
	}
	names, err := e.w.AddCases(seeds)
	if err != nil {
		t.Fatal(err)
	}
	// Updates through the API, each at its own time on the World's clock.
	clients := map[string]*cloudsupport.Service{}
	client := func(customer string) *cloudsupport.Service {
		caller := anaAlder
		if !reachable[customer] {
			caller = "admin@" + customerDomain(e, customer)
		}
		if clients[caller] == nil {
			clients[caller] = e.conn(caller).CloudSupport()
		}
		return clients[caller]
	}
	closed := map[string]bool{}
	for op := range 400 {
		i := rng.IntN(len(names))
		name, cust := names[i], seeds[i].Customer
		if closed[name] {
			continue
		}
		e.w.SetTime(at(10_000 + op))
		svc := client(cust)
		var err error
		switch rng.IntN(4) {
		case 0:
			_, err = svc.Cases.Patch(name, &cloudsupport.Case{Priority: fmt.Sprintf("P%d", rng.IntN(5))}).UpdateMask("priority").Context(ctx).Do()
		case 1:
			_, err = svc.Cases.Comments.Create(name, &cloudsupport.Comment{Body: "about " + vocab[rng.IntN(len(vocab))]}).Context(ctx).Do()
		case 2:
			_, err = svc.Cases.Close(name, &cloudsupport.CloseCaseRequest{}).Context(ctx).Do()
			closed[name] = true
		case 3:
			_, err = svc.Cases.Patch(name, &cloudsupport.Case{SubscriberEmailAddresses: []string{"x@example.com"}}).UpdateMask("subscriber_email_addresses").Context(ctx).Do()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	e.w.SetTime(start)

	// The truth: the snapshot, and what rule C4 lets Alder see.
	snap := e.w.CasesSnapshot()
	tenure := e.w.CaseTenure()
	visible := func(c cases.Case) bool {
		ps, err := tenure.Periods(ctx, alder, c.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		return reachable[c.CustomerID] && cases.CanView(cases.Viewer{ResellerAccount: alder}, c, ps, start)
	}
	matches := func(f fake.CaseSnapshot, o cases.ListOptions) bool {
		c := f.Case
		if !visible(c) || (o.CustomerID != "" && c.CustomerID != o.CustomerID) || !o.Status.Matches(c.State) ||
			(len(o.Severities) > 0 && !slices.Contains(o.Severities, c.Severity)) {
			return false
		}
		text := []string{c.Title, c.Description}
		for _, cm := range f.Comments {
			text = append(text, cm.Body)
		}
		have := strings.Fields(strings.ToLower(strings.Join(text, " ")))
		for _, w := range strings.Fields(strings.ToLower(o.Keyword)) {
			if !slices.Contains(have, w) {
				return false
			}
		}
		return true
	}

	s := e.service(anaAlder, alder)
	var reachableIDs []string
	for c := range reachable {
		reachableIDs = append(reachableIDs, c)
	}
	slices.Sort(reachableIDs)
	for qi := range 16 {
		var o cases.ListOptions
		if rng.IntN(3) == 0 {
			o.CustomerID = reachableIDs[rng.IntN(len(reachableIDs))]
		}
		switch rng.IntN(4) {
		case 0:
			o.Keyword = vocab[rng.IntN(len(vocab))]
		case 1:
			o.Keyword = "Common " + vocab[rng.IntN(len(vocab))]
		case 2:
			o.Keyword = "words"
		}
		o.Status = cases.Status(rng.IntN(3))
		if rng.IntN(2) == 0 {
			o.Severities = []cases.Severity{cases.Severity(1 + rng.IntN(5)), cases.Severity(1 + rng.IntN(5))}
		}
		var want []cases.Case
		for _, f := range snap {
			if matches(f, o) {
				want = append(want, f.Case)
			}
		}
		slices.SortFunc(want, func(a, b cases.Case) int { return b.UpdateTime.Compare(a.UpdateTime) })
		size := []int{29, 100, 500}[rng.IntN(3)]
		var got []cases.Case
		p := resellerkit.PageRequest{Size: size}
		for pages := 0; ; pages++ {
			page, err := s.ListPage(ctx, &o, p)
			if err != nil {
				t.Fatalf("query %d: %v", qi, err)
			}
			if len(page.Items) > size {
				t.Fatalf("query %d: page of %d with size %d", qi, len(page.Items), size)
			}
			got = append(got, page.Items...)
			if p.Token = page.NextPageToken; p.Token == "" || pages > len(snap) {
				break
			}
		}
		if diff := gocmp.Diff(ids(want), ids(got)); diff != "" {
			t.Fatalf("query %d (%+v) size %d: want %d got %d; mismatch (-want +got):\n%s", qi, o, size, len(want), len(got), diff)
		}
	}
}

// customerDomain returns the primary domain of a customer of the World.
func customerDomain(e *env, customer string) string {
	for _, t := range e.w.Snapshot().Tenants {
		if t.CustomerID == customer {
			return t.Domains[0].Name
		}
	}
	return ""
}
