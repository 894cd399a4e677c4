package licensing

import (
	"fmt"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// DefaultPageSize is the page size of listings unless [WithPageSize] or a
// [resellerkit.PageRequest] says otherwise. Google's guide caps maxResults
// at 100 while the discovery document allows 1000; 100 is what both accept.
const DefaultPageSize = 100

// MaxPageSize is the largest page size the Licensing API's discovery document
// accepts.
const MaxPageSize = 1000

// Option configures a [Service]. [New] checks every option and refuses an
// invalid one with an error of [resellerkit.KindInvalidArgument] naming it,
// so a misconfiguration cannot go unnoticed.
type Option func(*config) error

type config struct {
	seats    SeatSource
	pageSize int
	await    resellerkit.AwaitPolicy
}

// WithSeatSource sets where the service reads the number of seats of an SKU
// (rule L4), replacing the default, [ResellerSeats] over the Service's Conn.
// Combine several with [SeatSources], e.g.
// SeatSources(ResellerSeats(conn), StaticSeats{SKUCloudIdentityFree: 50}).
// A nil source is an error.
func WithSeatSource(src SeatSource) Option {
	return func(c *config) error {
		if src == nil {
			return optErr("WithSeatSource", "the source is nil; pass a SeatSource such as licensing.StaticSeats")
		}
		c.seats = src
		return nil
	}
}

// WithPageSize sets the page size of listings, from 1 to [MaxPageSize]
// (default [DefaultPageSize]); a size outside that range is an error. Small
// sizes are for tests that want many pages.
func WithPageSize(n int) Option {
	return func(c *config) error {
		if n < 1 || n > MaxPageSize {
			return optErr("WithPageSize", "%d is outside 1..%d", n, MaxPageSize)
		}
		c.pageSize = n
		return nil
	}
}

// WithAwait bounds the wait for a write to show (rule W5) when the
// Service must read back a license it changed and Google answers 404 for
// a while: after a lost answer to a change of SKU, whose resend then finds
// the old SKU gone. The zero policy means the defaults of
// [resellerkit.AwaitPolicy]; negative durations are an error.
func WithAwait(p resellerkit.AwaitPolicy) Option {
	return func(c *config) error {
		if p.Timeout < 0 || p.Interval < 0 {
			return optErr("WithAwait", "negative durations in %+v", p)
		}
		c.await = p
		return nil
	}
}

// optErr reports an invalid option as a field error named after the option.
func optErr(option, format string, args ...any) error {
	return &resellerkit.FieldError{Field: "licensing." + option, Reason: fmt.Sprintf(format, args...)}
}

// buildConfig applies opts over def, the defaults of [New].
func buildConfig(def config, opts []Option) (config, error) {
	c := def
	for i, o := range opts {
		if o == nil {
			return config{}, errs.Invalid("licensing.New", fmt.Sprintf("opts[%d]", i), "the option is nil")
		}
		if err := o(&c); err != nil {
			return config{}, &resellerkit.Error{Kind: resellerkit.KindInvalidArgument, Op: "licensing.New", Err: err}
		}
	}
	return c, nil
}
