package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

// reviewPair is one person × customer access, as both exports list it.
type reviewPair struct{ Person, Account, Domain, Customer, CustomerDomain string }

// parseReviewCSV reads the CSV export and checks its header.
func parseReviewCSV(t *testing.T, body string) []reviewPair {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV export does not parse: %v", err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], reviewCSVColumns) {
		t.Fatalf("CSV header %v, want %v", rows[0], reviewCSVColumns)
	}
	var out []reviewPair
	for _, r := range rows[1:] {
		if r[5] == "" || r[6] == "" {
			t.Errorf("a CSV row names no role or path: %v", r)
		}
		out = append(out, reviewPair{r[0], r[1], r[2], r[3], r[4]})
	}
	return out
}

// parseReviewJSON reads the JSON export.
func parseReviewJSON(t *testing.T, body string) (reviewJSON, []reviewPair) {
	t.Helper()
	var j reviewJSON
	if err := json.Unmarshal([]byte(body), &j); err != nil {
		t.Fatalf("the JSON export does not parse: %v", err)
	}
	var out []reviewPair
	for _, a := range j.Access {
		for _, c := range a.Customers {
			out = append(out, reviewPair{a.Person, a.Account, a.ResellerDomain, c.ID, c.Domain})
		}
	}
	return j, out
}

// getFull serves one GET request and returns the recorder.
func getFull(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, target, nil))
	return rec
}

// The exports (rules D1, P1): the CSV and the JSON parse, list the same
// person × customer pairs in the same order, as many as the page counts
// and as coverage gives; the page's digest is the SHA-256 of the JSON
// export; both are attachments, and the same data exports the same bytes.
func TestReviewExports(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	status, page := env.get(t, "/review")
	if status != http.StatusOK {
		t.Fatalf("GET /review: %d", status)
	}
	csvRec := getFull(t, env.handler, "/review/export?format=csv")
	jsonRec := getFull(t, env.handler, "/review/export?format=json")
	for _, rec := range []*httptest.ResponseRecorder{csvRec, jsonRec} {
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment; filename=") {
			t.Errorf("export: status %d, Content-Disposition %q", rec.Code, rec.Header().Get("Content-Disposition"))
		}
	}
	fromCSV := parseReviewCSV(t, csvRec.Body.String())
	j, fromJSON := parseReviewJSON(t, jsonRec.Body.String())
	if diff := cmp.Diff(fromJSON, fromCSV); diff != "" {
		t.Errorf("the exports disagree (-json +csv):\n%s", diff)
	}
	pairs := figure(t, page, "review-pairs")
	if len(fromCSV) != pairs || j.Pairs != pairs || figure(t, page, "review-people") != j.People {
		t.Errorf("the page counts %d pairs, the CSV %d, the JSON %d", pairs, len(fromCSV), j.Pairs)
	}
	// The oracle: every allowed cell of coverage sees every customer of
	// its domain (D1).
	snap := env.app.snap.Load()
	cov, err := access.ComputeCoverage(snap.Access, snap.People, access.CloudSupportPortal)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, p := range cov.People {
		for di, c := range p.Cells {
			if c.Allowed {
				want += cov.Domains[di].Customers
			}
		}
	}
	if pairs != want || want == 0 {
		t.Errorf("%d pairs, coverage gives %d", pairs, want)
	}
	sum := sha256.Sum256(jsonRec.Body.Bytes())
	if digest := inside(page, `id="review-digest">`, "<"); digest != hex.EncodeToString(sum[:]) {
		t.Errorf("the page's digest %s is not the SHA-256 of the JSON export", digest)
	}
	if again := getFull(t, env.handler, "/review/export?format=csv"); !bytes.Equal(again.Body.Bytes(), csvRec.Body.Bytes()) {
		t.Errorf("two CSV exports of the same data differ")
	}
	if rec := getFull(t, env.handler, "/review/export?format=xml&lang=ja"); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), langs[3].T("review.err.format")) {
		t.Errorf("format=xml: status %d, without the Japanese message", rec.Code)
	}
}

// peopleSource renames people in each snapshot it reads.
type peopleSource struct {
	Source
	ids []string
}

func (p *peopleSource) Snapshot(ctx context.Context) (*Snapshot, error) {
	s, err := p.Source.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	c := *s
	c.People = slices.Clone(s.People)
	for i, id := range p.ids {
		c.People[i].ID = id
	}
	return &c, nil
}

// A cell that a spreadsheet would run as a formula (starting with = + - @)
// is written with a leading single quote; other cells are left as they
// are.
func TestReviewCSVInjection(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	hostile := []string{"=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)"}
	a, err := newApp(&peopleSource{Source: env.app.src, ids: hostile}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	rec := getFull(t, a.handler(), "/review/export?format=csv")
	rows := parseReviewCSV(t, rec.Body.String())
	seen := map[string]bool{}
	for _, r := range rows {
		for _, cell := range []string{r.Person, r.Account, r.Domain, r.Customer, r.CustomerDomain} {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("a cell starts with %q: %q", cell[0], cell)
			}
		}
		seen[r.Person] = true
	}
	for _, h := range hostile {
		if !seen["'"+h] {
			t.Errorf("%q is not exported as '%s", h, h)
		}
	}
	for in, want := range map[string]string{"=1": "'=1", "ana@x": "ana@x", "@x": "'@x", "\tx": "'\tx", "": "", "x=1": "x=1"} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// reviewApp is a dashboard showing env's last read, with a history at
// path ("": in memory).
func reviewApp(t *testing.T, env *testEnv, path string) (*app, *history) {
	t.Helper()
	a, err := newApp(env.app.src, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	h, err := openHistory(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	a.hist = h
	a.snap.Store(env.app.snap.Load())
	return a, h
}

// signOff posts the sign-off form as a browser on site (Sec-Fetch-Site).
func signOff(t *testing.T, h http.Handler, target, site string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", site)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// The sign-off is recorded with the digest of the review the reviewer saw,
// redirects back to the review in the reader's language, is listed, and
// survives a restart with the same -db. Bad input, a digest that is not
// the current review's, and a cross-origin POST are refused, and record
// nothing.
func TestReviewSignOff(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	path := filepath.Join(t.TempDir(), "dashboard.db")
	a, h := reviewApp(t, env, path)
	handler := a.handler()
	_, page := (&testEnv{handler: handler}).get(t, "/review?lang=fr")
	digest := inside(page, `name="digest" value="`, `"`)
	if len(digest) != 64 {
		t.Fatalf("the sign-off form carries no digest: %q", digest)
	}
	for _, want := range []string{`id="review-first"`, `id="review-nopast"`, `id="review-signoff"`, `action="/review/signoff?lang=fr"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the review before any sign-off lacks %s", want)
		}
	}
	fr := langs[1]
	refused := []struct {
		name   string
		site   string
		form   url.Values
		status int
		want   string
	}{
		{"no reviewer", "same-origin", url.Values{"digest": {digest}, "reviewer": {"  "}}, http.StatusBadRequest, fr.T("review.err.reviewer")},
		{"reviewer too long", "same-origin", url.Values{"digest": {digest}, "reviewer": {strings.Repeat("R", maxReviewer+1)}}, http.StatusBadRequest, fr.T("review.err.reviewerlong", maxReviewer)},
		{"control character", "same-origin", url.Values{"digest": {digest}, "reviewer": {"Rita\x07"}}, http.StatusBadRequest, fr.T("review.err.reviewerlong", maxReviewer)},
		{"note too long", "same-origin", url.Values{"digest": {digest}, "reviewer": {"Rita"}, "note": {strings.Repeat("n", maxReviewNote+1)}}, http.StatusBadRequest, fr.T("review.err.note", maxReviewNote)},
		{"digest of another review", "same-origin", url.Values{"digest": {strings.Repeat("0", 64)}, "reviewer": {"Rita"}}, http.StatusConflict, fr.T("review.err.changed")},
		{"cross-origin", "cross-site", url.Values{"digest": {digest}, "reviewer": {"Mallory"}}, http.StatusForbidden, ""},
	}
	for _, tc := range refused {
		rec := signOff(t, handler, "/review/signoff?lang=fr", tc.site, tc.form)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, rec.Code, tc.status)
		}
		if tc.want != "" && !strings.Contains(inside(rec.Body.String(), `id="review-problem"`, "</div>"), htmlText(tc.want)) {
			t.Errorf("%s: the page lacks %q", tc.name, tc.want)
		}
		if tc.want != "" && !strings.Contains(rec.Body.String(), `href="/review?lang=it"`) {
			t.Errorf("%s: the refused page's language links do not lead back to /review", tc.name)
		}
	}
	if rs, err := h.listReviews(t.Context(), 10); err != nil || len(rs) != 0 {
		t.Fatalf("refused sign-offs recorded %d reviews (%v)", len(rs), err)
	}

	rec := signOff(t, handler, "/review/signoff?lang=fr", "same-origin", url.Values{"digest": {digest}, "reviewer": {"Rita Reviewer"}, "note": {"Q1 <review>"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/review?lang=fr&signed=1" {
		t.Fatalf("sign-off: status %d to %q, want 303 to the French review", rec.Code, rec.Header().Get("Location"))
	}
	_, page = (&testEnv{handler: handler}).get(t, "/review?lang=fr&signed=1")
	past := inside(page, `<table id="review-history">`, "</table>")
	for _, want := range []string{"Rita Reviewer", "Q1 &lt;review&gt;", digest} {
		if !strings.Contains(past, want) {
			t.Errorf("the past sign-offs lack %q:\n%s", want, past)
		}
	}
	if !strings.Contains(page, `id="review-signed"`) || !strings.Contains(page, `id="review-nochange"`) {
		t.Errorf("after the sign-off, the review does not say it is signed, or that nothing changed since")
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}

	// A restart with the same -db lists the sign-off.
	b, h2 := reviewApp(t, env, path)
	defer h2.Close()
	_, page = (&testEnv{handler: b.handler()}).get(t, "/review")
	if !strings.Contains(inside(page, `<table id="review-history">`, "</table>"), digest) || !strings.Contains(page, "Rita Reviewer") {
		t.Errorf("the sign-off did not survive a restart")
	}
}

// After a change in the world (an account suspended, rule P5) and a read,
// the sign-off of the review seen before is refused, and the review lists
// what changed since the last signed one, the access lost included.
func TestReviewChangesSinceLast(t *testing.T) {
	t.Parallel()
	env, err := newTestEnv(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	h, err := openHistory(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	a := env.app
	a.hist = h
	handler := a.handler()
	get := func(target string) string {
		_, body := (&testEnv{handler: handler}).get(t, target)
		return body
	}
	page := get("/review")
	if !strings.Contains(page, `id="review-inmemory"`) {
		t.Errorf("the review does not say sign-offs are kept in memory")
	}
	digest := inside(page, `name="digest" value="`, `"`)
	if rec := signOff(t, handler, "/review/signoff", "same-origin", url.Values{"digest": {digest}, "reviewer": {"Rita"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("first sign-off: status %d", rec.Code)
	}
	suspended := "ana.lima@" + demoworld.DomainEU
	if err := env.world.SetSuspended(suspended, true); err != nil {
		t.Fatal(err)
	}
	// The reviewer loads the review; then the data is read again.
	seen := inside(get("/review"), `name="digest" value="`, `"`)
	if err := a.refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	if rec := signOff(t, handler, "/review/signoff", "same-origin", url.Values{"digest": {seen}, "reviewer": {"Rita"}}); rec.Code != http.StatusConflict {
		t.Errorf("signing a review the data has changed under: status %d, want 409", rec.Code)
	}
	page = get("/review?lang=sv")
	changes := inside(page, `<table id="review-changes">`, "</table>")
	sv := langs[2]
	for _, want := range []string{sv.T("history.event.account-suspended"), sv.T("history.event.access-lost"), suspended} {
		if !strings.Contains(changes, htmlText(want)) {
			t.Errorf("the changes since the last review lack %q:\n%s", want, changes)
		}
	}
	if !strings.Contains(page, "Rita") {
		t.Errorf("the page does not name the last reviewer")
	}
}

// Without a history database the review still shows and exports, and says
// sign-off needs -db; a sign-off is refused with that message.
func TestReviewWithoutHistory(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	status, page := env.get(t, "/review?lang=ja")
	ja := langs[3]
	if status != http.StatusOK || !strings.Contains(page, `id="review-nodb"`) || !strings.Contains(page, ja.T("review.nodb")) {
		t.Errorf("status %d; the review without -db does not say sign-off needs it", status)
	}
	if strings.Contains(page, `id="review-signoff"`) {
		t.Errorf("the review without -db offers to sign")
	}
	rec := signOff(t, env.handler, "/review/signoff?lang=ja", "same-origin", url.Values{"digest": {"x"}, "reviewer": {"Rita"}})
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), ja.T("review.err.nodb")) {
		t.Errorf("a sign-off without -db: status %d, without the Japanese message", rec.Code)
	}
	if rec := getFull(t, env.handler, "/review/export?format=json"); rec.Code != http.StatusOK {
		t.Errorf("the export without -db: status %d", rec.Code)
	}
	// Every language, no key left untranslated.
	for _, l := range langs {
		_, body := env.get(t, link("/review", l))
		if k := regexp.MustCompile(`(whatif|list|review|history)\.[a-z.]+`).FindString(inside(body, "<main", "</main>")); k != "" {
			t.Errorf("%s: untranslated key %s", l.Code, k)
		}
		if !strings.Contains(body, htmlText(l.T("review.title"))) {
			t.Errorf("%s: the review lacks its title", l.Code)
		}
		if strings.Contains(body, hostileName) {
			t.Errorf("%s: a person's name is not escaped", l.Code)
		}
	}
}

// Expiring access (rule P4): the 7-day window lists the assignment of the
// seeded world that ends a week after the start, with the customers it
// takes away and a what-if link that shows that loss; a window other than
// 7 or 30 is a 400 in the reader's language; every link resolves.
func TestReviewExpiring(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	status, page := env.get(t, "/review?within=7")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	rows := inside(page, `<table id="review-expiring">`, "</table>")
	if !strings.Contains(rows, "ulla.virtanen@"+demoworld.DomainEU) || !strings.Contains(rows, `href="/whatif?days=7"`) {
		t.Errorf("the 7-day window lacks the expiring assignment, or its what-if link:\n%s", rows)
	}
	checkLinks(t, env, "/review?within=7", page)
	if _, body := env.get(t, "/whatif?days=7"); !strings.Contains(body, "ulla.virtanen@"+demoworld.DomainEU) {
		t.Errorf("the what-if the expiring row links to does not show the loss")
	}
	for _, bad := range []string{"14", "-7", "x"} {
		status, body := env.get(t, "/review?lang=id&within="+bad)
		if status != http.StatusBadRequest || !strings.Contains(body, langs[4].T("review.err.within", windowList())) {
			t.Errorf("within=%s: status %d, without the Indonesian message", bad, status)
		}
	}
}
