package fake

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const controlPath = "/fake/v1/"

// WithControlToken sets the control API's bearer token; without it each
// Server draws a random one ([Server.ControlToken]).
func WithControlToken(token string) Option {
	return func(c *serverConfig) error {
		if strings.TrimSpace(token) == "" || strings.ContainsAny(token, " \t\r\n") {
			return errors.New("fake: WithControlToken: the token must be non-empty, without spaces")
		}
		c.control = token
		return nil
	}
}

// ControlToken returns the bearer token of the Server's control API. The
// control API does over HTTP, under /fake/v1/ on the Server's own
// listener, what Go tests do with the World and the Server: move the
// clock, inject faults, change latency, lag and quota, act as a user,
// export or reset the world, for programs in any language. It is the
// fake's, not Google's: no Google client calls it. Its handlers call the
// same World and Server methods a Go test calls, so the two cannot drift
// apart.
//
// The token is random unless given by [WithControlToken]; send it as
// "Authorization: Bearer TOKEN". A user's bearer token is refused there
// (403), and the control token is refused on Google's paths (401), so a
// program under test cannot reach the control API by accident with the
// token it gives its Google client. Methods that change the World (the
// clock, world:reset) are saved to the state file, if any
// ([WithStateFile]), before they answer.
//
//	GET    /fake/v1/clock                {"now": "2026-01-05T09:00:00Z"}
//	POST   /fake/v1/clock:advance        {"duration": "720h"}         -> {"now": ...}
//	POST   /fake/v1/clock:set            {"now": "2026-03-01T00:00:00Z"} -> {"now": ...}
//	POST   /fake/v1/faults               a Fault in JSON (below)     -> {"id": "1"}
//	GET    /fake/v1/faults               {"faults": [{"id": "1", ..., "fired": 0}]}
//	DELETE /fake/v1/faults/{id}          204; 404 when no such fault is installed
//	GET    /fake/v1/settings             {"latency": "0s", "readAfterWriteLag": 0, "quotaPerMinute": 0, "quotaBurst": 0, "pageCap": 0}
//	PUT    /fake/v1/settings             the members to change, same names -> the settings
//	POST   /fake/v1/tokens               {"email": "ana@alder-reseller.example"} -> {"email": ..., "token": "ya29.fake-..."}
//	POST   /fake/v1/serviceAccountKeys   a service-account JSON key whose token_uri is the Server's
//	GET    /fake/v1/world                the World as a JSON seed ([World.Seed])
//	POST   /fake/v1/world:reset          204: back to the seed the World was built from
//
// A fault in JSON has the members of [Fault]: method, status, reason,
// message, skip, count, latency and retryAfter (Go durations: "1.5s"),
// afterApply, probability. Errors are Google's JSON envelope; a body that
// is not JSON, or has a member the method does not take, answers 400
// naming it.
func (s *Server) ControlToken() string { return s.control }

// SetLatency changes the latency added before every answer ([WithLatency])
// while the Server runs; negative is zero.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(max(d, 0))) }

// SetQuota changes the Server's pacing ([WithQuota]) while it runs; the
// zero Quota turns it off.
func (s *Server) SetQuota(q Quota) {
	if q.PerMinute <= 0 {
		s.quota.Store(nil)
		return
	}
	q.Burst = max(q.Burst, 0)
	s.quota.Store(&q)
}

// initControl sets the control token (random unless given) and the state
// file, for NewServer.
func (s *Server) initControl(token, statePath string) error {
	if token == "" {
		var b [24]byte
		if _, err := rand.Read(b[:]); err != nil {
			return fmt.Errorf("fake: drawing a control token: %w", err)
		}
		token = "fake-control-" + base64.RawURLEncoding.EncodeToString(b[:])
	}
	s.control = token
	if statePath != "" {
		s.state = &stateFile{path: statePath}
		// Written at once: a path that cannot be written fails here, not
		// on the first write, and the file holds the World from the start.
		if e := s.persist(); e != nil {
			return fmt.Errorf("fake: WithStateFile: %s", e.Message)
		}
	}
	return nil
}

// routeControl registers the control API: one pattern, dispatched by
// controlMethods, so that starting a Server registers one route for it.
func (s *Server) routeControl(mux *http.ServeMux) {
	mux.HandleFunc(controlPath, s.serveControl)
}

// controlMethod is one method of the control API; changes says whether it
// changes the World (and is then saved to a state file).
type controlMethod struct {
	changes bool
	h       func(s *Server, r *http.Request) (any, *apiError)
}

// controlMethods are the control API's methods by "METHOD path" (the path
// after /fake/v1/; "faults/" is DELETE faults/{id}).
var controlMethods = map[string]controlMethod{
	"GET clock": {false, func(s *Server, _ *http.Request) (any, *apiError) { return clockJSON(s.world.Now()), nil }},
	"POST clock:advance": {true, func(s *Server, r *http.Request) (any, *apiError) {
		w := s.world
		var in struct {
			Duration *string `json:"duration"`
		}
		if e := decodeControl(r, &in); e != nil {
			return nil, e
		}
		if in.Duration == nil {
			return nil, errRequired("duration")
		}
		d, e := parseDuration("duration", *in.Duration, true)
		if e != nil {
			return nil, e
		}
		w.Advance(d)
		return clockJSON(w.Now()), nil
	}},
	"POST clock:set": {true, func(s *Server, r *http.Request) (any, *apiError) {
		w := s.world
		var in struct {
			Now *string `json:"now"`
		}
		if e := decodeControl(r, &in); e != nil {
			return nil, e
		}
		if in.Now == nil {
			return nil, errRequired("now")
		}
		t, err := time.Parse(time.RFC3339Nano, *in.Now)
		if err != nil {
			return nil, errBadValue("Invalid value at 'now': %q is not an RFC 3339 time like 2026-03-01T00:00:00Z", *in.Now)
		}
		w.SetTime(t)
		return clockJSON(w.Now()), nil
	}},
	"POST faults": {false, func(s *Server, r *http.Request) (any, *apiError) {
		w := s.world
		var in faultJSON
		if e := decodeControl(r, &in); e != nil {
			return nil, e
		}
		f, e := in.fault()
		if e != nil {
			return nil, e
		}
		return map[string]string{"id": strconv.FormatInt(w.addFault(f), 10)}, nil
	}},
	"GET faults": {false, func(s *Server, _ *http.Request) (any, *apiError) {
		w := s.world
		return map[string][]faultJSON{"faults": w.listFaults()}, nil
	}},
	"DELETE faults/": {false, func(s *Server, r *http.Request) (any, *apiError) {
		w := s.world
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || !w.removeFault(id) {
			return nil, errf(404, "notFound", "fake: no fault %q is installed", r.PathValue("id"))
		}
		return nil, nil
	}},
	"GET settings": {false, func(s *Server, _ *http.Request) (any, *apiError) { return s.settings(), nil }},
	"PUT settings": {false, func(s *Server, r *http.Request) (any, *apiError) {
		var in settingsIn
		if e := decodeControl(r, &in); e != nil {
			return nil, e
		}
		if e := s.applySettings(in); e != nil {
			return nil, e
		}
		return s.settings(), nil
	}},
	"POST tokens": {false, func(s *Server, r *http.Request) (any, *apiError) {
		w := s.world
		var in struct {
			Email *string `json:"email"`
		}
		if e := decodeControl(r, &in); e != nil {
			return nil, e
		}
		if in.Email == nil || *in.Email == "" {
			return nil, errRequired("email")
		}
		primary, tok, err := w.identity(*in.Email)
		if err != nil {
			return nil, errf(404, "notFound", "fake: %q is not a user of the World", *in.Email)
		}
		return map[string]string{"email": primary, "token": tok}, nil
	}},
	"POST serviceAccountKeys": {true, func(s *Server, r *http.Request) (any, *apiError) {
		w := s.world
		if e := decodeControl(r, &struct{}{}); e != nil {
			return nil, e
		}
		key, err := w.NewServiceAccountJSON(s.TokenURL())
		if err != nil {
			return nil, errf(500, "internalError", "%v", err)
		}
		return json.RawMessage(key), nil
	}},
	"GET world": {false, func(s *Server, _ *http.Request) (any, *apiError) {
		w := s.world
		b, err := json.MarshalIndent(w.Seed(), "", "  ")
		if err != nil {
			return nil, errf(500, "internalError", "fake: encoding the world: %v", err)
		}
		return json.RawMessage(b), nil
	}},
	"POST world:reset": {true, func(s *Server, r *http.Request) (any, *apiError) {
		w := s.world
		if e := decodeControl(r, &struct{}{}); e != nil {
			return nil, e
		}
		if err := w.Reset(w.startSeed()); err != nil {
			return nil, errf(500, "internalError", "%v", err)
		}
		return nil, nil
	}},
}

// serveControl authenticates a control call, finds its method, runs it,
// saves the World when the method changed it (and a state file is kept),
// and answers.
func (s *Server) serveControl(rw http.ResponseWriter, r *http.Request) {
	tok, ok := bearer(r)
	switch {
	case !ok:
		writeError(rw, errLoginRequired())
		return
	case subtle.ConstantTimeCompare([]byte(tok), []byte(s.control)) == 1:
	default:
		if _, isUser := s.world.tokenUser(tok); isUser {
			writeError(rw, errf(403, "forbidden", "fake: the control API takes the Server's control token, not a user's token"))
			return
		}
		writeError(rw, errUnauthenticated())
		return
	}
	path := strings.TrimPrefix(r.URL.Path, controlPath)
	m, ok := controlMethods[r.Method+" "+path]
	if id, isFault := strings.CutPrefix(path, "faults/"); !ok && r.Method == http.MethodDelete && isFault && id != "" && !strings.Contains(id, "/") {
		m, ok = controlMethods["DELETE faults/"]
		r.SetPathValue("id", id)
	}
	if !ok {
		writeError(rw, errf(404, "notFound", "fake: the control API has no method %s %s (run fakeworkspace -h for its methods)", r.Method, r.URL.Path))
		return
	}
	body, e := m.h(s, r)
	if e == nil && m.changes && s.state != nil {
		e = s.persist()
	}
	if e != nil {
		writeError(rw, e)
		return
	}
	if body == nil {
		rw.WriteHeader(http.StatusNoContent)
		return
	}
	b, err := json.Marshal(body)
	if err != nil {
		writeError(rw, errf(500, "internalError", "fake: encoding the response: %v", err))
		return
	}
	rw.Header().Set("Content-Type", "application/json; charset=UTF-8")
	rw.Write(b)
}

// errBadValue is a 400 invalid with the message as given: the control
// API's messages are whole sentences in Google's words ("Invalid JSON
// payload received. ...", "Invalid value at 'duration' ...").
func errBadValue(format string, args ...any) *apiError {
	return errf(400, "invalid", format, args...)
}

func clockJSON(t time.Time) map[string]string {
	return map[string]string{"now": t.UTC().Format(time.RFC3339Nano)}
}

// decodeControl decodes a control request body into v, refusing unknown
// members; an empty body is an empty object.
func decodeControl(r *http.Request, v any) *apiError {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return errf(400, "parseError", "Parse Error: reading the request body: %v", err)
	}
	if len(b) > maxBody {
		return errBadValue("the request body is larger than %d bytes", maxBody)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		b = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	if _, terr := dec.Token(); err == nil && !errors.Is(terr, io.EOF) {
		err = errors.New("data after the JSON object")
	}
	if err == nil {
		return nil
	}
	return jsonError(err)
}

// jsonError turns a decoding error into Google's 400, naming the member.
func jsonError(err error) *apiError {
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		return errBadValue("Invalid value at '%s' (%s): want a JSON %s", te.Field, te.Value, jsonKind(te.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// Google's words for a member a method does not take.
		return errBadValue("Invalid JSON payload received. Unknown name %s: Cannot find field.", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return errf(400, "parseError", "Invalid JSON payload received. %v", err)
}

func jsonKind(k string) string {
	switch {
	case strings.HasPrefix(k, "int"), strings.HasPrefix(k, "uint"), strings.HasPrefix(k, "float"):
		return "number"
	case k == "bool":
		return "boolean"
	case k == "ptr":
		return "value"
	}
	return k
}

// parseDuration reads a Go duration string ("720h", "1.5s") of the member
// named field.
func parseDuration(field, s string, negativeOK bool) (time.Duration, *apiError) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errBadValue("Invalid value at '%s': %q is not a duration like \"20ms\" or \"720h\"", field, s)
	}
	if d < 0 && !negativeOK {
		return 0, errBadValue("Invalid value at '%s': %q is negative", field, s)
	}
	return d, nil
}

// faultJSON is a [Fault] on the control API.
type faultJSON struct {
	ID          string  `json:"id,omitempty"` // in listings only
	Method      string  `json:"method"`
	Status      int     `json:"status,omitempty"`
	Reason      string  `json:"reason,omitempty"`
	Message     string  `json:"message,omitempty"`
	Skip        int     `json:"skip,omitempty"`
	Count       int     `json:"count,omitempty"`
	Latency     string  `json:"latency,omitempty"`
	RetryAfter  string  `json:"retryAfter,omitempty"`
	AfterApply  bool    `json:"afterApply,omitempty"`
	Probability float64 `json:"probability,omitempty"`
	Fired       *int    `json:"fired,omitempty"` // in listings only
}

// fault checks a fault sent to POST /fake/v1/faults. The control API is
// stricter than [World.Fail], which has no error to return: a value that
// cannot mean anything answers 400 naming it.
func (in faultJSON) fault() (Fault, *apiError) {
	f := Fault{Method: in.Method, Status: in.Status, Reason: in.Reason, Message: in.Message,
		Skip: in.Skip, Count: in.Count, AfterApply: in.AfterApply, Probability: in.Probability}
	var e *apiError
	switch {
	case in.ID != "" || in.Fired != nil:
		return f, errBadValue("Invalid JSON payload received. id and fired are in listings only")
	case strings.TrimSpace(in.Method) == "":
		return f, errRequired("method")
	case in.Status != 0 && (in.Status < 400 || in.Status > 599):
		return f, errBadValue("Invalid value at 'status': %d; give an HTTP error status (400 to 599), or 0 for latency only", in.Status)
	case in.Skip < 0:
		return f, errBadValue("Invalid value at 'skip': %d is negative", in.Skip)
	case in.Count < 0:
		return f, errBadValue("Invalid value at 'count': %d is negative", in.Count)
	case math.IsNaN(in.Probability) || in.Probability < 0 || in.Probability > 1:
		return f, errBadValue("Invalid value at 'probability': %v; give a fraction from 0 to 1", in.Probability)
	case in.Status == 0 && in.Latency == "":
		return f, errBadValue("a fault needs a status, a latency or both")
	}
	if in.Latency != "" {
		if f.Latency, e = parseDuration("latency", in.Latency, false); e != nil {
			return f, e
		}
	}
	if in.RetryAfter != "" {
		if f.RetryAfter, e = parseDuration("retryAfter", in.RetryAfter, false); e != nil {
			return f, e
		}
	}
	return f, nil
}

// listFaults returns the installed faults, in the order they are matched.
func (w *World) listFaults() []faultJSON {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]faultJSON, 0, len(w.faults.list))
	for _, e := range w.faults.list {
		fired := e.fired
		fj := faultJSON{ID: strconv.FormatInt(e.id, 10), Method: e.f.Method, Status: e.f.Status, Reason: e.f.Reason,
			Message: e.f.Message, Skip: e.f.Skip, Count: e.f.Count, AfterApply: e.f.AfterApply,
			Probability: e.f.Probability, Fired: &fired}
		if e.f.Latency > 0 {
			fj.Latency = e.f.Latency.String()
		}
		if e.f.RetryAfter > 0 {
			fj.RetryAfter = e.f.RetryAfter.String()
		}
		out = append(out, fj)
	}
	return out
}

// settingsJSON are the Server's and World's settings on the control API.
type settingsJSON struct {
	Latency           string `json:"latency"`
	ReadAfterWriteLag int    `json:"readAfterWriteLag"`
	QuotaPerMinute    int    `json:"quotaPerMinute"`
	QuotaBurst        int    `json:"quotaBurst"`
	PageCap           int    `json:"pageCap"`
}

// settingsIn is a PUT /fake/v1/settings body: the members present change.
type settingsIn struct {
	Latency           *string `json:"latency"`
	ReadAfterWriteLag *int    `json:"readAfterWriteLag"`
	QuotaPerMinute    *int    `json:"quotaPerMinute"`
	QuotaBurst        *int    `json:"quotaBurst"`
	PageCap           *int    `json:"pageCap"`
}

func (s *Server) settings() settingsJSON {
	out := settingsJSON{Latency: time.Duration(s.latency.Load()).String()}
	if q := s.quota.Load(); q != nil {
		out.QuotaPerMinute, out.QuotaBurst = q.PerMinute, q.Burst
	}
	s.world.mu.Lock()
	out.ReadAfterWriteLag, out.PageCap = s.world.lag, s.world.pageCap
	s.world.mu.Unlock()
	return out
}

// applySettings checks every member first, then applies them all.
func (s *Server) applySettings(in settingsIn) *apiError {
	var latency time.Duration
	if in.Latency != nil {
		var e *apiError
		if latency, e = parseDuration("latency", *in.Latency, false); e != nil {
			return e
		}
	}
	for _, n := range []struct {
		name string
		v    *int
	}{{"readAfterWriteLag", in.ReadAfterWriteLag}, {"quotaPerMinute", in.QuotaPerMinute}, {"quotaBurst", in.QuotaBurst}, {"pageCap", in.PageCap}} {
		if n.v != nil && *n.v < 0 {
			return errBadValue("Invalid value at '%s': %d is negative", n.name, *n.v)
		}
	}
	if in.Latency != nil {
		s.SetLatency(latency)
	}
	if in.ReadAfterWriteLag != nil {
		s.world.SetReadAfterWriteLag(*in.ReadAfterWriteLag)
	}
	if in.PageCap != nil {
		s.world.SetPageCap(*in.PageCap)
	}
	if in.QuotaPerMinute != nil || in.QuotaBurst != nil {
		var q Quota
		if cur := s.quota.Load(); cur != nil {
			q = *cur
		}
		if in.QuotaPerMinute != nil {
			q.PerMinute = *in.QuotaPerMinute
		}
		if in.QuotaBurst != nil {
			q.Burst = *in.QuotaBurst
		}
		s.SetQuota(q)
	}
	return nil
}
