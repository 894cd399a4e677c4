package fake

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// quoteQueryValue writes v as a quoted users.list query value.
func quoteQueryValue(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

func TestLexUserQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q      string
		want   []queryTerm
		errHas string // "" for success
	}{
		{q: "", want: nil},
		{q: "  \t ", want: nil},
		{q: "email:ana@x.example", want: []queryTerm{{"email", ':', "ana@x.example"}}},
		{q: "name:'Ana L' isSuspended=false", want: []queryTerm{{"name", ':', "Ana L"}, {"isSuspended", '=', "false"}}},
		{q: `orgUnitPath='/It\'s'`, want: []queryTerm{{"orgUnitPath", '=', "/It's"}}},
		{q: `orgUnitPath='/It\'s here'	name:Bo`, want: []queryTerm{{"orgUnitPath", '=', "/It's here"}, {"name", ':', "Bo"}}},
		{q: `familyName:O\'Brien`, want: []queryTerm{{"familyName", ':', "O'Brien"}}},
		{q: `name:'back\\slash'`, want: []queryTerm{{"name", ':', `back\slash`}}},
		{q: `name:''`, want: []queryTerm{{"name", ':', ""}}},
		{q: "name:", want: []queryTerm{{"name", ':', ""}}},
		{q: "email:a=b:c", want: []queryTerm{{"email", ':', "a=b:c"}}},
		{q: "name:'Zoë Ünal'", want: []queryTerm{{"name", ':', "Zoë Ünal"}}},
		{q: "hello", errHas: `"hello" is not supported`},
		{q: ":x", errHas: `":x" is not supported`},
		{q: "'quoted':x", errHas: "is not supported"},
		{q: "name:'open", errHas: "unterminated quote"},
		{q: `name:'It\'s`, errHas: "unterminated quote"},
		{q: `name:x\`, errHas: "lone backslash"},
		{q: `name:'x\`, errHas: "lone backslash"},
		{q: "name:O'Brien", errHas: "quote inside a bare value"},
		{q: "name:'a'b", errHas: `followed by "b"`},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			got, e := lexUserQuery(tc.q)
			if tc.errHas != "" {
				if e == nil || e.Code != 400 || e.Reason != "invalid" || !strings.Contains(e.Message, tc.errHas) {
					t.Fatalf("lexUserQuery(%q) = %v, %v; want 400 invalid containing %q", tc.q, got, e, tc.errHas)
				}
				return
			}
			if e != nil {
				t.Fatalf("lexUserQuery(%q): %v", tc.q, e.Message)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(queryTerm{})); diff != "" {
				t.Errorf("terms mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzUserQuery: no query makes the users.list parser panic, a parsed
// query runs against every user of the demo world, and any value survives
// quoting: quoteQueryValue(v) lexes back to v, and the terms of a query
// that lexes re-serialise to the same terms.
func FuzzUserQuery(f *testing.F) {
	for _, s := range []string{
		"", "email:ana@alder-reseller.example", "email:a*", "name:'Ana L' isSuspended=false",
		`orgUnitPath='/It\'s'`, `orgUnitPath='/It\'s here' isAdmin=true`, `familyName:O\'Brien`,
		"name:'open", `name:x\`, "name:O'Brien", "name:'a'b", "isDelegatedAdmin=maybe", "orgUnitPath:/x",
		"givenName=Ana\tfamilyName:Li*", "\x00:\xff", "email:'\\\\'",
	} {
		f.Add(s)
	}
	w, err := NewWorld(DemoSeed())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		terms, e := lexUserQuery("f:" + quoteQueryValue(q))
		if e != nil || len(terms) != 1 || terms[0].value != q {
			t.Fatalf("f:%s lexes to %v, %v; want the value %q back", quoteQueryValue(q), terms, e, q)
		}

		match, e := parseUserQuery(q)
		if e != nil {
			if e.Code != 400 {
				t.Fatalf("parseUserQuery(%q) error %d %s, want 400", q, e.Code, e.Reason)
			}
		} else {
			w.mu.Lock()
			for _, u := range w.users {
				match(w, u)
			}
			w.mu.Unlock()
		}

		terms, e = lexUserQuery(q)
		if e != nil {
			return
		}
		parts := make([]string, len(terms))
		for i, term := range terms {
			parts[i] = term.field + string(term.op) + quoteQueryValue(term.value)
		}
		again, e := lexUserQuery(strings.Join(parts, " "))
		if e != nil {
			t.Fatalf("re-serialised %q does not lex: %s", strings.Join(parts, " "), e.Message)
		}
		if diff := cmp.Diff(terms, again, cmp.AllowUnexported(queryTerm{})); diff != "" {
			t.Errorf("terms of %q changed when re-serialised (-first +again):\n%s", q, diff)
		}
	})
}
