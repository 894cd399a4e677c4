package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/roles"
)

// savedDemo gathers the demo world with -save-snapshot and returns the
// file and the snapshot in it.
func savedDemo(t *testing.T) (string, *access.Snapshot) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "old.json")
	if err := run(t.Context(), []string{"-save-snapshot", file}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
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
// ana's suspension (P5) it lists the suspension and her losing exactly the
// customers `-format json` lists for her domain (D1).
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

	ana := accountIn(snap, "ana@alder-reseller.example")
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
	if lost.Person != "ana" || lost.Domain != "alder-reseller.example" {
		t.Errorf("lost = %+v", lost)
	}
	if want := coverageCustomers(t, "alder-reseller.example"); !slices.Equal(lost.Customers, want) {
		t.Errorf("ana lost %v; audit -format json lists %v for her domain", lost.Customers, want)
	}

	out.Reset()
	if err := run(t.Context(), []string{"-diff", old, changed}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"account-suspended", "ana (ana@alder-reseller.example)", "active -> suspended", "access-lost", "10 customers: C03c00001"} {
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
	if err := run(t.Context(), []string{"-format", "json"}, &out, io.Discard); err != nil {
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

// TestAuditExpiring: -expiring lists an assignment that ends within the
// window with the customers it takes away (P4); the demo world has none.
func TestAuditExpiring(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-expiring", "168h"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "ending within 168h0m0s") || !strings.Contains(out.String(), "None.") {
		t.Errorf("-expiring on the demo world:\n%s", out.String())
	}

	_, snap := savedDemo(t)
	gus := accountIn(snap, "gus@alder-reseller.example")
	gus.Facts.Effective.ResellerAdmin = &roles.Grant{RoleID: "9", RoleName: roles.ResellerAdminRoleName, AssignmentID: "99",
		ExpireTime: snap.ReadAt.Add(72 * time.Hour)}
	file := writeSnapshot(t, snap)
	out.Reset()
	if err := run(t.Context(), []string{"-snapshot", file, "-expiring", "168h", "-format", "json"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Within string                 `json:"within"`
		Grants []access.ExpiringGrant `json:"grants"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if doc.Within != "168h0m0s" || len(doc.Grants) != 1 || doc.Grants[0].Person != "gus" || doc.Grants[0].AssignmentID != "99" ||
		!slices.Equal(doc.Grants[0].Customers, coverageCustomers(t, "alder-reseller.example")) {
		t.Errorf("-expiring json:\n%s", out.String())
	}
	out.Reset()
	if err := run(t.Context(), []string{"-snapshot", file, "-expiring", "48h"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "None.") {
		t.Errorf("-expiring 48h lists a grant ending in 72h:\n%s", out.String())
	}
	out.Reset()
	if err := run(t.Context(), []string{"-snapshot", file, "-expiring", "72h"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2026-01-08 09:00 UTC", "gus (gus@alder-reseller.example)", "_RESELLER_ADMIN_ROLE", "10 customers"} {
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
