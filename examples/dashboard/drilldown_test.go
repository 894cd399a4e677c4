package main

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/access"
)

var (
	hrefPattern = regexp.MustCompile(`href="([^"]*)"`)
	monoCell    = regexp.MustCompile(`<td class="mono">([^<]*)</td>`)
)

// localLinks returns the page's links to this site's pages (not the
// static files), unescaped, each once.
func localLinks(body string) []string {
	var out []string
	for _, m := range hrefPattern.FindAllStringSubmatch(body, -1) {
		u := html.UnescapeString(m[1])
		if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "/static/") && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// checkLinks follows every local link of body and wants each to answer 200.
func checkLinks(t *testing.T, env *testEnv, from, body string) {
	t.Helper()
	for _, u := range localLinks(body) {
		if status, b := env.get(t, u); status != http.StatusOK {
			t.Errorf("%s links to %s, which answers %d:\n%s", from, u, status, between(b, "<main", "</main>"))
		}
	}
}

// The customer page (rules D1, P1, P7) says who can see a customer of
// the seeded world and through which role, who cannot and why, and lists
// its cases (C4, C6) with links that resolve.
func TestCustomerPage(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	const id = "C03cu0000"
	target := "/customer?id=" + id
	status, body := env.get(t, target)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d; body:\n%s", target, status, body)
	}
	snap := env.app.snap.Load()
	cust, _, ok := findCustomer(snap, id)
	if !ok {
		t.Fatalf("%s is not in the seeded world", id)
	}
	for _, w := range []string{"Customer " + cust.Domain, `id="customer-cases"`, "Who can see it", "Who cannot see it, and why"} {
		if !strings.Contains(body, w) {
			t.Errorf("GET %s: the page lacks %q", target, w)
		}
	}
	// Who can see it is exactly the people whose cell on the customer's
	// domain the coverage allows (D1).
	cov, err := access.ComputeCoverage(snap.Access, snap.People, access.CloudSupportPortal)
	if err != nil {
		t.Fatal(err)
	}
	di := slices.IndexFunc(cov.Domains, func(d access.DomainCoverage) bool { return d.Name == cust.ResellerDomain })
	var want []string
	for _, p := range cov.People {
		if p.Cells[di].Allowed {
			want = append(want, p.Cells[di].Account)
		}
	}
	can := between(body, `<table id="can-see">`, "</table>")
	var got []string
	for _, m := range regexp.MustCompile(`<td class="mono">([^<]*)</td>`).FindAllStringSubmatch(can, -1) {
		got = append(got, m[1])
	}
	if len(want) == 0 {
		t.Fatalf("nobody can see %s in the seeded world; pick a customer someone sees", id)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("who can see %s (-coverage +page):\n%s", id, diff)
	}
	// Each of them says through which path of rule P1.
	if !regexp.MustCompile(`\(P1\.[1-4]\)`).MatchString(can) {
		t.Errorf("the people who can see %s say through no role:\n%s", id, can)
	}
	// Who cannot see it says why, in words (access.Explain).
	if cannot := between(body, `<table id="cannot-see">`, "</table>"); cannot != "" && !strings.Contains(cannot, `<p class="why">`) {
		t.Errorf("the people who cannot see %s say no reason:\n%s", id, cannot)
	}
	checkLinks(t, env, target, body)

	// In another language, the page's own texts are translated.
	if _, fr := env.get(t, target+"&lang=fr"); !strings.Contains(fr, "Qui le voit") {
		t.Errorf("the French customer page lacks its heading")
	}
}

// Bad and unknown IDs: 400 before any lookup, 404 for an ID that names
// nothing.
func TestDrilldownBadIDs(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	tests := []struct {
		target string
		status int
	}{
		{"/customer?id=C0nobody00", http.StatusNotFound},
		{"/customer", http.StatusBadRequest},
		{"/customer?id=" + url.QueryEscape("<script>"), http.StatusBadRequest},
		{"/customer?id=" + strings.Repeat("C", 65), http.StatusBadRequest},
		{"/customer?id=C03cu0000&profile=helpdesk", http.StatusBadRequest},
		{"/case?id=" + url.QueryEscape("organizations/999999/cases/999999"), http.StatusNotFound},
		{"/case", http.StatusBadRequest},
		{"/case?id=" + url.QueryEscape("../../etc/passwd"), http.StatusBadRequest},
		{"/case?id=" + url.QueryEscape("organizations/1/cases/"+strings.Repeat("9", 65)), http.StatusBadRequest},
		{"/gap", http.StatusBadRequest},
		{"/gap?person=nobody@northwind.example&domain=northwind.example", http.StatusNotFound},
		{"/gap?person=ana.lima@northwind.example&domain=not%20a%20domain", http.StatusBadRequest},
		{"/customers?sort=size", http.StatusBadRequest},
		{"/customers?access=maybe", http.StatusBadRequest},
		{"/customers?plan=Gold", http.StatusBadRequest},
		{"/customers?q=" + strings.Repeat("x", maxCustomerKeyword+1), http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			t.Parallel()
			status, body := env.get(t, tt.target)
			if status != tt.status {
				t.Fatalf("GET %s: status %d, want %d; body:\n%s", tt.target, status, tt.status, body)
			}
			if strings.Contains(body, "<script>") {
				t.Errorf("GET %s: the page shows the input unescaped", tt.target)
			}
		})
	}
}

// The case page shows a case of the seeded world (escaped), its comments
// and attachments (C7), whether it can be escalated (C8) and its reopen
// deadline (C9); the cases page links to it.
func TestCasePage(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	target := "/case?id=" + url.QueryEscape(env.caseID)
	status, body := env.get(t, target)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d; body:\n%s", target, status, body)
	}
	if strings.Contains(body, hostileTitle) || !strings.Contains(body, html.EscapeString(hostileTitle)) {
		t.Errorf("GET %s: the hostile title is not shown escaped", target)
	}
	for _, w := range []string{`id="escalation"`, `id="reopen"`, "Comments", "Attachments", env.caseID} {
		if !strings.Contains(body, w) {
			t.Errorf("GET %s: the page lacks %q", target, w)
		}
	}
	checkLinks(t, env, target, body)

	// Every case the cases page lists links to its page, and one of them
	// with comments shows them.
	_, list := env.get(t, "/cases")
	var caseLinks []string
	for _, u := range localLinks(list) {
		if strings.HasPrefix(u, "/case?") {
			caseLinks = append(caseLinks, u)
		}
	}
	if len(caseLinks) == 0 {
		t.Fatal("the cases page links to no case")
	}
	comments := false
	for _, u := range caseLinks {
		status, b := env.get(t, u)
		if status != http.StatusOK {
			t.Errorf("GET %s: status %d", u, status)
		}
		comments = comments || strings.Contains(b, `id="comments"`)
	}
	if !comments {
		t.Errorf("none of the %d cases of the first page shows a comment; the seeded world comments on its cases", len(caseLinks))
	}
}

// Each gap of the grid links to the customers it hides: exactly the
// coverage's HiddenCustomers (rules D1, D2), each linked to its page.
func TestGapLists(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	snap := env.app.snap.Load()
	cov, err := access.ComputeCoverage(snap.Access, snap.People, access.CloudSupportPortal)
	if err != nil {
		t.Fatal(err)
	}
	_, grid := env.get(t, "/")
	gaps := 0
	for pi, p := range cov.People {
		for di, c := range p.Cells {
			if c.Hidden == 0 {
				continue
			}
			gaps++
			u := link("/gap", langs[0], "person", p.ID, "domain", cov.Domains[di].Name)
			if !strings.Contains(grid, `href="`+html.EscapeString(u)+`"`) {
				t.Errorf("the grid's cell of %s on %s does not link to %s", p.ID, cov.Domains[di].Name, u)
				continue
			}
			status, body := env.get(t, u)
			if status != http.StatusOK {
				t.Fatalf("GET %s: status %d; body:\n%s", u, status, body)
			}
			if strings.Contains(body, hostileName) {
				t.Errorf("GET %s: a person's name is shown unescaped", u)
			}
			var want []string
			for _, h := range cov.HiddenCustomers(pi, di) {
				want = append(want, h.ID)
			}
			var got []string
			for _, m := range monoCell.FindAllStringSubmatch(between(body, `<table id="gap-customers">`, "</table>"), -1) {
				got = append(got, m[1])
			}
			slices.Sort(want)
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("GET %s: the customers listed (-coverage +page):\n%s", u, diff)
			}
			if len(got) != c.Hidden {
				t.Errorf("GET %s: %d customers listed, the cell says %d", u, len(got), c.Hidden)
			}
			if gaps == 1 {
				checkLinks(t, env, u, body)
			}
		}
	}
	if gaps == 0 {
		t.Fatal("the seeded world has no gap to list")
	}
}

// The customers page filters by keyword, reseller access (D5) and plan,
// and sorts; each row links to the customer's page.
func TestCustomersFilterSort(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	rows := func(t *testing.T, target string) []string {
		t.Helper()
		status, body := env.get(t, target)
		if status != http.StatusOK {
			t.Fatalf("GET %s: status %d; body:\n%s", target, status, body)
		}
		tbody := between(body, "<tbody>", "</tbody>")
		return regexp.MustCompile(`<tr>`).Split(tbody, -1)[1:]
	}
	all := rows(t, "/customers")
	revoked := rows(t, "/customers?access=revoked")
	granted := rows(t, "/customers?access=granted")
	if len(revoked) == 0 || len(granted) == 0 || len(revoked)+len(granted) != len(all) {
		t.Errorf("access filter: %d revoked + %d granted, want both > 0 summing to %d", len(revoked), len(granted), len(all))
	}
	for _, r := range revoked {
		if !strings.Contains(r, "badge bad") {
			t.Errorf("?access=revoked lists a customer with access:\n%s", r)
		}
	}
	for _, r := range rows(t, "/customers?plan=Premium") {
		if !strings.Contains(r, ">Premium<") {
			t.Errorf("?plan=Premium lists another plan:\n%s", r)
		}
	}
	open := rows(t, "/customers?sort=open")
	num := regexp.MustCompile(`<td class="num">(?:<a [^>]*>)?(\d+)`)
	prev := -1
	for _, r := range open {
		m := num.FindStringSubmatch(r)
		if m == nil {
			t.Fatalf("no open count in row:\n%s", r)
		}
		n := 0
		for _, ch := range m[1] {
			n = n*10 + int(ch-'0')
		}
		if prev >= 0 && n > prev {
			t.Errorf("?sort=open: %d after %d, want most open first", n, prev)
		}
		prev = n
	}
	first := inside(all[0], `<td class="mono">`, "<")
	if kw := rows(t, "/customers?q="+url.QueryEscape(strings.ToLower(first))); len(kw) != 1 {
		t.Errorf("?q=%s: %d rows, want the one customer", first, len(kw))
	}
	if !strings.Contains(all[0], `href="/customer?id=`+first+`"`) {
		t.Errorf("the row of %s does not link to its page:\n%s", first, all[0])
	}
}

// The keys the drill-down builds at run time (the paths of rule P1 other
// than the Reseller Admin role, whose name access gives, and the sorts)
// are in the catalogue.
func TestDrilldownMessages(t *testing.T) {
	t.Parallel()
	keys := []string{"customers.planunknown"}
	for _, p := range []access.Path{access.PathCustomerPrivileges, access.PathLegacySupport, access.PathSuperAdmin} {
		keys = append(keys, "path."+p.String())
	}
	for _, s := range customerSorts {
		keys = append(keys, "customers.sort."+s)
	}
	for _, k := range keys {
		if _, ok := messages[k]; !ok {
			t.Errorf("message %q is missing", k)
		}
	}
}
