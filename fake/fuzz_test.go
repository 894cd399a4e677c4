package fake_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit/fake"
)

var fuzzMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// FuzzServer drives random methods, paths, queries and bodies through the
// Server's handler: nothing may panic (the Server turns a panic into a 500
// naming an internal error, which fails this test), and every error answer
// of an API route is Google's JSON envelope.
func FuzzServer(f *testing.F) {
	seeds := []struct {
		method      byte
		path, query string
		body        string
		auth        bool
	}{
		{0, "/admin/directory/v1/users/ana@alder-reseller.example", "", "", true},
		{0, "/admin/directory/v1/users", "customer=my_customer&maxResults=2&query=email:a*", "", true},
		{0, "/admin/directory/v1/users", "customer=my_customer&pageToken=%ff%fe", "", true},
		{0, "/admin/directory/v1/users", `customer=my_customer&query=orgUnitPath%3D'%2FIt%5C's%20here'%20name:%5C`, "", true},
		{1, "/admin/directory/v1/users", "", `{"primaryEmail":"z@alder-reseller.example","password":"12345678","name":{"givenName":"a","familyName":"b"}}`, true},
		{1, "/admin/directory/v1/users", "", `{"primaryEmail":`, true},
		{3, "/admin/directory/v1/users/dan@alder-reseller.example", "", `{"suspended":null,"name":null,"orgUnitPath":"/Staff"}`, true},
		{4, "/admin/directory/v1/users/gus@alder-reseller.example", "", "", true},
		{0, "/admin/directory/v1/customer/my_customer/orgunits/Staff//x/../y", "type=all", "", true},
		{1, "/admin/directory/v1/customer/my_customer/orgunits", "", `{"name":"X","parentOrgUnitId":"id:"}`, true},
		{3, "/admin/directory/v1/customer/my_customer/orgunits/Staff", "", `{"parentOrgUnitPath":"/Staff"}`, true},
		{0, "/admin/directory/v1/customer/my_customer/roles/ALL/privileges", "", "", true},
		{1, "/admin/directory/v1/customer/my_customer/roles", "", `{"roleName":"r","rolePrivileges":[null,{"privilegeName":"SUPPORT_PRIVILEGE_GROUP"}]}`, true},
		{1, "/admin/directory/v1/customer/my_customer/roleassignments", "", `{"roleId":"9170516996700002","assignedTo":"x","scopeType":"ORG_UNIT","orgUnitId":"id:","expirationDetails":{"expireTime":"yesterday"}}`, true},
		{0, "/admin/directory/v1/customer/my_customer/roleassignments", "roleId=-1&includeIndirectRoleAssignments=maybe", "", true},
		{1, "/admin/directory/v1/customer/my_customer/domains", "", `{"domainName":"..."}`, true},
		{1, "/apps/licensing/v1/product/101001/sku/1010010001/user", "", `{"userId":"gus@alder-reseller.example"}`, true},
		{3, "/apps/licensing/v1/product/101001/sku/1010010001/user/ana@alder-reseller.example", "", `{"skuId":"1010010001"}`, true},
		{0, "/apps/licensing/v1/product/101001/users", "customerId=alder-reseller.example&maxResults=99999999999999999999", "", true},
		{0, "/apps/reseller/v1/subscriptions", "maxResults=0&customerNamePrefix=%00", "", true},
		{0, "/apps/reseller/v1/customers/%2e%2e", "", "", true},
		{1, "/token", "", "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=a.b.c", false},
		{0, "/nothing/here", "", "", false},
		{1, "/v2/projects/C03c00001/cases", "", `{"displayName":"d","description":"d","priority":"P2","classification":{"id":"100100"}}`, true},
		{0, "/v2/projects/C03c00001/cases:search", "query=state%3DOPEN&pageSize=1", "", true},
		{1, "/upload/v2/projects/C03c00001/cases/40000001/attachments", "attachment.filename=a.txt", "hello", true},
		{1, "/upload/v2/projects/C03c00001/cases/40000001/attachments", "uploadType=multipart", "--b\r\n\r\n{}\r\n--b\r\n\r\nx\r\n--b--", true},
		{1, "/upload/v2/projects/C09nothere/cases/1/attachments", "uploadType=resumable", "{}", true},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.query, s.body, s.auth)
	}
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		f.Fatal(err)
	}
	srv, err := fake.NewServer(w, fake.WithoutListener())
	if err != nil {
		f.Fatal(err)
	}
	tok, _ := w.TokenFor(alderAdmin)
	f.Fuzz(func(t *testing.T, method byte, path, query, body string, auth bool) {
		req := &http.Request{
			Method: fuzzMethods[int(method)%len(fuzzMethods)],
			URL:    &url.URL{Path: path, RawQuery: query},
			Header: http.Header{},
			Body:   io.NopCloser(strings.NewReader(body)),
			Host:   "127.0.0.1",
		}
		if auth {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		if strings.HasPrefix(body, "grant_type") {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req = req.WithContext(t.Context())
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		resp := rec.Result()
		if resp.StatusCode == 500 && strings.Contains(rec.Body.String(), "fake: internal error") {
			t.Fatalf("%s %s?%s panicked: %s", req.Method, path, query, rec.Body.String())
		}
		if resp.StatusCode >= 400 && !strings.HasPrefix(req.URL.Path, "/token") {
			err := googleapi.CheckResponse(resp)
			ge, ok := err.(*googleapi.Error)
			if !ok || len(ge.Errors) == 0 || ge.Errors[0].Reason == "" {
				// ServeMux's own answers (405 for a bad method on a
				// registered path does not happen: "/" catches all) are
				// the only non-envelope errors allowed.
				t.Fatalf("%s %s: %d answer is not Google's envelope: %q", req.Method, path, resp.StatusCode, rec.Body.String())
			}
		}
	})
}
