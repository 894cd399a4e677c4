package resellerkit

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"
	admin "google.golang.org/api/admin/directory/v1"
	cloudsupport "google.golang.org/api/cloudsupport/v2"
	"google.golang.org/api/licensing/v1"
	"google.golang.org/api/option"
	"google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit/internal/transport"
)

// Conn is an authenticated connection to the Google APIs resellerkit uses:
// the Admin SDK Directory API, the Enterprise License Manager API, the
// Reseller API and the Cloud Support API v2. Packages domains, roles,
// licensing and cases take a Conn in their New constructors.
//
// Every request goes through the Conn's layers, from the outside in: retry
// of transient errors (rules W1, W2, W4), pacing per API (W3), the OAuth
// token (W6), Debug logging without headers, and the base transport.
//
// A Conn is safe for concurrent use. Create one per subject (the admin it
// acts as) and share it.
type Conn struct {
	client       *http.Client
	directory    *admin.Service
	licensing    *licensing.Service
	reseller     *reseller.Service
	cloudSupport *cloudsupport.Service
	logger       *slog.Logger
	subject      string
	actor        string
	clock        func() time.Time
	endpoints    Endpoints
	scopes       []string
	retry        RetryPolicy
}

// Dial checks the options and builds a Conn. It makes no request: a wrong
// key or an ungranted scope shows on the first call, as an error of
// [KindUnauthenticated].
//
// One source of credentials is required: [WithServiceAccountJSON] or
// [WithServiceAccountFile] (usually with [WithSubject]), [WithTokenSource],
// or, for fakes, [WithoutAuthentication]. Application default credentials
// are not looked up, so a Conn never picks up an identity by accident.
//
// Never point production credentials at a fake endpoint ([WithEndpoint]):
// the Conn would hand it a valid Google access token.
func Dial(ctx context.Context, opts ...Option) (*Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, newError(KindCanceled, dialOp, err)
	}
	var cfg config
	for _, o := range opts {
		if o == nil {
			return nil, newError(KindInvalidArgument, dialOp, errors.New("a nil Option was passed; remove it"))
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}

	logger := cfg.logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	endpoints := DefaultEndpoints()
	switch {
	case cfg.endpoint != "":
		endpoints = Endpoints{Directory: cfg.endpoint, Licensing: cfg.endpoint, Reseller: cfg.endpoint, CloudSupport: cfg.endpoint}
	case cfg.endpoints != nil:
		endpoints = *cfg.endpoints
	}
	if err := cfg.checkCleartext(endpoints); err != nil {
		return nil, err
	}

	base := baseTransport(cfg.httpClient)
	var rt http.RoundTripper = &transport.Log{Base: base, Logger: logger}

	// Authentication.
	var tokens *transport.TokenCache
	scopes := cfg.scopes
	switch {
	case cfg.saJSON != nil:
		if scopes == nil {
			scopes = DefaultScopes()
		}
		tokenClient := &http.Client{Transport: rt, Timeout: 30 * time.Second}
		if cfg.httpClient != nil && cfg.httpClient.Timeout > 0 {
			tokenClient.Timeout = cfg.httpClient.Timeout
		}
		renew, err := serviceAccount(ctx, cfg.saOption, cfg.saJSON, scopes, cfg.subject, tokenClient)
		if err != nil {
			return nil, err
		}
		tokens = transport.NewTokenCache(nil, renew)
	case cfg.tokenSource != nil:
		tokens = transport.NewTokenCache(cfg.tokenSource, nil)
	}
	if tokens != nil {
		rt = &oauth2.Transport{Source: tokens, Base: rt}
	}

	// Pacing.
	pacing := DefaultPacing()
	if cfg.pacing != nil {
		pacing = *cfg.pacing
	}
	if routes := paceRoutes(endpoints, pacing); len(routes) > 0 {
		rt = &transport.Pace{Base: rt, Routes: routes}
	}

	// Retry, outermost so that each attempt is paced and carries a fresh token.
	policy := DefaultRetryPolicy()
	if cfg.retry != nil {
		policy = *cfg.retry
	}
	if cfg.noRetry {
		policy.MaxAttempts = 1
	} else {
		r := &transport.Retry{Base: rt, Policy: policy.internal(), Logger: logger}
		if tokens != nil {
			r.Refresh = tokens.Invalidate
		}
		rt = r
	}

	client := &http.Client{Transport: rt, CheckRedirect: sameHostRedirects(nil)}
	if hc := cfg.httpClient; hc != nil {
		client.Timeout = hc.Timeout
		client.Jar = hc.Jar
		client.CheckRedirect = sameHostRedirects(hc.CheckRedirect)
	}

	actor := cfg.subject
	if actor == "" {
		actor = cfg.actor
	}
	clock := cfg.clock
	if clock == nil {
		clock = time.Now
	}
	c := &Conn{client: client, logger: logger, subject: cfg.subject, actor: actor, clock: clock, endpoints: endpoints, scopes: slices.Clone(scopes), retry: policy}
	ua := "resellerkit"
	if cfg.userAgent != "" {
		ua += " " + cfg.userAgent
	}
	var err error
	if c.directory, err = admin.NewService(ctx, option.WithHTTPClient(client), option.WithEndpoint(endpoints.Directory)); err != nil {
		return nil, newError(KindInvalidArgument, dialOp, err)
	}
	c.directory.UserAgent = ua
	if c.licensing, err = licensing.NewService(ctx, option.WithHTTPClient(client), option.WithEndpoint(endpoints.Licensing)); err != nil {
		return nil, newError(KindInvalidArgument, dialOp, err)
	}
	c.licensing.UserAgent = ua
	if c.reseller, err = reseller.NewService(ctx, option.WithHTTPClient(client), option.WithEndpoint(endpoints.Reseller)); err != nil {
		return nil, newError(KindInvalidArgument, dialOp, err)
	}
	c.reseller.UserAgent = ua
	if c.cloudSupport, err = cloudsupport.NewService(ctx, option.WithHTTPClient(client), option.WithEndpoint(endpoints.CloudSupport)); err != nil {
		return nil, newError(KindInvalidArgument, dialOp, err)
	}
	c.cloudSupport.UserAgent = ua

	logger.LogAttrs(ctx, slog.LevelDebug, "resellerkit: connection ready",
		slog.String("directory", endpoints.Directory),
		slog.String("licensing", endpoints.Licensing),
		slog.String("reseller", endpoints.Reseller),
		slog.String("cloudSupport", endpoints.CloudSupport),
		slog.String("subject", cfg.subject),
		slog.Bool("authenticated", tokens != nil),
		slog.Bool("retry", !cfg.noRetry),
	)
	return c, nil
}

// check refuses conflicting or incomplete options rather than letting one
// silently win.
func (cfg *config) check() error {
	creds := cfg.creds
	switch {
	case len(creds) > 1:
		return invalidOption(creds[1], "conflicts with "+creds[0]+"; give one source of credentials")
	case cfg.noAuth && len(creds) > 0:
		return invalidOption("WithoutAuthentication", "conflicts with "+creds[0]+"; drop one of them")
	case len(creds) == 0 && !cfg.noAuth:
		return invalidOption("credentials", "no credentials given; use WithServiceAccountJSON or WithServiceAccountFile (with WithSubject), WithTokenSource, or WithoutAuthentication for a fake")
	case cfg.subject != "" && cfg.saJSON == nil:
		return invalidOption("WithSubject", "domain-wide delegation needs a service account; add WithServiceAccountJSON or WithServiceAccountFile")
	case cfg.scopes != nil && cfg.saJSON == nil:
		return invalidOption("WithScopes", "scopes apply to a service account's token requests; add WithServiceAccountJSON or WithServiceAccountFile, or drop WithScopes")
	case cfg.retry != nil && cfg.noRetry:
		return invalidOption("WithoutRetry", "conflicts with WithRetry; drop one of them")
	case cfg.endpoint != "" && cfg.endpoints != nil:
		return invalidOption("WithEndpoints", "conflicts with WithEndpoint; drop one of them")
	case cfg.actor != "" && cfg.saJSON != nil && !strings.EqualFold(cfg.actor, cfg.subject):
		if cfg.subject == "" {
			return invalidOption("WithActor", "a service account without WithSubject acts as itself, not as "+cfg.actor+"; use WithSubject to impersonate a user")
		}
		return invalidOption("WithActor", "contradicts WithSubject ("+cfg.subject+"): a delegated Conn acts as its subject; drop WithActor")
	}
	return nil
}

// checkCleartext refuses sending a token over plain http to a host that is
// not loopback.
func (cfg *config) checkCleartext(e Endpoints) error {
	if cfg.noAuth {
		return nil
	}
	for _, ep := range []string{e.Directory, e.Licensing, e.Reseller, e.CloudSupport} {
		if u, err := url.Parse(ep); err == nil && u.Scheme == "http" && !isLoopback(ep) {
			opt := "WithEndpoint"
			if cfg.endpoints != nil {
				opt = "WithEndpoints"
			}
			return invalidOption(opt, "plain http to "+u.Host+" would send the access token in clear; use https, or a loopback host for a local fake")
		}
	}
	return nil
}

// baseTransport is the caller's transport, or a clone of
// http.DefaultTransport that keeps more idle connections per host, since a
// bulk job talks to one host from several goroutines.
func baseTransport(hc *http.Client) http.RoundTripper {
	if hc != nil {
		if hc.Transport != nil {
			return hc.Transport
		}
		return http.DefaultTransport
	}
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		t = t.Clone()
		t.MaxIdleConnsPerHost = 32
		return t
	}
	return http.DefaultTransport
}

// paceRoutes maps each API's URL prefix to its limiter. Cloud Support
// uploads resolve "/upload/v2/" against the host root, whatever the
// endpoint's path.
func paceRoutes(e Endpoints, p Pacing) []transport.Route {
	var routes []transport.Route
	add := func(endpoint string, qpm int, prefixes ...string) {
		lim := transport.NewLimiter(qpm)
		if lim == nil {
			return
		}
		u, err := url.Parse(endpoint)
		if err != nil {
			return
		}
		for _, pre := range prefixes {
			path := u.Path + pre
			if pre[0] == '/' {
				path = pre
			}
			routes = append(routes, transport.Route{Scheme: u.Scheme, Host: u.Host, PathPrefix: path, Limiter: lim})
		}
	}
	add(e.Directory, p.Directory, "admin/directory/")
	add(e.Licensing, p.Licensing, "apps/licensing/")
	add(e.Reseller, p.Reseller, "apps/reseller/")
	add(e.CloudSupport, p.CloudSupport, "v2/", "upload/v2/", "/upload/v2/")
	return routes
}

// errCrossHostRedirect stops a redirect to another host, which would
// otherwise receive the Authorization header the Conn adds to every request.
var errCrossHostRedirect = errors.New("refusing to follow a redirect to another host")

func sameHostRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && !equalHost(req.URL, via[0].URL) {
			return errCrossHostRedirect
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

func equalHost(a, b *url.URL) bool { return a.Scheme == b.Scheme && a.Host == b.Host }

// Directory returns the Admin SDK Directory client that runs over this
// Conn: an escape hatch for calls the SDK does not wrap. Errors it returns
// are *googleapi.Error; pass them through [Wrap].
func (c *Conn) Directory() *admin.Service {
	if c == nil {
		return nil
	}
	return c.directory
}

// Licensing returns the Enterprise License Manager client over this Conn.
func (c *Conn) Licensing() *licensing.Service {
	if c == nil {
		return nil
	}
	return c.licensing
}

// Reseller returns the Reseller API client over this Conn.
func (c *Conn) Reseller() *reseller.Service {
	if c == nil {
		return nil
	}
	return c.reseller
}

// CloudSupport returns the Cloud Support API v2 client over this Conn.
// Remember [ScopeCloudPlatform] for a service account.
func (c *Conn) CloudSupport() *cloudsupport.Service {
	if c == nil {
		return nil
	}
	return c.cloudSupport
}

// RetryPolicy returns the policy the Conn's requests follow, its defaults
// filled in; with [WithoutRetry], MaxAttempts is 1. The services follow it
// too when they send again a write the transport does not resend (a POST
// whose answer was lost, rule W1).
func (c *Conn) RetryPolicy() RetryPolicy { return c.retry }

// HTTPClient returns the Conn's HTTP client, with all its layers (retry,
// pacing, token, logging), for Google APIs the Conn has no client for.
// Requests to hosts outside the Conn's endpoints are not paced but do carry
// the token: send it only to Google.
func (c *Conn) HTTPClient() *http.Client {
	if c == nil {
		return nil
	}
	return c.client
}

// Logger returns the Conn's logger (a discarding one by default), so the
// packages built on the Conn log alike.
func (c *Conn) Logger() *slog.Logger {
	if c == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.logger
}

// Subject returns the user the Conn impersonates ([WithSubject]), or "".
func (c *Conn) Subject() string {
	if c == nil {
		return ""
	}
	return c.subject
}

// Actor returns the primary email of the user the Conn acts as: its
// [WithSubject] user, or the [WithActor] user of a token-based Conn; ""
// when neither was given. Services that depend on who calls (the Reseller
// API answers for the actor's reseller domain, rule D1) read it here.
func (c *Conn) Actor() string {
	if c == nil {
		return ""
	}
	return c.actor
}

// Now returns the current time by the Conn's clock ([WithClock]; time.Now
// by default). Services judge expiry, windows and tenure by it.
func (c *Conn) Now() time.Time {
	if c == nil || c.clock == nil {
		return time.Now()
	}
	return c.clock()
}

// Clock returns the Conn's clock ([WithClock]; time.Now by default).
func (c *Conn) Clock() func() time.Time {
	if c == nil || c.clock == nil {
		return time.Now
	}
	return c.clock
}

// Endpoints returns the base URLs the Conn calls, each with a trailing
// slash.
func (c *Conn) Endpoints() Endpoints {
	if c == nil {
		return Endpoints{}
	}
	return c.endpoints
}

// Scopes returns the scopes a service-account Conn requests, or nil for
// other credentials.
func (c *Conn) Scopes() []string {
	if c == nil {
		return nil
	}
	return slices.Clone(c.scopes)
}
