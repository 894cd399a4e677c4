package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkPages measures each page over the seeded world (20 people, 3
// reseller domains, 200 customers, 1,000 cases), from the request to the
// last byte of HTML. The goal is under 100 ms a page.
func BenchmarkPages(b *testing.B) {
	env := sharedTestEnv(b)
	pages := []struct{ name, target string }{
		{"grid", "/"},
		{"grid_all_reasons_ja", "/?open=1&lang=ja"},
		{"customers", "/customers?domain=northwind-us.example"},
		{"seats", "/seats"},
		{"cases", "/cases"},
		{"cases_filtered", "/cases?q=gmail&status=closed&severity=S2"},
		{"cases_page2", ""}, // filled below from the first page's next link
		{"plan", "/plan?person=chloe.martin@northwind.example"},
	}
	_, body := env.get(b, "/cases")
	next := inside(body, `id="next-page" href="`, `"`)
	if next == "" {
		b.Fatal("the cases page has no next page")
	}
	pages[6].target = strings.ReplaceAll(next, "&amp;", "&")
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, p.target, nil)
				rec := httptest.NewRecorder()
				env.handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: status %d", p.target, rec.Code)
				}
			}
		})
	}
}
