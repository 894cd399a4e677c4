package fake

import "testing"

func TestMethodIDOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method, path, want string
	}{
		{"GET", "/admin/directory/v1/groups", "directory.groups.list"},
		{"POST", "/admin/directory/v1/users/ana@alder-reseller.example/makeAdmin", "directory.users.makeAdmin"},
		{"GET", "/admin/directory/v1/groups/g1/members/m1", "directory.members.get"},
		// A fixed segment beats a variable one.
		{"GET", "/admin/directory/v1/groups/g1/hasMember/m1", "directory.members.hasMember"},
		// A variable with a literal suffix.
		{"GET", "/v2/projects/p1/cases/c1/attachments/a1:download", "cloudsupport.media.download"},
		{"GET", "/v2/caseClassifications:search", "cloudsupport.caseClassifications.search"},
		{"POST", "/upload/v2/projects/p1/cases/c1/attachments", "cloudsupport.media.upload"},
		{"PUT", "/apps/reseller/v1/customers/C1", "reseller.customers.update"},
		// Wrong verb, unknown paths, empty segments: no method.
		{"DELETE", "/admin/directory/v1/groups", ""},
		{"GET", "/nowhere", ""},
		{"GET", "/", ""},
		{"GET", "/v2/projects//cases/c1/attachments/:download", ""},
	}
	for _, tt := range tests {
		if got := methodIDOf(tt.method, tt.path); got != tt.want {
			t.Errorf("methodIDOf(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

// Every generated row is well formed, so the matcher can use it.
func TestRestMethodsTable(t *testing.T) {
	t.Parallel()
	if len(restMethods) < 100 {
		t.Fatalf("restMethods has %d rows; regenerate it with go generate ./fake", len(restMethods))
	}
	for _, m := range restMethods {
		if m.id == "" || m.httpMethod == "" || m.flatPath == "" || m.flatPath[0] == '/' {
			t.Errorf("malformed row %+v", m)
		}
	}
}

func FuzzMethodIDOf(f *testing.F) {
	f.Add("GET", "/v2/projects/p/cases/c/attachments/a:download")
	f.Add("POST", "/admin/directory/v1/users/{x}/makeAdmin")
	f.Fuzz(func(t *testing.T, method, path string) {
		_ = methodIDOf(method, path) // must not panic
	})
}
