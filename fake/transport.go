package fake

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// inProcessURL is the base URL of a Server built [WithoutListener]. The
// .invalid top-level domain never resolves (RFC 2606), so a request that
// escapes the in-process transport fails instead of reaching a real host.
const inProcessURL = "https://fake.invalid/"

// Transport returns an http.RoundTripper that serves requests to
// [Server.URL] in-process: no socket, no connection pool, the same handlers
// and wire format as over TCP. [Server.Conn] and [Server.DelegatedConn] use
// it; pass it in an http.Client to a generated client
// (option.WithHTTPClient) to skip the network in your own tests. A request
// to any other host is refused.
func (s *Server) Transport() http.RoundTripper { return inProcess{s} }

type inProcess struct{ s *Server }

func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	if req.URL == nil || req.URL.Host != t.s.host {
		return nil, fmt.Errorf("fake: the in-process transport serves %s only", t.s.url)
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	if r.Body == nil {
		r.Body = http.NoBody
	}
	if r.ContentLength == 0 && r.Body != http.NoBody {
		// A client request's 0 with a body means "unknown"; a server
		// sees that as -1 (a chunked body).
		r.ContentLength = -1
	}
	r.RequestURI = r.URL.RequestURI()
	r.RemoteAddr = "127.0.0.1:0"
	if r.Host == "" {
		r.Host = r.URL.Host
	}
	rec := &recorder{header: http.Header{}}
	if err := t.serve(rec, r); err != nil {
		return nil, err
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	body := rec.body.Bytes()
	if req.Method == http.MethodHead {
		body = nil
	}
	return &http.Response{
		Status:        strconv.Itoa(rec.status) + " " + http.StatusText(rec.status),
		StatusCode:    rec.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        rec.header,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

// serve runs the handler; an aborted handler (http.ErrAbortHandler, as the
// context's end makes) is an error of the round trip, as over TCP.
func (t inProcess) serve(rec *recorder, r *http.Request) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if p != http.ErrAbortHandler {
				panic(p)
			}
			err = errors.New("fake: the handler aborted the request")
			if cerr := r.Context().Err(); cerr != nil {
				err = cerr
			}
		}
	}()
	t.s.ServeHTTP(rec, r)
	if rec.status == 0 && rec.body.Len() == 0 {
		if cerr := r.Context().Err(); cerr != nil {
			return cerr
		}
	}
	return nil
}

// recorder is the http.ResponseWriter of an in-process request.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *recorder) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(p)
}
