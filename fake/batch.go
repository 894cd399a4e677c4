package fake

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Google's batch protocol
// (https://developers.google.com/admin-sdk/directory/v1/guides/batch, the
// same page for every Admin SDK API): one POST of Content-Type
// multipart/mixed whose parts are each one call as an application/http
// message ("GET /admin/directory/v1/users/ana@… HTTP/1.1", headers, body),
// answered 200 multipart/mixed with one application/http part per call,
// each with its own status, headers and body, and Content-ID
// "response-<the part's Content-ID>". GAM and Python's
// googleapiclient.http.BatchHttpRequest (new_batch_http_request) send
// them; the Go clients do not.
//
// Google's rules the fake follows: "All the inner requests must go to the
// same Google API"; "You're limited to 1000 calls in a single batch
// request"; each call counts against quota as one request. Each part is
// served through the same pipeline as a single call (request log,
// authentication, quota, faults, fields=, ETag), acting with the part's
// Authorization header, else the batch's; the latency of [WithLatency] is
// paid once by the batch, as Google runs a batch's calls in parallel.
//
// Paths: each API's batchPath in its discovery document is "batch" under
// its own host (admin.googleapis.com/batch, licensing…, reseller…,
// cloudsupport…); the fake serves all four hosts at one URL, so /batch
// carries the calls of any one API, the API of its first call. The
// API-specific paths of Google's guide, /batch/<api>/<version>
// (batch/admin/directory_v1, batch/licensing/v1, batch/reseller/v1,
// batch/cloudsupport/v2), carry that API's calls only. A call to another
// API (or to no API: the token endpoint, a media upload, a nested batch)
// answers 404 in its part, as the API's own host would. Google's messages
// for a refused batch are not documented; the fake's say what was wrong.

// maxBatchParts is Google's documented limit of calls in one batch.
const maxBatchParts = 1000

// maxBatchBody bounds a batch request's body: room for 1000 calls of a
// few kilobytes each; a single call's body is bounded again by the
// handler (maxBody).
const maxBatchBody = 32 << 20

// batchAPIs are the APIs a batch may carry: the discovery name, the REST
// path prefix of its calls and the API-specific batch path.
var batchAPIs = []struct {
	api, title, prefix, path string
}{
	{"directory", "Directory API", directoryPath, "/batch/admin/directory_v1"},
	{"licensing", "Enterprise License Manager API", "/apps/licensing/v1/", "/batch/licensing/v1"},
	{"reseller", "Reseller API", "/apps/reseller/v1/", "/batch/reseller/v1"},
	{"cloudsupport", "Cloud Support API", "/v2/", "/batch/cloudsupport/v2"},
}

// routeBatch registers the batch endpoints.
func (s *Server) routeBatch(mux *http.ServeMux) {
	mux.HandleFunc("POST /batch", func(rw http.ResponseWriter, r *http.Request) { s.serveBatch(rw, r, "") })
	for _, a := range batchAPIs {
		mux.HandleFunc("POST "+a.path, func(rw http.ResponseWriter, r *http.Request) { s.serveBatch(rw, r, a.api) })
	}
}

// apiOfPath returns the index in batchAPIs of the API whose calls path
// names, or -1.
func apiOfPath(path string) int {
	for i, a := range batchAPIs {
		if strings.HasPrefix(path, a.prefix) {
			return i
		}
	}
	return -1
}

// batchPart is one call of a batch.
type batchPart struct {
	contentID string
	req       *http.Request
	err       *apiError // the part cannot be served: answered in its place
}

// serveBatch serves one batch request for api ("" on /batch: the API of
// the first call).
//
// Latency ([WithLatency]) is paid once per batch, here, not once per call:
// Google runs the calls of a batch in parallel, so a batch takes about as
// long as one call, which is the round trip a batch saves. Each call is
// still counted, logged and charged to quota as one call.
func (s *Server) serveBatch(rw http.ResponseWriter, r *http.Request, api string) {
	if d := time.Duration(s.latency.Load()); d > 0 && !sleepCtx(r.Context(), d) {
		return
	}
	parts, e := readBatch(r)
	if e != nil {
		writeError(rw, e)
		return
	}
	apiIdx := -1
	for i, a := range batchAPIs {
		if a.api == api {
			apiIdx = i
		}
	}
	var rnd [12]byte
	rand.Read(rnd[:])
	boundary := "batch_" + hex.EncodeToString(rnd[:])
	var out bytes.Buffer
	mw := multipart.NewWriter(&out)
	if err := mw.SetBoundary(boundary); err != nil {
		writeError(rw, &apiError{Code: 500, Reason: "internalError", Message: "fake: batch boundary: " + err.Error()})
		return
	}
	for _, p := range parts {
		rec := newPartRecorder()
		switch {
		case p.err != nil:
			writeError(rec, p.err)
		default:
			i := apiOfPath(p.req.URL.Path)
			if apiIdx < 0 && api == "" && i >= 0 {
				apiIdx = i // /batch: the first call names the API
			}
			switch {
			case i < 0:
				writeError(rec, errf(http.StatusNotFound, "notFound",
					"fake: %s %s is not a call of any API a batch carries (Directory, Enterprise License Manager, Reseller, Cloud Support)", p.req.Method, p.req.URL.Path))
			case i != apiIdx:
				writeError(rec, errf(http.StatusNotFound, "notFound",
					"fake: %s %s is a call of the %s; this batch carries %s calls only (all the calls of a batch must go to the same Google API)",
					p.req.Method, p.req.URL.Path, batchAPIs[i].title, batchAPIs[apiIdx].title))
			default:
				s.ServeHTTP(rec, p.req)
			}
		}
		h := textproto.MIMEHeader{"Content-Type": {"application/http"}}
		if p.contentID != "" {
			h.Set("Content-ID", responseID(p.contentID))
		}
		pw, err := mw.CreatePart(h)
		if err != nil {
			writeError(rw, &apiError{Code: 500, Reason: "internalError", Message: "fake: writing the batch answer: " + err.Error()})
			return
		}
		rec.writeTo(pw)
	}
	mw.Close()
	rw.Header().Set("Content-Type", "multipart/mixed; boundary="+boundary)
	rw.Write(out.Bytes())
}

// responseID is the Content-ID of the answer to a part: "<response-ID>"
// for "<ID>", as Google's guide shows and Python's client parses.
func responseID(id string) string {
	if strings.HasPrefix(id, "<") && strings.HasSuffix(id, ">") && len(id) >= 2 {
		return "<response-" + id[1:len(id)-1] + ">"
	}
	return "response-" + id
}

func errBatch(format string, args ...any) *apiError {
	return errf(http.StatusBadRequest, "badRequest", format, args...)
}

// readBatch splits a batch request into its calls. A request that is not
// a batch answers 400; a part that is not a call is answered in its place.
func readBatch(r *http.Request) ([]batchPart, *apiError) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" || params["boundary"] == "" {
		return nil, errBatch("Invalid batch request: the Content-Type must be multipart/mixed with a boundary, not %q", r.Header.Get("Content-Type"))
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBatchBody+1))
	if err != nil {
		return nil, errBatch("Invalid batch request: reading the body: %v", err)
	}
	if len(body) > maxBatchBody {
		return nil, errBatch("Invalid batch request: the body is larger than %d bytes", maxBatchBody)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var parts []batchPart
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errBatch("Invalid batch request: %v", err)
		}
		if len(parts) == maxBatchParts {
			return nil, errBatch("Invalid batch request: a batch holds at most %d calls", maxBatchParts)
		}
		raw, err := io.ReadAll(p)
		if err != nil {
			return nil, errBatch("Invalid batch request: %v", err)
		}
		bp := batchPart{contentID: p.Header.Get("Content-ID")}
		if ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); ct != "application/http" {
			bp.err = errBatch("Invalid batch request: each part must be Content-Type application/http, not %q", p.Header.Get("Content-Type"))
		} else {
			bp.req, bp.err = partRequest(r, raw)
		}
		parts = append(parts, bp)
	}
	if len(parts) == 0 {
		return nil, errBatch("Invalid batch request: it holds no call")
	}
	return parts, nil
}

// partRequest builds the call of one part, "METHOD PATH[?QUERY]
// [HTTP/1.1]", its headers, a blank line and its body, as a request on
// the batch's context, acting with the part's Authorization else the
// batch's. Lines may end in CRLF or, as Python's client writes them, LF.
func partRequest(outer *http.Request, raw []byte) (*http.Request, *apiError) {
	br := bufio.NewReader(bytes.NewReader(raw))
	tp := textproto.NewReader(br)
	var line string
	for {
		l, err := tp.ReadLine()
		if err != nil {
			return nil, errBatch("Invalid batch request: a part holds no request line")
		}
		if strings.TrimSpace(l) != "" {
			line = l
			break
		}
	}
	f := strings.Fields(line)
	if len(f) < 2 || len(f) > 3 || (len(f) == 3 && !strings.HasPrefix(f[2], "HTTP/")) {
		return nil, errBatch("Invalid batch request: %q is not a request line (METHOD PATH HTTP/1.1)", line)
	}
	target := f[1]
	u, err := url.Parse(target)
	if err != nil || u.Path == "" || !strings.HasPrefix(u.Path, "/") {
		return nil, errBatch("Invalid batch request: %q is not a path", target)
	}
	hdr, err := tp.ReadMIMEHeader()
	if err != nil && err != io.EOF {
		return nil, errBatch("Invalid batch request: the headers of %s %s: %v", f[0], u.Path, err)
	}
	body, _ := io.ReadAll(br)
	if cl := hdr.Get("Content-Length"); cl != "" {
		if n, err := strconv.Atoi(cl); err == nil && n >= 0 && n <= len(body) {
			body = body[:n]
		}
	} else {
		body = bytes.TrimRight(body, "\r\n")
	}
	req, err := http.NewRequestWithContext(outer.Context(), f[0], (&url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery}).String(), bytes.NewReader(body))
	if err != nil {
		return nil, errBatch("Invalid batch request: %q: %v", line, err)
	}
	req = req.WithContext(context.WithValue(req.Context(), batchPartKey{}, true))
	req.Header = http.Header(hdr)
	if req.Header.Get("Authorization") == "" {
		if a := outer.Header.Get("Authorization"); a != "" {
			req.Header.Set("Authorization", a)
		}
	}
	req.Host = outer.Host
	req.RemoteAddr = outer.RemoteAddr
	return req, nil
}

// partRecorder holds one call's answer until it is written into its part.
type partRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newPartRecorder() *partRecorder { return &partRecorder{header: http.Header{}} }

func (p *partRecorder) Header() http.Header { return p.header }

func (p *partRecorder) WriteHeader(code int) {
	if p.status == 0 {
		p.status = code
	}
}

func (p *partRecorder) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return p.body.Write(b)
}

// writeTo writes the answer as an application/http message: status line,
// headers, blank line, body, with CRLF line ends (Python's client splits
// the headers from the body at the first CRLF CRLF).
func (p *partRecorder) writeTo(w io.Writer) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	fmt.Fprintf(w, "HTTP/1.1 %d %s\r\n", p.status, http.StatusText(p.status))
	p.header.Set("Content-Length", strconv.Itoa(p.body.Len()))
	p.header.Write(w)
	io.WriteString(w, "\r\n")
	w.Write(p.body.Bytes())
}

// batchPartKey marks the context of a call served as part of a batch.
type batchPartKey struct{}

// inBatch reports whether r is a call of a batch, whose latency the batch
// paid once for all its calls.
func inBatch(r *http.Request) bool {
	v, _ := r.Context().Value(batchPartKey{}).(bool)
	return v
}
