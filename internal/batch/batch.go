// Package batch is a client of Google's batch protocol for the Admin SDK,
// Reseller and Licensing APIs, which the generated Go clients lack: many
// calls of one API in one HTTP round trip.
//
// Google's wire format
// (https://developers.google.com/admin-sdk/directory/v1/guides/batch, the
// same page for every Admin SDK API): one POST to the API's batchPath
// ("batch" under its root URL, in its discovery document) of Content-Type
// multipart/mixed, each part of Content-Type application/http holding one
// call ("GET /apps/reseller/v1/customers/C0123 HTTP/1.1", headers, blank
// line, body) with a Content-ID; the answer is multipart/mixed with one
// application/http part per call, its own status line, headers and body,
// and Content-ID "response-" + the call's Content-ID. "You're limited to
// 1000 calls in a single batch request"; "all the inner requests must go
// to the same Google API"; each call counts against quota as one request,
// and Google runs the calls of a batch in no promised order.
//
// The package knows nothing of the calls it carries: the services build
// the paths and interpret each [Reply] (a 403 of customers.get is rule
// D5's "not granted", not a failure).
package batch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"

	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// MaxCalls is Google's limit of calls in one batch request.
const MaxCalls = 1000

// maxReply bounds the body of a batch answer read into memory: 1000
// answers of a few kilobytes each.
const maxReply = 64 << 20

// boundary separates the parts of a request; it never occurs in a
// request line (paths and queries are percent-encoded).
const boundary = "resellerkit_batch_boundary"

// Call is one call of a batch: a GET (Method "" is GET) of Path, the
// call's path and query under the API's root URL
// ("/apps/reseller/v1/customers/C0123?fields=customerId").
type Call struct {
	Method string
	Path   string
}

// Reply is the answer to one call: its HTTP status, headers and body.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// Err returns nil for a 2xx reply, else the reply as the *googleapi.Error
// the generated client would have returned for the call, classified by
// [errs.Call] under method (the call's discovery ID).
func (r Reply) Err(method string) error {
	if r.Status >= 200 && r.Status < 300 {
		return nil
	}
	resp := &http.Response{StatusCode: r.Status, Header: r.Header, Body: io.NopCloser(bytes.NewReader(r.Body))}
	err := googleapi.CheckResponse(resp)
	if err == nil {
		err = &googleapi.Error{Code: r.Status, Message: http.StatusText(r.Status)}
	}
	return errs.Call(method, err)
}

// Do sends calls in one batch request to url (the API's root URL and
// batchPath, "https://reseller.googleapis.com/batch") through hc, and
// returns one reply per call, in the order of calls. hc is a Conn's
// client: it adds the token and retries the batch request as a whole;
// a call's own failure (a 403, a 429, a 503) is in its Reply, for the
// caller to judge and send again.
//
// An empty calls is no request; more than [MaxCalls] is an error made
// before any request.
func Do(ctx context.Context, hc *http.Client, url string, calls []Call) ([]Reply, error) {
	const op = "batch.Do"
	if len(calls) == 0 {
		return nil, nil
	}
	if len(calls) > MaxCalls {
		return nil, errs.Invalid(op, "calls", fmt.Sprintf("holds %d calls; Google takes at most %d in one batch: split them", len(calls), MaxCalls))
	}
	body, ctype, err := Build(calls)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, errs.Errorf(resellerkit.KindInvalidArgument, op, "building the batch request: the batch URL is not valid")
	}
	req.Header.Set("Content-Type", ctype)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, errs.ForOp(op, errs.Call("batch", err))
	}
	defer resp.Body.Close()
	if err := googleapi.CheckResponse(resp); err != nil {
		return nil, errs.ForOp(op, errs.Call("batch", err))
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxReply+1))
	if err != nil {
		return nil, errs.ForOp(op, errs.Call("batch", err))
	}
	if len(raw) > maxReply {
		return nil, errs.Errorf(resellerkit.KindUnavailable, op, "the batch answer is larger than %d bytes; send fewer calls per batch", maxReply)
	}
	return Parse(resp.Header.Get("Content-Type"), raw, len(calls))
}

// contentID is the Content-ID of the call at index i.
func contentID(i int) string { return "<item-" + strconv.Itoa(i) + ">" }

// Build returns the body and Content-Type of a batch request carrying
// calls. A call's Path must start with "/" and hold no space or line
// break.
func Build(calls []Call) ([]byte, string, error) {
	const op = "batch.Build"
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.SetBoundary(boundary); err != nil {
		return nil, "", errs.Errorf(resellerkit.KindUnknown, op, "setting the boundary: %w", err)
	}
	for i, c := range calls {
		m := c.Method
		if m == "" {
			m = http.MethodGet
		}
		if !strings.HasPrefix(c.Path, "/") || strings.ContainsAny(c.Path, " \r\n") || strings.ContainsAny(m, " \r\n") {
			return nil, "", errs.Invalid(op, "calls["+strconv.Itoa(i)+"].Path", "must start with / and hold no space or line break; escape it")
		}
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type": {"application/http"},
			"Content-ID":   {contentID(i)},
		})
		if err != nil {
			return nil, "", errs.Errorf(resellerkit.KindUnknown, op, "writing part %d: %w", i, err)
		}
		fmt.Fprintf(pw, "%s %s HTTP/1.1\r\n\r\n", m, c.Path)
	}
	if err := mw.Close(); err != nil {
		return nil, "", errs.Errorf(resellerkit.KindUnknown, op, "closing the batch: %w", err)
	}
	return buf.Bytes(), "multipart/mixed; boundary=" + boundary, nil
}

// errMalformed is the cause of every error of Parse: the answer is not
// the batch answer Google documents.
var errMalformed = errors.New("malformed batch answer")

// Parse splits a batch answer of Content-Type ctype into n replies, in
// the order of the calls (by each part's Content-ID "response-item-N",
// with or without angle brackets, else by position). An answer that is
// not multipart/mixed, a part that is not an HTTP response, a reply for
// no call, two for one call or a call with no reply is an error of
// [resellerkit.KindUnavailable] (Google answered something the client
// cannot trust; sending again may help): never a partial result.
func Parse(ctype string, body []byte, n int) ([]Reply, error) {
	const op = "batch.Parse"
	bad := func(format string, args ...any) error {
		return errs.Errorf(resellerkit.KindUnavailable, op, "%w: "+format, append([]any{errMalformed}, args...)...)
	}
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil || mt != "multipart/mixed" || params["boundary"] == "" {
		return nil, bad("Content-Type %q is not multipart/mixed with a boundary", ctype)
	}
	out := make([]Reply, n)
	got := make([]bool, n)
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for k := 0; ; k++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bad("part %d: %v", k, err)
		}
		if k >= n {
			return nil, bad("more replies than the %d calls sent", n)
		}
		i := k
		if id := p.Header.Get("Content-ID"); id != "" {
			if i, err = replyIndex(id); err != nil || i >= n {
				return nil, bad("part %d has Content-ID %q, which names no call sent", k, id)
			}
		}
		if got[i] {
			return nil, bad("two replies for call %d", i)
		}
		resp, err := http.ReadResponse(bufio.NewReader(io.LimitReader(p, maxReply)), nil)
		if err != nil {
			return nil, bad("part %d is not an HTTP response: %v", k, err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, bad("part %d: reading its body: %v", k, err)
		}
		out[i] = Reply{Status: resp.StatusCode, Header: resp.Header, Body: b}
		got[i] = true
	}
	for i, ok := range got {
		if !ok {
			return nil, bad("no reply for call %d of %d", i, n)
		}
	}
	return out, nil
}

// replyIndex returns N of the Content-ID "<response-item-N>" (or without
// the brackets).
func replyIndex(id string) (int, error) {
	id = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(id), "<"), ">")
	rest, ok := strings.CutPrefix(id, "response-item-")
	if !ok {
		return 0, errMalformed
	}
	i, err := strconv.Atoi(rest)
	if err != nil || i < 0 || strconv.Itoa(i) != rest {
		return 0, errMalformed
	}
	return i, nil
}
