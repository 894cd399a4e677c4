package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
)

// The drill-down pages: one customer (who can see it, who cannot and why,
// its cases), one gap of the grid (the customers it hides), and one case
// (its comments, attachments, escalation and reopen deadline).

// customerIDPattern is what a customer ID may look like here: Google's
// customer IDs are short letters and digits ("C03cu0000"). Anything else
// answers 400 before a lookup.
var customerIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)

// caseIDPattern is a Cloud Support case's resource name
// ("organizations/123/cases/456"; Google: cloudsupport.cases.get names a
// case under an organization or a project).
var caseIDPattern = regexp.MustCompile(`^(organizations|projects)/[A-Za-z0-9_-]{1,64}/cases/[A-Za-z0-9_-]{1,64}$`)

// maxCaseItems bounds the comments and attachments a case page lists.
const maxCaseItems = 200

// customerViewer is one person's view of one customer: allowed or not, the
// account, the paths of rule P1 (and the roles behind them) or the reasons
// of the refusal in words (access.Explain).
type customerViewer struct {
	Key, Name string
	Account   string
	Label     string // allowed / denied / no account, in the page's language
	Badge     string
	Roles     []string // "Reseller Admin role (P1.1)", for who can see it
	Headline  string
	Lines     []explainLine
}

// customerPage is the data of /customer.
type customerPage struct {
	Customer  domains.Customer
	Account   string // the reseller account, for the cases link
	Can       []customerViewer
	Cannot    []customerViewer
	Cases     []caseRow
	CasesErr  string
	MoreCases string // the cases page of this customer, when there are more
	AllCases  string
}

// findCustomer returns the customer with the ID and the index of its
// reseller domain in the snapshot.
func findCustomer(snap *Snapshot, id string) (domains.Customer, int, bool) {
	for di, d := range snap.Access.Domains {
		for _, c := range d.Customers {
			if c.ID == id {
				if c.ResellerDomain == "" {
					c.ResellerDomain = d.Name
				}
				return c, di, true
			}
		}
	}
	return domains.Customer{}, -1, false
}

// customer shows who can see one customer (rules D1, P1), who cannot and
// why (P7), and its cases (C4, C6).
func (a *app) customer(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	l := langFromRequest(r)
	q := r.URL.Query()
	id := q.Get("id")
	if !customerIDPattern.MatchString(id) {
		a.fail(w, r, http.StatusBadRequest, pageErr("err.customerid"))
		return
	}
	profile, err := access.ParseProfile(q.Get("profile"))
	if err != nil {
		a.fail(w, r, http.StatusBadRequest, badParam("profile", q.Get("profile"), err))
		return
	}
	cust, sdi, found := findCustomer(snap, id)
	if !found {
		a.fail(w, r, http.StatusNotFound, pageErr("err.customer", id))
		return
	}
	cov, err := access.ComputeCoverage(snap.Access, snap.People, profile)
	if err != nil {
		a.fail(w, r, statusOf(err), err)
		return
	}
	di := slices.IndexFunc(cov.Domains, func(d access.DomainCoverage) bool { return d.Name == cust.ResellerDomain })
	p := customerPage{Customer: cust, Account: snap.Access.Domains[sdi].ResellerAccount}
	for pi, person := range cov.People {
		v := customerViewer{Key: person.ID, Name: person.Name}
		if v.Name == "" {
			v.Name = person.ID
		}
		if di < 0 {
			continue
		}
		c := person.Cells[di]
		v.Account = c.Account
		d, ok := cov.Decision(pi, di)
		switch {
		case !ok:
			v.Label, v.Badge = l.T("grid.noaccount"), "none"
			v.Headline = l.T("customer.noaccount", cust.ResellerDomain)
		case c.Allowed:
			v.Label, v.Badge = l.T("grid.allowed"), "ok"
			for _, rs := range d.Reasons() {
				role := rs.Grant.RoleName
				if role == "" {
					role = rs.Grant.RoleID
				}
				var s string
				if rs.Path == access.PathResellerAdmin {
					// Google's system role: its name is the path's (P1.1).
					s, role = access.ResellerAdminRoleName(l.Tag)+" ("+rs.Path.Rule()+")", ""
				} else {
					s = l.T("path."+rs.Path.String()) + " (" + rs.Path.Rule() + ")"
				}
				if role != "" && rs.Path != access.PathSuperAdmin {
					s = l.T("customer.via", role, s)
				}
				if !slices.Contains(v.Roles, s) {
					v.Roles = append(v.Roles, s)
				}
			}
		default:
			v.Label, v.Badge = l.T("grid.denied"), "bad"
			v.Headline, v.Lines = splitExplain(access.Explain(d, l.Tag))
		}
		if c.Allowed {
			p.Can = append(p.Can, v)
		} else {
			p.Cannot = append(p.Cannot, v)
		}
	}
	page, err := a.src.Cases(r.Context(), CaseQuery{Account: p.Account, Options: cases.ListOptions{CustomerID: id}})
	if err != nil {
		// The rest of the page stands without the cases: say why they are
		// missing (the detail goes to the log).
		a.log.Warn("reading a customer's cases", "err", err)
		p.CasesErr = l.T("customer.caseserr")
	} else {
		p.Cases = caseRows(l, page, map[string]domains.Customer{cust.ID: cust})
		if page.Next != "" {
			p.MoreCases = link("/cases", l, "account", p.Account, "customer", id)
		}
	}
	p.AllCases = link("/cases", l, "account", p.Account, "customer", id)
	a.render(w, r, http.StatusOK, "customer", a.newView(r, "/customers", l.T("customer.title", cust.Domain), p))
}

// caseRows turns a page of cases into the rows the cases pages show, with
// escalation (rule C8) and the reopen deadline (C9).
func caseRows(l lang, page CasePage, custByID map[string]domains.Customer) []caseRow {
	var out []caseRow
	for _, c := range page.Cases {
		cust := custByID[c.CustomerID]
		row := caseRow{ID: c.ID, Title: c.Title, Customer: cust.Domain, ResellerDomain: cust.ResellerDomain,
			Severity: c.Severity.String(), State: l.T("state." + c.State.String()), Updated: c.UpdateTime, Escalated: c.Escalated}
		if row.Customer == "" {
			row.Customer = c.CustomerID
		}
		// Rule C8: the same check cases.Service.Escalate makes.
		row.Escalatable = cases.CheckEscalate(c, cust.Plan) == nil
		// Rule C9: a closed case can be reopened until its deadline.
		if deadline, closed := c.ReopenDeadline(); closed {
			row.Closed, row.ReopenDeadline = true, deadline
			row.ReopenOpen = cases.CheckReopen(c, page.Now) == nil
		}
		out = append(out, row)
	}
	return out
}

// gapPage is the data of /gap: the customers one cell of the grid hides.
type gapPage struct {
	Person, Domain, Account string
	Profile                 string
	Customers               []domains.Customer
	Back                    string
}

// gap lists the customers one person cannot see on one reseller domain
// because of the cell's gap (rules D1, D2): access.Coverage.HiddenCustomers.
func (a *app) gap(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	l := langFromRequest(r)
	q := r.URL.Query()
	person, domain := q.Get("person"), q.Get("domain")
	if person == "" || len(person) > 320 {
		a.fail(w, r, http.StatusBadRequest, pageErr("err.gapperson"))
		return
	}
	nd, err := domains.NormalizeDomain(domain)
	if err != nil {
		a.fail(w, r, http.StatusBadRequest, badParam("domain", domain, err))
		return
	}
	profile, err := access.ParseProfile(q.Get("profile"))
	if err != nil {
		a.fail(w, r, http.StatusBadRequest, badParam("profile", q.Get("profile"), err))
		return
	}
	cov, err := access.ComputeCoverage(snap.Access, snap.People, profile)
	if err != nil {
		a.fail(w, r, statusOf(err), err)
		return
	}
	pi := slices.IndexFunc(cov.People, func(p access.PersonCoverage) bool { return samePerson(p.ID, person) })
	di := slices.IndexFunc(cov.Domains, func(d access.DomainCoverage) bool { return d.Name == nd })
	if pi < 0 || di < 0 {
		a.fail(w, r, http.StatusNotFound, pageErr("err.cell", person, nd))
		return
	}
	pc := cov.People[pi]
	p := gapPage{Person: pc.Name, Domain: nd, Account: pc.Cells[di].Account, Profile: q.Get("profile"),
		Back: link("/", l, "profile", q.Get("profile"))}
	if p.Person == "" {
		p.Person = pc.ID
	}
	p.Customers = slices.Clone(cov.HiddenCustomers(pi, di))
	slices.SortStableFunc(p.Customers, func(a, b domains.Customer) int { return strings.Compare(a.Domain, b.Domain) })
	a.render(w, r, http.StatusOK, "gap", a.newView(r, "/", l.T("gap.title", p.Person, nd), p))
}

// CaseDetail is one case with its comments and attachments (rule C7), read
// by the reseller domain's account that may see it (C4, D1).
type CaseDetail struct {
	Case        cases.Case
	Comments    []cases.Comment
	Attachments []cases.Attachment
	// More is set when the comments or attachments were cut at
	// maxCaseItems.
	More bool
	Now  time.Time // the cases service's clock, for the reopen window (C9)
}

// caseReader is the part of a [Source] that reads one case. It is not in
// Source itself so a test source without cases still builds; a source
// without it answers 501 on the case page.
type caseReader interface {
	Case(ctx context.Context, id string) (CaseDetail, error)
}

// Case reads one case, asking each reseller domain's cases Service in turn:
// only the account of the customer's domain sees it (D1), and a case the
// reseller may not see is not found (C4).
//
// Google, through the SDK: cloudsupport.cases.get,
// cloudsupport.cases.comments.list, cloudsupport.cases.attachments.list.
func (s *sdkSource) Case(ctx context.Context, id string) (CaseDetail, error) {
	notFound := &resellerkit.Error{Kind: resellerkit.KindNotFound, Op: "dashboard",
		Err: fmt.Errorf("%s is not a case the reseller accounts read may see", id)}
	var lastErr error
	readable := false
	for _, ra := range s.accounts {
		for _, dc := range ra.cases {
			readable = true
			c, err := dc.svc.Get(ctx, id)
			if err != nil {
				switch resellerkit.KindOf(err) {
				case resellerkit.KindNotFound, resellerkit.KindPermissionDenied:
					continue // another domain's customer, or hidden (C4)
				}
				lastErr = err
				continue
			}
			d := CaseDetail{Case: c, Now: s.now().UTC()}
			for cm, err := range dc.svc.Comments(ctx, id) {
				if err != nil {
					return CaseDetail{}, err
				}
				if len(d.Comments) == maxCaseItems {
					d.More = true
					break
				}
				d.Comments = append(d.Comments, cm)
			}
			for at, err := range dc.svc.Attachments(ctx, id) {
				if err != nil {
					return CaseDetail{}, err
				}
				if len(d.Attachments) == maxCaseItems {
					d.More = true
					break
				}
				d.Attachments = append(d.Attachments, at)
			}
			return d, nil
		}
	}
	if !readable {
		return CaseDetail{}, &resellerkit.Error{Kind: resellerkit.KindUnsupported, Op: "dashboard",
			Err: errors.New("cases cannot be read: start the dashboard with -cases FILE, which maps customers to their Cloud Support parents (see -help)")}
	}
	if lastErr != nil {
		return CaseDetail{}, lastErr
	}
	return CaseDetail{}, notFound
}

// casePageData is the data of /case.
type casePageData struct {
	Case           cases.Case
	Customer       domains.Customer
	CustomerURL    string
	State          string
	Comments       []cases.Comment
	Attachments    []cases.Attachment
	More           bool
	Escalatable    bool
	EscalateWhy    string // why not, in the page's language (C8)
	Closed         bool
	ReopenOpen     bool
	ReopenDeadline time.Time
}

// caseDetail shows one case, its comments and attachments, whether it can
// be escalated (rule C8) and until when it can be reopened (C9).
func (a *app) caseDetail(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	l := langFromRequest(r)
	id := r.URL.Query().Get("id")
	if !caseIDPattern.MatchString(id) {
		a.fail(w, r, http.StatusBadRequest, pageErr("err.caseid"))
		return
	}
	cr, ok := a.src.(caseReader)
	if !ok {
		a.fail(w, r, http.StatusNotImplemented, pageErr("err.nocases"))
		return
	}
	d, err := cr.Case(r.Context(), id)
	if err != nil {
		a.fail(w, r, statusOf(err), err)
		return
	}
	c := d.Case
	p := casePageData{Case: c, State: l.T("state." + c.State.String()), Comments: d.Comments, Attachments: d.Attachments, More: d.More}
	if cust, _, found := findCustomer(snap, c.CustomerID); found {
		p.Customer = cust
		p.CustomerURL = link("/customer", l, "id", cust.ID)
	} else {
		p.Customer = domains.Customer{ID: c.CustomerID, Domain: c.CustomerID}
	}
	// Rule C8: the same check cases.Service.Escalate makes.
	switch err := cases.CheckEscalate(c, p.Customer.Plan); {
	case err == nil:
		p.Escalatable = true
	case c.Escalated:
		p.EscalateWhy = l.T("cases.escalated")
	case !c.State.Open():
		p.EscalateWhy = l.T("case.escclosed")
	default:
		p.EscalateWhy = l.T("cases.premiumonly")
	}
	// Rule C9: a closed case can be reopened until its deadline.
	if deadline, closed := c.ReopenDeadline(); closed {
		p.Closed, p.ReopenDeadline = true, deadline
		p.ReopenOpen = cases.CheckReopen(c, d.Now) == nil
	}
	a.render(w, r, http.StatusOK, "case", a.newView(r, "/cases", l.T("case.title", c.Title), p))
}

// maxCustomerKeyword bounds the customers page's keyword.
const maxCustomerKeyword = 100

// customerFilter is the customers page's filters and sort, read from
// ?q=, ?access=, ?plan= and ?sort=; a value outside the known ones is a
// 400 naming the accepted ones.
type customerFilter struct {
	keyword string // lower case
	access  string // "", "granted", "revoked" (rule D5)
	plan    string // "", or a domains.SupportPlan ("unknown" for none)
	sort    string // "domain" (default), "id", "plan", "open"
}

var (
	customerAccesses = []string{"granted", "revoked"}
	customerPlans    = []domains.SupportPlan{domains.PlanStandard, domains.PlanEnhanced, domains.PlanPremium, domains.PlanUnknown}
	customerSorts    = []string{"domain", "id", "plan", "open"}
)

// planParam is a plan as ?plan= spells it: "unknown" for no plan.
func planParam(p domains.SupportPlan) string {
	if p == domains.PlanUnknown {
		return "unknown"
	}
	return string(p)
}

func parseCustomerFilter(r *http.Request) (customerFilter, error) {
	q := r.URL.Query()
	f := customerFilter{keyword: strings.TrimSpace(q.Get("q")), access: q.Get("access"), plan: q.Get("plan"), sort: q.Get("sort")}
	if len(f.keyword) > maxCustomerKeyword {
		return f, pageErr("err.keyword", len(f.keyword), maxCustomerKeyword)
	}
	f.keyword = strings.ToLower(f.keyword)
	if f.access != "" && !slices.Contains(customerAccesses, f.access) {
		return f, badParam("access", f.access, fmt.Errorf("access %q: use granted, revoked or leave it empty", f.access))
	}
	if f.plan != "" && !slices.ContainsFunc(customerPlans, func(p domains.SupportPlan) bool { return planParam(p) == f.plan }) {
		return f, badParam("plan", f.plan, fmt.Errorf("plan %q: use Standard, Enhanced, Premium, unknown or leave it empty", f.plan))
	}
	switch f.sort {
	case "":
		f.sort = "domain"
	case "domain", "id", "plan", "open":
	default:
		return f, badParam("sort", f.sort, fmt.Errorf("sort %q: use %s", f.sort, strings.Join(customerSorts, ", ")))
	}
	return f, nil
}

// keep reports whether the filters keep c.
func (f customerFilter) keep(c domains.Customer) bool {
	if f.keyword != "" && !strings.Contains(strings.ToLower(c.Domain), f.keyword) && !strings.Contains(strings.ToLower(c.ID), f.keyword) {
		return false
	}
	switch f.access {
	case "granted":
		if !c.AccessGranted {
			return false
		}
	case "revoked":
		if c.AccessGranted {
			return false
		}
	}
	return f.plan == "" || planParam(c.Plan) == f.plan
}

// compare orders the rows: by domain, by ID, by plan (Premium first), or
// by open cases (most first); ties by domain.
func (f customerFilter) compare(a, b customerRow) int {
	var n int
	switch f.sort {
	case "id":
		n = strings.Compare(a.ID, b.ID)
	case "plan":
		n = planRank(a.Plan) - planRank(b.Plan)
	case "open":
		n = b.OpenCases - a.OpenCases
	}
	if n != 0 {
		return n
	}
	return strings.Compare(a.Domain, b.Domain)
}

// planRank orders plans for the sort: Premium, Enhanced, Standard, then
// unknown.
func planRank(p domains.SupportPlan) int {
	switch p {
	case domains.PlanPremium:
		return 0
	case domains.PlanEnhanced:
		return 1
	case domains.PlanStandard:
		return 2
	}
	return 3
}

// options returns the filters' and sort's choices in l, the current ones
// selected.
func (f customerFilter) options(l lang) (accesses, plans, sorts []option) {
	accesses = []option{
		{Value: "granted", Label: l.T("customers.granted"), Selected: f.access == "granted"},
		{Value: "revoked", Label: l.T("customers.revokedfig"), Selected: f.access == "revoked"},
	}
	for _, p := range customerPlans {
		label := string(p)
		if p == domains.PlanUnknown {
			label = l.T("customers.planunknown")
		}
		plans = append(plans, option{Value: planParam(p), Label: label, Selected: f.plan == planParam(p)})
	}
	for _, s := range customerSorts {
		sorts = append(sorts, option{Value: s, Label: l.T("customers.sort." + s), Selected: f.sort == s})
	}
	return accesses, plans, sorts
}
