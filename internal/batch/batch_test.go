package batch_test

import (
	"bytes"
	"errors"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/internal/batch"
)

// world is a reseller account with three customers, one of which turned
// reseller access off (rule D5).
func world(t *testing.T, opts ...fake.Option) (*fake.Server, *resellerkit.Conn) {
	t.Helper()
	seed := fake.Seed{Tenants: []fake.TenantSeed{{
		Name: "Partner", Reseller: true, Domains: []fake.DomainSeed{{Name: "partner.example"}},
		Users: []fake.UserSeed{{Email: "admin@partner.example", GivenName: "A", FamilyName: "B", Roles: []string{"_SEED_ADMIN_ROLE"}}},
	}}}
	for i, revoked := range []bool{false, true, false} {
		seed.Tenants = append(seed.Tenants, fake.TenantSeed{
			CustomerID: fmt.Sprintf("C0000000%d", i+1), Name: fmt.Sprintf("Customer %d", i+1),
			Domains: []fake.DomainSeed{{Name: fmt.Sprintf("customer%d.example", i+1)}},
			Customer: &fake.CustomerSeed{ResellerDomain: "partner.example", ResellerAccessRevoked: revoked,
				Subscriptions: []fake.SubscriptionSeed{{SKUID: "1010020027", Plan: "ANNUAL", Seats: 1}}},
		})
	}
	w, err := fake.NewWorld(seed)
	if err != nil {
		t.Fatal(err)
	}
	srv := faketest.NewServer(t, w, append([]fake.Option{fake.WithoutListener()}, opts...)...)
	conn, err := srv.Conn(t.Context(), "admin@partner.example")
	if err != nil {
		t.Fatal(err)
	}
	return srv, conn
}

func get(id string) batch.Call {
	return batch.Call{Path: "/apps/reseller/v1/customers/" + id + "?fields=customerId,customerDomain"}
}

// TestDoAgainstFake sends customers.get calls in one batch to the
// Reseller API's batchPath: one reply per call, in order, each with its
// own status (rule D5's 403 for a customer that turned access off) and
// classified by Reply.Err; every call is counted at the fake.
func TestDoAgainstFake(t *testing.T) {
	t.Parallel()
	srv, conn := world(t)
	srv.ResetLog()
	rs, err := batch.Do(t.Context(), conn.HTTPClient(), conn.Endpoints().Reseller+"batch",
		[]batch.Call{get("C00000001"), get("C00000002"), get("C00000009"), get("C00000003")})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 4 {
		t.Fatalf("%d replies, want 4", len(rs))
	}
	for i, want := range []int{200, 403, 404, 200} {
		if rs[i].Status != want {
			t.Errorf("reply %d: %d %s, want %d", i, rs[i].Status, rs[i].Body, want)
		}
	}
	if !strings.Contains(string(rs[3].Body), `"customerId":"C00000003"`) || strings.Contains(string(rs[3].Body), "postalAddress") {
		t.Errorf("reply 3 body %s, want customer C00000003's selected fields only", rs[3].Body)
	}
	if err := rs[0].Err("reseller.customers.get"); err != nil {
		t.Errorf("Err of a 200: %v", err)
	}
	err = rs[1].Err("reseller.customers.get")
	if resellerkit.KindOf(err) != resellerkit.KindPermissionDenied {
		t.Errorf("D5: Err of the 403 = %v, want permission denied", err)
	}
	var e *resellerkit.Error
	if !errors.As(err, &e) || e.Call != "reseller.customers.get" || e.Status != 403 {
		t.Errorf("Err of the 403 = %#v, want the call and status named", err)
	}
	if resellerkit.KindOf(rs[2].Err("reseller.customers.get")) != resellerkit.KindNotFound {
		t.Errorf("Err of the 404 = %v", rs[2].Err("reseller.customers.get"))
	}
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("the fake counted %d calls, want 4 (each call of a batch counts against quota)", n)
	}
}

// TestDoLatencyOnce checks that a batch costs one round trip's latency,
// not one per call: Google runs a batch's calls in parallel, and the fake
// pays WithLatency once per batch.
func TestDoLatencyOnce(t *testing.T) {
	t.Parallel()
	_, conn := world(t, fake.WithLatency(20*time.Millisecond))
	calls := make([]batch.Call, 100)
	for i := range calls {
		calls[i] = get("C00000001")
	}
	start := time.Now()
	rs, err := batch.Do(t.Context(), conn.HTTPClient(), conn.Endpoints().Reseller+"batch", calls)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 20*time.Millisecond || d > time.Second {
		t.Errorf("a batch of 100 calls took %v; want one latency (20ms), far from 100 of them (2s)", d)
	}
	if len(rs) != 100 || rs[99].Status != 200 {
		t.Errorf("%d replies, last %+v", len(rs), rs[len(rs)-1])
	}
}

// TestDoLimits: no call is no request; more than Google's 1000 is refused
// before sending.
func TestDoLimits(t *testing.T) {
	t.Parallel()
	srv, conn := world(t)
	srv.ResetLog()
	if rs, err := batch.Do(t.Context(), conn.HTTPClient(), conn.Endpoints().Reseller+"batch", nil); rs != nil || err != nil {
		t.Errorf("empty batch: %v, %v", rs, err)
	}
	_, err := batch.Do(t.Context(), conn.HTTPClient(), conn.Endpoints().Reseller+"batch", make([]batch.Call, batch.MaxCalls+1))
	if resellerkit.KindOf(err) != resellerkit.KindInvalidArgument || !strings.Contains(err.Error(), "1000") {
		t.Errorf("1001 calls: %v, want invalid naming the limit", err)
	}
	if _, _, err := batch.Build([]batch.Call{{Path: "/a b"}}); resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
		t.Errorf("a path with a space: %v, want invalid", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d calls reached the fake, want none", n)
	}
}

// answer builds a batch answer: one part per (Content-ID, status line and
// body); an empty id leaves the part without one.
func answer(parts ...[2]string) (string, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{"Content-Type": {"application/http"}}
		if p[0] != "" {
			h.Set("Content-ID", p[0])
		}
		w, _ := mw.CreatePart(h)
		w.Write([]byte(p[1]))
	}
	mw.Close()
	return "multipart/mixed; boundary=" + mw.Boundary(), buf.Bytes()
}

const ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}"

// TestParse checks the answer parser: replies placed by Content-ID (with
// or without brackets) else by position; anything that is not one reply
// per call is an error, never a partial result.
func TestParse(t *testing.T) {
	t.Parallel()
	ct, body := answer([2]string{"response-item-1", "HTTP/1.1 403 Forbidden\r\n\r\n{\"error\":{\"code\":403}}"}, [2]string{"<response-item-0>", ok})
	rs, err := batch.Parse(ct, body, 2)
	if err != nil || rs[0].Status != 200 || rs[1].Status != 403 || string(rs[0].Body) != "{}" {
		t.Fatalf("Parse = %+v, %v", rs, err)
	}
	ct, body = answer([2]string{"", ok}, [2]string{"", "HTTP/1.1 404 Not Found\r\n\r\n"})
	if rs, err := batch.Parse(ct, body, 2); err != nil || rs[1].Status != 404 {
		t.Errorf("by position: %+v, %v", rs, err)
	}
	for name, c := range map[string]struct {
		ct   string
		body []byte
		n    int
	}{
		"not multipart": {"application/json", []byte("{}"), 1},
		"missing reply": func() struct {
			ct   string
			body []byte
			n    int
		} {
			ct, b := answer([2]string{"response-item-0", ok})
			return struct {
				ct   string
				body []byte
				n    int
			}{ct, b, 2}
		}(),
	} {
		if _, err := batch.Parse(c.ct, c.body, c.n); resellerkit.KindOf(err) != resellerkit.KindUnavailable {
			t.Errorf("%s: %v, want unavailable", name, err)
		}
	}
	for name, parts := range map[string][][2]string{
		"duplicate":     {{"response-item-0", ok}, {"response-item-0", ok}},
		"unknown id":    {{"response-item-7", ok}, {"response-item-0", ok}},
		"foreign id":    {{"item-0", ok}, {"response-item-1", ok}},
		"extra reply":   {{"", ok}, {"", ok}, {"", ok}},
		"not http":      {{"", "hello"}, {"", ok}},
		"leading zeros": {{"response-item-00", ok}, {"response-item-1", ok}},
	} {
		ct, body := answer(parts...)
		if rs, err := batch.Parse(ct, body, 2); err == nil {
			t.Errorf("%s: %+v, want an error", name, rs)
		}
	}
}

// FuzzParse: the parser never panics, and a success has exactly one
// reply per call with a real status.
func FuzzParse(f *testing.F) {
	ct, body := answer([2]string{"response-item-0", ok}, [2]string{"<response-item-1>", "HTTP/1.1 403 Forbidden\r\n\r\nno"})
	f.Add(ct, body, 2)
	f.Add("multipart/mixed; boundary=x", []byte("--x\r\n\r\nHTTP/1.1 200 OK\r\n\r\n\r\n--x--"), 1)
	f.Add("text/plain", []byte{}, 0)
	f.Fuzz(func(t *testing.T, ct string, body []byte, n int) {
		if n < 0 || n > 50 {
			return
		}
		rs, err := batch.Parse(ct, body, n)
		if err != nil {
			return
		}
		if len(rs) != n {
			t.Fatalf("%d replies for %d calls", len(rs), n)
		}
		for i, r := range rs {
			if r.Status < 100 || r.Status > 999 {
				t.Fatalf("reply %d status %d", i, r.Status)
			}
		}
	})
}

// TestBuildRequest checks the request Build writes: one application/http
// part per call with its Content-ID and request line.
func TestBuildRequest(t *testing.T) {
	t.Parallel()
	body, ct, err := batch.Build([]batch.Call{get("C1"), {Method: "GET", Path: "/apps/reseller/v1/subscriptions?maxResults=1"}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(body)
	if !strings.HasPrefix(ct, "multipart/mixed; boundary=") || !strings.Contains(s, "Content-Id: <item-1>") && !strings.Contains(s, "Content-ID: <item-1>") ||
		!strings.Contains(s, "GET /apps/reseller/v1/subscriptions?maxResults=1 HTTP/1.1\r\n") || !strings.Contains(s, "Content-Type: application/http") {
		t.Errorf("Build = %s\n%s", ct, s)
	}
}
