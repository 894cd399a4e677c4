package fake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/api/option"
)

// Server serves a [World] at the real REST paths of the Directory,
// Licensing, Reseller and Cloud Support APIs (google.golang.org/api
// v0.311.0), so the unmodified generated clients work against it: in-process
// through [Server.Transport] ([Server.Conn], [Server.ClientOptions]), or
// over TCP at [Server.URL], on loopback only unless told otherwise. Each
// Server has its own routes, quota, latency and request log; several may
// serve one World.
type Server struct {
	world   *World
	mux     *http.ServeMux        // every route of this Server (routes.go)
	latency atomic.Int64          // nanoseconds; SetLatency
	quota   atomic.Pointer[Quota] // nil: no pacing; SetQuota
	control string                // the control API's bearer token (control.go)
	state   *stateFile            // WithStateFile; nil: nothing to persist (state.go)
	ln      net.Listener
	srv     *http.Server
	url     string
	host    string // the host of url, which the in-process transport serves
	closeMu sync.Once

	mu        sync.Mutex
	buckets   map[bucketKey]*bucket
	requests  ring // discovery method IDs served, the last [DefaultRequestLog]
	unhandled ring // "METHOD /path" of requests no route matched

	saMu  sync.Mutex
	saKey []byte // the service-account key of DelegatedConn, made on first use
}

// Quota paces each user per API (Directory, Licensing, Reseller, ...) as
// Google's per-user quotas do (rule W3): a token bucket holding Burst
// queries (PerMinute when Burst is 0), refilled continuously at PerMinute
// per minute of wall-clock time (not the World's clock). A query over quota
// answers Google's throttling error: Directory 403 userRateLimitExceeded;
// Licensing 429 rateLimitExceeded; Reseller 429 quotaExceeded. The zero
// Quota turns pacing off.
type Quota struct {
	PerMinute int
	Burst     int
}

type bucketKey struct{ user, api string }

type bucket struct {
	tokens float64
	last   time.Time
}

type serverConfig struct {
	addr        string
	allowRemote bool
	latency     time.Duration
	quota       Quota
	pageCap     int
	listen      bool
	requestLog  int
	control     string
	stateFile   string
}

// Option configures a [Server].
type Option func(*serverConfig) error

// WithAddr sets the listen address (default "127.0.0.1:0", a free port). An
// empty host (":8085", ":0") means 127.0.0.1. A non-loopback address is
// refused unless [WithAllowRemote] is given too.
func WithAddr(addr string) Option {
	return func(c *serverConfig) error { c.addr = addr; return nil }
}

// WithAllowRemote allows a non-loopback listen address. The fake has no
// real security: never expose it to a network you do not control.
func WithAllowRemote() Option {
	return func(c *serverConfig) error { c.allowRemote = true; return nil }
}

// WithLatency adds d before every answer.
func WithLatency(d time.Duration) Option {
	return func(c *serverConfig) error {
		if d < 0 {
			return errors.New("fake: WithLatency: negative latency")
		}
		c.latency = d
		return nil
	}
}

// WithQuota paces callers (see [Quota]).
func WithQuota(q Quota) Option {
	return func(c *serverConfig) error {
		if q.PerMinute < 0 || q.Burst < 0 {
			return errors.New("fake: WithQuota: negative quota")
		}
		c.quota = q
		return nil
	}
}

// WithPageCap forces every listing to pages of at most n items, so tests
// page with little data (it sets [World.SetPageCap]).
func WithPageCap(n int) Option {
	return func(c *serverConfig) error {
		if n < 0 {
			return errors.New("fake: WithPageCap: negative cap")
		}
		c.pageCap = n
		return nil
	}
}

// WithRequestLog sets how many entries [Server.Requests] and
// [Server.Unhandled] keep, the newest ones (default [DefaultRequestLog]); 0
// keeps none.
func WithRequestLog(n int) Option {
	return func(c *serverConfig) error {
		if n < 0 {
			return errors.New("fake: WithRequestLog: negative size")
		}
		c.requestLog = n
		return nil
	}
}

// WithoutListener builds the Server without listening: it is reached
// in-process only, through [Server.Transport] (which [Server.Conn] uses) or
// [Server.ServeHTTP]. Its URL is "https://fake.invalid/", a name that never
// resolves.
func WithoutListener() Option {
	return func(c *serverConfig) error { c.listen = false; return nil }
}

// NewServer starts serving w. Close it when done.
func NewServer(w *World, opts ...Option) (*Server, error) {
	if w == nil {
		return nil, errors.New("fake: NewServer: the World is nil; build one with NewWorld or DemoSeed")
	}
	cfg := serverConfig{addr: "127.0.0.1:0", listen: true, requestLog: DefaultRequestLog}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	s := &Server{world: w, buckets: map[bucketKey]*bucket{},
		requests: ring{max: cfg.requestLog}, unhandled: ring{max: cfg.requestLog}}
	s.SetLatency(cfg.latency)
	s.SetQuota(cfg.quota)
	if err := s.initControl(cfg.control, cfg.stateFile); err != nil {
		return nil, err
	}
	if cfg.pageCap > 0 {
		w.SetPageCap(cfg.pageCap)
	}
	s.mux = s.routes()
	if !cfg.listen {
		s.url, s.host = inProcessURL, "fake.invalid"
		return s, nil
	}
	if host, port, err := net.SplitHostPort(cfg.addr); err == nil && host == "" {
		// ":0" means a free loopback port, never every interface.
		cfg.addr = net.JoinHostPort("127.0.0.1", port)
	}
	if err := checkLoopback(cfg.addr, cfg.allowRemote); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, fmt.Errorf("fake: listening on %s: %w", cfg.addr, err)
	}
	s.ln = ln
	s.host = ln.Addr().String()
	s.url = "http://" + s.host + "/"
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

// checkLoopback refuses a listen address that is not on loopback.
func checkLoopback(addr string, allowRemote bool) error {
	if allowRemote {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("fake: listen address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("fake: listen address %q is not a loopback address; use 127.0.0.1:PORT (or allow remote access explicitly)", addr)
}

// Close stops the Server and closes its connections.
func (s *Server) Close() error {
	var err error
	s.closeMu.Do(func() {
		if s.srv != nil {
			err = s.srv.Close()
		}
	})
	return err
}

// URL is the base URL of every API, with a trailing slash
// ("http://127.0.0.1:PORT/"): pass it to option.WithEndpoint.
func (s *Server) URL() string { return s.url }

// TokenURL is the OAuth token endpoint, for a service account's token_uri.
func (s *Server) TokenURL() string { return s.url + "token" }

// World returns the World the Server serves.
func (s *Server) World() *World { return s.world }

// TokenFor returns a bearer token acting as the user with this email.
func (s *Server) TokenFor(email string) (string, error) { return s.world.TokenFor(email) }

// httpClient returns an HTTP client that sends token as a bearer token,
// in-process ([Server.Transport]).
func (s *Server) httpClient(token string) *http.Client {
	return &http.Client{Transport: &bearerTransport{token: token, base: s.Transport()}}
}

// ClientOptions returns the options that point an unmodified generated
// client (admin.NewService, licensing.NewService, reseller.NewService) at
// the Server, acting with token.
func (s *Server) ClientOptions(token string) []option.ClientOption {
	return []option.ClientOption{option.WithEndpoint(s.url), option.WithHTTPClient(s.httpClient(token))}
}

type bearerTransport struct {
	token string
	base  http.RoundTripper
}

func (t *bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.Header.Set("Authorization", "Bearer "+t.token)
	return t.base.RoundTrip(r2)
}

// Fail installs a fault in the World (see [Fault]).
func (s *Server) Fail(f Fault) (remove func()) { return s.world.Fail(f) }

// SetReadAfterWriteLag sets [World.SetReadAfterWriteLag].
func (s *Server) SetReadAfterWriteLag(n int) { s.world.SetReadAfterWriteLag(n) }

// Requests returns the discovery method IDs of the requests served so far,
// in order (token requests are "oauth2.token"): the last
// [DefaultRequestLog] of them, or as many as [WithRequestLog] says.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests.list()
}

// Unhandled returns "METHOD /path" of each request no route matched; each
// was answered 501.
func (s *Server) Unhandled() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unhandled.list()
}

// ResetLog forgets [Server.Requests] and [Server.Unhandled].
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.reset()
	s.unhandled.reset()
}

// ServeHTTP serves one request. Paths with repeated slashes (an org unit
// path passed with its leading slash) are served as if collapsed, never
// redirected.
func (s *Server) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	defer func() {
		// Nothing may bring the server down; a panic is a bug in the fake,
		// reported as a 500 naming it.
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			writeError(rw, &apiError{Code: 500, Reason: "internalError", Message: fmt.Sprintf("fake: internal error: %v", p)})
		}
	}()
	if strings.Contains(r.URL.Path, "//") {
		r2 := *r
		u := *r.URL
		for strings.Contains(u.Path, "//") {
			u.Path = strings.ReplaceAll(u.Path, "//", "/")
		}
		u.RawPath = ""
		r2.URL = &u
		r = &r2
	}
	if _, pattern := s.mux.Handler(r); pattern == "" || hasDotSegment(r.URL.Path) {
		// The mux would redirect to a cleaned path (an empty segment, as in
		// "cases/:close" without an ID), and the cleaned path can redirect
		// to itself: Google has no redirects; it refuses the name.
		writeError(rw, &apiError{Code: http.StatusNotFound, Reason: "notFound", Message: "Requested entity was not found."})
		return
	}
	s.mux.ServeHTTP(rw, r) // it sets the path values the handlers read
}

// hasDotSegment reports whether path has a "." or ".." segment, which the
// mux would answer with a redirect to the cleaned path.
func hasDotSegment(path string) bool {
	for seg := range strings.SplitSeq(path, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// handlerFunc is one API method: it gets the caller's user ID and returns
// the body to encode (nil: 204 No Content) or an error.
type handlerFunc func(r *http.Request, as string) (any, *apiError)

// handle registers h as the API method with this discovery method ID
// ("directory.users.get") at its REST path pattern in mux.
func (s *Server) handle(mux *http.ServeMux, pattern, method string, h handlerFunc) {
	api, _, _ := strings.Cut(method, ".")
	mux.HandleFunc(pattern, func(rw http.ResponseWriter, r *http.Request) {
		s.serve(rw, r, method, api, h)
	})
}

// serve serves one API call of method (a discovery method ID) of api
// ("directory", "cloudsupport", ...): latency, the request log,
// authentication, quota, faults, then h, its ETag and 304, and the JSON
// answer.
func (s *Server) serve(rw http.ResponseWriter, r *http.Request, method, api string, h handlerFunc) {
	s.mu.Lock()
	s.requests.add(method)
	s.mu.Unlock()
	if d := time.Duration(s.latency.Load()); d > 0 && !inBatch(r) && !sleepCtx(r.Context(), d) {
		return // a batch's calls paid the latency once, with the batch (batch.go)
	}
	tok, ok := bearer(r)
	if !ok {
		writeError(rw, errLoginRequired())
		return
	}
	as, ok := s.world.tokenUser(tok)
	if !ok {
		writeError(rw, errUnauthenticated())
		return
	}
	if e := s.takeQuota(as, api); e != nil {
		writeError(rw, e)
		return
	}
	if e := s.world.injectFault(r.Context(), method); e != nil {
		writeError(rw, e)
		return
	}
	r, sel, e := requestFields(r) // fields.go: the "fields" parameter, when present
	if e != nil {
		writeError(rw, e)
		return
	}
	body, e := h(r, as)
	if s.state != nil && r.Method != http.MethodGet {
		// Durable before acknowledged: a write (or a lost answer's write)
		// reaches the state file before its answer is sent.
		if pe := s.persist(); pe != nil {
			e = pe
		}
	}
	if e != nil {
		writeError(rw, e)
		return
	}
	if body == nil {
		rw.WriteHeader(http.StatusNoContent)
		return
	}
	if m, ok := body.(*mediaBody); ok {
		m.write(rw) // a media download's bytes (cases_routes.go)
		return
	}
	tag := etagOf(body)
	if tag != "" {
		rw.Header().Set("ETag", tag)
		if inm := r.Header.Get("If-None-Match"); inm != "" && inm == tag {
			rw.WriteHeader(http.StatusNotModified)
			return
		}
	}
	b, err := json.Marshal(wireBody(body)) // wire.go: Google's booleans
	if err == nil && sel != nil {
		if e := sel.check(reflect.TypeOf(body)); e != nil {
			writeError(rw, e)
			return
		}
		b, err = sel.prune(b)
	}
	if err != nil {
		writeError(rw, &apiError{Code: 500, Reason: "internalError", Message: "fake: encoding the response: " + err.Error()})
		return
	}
	rw.Header().Set("Content-Type", "application/json; charset=UTF-8")
	rw.Write(b)
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
		return "", false
	}
	tok := strings.TrimSpace(h[7:])
	return tok, tok != ""
}

// takeQuota spends one query of user's quota for api, or answers the API's
// throttling error.
func (s *Server) takeQuota(user, api string) *apiError {
	qp := s.quota.Load()
	if qp == nil {
		return nil
	}
	q := *qp
	s.mu.Lock()
	defer s.mu.Unlock()
	burst := float64(q.Burst)
	if burst <= 0 {
		burst = float64(q.PerMinute)
	}
	now := time.Now()
	k := bucketKey{user, api}
	b := s.buckets[k]
	if b == nil {
		b = &bucket{tokens: burst, last: now}
		s.buckets[k] = b
	}
	b.tokens = min(burst, b.tokens+now.Sub(b.last).Minutes()*float64(q.PerMinute))
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return nil
	}
	return throttled(api, q.PerMinute)
}

func throttled(api string, perMinute int) *apiError {
	switch api {
	case "directory":
		return &apiError{Code: 403, Reason: "userRateLimitExceeded", Domain: "usageLimits",
			Message: fmt.Sprintf("Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com' (fake quota: %d per minute).", perMinute)}
	case "reseller":
		return &apiError{Code: 429, Reason: "quotaExceeded", Domain: "usageLimits",
			Message: fmt.Sprintf("Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'reseller.googleapis.com' (fake quota: %d per minute).", perMinute)}
	}
	return &apiError{Code: 429, Reason: "rateLimitExceeded", Domain: "usageLimits",
		Message: fmt.Sprintf("Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service '%s.googleapis.com' (fake quota: %d per minute).", api, perMinute)}
}

// writeError writes e in Google's JSON error envelope.
func writeError(rw http.ResponseWriter, e *apiError) {
	for k, v := range e.header() {
		rw.Header()[k] = v
	}
	b, _ := json.Marshal(e.envelope())
	rw.WriteHeader(e.Code)
	rw.Write(b)
}

// notImplemented answers every request no route matched.
func (s *Server) notImplemented(rw http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.unhandled.add(r.Method + " " + r.URL.Path)
	s.mu.Unlock()
	msg := fmt.Sprintf("fake: %s %s is not implemented", r.Method, r.URL.Path)
	if id := methodIDOf(r.Method, r.URL.Path); id != "" {
		msg = fmt.Sprintf("fake: %s (%s %s) is not implemented", id, r.Method, r.URL.Path)
	}
	writeError(rw, &apiError{Code: 501, Reason: "notImplemented", Message: msg})
}

// etagOf returns the ETag member of a generated response struct.
func etagOf(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return ""
	}
	e := rv.Elem()
	for _, name := range [...]string{"Etag", "Etags"} {
		if f := e.FieldByName(name); f.IsValid() && f.Kind() == reflect.String {
			return f.String()
		}
	}
	return ""
}

const maxBody = 1 << 20

// decodeBody decodes a JSON request body into a generated struct and
// records which members were present (ForceSendFields) or null
// (NullFields), so patch operations see exactly what the client sent.
func decodeBody[T any](r *http.Request) (*T, *apiError) {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, errf(400, "parseError", "Parse Error: reading the request body: %v", err)
	}
	if len(b) > maxBody {
		return nil, errf(400, "invalid", "Invalid Input: the request body is larger than %d bytes", maxBody)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, errf(400, "parseError", "Parse Error: the request body is empty; a JSON object is required")
	}
	v := new(T)
	if err := json.Unmarshal(b, v); err != nil {
		return nil, errf(400, "parseError", "Parse Error: invalid JSON payload received: %v", err)
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(b, &raw) == nil {
		markPresence(reflect.ValueOf(v).Elem(), raw, 0)
	}
	return v, nil
}

func markPresence(rv reflect.Value, raw map[string]json.RawMessage, depth int) {
	rt := rv.Type()
	var force, null []string
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		val, ok := raw[name]
		if !ok {
			continue
		}
		if string(bytes.TrimSpace(val)) == "null" {
			null = append(null, f.Name)
			continue
		}
		force = append(force, f.Name)
		fv := rv.Field(i)
		if depth < 2 && fv.Kind() == reflect.Pointer && !fv.IsNil() && fv.Elem().Kind() == reflect.Struct {
			var sub map[string]json.RawMessage
			if json.Unmarshal(val, &sub) == nil {
				markPresence(fv.Elem(), sub, depth+1)
			}
		}
	}
	if f := rv.FieldByName("ForceSendFields"); f.IsValid() && f.CanSet() {
		f.Set(reflect.ValueOf(force))
	}
	if f := rv.FieldByName("NullFields"); f.IsValid() && f.CanSet() {
		f.Set(reflect.ValueOf(null))
	}
}
