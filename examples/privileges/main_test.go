package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/examples/internal/cli/clitest"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

// TestRunOnTheFake: without flags, the program reads the demo world every
// example runs on (demoworld), as its EU super admin.
func TestRunOnTheFake(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if err := run(t.Context(), nil, &out, &errOut); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"Privilege tree of my_customer",
		"  RESELLER_TOOLS  [reseller_tools 01fake0reseller]",
		"      RESELLER_VIEW_CUSTOMERS  [reseller_tools 01fake0reseller]",
		"    USERS_RETRIEVE  [admin_apis 00haapch16h1ysv] *",
		"ViewCustomers                    RESELLER_VIEW_CUSTOMERS (service 01fake0reseller)",
		"how: has the default name; in a service named like Reseller Tools; below Reseller Tools › Customers; held by the Reseller Admin role",
		"EnterpriseLegacySupport          absent (no privilege of the tree fits it)",
		"_SEED_ADMIN_ROLE",
		"(super admin)",
		"Reseller Admin role: _RESELLER_ADMIN_ROLE",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	clitest.OnDemoWorld(t, "privileges", errOut.String())
	if want := "acting as admin@" + demoworld.DomainEU; !strings.Contains(errOut.String(), want) {
		t.Errorf("stderr = %q, want it to say %q", errOut.String(), want)
	}
}

// TestRunUnfamiliarNames: on a tenant whose Reseller Tools names are not
// the defaults, the program prints the names learned (rule P1) and how.
func TestRunUnfamiliarNames(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-unfamiliar"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"Reseller Tools service: 02q5zy9k3l8m1x0; Reseller Admin role: _RESELLER_ADMIN_ROLE",
		"ViewCustomers                    PARTNER_CUSTOMERS_READ (service 02q5zy9k3l8m1x0)",
		"how: its name's words fit the key; below Reseller Tools › Customers; held by the Reseller Admin role",
		"AccessCustomerSupportCases       PARTNER_CUSTOMERS_SUPPORT_CASES_ACCESS (service 02q5zy9k3l8m1x0)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

// TestRunLegacyTenantAsJSON: -as reads the demo world's US reseller
// account, a legacy tenant, whose tree has the legacy support privileges
// (rule P1.3).
func TestRunLegacyTenantAsJSON(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-json", "-as", "admin@" + demoworld.DomainUS}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var tree []jsonPrivilege
	if err := json.Unmarshal(out.Bytes(), &tree); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	var names []string
	var walk func([]jsonPrivilege)
	walk = func(ps []jsonPrivilege) {
		for _, p := range ps {
			names = append(names, p.PrivilegeName)
			walk(p.ChildPrivileges)
		}
	}
	walk(tree)
	for _, want := range []string{"ENTERPRISE_LEGACY_SUPPORT", "RESELLER_ENTERPRISE_LEGACY_SUPPORT", "SUPPORT_PRIVILEGE_GROUP"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("the legacy tenant's tree lacks %s", want)
		}
	}
}

func TestFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-account", "key.json"}, "want KEYFILE:ADMIN"},
		{[]string{"-account", "k:a@x.example", "-account", "k:b@x.example"}, "-account once"},
		{[]string{"-account", "k:a@x.example,b@y.example"}, "super admin only"},
		{[]string{"-endpoint", "http://127.0.0.1:1/"}, "-endpoint needs -account"},
		{[]string{"-account", "k:a@x.example", "-as", "b@x.example"}, "-as is for the fake only"},
		{[]string{"-customer", " "}, "-customer is empty"},
		{[]string{"-account", "k:a@x.example", "-unfamiliar"}, "-unfamiliar is for the fake only"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		err := run(t.Context(), tc.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
	if err := run(t.Context(), []string{"-h"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h = %v, want flag.ErrHelp", err)
	}
	// A key file that does not exist is an error, not a fall back to the fake.
	if err := run(t.Context(), []string{"-account", "does-not-exist.json:a@x.example"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "does-not-exist.json") {
		t.Errorf("a missing key file: %v, want an error naming it", err)
	}
}
