package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

func TestPages(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	tests := []struct {
		name   string
		target string
		status int
		want   []string
	}{
		{"grid", "/", http.StatusOK, []string{`id="access-grid"`, "Ana Lima", demoworld.DomainNordics, "Customers not visible"}},
		{"grid, reasons open", "/?open=1", http.StatusOK, []string{"<details open>", "Allowed by:"}},
		{"grid, Customer Care Portal (P2)", "/?profile=customer-care-portal", http.StatusOK, []string{`value="customer-care-portal" selected`}},
		{"customers, first domain", "/customers", http.StatusOK, []string{"Customers of " + demoworld.DomainEU, `id="customers"`}},
		{"customers, secondary domain (D1)", "/customers?domain=" + demoworld.DomainNordics, http.StatusOK, []string{"Customers of " + demoworld.DomainNordics}},
		{"customers, domain normalised (D3)", "/customers?domain=NorthWind-US.Example.", http.StatusOK, []string{"Customers of " + demoworld.DomainUS}},
		{"seats (L4)", "/seats", http.StatusOK, []string{`id="seats"`, "Cloud Identity Free", "101001/1010010001"}},
		{"cases", "/cases", http.StatusOK, []string{`id="cases"`, `id="case-counts"`, "Reopen deadline", "Escalatable"}},
		{"cases, filtered", "/cases?q=gmail&status=open&severity=S1", http.StatusOK, []string{`value="gmail"`}},
		{"cases, other account", "/cases?account=C01nwus00", http.StatusOK, []string{`value="C01nwus00" selected`}},
		{"plan, no person", "/plan", http.StatusOK, []string{"Choose a person"}},
		{"plan (S7)", "/plan?person=chloe.martin@northwind.example", http.StatusOK, []string{"Setup plan for Chloé Martin", `id="dry-run"`, "chloe.martin@" + demoworld.DomainNordics}},
		{"plan with Reseller Admin (S5)", "/plan?person=gustav.berg@northwind.example&role=reseller-admin", http.StatusOK, []string{`value="reseller-admin" selected`}},
		{"stylesheet", "/static/style.css", http.StatusOK, []string{"table.grid"}},
		{"health", "/healthz", http.StatusOK, []string{"ok"}},
		{"unknown page", "/nope", http.StatusNotFound, []string{"no page at /nope"}},
		{"unknown domain", "/customers?domain=elsewhere.example", http.StatusNotFound, []string{"elsewhere.example is not a domain"}},
		{"bad domain", "/customers?domain=not%20a%20domain", http.StatusBadRequest, nil},
		{"bad status", "/cases?status=pending", http.StatusBadRequest, []string{"“pending”"}},
		{"bad severity", "/cases?severity=S9", http.StatusBadRequest, []string{"“S9”"}},
		{"unknown account", "/cases?account=C0nobody", http.StatusNotFound, nil},
		{"bad profile", "/?profile=helpdesk", http.StatusBadRequest, nil},
		{"unknown person", "/plan?person=nobody@northwind.example", http.StatusNotFound, []string{"choose one from the list"}},
		{"bad role", "/plan?person=ana.lima@northwind.example&role=owner", http.StatusBadRequest, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := env.get(t, tt.target)
			if status != tt.status {
				t.Fatalf("GET %s: status %d, want %d; body:\n%s", tt.target, status, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: the page lacks %q", tt.target, w)
				}
			}
			// The pages work without JavaScript: they hold none.
			if strings.Contains(strings.ToLower(body), "<script") {
				t.Errorf("GET %s: the page holds a script element", tt.target)
			}
		})
	}
}

// Every page escapes what it shows: names, case titles, and what the
// visitor typed.
func TestEscaping(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	tests := []struct {
		name, target, escaped string
	}{
		{"person name in the grid", "/", "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;"},
		{"person name in the plan chooser", "/plan", "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;"},
		{"case title", "/cases", "&lt;script&gt;alert(&#34;case&#34;)&lt;/script&gt; Gmail outage"},
		{"keyword typed", "/cases?q=" + url.QueryEscape(`<script>alert("q")</script>`), `value="&lt;script&gt;alert(&#34;q&#34;)&lt;/script&gt;"`},
		{"path in an error", "/%3Cscript%3Ealert(1)%3C/script%3E", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"domain in an error", "/customers?domain=" + url.QueryEscape("<b>x</b>.example"), "&lt;b&gt;x&lt;/b&gt;.example"},
		{"lang switch keeps the query escaped", "/cases?q=" + url.QueryEscape(`"><script>x</script>`), "q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, body := env.get(t, tt.target)
			if strings.Contains(body, "<script") {
				t.Errorf("GET %s: the page holds an unescaped <script", tt.target)
			}
			if !strings.Contains(body, tt.escaped) {
				t.Errorf("GET %s: the page lacks the escaped %q", tt.target, tt.escaped)
			}
		})
	}
}

// The language switch: each of the six languages of access.Explain
// renders the page and the decisions' reasons in that language, and every
// link keeps it.
func TestLanguages(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	tests := []struct {
		code string
		nav  string // the grid's navigation label
		why  string // a phrase of access.Explain's text in that language
	}{
		{"en", "Access", "may use the"},
		{"fr", "Accès", "peut utiliser"},
		{"sv", "Åtkomst", "får använda"},
		{"ja", "アクセス", "を使用できます"},
		{"id", "Akses", "dapat menggunakan"},
		{"it", "Accesso", "può usare"},
	}
	hrefs := regexp.MustCompile(`href="(/[^"]*)"( hreflang="(\w+)")?`)
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			status, body := env.get(t, "/?open=1&lang="+tt.code)
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			for _, w := range []string{`<html lang="` + tt.code + `">`, `aria-current="page">` + tt.nav + `</a>`, tt.why} {
				if !strings.Contains(body, w) {
					t.Errorf("lang=%s: the page lacks %q", tt.code, w)
				}
			}
			if tt.code == "en" {
				return
			}
			for _, m := range hrefs.FindAllStringSubmatch(body, -1) {
				u := strings.ReplaceAll(m[1], "&amp;", "&")
				if strings.HasPrefix(u, "/static/") || m[3] == "en" {
					continue
				}
				q, _ := url.Parse(u)
				if got := q.Query().Get("lang"); got == "" {
					t.Errorf("lang=%s: the link %s drops the language", tt.code, u)
				}
			}
		})
	}
	t.Run("unknown language falls back to English", func(t *testing.T) {
		t.Parallel()
		_, body := env.get(t, "/?lang=xx")
		if !strings.Contains(body, `<html lang="en">`) {
			t.Error("lang=xx did not fall back to English")
		}
	})
}

// Every key the templates use has a text, and every text has its six
// languages.
func TestMessages(t *testing.T) {
	t.Parallel()
	for key, row := range messages {
		for i, s := range row {
			if strings.TrimSpace(s) == "" {
				t.Errorf("message %q has no %s text", key, langs[i].Code)
			}
		}
	}
	use := regexp.MustCompile(`\.T "([^"]+)"`)
	files, err := filepath.Glob("templates/*.tmpl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	var missing []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range use.FindAllStringSubmatch(string(b), -1) {
			if _, ok := messages[m[1]]; !ok {
				missing = append(missing, filepath.Base(f)+": "+m[1])
			}
		}
	}
	if diff := cmp.Diff([]string(nil), missing); diff != "" {
		t.Errorf("keys used by templates but missing from messages (-want +got):\n%s", diff)
	}
}

// findCell returns the class and the HTML of one person's cell on one
// domain.
func findCell(t *testing.T, body, personID, domain string) (string, string) {
	t.Helper()
	row := between(body, `<tr id="person-`+personID+`">`, "</tr>")
	if row == "" {
		t.Fatalf("no row for %s", personID)
	}
	m := regexp.MustCompile(`<td class="cell (\w+)" data-domain="` + regexp.QuoteMeta(domain) + `">`).FindStringIndex(row)
	if m == nil {
		t.Fatalf("no cell for %s on %s", personID, domain)
	}
	cell := row[m[0]:]
	cell, _, _ = strings.Cut(cell, "</td>")
	class := inside(cell, `class="cell `, `"`)
	return class, cell
}

// The grid shows each rule of the seeded world: the cell's colour, and the
// reason in words.
func TestGridRules(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	_, csp := env.get(t, "/?open=1")
	_, ccp := env.get(t, "/?open=1&profile=customer-care-portal")
	eu, nordics, us := demoworld.DomainEU, demoworld.DomainNordics, demoworld.DomainUS
	tests := []struct {
		name, body, person, domain, class string
		want                              []string
	}{
		{"P1.1 Reseller Admin", csp, "ana.lima@northwind.example", eu, "allowed", []string{"Reseller Admin role [P1.1]"}},
		{"P1.2 custom role", csp, "bjorn.nilsson@northwind.example", us, "allowed", []string{"View Customers", "[P1.2]"}},
		{"P1.3 legacy support", csp, "takeshi.mori@northwind.example", us, "allowed", []string{"[P1.3]"}},
		{"P1.4 super admin", csp, "kenji.tanaka@northwind.example", us, "allowed", []string{"super admin role [P1.4]"}},
		{"D2 no account on the secondary domain", csp, "chloe.martin@northwind.example", nordics, "missing", []string{"no account", "40 customers out of sight"}},
		{"P5 suspended", csp, "daiki.sato@northwind.example", us, "denied", []string{"suspended", "[P5]"}},
		{"P5 archived", csp, "rizky.hidayat@northwind.example", eu, "denied", []string{"archived", "[P5]"}},
		{"P4 expired", csp, "eko.pratama@northwind.example", nordics, "denied", []string{"expired on 2026-01-04 09:00 UTC", "[P4]"}},
		{"P4 org-unit scope", csp, "francesca.rossi@northwind.example", us, "denied", []string{"organizational unit only", "[P4]"}},
		{"P4 nested group", csp, "hana.kobayashi@northwind.example", eu, "allowed", []string{"through the group"}},
		{"P4 expires later", csp, "ulla.virtanen@northwind.example", eu, "allowed", []string{"expires 2026-01-12"}},
		{"P7 no role, denied by default", csp, "jonas.weber@northwind.example", eu, "denied", []string{"Missing:"}},
		{"P2 Cloud Support Portal needs Support", csp, "ines.garcia@northwind.example", eu, "denied", []string{"Support [P2]"}},
		{"P2 Customer Care Portal does not", ccp, "ines.garcia@northwind.example", eu, "allowed", []string{"Customer Care Portal"}},
		{"S2 two licenses", csp, "olivier.dubois@northwind.example", eu, "allowed", []string{"two licenses (S2)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			class, cell := findCell(t, tt.body, tt.person, tt.domain)
			if class != tt.class {
				t.Errorf("%s on %s: cell is %q, want %q:\n%s", tt.person, tt.domain, class, tt.class, cell)
			}
			for _, w := range tt.want {
				if !strings.Contains(cell, w) {
					t.Errorf("%s on %s: cell lacks %q:\n%s", tt.person, tt.domain, w, cell)
				}
			}
		})
	}
}

// Rules C4, C6, C8, C9 on the cases page: the listing is filtered as asked,
// newest update first, and the escalation and reopen columns follow the
// rules.
func TestCasesPage(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	rows := func(t *testing.T, target string) []string {
		t.Helper()
		status, body := env.get(t, target)
		if status != http.StatusOK {
			t.Fatalf("GET %s: status %d", target, status)
		}
		table := between(body, `<table id="cases">`, "</table>")
		parts := strings.Split(table, "<tr>")
		if len(parts) < 3 {
			return nil
		}
		return parts[2:] // past the header row
	}
	t.Run("C6 status closed", func(t *testing.T) {
		t.Parallel()
		rs := rows(t, "/cases?status=closed")
		if len(rs) != 50 {
			t.Fatalf("got %d rows, want a full page of 50", len(rs))
		}
		for _, r := range rs {
			if !strings.Contains(r, "<td>closed</td>") {
				t.Errorf("an open case in a closed listing:\n%s", r)
			}
		}
	})
	t.Run("C6 severity", func(t *testing.T) {
		t.Parallel()
		for _, r := range rows(t, "/cases?severity=S0") {
			if !strings.Contains(r, ">S0</span>") {
				t.Errorf("a case of another severity:\n%s", r)
			}
		}
	})
	t.Run("C6 keyword", func(t *testing.T) {
		t.Parallel()
		rs := rows(t, "/cases?q=vault")
		if len(rs) == 0 {
			t.Fatal("no case matches vault")
		}
		for _, r := range rs {
			if !strings.Contains(strings.ToLower(r), "vault") {
				t.Errorf("a case without the keyword:\n%s", r)
			}
		}
	})
	t.Run("C6 newest update first", func(t *testing.T) {
		t.Parallel()
		var times []string
		re := regexp.MustCompile(`<td class="small">(\d{4}-\d\d-\d\d \d\d:\d\d UTC)</td>`)
		for _, r := range rows(t, "/cases") {
			if m := re.FindStringSubmatch(r); m != nil {
				times = append(times, m[1])
			}
		}
		if len(times) < 2 || !slices.IsSortedFunc(times, func(a, b string) int { return strings.Compare(b, a) }) {
			t.Errorf("cases are not newest first: %v", times)
		}
	})
	t.Run("C9 reopen deadline and its passing", func(t *testing.T) {
		t.Parallel()
		var open, passed int
		for _, r := range rows(t, "/cases?status=closed") {
			switch {
			case strings.Contains(r, "passed: file a new case"):
				passed++
			case strings.Contains(r, " UTC</td>\n\t\t</tr>") || strings.Contains(r, "UTC</td>"):
				open++
			}
		}
		if open == 0 || passed == 0 {
			t.Errorf("want closed cases both within and past the window on the first page; got %d within, %d past", open, passed)
		}
	})
	t.Run("C8 escalation for Premium only", func(t *testing.T) {
		t.Parallel()
		premium := map[string]bool{}
		for _, d := range env.app.snap.Load().Access.Domains {
			for _, c := range d.Customers {
				if c.Plan == "Premium" {
					premium[c.Domain] = true
				}
			}
		}
		seen := 0
		for _, acct := range []string{"C01nweu00", "C01nwus00"} {
			for _, r := range rows(t, "/cases?status=open&account="+acct) {
				cust, _, _ := strings.Cut(r, "<br>")
				cust = cust[strings.LastIndex(cust, "<td>")+len("<td>"):]
				if strings.Contains(r, `<span class="badge ok">yes</span>`) {
					seen++
					if !premium[cust] {
						t.Errorf("escalatable, but %s is not on Premium Support:\n%s", cust, r)
					}
				}
			}
		}
		if seen == 0 {
			t.Error("no escalatable case on the first pages")
		}
	})
	t.Run("paging", func(t *testing.T) {
		t.Parallel()
		_, body := env.get(t, "/cases?status=closed")
		next := strings.ReplaceAll(inside(body, `id="next-page" href="`, `"`), "&amp;", "&")
		if next == "" {
			t.Fatal("no next page link")
		}
		first := rows(t, "/cases?status=closed")
		second := rows(t, next)
		if len(second) == 0 || second[0] == first[0] {
			t.Errorf("the second page (%s) repeats or lacks cases", next)
		}
		_, body2 := env.get(t, next)
		if !strings.Contains(body2, "Page 2") || !strings.Contains(body2, "First page") {
			t.Errorf("the second page does not say so, or has no way back")
		}
	})
	t.Run("C4 cases filed under the previous reseller stay hidden", func(t *testing.T) {
		t.Parallel()
		var visible int
		for _, st := range env.app.snap.Load().Cases {
			visible += st.Total
		}
		if all := len(env.world.CasesSnapshot()); visible >= all {
			t.Errorf("%d cases visible of %d in the world; the transferred customers' earlier cases should be hidden", visible, all)
		}
	})
}

func TestRefresh(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	tests := []struct {
		name     string
		back     string
		site     string // Sec-Fetch-Site
		status   int
		location string
	}{
		{"same origin, back to the page", "/cases?lang=fr", "same-origin", http.StatusSeeOther, "/cases?lang=fr"},
		{"an absolute URL is not followed", "https://elsewhere.example/", "same-origin", http.StatusSeeOther, "/"},
		{"a protocol-relative URL is not followed", "//elsewhere.example/", "same-origin", http.StatusSeeOther, "/"},
		{"cross-site is refused", "/", "cross-site", http.StatusForbidden, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			form := url.Values{"back": {tt.back}}
			req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/refresh", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", tt.site)
			rec := httptest.NewRecorder()
			env.handler.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Header().Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/", nil)
	rec := httptest.NewRecorder()
	env.handler.ServeHTTP(rec, req)
	h := rec.Header()
	for _, name := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if h.Get(name) == "" {
			t.Errorf("missing %s", name)
		}
	}
	if ct := h.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
}

// FuzzPages: whatever the query, a page answers without a server error and
// never echoes markup unescaped.
func FuzzPages(f *testing.F) {
	for _, s := range []string{
		"", "lang=fr&open=1", "profile=customer-care-portal", "domain=northwind-nordics.example",
		"q=%3Cscript%3E&status=open&severity=S1&severity=P2", "page=garbage&n=7", "person=ana.lima@northwind.example&role=custom",
		"account=C01nwus00&customer=C03cu0001", "lang=%00&q=%FF%FE", "severity=&status=&q=" + strings.Repeat("x", 300),
	} {
		f.Add(uint8(0), s)
	}
	paths := []string{"/", "/customers", "/seats", "/cases", "/plan"}
	f.Fuzz(func(t *testing.T, page uint8, query string) {
		env := sharedTestEnv(t)
		target := paths[int(page)%len(paths)] + "?" + query
		u, err := url.Parse(target)
		if err != nil {
			return
		}
		req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/", nil)
		req.URL = u
		rec := httptest.NewRecorder()
		env.handler.ServeHTTP(rec, req)
		if rec.Code >= 500 && rec.Code != http.StatusBadGateway {
			t.Fatalf("GET %s: status %d:\n%s", target, rec.Code, rec.Body.String())
		}
		if strings.Contains(strings.ToLower(rec.Body.String()), "<script") {
			t.Fatalf("GET %s: markup echoed unescaped", target)
		}
	})
}

// Pages keep answering while the data is read again.
func TestConcurrentRefresh(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	var wg sync.WaitGroup
	for _, target := range []string{"/", "/customers", "/seats", "/cases", "/plan?person=ana.lima@northwind.example"} {
		wg.Go(func() {
			for range 3 {
				if status, _ := env.get(t, target); status != http.StatusOK {
					t.Errorf("GET %s during a refresh: status %d", target, status)
				}
			}
		})
	}
	wg.Go(func() {
		for range 2 {
			if err := env.app.refresh(t.Context()); err != nil {
				t.Errorf("refresh: %v", err)
			}
		}
	})
	wg.Wait()
}
