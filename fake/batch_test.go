package fake_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/fake"
)

// batchCall is one part of a raw batch request.
type batchCall struct {
	id, method, path, auth, body string
}

// batchAnswer is one part of a batch answer.
type batchAnswer struct {
	contentID string
	status    int
	header    http.Header
	body      map[string]any
}

// postBatch sends calls to path as Google's batch protocol does (the Go
// clients have no batch support) and splits the answer.
func (e *env) postBatch(path, outerAuth string, calls []batchCall) (int, []batchAnswer) {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, c := range calls {
		h := map[string][]string{"Content-Type": {"application/http"}, "Content-Transfer-Encoding": {"binary"}}
		if c.id != "" {
			h["Content-ID"] = []string{c.id}
		}
		pw, _ := mw.CreatePart(h)
		fmt.Fprintf(pw, "%s %s HTTP/1.1\r\n", c.method, c.path)
		if c.auth != "" {
			fmt.Fprintf(pw, "Authorization: Bearer %s\r\n", c.auth)
		}
		if c.body != "" {
			fmt.Fprintf(pw, "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(c.body), c.body)
		} else {
			io.WriteString(pw, "\r\n")
		}
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", "multipart/mixed; boundary="+mw.Boundary())
	if outerAuth != "" {
		req.Header.Set("Authorization", "Bearer "+outerAuth)
	}
	rec := httptest.NewRecorder()
	e.s.ServeHTTP(rec, req)
	if rec.Code != 200 {
		return rec.Code, nil
	}
	return rec.Code, splitBatch(e.t, rec.Header().Get("Content-Type"), rec.Body.Bytes())
}

func splitBatch(t *testing.T, contentType string, body []byte) []batchAnswer {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("batch answer Content-Type %q", contentType)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var out []batchAnswer
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if p.Header.Get("Content-Type") != "application/http" {
			t.Errorf("part Content-Type %q", p.Header.Get("Content-Type"))
		}
		raw, _ := io.ReadAll(p)
		resp, err := http.ReadResponse(bufioReader(raw), nil)
		if err != nil {
			t.Fatalf("part %q: %v", raw, err)
		}
		a := batchAnswer{contentID: p.Header.Get("Content-ID"), status: resp.StatusCode, header: resp.Header}
		b, _ := io.ReadAll(resp.Body)
		if len(b) > 0 {
			if err := json.Unmarshal(b, &a.body); err != nil {
				t.Fatalf("part body %q: %v", b, err)
			}
		}
		out = append(out, a)
	}
}

// TestBatchDirectory checks a batch on the Directory API's batch path:
// each call answered in its own part, in order, with its own status and
// Content-ID "response-ID"; a call of another API refused in its part.
func TestBatchDirectory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.token(alderAdmin)
	code, parts := e.postBatch("/batch/admin/directory_v1", tok, []batchCall{
		{id: "<b29c5de2-0db4-490b-b421-6a51b598bd22+1>", method: "GET", path: "/admin/directory/v1/users/" + ana + "?fields=primaryEmail"},
		{id: "<b29c5de2-0db4-490b-b421-6a51b598bd22+2>", method: "GET", path: "/admin/directory/v1/users/nobody@" + fake.DemoAlderDomain},
		{id: "<b29c5de2-0db4-490b-b421-6a51b598bd22+3>", method: "GET", path: "/apps/reseller/v1/subscriptions"},
		{id: "<b29c5de2-0db4-490b-b421-6a51b598bd22+4>", method: "PATCH", path: "/admin/directory/v1/users/" + gus, body: `{"suspended":true}`},
	})
	if code != 200 || len(parts) != 4 {
		t.Fatalf("batch: %d, %d parts", code, len(parts))
	}
	for i, want := range []int{200, 404, 404, 200} {
		if parts[i].status != want {
			t.Errorf("part %d: %d %v, want %d", i+1, parts[i].status, parts[i].body, want)
		}
		if wantID := fmt.Sprintf("<response-b29c5de2-0db4-490b-b421-6a51b598bd22+%d>", i+1); parts[i].contentID != wantID {
			t.Errorf("part %d Content-ID %q, want %q", i+1, parts[i].contentID, wantID)
		}
	}
	if len(parts[0].body) != 1 || parts[0].body["primaryEmail"] != ana {
		t.Errorf("part 1 body %v, want the primaryEmail only", parts[0].body)
	}
	if msg := fmt.Sprint(parts[2].body["error"]); !strings.Contains(msg, "Reseller API") {
		t.Errorf("part 3 (another API) error %s", msg)
	}
	if parts[3].body["suspended"] != true || parts[3].header.Get("ETag") == "" {
		t.Errorf("part 4 (patch) body %v header %v", parts[3].body, parts[3].header)
	}
	reqs := e.s.Requests()
	if want := []string{"directory.users.get", "directory.users.get", "directory.users.patch"}; !slices.Equal(reqs[len(reqs)-3:], want) {
		t.Errorf("request log %v, want each call logged (%v)", reqs, want)
	}
}

// TestBatchAuthQuotaFaults checks that each call is authenticated (its
// own Authorization header, else the batch's), paced and faulted as a
// single call is (rule W3: a batch of n calls is n queries).
func TestBatchAuthQuotaFaults(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fake.WithQuota(fake.Quota{PerMinute: 3}))
	e.s.Fail(fake.Fault{Method: "directory.users.get", Status: 503, Count: 1})
	get := batchCall{method: "GET", path: "/admin/directory/v1/users/" + ana}
	hanaGet := get
	hanaGet.auth = e.token(hana) // another reseller's admin: not found for her
	code, parts := e.postBatch("/batch", e.token(alderAdmin), []batchCall{get, get, hanaGet, get, get})
	if code != 200 || len(parts) != 5 {
		t.Fatalf("batch: %d, %d parts", code, len(parts))
	}
	var got []int
	for _, p := range parts {
		got = append(got, p.status)
	}
	// 503 (fault), 200, hana's own quota: 404/403, then alder's quota of 3 spent: 403.
	if got[0] != 503 || got[1] != 200 || (got[2] != 404 && got[2] != 403) || got[3] != 200 || got[4] != 403 {
		t.Errorf("statuses %v, want [503 200 404|403 200 403]", got)
	}
	if r := fmt.Sprint(parts[4].body["error"]); !strings.Contains(r, "userRateLimitExceeded") {
		t.Errorf("part 5: %s, want userRateLimitExceeded", r)
	}

	_, parts = e.postBatch("/batch", "", []batchCall{{method: "GET", path: "/admin/directory/v1/users/" + ana}})
	if len(parts) != 1 || parts[0].status != 401 {
		t.Errorf("a call with no credentials: %+v, want 401", parts)
	}
}

// TestBatchRefused checks the batches Google refuses whole: not
// multipart/mixed, no call, more than 1000 calls.
func TestBatchRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	req := httptest.NewRequest(http.MethodPost, "/batch", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	e.s.ServeHTTP(rec, req)
	if rec.Code != 400 {
		t.Errorf("a JSON body on /batch: %d, want 400", rec.Code)
	}
	if code, _ := e.postBatch("/batch", "", nil); code != 400 {
		t.Errorf("an empty batch: %d, want 400", code)
	}
	calls := make([]batchCall, 1001)
	for i := range calls {
		calls[i] = batchCall{method: "GET", path: "/admin/directory/v1/users/" + ana}
	}
	if code, _ := e.postBatch("/batch", "", calls); code != 400 {
		t.Errorf("1001 calls: %d, want 400", code)
	}
	code, parts := e.postBatch("/batch/licensing/v1", e.token(alderAdmin), []batchCall{
		{method: "GET", path: "/admin/directory/v1/users/" + ana},
		{method: "POST", path: "/batch", body: "{}"},
		{method: "POST", path: "/token", body: "{}"},
	})
	if code != 200 || len(parts) != 3 || parts[0].status != 404 || parts[1].status != 404 || parts[2].status != 404 {
		t.Errorf("calls of no API or another API on batch/licensing/v1: %d %+v, want three 404 parts", code, parts)
	}
}

// TestBatchPythonClient runs Google's Python client
// (googleapiclient.http.BatchHttpRequest, as Debian's python3-googleapi
// ships it) against the fake over TCP: it writes parts with LF line ends,
// Content-ID "<uuid + n>", and parses the answer itself.
func TestBatchPythonClient(t *testing.T) {
	t.Parallel()
	py, err := exec.LookPath("/usr/bin/python3")
	if err != nil || exec.Command(py, "-c", "import googleapiclient.http, httplib2").Run() != nil {
		t.Skip("python3 with googleapiclient (python3-googleapi) is not installed")
	}
	e := newEnv(t)
	doc := discoveryDoc(t, "admin/directory/v1/admin-api.json")
	script := `
import json, sys, httplib2
from googleapiclient import discovery, http as ghttp
url, token, docpath, ana = sys.argv[1:5]
doc = json.load(open(docpath))
doc["rootUrl"] = url
class Authed(httplib2.Http):
    def request(self, uri, method="GET", body=None, headers=None, **kw):
        headers = dict(headers or {})
        headers["authorization"] = "Bearer " + token
        return super().request(uri, method=method, body=body, headers=headers, **kw)
h = Authed()
svc = discovery.build_from_document(json.dumps(doc), http=h)
out = {}
def cb(rid, resp, exc):
    out[rid] = [exc.resp.status if exc is not None else 200, resp.get("primaryEmail") if resp else None]
b = ghttp.BatchHttpRequest(callback=cb, batch_uri=url + "batch/admin/directory_v1")
b.add(svc.users().get(userKey=ana), request_id="a")
b.add(svc.users().get(userKey="nobody@" + ana.split("@")[1]), request_id="b")
b.add(svc.users().patch(userKey=ana, body={"name": {"givenName": "Ana", "familyName": "Batch"}}), request_id="c")
b.execute(http=h)
print(json.dumps(out, sort_keys=True))
`
	cmd := exec.CommandContext(t.Context(), py, "-c", script, e.s.URL(), e.token(alderAdmin), doc, ana)
	got, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, got)
	}
	want := fmt.Sprintf(`{"a": [200, %q], "b": [404, null], "c": [200, %q]}`, ana, ana)
	if strings.TrimSpace(string(got)) != want {
		t.Errorf("python batch = %s, want %s", got, want)
	}
}

// discoveryDoc returns the path of a pinned discovery document in the
// module cache.
func discoveryDoc(t *testing.T, rel string) string {
	t.Helper()
	bi, ok := debug.ReadBuildInfo()
	version := "v0.311.0"
	if ok {
		for _, d := range bi.Deps {
			if d.Path == "google.golang.org/api" {
				version = d.Version
			}
		}
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Skip("go env GOMODCACHE:", err)
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "google.golang.org", "api@"+version, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skip("discovery document not in the module cache:", err)
	}
	return p
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }
