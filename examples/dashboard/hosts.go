package main

import (
	"net"
	"net/http"
	"strings"
)

// hostGuard answers only requests addressed to a name the dashboard serves:
// the loopback names, the host of -addr, and each -allowed-host. A web page
// on another site can point its own name at 127.0.0.1 (DNS rebinding) and
// then read the dashboard through the visitor's browser; such a request
// still carries the other site's name in its Host header, and is refused
// with 421 Misdirected Request.
type hostGuard struct {
	allowed map[string]bool // lower-case host names, without port or brackets
	next    http.Handler
}

// newHostGuard allows the loopback names, the host of addr (unless it is an
// unspecified address such as 0.0.0.0, which names no host) and extra.
func newHostGuard(addr string, extra []string, next http.Handler) *hostGuard {
	g := &hostGuard{allowed: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}, next: next}
	if host, _, err := net.SplitHostPort(addr); err == nil && host != "" {
		if ip := net.ParseIP(host); ip == nil || !ip.IsUnspecified() {
			g.allowed[strings.ToLower(host)] = true
		}
	}
	for _, h := range extra {
		g.allowed[strings.ToLower(strings.TrimSuffix(h, "."))] = true
	}
	return g
}

func (g *hostGuard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if !g.allowed[host] && !isLoopbackIP(host) {
		http.Error(w, "421 misdirected request: this dashboard answers only to the names it serves "+
			"(localhost, 127.0.0.1, the -addr host and each -allowed-host)", http.StatusMisdirectedRequest)
		return
	}
	g.next.ServeHTTP(w, r)
}

// isLoopbackIP reports whether host is a loopback address (127.0.0.0/8, ::1).
func isLoopbackIP(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
