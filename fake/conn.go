package fake

import (
	"context"
	"time"

	"golang.org/x/oauth2"

	"github.com/resellerkit/resellerkit"
)

// Conn returns a [resellerkit.Conn] to the Server acting as the user with
// this email, for the packages' Google-backed services
// (roles.New(conn), ...). Its defaults suit tests: no pacing and a fast
// retry policy (1 ms doubling to 10 ms), so injected faults cost
// milliseconds. opts come after the defaults and replace them
// (resellerkit.WithPacing, resellerkit.WithRetry, ...).
func (s *Server) Conn(ctx context.Context, email string, opts ...resellerkit.Option) (*resellerkit.Conn, error) {
	tok, err := s.TokenFor(email)
	if err != nil {
		return nil, err
	}
	base := []resellerkit.Option{
		resellerkit.WithEndpoint(s.URL()),
		resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"})),
		resellerkit.WithPacing(resellerkit.Pacing{}),
		resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: time.Millisecond, Max: 10 * time.Millisecond}),
	}
	return resellerkit.Dial(ctx, append(base, opts...)...)
}
