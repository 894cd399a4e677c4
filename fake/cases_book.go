package fake

import (
	"encoding/binary"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/resellerkit/resellerkit/cases"
)

// The World's support cases (rules C1-C12 are the cases package's; the
// World only stores). Cases are kept with two indexes by last update: one
// over every case and one per customer. Both are append-only lists sorted by
// (update time, update sequence): an update appends a new entry and leaves
// the old one stale, to be skipped and, once stale entries dominate,
// compacted away. A listing therefore walks cases newest-first from its
// cursor without sorting anything, which keeps the first page of a
// filtered listing fast over a million cases. Keyword search has an
// inverted index from words to cases; when a keyword is rare, its posting
// list is filtered and sorted instead of walking the update index.

// caseBook holds the support cases of the World. Its zero value is empty
// and ready; every method runs under the World's lock.
type caseBook struct {
	next     int64 // the last case number issued
	byID     map[string]*caseRec
	all      updateIndex
	custOrd  map[string]uint32 // customer ID -> ordinal
	byCust   []*updateIndex    // by customer ordinal
	wordIDs  map[string]uint32
	postings [][]*caseRec // word ID -> cases holding the word
	seq      uint64       // update sequence
	lag      time.Duration
	items    int64 // comments and attachments issued
}

// firstCaseNumber makes case numbers look like Google's eight-digit ones.
const firstCaseNumber = 40000000

type caseRec struct {
	c           cases.Case
	cust        uint32   // the customer's ordinal
	seq         uint64   // the sequence of the latest update
	words       []uint32 // sorted word IDs of the title, description and comments
	comments    []cases.Comment
	attachments []caseAttachment
}

type caseAttachment struct {
	meta    cases.Attachment
	content []byte
}

// ixEntry is one entry of an update index: the case's update time and
// update sequence when the entry was pushed, and a copy of the fields
// listings filter on. Every update pushes a new entry, so a live entry's
// copy is current, and a scan filters without touching the case itself.
type ixEntry struct {
	at      int64 // update time, Unix nanoseconds
	seq     uint64
	created int64 // creation time, Unix nanoseconds
	rec     *caseRec
	cust    uint32
	state   cases.State
	sev     cases.Severity
}

func (e ixEntry) live() bool { return e.rec.seq == e.seq }

func entryOf(r *caseRec) ixEntry {
	return ixEntry{at: r.c.UpdateTime.UnixNano(), seq: r.seq, created: r.c.CreateTime.UnixNano(), rec: r,
		cust: r.cust, state: r.c.State, sev: r.c.Severity}
}

func keyLess(at1 int64, seq1 uint64, at2 int64, seq2 uint64) bool {
	return at1 < at2 || (at1 == at2 && seq1 < seq2)
}

// updateIndex lists cases by (update time, sequence), ascending.
type updateIndex struct {
	e     []ixEntry
	stale int
}

func (x *updateIndex) push(rec *caseRec) {
	en := entryOf(rec)
	n := len(x.e)
	if n == 0 || keyLess(x.e[n-1].at, x.e[n-1].seq, en.at, en.seq) {
		x.e = append(x.e, en)
		return
	}
	// The clock went back (World.SetTime): insert in order.
	i := sort.Search(n, func(i int) bool { return keyLess(en.at, en.seq, x.e[i].at, x.e[i].seq) })
	x.e = slices.Insert(x.e, i, en)
}

// retire marks one entry stale and compacts when stale entries are more
// than half of the index.
func (x *updateIndex) retire() {
	x.stale++
	if x.stale > 64 && x.stale*2 > len(x.e) {
		live := x.e[:0]
		for _, en := range x.e {
			if en.live() {
				live = append(live, en)
			}
		}
		clear(x.e[len(live):])
		x.e = live
		x.stale = 0
	}
}

// cursor is the position of a listing: the key of the last case returned.
type cursor struct {
	at  int64
	seq uint64
}

func (c cursor) encode(qh uint64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(c.at))
	binary.BigEndian.PutUint64(b[8:], c.seq)
	return encodePageToken(qh, string(b[:]))
}

func decodeCursor(tok string, qh uint64) (*cursor, *APIError) {
	if tok == "" {
		return nil, nil
	}
	s, e := decodePageToken(tok, qh)
	if e != nil {
		return nil, e
	}
	if len(s) != 16 {
		return nil, errInvalid("invalid page token; it must come from the previous page of the same listing")
	}
	return &cursor{at: int64(binary.BigEndian.Uint64([]byte(s[:8]))), seq: binary.BigEndian.Uint64([]byte(s[8:]))}, nil
}

// start returns where a walk in direction desc begins after cur (nil: from
// the newest or oldest end).
func (x *updateIndex) start(cur *cursor, desc bool) int {
	n := len(x.e)
	if cur == nil {
		if desc {
			return n - 1
		}
		return 0
	}
	// First entry with key > cur.
	i := sort.Search(n, func(i int) bool { return keyLess(cur.at, cur.seq, x.e[i].at, x.e[i].seq) })
	if desc {
		// Last entry with key < cur: skip an entry equal to cur.
		j := i - 1
		if j >= 0 && x.e[j].at == cur.at && x.e[j].seq == cur.seq {
			j--
		}
		return j
	}
	return i
}

// caseQuery is a listing's filter, resolved against the book.
type caseQuery struct {
	scopes       []int32   // by customer ordinal: index into windows, or -1 when the customer is out of the listing
	windows      [][]int64 // creation windows per scope, as [start, end) pairs in Unix nanoseconds (end 0: open); empty: any time
	custs        []uint32  // the ordinals of the customers in the listing
	words        []uint32  // every one must be held
	status       cases.Status
	sevMask      uint8 // bit s set: severity s matches; 0: all
	desc         bool
	creatorEmail string // Cloud Support's creator.email; "": any
	updatedAfter int64  // Cloud Support's update_time>; 0: none
	createdUntil int64  // the listing lag: cases created after this are not listed yet (rule C11); 0: no lag
}

// match reports whether the live case of entry e matches. The cheap tests
// come first and read only the entry.
func (q *caseQuery) match(e ixEntry) bool {
	if !q.status.Matches(e.state) || (q.sevMask != 0 && q.sevMask&(1<<e.sev) == 0) {
		return false
	}
	if int(e.cust) >= len(q.scopes) || q.scopes[e.cust] < 0 {
		return false
	}
	if (q.createdUntil != 0 && e.created > q.createdUntil) || (q.updatedAfter != 0 && e.at <= q.updatedAfter) {
		return false
	}
	if w := q.windows[q.scopes[e.cust]]; len(w) > 0 {
		in := false
		for i := 0; i < len(w); i += 2 {
			if e.created >= w[i] && (w[i+1] == 0 || e.created < w[i+1]) {
				in = true
				break
			}
		}
		if !in {
			return false
		}
	}
	if !e.live() {
		return false
	}
	r := e.rec
	if q.creatorEmail != "" && r.c.Filer != q.creatorEmail {
		return false
	}
	for _, w := range q.words {
		if _, found := slices.BinarySearch(r.words, w); !found {
			return false
		}
	}
	return true
}

// rarePosting is the posting-list length under which a keyword listing
// filters and sorts the posting list rather than walking the update index.
const rarePosting = 4096

// fewScopes is the number of customers under which a listing merges their
// own indexes rather than walking the index of every case.
const fewScopes = 8

// list returns up to size matching cases after cur and whether more match.
func (b *caseBook) list(q *caseQuery, cur *cursor, size int) ([]*caseRec, bool) {
	if size <= 0 || len(q.custs) == 0 {
		return nil, false
	}
	var out []*caseRec
	want := size + 1 // one more, to know whether there is a next page
	if len(q.words) > 0 {
		shortest := b.postings[q.words[0]]
		for _, w := range q.words[1:] {
			if p := b.postings[w]; len(p) < len(shortest) {
				shortest = p
			}
		}
		if len(shortest) <= rarePosting {
			out = b.listPosting(q, shortest, cur, want)
			return trim(out, size)
		}
	}
	if len(q.custs) <= fewScopes {
		out = b.listMerged(q, cur, want)
	} else {
		out = walk(&b.all, q, cur, want, nil)
	}
	return trim(out, size)
}

func trim(out []*caseRec, size int) ([]*caseRec, bool) {
	if len(out) > size {
		return out[:size], true
	}
	return out, false
}

// walk appends to out the matching live cases of x after cur, until out
// holds want.
func walk(x *updateIndex, q *caseQuery, cur *cursor, want int, out []*caseRec) []*caseRec {
	if q.desc {
		for i := x.start(cur, true); i >= 0 && len(out) < want; i-- {
			if en := x.e[i]; q.match(en) {
				out = append(out, en.rec)
			}
		}
		return out
	}
	for i := x.start(cur, false); i < len(x.e) && len(out) < want; i++ {
		if en := x.e[i]; q.match(en) {
			out = append(out, en.rec)
		}
	}
	return out
}

// listMerged merges the per-customer indexes of the query's few customers.
func (b *caseBook) listMerged(q *caseQuery, cur *cursor, want int) []*caseRec {
	type head struct {
		x *updateIndex
		i int
	}
	heads := make([]head, 0, len(q.custs))
	for _, ord := range q.custs {
		if x := b.byCust[ord]; len(x.e) > 0 {
			heads = append(heads, head{x, x.start(cur, q.desc)})
		}
	}
	var out []*caseRec
	for len(out) < want {
		best := -1
		for k := range heads {
			h := &heads[k]
			// Skip stale entries and those that do not match.
			for h.i >= 0 && h.i < len(h.x.e) && !q.match(h.x.e[h.i]) {
				if q.desc {
					h.i--
				} else {
					h.i++
				}
			}
			if h.i < 0 || h.i >= len(h.x.e) {
				continue
			}
			if best < 0 {
				best = k
				continue
			}
			e, be := h.x.e[h.i], heads[best].x.e[heads[best].i]
			if q.desc == keyLess(be.at, be.seq, e.at, e.seq) {
				best = k
			}
		}
		if best < 0 {
			break
		}
		h := &heads[best]
		out = append(out, h.x.e[h.i].rec)
		if q.desc {
			h.i--
		} else {
			h.i++
		}
	}
	return out
}

// listPosting filters a short posting list and sorts it by update.
func (b *caseBook) listPosting(q *caseQuery, posting []*caseRec, cur *cursor, want int) []*caseRec {
	var hits []*caseRec
	for _, r := range posting {
		if !q.match(entryOf(r)) {
			continue
		}
		if cur != nil {
			at := r.c.UpdateTime.UnixNano()
			if q.desc && !keyLess(at, r.seq, cur.at, cur.seq) || !q.desc && !keyLess(cur.at, cur.seq, at, r.seq) {
				continue
			}
		}
		hits = append(hits, r)
	}
	slices.SortFunc(hits, func(x, y *caseRec) int {
		xa, ya := x.c.UpdateTime.UnixNano(), y.c.UpdateTime.UnixNano()
		switch {
		case xa == ya && x.seq == y.seq:
			return 0
		case keyLess(xa, x.seq, ya, y.seq) != q.desc:
			return -1
		}
		return 1
	})
	// A case whose words were rebuilt (a new title) may sit twice in a
	// posting list; its entries are adjacent once sorted.
	hits = slices.Compact(hits)
	return hits[:min(len(hits), want)]
}

func (r *caseRec) cursor() cursor { return cursor{at: r.c.UpdateTime.UnixNano(), seq: r.seq} }

// resolveScopes turns a listing's scopes into the query's per-ordinal
// table. Customers with no case yet have no ordinal and are left out.
func (b *caseBook) resolveScopes(q *caseQuery, scopes []cases.Scope) {
	q.scopes = make([]int32, len(b.byCust))
	for i := range q.scopes {
		q.scopes[i] = -1
	}
	for _, sc := range scopes {
		ord, ok := b.custOrd[sc.CustomerID]
		if !ok || q.scopes[ord] >= 0 {
			continue
		}
		var w []int64
		for _, p := range sc.Filed {
			var end int64
			if !p.End.IsZero() {
				end = nanos(p.End)
			}
			w = append(w, nanos(p.Start), end)
		}
		q.scopes[ord] = int32(len(q.windows))
		q.windows = append(q.windows, w)
		q.custs = append(q.custs, ord)
	}
}

// nanos is t in Unix nanoseconds, clamped to what int64 holds (the years
// 1678 to 2262), so a zero Start means "from the beginning".
func nanos(t time.Time) int64 {
	switch {
	case t.Before(minNanos):
		return math.MinInt64
	case t.After(maxNanos):
		return math.MaxInt64
	}
	return t.UnixNano()
}

var (
	minNanos = time.Unix(0, math.MinInt64)
	maxNanos = time.Unix(0, math.MaxInt64)
)

// wordID interns a word.
func (b *caseBook) wordID(w string) uint32 {
	if id, ok := b.wordIDs[w]; ok {
		return id
	}
	if b.wordIDs == nil {
		b.wordIDs = map[string]uint32{}
	}
	id := uint32(len(b.postings))
	b.wordIDs[w] = id
	b.postings = append(b.postings, nil)
	return id
}

// resolveWords returns the IDs of the keyword's words, and false when one
// of them is in no case (so nothing can match).
func (b *caseBook) resolveWords(keyword string) ([]uint32, bool) {
	var ids []uint32
	for _, w := range cases.Words(keyword) {
		id, ok := b.wordIDs[w]
		if !ok {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

// index adds the words of texts to r and to the posting lists.
func (b *caseBook) index(r *caseRec, texts ...string) {
	for _, t := range texts {
		for _, w := range cases.Words(t) {
			id := b.wordID(w)
			if i, found := slices.BinarySearch(r.words, id); !found {
				r.words = slices.Insert(r.words, i, id)
				b.postings[id] = append(b.postings[id], r)
			}
		}
	}
}

// reindex rebuilds r's words after its title changed. The posting lists
// keep r under words it lost (match consults r.words) and may list it
// twice (listPosting compacts).
func (b *caseBook) reindex(r *caseRec) {
	r.words = r.words[:0]
	b.index(r, r.c.Title, r.c.Description)
	for _, cm := range r.comments {
		b.index(r, cm.Body)
	}
}

// touch records an update of r at now: a new sequence and new index
// entries, the old ones going stale.
func (b *caseBook) touch(r *caseRec, now time.Time, fresh bool) {
	b.seq++
	r.seq = b.seq
	r.c.UpdateTime = now
	if !fresh {
		b.all.retire()
		b.byCust[r.cust].retire()
	}
	b.all.push(r)
	b.byCust[r.cust].push(r)
}

// insert stores a new case at now; c has been validated.
func (b *caseBook) insert(c cases.Case, now time.Time) *caseRec {
	if b.byID == nil {
		b.byID = map[string]*caseRec{}
		b.custOrd = map[string]uint32{}
	}
	ord, ok := b.custOrd[c.CustomerID]
	if !ok {
		ord = uint32(len(b.byCust))
		b.custOrd[c.CustomerID] = ord
		b.byCust = append(b.byCust, &updateIndex{})
	}
	b.next++
	c.ID = strconv.FormatInt(firstCaseNumber+b.next, 10)
	c.State = cases.StateNew
	c.CreateTime = now
	c.Escalated = false
	c.ClosedTime = time.Time{}
	c.SharedWith = slices.Clone(c.SharedWith)
	r := &caseRec{c: c, cust: ord}
	b.byID[c.ID] = r
	b.index(r, c.Title, c.Description)
	b.touch(r, now, true)
	return r
}

func (b *caseBook) get(id string) (*caseRec, *APIError) {
	if r, ok := b.byID[id]; ok {
		return r, nil
	}
	return nil, caseNotFound(id)
}

func caseNotFound(id string) *APIError {
	return &APIError{Code: 404, Reason: "notFound", Message: "Case " + strconv.Quote(id) + " was not found."}
}

// snapshot returns a copy of the case that shares nothing mutable.
func (r *caseRec) snapshot() cases.Case {
	c := r.c
	c.SharedWith = slices.Clone(c.SharedWith)
	return c
}

// sniff guesses a content type as Cloud Support does for an upload that
// declares none.
func sniff(content []byte) string { return http.DetectContentType(content) }

func (b *caseBook) nextItemID() string {
	b.items++
	return strconv.FormatInt(b.items, 10)
}

// ---- World operations on cases, shared by the direct store and the
// Server. Each takes the World's lock. ----

// caseCreate stores a new case for a customer of the World. A lost answer
// ([Fault.AfterApply]) leaves the case filed.
func (w *World) caseCreate(c cases.Case) (cases.Case, *APIError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t := w.tenantByKey(c.CustomerID)
	if t == nil || t.cust == nil {
		return cases.Case{}, errNotFound("customer " + c.CustomerID)
	}
	c.CustomerID = t.id
	if c.Title == "" || c.Description == "" || (c.Category.ID == "" && c.Category.Name == "") || !c.Severity.Valid() {
		return cases.Case{}, errInvalid("a case needs a display name, a description, a classification and a priority")
	}
	r := w.cases.insert(c, w.now)
	if e := w.answerLost("cloudsupport.cases.create"); e != nil {
		return cases.Case{}, e
	}
	return r.snapshot(), nil
}

func (w *World) caseGet(id string) (cases.Case, *APIError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, e := w.cases.get(id)
	if e != nil {
		return cases.Case{}, e
	}
	return r.snapshot(), nil
}

// caseUpdate applies change to a case and records the update. method is
// the Cloud Support method ID of the write, whose lost-answer faults
// ([Fault.AfterApply]) fire once the change is applied, under the same
// lock, so that they hit the Server and [World.CaseStore] alike; "" (a
// World control, or a write Cloud Support does not have) loses no answer.
func (w *World) caseUpdate(id, method string, change func(r *caseRec) *APIError) (cases.Case, *APIError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, e := w.cases.get(id)
	if e != nil {
		return cases.Case{}, e
	}
	if e := change(r); e != nil {
		return cases.Case{}, e
	}
	w.cases.touch(r, w.now, false)
	if method != "" {
		if e := w.answerLost(method); e != nil {
			return cases.Case{}, e
		}
	}
	return r.snapshot(), nil
}

func (w *World) caseSetSeverity(id string, s cases.Severity) (cases.Case, *APIError) {
	if !s.Valid() {
		return cases.Case{}, errInvalid("priority must be P0 to P4")
	}
	return w.caseUpdate(id, "cloudsupport.cases.patch", func(r *caseRec) *APIError {
		r.c.Severity = s
		return nil
	})
}

func (w *World) caseSetSharing(id string, addrs []string) (cases.Case, *APIError) {
	return w.caseUpdate(id, "cloudsupport.cases.patch", func(r *caseRec) *APIError {
		r.c.SharedWith = slices.Clone(addrs)
		return nil
	})
}

func (w *World) caseClose(id string) (cases.Case, *APIError) {
	return w.caseUpdate(id, "cloudsupport.cases.close", func(r *caseRec) *APIError {
		if r.c.State == cases.StateClosed {
			return errConditionNotMet("case %s is already closed", id)
		}
		r.c.State = cases.StateClosed
		r.c.ClosedTime = w.now
		return nil
	})
}

// caseReopen puts a closed case back in progress. The reopen window is the
// cases package's rule (C9); the World only records. Cloud Support has no
// reopen method, so no answer of it is lost.
func (w *World) caseReopen(id string) (cases.Case, *APIError) {
	return w.caseUpdate(id, "", func(r *caseRec) *APIError {
		if r.c.State != cases.StateClosed {
			return errConditionNotMet("case %s is not closed", id)
		}
		r.c.State = cases.StateInProgress
		return nil
	})
}

func (w *World) caseEscalate(id string) (cases.Case, *APIError) {
	return w.caseUpdate(id, "cloudsupport.cases.escalate", func(r *caseRec) *APIError {
		switch {
		case r.c.State == cases.StateClosed:
			return errConditionNotMet("case %s is closed and cannot be escalated", id)
		case r.c.Escalated:
			return errConditionNotMet("case %s is already escalated", id)
		}
		r.c.Escalated = true
		return nil
	})
}

func (w *World) caseAddComment(id, author, body string) (cases.Comment, *APIError) {
	if body == "" {
		return cases.Comment{}, errRequired("body")
	}
	var cm cases.Comment
	if _, e := w.caseUpdate(id, "cloudsupport.cases.comments.create", func(r *caseRec) *APIError {
		cm = cases.Comment{ID: w.cases.nextItemID(), Body: body, Author: author, CreateTime: w.now}
		r.comments = append(r.comments, cm)
		w.cases.index(r, body)
		return nil
	}); e != nil {
		return cases.Comment{}, e
	}
	return cm, nil
}

func (w *World) caseAddAttachment(id, creator string, a cases.NewAttachment) (cases.Attachment, *APIError) {
	if a.Name == "" {
		return cases.Attachment{}, errRequired("attachment.filename")
	}
	var at cases.Attachment
	if _, e := w.caseUpdate(id, "cloudsupport.media.upload", func(r *caseRec) *APIError {
		ct := a.ContentType
		if ct == "" {
			ct = sniff(a.Content)
		}
		at = cases.Attachment{ID: w.cases.nextItemID(), Name: a.Name, ContentType: ct,
			Size: int64(len(a.Content)), CreateTime: w.now, Creator: creator}
		r.attachments = append(r.attachments, caseAttachment{meta: at, content: slices.Clone(a.Content)})
		return nil
	}); e != nil {
		return cases.Attachment{}, e
	}
	return at, nil
}

// caseItems returns one page of a case's comments or attachments, oldest
// first; the page token is the index of the next item.
func caseItems[T any](w *World, id, token string, size int, items func(r *caseRec) []T) ([]T, string, *APIError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, e := w.cases.get(id)
	if e != nil {
		return nil, "", e
	}
	all := items(r)
	start := 0
	qh := queryHash("case items", id)
	if token != "" {
		s, e := decodePageToken(token, qh)
		if e != nil {
			return nil, "", e
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > len(all) {
			return nil, "", errInvalid("invalid page token")
		}
		start = n
	}
	if size <= 0 {
		size = 10
	}
	if w.pageCap > 0 && size > w.pageCap {
		size = w.pageCap
	}
	end := min(start+size, len(all))
	next := ""
	if end < len(all) {
		next = encodePageToken(qh, strconv.Itoa(end))
	}
	return slices.Clone(all[start:end]), next, nil
}

func (w *World) caseComments(id, token string, size int) ([]cases.Comment, string, *APIError) {
	return caseItems(w, id, token, size, func(r *caseRec) []cases.Comment { return r.comments })
}

func (w *World) caseAttachments(id, token string, size int) ([]cases.Attachment, string, *APIError) {
	return caseItems(w, id, token, size, func(r *caseRec) []cases.Attachment {
		out := make([]cases.Attachment, len(r.attachments))
		for i, a := range r.attachments {
			out[i] = a.meta
		}
		return out
	})
}

// caseListing is a listing request in the book's terms.
type caseListing struct {
	scopes       []cases.Scope
	keyword      string
	status       cases.Status
	severities   []cases.Severity
	desc         bool
	creatorEmail string
	updatedAfter time.Time
	token        string
	size         int
}

// caseList returns one page of matching cases and the next page token.
func (w *World) caseList(l caseListing) ([]cases.Case, string, *APIError) {
	qh := queryHash("cases", l.keyword, l.status.String(), strconv.FormatBool(l.desc), l.creatorEmail,
		strconv.FormatInt(l.updatedAfter.UnixNano(), 10), strconv.Itoa(len(l.scopes)))
	cur, e := decodeCursor(l.token, qh)
	if e != nil {
		return nil, "", e
	}
	size := l.size
	if w.pageCap > 0 && size > w.pageCap {
		size = w.pageCap
	}
	q := caseQuery{status: l.status, desc: l.desc, creatorEmail: l.creatorEmail}
	for _, s := range l.severities {
		q.sevMask |= 1 << s
	}
	if !l.updatedAfter.IsZero() {
		q.updatedAfter = l.updatedAfter.UnixNano()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cases.resolveScopes(&q, l.scopes)
	if w.cases.lag > 0 {
		q.createdUntil = w.now.Add(-w.cases.lag).UnixNano()
	}
	words, ok := w.cases.resolveWords(l.keyword)
	if !ok {
		return nil, "", nil
	}
	q.words = words
	recs, more := w.cases.list(&q, cur, size)
	out := make([]cases.Case, len(recs))
	for i, r := range recs {
		out[i] = r.snapshot()
	}
	next := ""
	if more && len(recs) > 0 {
		next = recs[len(recs)-1].cursor().encode(qh)
	}
	return out, next, nil
}

// ---- exported controls ----

// SetCaseListingLag makes newly filed cases stay out of listings for d
// after they are filed, on the World's clock, as the portal's listings lag
// (rule C11); getting a case by ID sees it at once. 0 (the default) lists
// cases at once.
func (w *World) SetCaseListingLag(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cases.lag = max(d, 0)
}

// SetCaseState moves a case to state, as Google support does while working
// on it (new, in progress, action required, solution provided). Closing
// goes through the cases API.
func (w *World) SetCaseState(id string, state cases.State) error {
	if state < cases.StateNew || state >= cases.StateClosed {
		return errInvalid("SetCaseState: state %v is not an open state; close cases through the cases API", state).GoogleError()
	}
	_, e := w.caseUpdate(id, "", func(r *caseRec) *APIError {
		if r.c.State == cases.StateClosed {
			return errConditionNotMet("case %s is closed", id)
		}
		r.c.State = state
		return nil
	})
	return e.Err()
}

// CaseCount returns the number of cases in the World.
func (w *World) CaseCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.cases.byID)
}
