package fake

import (
	"encoding/json"
	"reflect"
	"testing"

	admin "google.golang.org/api/admin/directory/v1"
)

const fieldsDoc = `{"kind":"k","nextPageToken":"t","users":[{"id":"1","name":{"givenName":"A","familyName":"B"},"emails":[{"address":"a@x","primary":true}]},{"id":"2","name":{"givenName":"C"}}]}`

func TestFieldsPrune(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ fields, want string }{
		{"kind", `{"kind":"k"}`},
		{"users/id", `{"users":[{"id":"1"},{"id":"2"}]}`},
		{"users(id,name/givenName)", `{"users":[{"id":"1","name":{"givenName":"A"}},{"id":"2","name":{"givenName":"C"}}]}`},
		{"users(name(familyName))", `{"users":[{"name":{"familyName":"B"}},{"name":{}}]}`},
		{"users/emails/address", `{"users":[{"emails":[{"address":"a@x"}]},{}]}`},
		{"nextPageToken, kind", `{"kind":"k","nextPageToken":"t"}`},
		{"*", fieldsDoc},
		{"users/*", `{"users":[{"emails":[{"address":"a@x","primary":true}],"id":"1","name":{"familyName":"B","givenName":"A"}},{"id":"2","name":{"givenName":"C"}}]}`},
		{"users/name,users", `{"users":[{"emails":[{"address":"a@x","primary":true}],"id":"1","name":{"familyName":"B","givenName":"A"}},{"id":"2","name":{"givenName":"C"}}]}`},
	} {
		sel, e := parseFields(tc.fields)
		if e != nil {
			t.Errorf("parseFields(%q): %v", tc.fields, e)
			continue
		}
		if e := sel.check(reflect.TypeFor[*admin.Users]()); e != nil {
			t.Errorf("check(%q): %v", tc.fields, e)
		}
		got, err := sel.prune([]byte(fieldsDoc))
		if err != nil {
			t.Fatal(err)
		}
		if !jsonEqual(t, string(got), tc.want) {
			t.Errorf("fields=%s:\n got %s\nwant %s", tc.fields, got, tc.want)
		}
	}
}

func TestFieldsParseErrors(t *testing.T) {
	t.Parallel()
	for _, s := range []string{",", "a,", "a(", "a(b", "a()", "a/", "/a", "a)b", "(a)", "a((b))"} {
		if _, e := parseFields(s); e == nil || e.Code != 400 || e.Reason != "invalidParameter" {
			t.Errorf("parseFields(%q) = %v, want 400 invalidParameter", s, e)
		}
	}
	for _, tc := range []struct{ fields, bad string }{
		{"users(nope)", "nope"},
		{"kind/x", "x"},
		{"users/name/givenName/x", "x"},
		{"etag,zzz,yyy", "zzz"},
	} {
		sel, e := parseFields(tc.fields)
		if e != nil {
			t.Fatalf("parseFields(%q): %v", tc.fields, e)
		}
		e = sel.check(reflect.TypeFor[*admin.Users]())
		if e == nil || e.Message != "Invalid field selection "+tc.bad {
			t.Errorf("check(%q) = %v, want Invalid field selection %s", tc.fields, e, tc.bad)
		}
	}
}

func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

// FuzzFieldsSelector feeds arbitrary selectors to the parser: it never
// panics, refuses with Google's 400, and a selector it accepts prunes a
// users.list answer to valid JSON.
func FuzzFieldsSelector(f *testing.F) {
	for _, s := range []string{"kind", "users(id,name/givenName)", "users/*", "*", "a(b(c(d)))", "a,,b", "users(", " users / id ", "x)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sel, e := parseFields(s)
		if e != nil {
			if e.Code != 400 || e.Reason != "invalidParameter" {
				t.Fatalf("parseFields(%q) = %v", s, e)
			}
			return
		}
		if e := sel.check(reflect.TypeFor[*admin.Users]()); e != nil && e.Code != 400 {
			t.Fatalf("check(%q) = %v", s, e)
		}
		out, err := sel.prune([]byte(fieldsDoc))
		if err != nil || !json.Valid(out) {
			t.Fatalf("prune(%q) = %s, %v", s, out, err)
		}
	})
}
