package main

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/resellerkit/resellerkit"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// app is the web layer: it renders what its [Source] reads. It keeps the
// last [Snapshot] of the slow-moving data (access, customers, seats) so a
// page answers without a round of Google calls, and says when it was read
// (rule P8); cases and plans are read per request.
type app struct {
	src   Source
	log   *slog.Logger
	pages map[string]*template.Template

	snap      atomic.Pointer[Snapshot]
	refreshMu sync.Mutex // one refresh at a time

	counts countsCache // the cases page's counts, by filter

	// hist stores each read (history.go); nil: no history is kept and
	// there is no /history page.
	hist *history

	// The "Read again" button reads in the background, so neither it nor
	// a page view waits for Google; bgCtx (nil: Background) ends such a
	// read at shutdown, and bg waits for it.
	bgCtx      context.Context
	bg         sync.WaitGroup
	refreshing atomic.Bool
}

// page names, each a template file rendered inside layout.tmpl.
var pageNames = []string{"grid", "customers", "seats", "cases", "plan", "error", "customer", "case", "gap", "history", "whatif", "review"}

func newApp(src Source, log *slog.Logger) (*app, error) {
	a := &app{src: src, log: log, pages: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New(name).ParseFS(templateFS, "templates/layout.tmpl", "templates/charts.tmpl", "templates/"+name+".tmpl")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		a.pages[name] = t
	}
	return a, nil
}

// refresh reads a new snapshot. A failed read keeps the previous snapshot
// (stale data that says when it was read beats an empty page) and returns
// the error.
func (a *app) refresh(ctx context.Context) error {
	a.refreshMu.Lock()
	defer a.refreshMu.Unlock()
	start := time.Now()
	s, err := a.src.Snapshot(ctx)
	if err != nil {
		a.log.Error("reading the reseller data", "err", err)
		return err
	}
	a.snap.Store(s)
	if a.hist != nil {
		// The open cases are counted for the charts over time; a read whose
		// cases cannot be listed is stored without them.
		census, err := readCaseCensus(ctx, a.src, s, maxCensusCases)
		if err != nil {
			a.log.Warn("counting the open cases for the history; the read is stored without them", "err", err)
		}
		// A read is stored even if the request that asked for it ends.
		if events, err := a.hist.record(context.WithoutCancel(ctx), s, census); err != nil {
			a.log.Error("storing the read in the history", "err", err)
		} else if len(events) > 0 {
			a.log.Info("drift since the previous read", "events", len(events))
		}
	}
	a.counts.mu.Lock()
	a.counts.m = nil // a refresh reads the counts again too
	a.counts.mu.Unlock()
	customers := 0
	for _, d := range s.Access.Domains {
		customers += len(d.Customers)
	}
	a.log.Info("read the reseller data", "people", len(s.People), "domains", len(s.Access.Domains),
		"customers", customers, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

func (a *app) refreshEvery(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = a.refresh(ctx) // logged; the previous snapshot stays
		}
	}
}

func (a *app) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", a.staticFiles())
	mux.HandleFunc("GET /{$}", a.grid)
	mux.HandleFunc("GET /customers", a.customers)
	mux.HandleFunc("GET /seats", a.seats)
	mux.HandleFunc("GET /cases", a.cases)
	mux.HandleFunc("GET /plan", a.plan)
	mux.HandleFunc("GET /customer", a.customer)
	mux.HandleFunc("GET /case", a.caseDetail)
	mux.HandleFunc("GET /gap", a.gap)
	mux.HandleFunc("GET /history", a.historyHandler)
	mux.HandleFunc("GET /whatif", a.whatIf)
	mux.HandleFunc("GET /review", a.review)
	mux.HandleFunc("GET /review/export", a.reviewExport)
	mux.HandleFunc("POST /review/signoff", a.reviewSignOff)
	mux.HandleFunc("POST /refresh", a.refreshHandler)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, http.StatusNotFound, noPage(r.URL.Path))
	})
	// The refresh button is a POST form: refuse it from other sites.
	return a.logRequests(securityHeaders(http.NewCrossOriginProtection().Handler(mux)))
}

// staticFiles serves the embedded files under /static/, and nothing else:
// a directory (/static/ itself, or a subdirectory) answers 404 rather than
// a listing.
func (a *app) staticFiles() http.Handler {
	static, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if fi, err := fs.Stat(static, name); err != nil || fi.IsDir() {
			a.fail(w, r, http.StatusNotFound, noPage(r.URL.Path))
			return
		}
		files.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status a handler wrote, for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// logRequests logs one line per request: method, path (not the query, which
// may hold a search keyword), status, size and duration.
func (a *app) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		a.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes),
			slog.Duration("took", time.Since(start)))
	})
}

// navItem is one entry of the navigation bar.
type navItem struct {
	Label, URL string
	Current    bool
}

// langLink is one entry of the language switch: the current page in
// another language.
type langLink struct {
	Code, Name, URL string
	Current         bool
}

// view is what every template gets: the language, the navigation, the
// status line, and the page's own Data.
type view struct {
	Lang   lang
	Title  string
	Source string
	ReadAt time.Time
	// Refreshing says a read started by the "Read again" button is under
	// way; the page shows the data read before it.
	Refreshing bool
	Nav        []navItem
	Langs      []langLink
	Back       string // this page's path and query, for the refresh form
	Data       any
}

// T translates key into the page's language.
func (v *view) T(key string, args ...any) string { return v.Lang.T(key, args...) }

// Link returns path with the query pairs kv (key, value, ...) and the
// current language, so the language survives every click.
func (v *view) Link(path string, kv ...string) string {
	return link(path, v.Lang, kv...)
}

// Time formats t for people, in UTC (the zone the rules are stated in).
func (v *view) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// Date formats t as a day, in UTC.
func (v *view) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func link(path string, l lang, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Add(kv[i], kv[i+1])
		}
	}
	if l.Code != langs[0].Code {
		q.Set("lang", l.Code)
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

var navPages = []struct{ key, path string }{
	{"nav.grid", "/"},
	{"nav.customers", "/customers"},
	{"nav.seats", "/seats"},
	{"nav.cases", "/cases"},
	{"nav.plan", "/plan"},
	{"nav.whatif", "/whatif"},
	{"nav.review", "/review"},
	{"nav.history", "/history"},
}

func (a *app) newView(r *http.Request, current, title string, data any) *view {
	l := langFromRequest(r)
	source := a.src.Name()
	if source == fakeSourceName {
		source = l.T("source_fake")
	}
	v := &view{Lang: l, Title: title, Source: source, Data: data, Back: r.URL.RequestURI(), Refreshing: a.refreshing.Load()}
	if s := a.snap.Load(); s != nil {
		v.ReadAt = s.ReadAt
	}
	for _, p := range navPages {
		if p.path == "/history" && a.hist == nil {
			continue
		}
		v.Nav = append(v.Nav, navItem{Label: l.T(p.key), URL: link(p.path, l), Current: p.path == current})
	}
	for _, other := range langs {
		// Every switch link names its language, English too: the choice
		// is remembered in a cookie (rememberLang) and must be undone the
		// same way.
		q := r.URL.Query()
		q.Set("lang", other.Code)
		u := r.URL.Path
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		v.Langs = append(v.Langs, langLink{Code: other.Code, Name: other.Name, URL: u, Current: other.Code == l.Code})
	}
	return v
}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 and never half a page.
func (a *app) render(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	var b strings.Builder
	if err := a.pages[name].ExecuteTemplate(&b, "layout", v); err != nil {
		a.log.Error("rendering", "page", name, "err", err)
		http.Error(w, langFromRequest(r).T("err.internal"), http.StatusInternalServerError)
		return
	}
	rememberLang(w, r)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(b.String()))
}

// fail renders the error page: what happened and what to do, in the
// reader's language (errorText), never the error's own text, which may
// name Go identifiers and HTTP exchanges; that detail goes to the log.
func (a *app) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	level := slog.LevelWarn
	if status >= 500 {
		level = slog.LevelError
	}
	a.log.Log(r.Context(), level, "page failed", "path", r.URL.Path, "status", status, "err", err)
	l := langFromRequest(r)
	text := errorText(l, status, err)
	v := a.newView(r, "", text.Title, text)
	a.render(w, r, status, "error", v)
}

// statusOf maps an SDK error to the HTTP status of the page that shows it.
func statusOf(err error) int {
	switch resellerkit.KindOf(err) {
	case resellerkit.KindInvalidArgument:
		return http.StatusBadRequest
	case resellerkit.KindNotFound:
		return http.StatusNotFound
	case resellerkit.KindCanceled:
		return http.StatusServiceUnavailable
	case resellerkit.KindUnsupported:
		return http.StatusNotImplemented
	}
	return http.StatusBadGateway
}

// pageSnapshot returns the snapshot a page shows, or answers the request
// with the error page and reports false.
func (a *app) pageSnapshot(w http.ResponseWriter, r *http.Request) (*Snapshot, bool) {
	snap, err := a.snapshot(r.Context())
	if err != nil {
		a.fail(w, r, statusOf(err), err)
		return nil, false
	}
	return snap, true
}

// snapshot returns the current snapshot, reading one if none is there yet.
func (a *app) snapshot(ctx context.Context) (*Snapshot, error) {
	if s := a.snap.Load(); s != nil {
		return s, nil
	}
	if err := a.refresh(ctx); err != nil {
		return nil, err
	}
	return a.snap.Load(), nil
}

// refreshInBackground starts a read unless one started by it is running.
// A failed read keeps the previous snapshot and is logged (see refresh).
func (a *app) refreshInBackground() {
	if !a.refreshing.CompareAndSwap(false, true) {
		return
	}
	ctx := a.bgCtx
	if ctx == nil {
		ctx = context.Background()
	}
	a.bg.Go(func() {
		defer a.refreshing.Store(false)
		_ = a.refresh(ctx)
	})
}

func (a *app) refreshHandler(w http.ResponseWriter, r *http.Request) {
	a.refreshInBackground()
	back := r.PostFormValue("back")
	if !localPath(back) {
		back = link("/", langFromRequest(r))
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// localPath reports whether p is a path on this site, so the refresh form
// cannot be used to redirect elsewhere.
func localPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == ""
}
