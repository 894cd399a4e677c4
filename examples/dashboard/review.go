package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
)

// The access review: who can see which customers as of the last read
// (rules P1, D1, D2), what changed since the last signed review
// (access.Diff), the role assignments about to expire (access.Expiring,
// P4), exports in CSV and JSON, and the reviewer's sign-off, kept in the
// history database with the facts it signed and the SHA-256 of the JSON
// export, so the next review can show what changed since.

// Bounds of the review page and its sign-off form.
const (
	maxReviewer       = 100  // runes of the reviewer's name
	maxReviewNote     = 2000 // runes of the note
	maxSignOffBody    = 64 << 10
	maxReviewsListed  = 20
	maxReviewChanges  = 100
	defaultWithinDays = 30
)

// expiringWindows are the windows, in days, the expiring section offers.
var expiringWindows = []int{7, 30}

// reviewRow is one person with access to one reseller domain's customers:
// the account that is allowed (P1) and every customer the portal shows it
// (D1).
type reviewRow struct {
	PersonID, Person string
	Domain, Account  string
	reasons          []access.Reason
	Customers        []domains.Customer // by ID
}

// roleNames are the roles behind the row's access as Google names them,
// for the exports, each once.
func (r reviewRow) roleNames() []string {
	var out []string
	for _, rs := range r.reasons {
		n := rs.Grant.RoleName
		if n == "" {
			n = rs.Grant.RoleID
		}
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// through are the paths of rule P1 behind the row's access, by their
// stable names and rule IDs ("reseller-admin (P1.1)"), each once.
func (r reviewRow) through() []string {
	var out []string
	for _, rs := range r.reasons {
		s := rs.Path.String() + " (" + rs.Path.Rule() + ")"
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// roleLabels are the roles behind the row's access for people in l, each
// with its path of rule P1.
func (r reviewRow) roleLabels(l lang) []string {
	var out []string
	for _, rs := range r.reasons {
		s := roleLabel(l, rs.Grant.RoleName, rs.Grant.RoleID) + " (" + rs.Path.Rule() + ")"
		if rs.Path == access.PathSuperAdmin || rs.Grant.RoleName == "" && rs.Grant.RoleID == "" {
			s = l.T("path."+rs.Path.String()) + " (" + rs.Path.Rule() + ")"
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// reviewFacts is the review computed from one snapshot.
type reviewFacts struct {
	ReadAt  time.Time
	Rows    []reviewRow
	Pairs   int      // person × customer pairs with access
	People  int      // people who see at least one customer
	Without []string // people who see none
}

// buildReview computes who sees which customers (access.ComputeCoverage and
// access.Visible under the Cloud Support Portal profile, rule P2), in the
// order of the people and of the reseller domains, customers by ID.
func buildReview(snap *Snapshot) (*reviewFacts, error) {
	cov, err := access.ComputeCoverage(snap.Access, snap.People, pageProfile)
	if err != nil {
		return nil, err
	}
	f := &reviewFacts{ReadAt: snap.Access.ReadAt}
	if f.ReadAt.IsZero() {
		f.ReadAt = snap.ReadAt
	}
	for pi, p := range cov.People {
		name := p.Name
		if name == "" {
			name = p.ID
		}
		seen := false
		for di, c := range p.Cells {
			if !c.Allowed {
				continue
			}
			d, ok := cov.Decision(pi, di)
			if !ok {
				continue
			}
			custs := slices.Clone(access.Visible(d, cov.Customers(di)))
			if len(custs) == 0 {
				continue
			}
			slices.SortFunc(custs, func(a, b domains.Customer) int { return strings.Compare(a.ID, b.ID) })
			f.Rows = append(f.Rows, reviewRow{PersonID: p.ID, Person: name, Domain: cov.Domains[di].Name,
				Account: c.Account, reasons: d.Reasons(), Customers: custs})
			f.Pairs += len(custs)
			seen = true
		}
		if seen {
			f.People++
		} else {
			f.Without = append(f.Without, name)
		}
	}
	return f, nil
}

// The JSON export of a review; field names are stable.
type (
	reviewJSON struct {
		ReadAt  time.Time          `json:"readAt"`
		Profile access.Profile     `json:"profile"`
		People  int                `json:"people"`
		Pairs   int                `json:"pairs"`
		Access  []reviewAccessJSON `json:"access"`
	}
	reviewAccessJSON struct {
		Person         string               `json:"person"`
		PersonName     string               `json:"personName,omitempty"`
		Account        string               `json:"account"`
		ResellerDomain string               `json:"resellerDomain"`
		Roles          []string             `json:"roles"`
		Through        []string             `json:"through"`
		Customers      []reviewCustomerJSON `json:"customers"`
	}
	reviewCustomerJSON struct {
		ID     string `json:"id"`
		Domain string `json:"domain"`
	}
)

// exportJSON is the review as the JSON export serves it, byte for byte:
// the digest a sign-off records is its SHA-256.
func (f *reviewFacts) exportJSON() ([]byte, error) {
	out := reviewJSON{ReadAt: f.ReadAt.UTC(), Profile: pageProfile, People: f.People, Pairs: f.Pairs, Access: []reviewAccessJSON{}}
	for _, r := range f.Rows {
		a := reviewAccessJSON{Person: r.PersonID, Account: r.Account, ResellerDomain: r.Domain,
			Roles: r.roleNames(), Through: r.through(), Customers: make([]reviewCustomerJSON, len(r.Customers))}
		if r.Person != r.PersonID {
			a.PersonName = r.Person
		}
		if a.Roles == nil {
			a.Roles = []string{}
		}
		for i, c := range r.Customers {
			a.Customers[i] = reviewCustomerJSON{ID: c.ID, Domain: c.Domain}
		}
		out.Access = append(out.Access, a)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// digest is the SHA-256, in hex, of the JSON export.
func (f *reviewFacts) digest() (string, []byte, error) {
	b, err := f.exportJSON()
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), b, nil
}

// reviewCSVColumns are the columns of the CSV export, one row per person
// and customer they can see. Stable: scripts may rely on them.
var reviewCSVColumns = []string{"person", "account", "reseller_domain", "customer_id", "customer_domain", "role", "through"}

// csvSafe keeps a spreadsheet from reading a cell as a formula: a cell
// that starts with = + - @ (or a tab or carriage return, which some
// spreadsheets skip before one) gets a leading single quote.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeCSV writes the review with the header reviewCSVColumns, in the
// order of the JSON export; lists inside a cell are separated by "; ".
func (f *reviewFacts) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(reviewCSVColumns); err != nil {
		return err
	}
	row := make([]string, len(reviewCSVColumns))
	for _, r := range f.Rows {
		roles, through := strings.Join(r.roleNames(), "; "), strings.Join(r.through(), "; ")
		for _, c := range r.Customers {
			row[0], row[1], row[2], row[3], row[4], row[5], row[6] = r.PersonID, r.Account, r.Domain, c.ID, c.Domain, roles, through
			for i := range row {
				row[i] = csvSafe(row[i])
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// reviewRecord is one signed review, as stored.
type reviewRecord struct {
	ID               int64
	SignedAt, ReadAt time.Time
	Reviewer, Note   string
	Pairs            int
	Digest           string
}

// signReview stores a sign-off with the facts it signed
// (access.Snapshot.WriteJSON), and returns its ID.
func (h *history) signReview(ctx context.Context, rec reviewRecord, facts *access.Snapshot) (int64, error) {
	var b bytes.Buffer
	if err := facts.WriteJSON(&b); err != nil {
		return 0, err
	}
	res, err := h.db.ExecContext(ctx, `INSERT INTO reviews (signed_at, reviewer, note, read_at, pairs, digest, facts)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, rec.SignedAt.UTC().Format(time.RFC3339Nano), rec.Reviewer, rec.Note,
		rec.ReadAt.UTC().Format(time.RFC3339Nano), rec.Pairs, rec.Digest, b.Bytes())
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// listReviews returns the last n sign-offs, newest first.
func (h *history) listReviews(ctx context.Context, n int) ([]reviewRecord, error) {
	rows, err := h.db.QueryContext(ctx, `SELECT id, signed_at, reviewer, note, read_at, pairs, digest
		FROM reviews ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reviewRecord
	for rows.Next() {
		var r reviewRecord
		var signed, read string
		if err := rows.Scan(&r.ID, &signed, &r.Reviewer, &r.Note, &read, &r.Pairs, &r.Digest); err != nil {
			return nil, err
		}
		r.SignedAt, _ = time.Parse(time.RFC3339Nano, signed)
		r.ReadAt, _ = time.Parse(time.RFC3339Nano, read)
		out = append(out, r)
	}
	return out, rows.Err()
}

// lastReview returns the newest sign-off and the facts it signed; ok is
// false when there is none.
func (h *history) lastReview(ctx context.Context) (reviewRecord, *access.Snapshot, bool, error) {
	rs, err := h.listReviews(ctx, 1)
	if err != nil || len(rs) == 0 {
		return reviewRecord{}, nil, false, err
	}
	var b []byte
	if err := h.db.QueryRowContext(ctx, `SELECT facts FROM reviews WHERE id = ?`, rs[0].ID).Scan(&b); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return reviewRecord{}, nil, false, nil
		}
		return reviewRecord{}, nil, false, err
	}
	s, err := access.ReadSnapshot(bytes.NewReader(b))
	if err != nil {
		return rs[0], nil, true, err
	}
	return rs[0], s, true, nil
}

// reviewPageRow is one row of the review table.
type reviewPageRow struct {
	Person, Domain, Account string
	Roles                   []string
	Count                   int
	CustomersURL            string
}

// expiringRow is one role assignment that ends within the window (P4).
type expiringRow struct {
	Expires                       time.Time
	Person, Account, Domain, Role string
	ViaGroup                      string
	Customers                     customerList
	WhatIfURL                     string
}

// reviewPage is the data of /review.
type reviewPage struct {
	Portal        string
	Rows          []reviewPageRow
	Pairs, People int
	Without       []string
	Digest        string
	CSV, JSON     string

	Last        *reviewRecord
	LastErr     string
	Changes     []historyEventRow
	MoreChanges int

	CanSign     bool
	InMemory    bool
	Reviews     []reviewRecord
	Problem     string // why a sign-off was refused, in the page's language
	Signed      bool
	Reviewer    string
	Note        string
	MaxReviewer int
	MaxNote     int

	Within   int
	Windows  []navItem
	Expiring []expiringRow
}

// review shows the access review (rules P1, D1, D2, P4).
func (a *app) review(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	a.renderReview(w, r, snap, http.StatusOK, reviewForm{})
}

// reviewForm is what a refused sign-off sends back to the page.
type reviewForm struct {
	problem, reviewer, note string
}

// parseWithin reads ?within=, the expiring section's window in days.
func parseWithin(r *http.Request) (int, bool) {
	v := r.URL.Query().Get("within")
	if v == "" {
		return defaultWithinDays, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && slices.Contains(expiringWindows, n)
}

// reviewOf builds the review of snap and the digest of its export, or
// answers the request with the error page and reports false.
func (a *app) reviewOf(w http.ResponseWriter, r *http.Request, snap *Snapshot) (*reviewFacts, string, bool) {
	facts, err := buildReview(snap)
	if err != nil {
		a.fail(w, r, statusOf(err), err)
		return nil, "", false
	}
	digest, _, err := facts.digest()
	if err != nil {
		a.fail(w, r, http.StatusInternalServerError, err)
		return nil, "", false
	}
	return facts, digest, true
}

func (a *app) renderReview(w http.ResponseWriter, r *http.Request, snap *Snapshot, status int, form reviewForm) {
	l := langFromRequest(r)
	within, ok := parseWithin(r)
	if !ok {
		a.fail(w, r, http.StatusBadRequest, pageErr("review.err.within", windowList()))
		return
	}
	facts, digest, ok := a.reviewOf(w, r, snap)
	if !ok {
		return
	}
	var err error
	p := reviewPage{Portal: access.ProfileName(pageProfile, l.Tag), Pairs: facts.Pairs, People: facts.People, Without: facts.Without,
		Digest: digest, CSV: link("/review/export", l, "format", "csv"), JSON: link("/review/export", l, "format", "json"),
		CanSign: a.hist != nil, Problem: form.problem, Reviewer: form.reviewer, Note: form.note,
		MaxReviewer: maxReviewer, MaxNote: maxReviewNote, Within: within, Signed: r.URL.Query().Get("signed") != ""}
	for _, row := range facts.Rows {
		p.Rows = append(p.Rows, reviewPageRow{Person: row.Person, Domain: row.Domain, Account: row.Account,
			Roles: row.roleLabels(l), Count: len(row.Customers), CustomersURL: link("/customers", l, "domain", row.Domain)})
	}
	opts := &access.DriftOptions{Profile: pageProfile, People: snap.People}
	if a.hist != nil {
		p.InMemory = a.hist.path == ""
		if p.Reviews, err = a.hist.listReviews(r.Context(), maxReviewsListed); err != nil {
			a.log.Error("reading the reviews", "err", err)
			p.LastErr = l.T("review.err.history")
		}
		last, prev, found, err := a.hist.lastReview(r.Context())
		switch {
		case err != nil:
			a.log.Error("reading the last review", "err", err)
			p.LastErr = l.T("review.err.history")
		case found:
			p.Last = &last
			events, err := access.Diff(prev, snap.Access, opts)
			if err != nil {
				a.log.Error("comparing with the last review", "err", err)
				p.LastErr = l.T("review.err.history")
				break
			}
			for _, e := range events {
				if len(p.Changes) == maxReviewChanges {
					p.MoreChanges = len(events) - maxReviewChanges
					break
				}
				p.Changes = append(p.Changes, historyEventRow{historyEvent: eventRow(e), Label: eventLabel(l, e.Kind)})
			}
		}
	}
	for _, n := range expiringWindows {
		p.Windows = append(p.Windows, navItem{Label: l.T("review.within", n), URL: link("/review", l, "within", strconv.Itoa(n)), Current: n == within})
	}
	if p.Expiring, err = expiringRows(l, snap, within); err != nil {
		a.fail(w, r, statusOf(err), err)
		return
	}
	a.render(w, r, status, "review", a.newView(r, "/review", l.T("review.title"), p))
}

// expiringRows lists the role assignments that end within the window
// after the read, soonest first, with the customers each takes away
// (access.Expiring, rule P4) and the what-if of letting that time pass.
func expiringRows(l lang, snap *Snapshot, days int) ([]expiringRow, error) {
	gs, err := access.Expiring(snap.Access, time.Duration(days)*24*time.Hour,
		&access.DriftOptions{Profile: pageProfile, People: snap.People})
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, p := range snap.People {
		names[p.ID] = p.Name
	}
	byID := customersByID(snap.Access)
	readAt := snap.Access.ReadAt
	var out []expiringRow
	for _, g := range gs {
		row := expiringRow{Expires: g.ExpireTime, Person: names[g.Person], Account: g.Account, Domain: g.Domain,
			Role: roleLabel(l, g.RoleName, g.RoleID), ViaGroup: g.ViaGroup, Customers: boundedCustomers(l, g.Customers, byID)}
		if row.Person == "" {
			row.Person = g.Person
		}
		if row.Person == "" {
			row.Person = g.Account
		}
		// Letting the days until the expiry pass shows its effect.
		d := int((g.ExpireTime.Sub(readAt) + 24*time.Hour - 1) / (24 * time.Hour))
		row.WhatIfURL = link("/whatif", l, paramDays, strconv.Itoa(max(d, 1)))
		out = append(out, row)
	}
	return out, nil
}

// reviewExport serves the review as a CSV or JSON attachment.
func (a *app) reviewExport(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	format := r.URL.Query().Get("format")
	if format != "csv" && format != "json" {
		a.fail(w, r, http.StatusBadRequest, pageErr("review.err.format"))
		return
	}
	facts, err := buildReview(snap)
	if err != nil {
		a.fail(w, r, statusOf(err), err)
		return
	}
	var b bytes.Buffer
	ctype := "application/json"
	if format == "csv" {
		ctype = "text/csv; charset=utf-8"
		err = facts.writeCSV(&b)
	} else {
		var j []byte
		j, err = facts.exportJSON()
		b.Write(j)
	}
	if err != nil {
		a.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	name := "access-review-" + facts.ReadAt.UTC().Format("20060102-1504") + "." + format
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(b.Bytes())
}

// reviewSignOff records the reviewer's sign-off of the review they saw:
// the form carries the digest of that review's export, and a sign-off is
// refused when the data read since differs (a refresh in between), so
// nobody signs what they did not see.
func (a *app) reviewSignOff(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	l := langFromRequest(r)
	// The page shown after a refused sign-off is the review page, with
	// its links (language, "Read again") back to /review.
	vr := r.Clone(r.Context())
	vr.URL.Path, vr.URL.RawPath = "/review", ""
	r.Body = http.MaxBytesReader(w, r.Body, maxSignOffBody)
	if err := r.ParseForm(); err != nil {
		a.renderReview(w, vr, snap, http.StatusBadRequest, reviewForm{problem: l.T("review.err.form")})
		return
	}
	reviewer := strings.TrimSpace(r.PostForm.Get("reviewer"))
	note := strings.TrimSpace(r.PostForm.Get("note"))
	form := reviewForm{reviewer: reviewer, note: note}
	status := http.StatusBadRequest
	switch {
	case a.hist == nil:
		form.problem, status = l.T("review.err.nodb"), http.StatusConflict
	case reviewer == "":
		form.problem = l.T("review.err.reviewer")
	case !utf8.ValidString(reviewer) || utf8.RuneCountInString(reviewer) > maxReviewer || strings.ContainsFunc(reviewer, isControl):
		form.problem = l.T("review.err.reviewerlong", maxReviewer)
	case !utf8.ValidString(note) || utf8.RuneCountInString(note) > maxReviewNote:
		form.problem = l.T("review.err.note", maxReviewNote)
	}
	if form.problem != "" {
		a.renderReview(w, vr, snap, status, form)
		return
	}
	facts, digest, ok := a.reviewOf(w, r, snap)
	if !ok {
		return
	}
	if r.PostForm.Get("digest") != digest {
		form.problem = l.T("review.err.changed")
		a.renderReview(w, vr, snap, http.StatusConflict, form)
		return
	}
	rec := reviewRecord{SignedAt: time.Now().UTC(), Reviewer: reviewer, Note: note, ReadAt: facts.ReadAt, Pairs: facts.Pairs, Digest: digest}
	if _, err := a.hist.signReview(context.WithoutCancel(r.Context()), rec, snap.Access); err != nil {
		a.log.Error("storing a sign-off", "err", err)
		a.fail(w, r, http.StatusInternalServerError, pageErr("review.err.store"))
		return
	}
	a.log.Info("access review signed", "reviewer", reviewer, "pairs", facts.Pairs, "digest", digest)
	http.Redirect(w, r, link("/review", l, "signed", "1"), http.StatusSeeOther)
}

// windowList is the expiring windows for a message: "7, 30".
func windowList() string {
	var out []string
	for _, n := range expiringWindows {
		out = append(out, strconv.Itoa(n))
	}
	return strings.Join(out, ", ")
}

// isControl reports a control character, which a name has no use for.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

func init() {
	registerMessages(map[string][6]string{
		"nav.review":   {"Access review", "Revue des accès", "Åtkomstgranskning", "アクセス レビュー", "Tinjauan akses", "Revisione degli accessi"},
		"review.title": {"Access review", "Revue des accès", "Åtkomstgranskning", "アクセス レビュー", "Tinjauan akses", "Revisione degli accessi"},
		"review.intro": {
			"Who can see which customers in the %s, as of the read above: one row per person and reseller domain where their account is allowed (P1). The portal shows such an account every customer of its domain (D1).",
			"Qui peut voir quels clients dans le %s, à la date de la lecture ci-dessus : une ligne par personne et domaine revendeur où son compte est autorisé (P1). Le portail montre à un tel compte tous les clients de son domaine (D1).",
			"Vem som kan se vilka kunder i %s, enligt läsningen ovan: en rad per person och återförsäljardomän där personens konto är tillåtet (P1). Portalen visar ett sådant konto alla kunder på dess domän (D1).",
			"上記の読み込み時点で、%s で誰がどの顧客を表示できるか。アカウントが許可されている担当者と販売パートナー ドメインごとに 1 行です (P1)。ポータルはそのアカウントに、ドメインのすべての顧客を表示します (D1)。",
			"Siapa yang dapat melihat pelanggan mana di %s, per pembacaan di atas: satu baris per orang dan domain reseller tempat akunnya diizinkan (P1). Portal menampilkan semua pelanggan domain tersebut kepada akun itu (D1).",
			"Chi può vedere quali clienti nel %s, alla lettura indicata sopra: una riga per persona e dominio rivenditore in cui il suo account è consentito (P1). Il portale mostra a tale account tutti i clienti del suo dominio (D1).",
		},
		"review.who":     {"Who sees which customers", "Qui voit quels clients", "Vem ser vilka kunder", "誰がどの顧客を表示できるか", "Siapa melihat pelanggan mana", "Chi vede quali clienti"},
		"review.people":  {"People with access", "Personnes ayant accès", "Personer med åtkomst", "アクセスできる担当者", "Orang dengan akses", "Persone con accesso"},
		"review.pairs":   {"Customer accesses (person × customer)", "Accès à des clients (personne × client)", "Kundåtkomster (person × kund)", "顧客アクセス (担当者 × 顧客)", "Akses pelanggan (orang × pelanggan)", "Accessi ai clienti (persona × cliente)"},
		"review.without": {"People who see no customer:", "Personnes qui ne voient aucun client :", "Personer som inte ser någon kund:", "顧客を表示できない担当者:", "Orang yang tidak melihat pelanggan mana pun:", "Persone che non vedono alcun cliente:"},
		"review.through": {"Through", "Par", "Genom", "経由", "Melalui", "Tramite"},
		"review.export":  {"Export this review:", "Exporter cette revue :", "Exportera granskningen:", "このレビューをエクスポート:", "Ekspor tinjauan ini:", "Esporta questa revisione:"},
		"review.csv":     {"CSV file", "fichier CSV", "CSV-fil", "CSV ファイル", "berkas CSV", "file CSV"},
		"review.json":    {"JSON file", "fichier JSON", "JSON-fil", "JSON ファイル", "berkas JSON", "file JSON"},
		"review.digest":  {"SHA-256 of the JSON export:", "SHA-256 de l'export JSON :", "SHA-256 för JSON-exporten:", "JSON エクスポートの SHA-256:", "SHA-256 dari ekspor JSON:", "SHA-256 dell'esportazione JSON:"},
		"review.since":   {"Changes since the last review", "Changements depuis la dernière revue", "Ändringar sedan förra granskningen", "前回のレビュー以降の変更", "Perubahan sejak tinjauan terakhir", "Modifiche dall'ultima revisione"},
		"review.lastby": {
			"The last review was signed by %s on %s, for the data read at %s.",
			"La dernière revue a été signée par %s le %s, pour les données lues le %s.",
			"Den senaste granskningen signerades av %s %s, för data lästa %s.",
			"前回のレビューは %s が %s に署名しました (データの読み込み: %s)。",
			"Tinjauan terakhir ditandatangani oleh %s pada %s, untuk data yang dibaca pada %s.",
			"L'ultima revisione è stata firmata da %s il %s, per i dati letti il %s.",
		},
		"review.nochange": {"Nothing changed since that review.", "Rien n'a changé depuis cette revue.", "Inget har ändrats sedan den granskningen.", "そのレビュー以降、変更はありません。", "Tidak ada yang berubah sejak tinjauan itu.", "Nulla è cambiato da quella revisione."},
		"review.first": {
			"No review signed yet: once one is, the next review shows what changed since.",
			"Aucune revue signée pour l'instant : une fois la première signée, la suivante montrera ce qui a changé depuis.",
			"Ingen granskning är signerad än: när en har signerats visar nästa vad som ändrats sedan dess.",
			"まだ署名されたレビューはありません。署名すると、次のレビューでそれ以降の変更が表示されます。",
			"Belum ada tinjauan yang ditandatangani: setelah ada, tinjauan berikutnya menampilkan apa yang berubah sejak itu.",
			"Nessuna revisione ancora firmata: una volta firmata, la successiva mostrerà cosa è cambiato da allora.",
		},
		"review.signoff": {"Sign-off", "Signature", "Signering", "署名", "Persetujuan", "Firma"},
		"review.signintro": {
			"Signing records your name, the time, and the exact review shown on this page (its digest above), so the next review shows what changed since.",
			"Signer enregistre votre nom, l'heure et la revue exacte affichée sur cette page (son empreinte ci-dessus), afin que la prochaine revue montre ce qui a changé depuis.",
			"Signeringen sparar ditt namn, tiden och exakt den granskning som visas på sidan (dess kontrollsumma ovan), så att nästa granskning visar vad som ändrats sedan dess.",
			"署名すると、名前、日時、このページに表示されたレビューそのもの (上のダイジェスト) が記録され、次のレビューでそれ以降の変更が表示されます。",
			"Menandatangani mencatat nama Anda, waktu, dan tinjauan persis yang ditampilkan di halaman ini (digest di atas), sehingga tinjauan berikutnya menampilkan apa yang berubah sejak itu.",
			"La firma registra il tuo nome, l'ora e la revisione esatta mostrata in questa pagina (la sua impronta sopra), così la prossima revisione mostrerà cosa è cambiato da allora.",
		},
		"review.reviewer": {"Your name", "Votre nom", "Ditt namn", "お名前", "Nama Anda", "Il tuo nome"},
		"review.note":     {"Note (optional)", "Note (facultative)", "Anteckning (valfri)", "メモ (任意)", "Catatan (opsional)", "Nota (facoltativa)"},
		"review.sign":     {"Sign off this review", "Signer cette revue", "Signera granskningen", "このレビューに署名", "Tandatangani tinjauan ini", "Firma questa revisione"},
		"review.signed":   {"The review is signed.", "La revue est signée.", "Granskningen är signerad.", "レビューに署名しました。", "Tinjauan telah ditandatangani.", "La revisione è firmata."},
		"review.nodb": {
			"Sign-off needs a history database: start the dashboard with -db PATH.",
			"La signature demande une base d'historique : lancez le tableau de bord avec -db CHEMIN.",
			"Signering kräver en historikdatabas: starta panelen med -db SÖKVÄG.",
			"署名には履歴データベースが必要です。-db パス を指定してダッシュボードを起動してください。",
			"Persetujuan memerlukan basis data riwayat: jalankan dasbor dengan -db JALUR.",
			"La firma richiede un database della cronologia: avvia la dashboard con -db PERCORSO.",
		},
		"review.inmemory": {
			"Sign-offs are kept in memory and lost when the dashboard stops; start it with -db PATH to keep them.",
			"Les signatures sont gardées en mémoire et perdues à l'arrêt du tableau de bord ; lancez-le avec -db CHEMIN pour les conserver.",
			"Signeringar sparas i minnet och försvinner när panelen stoppas; starta den med -db SÖKVÄG för att behålla dem.",
			"署名はメモリに保存され、ダッシュボードを停止すると失われます。保持するには -db パス を指定して起動してください。",
			"Persetujuan disimpan di memori dan hilang saat dasbor berhenti; jalankan dengan -db JALUR untuk menyimpannya.",
			"Le firme sono tenute in memoria e si perdono quando la dashboard si ferma; avviala con -db PERCORSO per conservarle.",
		},
		"review.past":      {"Past sign-offs", "Signatures précédentes", "Tidigare signeringar", "過去の署名", "Persetujuan sebelumnya", "Firme precedenti"},
		"review.signedat":  {"Signed", "Signée", "Signerad", "署名日時", "Ditandatangani", "Firmata"},
		"review.readat":    {"Data read", "Données lues", "Data lästa", "データ読み込み", "Data dibaca", "Dati letti"},
		"review.by":        {"Reviewer", "Relecteur", "Granskare", "レビュー担当者", "Peninjau", "Revisore"},
		"review.notecol":   {"Note", "Note", "Anteckning", "メモ", "Catatan", "Nota"},
		"review.digestcol": {"Digest (SHA-256)", "Empreinte (SHA-256)", "Kontrollsumma (SHA-256)", "ダイジェスト (SHA-256)", "Digest (SHA-256)", "Impronta (SHA-256)"},
		"review.nopast":    {"No sign-off yet.", "Aucune signature pour l'instant.", "Ingen signering än.", "まだ署名はありません。", "Belum ada persetujuan.", "Nessuna firma finora."},
		"review.expiring":  {"Expiring access", "Accès qui expirent", "Åtkomst som upphör", "期限切れになるアクセス", "Akses yang akan berakhir", "Accessi in scadenza"},
		"review.expiringintro": {
			"Role assignments that end in the next %d days (P4), soonest first, and the customers each person would lose then.",
			"Attributions de rôle qui prennent fin dans les %d prochains jours (P4), les plus proches d'abord, et les clients que chaque personne perdrait alors.",
			"Rolltilldelningar som upphör inom %d dagar (P4), de närmaste först, och de kunder varje person då skulle förlora.",
			"今後 %d 日以内に終了する役割の割り当て (P4) を近い順に示し、そのとき各担当者が失う顧客を示します。",
			"Penetapan peran yang berakhir dalam %d hari ke depan (P4), yang terdekat lebih dulu, dan pelanggan yang akan hilang dari setiap orang saat itu.",
			"Assegnazioni di ruolo che terminano nei prossimi %d giorni (P4), dalle più vicine, e i clienti che ogni persona perderebbe allora.",
		},
		"review.within":     {"next %d days", "%d prochains jours", "närmaste %d dagarna", "今後 %d 日", "%d hari ke depan", "prossimi %d giorni"},
		"review.expires":    {"Ends", "Fin", "Upphör", "終了日時", "Berakhir", "Termina"},
		"review.role":       {"Role", "Rôle", "Roll", "役割", "Peran", "Ruolo"},
		"review.lose":       {"Customers lost then", "Clients perdus alors", "Kunder som då förloras", "そのとき失う顧客", "Pelanggan yang hilang saat itu", "Clienti persi allora"},
		"review.whatif":     {"what if", "et si", "tänk om", "もしも", "bagaimana jika", "e se"},
		"review.via":        {"through group %s", "par le groupe %s", "genom gruppen %s", "グループ %s 経由", "melalui grup %s", "tramite il gruppo %s"},
		"review.keeps":      {"none: another grant keeps their access", "aucun : une autre attribution maintient l'accès", "inga: en annan tilldelning behåller åtkomsten", "なし: 別の付与でアクセスが維持されます", "tidak ada: pemberian lain mempertahankan aksesnya", "nessuno: un'altra concessione mantiene l'accesso"},
		"review.noexpiring": {"No role assignment ends in the next %d days.", "Aucune attribution de rôle ne prend fin dans les %d prochains jours.", "Ingen rolltilldelning upphör inom %d dagar.", "今後 %d 日以内に終了する役割の割り当てはありません。", "Tidak ada penetapan peran yang berakhir dalam %d hari ke depan.", "Nessuna assegnazione di ruolo termina nei prossimi %d giorni."},

		"review.err.within": {
			"Choose the window of expiring access among %s days.",
			"Choisissez la période des accès qui expirent parmi %s jours.",
			"Välj fönstret för åtkomst som upphör bland %s dagar.",
			"期限切れになるアクセスの期間は %s 日から選んでください。",
			"Pilih rentang akses yang akan berakhir di antara %s hari.",
			"Scegli il periodo degli accessi in scadenza tra %s giorni.",
		},
		"review.err.format": {
			"Choose the export format: csv or json.",
			"Choisissez le format d'export : csv ou json.",
			"Välj exportformat: csv eller json.",
			"エクスポート形式 (csv または json) を選んでください。",
			"Pilih format ekspor: csv atau json.",
			"Scegli il formato di esportazione: csv o json.",
		},
		"review.err.form": {
			"The sign-off form could not be read; reload the review and sign again.",
			"Le formulaire de signature n'a pas pu être lu ; rechargez la revue et signez à nouveau.",
			"Signeringsformuläret kunde inte läsas; ladda om granskningen och signera igen.",
			"署名フォームを読み込めませんでした。レビューを再読み込みして、もう一度署名してください。",
			"Formulir persetujuan tidak dapat dibaca; muat ulang tinjauan dan tandatangani lagi.",
			"Il modulo di firma non è stato letto; ricarica la revisione e firma di nuovo.",
		},
		"review.err.nodb": {
			"This dashboard keeps no history database, so a sign-off cannot be recorded: start it with -db PATH.",
			"Ce tableau de bord n'a pas de base d'historique : la signature ne peut pas être enregistrée. Lancez-le avec -db CHEMIN.",
			"Panelen har ingen historikdatabas, så signeringen kan inte sparas: starta den med -db SÖKVÄG.",
			"このダッシュボードには履歴データベースがないため、署名を記録できません。-db パス を指定して起動してください。",
			"Dasbor ini tidak memiliki basis data riwayat, jadi persetujuan tidak dapat dicatat: jalankan dengan -db JALUR.",
			"Questa dashboard non ha un database della cronologia, quindi la firma non può essere registrata: avviala con -db PERCORSO.",
		},
		"review.err.reviewer": {
			"Give your name to sign the review.",
			"Indiquez votre nom pour signer la revue.",
			"Ange ditt namn för att signera granskningen.",
			"レビューに署名するには名前を入力してください。",
			"Isi nama Anda untuk menandatangani tinjauan.",
			"Indica il tuo nome per firmare la revisione.",
		},
		"review.err.reviewerlong": {
			"The name must be at most %d characters, without control characters.",
			"Le nom doit compter au plus %d caractères, sans caractère de contrôle.",
			"Namnet får vara högst %d tecken, utan styrtecken.",
			"名前は制御文字を含まない %d 文字以内にしてください。",
			"Nama paling banyak %d karakter, tanpa karakter kontrol.",
			"Il nome deve avere al massimo %d caratteri, senza caratteri di controllo.",
		},
		"review.err.note": {
			"The note must be at most %d characters.",
			"La note doit compter au plus %d caractères.",
			"Anteckningen får vara högst %d tecken.",
			"メモは %d 文字以内にしてください。",
			"Catatan paling banyak %d karakter.",
			"La nota deve avere al massimo %d caratteri.",
		},
		"review.err.changed": {
			"The data was read again after this review was shown, so it is not what you reviewed. Review the data below again, then sign.",
			"Les données ont été relues après l'affichage de cette revue : ce n'est plus ce que vous avez relu. Relisez les données ci-dessous, puis signez.",
			"Data lästes om efter att granskningen visades, så det är inte det du granskade. Granska data nedan igen och signera sedan.",
			"このレビューの表示後にデータが再読み込みされたため、確認した内容と異なります。下のデータをもう一度確認してから署名してください。",
			"Data dibaca ulang setelah tinjauan ini ditampilkan, jadi bukan yang Anda tinjau. Tinjau lagi data di bawah, lalu tandatangani.",
			"I dati sono stati riletti dopo che questa revisione è stata mostrata, quindi non sono ciò che hai revisionato. Rivedi i dati qui sotto, poi firma.",
		},
		"review.err.history": {
			"The review history could not be read; the dashboard's log has the detail.",
			"L'historique des revues n'a pas pu être lu ; le détail est dans le journal du tableau de bord.",
			"Granskningshistoriken kunde inte läsas; panelens logg har detaljerna.",
			"レビューの履歴を読み込めませんでした。詳細はダッシュボードのログにあります。",
			"Riwayat tinjauan tidak dapat dibaca; log dasbor berisi detailnya.",
			"Impossibile leggere la cronologia delle revisioni; il log della dashboard contiene i dettagli.",
		},
		"review.err.store": {
			"The sign-off could not be stored; the dashboard's log has the detail. Sign again in a moment.",
			"La signature n'a pas pu être enregistrée ; le détail est dans le journal du tableau de bord. Signez à nouveau dans un instant.",
			"Signeringen kunde inte sparas; panelens logg har detaljerna. Signera igen om en stund.",
			"署名を保存できませんでした。詳細はダッシュボードのログにあります。しばらくしてからもう一度署名してください。",
			"Persetujuan tidak dapat disimpan; log dasbor berisi detailnya. Tandatangani lagi sebentar lagi.",
			"Impossibile salvare la firma; il log della dashboard contiene i dettagli. Firma di nuovo tra un momento.",
		},
	})
}
