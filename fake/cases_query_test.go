package fake

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/cases"
)

func TestParseSupportQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q      string
		search bool
		want   supportFilter
		bad    bool
	}{
		{q: "", want: supportFilter{}},
		{q: "state=OPEN", want: supportFilter{status: cases.Open}},
		{q: "state=CLOSED AND priority=P2", want: supportFilter{status: cases.Closed, priorities: []cases.Severity{cases.S2}}},
		{q: "state=OPEN AND (priority=P0 OR priority=P1)", want: supportFilter{status: cases.Open, priorities: []cases.Severity{cases.S0, cases.S1}}},
		{q: `creator.email="Ana@Example.com"`, want: supportFilter{creator: "ana@example.com"}},
		{q: `"my search" AND state=OPEN`, search: true, want: supportFilter{status: cases.Open, text: []string{"my search"}}},
		{q: `"a AND b"`, search: true, want: supportFilter{text: []string{"a AND b"}}},
		{q: `"free text"`, bad: true},
		{q: `update_time>"2020-01-01T00:00:00-05:00"`, bad: true},
		{q: "state=open", bad: true},
		{q: "priority=S1", bad: true},
		{q: "priority=P1 OR state=OPEN", bad: true},
		{q: "displayName=x", bad: true},
		{q: `"unterminated`, search: true, bad: true},
	}
	for _, tt := range tests {
		got, e := parseSupportQuery(tt.q, tt.search)
		if tt.bad {
			if e == nil || e.Code != 400 {
				t.Errorf("parseSupportQuery(%q) = %+v, %v; want 400", tt.q, got, e)
			}
			continue
		}
		if e != nil {
			t.Errorf("parseSupportQuery(%q) = %v", tt.q, e)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(supportFilter{})); diff != "" {
			t.Errorf("parseSupportQuery(%q) mismatch (-want +got):\n%s", tt.q, diff)
		}
	}
}

// FuzzParseSupportQuery checks that no query, however malformed, panics the
// parser, and that an error is always a 400.
func FuzzParseSupportQuery(f *testing.F) {
	for _, s := range []string{"", "state=OPEN", `"x" AND (priority=P0 OR priority=P1)`, `update_time>"2020-01-01T00:00:00Z"`,
		`creator.email="a@b.c"`, `"\"`, "()", "( AND )", "priority=", "priority=P", strings.Repeat("(", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, e := parseSupportQuery(q, true); e != nil && e.Code != 400 {
			t.Fatalf("parseSupportQuery(%q) = %v, want a 400", q, e)
		}
	})
}
