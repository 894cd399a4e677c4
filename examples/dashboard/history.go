package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver: no cgo

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
)

// historyReads is how many reads the /history page lists, newest first;
// historyEvents how many drift events it shows per read (the rest are
// counted).
const (
	historyReads  = 50
	historyEvents = 100
)

// migrations are the history database's schema, one step per version:
// migrations[0] brings an empty database to version 1, and so on. A step is
// never edited once released; a change of schema is a new step.
var migrations = []string{
	// 1: a summary per read, its drift events, and the facts of the last
	// read, so the drift of the first read after a restart is against the
	// read before it.
	`CREATE TABLE reads (
		id        INTEGER PRIMARY KEY AUTOINCREMENT,
		read_at   TEXT    NOT NULL,
		people    INTEGER NOT NULL,
		domains   INTEGER NOT NULL,
		customers INTEGER NOT NULL,
		accounts  INTEGER NOT NULL,
		gaps      INTEGER NOT NULL,
		events    INTEGER NOT NULL
	);
	CREATE TABLE drift_events (
		read_id   INTEGER NOT NULL REFERENCES reads(id) ON DELETE CASCADE,
		seq       INTEGER NOT NULL,
		kind      TEXT    NOT NULL,
		domain    TEXT    NOT NULL,
		subject   TEXT    NOT NULL,
		customers INTEGER NOT NULL,
		detail    TEXT    NOT NULL,
		PRIMARY KEY (read_id, seq)
	);
	CREATE TABLE last_facts (
		id    INTEGER PRIMARY KEY CHECK (id = 1),
		facts BLOB NOT NULL
	);`,
	// 2: the open cases per severity at each read, by age, for the charts
	// of open cases and case age over time.
	`CREATE TABLE case_counts (
		read_id   INTEGER NOT NULL REFERENCES reads(id) ON DELETE CASCADE,
		severity  TEXT    NOT NULL,
		open      INTEGER NOT NULL,
		age_1d    INTEGER NOT NULL, -- open cases created less than a day before the read
		age_7d    INTEGER NOT NULL, -- 1 to 7 days
		age_30d   INTEGER NOT NULL, -- 7 to 30 days
		age_older INTEGER NOT NULL, -- more than 30 days
		PRIMARY KEY (read_id, severity)
	);`,
	// 3: access reviews: who signed off, when, on which facts (the
	// access.Snapshot as JSON), so the next review shows what changed since.
	`CREATE TABLE reviews (
		id        INTEGER PRIMARY KEY AUTOINCREMENT,
		signed_at TEXT    NOT NULL,
		reviewer  TEXT    NOT NULL,
		note      TEXT    NOT NULL,
		read_at   TEXT    NOT NULL, -- when the reviewed facts were read
		pairs     INTEGER NOT NULL, -- person × customer pairs with access
		digest    TEXT    NOT NULL, -- SHA-256 of the exported review, hex
		facts     BLOB    NOT NULL
	);`,
}

// history stores each read of the facts in SQLite (modernc.org/sqlite, pure
// Go): a summary of the read and the drift events (access.Diff) since the
// read before it.
type history struct {
	db   *sql.DB
	path string // "" in memory

	mu   sync.Mutex
	prev *access.Snapshot // the facts of the last read recorded, for the next Diff
}

// defaultDBPath is the history database against Google: a file in the
// user's cache directory, so history survives a restart.
func defaultDBPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for the history database (%v); give -db PATH", err)
	}
	return filepath.Join(dir, "resellerkit", "dashboard.db"), nil
}

// openHistory opens (creating it if needed) the history database at path,
// or one in memory when path is "", and brings its schema up to date. A
// database of a newer schema than this program knows is an error: it is
// left untouched.
func openHistory(ctx context.Context, path string) (*history, error) {
	dsn := "file::memory:"
	if path != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("-db %s: %v", path, err)
		}
		dsn = "file:" + path
	}
	dsn += "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("-db %s: %v", displayDB(path), err)
	}
	// One connection: an in-memory database lives in its connection, and a
	// single writer needs no more.
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	h := &history{db: db, path: path}
	if err := h.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := h.loadLast(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return h, nil
}

func displayDB(path string) string {
	if path == "" {
		return "(in memory)"
	}
	return path
}

func (h *history) Close() error { return h.db.Close() }

// schemaVersion reads the version the database is at; 0 for a new one.
func (h *history) schemaVersion(ctx context.Context) (int, error) {
	if _, err := h.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return 0, fmt.Errorf("history database %s: %v", displayDB(h.path), err)
	}
	var v sql.NullInt64
	if err := h.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("history database %s: %v", displayDB(h.path), err)
	}
	return int(v.Int64), nil
}

// migrate applies the migrations the database lacks, in order, each in a
// transaction with its version row, so a failed step leaves the database
// at the version before it.
func (h *history) migrate(ctx context.Context) error {
	v, err := h.schemaVersion(ctx)
	if err != nil {
		return err
	}
	if v > len(migrations) {
		return fmt.Errorf("history database %s has schema version %d, newer than this dashboard knows (%d): "+
			"run a newer dashboard, or give another -db", displayDB(h.path), v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		if err := h.step(ctx, i+1, migrations[i]); err != nil {
			return fmt.Errorf("history database %s: migrating to schema version %d: %v", displayDB(h.path), i+1, err)
		}
	}
	return nil
}

func (h *history) step(ctx context.Context, version int, stmt string) error {
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, stmt); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, version); err != nil {
		return err
	}
	return tx.Commit()
}

func (h *history) loadLast(ctx context.Context) error {
	var b []byte
	err := h.db.QueryRowContext(ctx, `SELECT facts FROM last_facts WHERE id = 1`).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("history database %s: %v", displayDB(h.path), err)
	}
	s, err := access.ReadSnapshot(bytes.NewReader(b))
	if err != nil {
		// Unreadable facts only cost the drift of the next read.
		return nil
	}
	h.prev = s
	return nil
}

// historyRead is one read of the facts, as stored.
type historyRead struct {
	ID                                         int64
	ReadAt                                     time.Time
	People, Domains, Customers, Accounts, Gaps int
	Events                                     int // drift events since the read before
	Drift                                      []historyEvent
}

// historyEvent is one drift event, as the history page lists it.
type historyEvent struct {
	Kind      access.EventKind
	Domain    string
	Subject   string // the customer, account or person the event is about
	Customers int    // for access gained or lost: how many customers
}

// summarize counts what the pages show of a snapshot.
func summarize(s *Snapshot) historyRead {
	r := historyRead{ReadAt: s.ReadAt, People: len(s.People)}
	if s.Access == nil {
		return r
	}
	r.Domains = len(s.Access.Domains)
	for _, d := range s.Access.Domains {
		r.Customers += len(d.Customers)
		r.Accounts += len(d.Accounts)
	}
	if cov, err := access.ComputeCoverage(s.Access, s.People, access.CloudSupportPortal); err == nil {
		for _, p := range cov.People {
			r.Gaps += p.Gaps
		}
	}
	return r
}

// eventRow reduces an event to what the history page lists; the whole
// event is kept as JSON beside it.
func eventRow(e access.Event) historyEvent {
	out := historyEvent{Kind: e.Kind}
	switch {
	case e.Customer != nil:
		out.Domain, out.Subject = e.Customer.ResellerDomain, e.Customer.ID
		if e.Customer.Domain != "" {
			out.Subject = e.Customer.Domain
		}
	case e.Account != nil:
		out.Domain, out.Subject = e.Account.Domain, e.Account.Account
	case e.Assignment != nil:
		out.Domain, out.Subject = e.Assignment.Domain, e.Assignment.Account
		if e.Assignment.RoleName != "" {
			out.Subject += " · " + e.Assignment.RoleName
		}
	case e.Access != nil:
		out.Domain, out.Subject, out.Customers = e.Access.Domain, e.Access.Person, len(e.Access.Customers)
		if out.Subject == "" {
			out.Subject = e.Access.Account
		}
	}
	return out
}

// record stores one read: its summary, the drift since the read before
// (access.Diff under the Cloud Support portal profile, the grid's default,
// rule P2), its facts for the next read's drift, and the open cases it
// counted (nil: the cases could not be counted; the read is stored
// without them). It returns the drift.
func (h *history) record(ctx context.Context, s *Snapshot, census *caseCensus) ([]access.Event, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var events []access.Event
	if h.prev != nil && s.Access != nil {
		ev, err := access.Diff(h.prev, s.Access, &access.DriftOptions{Profile: access.CloudSupportPortal, People: s.People})
		if err != nil {
			return nil, err
		}
		events = ev
	}
	var facts bytes.Buffer
	if s.Access != nil {
		if err := s.Access.WriteJSON(&facts); err != nil {
			return nil, err
		}
	}
	r := summarize(s)
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO reads (read_at, people, domains, customers, accounts, gaps, events)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.ReadAt.UTC().Format(time.RFC3339Nano), r.People, r.Domains, r.Customers, r.Accounts, r.Gaps, len(events))
	if err != nil {
		return nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	for i, e := range events {
		row := eventRow(e)
		detail, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO drift_events (read_id, seq, kind, domain, subject, customers, detail)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, i, string(row.Kind), row.Domain, row.Subject, row.Customers, string(detail)); err != nil {
			return nil, err
		}
	}
	if census != nil {
		for i, sc := range census.Severity {
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_counts (read_id, severity, open, age_1d, age_7d, age_30d, age_older)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, id, (cases.S0 + cases.Severity(i)).String(), sc.Open,
				sc.Ages[0], sc.Ages[1], sc.Ages[2], sc.Ages[3]); err != nil {
				return nil, err
			}
		}
	}
	if s.Access != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO last_facts (id, facts) VALUES (1, ?)
			ON CONFLICT (id) DO UPDATE SET facts = excluded.facts`, facts.Bytes()); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	if s.Access != nil {
		h.prev = s.Access
	}
	return events, nil
}

// reads returns the last n reads, newest first, each with at most
// perRead of its drift events.
func (h *history) reads(ctx context.Context, n, perRead int) ([]historyRead, error) {
	rows, err := h.db.QueryContext(ctx, `SELECT id, read_at, people, domains, customers, accounts, gaps, events
		FROM reads ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, err
	}
	var out []historyRead
	for rows.Next() {
		var r historyRead
		var at string
		if err := rows.Scan(&r.ID, &at, &r.People, &r.Domains, &r.Customers, &r.Accounts, &r.Gaps, &r.Events); err != nil {
			rows.Close()
			return nil, err
		}
		r.ReadAt, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Events == 0 {
			continue
		}
		ev, err := h.db.QueryContext(ctx, `SELECT kind, domain, subject, customers FROM drift_events
			WHERE read_id = ? ORDER BY seq LIMIT ?`, out[i].ID, perRead)
		if err != nil {
			return nil, err
		}
		for ev.Next() {
			var e historyEvent
			var kind string
			if err := ev.Scan(&kind, &e.Domain, &e.Subject, &e.Customers); err != nil {
				ev.Close()
				return nil, err
			}
			e.Kind = access.EventKind(kind)
			out[i].Drift = append(out[i].Drift, e)
		}
		ev.Close()
		if err := ev.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ageBounds are the upper bounds of the age buckets of the open cases, in
// the order of case_counts' columns age_1d, age_7d and age_30d; the last
// bucket (age_older) has none.
var ageBounds = [...]time.Duration{24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour}

const ageBuckets = len(ageBounds) + 1

// ageBucket is the bucket of a case filed age ago: a case exactly one day
// old is in the second. A negative age (clocks apart) is in the first.
func ageBucket(age time.Duration) int {
	for i, b := range ageBounds {
		if age < b {
			return i
		}
	}
	return len(ageBounds)
}

// caseCensus is the open cases of every reseller account at one read, per
// severity (S0 to S4), each by age.
type caseCensus struct {
	ReadAt   time.Time
	Severity [5]severityCount
}

type severityCount struct {
	Open int
	Ages [ageBuckets]int
}

// maxCensusCases bounds the open cases a read counts: past it, the read
// is stored without case counts rather than list without end.
const maxCensusCases = 20000

// readCaseCensus counts the open cases of each reseller account of s, as
// the portal lists them (rules C4, C6), by severity and age at the cases
// service's clock. It lists the open cases only, a page at a time, and
// gives up past limit cases or pages.
//
// Google, through the Source: cloudsupport.cases.search.
func readCaseCensus(ctx context.Context, src Source, s *Snapshot, limit int) (*caseCensus, error) {
	cc := &caseCensus{ReadAt: s.ReadAt}
	counted, pages := 0, 0
	for _, acc := range s.Accounts {
		q := CaseQuery{Account: acc.CustomerID, Options: cases.ListOptions{Status: cases.Open}}
		for {
			if pages++; pages > limit {
				return nil, fmt.Errorf("the open cases span more than %d pages; they are not counted", limit)
			}
			p, err := src.Cases(ctx, q)
			if err != nil {
				return nil, fmt.Errorf("listing the open cases of %s: %w", acc.CustomerID, err)
			}
			now := p.Now
			if now.IsZero() {
				now = s.ReadAt
			}
			for _, c := range p.Cases {
				if !c.State.Open() || !c.Severity.Valid() {
					continue
				}
				if counted++; counted > limit {
					return nil, fmt.Errorf("there are more than %d open cases; they are not counted", limit)
				}
				sc := &cc.Severity[c.Severity-cases.S0]
				sc.Open++
				sc.Ages[ageBucket(now.Sub(c.CreateTime))]++
			}
			if p.Next == "" || p.Next == q.Token {
				break
			}
			q.Token = p.Next
		}
	}
	return cc, nil
}

// caseHistory returns the case counts of the last n reads that have them,
// oldest first.
func (h *history) caseHistory(ctx context.Context, n int) ([]caseCensus, error) {
	rows, err := h.db.QueryContext(ctx, `SELECT r.id, r.read_at, c.severity, c.open, c.age_1d, c.age_7d, c.age_30d, c.age_older
		FROM (SELECT id, read_at FROM reads WHERE id IN (SELECT read_id FROM case_counts) ORDER BY id DESC LIMIT ?) r
		JOIN case_counts c ON c.read_id = r.id
		ORDER BY r.id`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []caseCensus
	last := int64(-1)
	for rows.Next() {
		var id int64
		var at, sev string
		var sc severityCount
		if err := rows.Scan(&id, &at, &sev, &sc.Open, &sc.Ages[0], &sc.Ages[1], &sc.Ages[2], &sc.Ages[3]); err != nil {
			return nil, err
		}
		if id != last {
			t, _ := time.Parse(time.RFC3339Nano, at)
			out = append(out, caseCensus{ReadAt: t})
			last = id
		}
		if s, err := cases.ParseSeverity(sev); err == nil {
			out[len(out)-1].Severity[s-cases.S0] = sc
		}
	}
	return out, rows.Err()
}

// latestCaseCensus returns the case counts of the last read that has
// them; nil when there is none, or no history.
func (a *app) latestCaseCensus(ctx context.Context) *caseCensus {
	if a.hist == nil {
		return nil
	}
	cc, err := a.hist.caseHistory(ctx, 1)
	if err != nil {
		a.log.Error("reading the case counts of the history", "err", err)
		return nil
	}
	if len(cc) == 0 {
		return nil
	}
	return &cc[0]
}

// historyPage is the data of /history.
type historyPage struct {
	Reads []historyRow
	Limit int
	// The open cases per severity, and by age, over the last reads.
	OpenChart, AgeChart chart
}

type historyRow struct {
	historyRead
	Drift []historyEventRow
	More  int // drift events not listed
}

type historyEventRow struct {
	historyEvent
	Label string
}

// historyHandler lists the stored reads, newest first, and the drift
// events of each.
func (a *app) historyHandler(w http.ResponseWriter, r *http.Request) {
	l := langFromRequest(r)
	if a.hist == nil {
		a.fail(w, r, http.StatusNotFound, noPage(r.URL.Path))
		return
	}
	reads, err := a.hist.reads(r.Context(), historyReads, historyEvents)
	if err != nil {
		a.fail(w, r, http.StatusInternalServerError, &pageError{key: "history.error", cause: err})
		return
	}
	p := historyPage{Limit: historyReads}
	census, err := a.hist.caseHistory(r.Context(), historyReads)
	if err != nil {
		a.log.Error("reading the case counts of the history", "err", err)
	}
	p.OpenChart, p.AgeChart = historyCharts(l, census)
	for _, rd := range reads {
		row := historyRow{historyRead: rd, More: rd.Events - len(rd.Drift)}
		for _, e := range rd.Drift {
			row.Drift = append(row.Drift, historyEventRow{historyEvent: e, Label: eventLabel(l, e.Kind)})
		}
		p.Reads = append(p.Reads, row)
	}
	a.render(w, r, http.StatusOK, "history", a.newView(r, "/history", l.T("history.title"), p))
}

// eventLabel names an event kind in l, or gives the kind itself, whose
// names are stable (access.EventKind), when the catalogue lacks it.
func eventLabel(l lang, k access.EventKind) string {
	key := "history.event." + string(k)
	if _, ok := messages[key]; ok {
		return l.T(key)
	}
	return strings.ReplaceAll(string(k), "-", " ")
}
