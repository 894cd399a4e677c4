package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRunOnFake runs the whole walk on the fake: file (C1-C3), comment (C7),
// escalate (C8), close, and the reopen window (C9): not through the API
// within it, refused after 30 days.
func TestRunOnFake(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"C8 Premium customer", nil, []string{
			"filed     projects/C03c00001/cases/40000001 for customer C03c00001, severity S2, new",
			"comment   added; the history holds 1 message(s)",
			"escalate  done: escalated=true",
			"close     done at 2026-01-05T09:00:00Z; reopening is possible until 2026-02-04T09:00:00Z",
			"reopen    now: not through the API; reopen it in the Google Cloud Support Portal before 2026-02-04T09:00:00Z",
			"reopen    30 days later: refused; the deadline was 2026-02-04T09:00:00Z, so file a new case",
		}},
		{"C8 Standard customer", []string{"-customer", "C03c00002"}, []string{
			"filed     projects/C03c00002/cases/40000001 for customer C03c00002, severity S2, new",
			"comment   added; the history holds 1 message(s)",
			"escalate  refused: cases.Escalate: failed precondition: customer C03c00002 is on the Standard support plan; escalation is available only with Premium Support, so raise the severity or add a comment instead (rule C8)",
			"close     done at 2026-01-05T09:00:00Z; reopening is possible until 2026-02-04T09:00:00Z",
			"reopen    now: not through the API; reopen it in the Google Cloud Support Portal before 2026-02-04T09:00:00Z",
			"reopen    30 days later: refused; the deadline was 2026-02-04T09:00:00Z, so file a new case",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			if err := run(t.Context(), tt.args, &out, io.Discard); err != nil {
				t.Fatalf("run() = %v", err)
			}
			got := strings.Split(strings.TrimSpace(out.String()), "\n")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("output mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunRefusals checks that rule C1's refusals and bad flags end the run
// with an error that says why.
func TestRunRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"C1 customer on another reseller domain", []string{"-customer", "C03c00011"}, "not assigned to alder-reseller.example"},
		{"C1 customer revoked access", []string{"-customer", "C03c00004"}, "has not granted the reseller access"},
		{"C1 filer without privileges", []string{"-filer", "gus@alder-reseller.example"}, "may not use the support portal"},
		{"Google flags without a key", []string{"-parent", "organizations/1"}, "need -account"},
		{"key without the rest", []string{"-account", "k.json:admin@reseller.example"}, "is required with -account"},
		{"key without an admin", []string{"-account", "k.json"}, "want KEYFILE:ADMIN"},
		{"stray argument", []string{"extra"}, "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := run(t.Context(), tt.args, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%q) = %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
	if err := run(t.Context(), []string{"-h"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run(-h) = %v, want flag.ErrHelp", err)
	}
}
