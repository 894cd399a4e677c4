// Package transport holds the http.RoundTripper layers the root package's
// Conn stacks under the generated Google clients (rules W1 to W4 of the
// access model), from the outside in:
//
//	Retry → Pace → oauth2.Transport (token from a TokenCache) → Log → base
//
// Retry is outermost so that every attempt is paced and carries a fresh
// token; Log is innermost so that it records each attempt as sent, and it
// never records headers. The package does not import the root package.
//
// The rules named by ID in this package (W1–W4, and W6 for tokens, which
// are never logged) are in docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md).
package transport
