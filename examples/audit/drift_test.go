package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

// gathered is the demo world as `audit -save-snapshot` saves it, read
// once: most tests report on it with -snapshot rather than gather the
// whole world again.
var gathered = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "audit-test")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "demo.json")
	if err := run(context.Background(), []string{"-save-snapshot", file}, io.Discard, io.Discard); err != nil {
		return nil, err
	}
	return os.ReadFile(file)
})

// demoSnapshot returns a file of the test's own holding the demo world's
// snapshot, as -save-snapshot wrote it.
func demoSnapshot(t *testing.T) string {
	t.Helper()
	b, err := gathered()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "old.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// savedDemo returns demoSnapshot's file and the snapshot in it, for a test
// to change.
func savedDemo(t *testing.T) (string, *access.Snapshot) {
	t.Helper()
	file := demoSnapshot(t)
	s, err := readSnapshotFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return file, s
}

func writeSnapshot(t *testing.T, s *access.Snapshot) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "new.json")
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func accountIn(s *access.Snapshot, email string) *access.AccountFacts {
	for i := range s.Domains {
		for j := range s.Domains[i].Accounts {
			if s.Domains[i].Accounts[j].Facts.Email == email {
				return &s.Domains[i].Accounts[j]
			}
		}
	}
	return nil
}

// TestAuditDiff: -diff of a saved snapshot with itself lists nothing; after
// the suspension of ana.lima's EU account (P5) it lists the suspension and
// her losing exactly the customers `-format json` lists for that domain
// (D1).
func TestAuditDiff(t *testing.T) {
	t.Parallel()
	old, snap := savedDemo(t)
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-diff", old, old}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "No changes.") {
		t.Errorf("-diff of a snapshot with itself:\n%s", out.String())
	}
	// Against a fresh read of the same world: nothing changed either.
	out.Reset()
	if err := run(t.Context(), []string{"-diff", old, "-format", "json"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"events": []`) {
		t.Errorf("-diff against a fresh read:\n%s", out.String())
	}

	ana := accountIn(snap, "ana.lima@"+demoworld.DomainEU)
	ana.Facts.State = access.StateSuspended
	changed := writeSnapshot(t, snap)
	out.Reset()
	if err := run(t.Context(), []string{"-diff", old, changed, "-format", "json"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Events []access.Event `json:"events"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if len(doc.Events) != 2 || doc.Events[0].Kind != access.EventAccountSuspended || doc.Events[1].Kind != access.EventAccessLost {
		t.Fatalf("events = %s", out.String())
	}
	lost := doc.Events[1].Access
	if lost.Person != "ana.lima@"+demoworld.WorkspaceDomain || lost.Domain != demoworld.DomainEU {
		t.Errorf("lost = %+v", lost)
	}
	if want := coverageCustomers(t, demoworld.DomainEU); !slices.Equal(lost.Customers, want) {
		t.Errorf("ana lost %v; audit -format json lists %v for her domain", lost.Customers, want)
	}

	out.Reset()
	if err := run(t.Context(), []string{"-diff", old, changed}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"account-suspended", "ana.lima@northwind.example (ana.lima@northwind-eu.example)", "active -> suspended", "access-lost", "90 customers: C03cu0000, C03cu0001"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-diff table lacks %q:\n%s", want, out.String())
		}
	}
}

// coverageCustomers returns the customer IDs `audit -format json` lists
// for domain, sorted.
func coverageCustomers(t *testing.T, domain string) []string {
	t.Helper()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-snapshot", demoSnapshot(t), "-format", "json"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var cov struct {
		Domains []struct {
			Domain    string
			Customers []struct{ ID string }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &cov); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range cov.Domains {
		if d.Domain == domain {
			for _, c := range d.Customers {
				ids = append(ids, c.ID)
			}
		}
	}
	slices.Sort(ids)
	return ids
}

// TestAuditExpiring: -expiring lists each assignment that ends within the
// window, with the customers it takes away (P4): in the demo world,
// ulla.virtanen's Reseller Admin assignments end a week after the read,
// on each domain, and she has no other grant; a shorter window lists none.
func TestAuditExpiring(t *testing.T) {
	t.Parallel()
	snap := demoSnapshot(t)
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-snapshot", snap, "-expiring", "168h", "-format", "json"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Within string                 `json:"within"`
		Grants []access.ExpiringGrant `json:"grants"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if doc.Within != "168h0m0s" || len(doc.Grants) != 3 {
		t.Fatalf("-expiring json: want 3 grants within 168h0m0s:\n%s", out.String())
	}
	for i, d := range []string{demoworld.DomainEU, demoworld.DomainNordics, demoworld.DomainUS} {
		g := doc.Grants[i]
		if g.Person != "ulla.virtanen@"+demoworld.WorkspaceDomain || g.Domain != d || g.RoleName != roles.ResellerAdminRoleName ||
			!g.ExpireTime.Equal(fake.DefaultStart.Add(7*24*time.Hour)) || !slices.Equal(g.Customers, coverageCustomers(t, d)) {
			t.Errorf("grant %d = %+v, want ulla.virtanen's on %s taking its customers", i, g, d)
		}
	}
	out.Reset()
	if err := run(t.Context(), []string{"-snapshot", snap, "-expiring", "167h"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "ending within 167h0m0s") || !strings.Contains(out.String(), "None.") {
		t.Errorf("-expiring 167h lists a grant ending in 168h:\n%s", out.String())
	}
	out.Reset()
	if err := run(t.Context(), []string{"-snapshot", snap, "-expiring", "168h"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2026-01-12 09:00 UTC", "ulla.virtanen@northwind.example (ulla.virtanen@northwind-eu.example)", "_RESELLER_ADMIN_ROLE", "90 customers"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-expiring table lacks %q:\n%s", want, out.String())
		}
	}
}

func TestAuditDriftFlags(t *testing.T) {
	t.Parallel()
	old, _ := savedDemo(t)
	future := filepath.Join(t.TempDir(), "future.json")
	if err := os.WriteFile(future, []byte(`{"version": 99}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-expiring", "-1h"},
		{"-expiring", "soon"},
		{"-diff", old, "-expiring", "1h"},
		{"-diff", old, "-format", "csv"},
		{"-expiring", "1h", "-explain", "ana"},
		{"-snapshot", old, "-account", "key.json:admin@reseller.example", "-people", "p.json"},
		{"-snapshot", old, "-save-snapshot", old + ".2"},
		{"-diff", old, old, "extra"},
		{"-diff", filepath.Join(t.TempDir(), "missing.json")},
		{"-snapshot", filepath.Join(t.TempDir(), "missing.json")},
	} {
		if err := run(t.Context(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
	err := run(t.Context(), []string{"-diff", future, old}, io.Discard, io.Discard)
	if !errors.Is(err, access.ErrSnapshotVersion) || !strings.Contains(err.Error(), "version 99") {
		t.Errorf("-diff of a future version: %v", err)
	}
}
