package fake

import (
	"cmp"
	"encoding/binary"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	cloudsupport "google.golang.org/api/cloudsupport/v2"

	"github.com/resellerkit/resellerkit/cases"
)

// The World's support cases, as the Cloud Support API keeps them (the
// rules C1-C12 are the cases package's; the World only stores). Each
// customer's cases are kept with an index by last update: an append-only
// list sorted by (update time, update sequence), where an update appends a
// new entry and leaves the old one stale, to be skipped and, once stale
// entries dominate, compacted away. A search therefore walks a customer's
// cases newest-first from its cursor without sorting anything, which keeps
// the first page of a filtered search fast over a million cases. Free-text
// search has an inverted index from words to cases; when a word is rare,
// its posting list is filtered and sorted instead of walking the update
// index.

// caseBook holds the support cases of the World. Its zero value is empty
// and ready; every method runs under the World's lock.
type caseBook struct {
	next     int64 // the last case number issued
	byID     map[string]*caseRec
	custOrd  map[string]uint32 // customer ID -> ordinal
	byCust   []*updateIndex    // by customer ordinal
	wordIDs  map[string]uint32
	postings [][]*caseRec // word ID -> cases holding the word
	seq      uint64       // update sequence
	lag      time.Duration
	items    int64 // comments and attachments issued

	// Attachment memory: the bytes of content held, the bytes set aside
	// for uploads being read, and the most both may reach (0: the
	// default). maxAttachment, when set, lowers the size of one
	// attachment, for the package's tests only.
	held, reserved, limit int64
	maxAttachment         int64
}

func (b *caseBook) attachmentLimit() int64 {
	if b.limit > 0 {
		return b.limit
	}
	return defaultAttachmentLimit
}

func (b *caseBook) attachmentMax() int64 {
	if b.maxAttachment > 0 {
		return b.maxAttachment
	}
	return maxAttachment
}

// firstCaseNumber makes case numbers look like Google's eight-digit ones.
const firstCaseNumber = 40000000

type caseRec struct {
	c cases.Case // ID is the case number; the resource name is caseName(c)
	// creator is the account that created the case (the creator's
	// username on the wire); c.Filer is the creator's email as given, and
	// filerName its display name.
	creator     string
	filerName   string
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

// caseResource is the resource name of a case of the World: the name the
// Server answers with, and the ID the cases package's Case carries.
func caseResource(c cases.Case) string { return CaseParent(c.CustomerID) + "/cases/" + c.ID }

// caseNumber is the case number in a resource name (or a bare number).
func caseNumber(id string) string {
	if i := strings.LastIndex(id, "/cases/"); i >= 0 {
		return id[i+len("/cases/"):]
	}
	return id
}

// ixEntry is one entry of an update index: the case's update time and
// update sequence when the entry was pushed, and a copy of the fields
// searches filter on. Every update pushes a new entry, so a live entry's
// copy is current, and a scan filters without touching the case itself.
type ixEntry struct {
	at      int64 // update time, Unix nanoseconds
	seq     uint64
	created int64 // creation time, Unix nanoseconds
	rec     *caseRec
	state   cases.State
	sev     cases.Severity
}

func (e ixEntry) live() bool { return e.rec.seq == e.seq }

func entryOf(r *caseRec) ixEntry {
	return ixEntry{at: r.c.UpdateTime.UnixNano(), seq: r.seq, created: r.c.CreateTime.UnixNano(), rec: r,
		state: r.c.State, sev: r.c.Severity}
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
	// The clock went back (World.SetTime), or a seeded case is older than
	// the newest: insert in order.
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

// cursor is the position of a search: the key of the last case returned.
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

func decodeCursor(tok string, qh uint64) (*cursor, *apiError) {
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

// start returns where a newest-first walk begins after cur (nil: from the
// newest end): the last entry with a key below cur's.
func (x *updateIndex) start(cur *cursor) int {
	if cur == nil {
		return len(x.e) - 1
	}
	return sort.Search(len(x.e), func(i int) bool { return !keyLess(x.e[i].at, x.e[i].seq, cur.at, cur.seq) }) - 1
}

// caseQuery is a search of one customer's cases, resolved against the book.
type caseQuery struct {
	cust         uint32   // the customer's ordinal
	words        []uint32 // every one must be held
	status       cases.Status
	sevMask      uint8  // bit s set: severity s matches; 0: all
	creatorEmail string // Cloud Support's creator.email; "": any
	updatedAfter int64  // Cloud Support's update_time>; 0: none
	createdUntil int64  // the listing lag: cases created after this are not listed yet (rule C11); 0: no lag
	// scope, when tenure is set, lists only the cases filed in one of its
	// periods: a reseller's tenure over the customer (rule C4).
	scope caseScope
}

// match reports whether the live case of entry e matches. The cheap tests
// come first and read only the entry.
func (q *caseQuery) match(e ixEntry) bool {
	if !q.status.Matches(e.state) || (q.sevMask != 0 && q.sevMask&(1<<e.sev) == 0) {
		return false
	}
	if (q.createdUntil != 0 && e.created > q.createdUntil) || (q.updatedAfter != 0 && e.at <= q.updatedAfter) {
		return false
	}
	if !q.scope.sees(e.created) {
		return false
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

// rarePosting is the posting-list length under which a free-text search
// filters and sorts the posting list rather than walking the update index.
const rarePosting = 4096

// list returns up to size matching cases after cur, newest update first,
// and whether more match.
func (b *caseBook) list(q *caseQuery, cur *cursor, size int) ([]*caseRec, bool) {
	if size <= 0 {
		return nil, false
	}
	want := size + 1 // one more, to know whether there is a next page
	var out []*caseRec
	if len(q.words) > 0 {
		shortest := b.postings[q.words[0]]
		for _, w := range q.words[1:] {
			if p := b.postings[w]; len(p) < len(shortest) {
				shortest = p
			}
		}
		if len(shortest) <= rarePosting {
			out = listPosting(q, shortest, cur, want)
		}
	}
	if out == nil {
		x := b.byCust[q.cust]
		for i := x.start(cur); i >= 0 && len(out) < want; i-- {
			if en := x.e[i]; q.match(en) {
				out = append(out, en.rec)
			}
		}
	}
	if len(out) > size {
		return out[:size], true
	}
	return out, false
}

// listPosting filters a short posting list and sorts it newest update
// first. It returns a non-nil slice.
func listPosting(q *caseQuery, posting []*caseRec, cur *cursor, want int) []*caseRec {
	hits := []*caseRec{}
	for _, r := range posting {
		if r.cust != q.cust || !q.match(entryOf(r)) {
			continue
		}
		if cur != nil && !keyLess(r.c.UpdateTime.UnixNano(), r.seq, cur.at, cur.seq) {
			continue
		}
		hits = append(hits, r)
	}
	slices.SortFunc(hits, func(x, y *caseRec) int {
		return cmp.Or(cmp.Compare(y.c.UpdateTime.UnixNano(), x.c.UpdateTime.UnixNano()), cmp.Compare(y.seq, x.seq))
	})
	// A case whose words were rebuilt (a new title) may sit twice in a
	// posting list; its entries are adjacent once sorted.
	hits = slices.Compact(hits)
	return hits[:min(len(hits), want)]
}

func (r *caseRec) cursor() cursor { return cursor{at: r.c.UpdateTime.UnixNano(), seq: r.seq} }

// searchWords splits free text into the words a search compares: maximal
// runs of Unicode letters and digits, lower-cased. It is the fake's
// reading of Google's free-text search.
func searchWords(text string) []string {
	var out []string
	start := -1
	for i, r := range text {
		wordRune := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case wordRune && start < 0:
			start = i
		case !wordRune && start >= 0:
			out = append(out, strings.ToLower(text[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(text[start:]))
	}
	return out
}

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

// resolveWords returns the IDs of the text's words, and false when one of
// them is in no case (so nothing can match).
func (b *caseBook) resolveWords(text string) ([]uint32, bool) {
	var ids []uint32
	for _, w := range searchWords(text) {
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
	var fresh []uint32
	for _, t := range texts {
		for _, w := range searchWords(t) {
			if id := b.wordID(w); !slices.Contains(fresh, id) {
				if _, found := slices.BinarySearch(r.words, id); !found {
					fresh = append(fresh, id)
				}
			}
		}
	}
	for _, id := range fresh {
		b.postings[id] = append(b.postings[id], r)
	}
	r.words = append(r.words, fresh...)
	slices.Sort(r.words)
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

// touch records an update of r at now: a new sequence and a new index
// entry, the old one going stale.
func (b *caseBook) touch(r *caseRec, now time.Time, fresh bool) {
	b.seq++
	r.seq = b.seq
	r.c.UpdateTime = now
	if !fresh {
		b.byCust[r.cust].retire()
	}
	b.byCust[r.cust].push(r)
}

// insert stores a new case created at c.CreateTime and last updated at
// c.UpdateTime; c has been validated and its state and times set.
func (b *caseBook) insert(c cases.Case, creator, filerName string) *caseRec {
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
	c.SharedWith = slices.Clone(c.SharedWith)
	r := &caseRec{c: c, cust: ord, creator: creator, filerName: filerName}
	b.byID[c.ID] = r
	b.index(r, c.Title, c.Description)
	b.touch(r, c.UpdateTime, true)
	return r
}

// get finds a case by number or resource name.
func (b *caseBook) get(id string) (*caseRec, *apiError) {
	if r, ok := b.byID[caseNumber(id)]; ok {
		return r, nil
	}
	return nil, caseNotFound()
}

// caseNotFound is the answer to a case the caller cannot see, whether it
// does not exist, is another customer's, or was filed under an earlier
// reseller (rule C4): Google's NOT_FOUND message, naming nothing, so the
// answers are the same byte for byte.
func caseNotFound() *apiError {
	return &apiError{Code: 404, Reason: "notFound", Message: "Requested entity was not found."}
}

// snapshot returns a copy of the case that shares nothing mutable, with
// its resource name as ID, as the cases package sees it.
func (r *caseRec) snapshot() cases.Case {
	c := r.c
	c.ID = caseResource(c)
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

// ---- World operations on cases, for the Server's Cloud Support routes.
// Each takes the World's lock and answers with the generated structs. ----

// caseCreate files c for a customer of the World, created by creator (the
// calling account) with c.Filer as the creator's email and filerName its
// display name. c.Category.ID must be a classification of the catalogue,
// whose display name the case takes. A lost answer ([Fault.AfterApply])
// leaves the case filed.
func (w *World) caseCreate(c cases.Case, creator, filerName string) (*cloudsupport.Case, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t := w.tenantByKey(c.CustomerID)
	if t == nil || t.cust == nil {
		return nil, errNotFound("customer " + c.CustomerID)
	}
	c.CustomerID = t.id
	cl, ok := classificationOf(cases.Category{ID: c.Category.ID})
	switch {
	case !ok || c.Category.ID == "":
		return nil, errInvalid("classification %q is not a valid classification; find one with caseClassifications.search", c.Category.ID)
	case c.Title == "" || c.Description == "" || !c.Severity.Valid():
		return nil, errInvalid("a case needs a display name, a description, a classification and a priority")
	}
	c.Category, c.Product = cl, cases.GoogleWorkspace
	c.State, c.Escalated, c.CreateTime, c.UpdateTime, c.ClosedTime = cases.StateNew, false, w.now, w.now, time.Time{}
	r := w.cases.insert(c, creator, filerName)
	if e := w.answerLost("cloudsupport.cases.create"); e != nil {
		return nil, e
	}
	return r.wire(), nil
}

func (w *World) caseGet(id string) (*cloudsupport.Case, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, e := w.cases.get(id)
	if e != nil {
		return nil, e
	}
	return r.wire(), nil
}

// caseUpdate applies change to a case and records the update. method is
// the Cloud Support method ID of the write, whose lost-answer faults
// ([Fault.AfterApply]) fire once the change is applied, under the same
// lock; "" (a World control) loses no answer.
func (w *World) caseUpdate(id, method string, change func(r *caseRec) *apiError) (*cloudsupport.Case, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, e := w.cases.get(id)
	if e != nil {
		return nil, e
	}
	if e := change(r); e != nil {
		return nil, e
	}
	w.cases.touch(r, w.now, false)
	if method != "" {
		if e := w.answerLost(method); e != nil {
			return nil, e
		}
	}
	return r.wire(), nil
}

// caseClose closes a case. Closing a closed case answers 412, the fake's
// choice where Google documents none.
func (w *World) caseClose(id string) (*cloudsupport.Case, *apiError) {
	return w.caseUpdate(id, "cloudsupport.cases.close", func(r *caseRec) *apiError {
		if r.c.State == cases.StateClosed {
			return errConditionNotMet("case %s is already closed", id)
		}
		r.c.State = cases.StateClosed
		r.c.ClosedTime = w.now
		return nil
	})
}

// caseEscalate escalates a case. Who may escalate (rule C8: Premium
// Support only) is the cases package's rule; the World checks only the
// case's state, answering 412 where Google documents no answer.
func (w *World) caseEscalate(id string) (*cloudsupport.Case, *apiError) {
	return w.caseUpdate(id, "cloudsupport.cases.escalate", func(r *caseRec) *apiError {
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

func (w *World) caseAddComment(id, author, body string) (cases.Comment, *apiError) {
	if body == "" {
		return cases.Comment{}, errRequired("body")
	}
	var cm cases.Comment
	if _, e := w.caseUpdate(id, "cloudsupport.cases.comments.create", func(r *caseRec) *apiError {
		cm = cases.Comment{ID: w.cases.nextItemID(), Body: body, Author: author, CreateTime: w.now}
		r.comments = append(r.comments, cm)
		w.cases.index(r, body)
		return nil
	}); e != nil {
		return cases.Comment{}, e
	}
	return cm, nil
}

// caseAddAttachment adds an attachment to a case, keeping a.Content (the
// caller gives it up) and counting it in the World's attachment memory,
// where the upload being read reserved room for it (readMedia).
func (w *World) caseAddAttachment(id, creator string, a cases.NewAttachment) (cases.Attachment, *apiError) {
	if a.Name == "" {
		return cases.Attachment{}, errRequired("attachment.filename")
	}
	var at cases.Attachment
	if _, e := w.caseUpdate(id, "cloudsupport.media.upload", func(r *caseRec) *apiError {
		ct := a.ContentType
		if ct == "" {
			ct = sniff(a.Content)
		}
		at = cases.Attachment{ID: w.cases.nextItemID(), Name: a.Name, ContentType: ct,
			Size: int64(len(a.Content)), CreateTime: w.now, Creator: creator}
		r.attachments = append(r.attachments, caseAttachment{meta: at, content: a.Content})
		w.cases.held += int64(len(a.Content))
		return nil
	}); e != nil {
		return cases.Attachment{}, e
	}
	return at, nil
}

// caseItems returns one page of a case's comments or attachments, oldest
// first; the page token is the index of the next item.
func caseItems[T any](w *World, id, token string, size int, items func(r *caseRec) []T) ([]T, string, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, e := w.cases.get(id)
	if e != nil {
		return nil, "", e
	}
	all := items(r)
	start := 0
	qh := queryHash("case items", r.c.ID)
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

func (w *World) caseComments(id, token string, size int) ([]cases.Comment, string, *apiError) {
	return caseItems(w, id, token, size, func(r *caseRec) []cases.Comment { return r.comments })
}

func (w *World) caseAttachments(id, token string, size int) ([]cases.Attachment, string, *apiError) {
	return caseItems(w, id, token, size, func(r *caseRec) []cases.Attachment {
		out := make([]cases.Attachment, len(r.attachments))
		for i, a := range r.attachments {
			out[i] = a.meta
		}
		return out
	})
}

// caseComment is one comment of a case (cases.comments.get); an unknown
// comment answers the same 404 as an unknown case.
func (w *World) caseComment(id, commentID string) (cases.Comment, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, e := w.cases.get(id)
	if e != nil {
		return cases.Comment{}, e
	}
	for _, cm := range r.comments {
		if cm.ID == commentID {
			return cm, nil
		}
	}
	return cases.Comment{}, caseNotFound()
}

// caseAttachment is one attachment of a case (cases.attachments.get and
// media.download): its metadata and content, which the World keeps
// unchanged once added, so the caller may read it after the lock is
// released. An unknown attachment answers the same 404 as an unknown case.
func (w *World) caseAttachment(id, attachmentID string) (cases.Attachment, []byte, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, e := w.cases.get(id)
	if e != nil {
		return cases.Attachment{}, nil, e
	}
	for _, a := range r.attachments {
		if a.meta.ID == attachmentID {
			return a.meta, a.content, nil
		}
	}
	return cases.Attachment{}, nil, caseNotFound()
}

// caseFilter is a search of one customer's cases in the book's terms: the
// filters of cases.list and cases.search.
type caseFilter struct {
	customer     string // the customer ID
	tenure       bool   // list only the cases filed in one of filed (rule C4)
	filed        []span
	text         string // free text: every word must be held
	status       cases.Status
	priorities   []cases.Severity
	creatorEmail string
	updatedAfter time.Time
	token        string
	size         int
}

// caseList returns one page of a customer's matching cases, newest update
// first, and the next page token.
func (w *World) caseList(l caseFilter) ([]*cloudsupport.Case, string, *apiError) {
	sevs := make([]string, len(l.priorities))
	for i, s := range l.priorities {
		sevs[i] = s.String()
	}
	qh := queryHash("cases", l.customer, l.text, l.status.String(), strings.Join(sevs, ","), l.creatorEmail,
		strconv.FormatInt(l.updatedAfter.UnixNano(), 10))
	cur, e := decodeCursor(l.token, qh)
	if e != nil {
		return nil, "", e
	}
	size := l.size
	if w.pageCap > 0 && size > w.pageCap {
		size = w.pageCap
	}
	q := caseQuery{status: l.status, creatorEmail: l.creatorEmail, scope: caseScope{tenure: l.tenure, filed: l.filed}}
	for _, s := range l.priorities {
		q.sevMask |= 1 << s
	}
	if !l.updatedAfter.IsZero() {
		q.updatedAfter = l.updatedAfter.UnixNano()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	ord, ok := w.cases.custOrd[l.customer]
	if !ok {
		return nil, "", nil // no case yet
	}
	q.cust = ord
	if w.cases.lag > 0 {
		q.createdUntil = w.now.Add(-w.cases.lag).UnixNano()
	}
	if q.words, ok = w.cases.resolveWords(l.text); !ok {
		return nil, "", nil
	}
	recs, more := w.cases.list(&q, cur, size)
	out := make([]*cloudsupport.Case, len(recs))
	for i, r := range recs {
		out[i] = r.wire()
	}
	next := ""
	if more && len(recs) > 0 {
		next = recs[len(recs)-1].cursor().encode(qh)
	}
	return out, next, nil
}

// ---- exported controls ----

// SetAttachmentLimit sets the most bytes of attachment content the World
// keeps in memory, all cases together; n <= 0 restores the default, 256
// MiB. An upload that would go beyond it answers 413 with the reason
// "fakeAttachmentLimit" and is not kept; attachments already held stay.
// Each attachment is also at most 32 MiB, answered 413 as Google answers
// an oversized payload.
func (w *World) SetAttachmentLimit(n int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cases.limit = max(n, 0)
}

// SetCaseListingLag makes newly filed cases stay out of searches for d
// after they are filed, on the World's clock, as the portal's listings lag
// (rule C11); getting a case by name sees it at once. 0 (the default) lists
// cases at once.
func (w *World) SetCaseListingLag(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cases.lag = max(d, 0)
}

// SetCaseState moves a case to state, as Google support does while working
// on it (new, in progress, action required, solution provided); id is its
// resource name ("projects/C03c00001/cases/40000001") or number. Closing
// goes through the Cloud Support API, and nothing reopens a closed case,
// as at Google.
func (w *World) SetCaseState(id string, state cases.State) error {
	if state < cases.StateNew || state >= cases.StateClosed {
		return errInvalid("SetCaseState: state %v is not an open state; close cases through the Cloud Support API", state).GoogleError()
	}
	_, e := w.caseUpdate(id, "", func(r *caseRec) *apiError {
		if r.c.State == cases.StateClosed {
			return errConditionNotMet("case %s is closed; the Cloud Support API cannot reopen it", id)
		}
		r.c.State = state
		return nil
	})
	return e.Err()
}
