package fake

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/resellerkit/resellerkit"
)

// Conn returns a [resellerkit.Conn] to the Server acting as the user with
// this email, for the services of packages domains, roles, licensing and
// cases. It carries a bearer token of the user; its
// [resellerkit.Conn.Actor] is the user's primary email and its clock is the
// World's ([World.Now]), so services know who calls and follow
// [World.Advance] without further options.
//
// Requests are served in-process ([Server.Transport]). The defaults suit
// tests: no pacing and a fast retry policy (1 ms doubling to 10 ms), so
// injected faults cost milliseconds. opts come after the defaults:
// resellerkit.WithPacing and resellerkit.WithRetry replace them, and
// resellerkit.WithHTTPClient sends the requests over TCP to [Server.URL]
// instead. The actor and the clock are the World's: a resellerkit.WithActor
// or resellerkit.WithClock among opts is refused.
func (s *Server) Conn(ctx context.Context, email string, opts ...resellerkit.Option) (*resellerkit.Conn, error) {
	primary, tok, err := s.world.identity(email)
	if err != nil {
		return nil, err
	}
	base := append([]resellerkit.Option{
		resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"})),
		resellerkit.WithActor(primary),
	}, s.connDefaults()...)
	return resellerkit.Dial(ctx, append(base, opts...)...)
}

// DelegatedConn returns a [resellerkit.Conn] to the Server that
// authenticates as production code does (rule W6): with a service-account
// key and domain-wide delegation to subject (resellerkit.WithSubject), so
// every token comes from the Server's token endpoint through
// golang.org/x/oauth2/google, and [resellerkit.Conn.Subject] is subject.
// The key is made once per Server by [World.NewServiceAccountJSON], with
// [Server.TokenURL] as its token_uri. The defaults are [Server.Conn]'s (no
// pacing, a fast retry), and opts replace them; a credential option among
// opts conflicts with the key (resellerkit.Dial refuses it).
//
// subject must be a user of the World. A subject that is suspended or
// archived gets no token: its Conn's calls fail as unauthenticated, as at
// Google.
func (s *Server) DelegatedConn(ctx context.Context, subject string, opts ...resellerkit.Option) (*resellerkit.Conn, error) {
	primary, _, err := s.world.identity(subject)
	if err != nil {
		return nil, fmt.Errorf("fake: DelegatedConn: %w", err)
	}
	key, err := s.serviceAccountKey()
	if err != nil {
		return nil, err
	}
	base := append([]resellerkit.Option{
		resellerkit.WithServiceAccountJSON(key),
		resellerkit.WithSubject(primary),
	}, s.connDefaults()...)
	return resellerkit.Dial(ctx, append(base, opts...)...)
}

// connDefaults are the options every Conn to the Server starts with.
func (s *Server) connDefaults() []resellerkit.Option {
	return []resellerkit.Option{
		resellerkit.WithEndpoint(s.URL()),
		resellerkit.WithHTTPClient(&http.Client{Transport: s.Transport()}),
		resellerkit.WithClock(s.world.Now),
		resellerkit.WithPacing(resellerkit.Pacing{}),
		resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: time.Millisecond, Max: 10 * time.Millisecond}),
	}
}

// serviceAccountKey returns the Server's service-account key, making it on
// first use (an RSA key takes a while to generate).
func (s *Server) serviceAccountKey() ([]byte, error) {
	s.saMu.Lock()
	defer s.saMu.Unlock()
	if s.saKey == nil {
		key, err := s.world.NewServiceAccountJSON(s.TokenURL())
		if err != nil {
			return nil, err
		}
		s.saKey = key
	}
	return s.saKey, nil
}
