package fake_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/fake"
)

// rawGet serves GET path (with its query) as email and decodes the JSON
// answer, as a client in another language sees it.
func (e *env) rawGet(email, path string) (int, map[string]any) {
	e.t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+e.token(email))
	e.s.ServeHTTP(rec, req)
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		e.t.Fatalf("GET %s: %d %q: %v", path, rec.Code, rec.Body.String(), err)
	}
	return rec.Code, m
}

// TestWireBooleans checks that the Directory API's default-false booleans
// are on the wire, as Google sends them, and a user's emails.
func TestWireBooleans(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, u := e.rawGet(alderAdmin, "/admin/directory/v1/users/"+ana)
	for _, k := range []string{"isAdmin", "isDelegatedAdmin", "suspended", "archived", "changePasswordAtNextLogin",
		"ipWhitelisted", "isEnrolledIn2Sv", "isEnforcedIn2Sv", "isMailboxSetup", "agreedToTerms", "includeInGlobalAddressList"} {
		if _, ok := u[k].(bool); !ok {
			t.Errorf("users.get: %s = %#v, want a boolean on the wire", k, u[k])
		}
	}
	if u["suspended"] != false || u["isAdmin"] != false {
		t.Errorf("users.get %s: suspended %v isAdmin %v, want false false", ana, u["suspended"], u["isAdmin"])
	}
	want := []any{map[string]any{"address": ana, "primary": true}}
	if got, _ := json.Marshal(u["emails"]); string(got) != mustJSON(t, want) {
		t.Errorf("users.get emails = %s, want %s", got, mustJSON(t, want))
	}

	_, ds := e.rawGet(alderAdmin, "/admin/directory/v1/customer/my_customer/domains")
	var sawSecondary, sawUnverified bool
	for _, d := range ds["domains"].([]any) {
		d := d.(map[string]any)
		if d["isPrimary"] == false {
			sawSecondary = true
		}
		if d["verified"] == false {
			sawUnverified = true
		}
	}
	if !sawSecondary || !sawUnverified {
		t.Errorf("domains.list: no \"isPrimary\": false (%v) or \"verified\": false (%v) on the wire: %v", sawSecondary, sawUnverified, ds)
	}

	_, rs := e.rawGet(alderAdmin, "/admin/directory/v1/customer/my_customer/roles")
	for _, r := range rs["items"].([]any) {
		r := r.(map[string]any)
		if _, ok := r["isSuperAdminRole"].(bool); !ok {
			t.Errorf("roles.list %v: no isSuperAdminRole", r["roleName"])
		}
		if _, ok := r["isSystemRole"].(bool); !ok {
			t.Errorf("roles.list %v: no isSystemRole", r["roleName"])
		}
	}

	_, ps := e.rawGet(alderAdmin, "/admin/directory/v1/customer/my_customer/roles/ALL/privileges")
	var walk func(items []any)
	n := 0
	walk = func(items []any) {
		for _, p := range items {
			p := p.(map[string]any)
			n++
			if _, ok := p["isOuScopable"].(bool); !ok {
				t.Errorf("privileges.list %v: no isOuScopable", p["privilegeName"])
			}
			if c, ok := p["childPrivileges"].([]any); ok {
				walk(c)
			}
		}
	}
	walk(ps["items"].([]any))
	if n == 0 {
		t.Error("privileges.list: no privileges")
	}
}

// TestWireAliases checks emails and nonEditableAliases: an alias is in
// emails after the primary address; a domain alias gives every user of
// its parent domain a non-editable address on it.
func TestWireAliases(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)
	ctx := t.Context()
	if _, err := svc.DomainAliases.Insert("my_customer", &admin.DomainAlias{DomainAliasName: "alder-alias.example", ParentDomainName: fake.DemoAlderDomain}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	u, err := svc.Users.Get(ana).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(u.NonEditableAliases, "ana@alder-alias.example") {
		t.Errorf("nonEditableAliases = %v, want ana@alder-alias.example", u.NonEditableAliases)
	}
	got, _ := json.Marshal(u.Emails)
	if string(got) != mustJSON(t, []any{map[string]any{"address": ana, "primary": true}}) {
		t.Errorf("emails = %s: a non-editable alias is not listed there", got)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
