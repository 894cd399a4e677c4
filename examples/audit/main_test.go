package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/examples/internal/cli/clitest"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

// TestAuditTableOnTheFake: without flags, the report is the demo world's
// every example runs on (demoworld): its three reseller domains and its
// twenty people, with a row for each rule the grid shows (P1.1 to P1.4,
// P2, P4, P5, D2).
func TestAuditTableOnTheFake(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if err := run(t.Context(), nil, &out, &errOut); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"Portal coverage (Google Cloud Support Portal), as read at 2026-01-05 09:00 UTC",
		demoworld.DomainEU + " [90]", demoworld.DomainNordics + " [40]", demoworld.DomainUS + " [70]",
		"ok P1.1", "ok P1.2", "ok P1.3", "ok P1.4,P1.2,P1.3", "denied: suspended", "denied: archived",
		"denied: needs View+Cases+Support", "denied: needs Support", "no account",
		"21 gaps hide 1350 customer views",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
	for _, p := range demoworld.People() {
		if !strings.Contains(got, "\n"+p.Address+" ") {
			t.Errorf("table has no row for %s:\n%s", p.Address, got)
		}
	}
	clitest.OnDemoWorld(t, "audit", errOut.String())
}

func TestAuditCSVAndJSON(t *testing.T) {
	t.Parallel()
	snap := demoSnapshot(t)
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-snapshot", snap, "-format", "csv", "-profile", "customer-care-portal"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(access.CSVColumns, ",") || len(rows) != 1+20*3 {
		t.Errorf("CSV header %v, %d rows; want the stable columns and 60 rows (20 people, 3 domains)", rows[0], len(rows))
	}

	out.Reset()
	if err := run(t.Context(), []string{"-snapshot", snap, "-format", "json"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Profile string
		Summary struct{ People, Domains, Gaps int }
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.Profile != "cloud-support-portal" || doc.Summary.People != 20 || doc.Summary.Domains != 3 || doc.Summary.Gaps != 21 {
		t.Errorf("JSON summary = %+v", doc)
	}

	out.Reset()
	if err := run(t.Context(), []string{"-snapshot", snap, "-format", "hidden-csv"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), strings.Join(access.HiddenCSVColumns, ",")) || strings.Count(out.String(), "\n") != 1+1350 {
		t.Errorf("hidden CSV: %d lines, want a header and 1350 rows", strings.Count(out.String(), "\n"))
	}
}

// TestAuditExplain: -explain names a person by address or by its local
// part, and says why in the language asked: eko.pratama's Nordic
// assignment expired (P4), gustav.berg has no Nordic or US account (D2).
func TestAuditExplain(t *testing.T) {
	t.Parallel()
	snap := demoSnapshot(t)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"-explain", "eko.pratama", "-lang", "it"}, []string{
			"eko.pratama@northwind-nordics.example non può usare il Portale di assistenza Google Cloud",
			"Strumenti dei rivenditori › Clienti › Visualizzazione clienti",
			"erano scadute e sono state ignorate [P4]",
		}},
		{[]string{"-explain", "Gustav.Berg@northwind.example"}, []string{
			"gustav.berg@northwind-eu.example may use the Google Cloud Support Portal",
			"gustav.berg@northwind.example has no account on northwind-nordics.example: 40 customers are out of their sight",
			"gustav.berg@northwind.example has no account on northwind-us.example: 70 customers",
		}},
	} {
		var out bytes.Buffer
		if err := run(t.Context(), append([]string{"-snapshot", snap}, tc.args...), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.want {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%q: explanation lacks %q:\n%s", tc.args, want, out.String())
			}
		}
	}
	err := run(t.Context(), []string{"-snapshot", snap, "-explain", "nobody"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no such person") {
		t.Errorf("-explain of an unknown person: %v", err)
	}
}

func TestAuditFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"-format", "xml"},
		{"-profile", "support-center"},
		{"-account", "key.json:admin@reseller.example"}, // no -people
		{"-account", "key.json"},
		{"-account", "key.json:not-an-address"},
		{"extra"},
	} {
		if err := run(t.Context(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}
