package fake_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit/fake"
)

// TestFieldsPartialResponse checks Google's partial responses through the
// generated client: paths, sub-fields, sub-selections in lists, "*", and
// nextPageToken kept only when asked.
func TestFieldsPartialResponse(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fake.WithPageCap(2))
	svc := e.dir(alderAdmin)
	ctx := t.Context()

	u, err := svc.Users.Get(ana).Fields("primaryEmail", "name/givenName").Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if u.PrimaryEmail != ana || u.Name == nil || u.Name.GivenName == "" || u.Name.FamilyName != "" || u.Id != "" || u.Kind != "" {
		t.Errorf("users.get fields=primaryEmail,name/givenName = %+v name %+v", u, u.Name)
	}

	l, err := svc.Users.List().Customer("my_customer").Fields("users(primaryEmail,name(familyName))").Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if l.NextPageToken != "" || l.Kind != "" || len(l.Users) != 2 {
		t.Fatalf("users.list fields=users(...): token %q kind %q %d users, want no token, no kind, 2 users", l.NextPageToken, l.Kind, len(l.Users))
	}
	for _, u := range l.Users {
		if u.PrimaryEmail == "" || u.Id != "" || u.Name == nil || u.Name.FamilyName == "" || u.Name.GivenName != "" {
			t.Errorf("users.list item = %+v name %+v", u, u.Name)
		}
	}
	l, err = svc.Users.List().Customer("my_customer").Fields("nextPageToken", "users/id").Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if l.NextPageToken == "" || len(l.Users) != 2 || l.Users[0].Id == "" || l.Users[0].PrimaryEmail != "" {
		t.Errorf("users.list fields=nextPageToken,users/id: token %q users %+v", l.NextPageToken, l.Users)
	}

	all, err := svc.Users.Get(ana).Fields("*").Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if all.Id == "" || all.Etag == "" || all.Name == nil {
		t.Errorf("users.get fields=* = %+v, want the whole user", all)
	}
}

// TestFieldsInvalid checks Google's 400 for a selection naming no member
// of the answer, and that a write with one changes nothing.
func TestFieldsInvalid(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)
	ctx := t.Context()
	for _, tc := range []struct {
		fields []googleapi.Field
		want   string
	}{
		{[]googleapi.Field{"nope"}, "Invalid field selection nope"},
		{[]googleapi.Field{"name/nope"}, "Invalid field selection nope"},
		{[]googleapi.Field{"primaryEmail/x"}, "Invalid field selection x"},
		{[]googleapi.Field{"name(givenName"}, "Invalid field selection name(givenName"},
		{[]googleapi.Field{"id,,kind"}, "Invalid field selection ,kind"},
	} {
		_, err := svc.Users.Get(ana).Fields(tc.fields...).Context(ctx).Do()
		ge := wantErr(t, err, 400, "invalidParameter")
		if ge.Message != tc.want {
			t.Errorf("fields=%v: message %q, want %q", tc.fields, ge.Message, tc.want)
		}
	}

	_, err := svc.Users.Patch(gus, &admin.User{Suspended: true}).Fields("bogus").Context(ctx).Do()
	wantErr(t, err, 400, "invalidParameter")
	u, err := svc.Users.Get(gus).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if u.Suspended {
		t.Error("users.patch with an invalid fields selection was applied")
	}

	// An error answer is Google's envelope whatever fields says.
	_, err = svc.Users.Get("nobody@" + fake.DemoAlderDomain).Fields("id").Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
}

// TestFieldsOtherAPIs checks fields= on Licensing, Reseller and a raw call
// with a space after a comma, as Google's documentation writes them.
func TestFieldsOtherAPIs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	code, m := e.rawGet(alderAdmin, "/admin/directory/v1/customer/my_customer/roles?fields=items(roleName,%20isSystemRole)")
	if code != 200 {
		t.Fatalf("roles.list: %d %v", code, m)
	}
	for _, it := range m["items"].([]any) {
		it := it.(map[string]any)
		if len(it) != 2 || it["roleName"] == nil || it["isSystemRole"] == nil {
			t.Errorf("roles.list item = %v, want roleName and isSystemRole only", it)
		}
	}
	if len(m) != 1 {
		t.Errorf("roles.list = %v, want items only", m)
	}
	subs, err := e.res(alderAdmin).Subscriptions.List().Fields("subscriptions(skuId)").Context(t.Context()).Do()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subs.Subscriptions {
		if s.SkuId == "" || s.CustomerId != "" {
			t.Errorf("subscriptions.list fields=subscriptions(skuId): %+v", s)
		}
	}
}

// TestFieldsUnusedCostsNothing checks a request without fields is
// answered whole (the Server does not parse what is not there).
func TestFieldsUnusedCostsNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/admin/directory/v1/users/"+ana+"?prettyPrint=false&fields=", nil)
	req.Header.Set("Authorization", "Bearer "+e.token(alderAdmin))
	e.s.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"kind":"admin#directory#user"`) {
		t.Errorf("users.get fields= (empty): %d %s", rec.Code, rec.Body)
	}
}
