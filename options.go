package resellerkit

import (
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Option configures [Dial]. Options are checked when Dial runs, before it
// returns; a bad or conflicting option is an error of [KindInvalidArgument]
// whose [FieldError] names the option.
//
// A later option of the same name replaces an earlier one, so a helper can
// put defaults before its caller's options (the fake's Conn helper does).
// Options that contradict each other (two sources of credentials, a
// subject without a service account, WithRetry with WithoutRetry,
// WithEndpoint with WithEndpoints, credentials with WithoutAuthentication)
// are an error whatever their order.
type Option func(*config) error

// config is what the options collect; Dial checks it as a whole.
type config struct {
	seen  map[string]bool
	creds []string // credential options, in order given

	saJSON      []byte
	saOption    string // which option gave saJSON
	subject     string
	scopes      []string
	tokenSource oauth2.TokenSource
	noAuth      bool

	httpClient *http.Client
	endpoint   string
	endpoints  *Endpoints

	retry   *RetryPolicy
	noRetry bool
	pacing  *Pacing

	logger    *slog.Logger
	userAgent string

	actor string           // WithActor: whom a token-based Conn acts as
	clock func() time.Time // WithClock
}

const dialOp = "resellerkit.Dial"

func invalidOption(opt, reason string) error { return invalidField(dialOp, opt, reason) }

// once records a credential option and refuses the same one twice: two keys
// or two token sources are a conflict, not an override.
func (c *config) once(opt string) error {
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if c.seen[opt] {
		return invalidOption(opt, "given more than once; give it once")
	}
	c.seen[opt] = true
	c.creds = append(c.creds, opt)
	return nil
}

// single refuses an option that may be given once only: a second value
// would contradict the first.
func (c *config) single(opt string) error {
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if c.seen[opt] {
		return invalidOption(opt, "given more than once; give it once")
	}
	c.seen[opt] = true
	return nil
}

// WithServiceAccountJSON authenticates with a service-account key (the JSON
// downloaded from the Cloud console). Only keys of type "service_account"
// are accepted. Combine it with [WithSubject] for domain-wide delegation,
// which the Admin SDK needs (rule W6).
//
// The key is used only to sign token requests; it never appears in logs or
// errors.
func WithServiceAccountJSON(key []byte) Option {
	return func(c *config) error {
		if err := c.once("WithServiceAccountJSON"); err != nil {
			return err
		}
		if len(key) == 0 {
			return invalidOption("WithServiceAccountJSON", "the key is empty; pass the service-account JSON key")
		}
		c.saJSON = append([]byte(nil), key...)
		c.saOption = "WithServiceAccountJSON"
		return nil
	}
}

// WithServiceAccountFile is [WithServiceAccountJSON] with the key read from
// a file when Dial runs.
func WithServiceAccountFile(path string) Option {
	return func(c *config) error {
		if err := c.once("WithServiceAccountFile"); err != nil {
			return err
		}
		if path == "" {
			return invalidOption("WithServiceAccountFile", "the path is empty; pass the path of the service-account JSON key")
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return invalidOption("WithServiceAccountFile", "cannot read the key file: "+err.Error())
		}
		if len(b) == 0 {
			return invalidOption("WithServiceAccountFile", "the key file "+path+" is empty")
		}
		c.saJSON = b
		c.saOption = "WithServiceAccountFile"
		return nil
	}
}

// WithSubject sets the user the service account impersonates through
// domain-wide delegation: a super admin of the reseller account (rules S1
// and W6). Google's quotas count per subject. It needs a service account.
// The subject is also the Conn's [Conn.Actor].
func WithSubject(email string) Option {
	return func(c *config) error {
		subject, err := optionEmail("WithSubject", email, "pass the primary email of the admin to impersonate")
		if err != nil {
			return err
		}
		c.subject = subject
		return nil
	}
}

// WithActor tells a Conn whose credentials do not name a user
// ([WithTokenSource], [WithoutAuthentication]) whom its tokens act as: the
// primary email of that user. Services that depend on who calls read it
// from [Conn.Actor]: the Reseller API answers for the actor's own reseller
// domain (rule D1), so package domains lists that domain's customers. With
// a service account the actor is the [WithSubject] user; a WithActor that
// names someone else is a contradiction and Dial refuses it.
func WithActor(email string) Option {
	return func(c *config) error {
		if err := c.single("WithActor"); err != nil {
			return err
		}
		actor, err := optionEmail("WithActor", email, "pass the primary email of the user the tokens belong to")
		if err != nil {
			return err
		}
		c.actor = actor
		return nil
	}
}

// WithClock sets the clock the services built on the Conn judge time by:
// role assignment expiry (rule P4), the reopen window (C9), tenure (C4),
// decision timestamps (P8). The default is time.Now; package fake's
// Server.Conn passes its World's clock, so World.Advance moves every
// service with it.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if err := c.single("WithClock"); err != nil {
			return err
		}
		if now == nil {
			return invalidOption("WithClock", "the clock is nil; omit the option to use time.Now")
		}
		c.clock = now
		return nil
	}
}

// optionEmail checks an option's email address; what says what to pass.
func optionEmail(opt, email, what string) (string, error) {
	e := strings.TrimSpace(email)
	at := strings.LastIndexByte(e, '@')
	if at <= 0 || at == len(e)-1 || strings.ContainsAny(e, " \t\r\n") {
		return "", invalidOption(opt, "not an email address; "+what)
	}
	return e, nil
}

// WithScopes replaces [DefaultScopes], the OAuth scopes a service-account
// Conn requests. Every scope must be granted to the service account under
// domain-wide delegation. It needs a service account: a token from
// [WithTokenSource] already carries its scopes.
func WithScopes(scopes ...string) Option {
	return func(c *config) error {
		if len(scopes) == 0 {
			return invalidOption("WithScopes", "no scope given; omit the option to use DefaultScopes")
		}
		var out []string
		seen := map[string]bool{}
		for _, s := range scopes {
			if s == "" || strings.ContainsAny(s, " \t\r\n") {
				return invalidOption("WithScopes", "a scope is empty or contains spaces; pass one scope URL per argument")
			}
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		c.scopes = out
		return nil
	}
}

// WithTokenSource authenticates with tokens from ts, for example the fake's
// tokens in tests or a token minted elsewhere. The Conn caches the token
// until it expires; after a 401 it asks ts again once (if ts caches too,
// it may hand back the same token).
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *config) error {
		if err := c.once("WithTokenSource"); err != nil {
			return err
		}
		if ts == nil {
			return invalidOption("WithTokenSource", "the token source is nil")
		}
		c.tokenSource = ts
		return nil
	}
}

// WithoutAuthentication sends requests without an Authorization header, for
// tests and fakes that need none. It cannot be combined with credentials.
func WithoutAuthentication() Option {
	return func(c *config) error {
		c.noAuth = true
		return nil
	}
}

// WithHTTPClient sets the HTTP client underneath the Conn. Its Transport
// (http.DefaultTransport when nil) is the BASE: the Conn stacks its own
// layers (retry, pacing, authentication, logging) on top of it, so unlike
// option.WithHTTPClient of google.golang.org/api this does not turn off
// authentication. Its Timeout, Jar and CheckRedirect are kept; Timeout
// bounds a request with all its retries (prefer context deadlines). Token
// requests of a service account also go through this Transport.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return invalidOption("WithHTTPClient", "the client is nil; omit the option to use the default")
		}
		c.httpClient = hc
		return nil
	}
}

// WithEndpoint sends the requests of every API to one base URL, which is
// what package fake serves. A trailing slash is added if missing. Plain
// http is accepted only for loopback hosts (127.0.0.1, ::1, localhost) when
// the Conn authenticates, so a token never crosses a network in clear.
//
// Never point production credentials at a fake or any endpoint you do not
// trust: the Conn sends it a valid Google access token.
func WithEndpoint(baseURL string) Option {
	return func(c *config) error {
		u, err := normaliseEndpoint("WithEndpoint", baseURL)
		if err != nil {
			return err
		}
		c.endpoint = u
		return nil
	}
}

// Endpoints are the base URLs of the Google APIs a [Conn] calls. An empty
// field keeps Google's endpoint for that API (see [DefaultEndpoints]).
type Endpoints struct {
	Directory    string // Admin SDK Directory API
	Licensing    string // Enterprise License Manager API
	Reseller     string // Reseller API
	CloudSupport string // Cloud Support API v2
}

// DefaultEndpoints returns Google's base URLs.
func DefaultEndpoints() Endpoints {
	return Endpoints{
		Directory:    "https://admin.googleapis.com/",
		Licensing:    "https://licensing.googleapis.com/",
		Reseller:     "https://reseller.googleapis.com/",
		CloudSupport: "https://cloudsupport.googleapis.com/",
	}
}

// WithEndpoints sets the base URL per API; see [WithEndpoint] for the rules
// and the warning. It cannot be combined with WithEndpoint.
func WithEndpoints(e Endpoints) Option {
	return func(c *config) error {
		out := DefaultEndpoints()
		for _, f := range []struct {
			name string
			in   string
			out  *string
		}{
			{"Endpoints.Directory", e.Directory, &out.Directory},
			{"Endpoints.Licensing", e.Licensing, &out.Licensing},
			{"Endpoints.Reseller", e.Reseller, &out.Reseller},
			{"Endpoints.CloudSupport", e.CloudSupport, &out.CloudSupport},
		} {
			if f.in == "" {
				continue
			}
			u, err := normaliseEndpoint("WithEndpoints("+f.name+")", f.in)
			if err != nil {
				return err
			}
			*f.out = u
		}
		c.endpoints = &out
		return nil
	}
}

// normaliseEndpoint checks that raw is an absolute http(s) URL with a host
// and no user information, query or fragment, and adds the trailing slash
// the generated clients need to resolve their relative paths.
func normaliseEndpoint(opt, raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return "", invalidOption(opt, "not an absolute URL; pass a base URL such as https://admin.googleapis.com/")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", invalidOption(opt, "the scheme is "+quote(u.Scheme)+"; only http and https are served")
	}
	if u.User != nil {
		return "", invalidOption(opt, "the URL carries user information; credentials go in WithServiceAccountJSON or WithTokenSource")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", invalidOption(opt, "the URL has a query or fragment; pass only scheme, host and path")
	}
	// Judge the slash on the escaped path: "/a%2F" ends in an escaped
	// slash, which the clients' relative paths would be glued to.
	if ep := u.EscapedPath(); !strings.HasSuffix(ep, "/") {
		u.RawPath = ep + "/"
		u.Path += "/"
	}
	return u.String(), nil
}

// isLoopback reports whether the URL's host is a loopback address.
func isLoopback(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	h := u.Hostname()
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// WithRetry replaces [DefaultRetryPolicy]; zero fields keep their defaults.
// It cannot be combined with [WithoutRetry].
func WithRetry(p RetryPolicy) Option {
	return func(c *config) error {
		// A local copy: an Option may be applied by many Dials at once.
		q := p.withDefaults()
		if err := q.validate(); err != nil {
			return err
		}
		c.retry = &q
		return nil
	}
}

// WithoutRetry sends every request exactly once: no retry of transient
// errors, and no second try after a 401. Callers then handle
// [IsRetryable] errors themselves.
func WithoutRetry() Option {
	return func(c *config) error {
		c.noRetry = true
		return nil
	}
}

// WithPacing replaces [DefaultPacing]. A field of 0 leaves that API
// unpaced; Pacing{} turns pacing off, which suits tests against the fake.
func WithPacing(p Pacing) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.pacing = &p
		return nil
	}
}

// WithLogger sets the logger. Each HTTP attempt is logged at Debug level
// (method, host, path without the query, status, attempt, duration) and
// each retry at Info level; headers, tokens and bodies never are. The
// default discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return invalidOption("WithLogger", "the logger is nil; omit the option to discard logs")
		}
		c.logger = l
		return nil
	}
}

// WithUserAgent adds ua to the User-Agent the Conn sends, after
// "resellerkit", so Google's logs can tell your program apart.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		agent := strings.TrimSpace(ua)
		if agent == "" {
			return invalidOption("WithUserAgent", "the user agent is empty; omit the option instead")
		}
		for _, r := range agent {
			if r < 0x20 || r == 0x7f {
				return invalidOption("WithUserAgent", "the user agent contains a control character")
			}
		}
		c.userAgent = agent
		return nil
	}
}
