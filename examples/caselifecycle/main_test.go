package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/examples/internal/cli/clitest"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

// TestRunOnFake runs the whole walk on the fake's demo world, the one every
// example runs on (demoworld): file (C1-C3), comment (C7), escalate (C8),
// close, and the reopen window (C9): not through the API within it,
// refused after 30 days. The case is numbered after the world's own
// thousand cases.
func TestRunOnFake(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"C8 Premium customer", nil, []string{
			"filed     projects/C03cu0005/cases/40001001 for customer C03cu0005, severity S2, new",
			"comment   added; the history holds 1 message(s)",
			"escalate  done: escalated=true",
			"close     done at 2026-01-05T09:00:00Z; reopening is possible until 2026-02-04T09:00:00Z",
			"reopen    now: not through the API; reopen it in the Google Cloud Support Portal before 2026-02-04T09:00:00Z",
			"reopen    30 days later: refused; the deadline was 2026-02-04T09:00:00Z, so file a new case",
		}},
		{"C8 Standard customer", []string{"-customer", demoworld.CustomerStandard}, []string{
			"filed     projects/C03cu0000/cases/40001001 for customer C03cu0000, severity S2, new",
			"comment   added; the history holds 1 message(s)",
			"escalate  refused: cases.Escalate: failed precondition: customer C03cu0000 is on the Standard support plan; escalation is available only with Premium Support, so raise the severity or add a comment instead (rule C8)",
			"close     done at 2026-01-05T09:00:00Z; reopening is possible until 2026-02-04T09:00:00Z",
			"reopen    now: not through the API; reopen it in the Google Cloud Support Portal before 2026-02-04T09:00:00Z",
			"reopen    30 days later: refused; the deadline was 2026-02-04T09:00:00Z, so file a new case",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut bytes.Buffer
			if err := run(t.Context(), tt.args, &out, &errOut); err != nil {
				t.Fatalf("run() = %v", err)
			}
			clitest.OnDemoWorld(t, "caselifecycle", errOut.String())
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
		{"C1 customer on another reseller domain", []string{"-customer", "C03cu0013"}, "not assigned to northwind-eu.example"},
		{"C1 customer revoked access", []string{"-customer", demoworld.CustomerRevoked}, "has not granted the reseller access"},
		{"C1 P7 filer without an admin role", []string{"-filer", "jonas.weber@" + demoworld.DomainEU}, "may not use the support portal"},
		{"C1 filer unknown", []string{"-filer", "nobody@elsewhere.example"}, "-filer nobody@elsewhere.example"},
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
