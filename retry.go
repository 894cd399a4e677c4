package resellerkit

import (
	"math"
	"time"

	"github.com/resellerkit/resellerkit/internal/transport"
)

// RetryPolicy tunes how a [Conn] sends a request again when Google's answer
// is transient (rules W1 and W2). A zero field takes its default, so
// RetryPolicy{MaxAttempts: 3} changes only the number of attempts.
//
// Which answers are retried: 429; 403 with reason userRateLimitExceeded,
// rateLimitExceeded, quotaExceeded or dailyLimitExceeded; 500 (except
// Google's "role assignment exists", which is a duplicate, and reason
// conditionNotMet); 502, 503, 504; network failures (reset, refused,
// unexpected EOF, timeout). A 401 is sent again once, at once, after the
// cached token is dropped. Never retried: 400, other 401s, permission 403s,
// 404, 409, 412, a canceled context.
//
// The pause before retry n (n = 0 for the second attempt) is
// min(Initial × Multiplierⁿ, Max) plus a random jitter in
// [0, min(Initial, 1s)): with the defaults, Google's recommended 1 s, 2 s,
// 4 s, 8 s, 16 s, each plus up to 1,000 ms. A Retry-After longer than the
// pause replaces it; one longer than Max is not waited for (the error,
// carrying RetryAfter, is returned). A pause that would end after the
// context's deadline is not taken: the last error is returned instead.
//
// Retries happen per HTTP request, under the generated clients, so a
// listing resumes at the page that failed (rule W4). A request whose body
// cannot be replayed (no GetBody, as with streamed media uploads) is sent
// once.
//
// A POST (Google's insert, create and case-action methods, which are not
// idempotent) is resent by the Conn only after an answer that says it was
// not applied: 429, a throttling 403, a 401, a refused connection. After a
// 5xx or a connection lost mid-request, Google may have applied it, so the
// error is returned instead; the services of this module then find out
// whether the write landed (reading back the account, the case marker,
// the comment list) and resend only when it did not, following this same
// policy. See docs/failures.md.
type RetryPolicy struct {
	// MaxAttempts is the number of sends in all, the first included.
	// 0 means 6; 1 means no retry.
	MaxAttempts int
	// Initial is the pause before the second attempt. 0 means 1 s.
	Initial time.Duration
	// Max caps the exponential part of a pause. 0 means 32 s.
	Max time.Duration
	// Multiplier is the growth of the pause per retry. 0 means 2; it must
	// otherwise be at least 1.
	Multiplier float64
}

// Defaults of [RetryPolicy].
const (
	DefaultMaxAttempts     = 6
	DefaultRetryInitial    = time.Second
	DefaultRetryMax        = 32 * time.Second
	DefaultRetryMultiplier = 2.0
)

// DefaultRetryPolicy returns the policy a [Conn] uses when [WithRetry] is
// not given.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts: DefaultMaxAttempts,
		Initial:     DefaultRetryInitial,
		Max:         DefaultRetryMax,
		Multiplier:  DefaultRetryMultiplier,
	}
}

// withDefaults fills zero fields.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.MaxAttempts == 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.Initial == 0 {
		p.Initial = d.Initial
	}
	if p.Max == 0 {
		p.Max = max(d.Max, p.Initial)
	}
	if p.Multiplier == 0 {
		p.Multiplier = d.Multiplier
	}
	return p
}

// validate names the first bad field. p has its defaults filled.
func (p RetryPolicy) validate() error {
	const op, opt = "resellerkit.Dial", "WithRetry"
	switch {
	case p.MaxAttempts < 0:
		return invalidField(op, opt, "RetryPolicy.MaxAttempts is negative; use 1 for no retry, or WithoutRetry")
	case p.Initial < 0:
		return invalidField(op, opt, "RetryPolicy.Initial is negative; use a positive pause such as time.Second")
	case p.Max < 0:
		return invalidField(op, opt, "RetryPolicy.Max is negative; use a positive cap such as 32*time.Second")
	case p.Max < p.Initial:
		return invalidField(op, opt, "RetryPolicy.Max ("+p.Max.String()+") is below RetryPolicy.Initial ("+p.Initial.String()+"); raise Max or lower Initial")
	case p.Multiplier < 1 || math.IsNaN(p.Multiplier):
		return invalidField(op, opt, "RetryPolicy.Multiplier must be at least 1 (0 means the default 2)")
	}
	return nil
}

func (p RetryPolicy) internal() transport.Policy {
	return transport.Policy{MaxAttempts: p.MaxAttempts, Initial: p.Initial, Max: p.Max, Multiplier: p.Multiplier}
}

// Pacing is the client-side request rate of a [Conn] per Google API, in
// queries per minute (rule W3), so bulk work runs at the quota and not into
// it. A field of 0 leaves that API unpaced. Each API has one limiter per
// Conn, shared by all its goroutines, allowing a burst of one second's
// worth of queries.
//
// Google's quotas are per user (the impersonated subject) per Cloud project;
// a Conn is one subject, so one limiter per Conn matches them. Several Conns
// for the same subject and project share Google's quota but not their
// limiters: divide the rates between them.
type Pacing struct {
	// Directory is for the Admin SDK Directory API. Google's default quota
	// is 2,400 queries per minute per user per project.
	Directory int
	// Licensing is for the Enterprise License Manager API, whose documented
	// quota is 1 query per second.
	Licensing int
	// Reseller is for the Reseller API. Google publishes no per-minute
	// number; the default is a conservative 600.
	Reseller int
	// CloudSupport is for the Cloud Support API v2. Google publishes no
	// default quota; the default is a conservative 600.
	CloudSupport int
}

// Default request rates, in queries per minute.
const (
	DefaultDirectoryQPM    = 2400
	DefaultLicensingQPM    = 60
	DefaultResellerQPM     = 600
	DefaultCloudSupportQPM = 600
)

// DefaultPacing returns the pacing a [Conn] uses when [WithPacing] is not
// given. Change one field of it to keep the others:
//
//	p := resellerkit.DefaultPacing()
//	p.Licensing = 600 // this project's raised quota
//	conn, err := resellerkit.Dial(ctx, ..., resellerkit.WithPacing(p))
func DefaultPacing() Pacing {
	return Pacing{
		Directory:    DefaultDirectoryQPM,
		Licensing:    DefaultLicensingQPM,
		Reseller:     DefaultResellerQPM,
		CloudSupport: DefaultCloudSupportQPM,
	}
}

func (p Pacing) validate() error {
	const op, opt = "resellerkit.Dial", "WithPacing"
	for _, f := range []struct {
		name string
		v    int
	}{{"Directory", p.Directory}, {"Licensing", p.Licensing}, {"Reseller", p.Reseller}, {"CloudSupport", p.CloudSupport}} {
		if f.v < 0 {
			return invalidField(op, opt, "Pacing."+f.name+" is negative; use queries per minute, or 0 for no pacing")
		}
	}
	return nil
}
