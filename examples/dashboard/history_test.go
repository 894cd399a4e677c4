package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
)

// copySnapshot returns a deep copy of s whose facts are read back from
// JSON, so a test can change them without touching the shared world's.
func copySnapshot(t *testing.T, s *Snapshot, at time.Time) *Snapshot {
	t.Helper()
	var b bytes.Buffer
	if err := s.Access.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	facts, err := access.ReadSnapshot(&b)
	if err != nil {
		t.Fatal(err)
	}
	c := *s
	c.Access, c.ReadAt = facts, at
	return &c
}

// dropCustomer removes the first customer of the first domain that has one,
// and returns its ID.
func dropCustomer(t *testing.T, s *Snapshot) string {
	t.Helper()
	for i := range s.Access.Domains {
		d := &s.Access.Domains[i]
		if len(d.Customers) > 0 {
			id := d.Customers[0].ID
			d.Customers = d.Customers[1:]
			return id
		}
	}
	t.Fatal("the test world has no customer")
	return ""
}

func recordRead(t *testing.T, h *history, s *Snapshot) []access.Event {
	t.Helper()
	ev, err := h.record(t.Context(), s, nil)
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	return ev
}

func hasKind(events []access.Event, k access.EventKind) bool {
	for _, e := range events {
		if e.Kind == k {
			return true
		}
	}
	return false
}

// TestHistorySurvivesRestart: two reads recorded, the database closed and
// opened again with the same -db, and both are read back, newest first,
// with the drift event of the second; the drift of the next read is against
// the last read before the restart.
func TestHistorySurvivesRestart(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	base := env.app.snap.Load()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	first := copySnapshot(t, base, t0)
	second := copySnapshot(t, base, t0.Add(5*time.Minute))
	dropped := dropCustomer(t, second)

	path := filepath.Join(t.TempDir(), "sub", "dashboard.db")
	h, err := openHistory(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if ev := recordRead(t, h, first); len(ev) != 0 {
		t.Errorf("the first read has %d drift events, want none", len(ev))
	}
	ev := recordRead(t, h, second)
	if !hasKind(ev, access.EventCustomerRemoved) {
		t.Errorf("the second read's drift %v lacks %s", ev, access.EventCustomerRemoved)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}

	h, err = openHistory(t.Context(), path)
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer h.Close()
	reads, err := h.reads(t.Context(), 10, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(reads) != 2 {
		t.Fatalf("read back %d reads, want 2", len(reads))
	}
	if !reads[0].ReadAt.Equal(second.ReadAt) || !reads[1].ReadAt.Equal(first.ReadAt) {
		t.Errorf("reads at %v, %v; want newest first: %v, %v", reads[0].ReadAt, reads[1].ReadAt, second.ReadAt, first.ReadAt)
	}
	want := summarize(first)
	if got := reads[1]; got.People != want.People || got.Domains != want.Domains || got.Customers != want.Customers ||
		got.Accounts != want.Accounts || got.Gaps != want.Gaps || got.Events != 0 {
		t.Errorf("first read back %+v, want the counts of %+v", got, want)
	}
	if want.People == 0 || want.Domains == 0 || want.Customers == 0 || want.Accounts == 0 {
		t.Errorf("summary %+v counts nothing", want)
	}
	if reads[0].Customers != want.Customers-1 {
		t.Errorf("second read has %d customers, want %d", reads[0].Customers, want.Customers-1)
	}
	if reads[0].Events != len(ev) || len(reads[0].Drift) != len(ev) {
		t.Errorf("second read: %d events, %d listed; want %d", reads[0].Events, len(reads[0].Drift), len(ev))
	}
	found := false
	for _, e := range reads[0].Drift {
		if e.Kind == access.EventCustomerRemoved && e.Subject != "" && e.Domain != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("drift read back %+v lacks the removal of %s", reads[0].Drift, dropped)
	}

	// After the restart, drift is against the last read stored.
	if ev := recordRead(t, h, copySnapshot(t, first, t0.Add(10*time.Minute))); !hasKind(ev, access.EventCustomerAdded) {
		t.Errorf("drift after restart %v lacks %s of %s", ev, access.EventCustomerAdded, dropped)
	}
}

// TestHistoryBounded: the listing returns at most the reads and events
// asked for, and counts the events it leaves out.
func TestHistoryBounded(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	base := env.app.snap.Load()
	h, err := openHistory(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s := copySnapshot(t, base, t0)
	recordRead(t, h, s)
	for i := 1; i <= 3; i++ {
		s = copySnapshot(t, s, t0.Add(time.Duration(i)*time.Minute))
		dropCustomer(t, s)
		dropCustomer(t, s)
		recordRead(t, h, s)
	}
	reads, err := h.reads(t.Context(), 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(reads) != 2 {
		t.Fatalf("%d reads listed, want 2", len(reads))
	}
	for _, r := range reads {
		if len(r.Drift) != 1 || r.Events < 2 {
			t.Errorf("read %v: %d events listed of %d; want 1 of at least 2", r.ReadAt, len(r.Drift), r.Events)
		}
	}
}

// TestHistoryMigrations: a new database is brought to the last schema
// version, opening it again applies nothing, and a database of a newer
// schema than the program knows is refused, saying so.
func TestHistoryMigrations(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "h.db")
	h, err := openHistory(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := h.schemaVersion(t.Context())
	if err != nil || v != len(migrations) {
		t.Fatalf("schema version %d, %v; want %d", v, err, len(migrations))
	}
	h.Close()

	h, err = openHistory(t.Context(), path)
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	var rows int
	if err := h.db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM schema_version`).Scan(&rows); err != nil || rows != len(migrations) {
		t.Errorf("%d version rows (%v), want %d: a migration ran twice", rows, err, len(migrations))
	}
	if _, err := h.db.ExecContext(t.Context(), `INSERT INTO schema_version (version) VALUES (?)`, len(migrations)+1); err != nil {
		t.Fatal(err)
	}
	h.Close()

	_, err = openHistory(t.Context(), path)
	if err == nil || !strings.Contains(err.Error(), "newer than this dashboard knows") || !strings.Contains(err.Error(), path) {
		t.Fatalf("opening a newer schema: %v; want an error naming the file and saying it is newer", err)
	}
}

// TestHistoryMigrationRollsBack: a migration that fails leaves the database
// at the version before it.
func TestHistoryMigrationRollsBack(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "h.db")
	saved := migrations
	t.Cleanup(func() { migrations = saved })
	migrations = append(append([]string(nil), saved...), `CREATE TABLE extra (x INTEGER); INSERT INTO nosuch VALUES (1)`)
	if _, err := openHistory(t.Context(), path); err == nil {
		t.Fatal("a failing migration opened the database")
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow(`SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil || v != len(saved) {
		t.Errorf("version %d (%v) after a failed step, want %d", v, err, len(saved))
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'extra'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the failed step's table exists (%d, %v)", n, err)
	}
}

// TestHistoryPage: /history lists each read stored by a refresh and its
// drift events, newest first, in every language, and is absent without a
// history.
func TestHistoryPage(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := newApp(env.app.src, log)
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := (&testEnv{handler: a.handler()}).get(t, "/history"); code != http.StatusNotFound {
		t.Errorf("/history without a history: status %d, want 404", code)
	}
	h, err := openHistory(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	a.hist = h
	if err := a.refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := copySnapshot(t, a.snap.Load(), a.snap.Load().ReadAt.Add(time.Minute))
	dropCustomer(t, s)
	recordRead(t, h, s)

	e := &testEnv{handler: a.handler()}
	for _, l := range langs {
		code, body := e.get(t, link("/history", l))
		if code != http.StatusOK {
			t.Fatalf("%s: status %d", l.Code, code)
		}
		if strings.Contains(body, "history.") {
			t.Errorf("%s: an untranslated key: %s", l.Code, between(body, "history.", "<"))
		}
		for _, key := range []string{"history.title", "history.event.customer-removed", "nav.history"} {
			if !strings.Contains(body, l.T(key)) {
				t.Errorf("%s: the page lacks %q", l.Code, l.T(key))
			}
		}
		rows := inside(body, `<table id="history-reads">`, "</table>")
		if n := strings.Count(rows, "<tr>"); n != 3 {
			t.Errorf("%s: %d rows in the reads table, want 2 reads and the header", l.Code, n)
		}
		if i, j := strings.Index(rows, (&view{}).Time(s.ReadAt)), strings.Index(rows, (&view{}).Time(s.ReadAt.Add(-time.Minute))); i < 0 || j < 0 || i > j {
			t.Errorf("%s: reads not listed newest first", l.Code)
		}
	}
}

// TestParseFlagsDB: -db is kept as given.
func TestParseFlagsDB(t *testing.T) {
	cfg, err := parseFlags([]string{"-db", "/tmp/x/dashboard.db"}, io.Discard)
	if err != nil || cfg.dbPath != "/tmp/x/dashboard.db" {
		t.Errorf("parseFlags -db: %q, %v", cfg.dbPath, err)
	}
}

// runFor runs the dashboard with args until stop is called, and returns
// its address.
func runFor(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-refresh", "0"}, args...), pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("the dashboard did not start: %v (%v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	_, base, _ = strings.Cut(strings.TrimSpace(line), " on ")
	return base, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("the dashboard did not shut down cleanly: %v", err)
		}
	}
}

func historyRows(t *testing.T, base string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"history", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /history: status %d", resp.StatusCode)
	}
	return strings.Count(inside(string(b), `<table id="history-reads">`, "</table>"), "<tr>") - 1
}

// TestRunHistorySurvivesRestart: the dashboard run twice with the same -db
// lists the first run's read after the second's.
func TestRunHistorySurvivesRestart(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "dashboard.db")
	base, stop := runFor(t, "-db", path)
	if n := historyRows(t, base); n != 1 {
		t.Errorf("first run: %d reads listed, want 1", n)
	}
	stop()
	base, stop = runFor(t, "-db", path)
	defer stop()
	if n := historyRows(t, base); n != 2 {
		t.Errorf("after a restart: %d reads listed, want 2", n)
	}
}

// gatedSource holds each Snapshot read until the test lets it through.
type gatedSource struct {
	Source
	gate    chan struct{}
	started chan struct{}
}

func (g *gatedSource) Snapshot(ctx context.Context) (*Snapshot, error) {
	g.started <- struct{}{}
	select {
	case <-g.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.Source.Snapshot(ctx)
}

// TestRefreshInBackground: "Read again" answers at once while the read
// runs; a page view meanwhile shows the previous data and says a read is
// under way; a second click starts no second read; the read, once done, is
// shown and stored in the history.
func TestRefreshInBackground(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	g := &gatedSource{Source: env.app.src, gate: make(chan struct{}), started: make(chan struct{}, 4)}
	a, err := newApp(g, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	h, err := openHistory(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	a.hist = h
	close(g.gate)
	if err := a.refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	<-g.started
	g.gate = make(chan struct{})
	e := &testEnv{handler: a.handler()}

	post := func() int {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "/refresh", strings.NewReader("back=%2Fseats"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := post(); code != http.StatusSeeOther {
		t.Fatalf("POST /refresh: status %d, want 303 at once", code)
	}
	<-g.started // the read is under way, held at the gate
	if code := post(); code != http.StatusSeeOther {
		t.Fatalf("second POST /refresh: status %d", code)
	}
	code, body := e.get(t, "/seats?lang=ja")
	if code != http.StatusOK || !strings.Contains(body, `id="refreshing"`) || !strings.Contains(body, langs[3].T("refreshing")) {
		t.Errorf("a page during the read: status %d, without the reading notice in Japanese", code)
	}
	close(g.gate)
	a.bg.Wait()
	if len(g.started) != 0 {
		t.Errorf("a second click started a second read")
	}
	if _, body := e.get(t, "/seats"); strings.Contains(body, `id="refreshing"`) {
		t.Errorf("the reading notice stays after the read")
	}
	reads, err := h.reads(t.Context(), 10, 0)
	if err != nil || len(reads) != 2 {
		t.Errorf("%d reads stored (%v), want 2", len(reads), err)
	}
}

// pagedCases is a Source whose open cases are a fixed list, served a page
// of two at a time, as of now.
type pagedCases struct {
	Source
	now   time.Time
	list  []cases.Case
	err   error
	calls int
}

func (p *pagedCases) Cases(_ context.Context, q CaseQuery) (CasePage, error) {
	p.calls++
	if p.err != nil {
		return CasePage{}, p.err
	}
	if q.Options.Status != cases.Open {
		return CasePage{}, errors.New("the census must list the open cases only")
	}
	i := 0
	if q.Token != "" {
		i, _ = strconv.Atoi(q.Token)
	}
	end := min(i+2, len(p.list))
	page := CasePage{Cases: p.list[i:end], Now: p.now}
	if end < len(p.list) {
		page.Next = strconv.Itoa(end)
	}
	return page, nil
}

// TestReadCaseCensus: the open cases are counted per severity and by age
// at the cases service's clock, over every page, at the age buckets'
// boundaries; a case in another state or of no valid severity is not
// counted; past the bound the census gives up with an error.
func TestReadCaseCensus(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	open := func(sev cases.Severity, age time.Duration) cases.Case {
		return cases.Case{Severity: sev, State: cases.StateNew, CreateTime: now.Add(-age)}
	}
	src := &pagedCases{now: now, list: []cases.Case{
		open(cases.S0, time.Hour), open(cases.S0, day-time.Second), open(cases.S0, day),
		open(cases.S2, 7*day), open(cases.S2, 30*day), open(cases.S4, 365*day),
		{Severity: cases.S1, State: cases.StateClosed, CreateTime: now},
	}}
	snap := &Snapshot{ReadAt: now, Accounts: []domains.ResellerAccount{{CustomerID: "C1"}}}
	got, err := readCaseCensus(t.Context(), src, snap, 100)
	if err != nil {
		t.Fatal(err)
	}
	want := &caseCensus{ReadAt: now}
	want.Severity[0] = severityCount{Open: 3, Ages: [ageBuckets]int{2, 1, 0, 0}}
	want.Severity[2] = severityCount{Open: 2, Ages: [ageBuckets]int{0, 0, 1, 1}}
	want.Severity[4] = severityCount{Open: 1, Ages: [ageBuckets]int{0, 0, 0, 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("census mismatch (-want +got):\n%s", diff)
	}
	if src.calls != 4 {
		t.Errorf("%d pages read, want 4", src.calls)
	}
	if _, err := readCaseCensus(t.Context(), src, snap, 5); err == nil || !strings.Contains(err.Error(), "more than 5") {
		t.Errorf("six open cases with a bound of 5: %v, want an error naming the bound", err)
	}
}

// censusAt is a census with n open cases of each severity, by age.
func censusAt(at time.Time, n int) *caseCensus {
	c := &caseCensus{ReadAt: at}
	for i := range c.Severity {
		c.Severity[i] = severityCount{Open: n + i, Ages: [ageBuckets]int{n, i, 0, 0}}
	}
	return c
}

// TestHistoryCaseCountsSurviveRestart: the case counts of each read are
// read back, oldest first, after the database is closed and opened again
// with the same -db; a read stored without them has none.
func TestHistoryCaseCountsSurviveRestart(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	base := env.app.snap.Load()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "dashboard.db")
	h, err := openHistory(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	first, third := censusAt(t0, 3), censusAt(t0.Add(10*time.Minute), 0)
	if _, err := h.record(t.Context(), copySnapshot(t, base, t0), first); err != nil {
		t.Fatal(err)
	}
	if _, err := h.record(t.Context(), copySnapshot(t, base, t0.Add(5*time.Minute)), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := h.record(t.Context(), copySnapshot(t, base, t0.Add(10*time.Minute)), third); err != nil {
		t.Fatal(err)
	}
	h.Close()
	h, err = openHistory(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	got, err := h.caseHistory(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]caseCensus{*first, *third}, got); diff != "" {
		t.Errorf("case counts after a restart (-want +got):\n%s", diff)
	}
	if got, err := h.caseHistory(t.Context(), 1); err != nil || len(got) != 1 || !got[0].ReadAt.Equal(third.ReadAt) {
		t.Errorf("the last census: %v, %v; want the third read's", got, err)
	}
}

// openCasesOf is the oracle of a census: the open cases per severity that
// the snapshot's own counting (every case listed, by severity and state)
// found.
func openCasesOf(s *Snapshot) [5]int {
	var out [5]int
	for _, st := range s.Cases {
		for si := range st.Counts {
			for ti, st2 := range caseStates {
				if st2.Open() {
					out[si] += st.Counts[si][ti]
				}
			}
		}
	}
	return out
}

// TestRefreshRecordsCaseCounts: each refresh stores the open cases per
// severity (equal to what the snapshot counted) and by age (summing to
// them); after two refreshes the history page draws two points per line,
// the cases page the last census, each with the numbers in its table; a
// refresh whose cases cannot be listed is stored without case counts, and
// logged.
func TestRefreshRecordsCaseCounts(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	a, err := newApp(env.app.src, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	h, err := openHistory(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	a.hist = h
	e := &testEnv{handler: a.handler()}
	_, body := e.get(t, "/history")
	if fig := chartOf(t, body, "chart-open-history"); !strings.Contains(fig, template.HTMLEscapeString(langs[0].T("chart.history.few", 0))) {
		t.Errorf("history with no read: %s", fig)
	}
	for range 2 {
		if err := a.refresh(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	census, err := h.caseHistory(t.Context(), 10)
	if err != nil || len(census) != 2 {
		t.Fatalf("%d censuses stored (%v), want 2", len(census), err)
	}
	want := openCasesOf(a.snap.Load())
	if want == ([5]int{}) {
		t.Fatal("the seeded world has no open case")
	}
	last := census[1]
	for i, sc := range last.Severity {
		sum := 0
		for _, n := range sc.Ages {
			sum += n
		}
		if sc.Open != want[i] || sum != sc.Open {
			t.Errorf("S%d: %d open, ages summing to %d; want %d open", i, sc.Open, sum, want[i])
		}
	}

	for _, l := range []lang{langs[0], langs[3]} {
		_, body = e.get(t, link("/history", l))
		fig := chartOf(t, body, "chart-open-history")
		nodes := svgOf(t, fig)
		var lines [][]int
		for _, n := range nodes {
			switch {
			case n.Name == "polyline":
				lines = append(lines, nil)
				if pts := len(strings.Fields(n.Attr["points"])); pts != len(census) {
					t.Errorf("%s: a line of %d points after %d refreshes", l.Code, pts, len(census))
				}
			case n.Name == "path" && n.Attr["data-value"] != "":
				v, _ := strconv.Atoi(n.Attr["data-value"])
				lines[len(lines)-1] = append(lines[len(lines)-1], v)
			}
		}
		rows := tableOf(t, fig)
		if len(lines) != 5 || len(rows) != len(census)+1 {
			t.Fatalf("%s: %d lines, %d table rows; want 5 severities over %d reads", l.Code, len(lines), len(rows)-1, len(census))
		}
		for ri, cc := range census {
			if rows[ri+1][0] != (&view{}).Time(cc.ReadAt) {
				t.Errorf("%s: table row %d at %q, want %v", l.Code, ri, rows[ri+1][0], cc.ReadAt)
			}
			for si, sc := range cc.Severity {
				if lines[si][ri] != sc.Open || rows[ri+1][si+1] != strconv.Itoa(sc.Open) {
					t.Errorf("%s: S%d at read %d drawn %d, table %s; want %d", l.Code, si, ri, lines[si][ri], rows[ri+1][si+1], sc.Open)
				}
			}
		}
		svgOf(t, chartOf(t, body, "chart-age-history"))

		_, body = e.get(t, link("/cases", l))
		fig = chartOf(t, body, "chart-case-age")
		bars := barsOf(t, svgOf(t, fig))
		rows = tableOf(t, fig)
		for si, sc := range last.Severity {
			wantRow := []string{severityLabel(l, si)}
			for ai, n := range sc.Ages {
				if bars[si][ai].value != n {
					t.Errorf("%s: S%d age %d drawn %d, want %d", l.Code, si, ai, bars[si][ai].value, n)
				}
				wantRow = append(wantRow, strconv.Itoa(n))
			}
			wantRow = append(wantRow, strconv.Itoa(sc.Open))
			if diff := cmp.Diff(wantRow, rows[si+1]); diff != "" {
				t.Errorf("%s: case age table mismatch (-want +got):\n%s", l.Code, diff)
			}
		}
	}

	var logged bytes.Buffer
	a.log = slog.New(slog.NewTextHandler(&logged, nil))
	a.src = &pagedCases{Source: env.app.src, err: errors.New("cases unreachable")}
	if err := a.refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	reads, err := h.reads(t.Context(), 10, 0)
	if err != nil || len(reads) != 3 {
		t.Errorf("%d reads stored (%v), want 3: a read whose cases fail is stored", len(reads), err)
	}
	if census, _ := h.caseHistory(t.Context(), 10); len(census) != 2 {
		t.Errorf("%d censuses after a read whose cases failed, want still 2", len(census))
	}
	if !strings.Contains(logged.String(), "cases unreachable") {
		t.Errorf("the failed count is not logged: %s", logged.String())
	}
}
