package fake_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit/fake"
)

func TestUsersGet(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)
	anaID, err := e.w.UserID(ana)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{ana, "ANA@Alder-Reseller.example", anaID} {
		u, err := svc.Users.Get(key).Context(t.Context()).Do()
		if err != nil {
			t.Fatalf("users.get %s: %v", key, err)
		}
		got := []any{u.Id, u.PrimaryEmail, u.Name.FullName, u.OrgUnitPath, u.CustomerId, u.IsAdmin, u.IsDelegatedAdmin, u.Kind}
		want := []any{anaID, ana, "Ana Lima", fake.DemoStaffOrgUnit, fake.DemoAlderCustomerID, false, true, "admin#directory#user"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("users.get %s mismatch (-want +got):\n%s", key, diff)
		}
		if u.Etag == "" || u.HTTPStatusCode != http.StatusOK {
			t.Errorf("users.get %s: etag %q status %d", key, u.Etag, u.HTTPStatusCode)
		}
	}
	sa, err := svc.Users.Get(alderAdmin).Do()
	if err != nil {
		t.Fatal(err)
	}
	if !sa.IsAdmin {
		t.Errorf("the super admin has isAdmin false")
	}

	t.Run("not found", func(t *testing.T) {
		_, err := svc.Users.Get("nobody@" + fake.DemoAlderDomain).Do()
		wantErr(t, err, 404, "notFound")
	})
	t.Run("other tenant is forbidden", func(t *testing.T) {
		_, err := svc.Users.Get(birchAdmin).Do()
		wantErr(t, err, 403, "forbidden")
	})
	t.Run("caller without USERS_RETRIEVE is forbidden", func(t *testing.T) {
		_, err := e.dir(gus).Users.Get(ana).Do()
		wantErr(t, err, 403, "forbidden")
	})
	t.Run("etag and If-None-Match give 304", func(t *testing.T) {
		u, err := svc.Users.Get(ana).Do()
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Users.Get(ana).IfNoneMatch(u.Etag).Do()
		if !googleapi.IsNotModified(err) {
			t.Fatalf("users.get with If-None-Match = %v, want 304", err)
		}
		if _, err := svc.Users.Patch(ana, &admin.User{RecoveryEmail: "ana@elsewhere.example"}).Do(); err != nil {
			t.Fatal(err)
		}
		u2, err := svc.Users.Get(ana).IfNoneMatch(u.Etag).Do()
		if err != nil {
			t.Fatalf("after a write, users.get with the old ETag = %v, want 200", err)
		}
		if u2.Etag == u.Etag {
			t.Errorf("the ETag did not change on write: %s", u.Etag)
		}
	})
}

func TestUsersListPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)
	all, err := svc.Users.List().Customer("my_customer").Do()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, u := range all.Users {
		want = append(want, u.PrimaryEmail)
	}
	if len(want) != 8 || !slices.IsSorted(want) {
		t.Fatalf("users.list = %v, want the 8 Alder users sorted by email", want)
	}
	for _, size := range []int64{1, 3, 7, 8} {
		var got []string
		pages := 0
		err := svc.Users.List().Customer(fake.DemoAlderCustomerID).MaxResults(size).Pages(t.Context(), func(p *admin.Users) error {
			pages++
			if int64(len(p.Users)) > size {
				t.Errorf("page of %d users, max %d", len(p.Users), size)
			}
			for _, u := range p.Users {
				got = append(got, u.PrimaryEmail)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("maxResults %d: %v", size, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("maxResults %d: paged listing mismatch (-want +got):\n%s", size, diff)
		}
		if wantPages := (8 + int(size) - 1) / int(size); pages != wantPages {
			t.Errorf("maxResults %d: %d pages, want %d", size, pages, wantPages)
		}
	}

	t.Run("descending order", func(t *testing.T) {
		var got []string
		err := svc.Users.List().Customer("my_customer").SortOrder("DESCENDING").MaxResults(3).Pages(t.Context(), func(p *admin.Users) error {
			for _, u := range p.Users {
				got = append(got, u.PrimaryEmail)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		rev := slices.Clone(want)
		slices.Reverse(rev)
		if diff := cmp.Diff(rev, got); diff != "" {
			t.Errorf("descending mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("a page token is bound to its query", func(t *testing.T) {
		p, err := svc.Users.List().Customer("my_customer").MaxResults(2).Do()
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Users.List().Customer("my_customer").Query("isSuspended=false").PageToken(p.NextPageToken).Do()
		wantErr(t, err, 400, "invalid")
		_, err = svc.Users.List().Customer("my_customer").PageToken("garbage!").Do()
		wantErr(t, err, 400, "invalid")
	})
	t.Run("a forced page cap", func(t *testing.T) {
		e := newEnv(t, fake.WithPageCap(2))
		p, err := e.dir(alderAdmin).Users.List().Customer("my_customer").MaxResults(500).Do()
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Users) != 2 || p.NextPageToken == "" {
			t.Errorf("page of %d users (next %q), want 2 and a next page", len(p.Users), p.NextPageToken)
		}
	})
	t.Run("list etag gives 304", func(t *testing.T) {
		p, err := svc.Users.List().Customer("my_customer").Do()
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Users.List().Customer("my_customer").IfNoneMatch(p.Etag).Do()
		if !googleapi.IsNotModified(err) {
			t.Errorf("users.list with If-None-Match = %v, want 304", err)
		}
	})
}

func TestUsersListFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)
	tests := []struct {
		name   string
		call   *admin.UsersListCall
		want   []string
		status int
		reason string
	}{
		{name: "domain", call: svc.Users.List().Domain(fake.DemoAlderEUDomain), want: []string{cara}},
		{name: "email exact", call: svc.Users.List().Customer("my_customer").Query("email:" + ben), want: []string{ben}},
		{name: "email prefix", call: svc.Users.List().Customer("my_customer").Query("email:a*"), want: []string{alderAdmin, ana}},
		{name: "name prefix", call: svc.Users.List().Customer("my_customer").Query("name:'Ana L'"), want: []string{ana}},
		{name: "familyName", call: svc.Users.List().Customer("my_customer").Query("familyName:ber"), want: []string{finn}},
		{name: "orgUnitPath includes sub-units", call: svc.Users.List().Customer("my_customer").Query("orgUnitPath=/"), want: []string{alderAdmin, ana, ben, cara, dan, eve, finn, gus}},
		{name: "orgUnitPath", call: svc.Users.List().Customer("my_customer").Query("orgUnitPath='/Staff' isSuspended=true"), want: []string{dan}},
		{name: "isAdmin", call: svc.Users.List().Customer("my_customer").Query("isAdmin=true"), want: []string{alderAdmin}},
		{name: "orderBy familyName", call: svc.Users.List().Customer("my_customer").OrderBy("familyName").Query("orgUnitPath=/Staff"), want: []string{finn, eve, ana, gus, cara, ben, dan}},
		{name: "unsupported term", call: svc.Users.List().Customer("my_customer").Query("hello"), status: 400, reason: "invalid"},
		{name: "bad boolean", call: svc.Users.List().Customer("my_customer").Query("isSuspended=maybe"), status: 400, reason: "invalid"},
		{name: "neither customer nor domain", call: svc.Users.List(), status: 400, reason: "badRequest"},
		{name: "unknown customer, as another tenant's", call: svc.Users.List().Customer("C0nothing"), status: 403, reason: "forbidden"},
		{name: "no customer ID", call: svc.Users.List().Customer(fake.DemoBirchDomain), status: 400, reason: "badRequest"},
		{name: "unknown domain, as another tenant's", call: svc.Users.List().Domain("nowhere.example"), status: 403, reason: "forbidden"},
		{name: "no domain name", call: svc.Users.List().Domain("not a domain"), status: 400, reason: "badRequest"},
		{name: "another tenant's customer ID", call: svc.Users.List().Customer(fake.DemoBirchCustomerID), status: 403, reason: "forbidden"},
		{name: "another tenant's domain", call: svc.Users.List().Domain(fake.DemoBirchDomain), status: 403, reason: "forbidden"},
		{name: "bad orderBy", call: svc.Users.List().Customer("my_customer").OrderBy("age"), status: 400, reason: "invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.call.Context(t.Context()).Do()
			if tc.status != 0 {
				wantErr(t, err, tc.status, tc.reason)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range p.Users {
				got = append(got, u.PrimaryEmail)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("users mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUsersInsert(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)
	newUser := func(email string) *admin.User {
		return &admin.User{PrimaryEmail: email, Password: "correct horse battery", OrgUnitPath: fake.DemoStaffOrgUnit,
			Name: &admin.UserName{GivenName: "New", FamilyName: "Person"}, ChangePasswordAtNextLogin: true}
	}
	u, err := svc.Users.Insert(newUser("New.Person@" + fake.DemoAlderEUDomain)).Context(t.Context()).Do()
	if err != nil {
		t.Fatal(err)
	}
	got := []any{u.PrimaryEmail, u.OrgUnitPath, u.CustomerId, u.ChangePasswordAtNextLogin, u.Password, u.IsAdmin}
	want := []any{"new.person@" + fake.DemoAlderEUDomain, fake.DemoStaffOrgUnit, fake.DemoAlderCustomerID, true, "", false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("inserted user mismatch (-want +got):\n%s", diff)
	}
	if got, err := svc.Users.Get(u.Id).Do(); err != nil || got.PrimaryEmail != u.PrimaryEmail {
		t.Errorf("users.get of the new user = %v, %v", got, err)
	}
	// The account signs in with the password it was given, and only that.
	if !e.w.CheckPassword(u.PrimaryEmail, "correct horse battery") || e.w.CheckPassword(u.PrimaryEmail, "correct horse battery ") {
		t.Error("CheckPassword does not tell the inserted password from another")
	}
	if _, err := svc.Users.Update(u.Id, &admin.User{Password: "a new long password"}).Context(t.Context()).Do(); err != nil {
		t.Fatal(err)
	}
	if !e.w.CheckPassword(u.PrimaryEmail, "a new long password") || e.w.CheckPassword(u.PrimaryEmail, "correct horse battery") {
		t.Error("after users.update, CheckPassword does not follow the new password")
	}
	if e.w.CheckPassword(ana, "") || e.w.CheckPassword("nobody@"+fake.DemoAlderDomain, "correct horse battery") {
		t.Error("CheckPassword accepts a seeded account without a password, or an unknown one")
	}

	tests := []struct {
		name   string
		as     string
		user   *admin.User
		status int
		reason string
	}{
		{"duplicate email", alderAdmin, newUser(ana), 409, "duplicate"},
		{"duplicate of an existing group", alderAdmin, newUser("support@" + fake.DemoAlderDomain), 409, "duplicate"},
		{"missing password", alderAdmin, func() *admin.User { u := newUser("p@" + fake.DemoAlderDomain); u.Password = ""; return u }(), 400, "required"},
		{"missing given name", alderAdmin, func() *admin.User { u := newUser("g@" + fake.DemoAlderDomain); u.Name.GivenName = ""; return u }(), 400, "required"},
		{"missing family name", alderAdmin, func() *admin.User { u := newUser("f@" + fake.DemoAlderDomain); u.Name.FamilyName = ""; return u }(), 400, "required"},
		{"missing name", alderAdmin, &admin.User{PrimaryEmail: "n@" + fake.DemoAlderDomain, Password: "12345678"}, 400, "required"},
		{"missing email", alderAdmin, &admin.User{Password: "12345678", Name: &admin.UserName{GivenName: "a", FamilyName: "b"}}, 400, "required"},
		{"short password", alderAdmin, func() *admin.User { u := newUser("s@" + fake.DemoAlderDomain); u.Password = "1234567"; return u }(), 400, "invalid"},
		{"bad local part", alderAdmin, newUser("a..b@" + fake.DemoAlderDomain), 400, "invalid"},
		{"unknown domain", alderAdmin, newUser("x@nowhere.example"), 404, "notFound"},
		{"unknown org unit", alderAdmin, func() *admin.User { u := newUser("o@" + fake.DemoAlderDomain); u.OrgUnitPath = "/Nope"; return u }(), 400, "invalid"},
		{"D4: unverified secondary domain", alderAdmin, newUser("x@" + fake.DemoAlderLabsDomain), 412, "conditionNotMet"},
		{"another tenant's domain, as an unknown one", alderAdmin, newUser("x@" + fake.DemoBirchDomain), 404, "notFound"},
		{"caller without USERS_CREATE", ana, newUser("y@" + fake.DemoAlderDomain), 403, "forbidden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.dir(tc.as).Users.Insert(tc.user).Context(t.Context()).Do()
			wantErr(t, err, tc.status, tc.reason)
		})
	}

	t.Run("D4: a verified secondary domain accepts accounts", func(t *testing.T) {
		if err := e.w.VerifyDomain(fake.DemoAlderLabsDomain); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Users.Insert(newUser("x@" + fake.DemoAlderLabsDomain)).Do(); err != nil {
			t.Errorf("insert on the now verified domain: %v", err)
		}
	})
	t.Run("malformed JSON", func(t *testing.T) {
		req, _ := http.NewRequestWithContext(t.Context(), "POST", e.s.URL()+"admin/directory/v1/users", stringsReader(`{"primaryEmail": `))
		req.Header.Set("Authorization", "Bearer "+e.token(alderAdmin))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		err = googleapi.CheckResponse(resp)
		resp.Body.Close()
		wantErr(t, err, 400, "parseError")
	})
}

func TestUsersPatchUpdateDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)

	u, err := svc.Users.Patch(dan, &admin.User{Suspended: false, ForceSendFields: []string{"Suspended"},
		Name: &admin.UserName{GivenName: "Daniel"}}).Do()
	if err != nil {
		t.Fatal(err)
	}
	if u.Suspended || u.Name.GivenName != "Daniel" || u.Name.FamilyName != "Reyes" {
		t.Errorf("patch: suspended %v name %+v, want unsuspended Daniel Reyes", u.Suspended, u.Name)
	}
	// A patch without Suspended leaves it alone.
	u, err = svc.Users.Update(dan, &admin.User{OrgUnitPath: "/"}).Do()
	if err != nil {
		t.Fatal(err)
	}
	if u.Suspended || u.OrgUnitPath != "/" {
		t.Errorf("update: suspended %v ou %s, want false /", u.Suspended, u.OrgUnitPath)
	}
	u, err = svc.Users.Patch(dan, &admin.User{Suspended: true}).Do()
	if err != nil {
		t.Fatal(err)
	}
	if !u.Suspended {
		t.Errorf("patch suspended=true did not suspend")
	}

	t.Run("rename keeps the old address as an alias", func(t *testing.T) {
		u, err := svc.Users.Patch(gus, &admin.User{PrimaryEmail: "gustave@" + fake.DemoAlderDomain}).Do()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{gus}, u.Aliases); diff != "" {
			t.Errorf("aliases mismatch (-want +got):\n%s", diff)
		}
		if got, err := svc.Users.Get(gus).Do(); err != nil || got.PrimaryEmail != "gustave@"+fake.DemoAlderDomain {
			t.Errorf("get by old address = %v, %v", got, err)
		}
	})
	errs := []struct {
		name   string
		key    string
		user   *admin.User
		status int
		reason string
	}{
		{"unknown user", "nobody@" + fake.DemoAlderDomain, &admin.User{Suspended: true}, 404, "notFound"},
		{"unknown org unit", ben, &admin.User{OrgUnitPath: "/Nope"}, 400, "invalid"},
		{"rename onto a used address", ben, &admin.User{PrimaryEmail: ana}, 409, "duplicate"},
		{"D4: rename onto an unverified domain", ben, &admin.User{PrimaryEmail: "ben@" + fake.DemoAlderLabsDomain}, 412, "conditionNotMet"},
		{"other tenant", birchAdmin, &admin.User{Suspended: true}, 403, "forbidden"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Users.Patch(tc.key, tc.user).Do()
			wantErr(t, err, tc.status, tc.reason)
		})
	}

	t.Run("delete", func(t *testing.T) {
		if err := svc.Users.Delete(eve).Do(); err != nil {
			t.Fatal(err)
		}
		_, err := svc.Users.Get(eve).Do()
		wantErr(t, err, 404, "notFound")
		wantErr(t, svc.Users.Delete(eve).Do(), 404, "notFound")
		deleted, err := svc.Users.List().Customer("my_customer").ShowDeleted("true").Do()
		if err != nil {
			t.Fatal(err)
		}
		if len(deleted.Users) != 1 || deleted.Users[0].PrimaryEmail != eve || deleted.Users[0].DeletionTime == "" {
			t.Errorf("showDeleted listing = %v, want eve with a deletion time", deleted.Users)
		}
		// Its assignment went with it.
		ras, err := svc.RoleAssignments.List("my_customer").Do()
		if err != nil {
			t.Fatal(err)
		}
		eveID := deleted.Users[0].Id
		for _, ra := range ras.Items {
			if ra.AssignedTo == eveID {
				t.Errorf("assignment %d of the deleted user remains", ra.RoleAssignmentId)
			}
		}
	})
}

func TestAuth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	get := func(hdr string) error {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", e.s.URL()+"admin/directory/v1/users/"+ana, nil)
		if hdr != "" {
			req.Header.Set("Authorization", hdr)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode == 401 && resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("401 without WWW-Authenticate")
		}
		return googleapi.CheckResponse(resp)
	}
	wantErr(t, get(""), 401, "required")
	wantErr(t, get("Basic abc"), 401, "required")
	wantErr(t, get("Bearer ya29.unknown"), 401, "authError")
	if err := get("Bearer " + e.token(alderAdmin)); err != nil {
		t.Errorf("a valid token: %v", err)
	}

	t.Run("P5: a suspended caller cannot act", func(t *testing.T) {
		tok := e.token(ana)
		if err := e.w.SetSuspended(ana, true); err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequestWithContext(t.Context(), "GET", e.s.URL()+"apps/reseller/v1/subscriptions", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		wantErr(t, googleapi.CheckResponse(resp), 401, "authError")
	})
}

// TestUsersListQuotedValues: users.list query values quoted with single
// quotes may hold spaces and backslash-escaped quotes, as the Directory
// API's query syntax allows, over the unmodified client.
func TestUsersListQuotedValues(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	svc := e.dir(alderAdmin)
	for _, name := range []string{"It's", "It's here"} {
		if _, err := svc.Orgunits.Insert("my_customer", &admin.OrgUnit{Name: name, ParentOrgUnitPath: fake.DemoStaffOrgUnit}).Context(ctx).Do(); err != nil {
			t.Fatal(err)
		}
	}
	for email, ou := range map[string]string{gus: "/Staff/It's", eve: "/Staff/It's here"} {
		if _, err := svc.Users.Patch(email, &admin.User{OrgUnitPath: ou}).Context(ctx).Do(); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		query  string
		want   []string
		reason string // errors[0].reason of a 400
	}{
		{query: `orgUnitPath='/Staff/It\'s'`, want: []string{gus}},
		{query: `orgUnitPath='/Staff/It\'s here'`, want: []string{eve}},
		{query: `orgUnitPath='/Staff/It\'s here' isSuspended=false`, want: []string{eve}},
		{query: `orgUnitPath=/Staff/It\'s`, want: []string{gus}},
		{query: `name:'Gus Mo'`, want: []string{gus}},
		{query: `orgUnitPath='/Staff/It\'s`, reason: "invalid"},
		{query: `orgUnitPath=/Staff/It's`, reason: "invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			t.Parallel()
			p, err := svc.Users.List().Customer("my_customer").Query(tc.query).Context(t.Context()).Do()
			if tc.reason != "" {
				wantErr(t, err, 400, tc.reason)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range p.Users {
				got = append(got, u.PrimaryEmail)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("users mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUserNameLength: a given or family name is at most 60 characters,
// counted as characters, not bytes: 60 two-byte letters (120 bytes) are
// accepted, 61 refused, on insert and on patch.
func TestUserNameLength(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)
	at60, at61 := strings.Repeat("é", 60), strings.Repeat("é", 61)
	insert := func(local, given, family string) error {
		_, err := svc.Users.Insert(&admin.User{PrimaryEmail: local + "@" + fake.DemoAlderDomain, Password: "12345678",
			Name: &admin.UserName{GivenName: given, FamilyName: family}}).Context(t.Context()).Do()
		return err
	}
	if err := insert("sixty", at60, at60); err != nil {
		t.Errorf("insert with 60-character names: %v", err)
	}
	wantErr(t, insert("given61", at61, "Lima"), 400, "invalid")
	wantErr(t, insert("family61", "Ana", at61), 400, "invalid")
	u, err := svc.Users.Patch(ana, &admin.User{Name: &admin.UserName{GivenName: at60}}).Context(t.Context()).Do()
	if err != nil || u.Name.GivenName != at60 {
		t.Errorf("patch to a 60-character given name = %v, %v", u, err)
	}
	_, err = svc.Users.Patch(ana, &admin.User{Name: &admin.UserName{FamilyName: at61}}).Context(t.Context()).Do()
	wantErr(t, err, 400, "invalid")
}
