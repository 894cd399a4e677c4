package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkPages measures each page over the seeded world (20 people, 3
// reseller domains, 200 customers, 1,000 cases), from the request to the
// last byte of HTML (or of the review's exports). The goal is under 100 ms
// a page.
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
		{"plan_ja", "/plan?person=chloe.martin@northwind.example&lang=ja"},
		{"customer", "/customer?id=C03cu0000"},
		{"case", "/case?id=" + env.caseID},
		{"gap", "/gap?domain=northwind-nordics.example&person=chloe.martin@northwind.example"},
		{"history", "/history"},
		{"whatif", "/whatif?suspend=ana.lima@northwind-eu.example&days=30"},
		{"review", "/review?within=30"},
		{"review_csv", "/review/export?format=csv"},
		{"review_json", "/review/export?format=json"},
	}
	_, body := env.get(b, "/cases")
	next := inside(body, `id="next-page" href="`, `"`)
	if next == "" {
		b.Fatal("the cases page has no next page")
	}
	pages[6].target = strings.ReplaceAll(next, "&amp;", "&")

	// The history page, and the review's past sign-offs, need a history:
	// the same source with one in memory, after 20 reads.
	withHistory, err := newApp(env.app.src, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	h, err := openHistory(b.Context(), "")
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	withHistory.hist = h
	for range 20 {
		if err := withHistory.refresh(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
	histHandler := withHistory.handler()

	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			handler := env.handler
			if p.name == "history" {
				handler = histHandler
			}
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, p.target, nil)
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: status %d", p.target, rec.Code)
				}
			}
		})
	}
}
