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
// Without flags it runs on package fake's demo world, so it can be tried at
// once:
//
//	go run ./examples/privileges
//
// Against Google, with a service account allowed domain-wide delegation for
// the scopes admin.directory.rolemanagement.readonly and
// admin.directory.user.readonly, impersonating a super admin:
//
//	go run ./examples/privileges -account key.json:admin@your-reseller.example
//
// Flags:
//
//	-account KEYFILE:ADMIN  a service account key (JSON) and the super admin it impersonates
//	-endpoint URL      send every request to a fake in another process, on loopback
//	-customer ID       the tenant (default my_customer: the subject's)
//	-as EMAIL          on the fake: the admin to act as (default the demo's Alder super admin)
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
	fs.StringVar(&o.as, "as", "", "on the fake: the admin `email` to act as (default the demo's Alder super admin)")
	fs.BoolVar(&o.json, "json", false, "print the tree as JSON instead of text")
	fs.BoolVar(&o.unfamiliar, "unfamiliar", false, "on the fake: rename the Reseller Tools privileges to unfamiliar names")
	cli.Usage(fs, "a tenant's privilege tree and the privilege names the roles package learned from it, with how each matched",
		"go run ./examples/privileges",
		"go run ./examples/privileges -unfamiliar",
		"go run ./examples/privileges -account key.json:admin@your-reseller.example -json")
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
	var s *roles.Service
	if !o.creds.Embedded() {
		env, err := o.creds.Open(nil)
		if err != nil {
			return err
		}
		r := env.Resellers[0]
		conn, err := env.Dial(ctx, r.Key, r.Admin,
			resellerkit.WithScopes(resellerkit.ScopeDirectoryRoleManagementReadonly, resellerkit.ScopeDirectoryUserReadonly))
		if err != nil {
			return err
		}
		if s, err = roles.New(conn); err != nil {
			return err
		}
	} else {
		srv, as, err := startFake(o.as, o.unfamiliar)
		if err != nil {
			return err
		}
		defer srv.Close()
		conn, err := srv.Conn(ctx, as)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "privileges: no -account: using the fake's demo world at %s as %s\n", srv.URL(), as)
		if s, err = roles.New(conn); err != nil {
			return err
		}
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

func startFake(as string, unfamiliar bool) (*fake.Server, string, error) {
	seed := fake.DemoSeed()
	if unfamiliar {
		seed.ResellerToolsNames = unfamiliarNames
		// The demo's custom roles name their privileges: rename them too.
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
	w, err := fake.NewWorld(seed)
	if err != nil {
		return nil, "", err
	}
	if as == "" {
		if as, err = w.SuperAdmin(fake.DemoAlderCustomerID); err != nil {
			return nil, "", err
		}
	}
	srv, err := fake.NewServer(w)
	if err != nil {
		return nil, "", err
	}
	return srv, as, nil
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
