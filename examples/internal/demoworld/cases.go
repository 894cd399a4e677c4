package demoworld

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
)

// Cases is the number of support cases [New] puts in the world.
const Cases = 1000

// New returns a World holding [Seed] and [Cases] support cases: what
// examples/dashboard runs on. It is deterministic: every call builds the
// same world, with the same case numbers and times, and the clock at the
// seed's start. edits change the seed before the World is built (a service
// account to accept, privileges renamed); the cases are filed for the
// edited seed's customers.
//
// The cases were filed over the eight months before the start, with their
// history already written ([fake.World.AddCases]): filed by one of five
// people with an allowed account on every domain ([People]), on the
// reseller domain that managed the customer at the time, then commented on,
// moved through the states Google support moves a case through, escalated,
// closed. Every state is there: new, in progress, action required,
// solution provided, closed. Closed cases include ones closed within the
// 30-day window of rule C9 and older ones past it. Some cases of Premium
// Support customers are escalated (C8). Customers that came from the other
// reseller account have cases from before the transfer, which stay hidden
// from the current reseller (C4).
func New(edits ...func(*fake.Seed)) (*fake.World, error) {
	seed := Seed()
	for _, edit := range edits {
		edit(&seed)
	}
	w, err := fake.NewWorld(seed)
	if err != nil {
		return nil, err
	}
	if _, err := w.AddCases(caseSeeds(seed)); err != nil {
		return nil, fmt.Errorf("demoworld: %w", err)
	}
	return w, nil
}

// filers file the cases: people with an allowed account on every domain of
// [Seed].
var filers = []string{"ana.lima", "bjorn.nilsson", "lucia.bianchi", "sofia.esposito", "olivier.dubois"}

// issues are the cases' titles and classifications, which are names of
// the fake's catalogue (caseClassifications.search).
var issues = []struct{ title, category string }{
	{"Gmail messages delayed for all users", "Technical Issue > Gmail > Mail delivery"},
	{"Users cannot sign in with SAML single sign-on", "Technical Issue > Security > Single sign-on"},
	{"Calendar invitations not received by external guests", "Technical Issue > Calendar > Invitations"},
	{"Drive for desktop fails to sync shared drives", "Technical Issue > Drive > Sync"},
	{"Meet recordings missing from Drive", "Technical Issue > Meet > Recordings"},
	{"MX record verification fails after a domain change", "Technical Issue > Domains > DNS"},
	{"Shared drive permissions reset unexpectedly", "Technical Issue > Drive > Sharing"},
	{"Mobile devices stopped syncing mail", "Technical Issue > Mobile > Sync"},
	{"Admin console shows a billing error", "Billing > Invoices"},
	{"Bounce messages from recipient servers", "Technical Issue > Gmail > Mail delivery"},
	{"Groups not delivering to their members", "Technical Issue > Groups > Delivery"},
	{"Pooled storage quota exceeded warning", "Technical Issue > Storage > Quota"},
	{"Data migration service stalls at eighty percent", "Technical Issue > Migration > Data migration service"},
	{"Chat messages not delivered to spaces", "Technical Issue > Chat > Delivery"},
	{"Vault export never completes", "Technical Issue > Vault > Exports"},
	{"DKIM authentication failing for outbound mail", "Technical Issue > Gmail > Authentication"},
	{"Calendar resource booking conflicts", "Technical Issue > Calendar > Resources"},
	{"Password reset messages not arriving", "Technical Issue > Security > Account recovery"},
	{"Docs editors slow to load", "Technical Issue > Docs > Performance"},
	{"Security alert about a suspicious sign-in", "Technical Issue > Security > Alerts"},
}

var comments = []string{
	"Support is looking into the logs and will update the case shortly.",
	"The customer confirms the issue still happens after the suggested change.",
	"A workaround was shared; the customer is testing it.",
	"Google engineering identified the cause and is rolling out a fix.",
}

// locale is the language and time zone of the cases filed for the
// customers of a reseller domain.
func locale(domain string, r *rand.Rand) (string, string) {
	switch domain {
	case DomainNordics:
		return "sv", "Europe/Stockholm"
	case DomainUS:
		return []string{"en", "en", "ja", "id"}[r.IntN(4)], []string{"America/New_York", "America/Chicago", "Asia/Tokyo", "Asia/Jakarta"}[r.IntN(4)]
	}
	return []string{"en", "fr", "it"}[r.IntN(3)], []string{"Europe/London", "Europe/Paris", "Europe/Rome"}[r.IntN(3)]
}

// caseSeeds writes the [Cases] cases of seed's customers, in filing order.
func caseSeeds(seed fake.Seed) []fake.CaseSeed {
	type cust struct {
		id, domain string
		plan       domains.SupportPlan
		tenure     []fake.TenureSeed
	}
	start := seed.Start
	var custs []cust
	for _, t := range seed.Tenants {
		if !t.Reseller {
			custs = append(custs, cust{id: t.CustomerID, domain: t.Customer.ResellerDomain, plan: t.Customer.SupportPlan, tenure: t.Customer.Tenure})
		}
	}
	// The draws from r are the same, in the same order, for every call:
	// change them and the world changes.
	r := rand.New(rand.NewPCG(20260105, 1000))
	const span = 240 * 24 * time.Hour
	out := make([]fake.CaseSeed, 0, Cases)
	for range Cases {
		c := custs[r.IntN(len(custs))]
		created := start.Add(-time.Duration(r.Int64N(int64(span - time.Hour)))).Add(-time.Hour).Truncate(time.Minute)
		// The reseller domain that managed the customer when the case was
		// filed: the tenure holder at creation time.
		domain := c.domain
		for _, ten := range c.tenure {
			if !created.Before(ten.From) && (ten.To.IsZero() || created.Before(ten.To)) {
				domain = ten.ResellerDomain
			}
		}
		issue := issues[r.IntN(len(issues))]
		lang, tz := locale(domain, r)
		sev := []cases.Severity{cases.S0, cases.S1, cases.S1, cases.S2, cases.S2, cases.S2, cases.S3, cases.S3, cases.S3, cases.S3, cases.S4, cases.S4}[r.IntN(12)]
		filer := filers[r.IntN(len(filers))] + "@" + domain
		cs := fake.CaseSeed{
			Customer:       c.id,
			Filer:          filer,
			Classification: issue.category,
			Title:          issue.title,
			Description: fmt.Sprintf("%s. It started about %d hours before this case was filed and affects about %d users. "+
				"Steps already tried: checked the Admin console settings and the service status page.",
				issue.title, 1+r.IntN(48), 1+r.IntN(500)),
			Severity: sev,
			Language: lang,
			TimeZone: tz,
			State:    cases.StateNew,
			Created:  created,
			Updated:  created,
		}
		touch := func(at time.Time) {
			if at.After(cs.Updated) {
				cs.Updated = at
			}
		}
		age := start.Sub(created)
		closeProb := 0.25
		switch {
		case age > 45*24*time.Hour:
			closeProb = 0.92
		case age > 10*24*time.Hour:
			closeProb = 0.6
		}
		// The open states Google support moves a case through.
		t := created
		for _, st := range []cases.State{cases.StateInProgress, cases.StateActionRequired, cases.StateSolutionProvided} {
			if r.Float64() < 0.35 {
				break
			}
			t = t.Add(time.Duration(30+r.IntN(60*24)) * time.Minute)
			if !t.Before(start) {
				break
			}
			cs.State = st
			touch(t)
		}
		var comment *cases.Comment
		if r.Float64() < 0.4 {
			body := comments[r.IntN(len(comments))]
			at := created.Add(time.Duration(10+r.IntN(120)) * time.Minute)
			if at.Before(start) {
				comment = &cases.Comment{Body: body, Author: filer, CreateTime: at}
			}
		}
		if c.plan == domains.PlanPremium && r.Float64() < 0.5 {
			at := created.Add(time.Duration(5+r.IntN(50)) * time.Minute)
			if at.Before(start) {
				cs.Escalated = true
				touch(at)
			}
		}
		closed := time.Time{}
		if r.Float64() < closeProb {
			if at := t.Add(time.Duration(1+r.IntN(20*24)) * time.Hour); at.Before(start) {
				closed = at
			}
		}
		// A closed case takes no more comments: one written after the
		// close is left out, so the close is the case's last update.
		if comment != nil && (closed.IsZero() || comment.CreateTime.Before(closed)) {
			cs.Comments = []cases.Comment{*comment}
			touch(comment.CreateTime)
		}
		if !closed.IsZero() {
			cs.State = cases.StateClosed
			touch(closed)
		}
		out = append(out, cs)
	}
	// Case numbers are issued in filing order.
	slices.SortStableFunc(out, func(a, b fake.CaseSeed) int { return a.Created.Compare(b.Created) })
	return out
}
