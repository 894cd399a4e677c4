package transport

import (
	"errors"
	"sync"

	"golang.org/x/oauth2"
)

// TokenCache is an oauth2.TokenSource that caches the current token and can
// be told to drop it (Invalidate), which the Retry layer does once when
// Google answers 401. It is safe for concurrent use; one fetch runs at a
// time.
type TokenCache struct {
	mu  sync.Mutex
	src oauth2.TokenSource
	// renew, when set, builds a new source after Invalidate, so that a
	// source that caches internally (as the service-account one does)
	// cannot hand back the token Google just refused.
	renew func() (oauth2.TokenSource, error)
	tok   *oauth2.Token
}

// NewTokenCache returns a cache over src. renew may be nil; see TokenCache.
func NewTokenCache(src oauth2.TokenSource, renew func() (oauth2.TokenSource, error)) *TokenCache {
	return &TokenCache{src: src, renew: renew}
}

// Token returns the cached token while it is valid, else fetches one.
func (c *TokenCache) Token() (*oauth2.Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok.Valid() {
		return c.tok, nil
	}
	if c.src == nil {
		if c.renew == nil {
			return nil, errors.New("no token source")
		}
		src, err := c.renew()
		if err != nil {
			return nil, err
		}
		c.src = src
	}
	tok, err := c.src.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil || tok.AccessToken == "" {
		return nil, errors.New("the token source returned an empty access token")
	}
	c.tok = tok
	return tok, nil
}

// Invalidate drops the cached token; with a renew function it also drops
// the source, so the next Token call fetches a new token.
func (c *TokenCache) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tok = nil
	if c.renew != nil {
		c.src = nil
	}
}
