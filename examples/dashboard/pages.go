package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// option is one entry of a <select>.
type option struct {
	Value, Label string
	Selected     bool
}

// customersPage is the data of the customers page: the customers of one
// reseller domain (rule D1), with reseller access (D5), plan and open cases.
type customersPage struct {
	Domain  string
	Domains []domainChoice
	Rows    []customerRow
	Revoked int
	Premium int
	Open    int

	// The filters and the sort (bounded query parameters): a keyword
	// matched in the customer's domain or ID, reseller access (D5), plan.
	Keyword  string
	Accesses []option
	Plans    []option
	Sorts    []option
	Total    int // the domain's customers before the filters
}

type domainChoice struct {
	Name     string
	Count    int
	Selected bool
}

type customerRow struct {
	domains.Customer
	Account   string // the reseller account, for the cases link
	OpenCases int
}

func (a *app) customers(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	want := r.URL.Query().Get("domain")
	if want != "" {
		n, err := domains.NormalizeDomain(want)
		if err != nil {
			a.fail(w, r, http.StatusBadRequest, badParam("domain", want, err))
			return
		}
		want = n
	}
	ds := snap.Access.Domains
	if want == "" && len(ds) > 0 {
		want = ds[0].Name
	}
	i := slices.IndexFunc(ds, func(d access.DomainFacts) bool { return d.Name == want })
	if i < 0 {
		a.fail(w, r, http.StatusNotFound, pageErr("err.domain", want))
		return
	}
	open := map[string]int{}
	for _, st := range snap.Cases {
		for id, n := range st.Open {
			open[id] += n
		}
	}
	f, err := parseCustomerFilter(r)
	if err != nil {
		a.fail(w, r, http.StatusBadRequest, err) // a pageError
		return
	}
	l := langFromRequest(r)
	p := customersPage{Domain: want, Keyword: f.keyword, Total: len(ds[i].Customers)}
	p.Accesses, p.Plans, p.Sorts = f.options(l)
	for _, c := range ds[i].Customers {
		if !f.keep(c) {
			continue
		}
		p.Rows = append(p.Rows, customerRow{Customer: c, Account: ds[i].ResellerAccount, OpenCases: open[c.ID]})
		if !c.AccessGranted {
			p.Revoked++
		}
		if c.Plan == domains.PlanPremium {
			p.Premium++
		}
		p.Open += open[c.ID]
	}
	slices.SortStableFunc(p.Rows, f.compare)
	for _, d := range ds {
		p.Domains = append(p.Domains, domainChoice{Name: d.Name, Count: len(d.Customers), Selected: d.Name == want})
	}
	a.render(w, r, http.StatusOK, "customers", a.newView(r, "/customers", l.T("customers.title", want), p))
}

// seatRow is one line of the seats page.
type seatRow struct {
	Account, Customer, Product, SKU, SKUName, Source string
	Assigned, Total, Free, Percent                   int
	LowMark, HighMark                                float64
	Low                                              bool
	Err                                              string
}

// seatsPage is the data of the seats page (rule L4) and the
// double-licensing symptom (rule S2).
type seatsPage struct {
	Rows   []seatRow
	Double []doubleRow
	Chart  chart // the seat usage per SKU (charts.go)
}

type doubleRow struct {
	Account, User string
	Workspace     []string
	CloudIdentity []string
}

// lowSeats is the share of free seats under which an SKU is flagged: the
// next setups may fail with "no seats" (rule S4).
const lowSeats = 0.1

func (a *app) seats(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	names := accountNames(snap)
	l := langFromRequest(r)
	var p seatsPage
	for _, s := range snap.Seats {
		row := seatRow{
			Account: names[s.Customer], Customer: s.Customer, Product: string(s.Product), SKU: string(s.SKU),
			SKUName: s.SKUName, Source: seatSourceLabel(l, s.Source), Assigned: s.Assigned, Total: s.Available, Free: s.Free(),
		}
		if s.Err != nil {
			// The SDK's text is for the log; the page says what to do.
			a.log.Warn("seat count unknown", "customer", s.Customer, "sku", s.SKU, "err", s.Err)
			row.Err = l.T("seats.err")
		}
		if s.Available > 0 {
			row.Percent = min(100, s.Assigned*100/s.Available)
			row.LowMark = float64(s.Available) * 0.5
			row.HighMark = float64(s.Available) * (1 - lowSeats)
			row.Low = float64(row.Free) <= float64(s.Available)*lowSeats
		}
		p.Rows = append(p.Rows, row)
	}
	for _, rep := range snap.Double {
		for _, d := range rep.Accounts {
			dr := doubleRow{Account: names[rep.Customer], User: d.UserID}
			for _, x := range d.Workspace {
				dr.Workspace = append(dr.Workspace, x.SKU.Name())
			}
			for _, x := range d.CloudIdentity {
				dr.CloudIdentity = append(dr.CloudIdentity, x.SKU.Name())
			}
			p.Double = append(p.Double, dr)
		}
	}
	p.Chart = seatsChart(l, p.Rows)
	a.render(w, r, http.StatusOK, "seats", a.newView(r, "/seats", l.T("seats.title"), p))
}

// seatSourceLabel says in l where a seat count comes from: the SDK's
// licensing.Seats.Source is English ("configured", "Reseller API
// subscription ID (PLAN: field)"); the subscription's ID, plan and field
// are names and stay as they are.
func seatSourceLabel(l lang, src string) string {
	if src == "configured" {
		return l.T("seats.src.configured")
	}
	if rest, ok := strings.CutPrefix(src, "Reseller API subscription "); ok {
		return l.T("seats.src.subscription", rest)
	}
	return src
}

// accountNames names each reseller account by its primary domain.
func accountNames(snap *Snapshot) map[string]string {
	out := map[string]string{}
	for _, acc := range snap.Accounts {
		if d, ok := acc.Primary(); ok {
			out[acc.CustomerID] = d.Name
		} else {
			out[acc.CustomerID] = acc.CustomerID
		}
	}
	return out
}

// gridPage is the data of the staff × domain grid (rules D1, D2, P1-P8).
type gridPage struct {
	Profile  string
	Open     bool   // every cell's reasons shown
	Toggle   string // the link that shows or hides every cell's reasons
	Profiles []option
	Domains  []gridDomain
	Rows     []gridRow
	Complete int // people who see every customer
	// Coverage per reseller domain and gaps per person (charts.go).
	Coverage, Gaps chart
}

type gridDomain struct {
	Name, Account     string
	Primary, Verified bool
	Allowed           int
}

type gridRow struct {
	Key, Name string
	Cells     []gridCell
	Hidden    int
}

// gridCell is one person on one domain: the decision in words
// (access.Explain in the page's language) and what it hides.
type gridCell struct {
	Domain   string
	Account  string
	Class    string // allowed, denied, missing: the cell's colour
	Badge    string // ok, bad, warn, none
	Label    string
	License  string
	Headline string
	Lines    []explainLine
	// Skipped says which role assignments of the account count for
	// nothing, and why (rule P4), as the roles package found.
	Skipped []string
	Hidden  int
	// GapURL lists the customers the gap hides (the /gap page).
	GapURL string
}

// explainLine is one line of access.Explain's text after the first; Sub
// lines are the items of a list ("  - ...").
type explainLine struct {
	Text string
	Sub  bool
}

func (a *app) grid(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	l := langFromRequest(r)
	profile, err := access.ParseProfile(r.URL.Query().Get("profile"))
	if err != nil {
		a.fail(w, r, http.StatusBadRequest, badParam("profile", r.URL.Query().Get("profile"), err))
		return
	}
	cov, err := access.ComputeCoverage(snap.Access, snap.People, profile)
	if err != nil {
		a.fail(w, r, statusOf(err), err)
		return
	}
	p := gridPage{Profile: r.URL.Query().Get("profile"), Open: r.URL.Query().Get("open") == "1"}
	p.Coverage, p.Gaps = coverageChart(l, cov), gapsChart(l, cov)
	if p.Open {
		p.Toggle = link("/", l, "profile", p.Profile)
	} else {
		p.Toggle = link("/", l, "profile", p.Profile, "open", "1")
	}
	for _, pr := range []access.Profile{access.CloudSupportPortal, access.CustomerCarePortal} {
		p.Profiles = append(p.Profiles, option{Value: pr.String(), Label: access.ProfileName(pr, l.Tag), Selected: pr == profile})
	}
	for _, d := range cov.Domains {
		p.Domains = append(p.Domains, gridDomain{Name: d.Name, Account: d.ResellerAccount, Primary: d.Primary, Verified: d.Verified, Allowed: d.Covered})
	}
	facts := map[string]*access.AccountFacts{}
	for di := range snap.Access.Domains {
		for ai := range snap.Access.Domains[di].Accounts {
			af := &snap.Access.Domains[di].Accounts[ai]
			facts[af.Facts.Email] = af
		}
	}
	for pi, person := range cov.People {
		row := gridRow{Key: person.ID, Name: person.Name, Hidden: person.Hidden}
		if row.Name == "" {
			row.Name = person.ID
		}
		if person.Gaps == 0 {
			p.Complete++
		}
		for di, c := range person.Cells {
			cell := gridCell{Domain: cov.Domains[di].Name, Account: c.Account, Hidden: c.Hidden}
			if c.Hidden > 0 {
				cell.GapURL = link("/gap", l, "person", person.ID, "domain", cell.Domain, "profile", p.Profile)
			}
			d, ok := cov.Decision(pi, di)
			switch {
			case !ok:
				cell.Class, cell.Badge, cell.Label = "missing", "none", l.T("grid.noaccount")
			case c.Allowed:
				cell.Class, cell.Badge, cell.Label = "allowed", "ok", l.T("grid.allowed")
			default:
				cell.Class, cell.Badge, cell.Label = "denied", "bad", l.T("grid.denied")
				if c.State.Blocked() {
					cell.Label += " · " + l.T("state."+c.State.String())
				}
			}
			if ok {
				cell.License = licenseLabel(l, c.License)
				cell.Headline, cell.Lines = splitExplain(access.Explain(d, l.Tag))
				if af := facts[c.Account]; af != nil {
					cell.Skipped = skippedLines(l, af.Facts.Effective.Skipped)
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		p.Rows = append(p.Rows, row)
	}
	a.render(w, r, http.StatusOK, "grid", a.newView(r, "/", l.T("grid.title"), p))
}

// splitExplain cuts access.Explain's text into its first line and the rest.
func splitExplain(text string) (string, []explainLine) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	var out []explainLine
	for _, ln := range lines[1:] {
		// The read time and Google's 24-hour caveat (rule P8) are in the
		// page's status line already; once is enough.
		if strings.Contains(ln, "[P8]") {
			continue
		}
		if rest, ok := strings.CutPrefix(ln, "  - "); ok {
			out = append(out, explainLine{Text: rest, Sub: true})
		} else if strings.TrimSpace(ln) != "" {
			out = append(out, explainLine{Text: ln})
		}
	}
	return lines[0], out
}

// skippedLines says, for people, why assignments grant nothing (rule P4).
func skippedLines(l lang, skipped []roles.Skipped) []string {
	var out []string
	for _, sk := range skipped {
		role := sk.RoleName
		if role == "" {
			role = sk.Assignment.RoleID
		}
		switch sk.Reason {
		case roles.SkipExpired:
			out = append(out, l.T("skip.expired", role, sk.Assignment.ExpireTime.UTC().Format("2006-01-02 15:04 UTC")))
		case roles.SkipOrgUnitScope:
			out = append(out, l.T("skip.orgunit", role))
		case roles.SkipConditional:
			out = append(out, l.T("skip.conditional", role))
		case roles.SkipRoleNotFound:
			out = append(out, l.T("skip.norole", role))
		}
	}
	return out
}

// licenseLabel says what licenses the account holds (rules S2, S4).
func licenseLabel(l lang, s access.LicenseStatus) string {
	return l.T("license." + s.String())
}

// casesPage is the data of the cases page (rules C4, C6, C8, C9).
type casesPage struct {
	Account    string
	Keyword    string
	Accounts   []option
	Statuses   []option
	Severities []option
	States     []option
	Customers  []option
	Counts     caseCounts
	Rows       []caseRow
	PageNum    int
	NextURL    string
	FirstURL   string
	AgeChart   chart // the open cases by severity and age at the last read (charts.go)
}

type caseCounts struct {
	States []string
	Rows   []caseCountRow
	Total  int
}

type caseCountRow struct {
	Severity string
	Cells    []caseCountCell
	Total    int
}

type caseCountCell struct {
	// URL lists exactly the cases the cell counts: the page's filters, the
	// cell's severity and its state.
	URL string
	N   int
}

type caseRow struct {
	ID, Title, Customer, ResellerDomain, Severity, State string
	Updated, ReopenDeadline                              time.Time
	Escalated, Escalatable, Closed, ReopenOpen           bool
}

var caseStates = []cases.State{cases.StateNew, cases.StateInProgress, cases.StateActionRequired, cases.StateSolutionProvided, cases.StateClosed}

// stateParam is a case state as the ?state= filter spells it
// ("action-required").
func stateParam(st cases.State) string { return strings.ReplaceAll(st.String(), " ", "-") }

// parseStateParam reads ?state=; "" is any state.
func parseStateParam(v string) (cases.State, error) {
	if v == "" {
		return 0, nil
	}
	var names []string
	for _, st := range caseStates {
		if stateParam(st) == v {
			return st, nil
		}
		names = append(names, stateParam(st))
	}
	return 0, badParam("state", v, fmt.Errorf("state %q: use one of %s, or leave it empty", v, strings.Join(names, ", ")))
}

// maxPageNum bounds the page number of the cases listing. The number is
// only shown (the listing moves by tokens), but a bound keeps it sane.
const maxPageNum = 100000

func (a *app) cases(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	l := langFromRequest(r)
	q := r.URL.Query()
	account := q.Get("account")
	if account == "" && len(snap.Accounts) > 0 {
		account = snap.Accounts[0].CustomerID
	}
	names := accountNames(snap)
	if _, ok := names[account]; !ok {
		a.fail(w, r, http.StatusNotFound, pageErr("err.account", account))
		return
	}
	opts := cases.ListOptions{Keyword: strings.TrimSpace(q.Get("q")), CustomerID: q.Get("customer")}
	token := q.Get("page")
	if len(opts.Keyword) > 200 {
		a.fail(w, r, http.StatusBadRequest, pageErr("err.keyword", len(opts.Keyword), 200))
		return
	}
	switch st := q.Get("status"); st {
	case "", "any":
	case "open":
		opts.Status = cases.Open
	case "closed":
		opts.Status = cases.Closed
	default:
		a.fail(w, r, http.StatusBadRequest, badParam("status", st, fmt.Errorf("status %q: use open, closed or leave it empty", st)))
		return
	}
	for _, sv := range q["severity"] {
		if sv == "" {
			continue
		}
		sev, err := cases.ParseSeverity(sv)
		if err != nil {
			a.fail(w, r, http.StatusBadRequest, badParam("severity", sv, err))
			return
		}
		opts.Severities = append(opts.Severities, sev)
	}
	state, err := parseStateParam(q.Get("state"))
	if err != nil {
		a.fail(w, r, http.StatusBadRequest, err)
		return
	}
	if state != 0 && opts.Status == cases.AnyStatus {
		// Google's search narrows to open or closed; the state within is
		// the dashboard's filter.
		opts.Status = cases.Open
		if state == cases.StateClosed {
			opts.Status = cases.Closed
		}
	}
	if len(token) > maxTokenLen {
		a.fail(w, r, http.StatusBadRequest, pageErr("err.pagetoken"))
		return
	}
	pageNum := 1
	if v := q.Get("n"); v != "" && token != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageNum {
			a.fail(w, r, http.StatusBadRequest, pageErr("err.pagenum", v, maxPageNum))
			return
		}
		pageNum = n
	}

	// The counts honour the page's filters and are read with the listing
	// (at the same time), so each cell's link lists exactly the cases it
	// counts.
	cq := CaseQuery{Account: account, Options: opts, State: state, Token: token}
	var page CasePage
	var counts CaseStats
	g, gctx := errgroup.WithContext(r.Context())
	g.Go(func() (err error) { page, err = a.src.Cases(gctx, cq); return err })
	g.Go(func() (err error) { counts, err = a.caseCounts(gctx, cq); return err })
	if err := g.Wait(); err != nil {
		a.fail(w, r, statusOf(err), err)
		return
	}

	p := casesPage{Account: account, Keyword: opts.Keyword, PageNum: pageNum}
	for _, acc := range snap.Accounts {
		p.Accounts = append(p.Accounts, option{Value: acc.CustomerID, Label: names[acc.CustomerID], Selected: acc.CustomerID == account})
	}
	p.Statuses = []option{
		{Value: "open", Label: l.T("cases.open"), Selected: opts.Status == cases.Open},
		{Value: "closed", Label: l.T("cases.closed"), Selected: opts.Status == cases.Closed},
	}
	for sev := cases.S0; sev <= cases.S4; sev++ {
		p.Severities = append(p.Severities, option{Value: sev.String(), Label: sev.String() + " · " + l.T("severity."+sev.String()),
			Selected: slices.Contains(opts.Severities, sev)})
	}
	for _, st := range caseStates {
		p.States = append(p.States, option{Value: stateParam(st), Label: l.T("state." + st.String()), Selected: st == state})
	}
	custByID := map[string]domains.Customer{}
	for _, d := range snap.Access.Domains {
		for _, c := range d.Customers {
			custByID[c.ID] = c
			if d.ResellerAccount == account {
				p.Customers = append(p.Customers, option{Value: c.ID, Label: c.Domain, Selected: c.ID == opts.CustomerID})
			}
		}
	}
	slices.SortFunc(p.Customers, func(a, b option) int { return strings.Compare(a.Label, b.Label) })

	// The counts table: the cases the filters keep, by severity and state;
	// a cell's link keeps the filters and narrows to its severity and state.
	for _, st := range caseStates {
		p.Counts.States = append(p.Counts.States, l.T("state."+st.String()))
	}
	p.Counts.Total = counts.Total
	for si := range 5 {
		sev := cases.S0 + cases.Severity(si)
		row := caseCountRow{Severity: sev.String()}
		for ti, st := range caseStates {
			n := counts.Counts[si][ti]
			cell := caseCountCell{N: n}
			if n > 0 {
				cell.URL = link("/cases", l, "account", account, "q", opts.Keyword, "customer", opts.CustomerID,
					"severity", sev.String(), "state", stateParam(st))
			}
			row.Cells = append(row.Cells, cell)
			row.Total += n
		}
		p.Counts.Rows = append(p.Counts.Rows, row)
	}

	p.Rows = caseRows(l, page, custByID)
	p.AgeChart = caseAgeChart(l, a.latestCaseCensus(r.Context()))
	keep := []string{"account", account, "q", opts.Keyword, "status", q.Get("status"), "state", q.Get("state"), "customer", opts.CustomerID}
	for _, sev := range opts.Severities {
		keep = append(keep, "severity", sev.String())
	}
	if page.Next != "" {
		p.NextURL = link("/cases", l, append(keep, "page", page.Next, "n", strconv.Itoa(pageNum+1))...)
	}
	if pageNum > 1 || token != "" {
		p.FirstURL = link("/cases", l, keep...)
	}
	a.render(w, r, http.StatusOK, "cases", a.newView(r, "/cases", l.T("cases.title"), p))
}

// planPage is the data of the setup plan page (rules S1-S7).
type planPage struct {
	Person   string // the chosen person's name, "" before a choice
	People   []option
	Profiles []option
	Roles    []option
	Plan     *access.Plan
	Ready    bool
	Problems []string
	Changes  int
	// Nothing is set when the plan is ready and changes nothing: the person
	// already has what the setup gives (S5 with P1). Why lists, per staff
	// account, what the plan found in place.
	Nothing bool
	Why     []string
}

func (a *app) plan(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	l := langFromRequest(r)
	q := r.URL.Query()
	profile, err := access.ParseProfile(q.Get("profile"))
	if err != nil {
		a.fail(w, r, http.StatusBadRequest, badParam("profile", q.Get("profile"), err))
		return
	}
	useRA := false
	switch q.Get("role") {
	case "", "custom":
	case "reseller-admin":
		useRA = true
	default:
		a.fail(w, r, http.StatusBadRequest, badParam("role", q.Get("role"), fmt.Errorf("role %q: use custom or reseller-admin", q.Get("role"))))
		return
	}
	var p planPage
	id := q.Get("person")
	var chosen *access.Person
	for i, pr := range snap.People {
		name := pr.Name
		if name == "" {
			name = pr.ID
		}
		same := id != "" && samePerson(pr.ID, id)
		p.People = append(p.People, option{Value: pr.ID, Label: name, Selected: same})
		if same && chosen == nil {
			chosen = &snap.People[i]
		}
	}
	for _, pr := range []access.Profile{access.CloudSupportPortal, access.CustomerCarePortal} {
		p.Profiles = append(p.Profiles, option{Value: pr.String(), Label: access.ProfileName(pr, l.Tag), Selected: pr == profile})
	}
	p.Roles = []option{
		{Value: "custom", Label: l.T("plan.customrole"), Selected: !useRA},
		{Value: "reseller-admin", Label: access.ResellerAdminRoleName(l.Tag), Selected: useRA},
	}
	title := l.T("nav.plan")
	if id != "" && chosen == nil {
		a.fail(w, r, http.StatusNotFound, pageErr("err.person", id))
		return
	}
	if chosen != nil {
		p.Person = chosen.Name
		if p.Person == "" {
			p.Person = chosen.ID
		}
		title = l.T("plan.title", p.Person)
		doms := chosen.Domains
		if len(doms) == 0 {
			for _, d := range snap.Access.Domains {
				doms = append(doms, d.Name)
			}
		}
		plan, err := a.src.Plan(r.Context(), PlanRequest{Person: *chosen, Domains: doms, Profile: profile, UseResellerAdmin: useRA})
		if err != nil {
			a.fail(w, r, statusOf(err), err)
			return
		}
		// The plan's checks, steps, fixes, manual steps and notes in the
		// page's language; rules, subjects and addresses stay as they are.
		plan = plan.In(l.Tag)
		p.Plan, p.Ready, p.Problems, p.Changes = plan, plan.Ready(), plan.Problems(), plan.Changes()
		if p.Ready && p.Changes == 0 {
			p.Nothing = true
			for _, ap := range plan.Accounts {
				for _, st := range ap.Steps {
					if st.Kind == access.StepAssignment {
						p.Why = append(p.Why, st.Subject+": "+st.Detail)
					}
				}
			}
		}
	}
	a.render(w, r, http.StatusOK, "plan", a.newView(r, "/plan", title, p))
}

// samePerson reports whether a and b name the same person: addresses
// compared as the SDK does (domains.NormalizeEmail: case and surrounding
// space do not matter), other keys case-insensitively.
func samePerson(a, b string) bool {
	na, errA := domains.NormalizeEmail(a)
	nb, errB := domains.NormalizeEmail(b)
	if errA == nil && errB == nil {
		return na == nb
	}
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// countsTTL is how long the counts of one filtered listing are reused: the
// pages of a listing, and the cells clicked back and forth, then count
// once, while a case filed or changed shows within this time.
const countsTTL = 30 * time.Second

// countsCache holds recent counts by filter; it is emptied when it grows
// past maxCachedCounts, so hostile filters cannot grow it without bound.
type countsCache struct {
	mu sync.Mutex
	m  map[string]cachedCounts
}

type cachedCounts struct {
	at    time.Time
	stats CaseStats
}

const maxCachedCounts = 256

// caseCounts returns the counts of the listing q (its filters; not its
// page), read again after countsTTL.
func (a *app) caseCounts(ctx context.Context, q CaseQuery) (CaseStats, error) {
	sevs := make([]string, len(q.Options.Severities))
	for i, s := range q.Options.Severities {
		sevs[i] = s.String()
	}
	slices.Sort(sevs)
	key := strings.Join([]string{q.Account, q.Options.Keyword, q.Options.CustomerID, strconv.Itoa(int(q.Options.Status)),
		strconv.Itoa(int(q.State)), strings.Join(sevs, ",")}, "\x00")
	now := time.Now()
	a.counts.mu.Lock()
	c, ok := a.counts.m[key]
	a.counts.mu.Unlock()
	if ok && now.Sub(c.at) < countsTTL {
		return c.stats, nil
	}
	st, err := a.src.CaseCounts(ctx, q)
	if err != nil {
		return st, err
	}
	a.counts.mu.Lock()
	if a.counts.m == nil || len(a.counts.m) >= maxCachedCounts {
		a.counts.m = map[string]cachedCounts{}
	}
	a.counts.m[key] = cachedCounts{at: now, stats: st}
	a.counts.mu.Unlock()
	return st, nil
}
