package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/access"
)

func TestAuditTableOnTheFake(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if err := run(t.Context(), nil, &out, &errOut); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"Portal coverage (Google Cloud Support Portal), as read at 2026-01-05 09:00 UTC",
		"alder-eu.example [6]", "alder-labs.example (unverified) [0]", "birch-partners.example [8]",
		"ok P1.1", "ok P1.2", "ok P1.3", "denied: suspended", "denied: needs View+Cases+Support",
		"22 gaps hide 174 customer views",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(errOut.String(), "using the fake's demo world") {
		t.Errorf("stderr = %q", errOut.String())
	}
}

func TestAuditCSVAndJSON(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-format", "csv", "-profile", "customer-care-portal"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(access.CSVColumns, ",") || len(rows) != 1+9*4 {
		t.Errorf("CSV header %v, %d rows; want the stable columns and 36 rows", rows[0], len(rows))
	}

	out.Reset()
	if err := run(t.Context(), []string{"-format", "json"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Profile string
		Summary struct{ People, Domains, Gaps int }
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.Profile != "cloud-support-portal" || doc.Summary.People != 9 || doc.Summary.Domains != 4 || doc.Summary.Gaps != 22 {
		t.Errorf("JSON summary = %+v", doc)
	}

	out.Reset()
	if err := run(t.Context(), []string{"-format", "hidden-csv"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), strings.Join(access.HiddenCSVColumns, ",")) || strings.Count(out.String(), "\n") != 1+174 {
		t.Errorf("hidden CSV: %d lines, want a header and 174 rows", strings.Count(out.String(), "\n"))
	}
}

func TestAuditExplain(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-explain", "eve", "-lang", "it"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"eve@alder-reseller.example non può usare il Portale di assistenza Google Cloud",
		"Strumenti dei rivenditori › Clienti › Visualizzazione clienti",
		"eve has no account on birch-partners.example: 8 customers",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("explanation lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(t.Context(), []string{"-explain", "nobody"}, io.Discard, io.Discard); err == nil {
		t.Error("-explain of an unknown person succeeded")
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
