package resellerkit_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit"
)

// FuzzWithEndpoint checks the endpoint normaliser: it never panics, and
// whatever it accepts is an absolute http(s) URL with a host, no query,
// no user information, ending in a slash.
func FuzzWithEndpoint(f *testing.F) {
	for _, s := range []string{
		"http://127.0.0.1:8085", "https://admin.googleapis.com/", "https://proxy.example/google",
		"ftp://x", "admin.googleapis.com", "https://u:p@h/", "https://h/?q", "https://h/#f", "http://[::1]:80/a%2Fb",
		" https://h ", "https://h/path with space", "mailto:a@b", "https:///nohost", "http://0/%2F",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		conn, err := resellerkit.Dial(t.Context(), resellerkit.WithoutAuthentication(), resellerkit.WithEndpoint(raw))
		if err != nil {
			if resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
				t.Fatalf("Dial(%q) error kind %v: %v", raw, resellerkit.KindOf(err), err)
			}
			return
		}
		ep := conn.Endpoints().Directory
		u, perr := url.Parse(ep)
		if perr != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") ||
			u.User != nil || u.RawQuery != "" || u.Fragment != "" || !strings.HasSuffix(ep, "/") {
			t.Fatalf("WithEndpoint(%q) accepted as %q", raw, ep)
		}
	})
}
