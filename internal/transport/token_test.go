package transport_test

import (
	"errors"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/resellerkit/resellerkit/internal/transport"
)

type seqSource struct {
	toks []*oauth2.Token
	n    int
}

func (s *seqSource) Token() (*oauth2.Token, error) {
	if s.n >= len(s.toks) {
		return nil, errors.New("no more tokens")
	}
	s.n++
	return s.toks[s.n-1], nil
}

func TestTokenCache(t *testing.T) {
	t.Parallel()
	later := time.Now().Add(time.Hour)
	t.Run("caches a valid token", func(t *testing.T) {
		t.Parallel()
		src := &seqSource{toks: []*oauth2.Token{{AccessToken: "a", Expiry: later}, {AccessToken: "b", Expiry: later}}}
		c := transport.NewTokenCache(src, nil)
		for range 3 {
			tok, err := c.Token()
			if err != nil || tok.AccessToken != "a" {
				t.Fatalf("Token() = %v, %v; want a", tok, err)
			}
		}
	})
	t.Run("fetches again when expired", func(t *testing.T) {
		t.Parallel()
		src := &seqSource{toks: []*oauth2.Token{{AccessToken: "a", Expiry: time.Now().Add(-time.Minute)}, {AccessToken: "b", Expiry: later}}}
		c := transport.NewTokenCache(src, nil)
		c.Token()
		tok, err := c.Token()
		if err != nil || tok.AccessToken != "b" {
			t.Fatalf("Token() = %v, %v; want b", tok, err)
		}
	})
	t.Run("invalidate asks the source again", func(t *testing.T) {
		t.Parallel()
		src := &seqSource{toks: []*oauth2.Token{{AccessToken: "a", Expiry: later}, {AccessToken: "b", Expiry: later}}}
		c := transport.NewTokenCache(src, nil)
		c.Token()
		c.Invalidate()
		tok, err := c.Token()
		if err != nil || tok.AccessToken != "b" {
			t.Fatalf("Token() = %v, %v; want b", tok, err)
		}
	})
	t.Run("invalidate renews the source", func(t *testing.T) {
		t.Parallel()
		renewals := 0
		c := transport.NewTokenCache(nil, func() (oauth2.TokenSource, error) {
			renewals++
			// A caching source that would return the same token for ever.
			return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: string(rune('0' + renewals))}), nil
		})
		first, _ := c.Token()
		c.Invalidate()
		second, err := c.Token()
		if err != nil || first.AccessToken == second.AccessToken || renewals != 2 {
			t.Fatalf("tokens %q then %q after %d renewals; want different tokens after 2", first.AccessToken, second.AccessToken, renewals)
		}
	})
	t.Run("empty token is an error", func(t *testing.T) {
		t.Parallel()
		c := transport.NewTokenCache(oauth2.StaticTokenSource(&oauth2.Token{}), nil)
		if _, err := c.Token(); err == nil {
			t.Fatal("Token() error = nil, want an error for an empty access token")
		}
	})
}
