package access_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// randomValue fills v, field by field through reflection, so a field added
// to Snapshot or to any fact it holds (domains.Customer, roles.Grant,
// roles.Assignment, ...) is filled too, and the round-trip test fails until
// the JSON form carries it. Empty lists and absent pointers are nil, as
// they read back; times are UTC, as they are written.
func randomValue(t testing.TB, r *rand.Rand, v reflect.Value, depth int) {
	t.Helper()
	switch v.Interface().(type) {
	case time.Time:
		if r.IntN(4) > 0 {
			sec := r.Int64N(253402300799) - 62135596800 // years 1 to 9999
			v.Set(reflect.ValueOf(time.Unix(sec, r.Int64N(1e9)).UTC()))
		}
		return
	case access.AccountState:
		v.SetUint(uint64(r.IntN(int(access.StateDeleted) + 1)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(randomString(r))
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Pointer:
		if r.IntN(2) == 0 {
			p := reflect.New(v.Type().Elem())
			randomValue(t, r, p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		n := r.IntN(4)
		if depth > 6 || n == 0 {
			return
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			randomValue(t, r, s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				t.Fatalf("%s has an unexported field %s: the snapshot must be plain data", v.Type(), v.Type().Field(i).Name)
			}
			randomValue(t, r, v.Field(i), depth+1)
		}
	default:
		t.Fatalf("randomValue: no generator for %s (%s); teach the JSON form and this test about it", v.Type(), v.Kind())
	}
}

func randomString(r *rand.Rand) string {
	alphabet := []string{"", "a", "Z", "0", "@", ".", " ", "\"", "\\", "\n", "\x00", "é", "漢", "🙂", "<", "&", "\u2028"}
	var b strings.Builder
	for range r.IntN(6) {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

// TestSnapshotJSONRoundTrip: random snapshots, every field set at random,
// survive WriteJSON then ReadSnapshot unchanged.
func TestSnapshotJSONRoundTrip(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(12, 2))
	for i := range 500 {
		var s access.Snapshot
		randomValue(t, r, reflect.ValueOf(&s).Elem(), 0)
		var buf bytes.Buffer
		if err := s.WriteJSON(&buf); err != nil {
			t.Fatalf("snapshot %d: WriteJSON: %v", i, err)
		}
		got, err := access.ReadSnapshot(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("snapshot %d: ReadSnapshot: %v\n%s", i, err, buf.String())
		}
		if d := cmp.Diff(&s, got); d != "" {
			t.Fatalf("snapshot %d: round trip changed it (-wrote +read):\n%s", i, d)
		}
		// The json.Marshaler and json.Unmarshaler forms agree.
		b, err := s.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back access.Snapshot
		if err := back.UnmarshalJSON(b); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(&s, &back); d != "" {
			t.Fatalf("snapshot %d: MarshalJSON/UnmarshalJSON changed it:\n%s", i, d)
		}
	}
}

func TestSnapshotJSONShape(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	s := &access.Snapshot{ReadAt: at, Domains: []access.DomainFacts{{
		Name: "reseller.example", Primary: true, Verified: true,
		Customers: []domains.Customer{{ID: "C1", Domain: "one.example", ResellerDomain: "reseller.example", AccessGranted: true}},
		Accounts: []access.AccountFacts{{Facts: access.Facts{Email: "ana@reseller.example", State: access.StateActive,
			Effective: roles.Effective{ResellerAdmin: &roles.Grant{RoleName: "_RESELLER_ADMIN_ROLE", AssignmentID: "7"}}}}},
	}}}
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"version":1`, `"readAt":"2026-01-05T09:00:00Z"`, `"state":"active"`,
		`"resellerAdmin":{"roleName":"_RESELLER_ADMIN_ROLE","assignmentId":"7"}`, `"resellerDomain":"reseller.example"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("JSON lacks %s:\n%s", want, buf.String())
		}
	}
	// A time in another zone is written in UTC and reads back as the same
	// instant.
	s.ReadAt = at.In(time.FixedZone("CET", 3600))
	buf.Reset()
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := access.ReadSnapshot(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !got.ReadAt.Equal(at) || got.ReadAt.Location() != time.UTC {
		t.Errorf("ReadAt = %v, want %v in UTC", got.ReadAt, at)
	}
}

func TestSnapshotJSONWriteRefuses(t *testing.T) {
	t.Parallel()
	for name, s := range map[string]*access.Snapshot{
		"state":    {Domains: []access.DomainFacts{{Name: "r.example", Accounts: []access.AccountFacts{{Facts: access.Facts{State: 42}}}}}},
		"time":     {ReadAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		"nil":      nil,
		"deepTime": {Domains: []access.DomainFacts{{Name: "r.example", Accounts: []access.AccountFacts{{Facts: access.Facts{Effective: roles.Effective{Grants: []roles.Grant{{ExpireTime: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}}}}}}}}},
	} {
		err := s.WriteJSON(&bytes.Buffer{})
		var fe *resellerkit.FieldError
		if !errors.As(err, &fe) || resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
			t.Errorf("%s: WriteJSON = %v, want an invalid-argument field error", name, err)
		}
	}
}

// TestReadSnapshotErrors: a file that is not a snapshot of this version is
// an error naming what is wrong, never a partial snapshot.
func TestReadSnapshotErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in, field, reason string
		version                 bool
	}{
		{"future version", `{"version": 2, "domains": []}`, "version", "version 2 is not read by this release", true},
		{"no version", `{"domains": []}`, "version", `has no "version"`, true},
		{"version not a number", `{"version": "1"}`, "version", "not an integer", true},
		{"empty", ``, "snapshot", "truncated or empty", false},
		{"truncated", `{"version": 1, "domains": [{"name": "r.ex`, "snapshot", "truncated", false},
		{"not JSON", `version: 1`, "snapshot", "not valid JSON at byte", false},
		{"not an object", `[1]`, "snapshot", "where an object is expected", false},
		{"unknown field", `{"version": 1, "domains": [], "owner": "x"}`, "snapshot", `unknown field "owner"`, false},
		{"wrong type", `{"version": 1, "domains": [{"name": "r.example", "primary": "yes"}]}`, "domains.primary", "true or false", false},
		{"bad state", `{"version": 1, "domains": [{"name": "r.example", "accounts": [{"state": "frozen", "effective": {}}]}]}`, "AccountState", `unknown account state "frozen"`, false},
		{"numeric state", `{"version": 1, "domains": [{"name": "r.example", "accounts": [{"state": 9, "effective": {}}]}]}`, "", "", false},
		{"bad time", `{"version": 1, "readAt": "yesterday", "domains": []}`, "snapshot", "RFC 3339", false},
		{"time out of range", `{"version": 1, "readAt": "0000-01-01T00:00:00+01:00", "domains": []}`, "readAt", "years 0 to 9999", false},
		{"two documents", `{"version": 1, "domains": []} {}`, "snapshot", "data after the JSON document", false},
	} {
		_, err := access.ReadSnapshot(strings.NewReader(tc.in))
		var fe *resellerkit.FieldError
		if !errors.As(err, &fe) || resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
			t.Errorf("%s: ReadSnapshot = %v, want an invalid-argument field error", tc.name, err)
			continue
		}
		if tc.field != "" && (fe.Field != tc.field || !strings.Contains(fe.Reason, tc.reason)) {
			t.Errorf("%s: field %q, reason %q; want %q containing %q", tc.name, fe.Field, fe.Reason, tc.field, tc.reason)
		}
		if got := errors.Is(err, access.ErrSnapshotVersion); got != tc.version {
			t.Errorf("%s: errors.Is(ErrSnapshotVersion) = %v, want %v", tc.name, got, tc.version)
		}
	}
	var s access.Snapshot
	if err := s.UnmarshalJSON([]byte(`{"version": 3}`)); !errors.Is(err, access.ErrSnapshotVersion) {
		t.Errorf("UnmarshalJSON of version 3 = %v", err)
	}
}

// FuzzReadSnapshot: whatever the input, ReadSnapshot returns a typed error
// or a snapshot that writes and reads back unchanged; it never panics.
func FuzzReadSnapshot(f *testing.F) {
	var buf bytes.Buffer
	r := rand.New(rand.NewPCG(1, 2))
	for range 3 {
		var s access.Snapshot
		randomValue(f, r, reflect.ValueOf(&s).Elem(), 0)
		buf.Reset()
		if err := s.WriteJSON(&buf); err == nil {
			f.Add(buf.Bytes())
		}
	}
	for _, s := range []string{
		`{"version": 1}`, `{"version": 1, "domains": null}`, `{"version": 2}`, `{}`, `null`, `1`, `"x"`,
		`{"version": 1, "readAt": "2026-01-05T09:00:00.123456789+14:00", "domains": [{"name": "r.example", "accounts": [{"state": "suspended", "effective": {"grants": [{"expireTime": "2026-01-06T00:00:00Z"}]}}]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := access.ReadSnapshot(bytes.NewReader(in))
		if err != nil {
			var e *resellerkit.Error
			var fe *resellerkit.FieldError
			if !errors.As(err, &e) || e.Kind != resellerkit.KindInvalidArgument || !errors.As(err, &fe) {
				t.Fatalf("ReadSnapshot error %v (%T) is not an invalid-argument field error", err, err)
			}
			return
		}
		var out bytes.Buffer
		if err := s.WriteJSON(&out); err != nil {
			t.Fatalf("a snapshot ReadSnapshot accepted does not write: %v", err)
		}
		back, err := access.ReadSnapshot(&out)
		if err != nil {
			t.Fatalf("a written snapshot does not read back: %v\n%s", err, out.String())
		}
		if d := cmp.Diff(s, back); d != "" {
			t.Fatalf("write then read changed the snapshot:\n%s", d)
		}
	})
}
