package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium returns the path of a Chromium binary, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// inCI reports whether the CI environment variable asks for a CI run.
func inCI() bool {
	v := strings.ToLower(strings.TrimSpace(os.Getenv("CI")))
	return v != "" && v != "0" && v != "false"
}

// artefactsEnv names the folder where the browser test leaves its
// screenshots for people to look at (a CI job can keep it). Unset, they go
// to a temporary folder removed after the test.
const artefactsEnv = "RESELLERKIT_ARTEFACTS"

// artefactDir returns the folder for this run's screenshots:
// $RESELLERKIT_ARTEFACTS/dashboard-browser, or a t.TempDir.
func artefactDir(t *testing.T) string {
	t.Helper()
	root := os.Getenv(artefactsEnv)
	if root == "" {
		return t.TempDir()
	}
	dir := filepath.Join(root, "dashboard-browser")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("the screenshot folder of $%s: %v", artefactsEnv, err)
	}
	return dir
}

// browserLangs are the two languages the browser test reads every page in:
// English, the fallback, and Japanese, whose script and line breaking differ
// most from it.
var browserLangs = []string{"en", "ja"}

// browserPage is a page of the seeded dashboard the browser test opens.
type browserPage struct {
	name    string // file name of its screenshot, without language and extension
	path    string // path and query, without lang=
	status  int
	heading func(l lang) string // the page's <h1>, from the catalogue
	want    []string            // in the rendered DOM, in every language
	wantEN  []string            // in the rendered DOM, in English only
	forms   []string            // the forms submitted after it (formTests), in order
}

// browserPages are the pages of the seeded world (routes of app.handler).
// Pages reached only by a link (drill-down pages) are found by following
// the links of these, so a new page is opened without being listed here.
var browserPages = []browserPage{
	{
		name: "grid-open", path: "/?open=1",
		heading: func(l lang) string { return l.T("grid.title") },
		want:    []string{`id="access-grid"`, "<details open", "Ana Lima", "northwind-nordics.example", `id="chart-coverage"`, `id="chart-gaps"`},
		wantEN:  []string{"Reseller Admin role [P1.1]", "no account"},
		forms:   []string{"grid profile"},
	},
	{
		name: "customers", path: "/customers?domain=northwind-nordics.example",
		heading: func(l lang) string { return l.T("customers.title", "northwind-nordics.example") },
		want:    []string{`id="customers"`},
	},
	{
		name: "seats", path: "/seats",
		heading: func(l lang) string { return l.T("seats.title") },
		want:    []string{"Cloud Identity Free", "<meter", `id="chart-seats"`},
		forms:   []string{"read again", "language switch"},
	},
	{
		name: "cases-open", path: "/cases?status=open",
		heading: func(l lang) string { return l.T("cases.title") },
		want:    []string{`id="case-counts"`, `id="cases"`},
		forms:   []string{"cases filter"},
	},
	{
		name: "plan-chloe", path: "/plan?person=chloe.martin@northwind.example",
		heading: func(l lang) string { return l.T("plan.title", "Chloé Martin") },
		want:    []string{"chloe.martin@northwind-nordics.example", `id="dry-run"`},
		forms:   []string{"plan person"},
	},
	{
		name: "whatif-suspend", path: "/whatif?suspend=ana.lima@northwind-eu.example&days=30",
		heading: func(l lang) string { return l.T("whatif.title") },
		want:    []string{`id="dry-run"`, `id="whatif-people"`, `id="whatif-domains"`},
		forms:   []string{"what if"},
	},
	{
		name: "review", path: "/review?within=30",
		heading: func(l lang) string { return l.T("review.title") },
		want:    []string{`id="review-access"`, `id="review-digest"`, `id="review-signoff"`},
		forms:   []string{"review sign-off"},
	},
	{
		name: "history", path: "/history",
		heading: func(l lang) string { return l.T("history.title") },
	},
	{
		name: "not-found", path: "/no-such-page", status: http.StatusNotFound,
		heading: func(l lang) string { return l.T("error.title") },
		want:    []string{`id="error-message"`},
	},
}

// renderFaults are texts that only a broken template or message shows:
// html/template's mark of an unsafe value, a missing field, a fmt verb
// without its argument, and render's own 500 answer.
var renderFaults = []string{"ZgotmplZ", "<no value>", "%!"}

// console records what a tab reports besides the page: its console,
// uncaught exceptions and the browser log, where Chromium reports a
// Content-Security-Policy violation (source "security").
type console struct {
	mu   sync.Mutex
	msgs []string
}

func (c *console) listen(ev any) {
	var m string
	switch ev := ev.(type) {
	case *log.EventEntryAdded:
		e := ev.Entry
		if e == nil || (e.Level != log.EntryLevelError && e.Level != log.EntryLevelWarning) {
			return
		}
		// A favicon the dashboard does not have is the browser's own
		// request, not a link of the page.
		if strings.HasSuffix(e.URL, "/favicon.ico") {
			return
		}
		m = fmt.Sprintf("%s %s: %s (%s)", e.Source, e.Level, e.Text, e.URL)
	case *runtime.EventExceptionThrown:
		m = "exception: " + ev.ExceptionDetails.Text
	case *runtime.EventConsoleAPICalled:
		m = fmt.Sprintf("console.%s called", ev.Type)
	default:
		return
	}
	c.mu.Lock()
	c.msgs = append(c.msgs, m)
	c.mu.Unlock()
}

// take returns the messages since the last take.
func (c *console) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.msgs
	c.msgs = nil
	return m
}

// browserRun is one browser shared by the languages' tabs, and what they
// share: the dashboard's URL, the screenshot folder, an HTTP client.
type browserRun struct {
	ctx    context.Context // the browser's context; a tab is a child
	base   *url.URL
	dir    string
	client *http.Client

	mu    sync.Mutex
	links map[string]string // same-site URL → the first page linking to it
}

// TestBrowser drives one real browser, headless Chromium over the Chrome
// DevTools Protocol (package chromedp), through the seeded dashboard, in
// English and in Japanese, one tab each. On every page it checks the status,
// the language, the title and heading from the catalogue, the content, that
// no template fault shows and that the browser reported no console error or
// Content-Security-Policy violation (the pages hold no script, which
// TestPages checks, and their policy forbids any); it saves a full-page PNG
// screenshot of each into $RESELLERKIT_ARTEFACTS/dashboard-browser (a
// temporary folder when unset); it checks every same-site link and form
// action of the pages answers 200, and opens in the browser one link of
// each path not listed (drill-down pages); and it submits the forms: the
// filters, the language switch, and the "Read again" POST form, which the
// cross-origin protection lets through from the page itself.
//
// Without Chromium the test is skipped, unless CI is set: then it fails, so
// a CI run cannot pass without it (scripts/test.sh installs Debian's
// chromium).
func TestBrowser(t *testing.T) {
	t.Parallel()
	bin := chromium()
	if bin == "" {
		if inCI() {
			t.Fatal("CI is set but Chromium is not installed: install Debian's chromium (apt-get install -y chromium) so the browser test runs")
		}
		t.Skip("Chromium is not installed (apt-get install -y chromium); skipping the browser test")
	}
	base, err := url.Parse(startDashboard(t))
	if err != nil {
		t.Fatal(err)
	}
	run := &browserRun{base: base, dir: artefactDir(t), client: &http.Client{Timeout: 30 * time.Second}, links: map[string]string{}}

	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.WindowSize(1024, 768),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-component-update", true),
		// One site on loopback needs no process per site, no translation
		// offer, no back-forward cache and no media router: each costs a
		// navigation time on a two-core machine.
		chromedp.Flag("disable-features", "site-per-process,IsolateOrigins,Translate,BackForwardCache,OptimizationHints,MediaRouter"),
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("font-render-hinting", "none"),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to start its sandbox as root.
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	var errs console // the driver's own errors, shown if the test fails
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithErrorf(func(f string, a ...any) {
		errs.mu.Lock()
		errs.msgs = append(errs.msgs, fmt.Sprintf(f, a...))
		errs.mu.Unlock()
	}))
	t.Cleanup(func() {
		if err := chromedp.Cancel(browserCtx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("closing Chromium: %v", err)
		}
		cancelBrowser()
		cancelAlloc()
		cancel()
		if msgs := errs.take(); t.Failed() && len(msgs) > 0 {
			t.Logf("chromedp reported:\n%s", strings.Join(msgs, "\n"))
		}
	})
	// Start the browser once, before the tabs.
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("starting Chromium %s: %v", bin, err)
	}
	run.ctx = browserCtx
	t.Logf("screenshots in %s", run.dir)

	var tabs []*tabRun
	for _, code := range browserLangs {
		tab, err := run.openTab(t, langByCode(t, code))
		if err != nil {
			t.Fatalf("opening a tab: %v", err)
		}
		tabs = append(tabs, tab)
	}
	// The languages' tabs work side by side (more tabs a language measured
	// slower on two cores: Chromium renders the tabs of one site largely in
	// turn); the links of both are checked once, after the pages.
	t.Run("pages", func(t *testing.T) {
		eachTab(t, tabs, func(t *testing.T, b *tabRun) {
			forms := b.formTests()
			for _, p := range browserPages {
				t.Run(p.name, func(t *testing.T) { b.page(t, p, run.pageURL(p.path, b.lang)) })
				for _, f := range p.forms {
					t.Run(p.name+"/"+f, forms[f])
				}
			}
		})
	})
	if t.Failed() {
		return
	}
	// The links are checked while the tabs open the drill-down pages: the
	// one waits for the dashboard, the others for the browser.
	urls := run.collected()
	var wg sync.WaitGroup
	wg.Go(func() { t.Run("links", func(t *testing.T) { run.checkLinks(t, urls) }) })
	wg.Go(func() {
		t.Run("drill-down", func(t *testing.T) {
			eachTab(t, tabs, func(t *testing.T, b *tabRun) { b.linkedPages(t, pageLinks(urls)) })
		})
	})
	wg.Wait()
}

// eachTab runs f for every tab at once, each in a subtest named after the
// tab. The subtests are not marked parallel, so they do not wait for a
// slot among the package's parallel tests (-parallel, GOMAXPROCS by
// default): a tab spends most of its time waiting for the browser.
func eachTab(t *testing.T, tabs []*tabRun, f func(*testing.T, *tabRun)) {
	var wg sync.WaitGroup
	for _, b := range tabs {
		wg.Go(func() { t.Run(b.lang.Code, func(t *testing.T) { f(t, b) }) })
	}
	wg.Wait()
}

// langByCode returns the dashboard's language with the ?lang= code.
func langByCode(t *testing.T, code string) lang {
	t.Helper()
	for _, l := range langs {
		if l.Code == code {
			return l
		}
	}
	t.Fatalf("the dashboard has no language %q", code)
	return lang{}
}

// openTab opens the tab for language l, in a browser context of its own
// (its own cookies).
func (r *browserRun) openTab(t *testing.T, l lang) (*tabRun, error) {
	b := &tabRun{browserRun: r, con: &console{}, lang: l}
	tab, cancel := chromedp.NewContext(r.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(b.con.listen))
	t.Cleanup(cancel)
	b.tab = tab
	return b, chromedp.Do(tab)
}

// linkedPages opens, in the tab's language, one page of each path that
// only links reach (drill-down pages), with the checks every page gets.
func (b *tabRun) linkedPages(t *testing.T, linked []*url.URL) {
	listed := map[string]bool{}
	for _, p := range browserPages {
		listed[strings.SplitN(p.path, "?", 2)[0]] = true
	}
	for _, u := range linked {
		if listed[u.Path] {
			continue
		}
		listed[u.Path] = true
		q := u.Query()
		q.Del("lang")
		path := u.Path
		if len(q) > 0 {
			path += "?" + q.Encode()
		}
		name := "linked" + strings.ReplaceAll(u.Path, "/", "-")
		t.Run(name, func(t *testing.T) { b.page(t, browserPage{name: name, path: path}, b.pageURL(path, b.lang)) })
	}
}

// pageURL returns the absolute URL of path in language l.
func (r *browserRun) pageURL(path string, l lang) string {
	u := r.base.ResolveReference(&url.URL{Path: strings.SplitN(path, "?", 2)[0]})
	if _, q, ok := strings.Cut(path, "?"); ok {
		u.RawQuery = q
	}
	if l.Code != langs[0].Code {
		q := u.Query()
		q.Set("lang", l.Code)
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// tabRun is one language's tab.
type tabRun struct {
	*browserRun
	tab  context.Context
	con  *console
	lang lang
	at   string // the URL the tab shows, after a page or a form
}

// step runs an action on the tab with a bound, so a page that never loads
// fails its test rather than the whole run.
func step[T any](b *tabRun, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(b.tab, 30*time.Second)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// page opens u, checks what the browser rendered against p, saves a
// screenshot and collects the page's links.
func (b *tabRun) page(t *testing.T, p browserPage, u string) {
	t.Helper()
	b.con.take()
	b.at = ""
	resp, err := step(b, chromedp.NavigateResponse(u))
	if err != nil {
		t.Fatalf("opening %s: %v", u, err)
	}
	b.at = u
	want := p.status
	if want == 0 {
		want = http.StatusOK
	}
	if int(resp.Status) != want {
		t.Errorf("%s: status %d, want %d", u, resp.Status, want)
	}
	v := b.rendered(t, u, p, b.lang)
	b.screenshot(t, p.name)
	if want == http.StatusOK {
		// An error page's language links lead to the same missing page.
		b.collectLinks(t, u, v)
	}
	for _, m := range b.con.take() {
		if want != http.StatusOK && strings.Contains(m, "status of "+fmt.Sprint(want)) && strings.Contains(m, u) {
			continue // the browser's note of the page's own expected status
		}
		t.Errorf("%s: the browser reported %s", u, m)
	}
}

// domView is what the browser rendered of a page, read in one round trip
// (Runtime.evaluate, which DevTools runs whatever the page's policy): the
// serialized DOM, the title, the first heading's text, and the same-site
// link candidates, so a page costs one call rather than one per query.
type domView struct {
	HTML  string    `json:"html"`
	Title string    `json:"title"`
	H1    string    `json:"h1"`
	Refs  []domLink `json:"refs"`
}

// domLink is an a[href], link[href] or form[action] of the page.
type domLink struct {
	Tag    string `json:"tag"`
	Ref    string `json:"ref"`
	Method string `json:"method"`
}

const readDOM = `(() => {
	const h1 = document.querySelector("h1");
	return {
		html: document.documentElement.outerHTML,
		title: document.title,
		h1: h1 ? h1.textContent : "",
		refs: Array.from(document.querySelectorAll("a[href], link[href], form[action]"), n => ({
			tag: n.localName,
			ref: n.getAttribute(n.localName === "form" ? "action" : "href"),
			method: n.getAttribute("method") || "",
		})),
	};
})()`

// read returns what the tab renders now.
func (b *tabRun) read(t *testing.T, u string) domView {
	t.Helper()
	v, err := step(b, chromedp.Evaluate[domView](readDOM))
	if err != nil {
		t.Fatalf("%s: reading the DOM: %v", u, err)
	}
	return v
}

// rendered checks the DOM, title and heading of the page on the tab, in
// language l, and returns what it read.
func (b *tabRun) rendered(t *testing.T, u string, p browserPage, l lang) domView {
	t.Helper()
	v := b.read(t, u)
	html := v.HTML
	if !strings.HasPrefix(html, fmt.Sprintf(`<html lang="%s"`, l.Code)) {
		t.Errorf("%s: the page is not in %s: %.40s", u, l.Code, html)
	}
	want := p.want
	if l.Code == "en" {
		want = append(slices.Clip(want), p.wantEN...)
	}
	for _, w := range want {
		if !strings.Contains(html, w) {
			t.Errorf("%s: the rendered page lacks %q", u, w)
		}
	}
	for _, f := range append(slices.Clip(renderFaults), l.T("err.internal")) {
		if strings.Contains(html, f) {
			t.Errorf("%s: the rendered page shows %q, a template or message fault", u, f)
		}
	}
	if p.status == 0 && strings.Contains(html, `id="error-message"`) {
		t.Errorf("%s: the page is an error page", u)
	}
	if app := l.T("app.title"); !strings.HasSuffix(v.Title, " · "+app) || len(v.Title) <= len(" · "+app) {
		t.Errorf("%s: title %q, want the page's then %q", u, v.Title, app)
	}
	if p.heading != nil {
		if want := p.heading(l); strings.TrimSpace(v.H1) != want {
			t.Errorf("%s: heading %q, want %q", u, v.H1, want)
		}
	} else if strings.TrimSpace(v.H1) == "" {
		t.Errorf("%s: the page has no heading", u)
	}
	return v
}

// screenshot saves a PNG of the page (its top shotMaxHeight pixels) of the tab as name-LANG.png in the
// artefact folder.
func (b *tabRun) screenshot(t *testing.T, name string) {
	t.Helper()
	img, err := step(b, pagePNG)
	if err != nil {
		t.Errorf("screenshot of %s: %v", name, err)
		return
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(img))
	if err != nil || cfg.Width < 1000 || cfg.Height < 300 || len(img) < 10_000 {
		t.Errorf("the screenshot of %s is not a PNG of a rendered page (%d bytes, %dx%d, %v)", name, len(img), cfg.Width, cfg.Height, err)
	}
	file := filepath.Join(b.dir, name+"-"+b.lang.Code+".jpg")
	if err := os.WriteFile(file, img, 0o644); err != nil {
		t.Error(err)
	}
}

// pagePNG captures the window of the tab (1024×768 CSS pixels, the first
// screen of the page) as a JPEG: the first screen shows the page's layout,
// and rendering a tall page beyond the window was most of the test's time.
func pagePNG(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	quality := int64(80)
	r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:  page.CaptureScreenshotFormatJpeg,
		Quality: &quality,
	})
	return r.Data, err
}

// collectLinks records the same-site links of the page read as v: every
// a[href] and link[href], and the action of each GET form.
func (b *tabRun) collectLinks(t *testing.T, page string, v domView) {
	t.Helper()
	from, _ := url.Parse(page)
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, n := range v.Refs {
		if n.Tag == "form" && !strings.EqualFold(n.Method, "get") && n.Method != "" {
			continue // the POST forms are submitted in forms
		}
		u, err := from.Parse(n.Ref)
		if err != nil {
			t.Errorf("%s: link %q does not parse: %v", page, n.Ref, err)
			continue
		}
		if u.Host != b.base.Host || (u.Scheme != "http" && u.Scheme != "https") {
			continue // not this site (mailto:, another host)
		}
		u.Fragment = ""
		// A link and its twin in the other language reach the same
		// handler over the same data; the link check fetches one of them
		// (every page type is opened in both languages in the browser,
		// and rendered in all six by TestEveryPageTranslated).
		q := u.Query()
		q.Del("lang")
		u.RawQuery = q.Encode()
		if _, ok := b.links[u.String()]; !ok {
			b.links[u.String()] = page
		}
	}
}

// linkWorkers bounds the link checks in flight.
const linkWorkers = 4

// notPages are the path prefixes of the dashboard's links that are not
// HTML pages: its stylesheet and the review's CSV and JSON exports (served
// as attachments, which a tab would download).
var notPages = []string{"/static/", "/review/export"}

// collected returns the same-site links collected from the pages, sorted.
func (b *browserRun) collected() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	urls := make([]string, 0, len(b.links))
	for u := range b.links {
		urls = append(urls, u)
	}
	slices.Sort(urls)
	return urls
}

// pageLinks returns the links of urls that lead to HTML pages (not under
// notPages), in order.
func pageLinks(urls []string) []*url.URL {
	var pages []*url.URL
	for _, s := range urls {
		u, err := url.Parse(s)
		if err != nil || slices.ContainsFunc(notPages, func(p string) bool { return strings.HasPrefix(u.Path, p) }) {
			continue
		}
		pages = append(pages, u)
	}
	return pages
}

// checkLinks fetches every link of urls: each must answer 200, and be an
// HTML page unless it is under notPages.
func (b *browserRun) checkLinks(t *testing.T, urls []string) {
	t.Helper()
	t.Logf("%d same-site links", len(urls))
	var wg sync.WaitGroup
	next := make(chan string)
	for range linkWorkers {
		wg.Go(func() {
			for u := range next {
				b.checkLink(t, u)
			}
		})
	}
	for _, u := range urls {
		next <- u
	}
	close(next)
	wg.Wait()
}

// checkLink GETs u and reports an answer other than 200, or other than an
// HTML page for a link pageLinks counts as one.
func (b *browserRun) checkLink(t *testing.T, u string) {
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
	if err != nil {
		t.Errorf("link %s (on %s): %v", u, b.links[u], err)
		return
	}
	resp, err := b.client.Do(req)
	if err != nil {
		t.Errorf("link %s (on %s): %v", u, b.links[u], err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("link %s (on %s): status %d", u, b.links[u], resp.StatusCode)
		return
	}
	if isPage := len(pageLinks([]string{u})) == 1; isPage != strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("link %s (on %s): Content-Type %q; notPages says it is a page: %v", u, b.links[u], resp.Header.Get("Content-Type"), isPage)
	}
}

// formTests are the forms of the pages, submitted in the browser as a
// person would, by clicking their buttons, and the language switch; each is
// run right after the page listed with it (browserPage.forms), from that
// page when it is the form's own.
func (b *tabRun) formTests() map[string]func(t *testing.T) {
	l := b.lang
	return map[string]func(t *testing.T){
		"cases filter": func(t *testing.T) {
			loc := b.submit(t, "/cases?status=open", `form[action="/cases"]`,
				[]chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.CSS(`form[action="/cases"] input[name="q"]`), "gmail")},
				browserPage{heading: func(l lang) string { return l.T("cases.title") }, want: []string{`value="gmail"`, "Gmail", `id="cases"`}})
			if q := loc.Query(); q.Get("q") != "gmail" {
				t.Errorf("the filter led to %s, want q=gmail", loc)
			}
		},
		"plan person": func(t *testing.T) {
			const person = "ana.lima@northwind.example"
			loc := b.submit(t, "/plan?person=chloe.martin@northwind.example", `form[action="/plan"]`,
				[]chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.CSS(`form[action="/plan"] select[name="person"]`), person)},
				browserPage{heading: func(l lang) string { return l.T("plan.title", "Ana Lima") }, want: []string{`id="dry-run"`}})
			if q := loc.Query(); q.Get("person") != person {
				t.Errorf("the form led to %s, want person=%s", loc, person)
			}
		},
		"grid profile": func(t *testing.T) {
			var chosen string
			pick := chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				opts, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(`form[action="/"] select[name="profile"] option`)))
				if err != nil {
					return err
				}
				chosen = opts[len(opts)-1].AttributeValue("value")
				return chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`form[action="/"] select[name="profile"]`), chosen))
			})
			loc := b.submit(t, "/?open=1", `form[action="/"]`, []chromedp.Action[chromedp.Void]{pick},
				browserPage{heading: func(l lang) string { return l.T("grid.title") }, want: []string{`id="access-grid"`}})
			if q := loc.Query(); chosen == "" || q.Get("profile") != chosen {
				t.Errorf("the form led to %s, want profile=%q", loc, chosen)
			}
		},
		"what if": func(t *testing.T) {
			const account = "ana.lima@northwind-eu.example"
			loc := b.submit(t, "/whatif?suspend=ana.lima@northwind-eu.example&days=30", `form[action="/whatif"]`,
				[]chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.CSS(`form[action="/whatif"] select[name="suspend"]`), account)},
				browserPage{heading: func(l lang) string { return l.T("whatif.title") }, want: []string{`id="whatif-people"`}})
			if q := loc.Query(); q.Get("suspend") != account {
				t.Errorf("the what-if form led to %s, want suspend=%s", loc, account)
			}
		},
		"review sign-off": func(t *testing.T) {
			// The sign-off is a POST the cross-origin protection checks, like
			// "Read again"; the dashboard records it and shows the review again.
			loc := b.submit(t, "/review?within=30", `form[action^="/review/signoff"]`,
				[]chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.CSS(`form[action^="/review/signoff"] input[name="reviewer"]`), "Browser "+l.Code)},
				browserPage{heading: func(l lang) string { return l.T("review.title") }, want: []string{`id="review-signed"`, "Browser " + l.Code}})
			if loc.Path != "/review" || loc.Query().Get("signed") != "1" {
				t.Errorf("after signing off the browser is at %s, want /review?signed=1", loc)
			}
		},
		"read again": func(t *testing.T) {
			// A POST the cross-origin protection checks: from the page itself
			// it passes, and the dashboard sends the browser back to the page.
			loc := b.submit(t, "/seats", `form[method="post"]`, nil,
				browserPage{heading: func(l lang) string { return l.T("seats.title") }, want: []string{`id="readat"`}})
			if loc.Path != "/seats" {
				t.Errorf("after reading again the browser is at %s, want back on /seats", loc)
			}
		},
		"language switch": func(t *testing.T) {
			// The switch leads to the page in the other language, which the
			// dashboard then remembers (a cookie); the switch back leads
			// home again, so the tab's later pages are in its language.
			other := langs[0]
			if l.Code == other.Code {
				other = langByCode(t, "ja")
			}
			u := b.pageURL("/seats", l)
			if b.at != u {
				if _, err := step(b, chromedp.NavigateResponse(u)); err != nil {
					t.Fatalf("opening %s: %v", u, err)
				}
			}
			b.at = ""
			for _, to := range []lang{other, l} {
				resp, err := step(b, func(ctx context.Context, _ *chromedp.Target) (int64, error) {
					r, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[hreflang=%q]`, to.Code))))
					if err != nil {
						return 0, err
					}
					return r.Status, nil
				})
				if err != nil || resp != http.StatusOK {
					t.Fatalf("%s: following the link to %s: status %d, %v", u, to.Name, resp, err)
				}
				loc, _ := step(b, chromedp.Location())
				b.rendered(t, loc, browserPage{heading: func(l lang) string { return l.T("seats.title") }}, to)
			}
		},
	}
}

// submit opens page in the tab's language, runs fill, clicks the submit
// button of the form, and checks the page the browser lands on: a 200 in the
// same language rendering as p says, with nothing reported by the browser.
// It returns where the browser landed.
func (b *tabRun) submit(t *testing.T, page, form string, fill []chromedp.Action[chromedp.Void], p browserPage) *url.URL {
	t.Helper()
	u := b.pageURL(page, b.lang)
	if b.at != u {
		b.at = ""
		if _, err := step(b, chromedp.NavigateResponse(u)); err != nil {
			t.Fatalf("opening %s: %v", u, err)
		}
	}
	b.at = ""
	b.con.take()
	if _, err := step(b, chromedp.Steps(fill...)); err != nil {
		t.Fatalf("%s: filling the form: %v", u, err)
	}
	status, err := step(b, func(ctx context.Context, _ *chromedp.Target) (int64, error) {
		r, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)))
		if err != nil {
			return 0, err
		}
		return r.Status, nil
	})
	if err != nil {
		t.Fatalf("%s: submitting %s: %v", u, form, err)
	}
	if status != http.StatusOK {
		t.Errorf("%s: submitting %s: status %d", u, form, status)
	}
	loc, err := step(b, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	got, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	b.at = loc
	if b.lang.Code != langs[0].Code && got.Query().Get("lang") != b.lang.Code {
		t.Errorf("%s: the form led to %s, which lost the language", u, loc)
	}
	b.rendered(t, loc, p, b.lang)
	for _, m := range b.con.take() {
		t.Errorf("%s: the browser reported %s", loc, m)
	}
	return got
}
