// Command privileges prints a tenant's privilege tree (privileges.list),
// the SDK's privilege keys as the roles package learned them from the
// tenant (with how each was matched), and its system roles.
//
// Google does not publish the API names of the Reseller Tools privileges
// (View Customers, Access Customer's Support Cases, ...) nor of the legacy
// support ones: the roles package learns them from the tree and from the
// Reseller Admin role (roles.Service.LearnNames). Run this program once
// against your reseller tenant to see what it learned; when two privileges
// fit one key it says so and names them, and you pin the right one with
// roles.WithNameTable.
//
// Without flags it runs on the embedded fake's demo world, the one every
// example runs on (examples/internal/demoworld), as the super admin of its
// EU reseller account (admin@northwind-eu.example), so it can be tried at
// once; -as admin@northwind-us.example reads the US account, a legacy
// tenant with the legacy support privileges (rule P1.3):
//
//	go run ./examples/privileges
//	go run ./examples/privileges -as admin@northwind-us.example -json
//	go run ./examples/privileges -unfamiliar
//
// Against Google, with a service account allowed domain-wide delegation for
// the scopes admin.directory.rolemanagement.readonly and
// admin.directory.user.readonly, impersonating a super admin:
//
//	go run ./examples/privileges -account key.json:admin@northwind-eu.example
//
// Flags:
//
//	-account KEYFILE:ADMIN  a service account key (JSON) and the super admin it impersonates
//	-endpoint URL      send every request to a fake in another process, on loopback
//	-customer ID       the tenant (default my_customer: the subject's)
//	-as EMAIL          on the fake: the admin to act as (default admin@northwind-eu.example, the
//	                   super admin of the demo world's EU reseller account)
//	-json              print the tree as JSON (the shape of privileges.list) instead of text
//	-unfamiliar        on the fake: rename the Reseller Tools privileges to names unlike
//	                   the SDK's defaults, to watch them being learned
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/examples/internal/cli"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

func main() { cli.Main("privileges", run) }

type options struct {
	creds            cli.Credentials
	customer, as     string
	json, unfamiliar bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("privileges", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.creds.Register(fs, false)
	fs.StringVar(&o.customer, "customer", "my_customer", "the tenant's customer `ID`")
	fs.StringVar(&o.as, "as", "", "on the fake: the admin `email` to act as (default the super admin of the demo world's first reseller account, admin@"+demoworld.DomainEU+")")
	fs.BoolVar(&o.json, "json", false, "print the tree as JSON instead of text")
	fs.BoolVar(&o.unfamiliar, "unfamiliar", false, "on the fake: rename the Reseller Tools privileges to unfamiliar names")
	cli.Usage(fs, "a tenant's privilege tree and the privilege names the roles package learned from it, with how each matched",
		"go run ./examples/privileges",
		"go run ./examples/privileges -as admin@"+demoworld.DomainUS+" -json",
		"go run ./examples/privileges -unfamiliar",
		"go run ./examples/privileges -account key.json:admin@"+demoworld.DomainEU+" -json")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := o.creds.Check(); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case len(o.creds.Accounts) > 1:
		return o, errors.New("-account once: the program reads one tenant")
	case !o.creds.Embedded() && o.as != "":
		return o, errors.New("-as is for the fake only; against Google, -account KEYFILE:ADMIN chooses the admin")
	case !o.creds.Embedded() && o.unfamiliar:
		return o, errors.New("-unfamiliar is for the fake only")
	case strings.TrimSpace(o.customer) == "":
		return o, errors.New("-customer is empty; leave it out for my_customer")
	}
	return o, nil
}

// run is the program, with its inputs and outputs passed in so a test can
// run it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	env, err := o.creds.Open(demoWorld(o.unfamiliar))
	if err != nil {
		return err
	}
	defer env.Close()
	r := env.Resellers[0]
	as := r.Admin
	if o.as != "" {
		as = o.as
	}
	if env.Embedded() {
		env.DemoNotice(stderr, "privileges")
		fmt.Fprintf(stderr, "privileges: acting as %s\n", as)
	}
	conn, err := env.Dial(ctx, r.Key, as,
		resellerkit.WithScopes(resellerkit.ScopeDirectoryRoleManagementReadonly, resellerkit.ScopeDirectoryUserReadonly))
	if err != nil {
		return err
	}
	s, err := roles.New(conn)
	if err != nil {
		return err
	}
	return report(ctx, s, o, stdout)
}

// unfamiliarNames renames the fake's Reseller Tools privileges (and their
// service) for -unfamiliar, as a real tenant's names may differ.
var unfamiliarNames = map[string]string{
	"serviceId":                                      "02q5zy9k3l8m1x0",
	"serviceName":                                    "partner_sales",
	roles.DefaultResellerToolsName:                   "PARTNER_SALES_ALL",
	roles.DefaultResellerCustomersName:               "PARTNER_CUSTOMERS",
	roles.DefaultAddCustomersName:                    "PARTNER_CUSTOMERS_CREATE",
	roles.DefaultViewCustomersName:                   "PARTNER_CUSTOMERS_READ",
	roles.DefaultEditCustomersName:                   "PARTNER_CUSTOMERS_UPDATE",
	roles.DefaultTransferCustomersName:               "PARTNER_CUSTOMERS_TRANSFER",
	roles.DefaultAccessCustomerAdminName:             "PARTNER_CUSTOMERS_ADMIN_CONSOLE_ACCESS",
	roles.DefaultAccessCustomerSupportCasesName:      "PARTNER_CUSTOMERS_SUPPORT_CASES_ACCESS",
	roles.DefaultResellerBillingName:                 "PARTNER_BILLING",
	roles.DefaultResellerEnterpriseLegacySupportName: "PARTNER_LEGACY_SUPPORT_RESOLD",
}

// demoWorld is the examples' demo world without its cases (this program
// reads none), with the Reseller Tools privileges renamed for -unfamiliar.
func demoWorld(unfamiliar bool) func(edits ...func(*fake.Seed)) (*fake.World, error) {
	return func(edits ...func(*fake.Seed)) (*fake.World, error) {
		if unfamiliar {
			edits = append(edits, renamePrivileges)
		}
		return demoworld.NewWithoutCases(edits...)
	}
}

// renamePrivileges gives the seed's Reseller Tools privileges the names of
// unfamiliarNames, in the tree and in the custom roles that hold them.
func renamePrivileges(seed *fake.Seed) {
	seed.ResellerToolsNames = unfamiliarNames
	for i := range seed.Tenants {
		for j := range seed.Tenants[i].Roles {
			ps := slices.Clone(seed.Tenants[i].Roles[j].Privileges)
			for k, p := range ps {
				if n, ok := unfamiliarNames[p]; ok {
					ps[k] = n
				}
			}
			seed.Tenants[i].Roles[j].Privileges = ps
		}
	}
}

func report(ctx context.Context, s *roles.Service, o options, out io.Writer) error {
	tree, err := s.Privileges(ctx, o.customer)
	if err != nil {
		return err
	}
	if o.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(jsonTree(tree.Roots()))
	}
	fmt.Fprintf(out, "Privilege tree of %s (%d privileges; * = can be limited to an org unit)\n", o.customer, tree.Len())
	for _, n := range tree.Nodes() {
		mark := ""
		if n.OUScopable {
			mark = " *"
		}
		fmt.Fprintf(out, "%s%s  [%s %s]%s\n", strings.Repeat("  ", len(n.Ancestors)+1), n.Privilege.Name, serviceName(n), n.Privilege.ServiceID, mark)
	}

	// A learning error (two privileges fit a key) is printed with what did
	// match, and returned once the rest is printed.
	d, learnErr := s.LearnNames(ctx, o.customer)
	if learnErr != nil && d.Matches == nil {
		return learnErr
	}
	printDiscovery(out, d, learnErr)

	fmt.Fprintln(out, "\nSystem roles")
	for r, err := range s.ListRoles(ctx, o.customer) {
		if err != nil {
			return err
		}
		if !r.IsSystem {
			continue
		}
		note := ""
		if r.IsSuperAdmin {
			note = " (super admin)"
		}
		fmt.Fprintf(out, "  %-28s id %s, %d privileges%s\n", r.Name, r.ID, len(r.Privileges), note)
	}
	switch ra, err := s.FindResellerAdminRole(ctx, o.customer); {
	case err == nil:
		fmt.Fprintf(out, "Reseller Admin role: %s (id %s)\n", ra.Name, ra.ID)
	case errors.Is(err, resellerkit.ErrNotFound):
		fmt.Fprintln(out, "Reseller Admin role: not found (not a reseller tenant, or set roles.WithResellerAdminRoleName)")
	default:
		return err
	}
	return learnErr
}

// printDiscovery prints each key's privilege and how it was matched.
func printDiscovery(out io.Writer, d roles.Discovery, learnErr error) {
	how := "learned from the tenant; Google does not publish the Reseller Tools names"
	if d.Pinned {
		how = "pinned with roles.WithNameTable"
	}
	fmt.Fprintf(out, "\nSDK privilege keys (%s)\n", how)
	if len(d.ResellerToolsServices) > 0 {
		fmt.Fprintf(out, "  Reseller Tools service: %s", strings.Join(d.ResellerToolsServices, ", "))
		if d.ResellerAdminRole != "" {
			fmt.Fprintf(out, "; Reseller Admin role: %s", d.ResellerAdminRole)
		}
		fmt.Fprintln(out)
	}
	for _, m := range d.Matches {
		if !m.Found {
			fmt.Fprintf(out, "  %-32s absent (no privilege of the tree fits it)\n", m.Key)
			continue
		}
		ev := make([]string, len(m.Evidence))
		for i, e := range m.Evidence {
			ev[i] = string(e)
		}
		fmt.Fprintf(out, "  %-32s %s (service %s)\n  %-32s   how: %s\n", m.Key, m.Privilege.Name, m.Privilege.ServiceID, "", strings.Join(ev, "; "))
	}
	if learnErr != nil {
		fmt.Fprintf(out, "  NOT LEARNED: %v\n", learnErr)
	}
}

func serviceName(n roles.Node) string {
	if n.ServiceName == "" {
		return "Unknown"
	}
	return n.ServiceName
}

// jsonPrivilege is privileges.list's shape, for -json.
type jsonPrivilege struct {
	PrivilegeName   string          `json:"privilegeName"`
	ServiceID       string          `json:"serviceId"`
	ServiceName     string          `json:"serviceName,omitempty"`
	IsOuScopable    bool            `json:"isOuScopable,omitempty"`
	ChildPrivileges []jsonPrivilege `json:"childPrivileges,omitempty"`
}

func jsonTree(ps []roles.Privilege) []jsonPrivilege {
	out := make([]jsonPrivilege, 0, len(ps))
	for _, p := range ps {
		out = append(out, jsonPrivilege{
			PrivilegeName: p.Name, ServiceID: p.ServiceID, ServiceName: p.ServiceName,
			IsOuScopable: p.OUScopable, ChildPrivileges: jsonTree(p.Children),
		})
	}
	return out
}
