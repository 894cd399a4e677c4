package fake

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	cloudsupport "google.golang.org/api/cloudsupport/v2"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/roles"
)

// The Cloud Support API v2 surface of the Server: the routes the cases
// package uses, at their flatPaths. A customer's cases live under the
// parent "projects/<customer ID>" ([CaseParent]); the fake also accepts
// "organizations/<customer ID>". Its fidelity is part of the Fidelity
// section of the package documentation (doc.go).

// Attachments are held in memory, so the fake bounds them: each upload at
// most maxAttachment bytes, answered as Google's front end answers an
// oversized payload (413 "Request payload size exceeds the limit: N
// bytes.", its wording in public reports such as
// googleworkspace/dotnet-samples#23 and
// GoogleCloudPlatform/python-docs-samples#1247); and all of a World's
// attachments together at most its attachment limit
// ([World.SetAttachmentLimit], default defaultAttachmentLimit). Cloud
// Support documents no attachment size limit (no public source found), so
// maxAttachment is the fake's.
const (
	maxAttachment          = 32 << 20
	defaultAttachmentLimit = 256 << 20
)

// CaseParent returns the Cloud Support parent resource of a customer's
// cases on the Server: "projects/<customer ID>".
func CaseParent(customerID string) string { return "projects/" + customerID }

// routeCases registers the Cloud Support API routes.
func (s *Server) routeCases(mux *http.ServeMux) {
	const base = "/v2/{p1}/{p2}/"
	s.routeCaseClassifications(mux)
	s.handle(mux, "POST "+base+"cases", "cloudsupport.cases.create", func(r *http.Request, as string) (any, *apiError) {
		sc, e := s.world.caseCaller(as, r)
		if e != nil {
			return nil, e
		}
		in, e := decodeBody[cloudsupport.Case](r)
		if e != nil {
			return nil, e
		}
		c, e := caseFromWire(in)
		if e != nil {
			return nil, e
		}
		// The creator's email and display name, given both or neither;
		// without them the caller is the creator.
		c.CustomerID, c.Filer = sc.cust, sc.u.email
		name := sc.u.email
		if cr := in.Creator; cr != nil && (cr.Email != "" || cr.DisplayName != "") {
			if cr.Email == "" || cr.DisplayName == "" {
				return nil, errInvalid("creator: give both email and display_name, or neither")
			}
			c.Filer, name = normEmail(cr.Email), cr.DisplayName
		}
		return nilIfErr(s.world.caseCreate(c, sc.u.email, name))
	})
	s.handle(mux, "GET "+base+"cases", "cloudsupport.cases.list", func(r *http.Request, as string) (any, *apiError) {
		cs, next, e := s.world.caseSearch(as, r, r.URL.Query().Get("filter"), false)
		if e != nil {
			return nil, e
		}
		return &cloudsupport.ListCasesResponse{Cases: cs, NextPageToken: next}, nil
	})
	s.handle(mux, "GET "+base+"cases:search", "cloudsupport.cases.search", func(r *http.Request, as string) (any, *apiError) {
		cs, next, e := s.world.caseSearch(as, r, r.URL.Query().Get("query"), true)
		if e != nil {
			return nil, e
		}
		return &cloudsupport.SearchCasesResponse{Cases: cs, NextPageToken: next}, nil
	})
	s.handle(mux, "GET "+base+"cases/{id}", "cloudsupport.cases.get", func(r *http.Request, as string) (any, *apiError) {
		id, e := s.world.caseOfRequest(as, r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.caseGet(id))
	})
	s.handle(mux, "PATCH "+base+"cases/{id}", "cloudsupport.cases.patch", func(r *http.Request, as string) (any, *apiError) {
		id, e := s.world.caseOfRequest(as, r)
		if e != nil {
			return nil, e
		}
		in, e := decodeBody[cloudsupport.Case](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.casePatch(id, in, r.URL.Query().Get("updateMask")))
	})
	// ":close" and ":escalate" end the case segment, which a ServeMux
	// wildcard cannot split: the request is re-dispatched to the path
	// ".../cases/{id}/:close" (":escalate"), where the methods live.
	mux.HandleFunc("POST "+base+"cases/{action}", func(rw http.ResponseWriter, r *http.Request) {
		id, verb, ok := strings.Cut(r.PathValue("action"), ":")
		if !ok || (verb != "close" && verb != "escalate") {
			s.notImplemented(rw, r)
			return
		}
		if id == "" {
			// ".../cases/:close" names no case. Re-dispatched, its path
			// would hold "//", which the mux redirects back here.
			writeError(rw, &apiError{Code: http.StatusNotFound, Reason: "notFound", Message: "Requested entity was not found."})
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/v2/" + r.PathValue("p1") + "/" + r.PathValue("p2") + "/cases/" + id + "/:" + verb
		r2.URL.RawPath = ""
		mux.ServeHTTP(rw, r2)
	})
	s.handle(mux, "POST "+base+"cases/{id}/:close", "cloudsupport.cases.close", func(r *http.Request, as string) (any, *apiError) {
		id, e := s.world.caseOfRequest(as, r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.caseClose(id))
	})
	s.handle(mux, "POST "+base+"cases/{id}/:escalate", "cloudsupport.cases.escalate", func(r *http.Request, as string) (any, *apiError) {
		id, e := s.world.caseOfRequest(as, r)
		if e != nil {
			return nil, e
		}
		in, e := decodeBody[cloudsupport.EscalateCaseRequest](r)
		if e != nil {
			return nil, e
		}
		if e := checkEscalation(in); e != nil {
			return nil, e
		}
		return nilIfErr(s.world.caseEscalate(id))
	})
	s.handle(mux, "POST "+base+"cases/{id}/comments", "cloudsupport.cases.comments.create", func(r *http.Request, as string) (any, *apiError) {
		id, e := s.world.caseOfRequest(as, r)
		if e != nil {
			return nil, e
		}
		in, e := decodeBody[cloudsupport.Comment](r)
		if e != nil {
			return nil, e
		}
		if n := len([]rune(in.Body)); n > cases.MaxCommentLength {
			return nil, errInvalid("the comment body has %d characters; the maximum is %d", n, cases.MaxCommentLength)
		}
		cm, e := s.world.caseAddComment(id, s.world.callerEmail(as), in.Body)
		if e != nil {
			return nil, e
		}
		return commentToWire(caseName(r, id), cm), nil
	})
	s.handle(mux, "GET "+base+"cases/{id}/comments", "cloudsupport.cases.comments.list", func(r *http.Request, as string) (any, *apiError) {
		id, e := s.world.caseOfRequest(as, r)
		if e != nil {
			return nil, e
		}
		size, token, e := pageParams(r)
		if e != nil {
			return nil, e
		}
		cms, next, e := s.world.caseComments(id, token, size)
		if e != nil {
			return nil, e
		}
		out := &cloudsupport.ListCommentsResponse{NextPageToken: next}
		for _, cm := range cms {
			out.Comments = append(out.Comments, commentToWire(caseName(r, id), cm))
		}
		return out, nil
	})
	s.handle(mux, "GET "+base+"cases/{id}/attachments", "cloudsupport.cases.attachments.list", func(r *http.Request, as string) (any, *apiError) {
		id, e := s.world.caseOfRequest(as, r)
		if e != nil {
			return nil, e
		}
		size, token, e := pageParams(r)
		if e != nil {
			return nil, e
		}
		ats, next, e := s.world.caseAttachments(id, token, size)
		if e != nil {
			return nil, e
		}
		out := &cloudsupport.ListAttachmentsResponse{NextPageToken: next}
		for _, a := range ats {
			out.Attachments = append(out.Attachments, attachmentToWire(caseName(r, id), a))
		}
		return out, nil
	})
	s.handle(mux, "GET "+base+"cases/{id}/comments/{comment}", "cloudsupport.cases.comments.get", func(r *http.Request, as string) (any, *apiError) {
		id, e := s.world.caseOfRequest(as, r)
		if e != nil {
			return nil, e
		}
		cm, e := s.world.caseComment(id, r.PathValue("comment"))
		if e != nil {
			return nil, e
		}
		return commentToWire(caseName(r, id), cm), nil
	})
	// ".../attachments/{id}" is cases.attachments.get and
	// ".../attachments/{id}:download" media.download: ":download" ends the
	// attachment segment, which a ServeMux wildcard cannot split, so one
	// route serves both under their own method IDs.
	attachmentGet := func(r *http.Request, as string) (any, *apiError) {
		id, e := s.world.caseOfRequest(as, r)
		if e != nil {
			return nil, e
		}
		a, _, e := s.world.caseAttachment(id, r.PathValue("attachment"))
		if e != nil {
			return nil, e
		}
		return attachmentToWire(caseName(r, id), a), nil
	}
	mux.HandleFunc("GET "+base+"cases/{id}/attachments/{attachment}", func(rw http.ResponseWriter, r *http.Request) {
		aid, download := strings.CutSuffix(r.PathValue("attachment"), ":download")
		if !download {
			s.serve(rw, r, "cloudsupport.cases.attachments.get", "cloudsupport", attachmentGet)
			return
		}
		s.serve(rw, r, "cloudsupport.media.download", "cloudsupport", func(r *http.Request, as string) (any, *apiError) {
			id, e := s.world.caseOfRequest(as, r)
			if e != nil {
				return nil, e
			}
			a, content, e := s.world.caseAttachment(id, aid)
			if e != nil {
				return nil, e
			}
			return mediaOf(r, a, content), nil
		})
	})
	s.handle(mux, "POST /upload"+base+"cases/{id}/attachments", "cloudsupport.media.upload", func(r *http.Request, as string) (any, *apiError) {
		id, e := s.world.caseOfRequest(as, r)
		if e != nil {
			return nil, e
		}
		up, e := s.world.startUpload(r.ContentLength)
		if e != nil {
			return nil, e
		}
		defer up.release()
		a, e := readUpload(r, up)
		if e != nil {
			return nil, e
		}
		at, e := s.world.caseAddAttachment(id, s.world.callerEmail(as), a)
		if e != nil {
			return nil, e
		}
		return attachmentToWire(caseName(r, id), at), nil
	})
}

// mediaBody is the answer of a media download (alt=media): the file's
// bytes with its content type, which the Server writes as they are
// instead of JSON.
type mediaBody struct {
	contentType string
	content     []byte
}

func (m *mediaBody) write(rw http.ResponseWriter) {
	rw.Header().Set("Content-Type", m.contentType)
	rw.Header().Set("Content-Length", strconv.Itoa(len(m.content)))
	rw.WriteHeader(http.StatusOK)
	rw.Write(m.content)
}

// mediaOf answers cloudsupport.media.download: with alt=media, as Google
// requires ("HTTP requests must append ?alt=media to the URL", the
// method's description, and the Go client's MediaDownloadCall.Download
// sends it), the attachment's bytes with its MIME type. Without it, the
// fake answers the Media resource the discovery document declares, with
// the file's name, type and length only: what Google puts there is not
// documented.
func mediaOf(r *http.Request, a cases.Attachment, content []byte) any {
	if r.URL.Query().Get("alt") == "media" {
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		return &mediaBody{contentType: ct, content: content}
	}
	return &cloudsupport.Media{Filename: a.Name, ContentType: a.ContentType, Length: int64(len(content))}
}

// caseScope is what a caller may see of one customer's cases: the
// customer, the caller, and, for a reseller's staff, the periods during
// which the caller's reseller account managed the customer (rule C4).
type caseScope struct {
	cust string
	u    *user
	// tenure is set for a reseller's staff: they see only the cases filed
	// during one of filed.
	tenure bool
	filed  []span
}

// span is a period [from, to) in Unix nanoseconds; to 0: ongoing.
type span struct{ from, to int64 }

// sees reports whether the scope shows a case filed at created (Unix
// nanoseconds).
func (sc *caseScope) sees(created int64) bool {
	if !sc.tenure {
		return true
	}
	for _, p := range sc.filed {
		if created >= p.from && (p.to == 0 || created < p.to) {
			return true
		}
	}
	return false
}

// caseCaller resolves the caller and the customer of the request's parent,
// and checks that the caller may work on that customer's cases.
func (w *World) caseCaller(as string, r *http.Request) (*caseScope, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.caseCallerLocked(as, r.PathValue("p1"), r.PathValue("p2"))
}

// errCaseParentDenied is the answer to a parent the caller may not use,
// whether the customer is another reseller's, revoked reseller access,
// or does not exist: Google Cloud answers 403 to a resource the caller may
// not use without saying whether it exists ("Permission denied on
// resource ... (or it may not exist)"), and the message names nothing, so
// the answers are the same byte for byte.
func errCaseParentDenied() *apiError {
	return &apiError{Code: 403, Reason: "forbidden", Message: "The caller does not have permission"}
}

func (w *World) caseCallerLocked(as, kind, id string) (*caseScope, *apiError) {
	u, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	if kind != "projects" && kind != "organizations" {
		return nil, errInvalid("parent %q/%q: want projects/<customer ID> or organizations/<customer ID>", kind, id)
	}
	t := w.tenants[id]
	if t == nil || t.cust == nil {
		return nil, errCaseParentDenied()
	}
	sc := &caseScope{cust: t.id, u: u}
	switch {
	case u.t == t:
		// Rule C5: the customer's own admins see every case.
		if !w.holds(u, roles.DefaultSupportName, nil) {
			return nil, errCaseParentDenied()
		}
	case t.managedBy(u.t) && !t.cust.accessRevoked && domainOf(u.email) == t.cust.resellerDomain && w.holds(u, roles.DefaultAccessCustomerSupportCasesName, nil):
		// Rule C4: a reseller's staff see the cases filed while their
		// reseller account managed the customer; managedBy says it does
		// now.
		sc.tenure = true
		for _, p := range t.cust.tenure {
			if p.reseller == u.t {
				sc.filed = append(sc.filed, span{from: p.from.UnixNano(), to: nanosOrZero(p.to)})
			}
		}
	default:
		return nil, errCaseParentDenied()
	}
	return sc, nil
}

func nanosOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// caseOfRequest checks the caller and that the request's case is under the
// request's parent and visible to the caller (rule C4), and returns the
// case's number. A case of another customer, one filed under an earlier
// reseller, and one that does not exist all answer the same 404.
func (w *World) caseOfRequest(as string, r *http.Request) (string, *apiError) {
	id := r.PathValue("id")
	w.mu.Lock()
	defer w.mu.Unlock()
	sc, e := w.caseCallerLocked(as, r.PathValue("p1"), r.PathValue("p2"))
	if e != nil {
		return "", e
	}
	rec, e := w.cases.get(id)
	if e != nil {
		return "", e
	}
	if rec.c.CustomerID != sc.cust || !sc.sees(rec.c.CreateTime.UnixNano()) {
		return "", caseNotFound()
	}
	return id, nil
}

func (w *World) callerEmail(as string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if u, e := w.actor(as); e == nil {
		return u.email
	}
	return ""
}

func caseName(r *http.Request, id string) string {
	return r.PathValue("p1") + "/" + r.PathValue("p2") + "/cases/" + id
}

func pageParams(r *http.Request) (int, string, *apiError) {
	q := r.URL.Query()
	size := 10
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, "", errInvalid("pageSize %q: want a non-negative integer", v)
		}
		if n > 0 {
			size = min(n, 100)
		}
	}
	return size, q.Get("pageToken"), nil
}

// caseSearch serves cases.list (filter) and cases.search (query): the
// parent's cases that match, newest update first.
func (w *World) caseSearch(as string, r *http.Request, expr string, search bool) ([]*cloudsupport.Case, string, *apiError) {
	sc, e := w.caseCaller(as, r)
	if e != nil {
		return nil, "", e
	}
	f, e := parseSupportQuery(expr, search)
	if e != nil {
		return nil, "", e
	}
	size, token, e := pageParams(r)
	if e != nil {
		return nil, "", e
	}
	return w.caseList(caseFilter{customer: sc.cust, tenure: sc.tenure, filed: sc.filed, text: strings.Join(f.text, " "), status: f.status,
		priorities: f.priorities, creatorEmail: f.creator, updatedAfter: f.updatedAfter, token: token, size: size})
}

// supportFilter is a parsed cases.list filter or cases.search query.
type supportFilter struct {
	status       cases.Status
	priorities   []cases.Severity
	creator      string
	updatedAfter time.Time
	text         []string
}

// parseSupportQuery reads the Cloud Support filter syntax: terms joined by
// AND; state=OPEN|CLOSED; priority=Pn, several joined by OR (in
// parentheses or not); creator.email="..."; and, for search only,
// update_time>"RFC 3339" and free text in double quotes.
func parseSupportQuery(expr string, search bool) (supportFilter, *apiError) {
	var f supportFilter
	for _, term := range splitTop(expr, " AND ") {
		term = strings.TrimSpace(term)
		if strings.HasPrefix(term, "(") && strings.HasSuffix(term, ")") {
			term = strings.TrimSpace(term[1 : len(term)-1])
		}
		switch {
		case term == "":
		case strings.HasPrefix(term, `"`):
			if !search {
				return f, errInvalid("free text is only supported by cases.search")
			}
			s, err := strconv.Unquote(term)
			if err != nil {
				return f, errInvalid("query term %s: bad quoting", term)
			}
			f.text = append(f.text, s)
		case strings.HasPrefix(term, "state="):
			switch strings.TrimPrefix(term, "state=") {
			case "OPEN":
				f.status = cases.Open
			case "CLOSED":
				f.status = cases.Closed
			default:
				return f, errInvalid("query term %s: state must be OPEN or CLOSED", term)
			}
		case strings.HasPrefix(term, "priority="):
			for _, alt := range splitTop(term, " OR ") {
				p, ok := strings.CutPrefix(strings.TrimSpace(alt), "priority=")
				sev, err := cases.ParseSeverity(p)
				if !ok || err != nil || p[0] != 'P' {
					return f, errInvalid("query term %s: priority must be P0 to P4", alt)
				}
				f.priorities = append(f.priorities, sev)
			}
		case strings.HasPrefix(term, "creator.email="):
			v := strings.TrimPrefix(term, "creator.email=")
			if u, err := strconv.Unquote(v); err == nil {
				v = u
			}
			f.creator = normEmail(v)
		case strings.HasPrefix(term, "update_time>"):
			if !search {
				return f, errInvalid("update_time is only supported by cases.search")
			}
			v, err := strconv.Unquote(strings.TrimPrefix(term, "update_time>"))
			if err == nil {
				f.updatedAfter, err = time.Parse(time.RFC3339, v)
			}
			if err != nil {
				return f, errInvalid("query term %s: want update_time>\"2020-01-01T00:00:00-05:00\"", term)
			}
		default:
			return f, errInvalid("query term %q is not supported; use state, priority, creator.email, update_time or quoted free text", term)
		}
	}
	return f, nil
}

// splitTop splits s at sep outside double quotes.
func splitTop(s, sep string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && quoted:
			i++
		case s[i] == '"':
			quoted = !quoted
		case !quoted && strings.HasPrefix(s[i:], sep):
			out = append(out, s[start:i])
			i += len(sep) - 1
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// casePatch applies cases.patch: priority, display_name and
// subscriber_email_addresses; an empty mask updates all three.
func (w *World) casePatch(id string, in *cloudsupport.Case, mask string) (*cloudsupport.Case, *apiError) {
	fields := map[string]bool{}
	if strings.TrimSpace(mask) == "" {
		fields = map[string]bool{"priority": true, "display_name": true, "subscriber_email_addresses": true}
	}
	for _, m := range strings.Split(mask, ",") {
		switch m = strings.TrimSpace(m); m {
		case "":
		case "priority":
			fields["priority"] = true
		case "display_name", "displayName":
			fields["display_name"] = true
		case "subscriber_email_addresses", "subscriberEmailAddresses":
			fields["subscriber_email_addresses"] = true
		default:
			return nil, errInvalid("updateMask %q: only priority, display_name and subscriber_email_addresses can be updated", m)
		}
	}
	var sev cases.Severity
	if fields["priority"] {
		var err error
		if sev, err = cases.ParseSeverity(in.Priority); err != nil || !strings.HasPrefix(in.Priority, "P") {
			return nil, errInvalid("priority %q: want P0 to P4", in.Priority)
		}
	}
	if fields["display_name"] && strings.TrimSpace(in.DisplayName) == "" {
		return nil, errRequired("display_name")
	}
	return w.caseUpdate(id, "cloudsupport.cases.patch", func(r *caseRec) *apiError {
		if r.c.State == cases.StateClosed {
			return errConditionNotMet("case %s is closed", id)
		}
		if fields["priority"] {
			r.c.Severity = sev
		}
		if fields["subscriber_email_addresses"] {
			r.c.SharedWith = append([]string(nil), in.SubscriberEmailAddresses...)
		}
		if fields["display_name"] && in.DisplayName != r.c.Title {
			r.c.Title = in.DisplayName
			w.cases.reindex(r)
		}
		return nil
	})
}

// checkEscalation checks an escalation request as Cloud Support does: a
// reason and a justification. Which support services offer escalation
// (rule C8: Premium Support) is the cases package's check; the fake
// escalates whatever the customer's plan.
func checkEscalation(in *cloudsupport.EscalateCaseRequest) *apiError {
	if in.Escalation == nil || strings.TrimSpace(in.Escalation.Justification) == "" {
		return errRequired("escalation.justification")
	}
	switch in.Escalation.Reason {
	case "RESOLUTION_TIME", "TECHNICAL_EXPERTISE", "BUSINESS_IMPACT":
	default:
		return errInvalid("escalation.reason %q: want RESOLUTION_TIME, TECHNICAL_EXPERTISE or BUSINESS_IMPACT", in.Escalation.Reason)
	}
	return nil
}

func errUploadTooLarge(max int64) *apiError {
	return errf(http.StatusRequestEntityTooLarge, "badRequest", "Request payload size exceeds the limit: %d bytes.", max)
}

func errAttachmentLimit(limit int64) *apiError {
	return errf(http.StatusRequestEntityTooLarge, "fakeAttachmentLimit",
		"fake: the World keeps at most %d bytes of attachments in memory and this upload does not fit; raise the limit with World.SetAttachmentLimit", limit)
}

// upload is one upload being read, and the bytes of the World's attachment
// memory it holds while it is read: taken as its content arrives, so that
// uploads being read count against the limit, and given back when the
// handler ends (the content kept is then counted by caseAddAttachment).
type upload struct {
	w        *World
	max      int64 // the largest attachment: maxAttachment, but for the package's tests
	limit    int64 // the World's attachment limit
	reserved int64
}

// startUpload starts reading an upload whose request body has length
// bytes (-1: unknown). A body too long for any attachment, or any body
// when the World's attachment memory is full, is refused before it is read.
func (w *World) startUpload(length int64) (*upload, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	b := &w.cases
	up := &upload{w: w, max: b.attachmentMax(), limit: b.attachmentLimit()}
	if length > up.max+maxBody {
		return nil, errUploadTooLarge(up.max)
	}
	if length != 0 && b.held+b.reserved >= up.limit {
		return nil, errAttachmentLimit(up.limit)
	}
	return up, nil
}

// take reserves up to n more bytes of the World's attachment memory, as
// many as are left, and returns how many.
func (up *upload) take(n int64) int64 {
	up.w.mu.Lock()
	defer up.w.mu.Unlock()
	b := &up.w.cases
	n = max(min(n, up.limit-b.held-b.reserved), 0)
	b.reserved += n
	up.reserved += n
	return n
}

// give gives back n reserved bytes.
func (up *upload) give(n int64) {
	up.w.mu.Lock()
	defer up.w.mu.Unlock()
	up.w.cases.reserved -= n
	up.reserved -= n
}

// release gives back every byte the upload reserved.
func (up *upload) release() { up.give(up.reserved) }

// readUpload reads a media upload: multipart/related (metadata, then the
// file) or a simple upload (uploadType=media, or none, as in Google's curl
// example) with attachment.filename in the query. Cloud Support offers no
// resumable uploads (its discovery document lists the simple protocol
// only), so uploadType=resumable is refused. The file is kept if it fits
// (see readMedia).
func readUpload(r *http.Request, up *upload) (cases.NewAttachment, *apiError) {
	q := r.URL.Query()
	switch q.Get("uploadType") {
	case "", "media":
		content, e := readMedia(r.Body, up, r.ContentLength)
		if e != nil {
			return cases.NewAttachment{}, e
		}
		return cases.NewAttachment{Name: q.Get("attachment.filename"), ContentType: r.Header.Get("Content-Type"), Content: content}, nil
	case "multipart":
	case "resumable":
		return cases.NewAttachment{}, errInvalid("uploadType=resumable: cloudsupport.media.upload takes the file in one request (uploadType=multipart; in Go, Media with googleapi.ChunkSize(0) or a file under the chunk size)")
	default:
		return cases.NewAttachment{}, errInvalid("uploadType %q: want multipart or media", q.Get("uploadType"))
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") || params["boundary"] == "" {
		return cases.NewAttachment{}, errInvalid("a multipart upload needs a multipart/related content type with a boundary")
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	meta, err := mr.NextPart()
	if err != nil {
		return cases.NewAttachment{}, errInvalid("the upload's metadata part is missing")
	}
	var req cloudsupport.CreateAttachmentRequest
	if err := json.NewDecoder(io.LimitReader(meta, maxBody)).Decode(&req); err != nil {
		return cases.NewAttachment{}, errf(400, "parseError", "the upload's metadata is not JSON: %v", err)
	}
	media, err := mr.NextPart()
	if err != nil {
		return cases.NewAttachment{}, errInvalid("the upload's media part is missing")
	}
	content, e := readMedia(media, up, -1)
	if e != nil {
		return cases.NewAttachment{}, e
	}
	a := cases.NewAttachment{ContentType: media.Header.Get("Content-Type"), Content: content}
	if req.Attachment != nil {
		a.Name = req.Attachment.Filename
	}
	if a.Name == "" {
		a.Name = q.Get("attachment.filename")
	}
	return a, nil
}

// readStep is how much of an upload is read, and reserved, at a time.
const readStep = 64 << 10

// readMedia reads a file of at most up.max bytes, reserving the World's
// attachment memory as it reads (size, when not -1, is the request body's
// length, an upper bound of the file's, to allocate less often). A file that
// does not fit is not kept: what was read is dropped, and the rest is
// counted, up to up.max bytes and discarded, to tell a file too large for
// any attachment (413 badRequest) from one the World has no room left for
// (413 fakeAttachmentLimit). Memory is thus bounded whatever the sender
// sends.
func readMedia(src io.Reader, up *upload, size int64) ([]byte, *apiError) {
	var buf []byte
	if size >= 0 {
		buf = make([]byte, 0, min(size, up.max, 1<<20)+1)
	}
	done := func() ([]byte, *apiError) {
		if cap(buf)-len(buf) > len(buf)/8+readStep {
			buf = bytes.Clone(buf) // keep only what the World counts
		}
		return buf, nil
	}
	for {
		step := int(up.take(readStep))
		if step == 0 {
			// No room left: the file fits only if it has ended.
			var probe [1]byte
			n, err := io.ReadFull(src, probe[:])
			if n == 0 && err == io.EOF {
				return done()
			}
			read := int64(len(buf) + n)
			buf = nil
			rest, err := io.Copy(io.Discard, io.LimitReader(src, up.max-read+1))
			switch {
			case err != nil:
				return nil, errInvalid("reading the upload: %v", err)
			case read+rest > up.max:
				return nil, errUploadTooLarge(up.max)
			}
			return nil, errAttachmentLimit(up.limit)
		}
		buf = slices.Grow(buf, step)
		n, err := io.ReadFull(src, buf[len(buf):len(buf)+step])
		buf = buf[:len(buf)+n]
		up.give(int64(step - n))
		switch {
		case int64(len(buf)) > up.max:
			return nil, errUploadTooLarge(up.max)
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return done()
		case err != nil:
			return nil, errInvalid("reading the upload: %v", err)
		}
	}
}

// ---- mapping between the World's cases and the generated structs ----

var stateWire = map[cases.State]string{
	cases.StateNew:              "NEW",
	cases.StateInProgress:       "IN_PROGRESS_GOOGLE_SUPPORT",
	cases.StateActionRequired:   "ACTION_REQUIRED",
	cases.StateSolutionProvided: "SOLUTION_PROVIDED",
	cases.StateClosed:           "CLOSED",
}

// wire is the case as Cloud Support answers it, its creator as given at
// creation (email and display name) and as the credentials named it
// (username).
func (r *caseRec) wire() *cloudsupport.Case {
	c := r.c
	out := &cloudsupport.Case{
		Name:                     caseResource(c),
		DisplayName:              c.Title,
		Description:              c.Description,
		Classification:           &cloudsupport.CaseClassification{Id: c.Category.ID, DisplayName: c.Category.Name},
		Priority:                 "P" + strconv.Itoa(int(c.Severity-cases.S0)),
		State:                    stateWire[c.State],
		Escalated:                c.Escalated,
		SubscriberEmailAddresses: slices.Clone(c.SharedWith),
		TimeZone:                 c.TimeZone,
		LanguageCode:             c.Language,
		CreateTime:               fmtTime(c.CreateTime),
		UpdateTime:               fmtTime(c.UpdateTime),
	}
	if c.Filer != "" || r.creator != "" {
		out.Creator = &cloudsupport.Actor{Email: c.Filer, DisplayName: r.filerName, Username: r.creator}
	}
	return out
}

func caseFromWire(in *cloudsupport.Case) (cases.Case, *apiError) {
	switch {
	case strings.TrimSpace(in.DisplayName) == "":
		return cases.Case{}, errRequired("display_name")
	case strings.TrimSpace(in.Description) == "":
		return cases.Case{}, errRequired("description")
	case in.Classification == nil || in.Classification.Id == "":
		return cases.Case{}, errRequired("classification.id")
	}
	sev, err := cases.ParseSeverity(in.Priority)
	if err != nil || !strings.HasPrefix(in.Priority, "P") {
		return cases.Case{}, errInvalid("priority %q: want P0 to P4", in.Priority)
	}
	return cases.Case{
		Product:     cases.GoogleWorkspace,
		Category:    cases.Category{ID: in.Classification.Id},
		Title:       in.DisplayName,
		Description: in.Description,
		Severity:    sev,
		Language:    in.LanguageCode,
		TimeZone:    in.TimeZone,
		SharedWith:  in.SubscriberEmailAddresses,
	}, nil
}

func commentToWire(caseName string, c cases.Comment) *cloudsupport.Comment {
	out := &cloudsupport.Comment{Name: caseName + "/comments/" + c.ID, Body: c.Body, CreateTime: fmtTime(c.CreateTime)}
	if c.Author != "" {
		out.Creator = &cloudsupport.Actor{Email: c.Author, Username: c.Author, DisplayName: c.Author}
	}
	return out
}

func attachmentToWire(caseName string, a cases.Attachment) *cloudsupport.Attachment {
	out := &cloudsupport.Attachment{Name: caseName + "/attachments/" + a.ID, Filename: a.Name,
		MimeType: a.ContentType, SizeBytes: a.Size, CreateTime: fmtTime(a.CreateTime)}
	if a.Creator != "" {
		out.Creator = &cloudsupport.Actor{Email: a.Creator, Username: a.Creator, DisplayName: a.Creator}
	}
	return out
}
