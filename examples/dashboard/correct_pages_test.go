package main

import (
	"encoding/base64"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestPlanNothingNeeded checks S5 with P1 on the plan page: for a person
// who already reaches the portal everywhere through the Reseller Admin
// role, the plan changes nothing and says why; the person is found
// whatever the case of the address (as domains.NormalizeEmail).
func TestPlanNothingNeeded(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	for _, target := range []string{
		"/plan?person=ana.lima@northwind.example",
		"/plan?person=" + url.QueryEscape(" Ana.Lima@NorthWind.Example "),
	} {
		status, body := env.get(t, target)
		if status != http.StatusOK {
			t.Fatalf("GET %s: status %d", target, status)
		}
		if got := inside(body, `id="plan-changes"><b>`, "</b>"); got != "0" {
			t.Errorf("GET %s: %q changes, want 0", target, got)
		}
		why := inside(body, `id="plan-nothing">`, "</div>")
		for _, want := range []string{"Nothing to change: Ana Lima", "ana.lima@northwind-us.example: not needed", "Reseller Admin role (P1.1)"} {
			if !strings.Contains(why, want) {
				t.Errorf("GET %s: the no-change notice lacks %q:\n%s", target, want, why)
			}
		}
		if !strings.Contains(body, `value="ana.lima@northwind.example" selected`) {
			t.Errorf("GET %s: the person is not selected in the chooser", target)
		}
	}
	// Someone who lacks an account on a domain (D2) still has changes.
	_, body := env.get(t, "/plan?person=chloe.martin@northwind.example")
	if strings.Contains(body, `id="plan-nothing"`) || inside(body, `id="plan-changes"><b>`, "</b>") == "0" {
		t.Error("the plan of Chloé Martin, who lacks a Nordic account, says nothing is needed")
	}
}

var (
	cellLink = regexp.MustCompile(`<td class="num"><a href="([^"]+)">(\d+)</a></td>`)
	nextLink = regexp.MustCompile(`id="next-page" href="([^"]+)"`)
)

// listed follows a listing's pages from target and returns how many cases
// it lists.
func listed(t *testing.T, env *testEnv, target string) int {
	t.Helper()
	n := 0
	for pages := 0; target != ""; pages++ {
		if pages > 100 {
			t.Fatalf("%s: more than 100 pages", target)
		}
		status, body := env.get(t, target)
		if status != http.StatusOK {
			t.Fatalf("GET %s: status %d", target, status)
		}
		n += strings.Count(inside(body, `<table id="cases">`, "</table>"), `<td class="mono">`)
		target = ""
		if m := nextLink.FindStringSubmatch(body); m != nil {
			target = html.UnescapeString(m[1])
		}
	}
	return n
}

// summary returns the counts table's cells with a link, and its total.
func summary(t *testing.T, body string) (links []string, counts []int, total int) {
	t.Helper()
	table := inside(body, `<table id="case-counts">`, "</table>")
	if table == "" {
		t.Fatal("the page has no counts table")
	}
	for _, m := range cellLink.FindAllStringSubmatch(table, -1) {
		n, _ := strconv.Atoi(m[2])
		links, counts = append(links, html.UnescapeString(m[1])), append(counts, n)
		total += n
	}
	return links, counts, total
}

// TestCaseSummaryMatchesLinks checks rules C4 and C6 on the cases page:
// every cell of the summary counts exactly the cases its link lists (all
// pages followed), and the summary honours the page's filters.
func TestCaseSummaryMatchesLinks(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	for _, target := range []string{
		"/cases",
		"/cases?q=gmail",
		"/cases?status=open&severity=S1&severity=S2",
		"/cases?customer=C03cu0000",
		"/cases?state=action-required",
	} {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			_, body := env.get(t, target)
			links, counts, total := summary(t, body)
			if len(links) == 0 {
				t.Fatalf("GET %s: no cell links", target)
			}
			for i, l := range links {
				if got := listed(t, env, l); got != counts[i] {
					t.Errorf("GET %s: the cell %s says %d, its link lists %d", target, l, counts[i], got)
				}
			}
			// The summary honours the filters: its total is what the
			// filtered listing lists. (Unfiltered, the cells' listings
			// already cover the account's.)
			if target == "/cases" {
				return
			}
			if got := listed(t, env, target); got != total {
				t.Errorf("GET %s: the summary counts %d cases, the listing lists %d", target, total, got)
			}
		})
	}
	// A filtered summary counts fewer cases than the whole account's.
	_, all := env.get(t, "/cases")
	_, gmail := env.get(t, "/cases?q=gmail")
	_, _, a := summary(t, all)
	_, _, g := summary(t, gmail)
	if g >= a {
		t.Errorf("the summary ignores the keyword filter: %d cases with it, %d without", g, a)
	}
}

// TestBoundedInput checks that page numbers, page tokens and case states
// are bounded: bad ones answer 400, never a panic or a scan.
func TestBoundedInput(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	// A real second page, for its token.
	_, body := env.get(t, "/cases")
	m := nextLink.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the cases page has no next page")
	}
	next, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	token := next.Query().Get("page")
	negSkip := base64.RawURLEncoding.EncodeToString([]byte(`[{"k":-5},{"k":-5}]`))
	hugeSkip := base64.RawURLEncoding.EncodeToString([]byte(`[{"k":99999999},{"k":0}]`))
	tests := []struct {
		target string
		status int
	}{
		{"/cases?page=" + url.QueryEscape(token) + "&n=2", http.StatusOK},
		{"/cases?page=" + url.QueryEscape(token) + "&n=-3", http.StatusBadRequest},
		{"/cases?page=" + url.QueryEscape(token) + "&n=0", http.StatusBadRequest},
		{"/cases?page=" + url.QueryEscape(token) + "&n=99999999999999999999", http.StatusBadRequest},
		{"/cases?page=" + url.QueryEscape(token) + "&n=9223372036854775807", http.StatusBadRequest},
		{"/cases?page=" + url.QueryEscape(token) + "&n=two", http.StatusBadRequest},
		{"/cases?page=" + negSkip, http.StatusBadRequest},
		{"/cases?page=" + hugeSkip, http.StatusBadRequest},
		{"/cases?page=" + strings.Repeat("A", 5000), http.StatusBadRequest},
		{"/cases?page=not-a-token", http.StatusBadRequest},
		{"/cases?state=pending", http.StatusBadRequest},
	}
	for _, tt := range tests {
		status, body := env.get(t, tt.target)
		if status != tt.status {
			t.Errorf("GET %.80s: status %d, want %d:\n%.300s", tt.target, status, tt.status, body)
		}
	}
}

// TestNoStaticListing checks that /static/ serves its files and lists no
// directory.
func TestNoStaticListing(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	for target, want := range map[string]int{
		"/static/style.css":  http.StatusOK,
		"/static/":           http.StatusNotFound,
		"/static/sub/":       http.StatusNotFound,
		"/static/style.css/": http.StatusNotFound,
	} {
		status, body := env.get(t, target)
		if status != want {
			t.Errorf("GET %s: status %d, want %d", target, status, want)
		}
		if strings.Contains(body, `<a href="style.css">`) {
			t.Errorf("GET %s: a directory listing", target)
		}
	}
}
