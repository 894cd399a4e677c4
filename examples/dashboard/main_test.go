package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		check   func(t *testing.T, c config)
		wantErr string
	}{
		{name: "defaults", args: nil, check: func(t *testing.T, c config) {
			if c.addr != "127.0.0.1:8080" || !c.creds.Embedded() || c.refresh != 5*time.Minute {
				t.Errorf("defaults: %+v", c)
			}
		}},
		{name: "accounts and seats", args: []string{"-account", "a.json:admin@a.example", "-account", "b.json:admin@b.example", "-seats", "1010010001=50"},
			check: func(t *testing.T, c config) {
				if len(c.creds.Accounts) != 2 || c.seats["1010010001"] != 50 {
					t.Errorf("got %+v", c)
				}
			}},
		{name: "localhost", args: []string{"-addr", "localhost:0"}},
		{name: "IPv6 loopback", args: []string{"-addr", "[::1]:9000"}},
		{name: "all interfaces refused", args: []string{"-addr", ":8080"}, wantErr: "not a loopback address"},
		{name: "remote refused", args: []string{"-addr", "192.0.2.1:8080"}, wantErr: "-allow-remote"},
		{name: "remote allowed", args: []string{"-addr", "0.0.0.0:8080", "-allow-remote"}},
		{name: "bad addr", args: []string{"-addr", "8080"}, wantErr: "want host:port"},
		{name: "bad seats", args: []string{"-seats", "1010010001=fifty"}, wantErr: "whole number"},
		{name: "negative refresh", args: []string{"-refresh", "-1m"}, wantErr: "negative"},
		{name: "stray argument", args: []string{"serve"}, wantErr: "unexpected argument"},
		{name: "endpoint not on loopback", args: []string{"-account", "k.json:admin@a.example", "-endpoint", "https://admin.googleapis.com/"}, wantErr: "loopback"},
		{name: "endpoint without account", args: []string{"-endpoint", "http://127.0.0.1:8085/"}, wantErr: "-endpoint needs -account"},
		{name: "org unit not a path", args: []string{"-staff-ou", "Support"}, wantErr: "org unit path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseFlags(tt.args, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
	t.Run("help", func(t *testing.T) {
		t.Parallel()
		var out strings.Builder
		_, err := parseFlags([]string{"-help"}, &out)
		if !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("error %v, want flag.ErrHelp", err)
		}
		for _, w := range []string{"-account", "-endpoint", "-seats", "-plans", "-people", "-cases", "-role", "-staff-ou", "go run ./examples/dashboard"} {
			if !strings.Contains(out.String(), w) {
				t.Errorf("help lacks %s", w)
			}
		}
	})
}

// startDashboard runs the program as go run does, on a free loopback port,
// and returns its base URL; the program stops when the test ends, and the
// test checks it stopped cleanly.
func startDashboard(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-refresh", "0"}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("the dashboard did not start: %v (%v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	_, url, ok := strings.Cut(strings.TrimSpace(line), " on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("unexpected start line %q", line)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("the dashboard did not shut down cleanly: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("the dashboard did not shut down within 15 s")
		}
	})
	return url
}

// The program serves on the embedded fake by default and shuts down
// gracefully when its context ends (SIGINT/SIGTERM in main).
func TestRun(t *testing.T) {
	t.Parallel()
	base := startDashboard(t)
	for _, path := range []string{"healthz", "", "customers", "seats", "cases", "plan?person=ana.lima@northwind.example"} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /%s: status %d", path, resp.StatusCode)
		}
	}
}

// TestRunRefusesOtherHosts: the running dashboard answers only to the names
// it serves, so a page on another site that rebinds its name to 127.0.0.1
// cannot read it through a browser.
func TestRunRefusesOtherHosts(t *testing.T) {
	t.Parallel()
	base := startDashboard(t)
	for host, want := range map[string]int{
		"attacker.example":      http.StatusMisdirectedRequest,
		"attacker.example:8080": http.StatusMisdirectedRequest,
		"127.0.0.1.nip.example": http.StatusMisdirectedRequest,
		"localhost":             http.StatusOK,
		"LOCALHOST.:8080":       http.StatusOK,
		"127.0.0.1:8080":        http.StatusOK,
		"127.1.2.3":             http.StatusOK,
		"[::1]:8080":            http.StatusOK,
	} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"healthz", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET /healthz with Host %q: status %d, want %d", host, resp.StatusCode, want)
		}
	}
}

func TestHostGuardAllowedHosts(t *testing.T) {
	t.Parallel()
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {})
	for _, tt := range []struct {
		addr  string
		extra []string
		host  string
		want  int
	}{
		{"192.0.2.10:8080", nil, "192.0.2.10:8080", http.StatusOK},
		{"0.0.0.0:8080", nil, "0.0.0.0:8080", http.StatusMisdirectedRequest},
		{"0.0.0.0:8080", []string{"dash.partner.example"}, "Dash.Partner.example:8080", http.StatusOK},
		{"0.0.0.0:8080", []string{"dash.partner.example"}, "other.partner.example", http.StatusMisdirectedRequest},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host = tt.host
		newHostGuard(tt.addr, tt.extra, ok).ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("addr %s, allowed %v, Host %q: status %d, want %d", tt.addr, tt.extra, tt.host, rec.Code, tt.want)
		}
	}
}
