package main

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

// lostRow is one row of the what-if page's per-person table: a person
// losing (or gaining) the customers of one reseller domain.
type lostRow struct {
	Person, Domain, Account string
	Customers               int
}

var whatIfRow = regexp.MustCompile(`(?s)<tr class="whatif-(lost|gained)">\s*<th scope="row">([^<]*)</th>\s*<td>.*?</td>\s*<td>([^<]*)</td>\s*<td class="mono">([^<]*)</td>\s*<td>(\d+)`)

// whatIfRows reads the per-person rows of a what-if page, by kind.
func whatIfRows(body string) (lost, gained []lostRow) {
	for _, m := range whatIfRow.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[5])
		r := lostRow{Person: m[2], Domain: m[3], Account: m[4], Customers: n}
		if m[1] == "lost" {
			lost = append(lost, r)
		} else {
			gained = append(gained, r)
		}
	}
	return lost, gained
}

// figure reads the number of the figure with the given id.
func figure(t *testing.T, body, id string) int {
	t.Helper()
	s := inside(body, `id="`+id+`"><b>`, "</b>")
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("figure %s: %q is not a number", id, s)
	}
	return n
}

// coverageLosses is the oracle: the allowed cells of coverage before that
// are no longer allowed after, as rows (person name, domain, account before,
// customers of the domain), in the order of people then domains.
func coverageLosses(t *testing.T, before, after *access.Snapshot, people []access.Person) []lostRow {
	t.Helper()
	cb, err := access.ComputeCoverage(before, people, access.CloudSupportPortal)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := access.ComputeCoverage(after, people, access.CloudSupportPortal)
	if err != nil {
		t.Fatal(err)
	}
	var out []lostRow
	for pi, p := range cb.People {
		for di, c := range p.Cells {
			if c.Allowed && !ca.People[pi].Cells[di].Allowed && cb.Domains[di].Customers > 0 {
				out = append(out, lostRow{Person: p.Name, Domain: cb.Domains[di].Name, Account: c.Account, Customers: cb.Domains[di].Customers})
			}
		}
	}
	return out
}

// suspendIn marks the account suspended in s, as Google reports a
// suspended user (rule P5).
func suspendIn(t *testing.T, s *access.Snapshot, email string) {
	t.Helper()
	for d := range s.Domains {
		for i := range s.Domains[d].Accounts {
			f := &s.Domains[d].Accounts[i].Facts
			if strings.EqualFold(f.Email, email) {
				f.State, f.Effective.Blocked = access.StateSuspended, true
				return
			}
		}
	}
	t.Fatalf("%s is not in the snapshot", email)
}

// Suspending staff accounts (rule P5) loses each person exactly the
// customers of the account's domain (D1) that no other allowed account of
// theirs sees: the page agrees with coverage recomputed on a copy of the
// snapshot with the accounts suspended. Several changes apply together.
func TestWhatIfSuspendMatchesCoverage(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	snap := env.app.snap.Load()
	accounts := []string{"ana.lima@" + demoworld.DomainEU, "bjorn.nilsson@" + demoworld.DomainUS}
	changed := copySnapshot(t, snap, snap.ReadAt).Access
	for _, a := range accounts {
		suspendIn(t, changed, a)
	}
	want := coverageLosses(t, snap.Access, changed, snap.People)
	if len(want) != 2 {
		t.Fatalf("the oracle finds %d losses, want one per suspended account: %+v", len(want), want)
	}

	target := "/whatif?" + url.Values{paramSuspend: accounts}.Encode()
	status, body := env.get(t, target)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d\n%s", target, status, between(body, "<main", "</main>"))
	}
	lost, gained := whatIfRows(body)
	if diff := cmp.Diff(want, lost); diff != "" {
		t.Errorf("losses (-coverage +page):\n%s", diff)
	}
	if len(gained) != 0 {
		t.Errorf("suspending gains someone customers: %+v", gained)
	}
	pairs := 0
	for _, r := range want {
		pairs += r.Customers
	}
	if got := figure(t, body, "whatif-lostpairs"); got != pairs {
		t.Errorf("the page counts %d customer accesses lost, want %d", got, pairs)
	}
	if got := figure(t, body, "whatif-losing"); got != 2 {
		t.Errorf("the page counts %d people losing, want 2", got)
	}
	// It is a dry run: the snapshot and the world are untouched.
	for _, want := range []string{`id="dry-run"`, "Nothing is written to Google", `id="whatif-changes"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if env.app.snap.Load() != snap || slices.ContainsFunc(snap.Access.Domains[0].Accounts, func(a access.AccountFacts) bool {
		return a.Facts.State == access.StateSuspended && a.Facts.Email == accounts[0]
	}) {
		t.Errorf("the what-if changed the dashboard's snapshot")
	}
	// The form keeps the choices, and offers one more of each kind.
	if n := strings.Count(body, `<select name="suspend">`); n != 3 {
		t.Errorf("%d suspend lists, want the 2 chosen and an empty one", n)
	}
}

// Letting time pass (rule P4) loses exactly what access.Expiring says the
// assignments ending in that time take away; the day before the expiry
// nothing is lost yet (an assignment grants until its expiry time).
func TestWhatIfLetTimePass(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	snap := env.app.snap.Load()
	gs, err := access.Expiring(snap.Access, 7*24*time.Hour, &access.DriftOptions{People: snap.People})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, p := range snap.People {
		names[p.ID] = p.Name
	}
	var want []lostRow
	for _, g := range gs {
		if len(g.Customers) > 0 {
			want = append(want, lostRow{Person: names[g.Person], Domain: g.Domain, Account: g.Account, Customers: len(g.Customers)})
		}
	}
	if len(want) == 0 {
		t.Fatal("nothing expires within 7 days in the seeded world; the test needs an expiring assignment")
	}
	sortRows := func(rs []lostRow) {
		slices.SortFunc(rs, func(a, b lostRow) int { return strings.Compare(a.Account, b.Account) })
	}
	_, body := env.get(t, "/whatif?days=7")
	lost, _ := whatIfRows(body)
	sortRows(want)
	sortRows(lost)
	if diff := cmp.Diff(want, lost); diff != "" {
		t.Errorf("P4 after 7 days (-Expiring +page):\n%s", diff)
	}
	if status, body := env.get(t, "/whatif?days=6"); status != http.StatusOK || !strings.Contains(body, `id="whatif-noaccess"`) {
		t.Errorf("P4 after 6 days: status %d, and someone loses access before the expiry", status)
	}
}

// Revoking the one role assignment of an account loses its person that
// domain's customers (P4, D1), and so does revoking the one of a group for
// each of its members; a customer turning reseller access off (D5) changes
// no one's access but is a change of facts.
func TestWhatIfRevoke(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	snap := env.app.snap.Load()
	choices := newWhatIfChoices(langs[0], snap.Access)
	account := "ana.lima@" + demoworld.DomainEU
	i := slices.IndexFunc(choices.assignments, func(a assignmentChoice) bool { return a.change.Account == account })
	if i < 0 {
		t.Fatalf("no assignment of %s is offered", account)
	}
	_, body := env.get(t, "/whatif?revoke="+url.QueryEscape(choices.assignments[i].Key))
	lost, _ := whatIfRows(body)
	custs := 0
	for _, d := range snap.Access.Domains {
		if d.Name == demoworld.DomainEU {
			custs = len(d.Customers)
		}
	}
	if want := []lostRow{{Person: "Ana Lima", Domain: demoworld.DomainEU, Account: account, Customers: custs}}; !cmp.Equal(want, lost) {
		t.Errorf("revoking %s: lost %+v, want %+v", choices.assignments[i].Label, lost, want)
	}

	// An assignment to a group (P4) counts for each member: revoking it
	// loses them all their customers, unless something else grants.
	for _, g := range snap.Access.Tenants[0].Groups {
		key := ""
		for _, as := range choices.assignments {
			if as.change.Group == g.ID {
				key = as.Key
			}
		}
		if key == "" {
			t.Fatalf("the assignment of group %s is not offered", g.ID)
		}
		_, body := env.get(t, "/whatif?revoke="+url.QueryEscape(key))
		lost, _ := whatIfRows(body)
		var got []string
		for _, r := range lost {
			got = append(got, r.Account)
		}
		slices.Sort(got)
		if !slices.Equal(got, g.Members) {
			t.Errorf("revoking the role of group %s loses %v, want its members %v", g.ID, got, g.Members)
		}
	}

	status, body := env.get(t, "/whatif?revokeaccess=C03cu0000&lang=fr")
	if status != http.StatusOK || !strings.Contains(body, `id="whatif-noaccess"`) {
		t.Errorf("D5: status %d; a customer turning access off changes someone's access", status)
	}
	if !strings.Contains(inside(body, `<table id="whatif-events">`, "</table>"), htmlText(langs[1].T("history.event.customer-access-revoked"))) {
		t.Errorf("D5: the change of facts is not listed in French")
	}
}

// Bad form input is a 400 with a clear message in the reader's language,
// never a 500, and the form is shown again.
func TestWhatIfBadInput(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	snap := env.app.snap.Load()
	revoked := ""
	for _, d := range snap.Access.Domains {
		for _, c := range d.Customers {
			if !c.AccessGranted && revoked == "" {
				revoked = c.ID
			}
		}
	}
	var many url.Values = url.Values{}
	for _, d := range snap.Access.Domains {
		for _, a := range d.Accounts {
			many.Add(paramSuspend, a.Facts.Email)
		}
	}
	fr := langs[1]
	tests := []struct {
		name, query, want string
	}{
		{"unknown account", "suspend=nobody%40northwind-eu.example", fr.T("whatif.err.account", "nobody@northwind-eu.example")},
		{"negative days", "days=-3", fr.T("whatif.err.days", "-3", maxWhatIfDays)},
		{"days not a number", "days=soon", fr.T("whatif.err.days", "soon", maxWhatIfDays)},
		{"too many days", "days=100000", fr.T("whatif.err.days", "100000", maxWhatIfDays)},
		{"too many changes", many.Encode(), fr.T("whatif.err.toomany", len(many[paramSuspend]), maxWhatIfChanges)},
		{"unknown assignment", "revoke=1%3Aana.lima%40northwind-eu.example", fr.T("whatif.err.assignment", "1:ana.lima@northwind-eu.example")},
		{"unknown customer", "revokeaccess=C0nobody", fr.T("whatif.err.customer", "C0nobody")},
		{"customer already off (D5)", "revokeaccess=" + revoked, fr.T("whatif.err.customer", revoked)},
		{"value too long", "suspend=" + strings.Repeat("a", maxWhatIfValue+1), fr.T("whatif.err.long", maxWhatIfValue)},
	}
	if len(many[paramSuspend]) <= maxWhatIfChanges || revoked == "" {
		t.Fatal("the seeded world lacks the accounts or the revoked customer this test needs")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := env.get(t, "/whatif?lang=fr&"+tc.query)
			if status != http.StatusBadRequest {
				t.Errorf("status %d, want 400", status)
			}
			errs := inside(body, `id="whatif-errors"`, "</div>")
			if !strings.Contains(errs, htmlText(tc.want)) {
				t.Errorf("the page lacks %q:\n%s", tc.want, errs)
			}
			if !strings.Contains(body, `id="whatif-form"`) || strings.Contains(body, `id="whatif-people"`) {
				t.Errorf("the form is not shown again, or results are shown")
			}
		})
	}
}

// htmlText is s as html/template writes it in text.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// Every link of a what-if result resolves, and the page speaks each
// language with no key left untranslated.
func TestWhatIfLinksAndLanguages(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	target := "/whatif?days=1&suspend=" + url.QueryEscape("mette.hansen@"+demoworld.DomainNordics)
	status, body := env.get(t, target)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d", target, status)
	}
	checkLinks(t, env, target, body)
	for _, l := range langs {
		_, body := env.get(t, link("/whatif", l, "days", "7"))
		if k := regexp.MustCompile(`(whatif|list|review)\.[a-z.]+`).FindString(inside(body, "<main", "</main>")); k != "" {
			t.Errorf("%s: untranslated key %s", l.Code, k)
		}
		if !strings.Contains(body, htmlText(l.T("whatif.dryrun"))) || !strings.Contains(body, `action="/whatif"`) {
			t.Errorf("%s: the page lacks its dry-run note or its form", l.Code)
		}
	}
}

// Every text of the what-if and review pages has six translations, and
// the five other languages do not leave the English one as it is.
func TestWhatIfReviewMessages(t *testing.T) {
	t.Parallel()
	n := 0
	for k, row := range messages {
		if !strings.HasPrefix(k, "whatif.") && !strings.HasPrefix(k, "review.") && !strings.HasPrefix(k, "list.") {
			continue
		}
		n++
		for i, s := range row {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: empty in %s", k, langs[i].Code)
			}
		}
		same := 0
		for _, s := range row[1:] {
			if s == row[0] {
				same++
			}
		}
		if same == 5 && len(row[0]) > 12 {
			t.Errorf("%s: the same text in every language: %q", k, row[0])
		}
	}
	if n < 50 {
		t.Errorf("only %d what-if and review messages registered", n)
	}
}
