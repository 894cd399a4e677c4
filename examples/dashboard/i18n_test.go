package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

// The language is negotiated with golang.org/x/text/language: ?lang=
// (any case, any regional variant), then the cookie a ?lang= set, then
// Accept-Language with its q-values; anything else, or anything malformed,
// is English.
func TestLanguageNegotiation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		query          string // the raw ?lang= value; "" for none
		cookie         string
		acceptLanguage string
		want           string
	}{
		{"nothing asked", "", "", "", "en"},
		{"?lang= exact", "fr", "", "", "fr"},
		{"?lang= regional variant", "fr-CA", "", "", "fr"},
		{"?lang= upper case", "JA", "", "", "ja"},
		{"?lang= Finland Swedish", "sv-FI", "", "", "sv"},
		{"?lang= Indonesian region", "id-ID", "", "", "id"},
		{"?lang= a language the dashboard lacks", "pt", "", "ja", "en"},
		{"?lang= garbage", "xx-!!-<b>", "", "", "en"},
		{"?lang= overlong", strings.Repeat("fr-", 400) + "fr", "", "", "en"},
		{"?lang= beats the cookie", "it", "sv", "ja", "it"},
		{"cookie", "", "sv", "", "sv"},
		{"cookie beats Accept-Language", "", "sv", "ja", "sv"},
		{"a cookie the dashboard did not set", "", "zz", "id", "id"},
		{"Accept-Language bare", "", "", "ja", "ja"},
		{"Accept-Language regional", "", "", "it-CH", "it"},
		{"Accept-Language q-values", "", "", "de;q=0.9, sv;q=0.8, fr;q=0.5", "sv"},
		{"Accept-Language q-values out of order", "", "", "fr;q=0.3, ja;q=0.7", "ja"},
		{"Accept-Language of languages the dashboard lacks", "", "", "de, pt-BR", "en"},
		{"Accept-Language garbage", "", "", ";;;q=x,,\x01", "en"},
		{"Accept-Language overlong", "", "", strings.Repeat("fr;q=0.5, ", 2000), "en"},
		{"Accept-Language wildcard", "", "", "*", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := "/"
			if tt.query != "" {
				target += "?lang=" + url.QueryEscape(tt.query)
			}
			r := httptest.NewRequest(http.MethodGet, target, nil)
			if tt.cookie != "" {
				r.AddCookie(&http.Cookie{Name: langCookie, Value: tt.cookie})
			}
			if tt.acceptLanguage != "" {
				r.Header.Set("Accept-Language", tt.acceptLanguage)
			}
			if got := langFromRequest(r).Code; got != tt.want {
				t.Errorf("language %q, want %q", got, tt.want)
			}
		})
	}
}

// A language chosen with ?lang= sticks in a cookie (Path=/, SameSite=Lax,
// HttpOnly) across pages and forms; every page says it varies with
// Accept-Language and Cookie; a bad Accept-Language is no error.
func TestLanguageCookie(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	serve := func(target, cookie, acceptLanguage string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, target, nil)
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: langCookie, Value: cookie})
		}
		if acceptLanguage != "" {
			req.Header.Set("Accept-Language", acceptLanguage)
		}
		rec := httptest.NewRecorder()
		env.handler.ServeHTTP(rec, req)
		return rec
	}

	rec := serve("/seats?lang=fr-CA", "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("/seats?lang=fr-CA: status %d", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), `<html lang="fr">`) {
		t.Error("/seats?lang=fr-CA is not in French")
	}
	if got := rec.Header().Get("Vary"); got != "Accept-Language, Cookie" {
		t.Errorf("Vary %q, want %q", got, "Accept-Language, Cookie")
	}
	var set *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == langCookie {
			set = c
		}
	}
	switch {
	case set == nil:
		t.Fatal("?lang= set no cookie")
	case set.Value != "fr" || set.Path != "/" || !set.HttpOnly || set.SameSite != http.SameSiteLaxMode:
		t.Errorf("cookie %+v, want lang=fr, Path=/, HttpOnly, SameSite=Lax", set)
	}

	// The cookie keeps the language on a page reached without ?lang=, over
	// the browser's own languages.
	rec = serve("/cases", "fr", "ja")
	if !strings.Contains(rec.Body.String(), `<html lang="fr">`) {
		t.Error("the cookie did not keep French")
	}
	if len(rec.Result().Cookies()) != 0 {
		t.Error("a page without ?lang= set a cookie")
	}
	// Accept-Language alone chooses, on pages and on error pages.
	for _, target := range []string{"/", "/no-such-page"} {
		rec = serve(target, "", "ja")
		if !strings.Contains(rec.Body.String(), `<html lang="ja">`) {
			t.Errorf("%s with Accept-Language: ja is not in Japanese", target)
		}
	}
	// Switching back to English is remembered too: the switch names "en".
	rec = serve("/customers", "fr", "")
	if !strings.Contains(rec.Body.String(), `href="/customers?lang=en" hreflang="en"`) {
		t.Error("the language switch's English link does not name its language")
	}
	rec = serve("/customers?lang=en", "fr", "")
	if !strings.Contains(rec.Body.String(), `<html lang="en">`) || !strings.Contains(rec.Header().Get("Set-Cookie"), "lang=en") {
		t.Error("?lang=en over a French cookie did not switch to English and remember it")
	}
	// Malformed input is English, never an error.
	for _, al := range []string{"\x00\xff", strings.Repeat("a", 5000), "en;q=abc, ;;"} {
		rec = serve("/", "", al)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<html lang="en">`) {
			t.Errorf("Accept-Language %.20q: status %d, want an English page", al, rec.Code)
		}
	}
}

// lockedBuffer is a log destination the handlers may write concurrently.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var (
	loggedOnce sync.Once
	loggedEnv  *testEnv
	loggedLogs *lockedBuffer
	loggedErr  error
)

// newLoggedApp returns a dashboard over the shared world's source whose
// log is kept, with a history (so /history is a page). It
// is built once, like the shared environment.
func newLoggedApp(t *testing.T) (*app, *testEnv, *lockedBuffer) {
	t.Helper()
	env := sharedTestEnv(t)
	loggedOnce.Do(func() {
		loggedLogs = &lockedBuffer{}
		a, err := newApp(env.app.src, slog.New(slog.NewTextHandler(loggedLogs, nil)))
		if err != nil {
			loggedErr = err
			return
		}
		h, err := openHistory(context.Background(), "")
		if err != nil {
			loggedErr = err
			return
		}
		a.hist = h
		if loggedErr = a.refresh(context.Background()); loggedErr != nil {
			return
		}
		loggedEnv = &testEnv{world: env.world, app: a, handler: a.handler(), caseID: env.caseID}
	})
	if loggedErr != nil {
		t.Fatalf("building the logged dashboard: %v", loggedErr)
	}
	return loggedEnv.app, loggedEnv, loggedLogs
}

// goInternals are texts that only an error's own text (Go identifiers, the
// SDK's operation names, Google's HTTP answers) or a broken format puts on
// a page.
var goInternals = []string{"cases.", "cloudsupport.", "HTTP 4", "HTTP 5", "%!", "invalid argument", "resellerkit.", "dashboard:", "<nil>", "context deadline"}

// Error pages say what happened and what to do in the reader's language,
// for each class of SDK error and each of the dashboard's own input
// errors, and never show the error's text, which goes to the log.
func TestErrorPagesLocalized(t *testing.T) {
	t.Parallel()
	a, env, logs := newLoggedApp(t)
	data := worldData(t, env)
	sdk := func(k resellerkit.Kind, detail string) error {
		return &resellerkit.Error{Kind: k, Op: "cases.ListPage", Err: errors.New(detail)}
	}
	kinds := []struct {
		name   string
		err    error
		detail string // in the log
	}{
		{"invalid argument", sdk(resellerkit.KindInvalidArgument, "cloudsupport.cases.search: HTTP 400 bad filter"), "HTTP 400 bad filter"},
		{"not found", sdk(resellerkit.KindNotFound, "cloudsupport.cases.get: HTTP 404"), "cloudsupport.cases.get: HTTP 404"},
		{"permission denied", sdk(resellerkit.KindPermissionDenied, "HTTP 403 forbidden"), "HTTP 403 forbidden"},
		{"unauthenticated", sdk(resellerkit.KindUnauthenticated, "HTTP 401"), "HTTP 401"},
		{"unavailable", sdk(resellerkit.KindUnavailable, "HTTP 503 backendError"), "HTTP 503 backendError"},
		{"rate limited", sdk(resellerkit.KindRateLimited, "HTTP 429"), "HTTP 429"},
		{"timeout", fmt.Errorf("reading: %w", context.DeadlineExceeded), "context deadline exceeded"},
		{"canceled", sdk(resellerkit.KindCanceled, "context canceled"), "context canceled"},
		{"unsupported", sdk(resellerkit.KindUnsupported, "reopen has no counterpart"), "reopen has no counterpart"},
		{"failed precondition", sdk(resellerkit.KindFailedPrecondition, "HTTP 412"), "HTTP 412"},
		{"unknown", errors.New("some Go error: %!v(PANIC)"), "some Go error"},
	}
	for _, code := range []string{"fr", "ja"} {
		l := matchLang(code)
		for _, k := range kinds {
			req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/cases?lang="+code, nil)
			rec := httptest.NewRecorder()
			a.fail(rec, req, statusOf(k.err), k.err)
			checkErrorPage(t, l, "fail("+k.name+")", rec.Code, rec.Body.String(), data)
			if !strings.Contains(logs.String(), k.detail) {
				t.Errorf("%s, %s: the log lacks the detail %q", code, k.name, k.detail)
			}
		}
	}

	// The dashboard's own input errors, as a reader meets them.
	inputs := []struct{ target, detail string }{
		{"/no-such-page", "There is no page at /no-such-page"},
		{"/static/", "There is no page at /static/"},
		{"/cases?page=x&n=abc", "abc"},
		{"/cases?page=" + strings.Repeat("x", maxTokenLen+1), "too long"},
		{"/cases?q=" + strings.Repeat("x", 201), "201 bytes"},
		{"/cases?status=pending", "pending"},
		{"/cases?severity=S9", "S9"},
		{"/cases?state=lost", "lost"},
		{"/cases?account=C0nobody", "C0nobody is not one of the reseller accounts"},
		{"/customers?domain=elsewhere.example", "elsewhere.example is not a domain"},
		{"/customers?domain=not%20a%20domain", "not a domain"},
		{"/customers?sort=size", "size"},
		{"/customers?q=" + strings.Repeat("x", 300), "300 bytes"},
		{"/?profile=helpdesk", "helpdesk"},
		{"/plan?person=nobody@northwind.example", "nobody@northwind.example is not one of the people"},
		{"/plan?person=ana.lima@northwind.example&role=owner", "owner"},
		{"/customer?id=C0nobody00", "C0nobody00 is not a customer"},
		{"/customer?id=%3Cb%3E", "A customer ID"},
		{"/case?id=organizations/1/cases/999999", "not a case"},
		{"/case?id=../etc", "A case ID"},
		{"/gap?person=&domain=x.example", "Choose a person"},
		{"/gap?person=nobody&domain=" + demoworld.DomainEU, "is not a cell"},
	}
	for _, code := range []string{"fr", "ja"} {
		l := matchLang(code)
		for _, in := range inputs {
			target := in.target + "&lang=" + code
			if !strings.Contains(in.target, "?") {
				target = in.target + "?lang=" + code
			}
			status, body := env.get(t, target)
			checkErrorPage(t, l, target, status, body, data)
			if !strings.Contains(logs.String(), in.detail) {
				t.Errorf("%s: the log lacks %q", target, in.detail)
			}
		}
	}
}

// checkErrorPage wants body to be an error page in l with no English and
// no Go internals.
func checkErrorPage(t *testing.T, l lang, what string, status int, body string, data *dataSet) {
	t.Helper()
	if status < 400 {
		t.Errorf("%s in %s: status %d, want an error", what, l.Code, status)
		return
	}
	msg := inside(body, `<main id="main">`, "</main>")
	if !strings.Contains(msg, `id="error-message"`) {
		t.Errorf("%s in %s: not an error page:\n%s", what, l.Code, msg)
		return
	}
	for _, g := range goInternals {
		if strings.Contains(msg, g) {
			t.Errorf("%s in %s: the page shows %q:\n%s", what, l.Code, g, inside(msg, `id="error-message">`, "</p>"))
		}
	}
	for _, bad := range untranslated(t, l, body, data) {
		t.Errorf("%s in %s: English on the page: %q", what, l.Code, bad)
	}
}

// TestNoEnglishInJapanese is the curl check: the access grid and a
// setup plan in Japanese hold no untranslated English sentence.
func TestNoEnglishInJapanese(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	data := worldData(t, env)
	ja := matchLang("ja")
	for _, target := range []string{"/?lang=ja", "/plan?person=chloe.martin@northwind.example&lang=ja"} {
		status, body := env.get(t, target)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", target, status)
		}
		for _, bad := range untranslated(t, ja, body, data) {
			t.Errorf("%s: untranslated: %q", target, bad)
		}
	}
}

// Every page of the seeded world, in every language but English, shows
// only translated text: no English catalogue text whose translation
// differs, no sentence of English words, no catalogue key shown as itself.
// Data (names, domains, addresses, IDs, case titles) is left aside.
func TestEveryPageTranslated(t *testing.T) {
	t.Parallel()
	_, env, _ := newLoggedApp(t)
	data := worldData(t, env)
	snap := env.app.snap.Load()

	// A gap of the grid: a person and a domain whose cell hides customers.
	cov, err := access.ComputeCoverage(snap.Access, snap.People, access.CloudSupportPortal)
	if err != nil {
		t.Fatal(err)
	}
	gap := ""
	for _, p := range cov.People {
		for di, c := range p.Cells {
			if c.Hidden > 0 && gap == "" {
				gap = "/gap?" + url.Values{"person": {p.ID}, "domain": {cov.Domains[di].Name}}.Encode()
			}
		}
	}
	if gap == "" {
		t.Fatal("the seeded world has no gap")
	}
	pages := []string{
		"/", "/?profile=customer-care-portal",
		"/customers", "/customers?domain=" + demoworld.DomainNordics,
		"/seats",
		"/cases", "/cases?status=closed",
		"/plan",
		"/plan?person=chloe.martin@northwind.example",
		"/plan?person=gustav.berg@northwind.example&role=reseller-admin",
		"/plan?person=ana.lima@northwind.example",
		"/customer?id=C03cu0000",
		"/case?id=" + url.QueryEscape(env.caseID),
		gap,
		"/history",
		"/whatif",
		"/review",
		"/no-such-page",
		"/cases?severity=S9",
	}
	for _, l := range langs[1:] {
		t.Run(l.Code, func(t *testing.T) {
			t.Parallel()
			for _, p := range pages {
				target := link(p, l)
				if strings.Contains(p, "?") {
					target = p + "&lang=" + l.Code
				}
				status, body := env.get(t, target)
				if status == http.StatusNotImplemented && (strings.HasPrefix(p, "/whatif") || strings.HasPrefix(p, "/review")) {
					continue // being built by now
				}
				if status >= 500 {
					t.Errorf("%s: status %d", target, status)
				}
				for _, bad := range untranslated(t, l, body, data) {
					t.Errorf("%s: untranslated: %q", target, bad)
				}
			}
		})
	}
}

// The checker itself catches what it is for: an English catalogue text, a
// sentence of English words, a key shown as itself; and lets data and
// translated text pass.
func TestUntranslatedChecker(t *testing.T) {
	t.Parallel()
	fr := matchLang("fr")
	data := &dataSet{whole: map[string]bool{"Cannot sign in to the portal": true, "northwind.example": true}}
	page := func(s string) string { return "<html><body><main>" + s + "</main></body></html>" }
	for _, tt := range []struct {
		body string
		want int
	}{
		{page("<p>" + langs[0].T("error.back") + "</p>"), 1},
		{page("<p>" + langs[0].T("customers.filtered", 3, 9) + "</p>"), 1},
		{page(`<nav aria-label="` + langs[0].T("cases.pages") + `"></nav>`), 1},
		{page("<h1>" + langs[0].T("customer.title", "C03cu0000") + "</h1><p>Customer Care Portal</p>"), 1},
		{page("<p>The account is not allowed to see the customer.</p>"), 1},
		{page("<p>nav.nosuchkey</p>"), 1},
		{page("<p>" + fr.T("error.back") + "</p><td>Cannot sign in to the portal</td><td>northwind.example</td>"), 0},
		{page("<p>" + fr.T("customers.filtered", 3, 9) + "</p><td>OK</td><td>SKU</td>"), 0},
	} {
		if got := untranslated(t, fr, tt.body, data); len(got) != tt.want {
			t.Errorf("%.60q: found %q, want %d", tt.body, got, tt.want)
		}
	}
}

// dataSet is what the world holds, which a page shows as it is: names,
// domains, addresses, IDs, case titles and comments.
type dataSet struct {
	whole  map[string]bool
	sorted []string // longest first, to cut out of a longer text
}

var (
	worldDataOnce sync.Once
	worldDataSet  *dataSet
)

// worldData collects the strings of the snapshot and of the world's cases
// that could be a name or a value: with a capital letter, a digit, an @ or
// a dot, or several words. Lower-case single words ("new", "open") are not
// data: a page shows them through the catalogue.
func worldData(t *testing.T, env *testEnv) *dataSet {
	t.Helper()
	worldDataOnce.Do(func() {
		d := &dataSet{whole: map[string]bool{}}
		add := func(v any) {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("collecting the world's data: %v", err)
			}
			var tree any
			if err := json.Unmarshal(b, &tree); err != nil {
				t.Fatal(err)
			}
			walkStrings(tree, func(s string) {
				s = strings.Join(strings.Fields(s), " ")
				if len(s) >= 2 && strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@. ") {
					d.whole[s] = true
				}
			})
		}
		snap := env.app.snap.Load()
		add(snap.Accounts)
		add(snap.Access)
		add(snap.People)
		add(snap.Double)
		for _, s := range snap.Seats {
			add(s.SeatUsage.Customer)
			add(s.SKUName)
			add(string(s.SKU))
		}
		for _, c := range env.world.CasesSnapshot() {
			add(c)
		}
		add([]string{hostileName, hostileTitle, hostileID, "Google Workspace", "Cloud Identity", "resellerkit"})
		for s := range d.whole {
			d.sorted = append(d.sorted, s)
		}
		slices.SortFunc(d.sorted, func(a, b string) int { return len(b) - len(a) })
		worldDataSet = d
	})
	return worldDataSet
}

// walkStrings calls f on every string of a decoded JSON tree, map keys
// aside; "source" fields (where a number was read, in English) are not
// data.
func walkStrings(v any, f func(string)) {
	switch v := v.(type) {
	case string:
		f(v)
	case []any:
		for _, x := range v {
			walkStrings(x, f)
		}
	case map[string]any:
		for k, x := range v {
			if k != "Source" {
				walkStrings(x, f)
			}
		}
	}
}

// visibleTexts returns a page's text nodes (the <title> included) and its
// title, aria-label, placeholder and alt attributes, spaces collapsed.
func visibleTexts(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	addText := func(s string) {
		s = strings.Join(strings.Fields(s), " ")
		if strings.IndexFunc(s, isLetter) >= 0 {
			out = append(out, s)
		}
	}
	z := html.NewTokenizer(strings.NewReader(body))
	skip := 0 // inside <script> or <style>
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if skip == 0 {
				addText(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "script" || tok.Data == "style" {
				skip++
			}
			for _, at := range tok.Attr {
				switch at.Key {
				case "title", "aria-label", "placeholder", "alt":
					addText(at.Val)
				}
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
		}
	}
}

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f
}

// englishStopWords are English words that none of the other five
// languages writes ("in", "no", "a" are Italian, Swedish or Indonesian
// words too, so they do not count).
var englishStopWords = map[string]bool{
	"the": true, "and": true, "of": true, "is": true, "not": true, "to": true, "with": true,
	"for": true, "can": true, "be": true, "has": true, "are": true, "this": true, "that": true,
	"from": true, "was": true, "or": true, "an": true, "you": true, "your": true, "will": true,
	"been": true, "does": true, "have": true, "its": true, "which": true, "who": true, "must": true,
}

var (
	wordPattern  = regexp.MustCompile(`[\p{L}']+`)
	keyPattern   = regexp.MustCompile(`^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$`)
	verbPattern  = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)
	englishCache sync.Map // lang code → []englishText
)

// englishText is one English catalogue text whose translation differs,
// as a pattern (its format verbs match anything).
type englishText struct {
	key      string
	longest  string         // its longest literal part, for a quick look
	whole    *regexp.Regexp // the whole text node is this English text
	within   *regexp.Regexp // nil: too short to look for inside a text
	original string
}

// englishTexts returns the English catalogue texts to look for on a page
// in l: those whose translation in l differs.
func englishTexts(l lang) []englishText {
	if v, ok := englishCache.Load(l.Code); ok {
		return v.([]englishText)
	}
	var out []englishText
	for key, row := range messages {
		en, tr := row[0], row[l.idx]
		if en == tr {
			continue
		}
		parts := verbPattern.Split(en, -1)
		quoted := make([]string, len(parts))
		longest := ""
		for i, p := range parts {
			quoted[i] = regexp.QuoteMeta(p)
			if len(strings.TrimSpace(p)) > len(longest) {
				longest = strings.TrimSpace(p)
			}
		}
		if longest == "" || strings.IndexFunc(longest, isLetter) < 0 {
			continue
		}
		pat := strings.Join(quoted, ".*?")
		e := englishText{key: key, longest: longest, original: en, whole: regexp.MustCompile(`^(?s)` + strings.Join(quoted, "(.*?)") + `$`)}
		// A text of two words or more is looked for inside longer text
		// nodes, unless the same words are part of a translation in l.
		if len(wordPattern.FindAllString(strings.Join(parts, " "), -1)) >= 2 && !inAnyTranslation(l, longest) {
			e.within = regexp.MustCompile(`(?s)` + pat)
		}
		out = append(out, e)
	}
	englishCache.Store(l.Code, out)
	return out
}

// wholeMatch reports whether the text s is e with its format verbs filled
// in by data, numbers or nothing alphabetic: "Customer C03cu0000" is
// "Customer %s" untranslated, "Customer Care Portal" is not.
func (e englishText) wholeMatch(s string, data *dataSet) bool {
	m := e.whole.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	for _, g := range m[1:] {
		g = strings.TrimSpace(g)
		if g != "" && !data.whole[g] && strings.IndexFunc(g, isLetter) >= 0 && !strings.ContainsAny(g, "@.0123456789") {
			return false
		}
	}
	return true
}

func inAnyTranslation(l lang, s string) bool {
	for _, row := range messages {
		if strings.Contains(row[l.idx], s) {
			return true
		}
	}
	return false
}

// untranslated returns the visible texts of body in l that are English:
// a catalogue text in English, a catalogue key, or a text with two
// English stop words once the world's data is cut out.
func untranslated(t *testing.T, l lang, body string, data *dataSet) []string {
	t.Helper()
	english := englishTexts(l)
	var out []string
	seen := map[string]bool{}
	for _, s := range visibleTexts(t, body) {
		if seen[s] || data.whole[s] {
			continue
		}
		seen[s] = true
		if keyPattern.MatchString(s) {
			out = append(out, s)
			continue
		}
		found := false
		for _, e := range english {
			if !strings.Contains(s, e.longest) {
				continue
			}
			if e.wholeMatch(s, data) || (e.within != nil && e.within.MatchString(s)) {
				out = append(out, s)
				found = true
				break
			}
		}
		if found || !hasEnglishWords(s) {
			continue
		}
		// Cut the data out, then look again.
		rest := s
		for _, d := range data.sorted {
			if len(d) <= len(rest) && strings.Contains(rest, d) {
				rest = strings.ReplaceAll(rest, d, " ")
			}
		}
		if hasEnglishWords(rest) {
			out = append(out, s)
		}
	}
	return out
}

// hasEnglishWords reports whether s holds two or more English stop words.
func hasEnglishWords(s string) bool {
	n := 0
	for _, w := range wordPattern.FindAllString(strings.ToLower(s), -1) {
		if englishStopWords[w] {
			n++
		}
	}
	return n >= 2
}
