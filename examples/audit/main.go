// Command audit prints the portal coverage of a reseller's team (rule D2):
// for each person and each reseller domain, whether they can reach the
// support portal there, why or why not, and how many customers each gap
// hides from them (rule D1: the portal shows an account only the customers
// of its own reseller domain).
//
// Without flags it runs on the embedded fake's demo world, the one every
// example runs on (examples/internal/demoworld): Northwind, two reseller
// accounts, three reseller domains (northwind-eu.example, its secondary
// domain northwind-nordics.example, and northwind-us.example), twenty
// people and two hundred customers. A person is named by their own address
// or its local part (-explain chloe.martin):
//
//	go run ./examples/audit
//	go run ./examples/audit -format csv
//	go run ./examples/audit -explain chloe.martin -lang fr
//
// Against Google, one -account per reseller account: a service-account key
// with domain-wide delegation, the super admin it impersonates, and, for
// each secondary domain, an account on that domain (only such an account
// can list that domain's customers). The people and their accounts come
// from a JSON file, a list of {"id", "name", "accounts": [...], "domains":
// [...]} (the shape of access.Person):
//
//	go run ./examples/audit -account eu.json:admin@northwind-eu.example,admin@northwind-nordics.example \
//	    -account us.json:admin@northwind-us.example -people people.json
//
// Flags:
//
//	-account KEYFILE:ADMIN[,ACCOUNT...]  a reseller account (repeat for each)
//	-endpoint URL    send every request to a fake in another process, on loopback
//	-people FILE     the people and their accounts (required with -account)
//	-profile NAME    cloud-support-portal (default) or customer-care-portal
//	-format NAME     table (default), csv, hidden-csv (one row per hidden customer) or json
//	-explain ID      explain each decision of one person (their address, or its
//	                 local part) instead of the table
//	-lang TAG        language of -explain: en, fr, sv, ja, id or it
//	-save-snapshot FILE  also write what was read, for a later -diff or -snapshot
//	-snapshot FILE   report on a saved snapshot instead of reading Google
//	-diff OLD [NEW]  list what changed since the snapshot OLD: accounts, role
//	                 assignments, customers, and the access each person gained
//	                 or lost (table or json); NEW is a saved snapshot or, when
//	                 absent, a fresh read
//	-expiring DUR    list the role assignments that end within DUR (168h: a
//	                 week), with the customers each takes away (table or json)
//	-what-if FILE    who would gain or lose which customers after the changes
//	                 listed in FILE, a JSON list such as
//	                 [{"suspend": "ana.lima@northwind-eu.example"},
//	                 {"revokeRole": {"account": "…", "role": "…"}},
//	                 {"advance": "720h"}] (table or json); no Google call is made
//
// A cron job keeps yesterday's read and reports the drift:
//
//	go run ./examples/audit -save-snapshot today.json -diff yesterday.json
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"golang.org/x/text/language"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/examples/internal/cli"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

func main() { cli.Main("audit", run) }

type options struct {
	creds   cli.Credentials
	people  string
	profile access.Profile
	format  string
	explain string
	lang    language.Tag
	drift   driftFlags
	whatIf  whatIfFlags
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	var profile, lang string
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.creds.Register(fs, true)
	fs.StringVar(&o.people, "people", "", "JSON `file` of the people and their accounts (required with -account)")
	fs.StringVar(&profile, "profile", "", "portal `profile`: cloud-support-portal (default) or customer-care-portal")
	fs.StringVar(&o.format, "format", "table", "output `format`: table, csv, hidden-csv or json")
	fs.StringVar(&o.explain, "explain", "", "explain each decision of the person with this `ID` (their address, or its local part)")
	fs.StringVar(&lang, "lang", "en", "`language` of -explain: en, fr, sv, ja, id or it")
	o.drift.register(fs)
	o.whatIf.register(fs)
	cli.Usage(fs, "the portal coverage of a reseller's team: who can reach the support portal on which reseller domain, and which customers each gap hides",
		"go run ./examples/audit",
		"go run ./examples/audit -format csv",
		"go run ./examples/audit -explain chloe.martin -lang fr",
		"go run ./examples/audit -account eu.json:admin@northwind-eu.example,admin@northwind-nordics.example -account us.json:admin@northwind-us.example -people people.json",
		"go run ./examples/audit -save-snapshot today.json -diff yesterday.json")
	if err := o.drift.parse(fs, args); err != nil {
		return o, err
	}
	var err error
	if o.profile, err = access.ParseProfile(profile); err != nil {
		return o, err
	}
	if o.lang, err = language.Parse(lang); err != nil {
		return o, fmt.Errorf("-lang %q: %w", lang, err)
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case len(o.creds.Accounts) > 0 && o.people == "":
		return o, errors.New("-account needs -people: the people and their accounts (rule D2 needs the mapping)")
	case o.format != "table" && o.format != "csv" && o.format != "hidden-csv" && o.format != "json":
		return o, fmt.Errorf("-format %q: use table, csv, hidden-csv or json", o.format)
	}
	if err := o.creds.Check(); err != nil {
		return o, err
	}
	if err := o.drift.check(o); err != nil {
		return o, err
	}
	return o, o.whatIf.check(o)
}

// run is the program, with its inputs and outputs passed in so a test can
// run it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	snap, people, err := gather(ctx, o, stderr)
	if err != nil {
		return err
	}
	if done, err := o.drift.run(o, snap, people, stdout); done {
		return err
	}
	if done, err := o.whatIf.run(o, snap, people, stdout); done {
		return err
	}
	cov, err := access.ComputeCoverage(snap, people, o.profile)
	if err != nil {
		return err
	}
	if o.explain != "" {
		return explain(stdout, cov, o.explain, o.lang)
	}
	switch o.format {
	case "csv":
		return cov.WriteCSV(stdout)
	case "hidden-csv":
		return cov.WriteHiddenCSV(stdout)
	case "json":
		return cov.WriteJSON(stdout)
	}
	return table(stdout, cov)
}

// gather reads the snapshot the report is computed from, with the people
// it is about: from -snapshot (or the NEW file of -diff), from the
// reseller accounts of -account, or from the examples' demo world.
func gather(ctx context.Context, o options, stderr io.Writer) (*access.Snapshot, []access.Person, error) {
	if o.drift.snapshot != "" {
		return o.drift.readSnapshot(o)
	}
	// The people file is read and checked before any request is sent.
	people, err := loadPeople(o)
	if err != nil {
		return nil, nil, err
	}
	// The demo world without its cases: coverage reads none.
	env, err := o.creds.Open(demoworld.NewWithoutCases)
	if err != nil {
		return nil, nil, err
	}
	defer env.Close()
	env.DemoNotice(stderr, "audit")
	var sources []access.Source
	for _, r := range env.Resellers {
		src, err := source(ctx, env, r)
		if err != nil {
			return nil, nil, err
		}
		sources = append(sources, src)
	}

	snap, err := access.Gather(ctx, sources, people, &access.GatherOptions{Clock: env.Now})
	if err != nil {
		return nil, nil, err
	}
	return snap, people, o.drift.save(snap)
}

// source dials the reseller account as its super admin, and as each
// secondary-domain actor for that domain's customers (D1). The roles
// service judges expiry (P4) by the Conn's clock, the Env's.
func source(ctx context.Context, env *cli.Env, r cli.Reseller) (access.Source, error) {
	conn, err := env.Dial(ctx, r.Key, r.Admin)
	if err != nil {
		return access.Source{}, err
	}
	dirs, err := domains.New(conn)
	if err != nil {
		return access.Source{}, err
	}
	lic, err := licensing.New(conn)
	if err != nil {
		return access.Source{}, err
	}
	rs, err := roles.New(conn)
	if err != nil {
		return access.Source{}, err
	}
	src := access.Source{
		Domains:     dirs,
		Roles:       rs,
		Licensing:   lic,
		CustomersOf: map[string]*domains.Service{},
	}
	for _, actor := range r.DomainActors {
		c, err := env.Dial(ctx, r.Key, actor)
		if err != nil {
			return access.Source{}, err
		}
		d, err := domains.DomainOf(actor)
		if err != nil {
			return access.Source{}, err
		}
		if src.CustomersOf[d], err = domains.New(c); err != nil {
			return access.Source{}, err
		}
	}
	return src, nil
}

// table prints the coverage grid: a row per person, a column per domain.
func table(out io.Writer, cov *access.Coverage) error {
	fmt.Fprintf(out, "Portal coverage (%s), as read at %s; role changes can take up to 24 hours at Google (P8)\n\n",
		access.ProfileName(cov.Profile, language.English), cov.ReadAt.UTC().Format("2006-01-02 15:04 MST"))
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprint(tw, "PERSON")
	for _, d := range cov.Domains {
		name := d.Name
		if !d.Verified && !d.Primary {
			name += " (unverified)"
		}
		fmt.Fprintf(tw, "\t%s [%d]", name, d.Customers)
	}
	fmt.Fprint(tw, "\tGAPS\tHIDDEN\n")
	for _, p := range cov.People {
		fmt.Fprint(tw, p.ID)
		for _, c := range p.Cells {
			fmt.Fprintf(tw, "\t%s", cellText(c))
		}
		fmt.Fprintf(tw, "\t%d\t%d\n", p.Gaps, p.Hidden)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	gaps, hidden := 0, 0
	for _, p := range cov.People {
		gaps += p.Gaps
		hidden += p.Hidden
	}
	_, err := fmt.Fprintf(out, "\n[n] = customers on the domain; ok = the rule that allows (P1.1 Reseller Admin, P1.2 custom role, P1.3 legacy, P1.4 super admin);\n"+
		"needs View+Cases+Support = the privileges missing (P1.2, P2); - = not required.\n"+
		"%d gaps hide %d customer views; -explain ID says why, -format hidden-csv lists them.\n", gaps, hidden)
	return err
}

func cellText(c access.Cell) string {
	switch {
	case !c.Required && c.Account == "":
		return "-"
	case c.Account == "":
		return "no account"
	case c.Allowed:
		var rules []string
		for _, p := range c.Paths.List() {
			rules = append(rules, p.Rule())
		}
		return "ok " + strings.Join(rules, ",")
	}
	var state string
	var needs []string
	for _, m := range c.Missing.List() {
		switch m {
		case access.RequireActiveAccount:
			state = c.State.String()
		case access.RequireViewCustomers:
			needs = append(needs, "View")
		case access.RequireAccessCustomerSupportCases:
			needs = append(needs, "Cases")
		case access.RequireSupport:
			needs = append(needs, "Support")
		default:
			needs = append(needs, m.String())
		}
	}
	text := "denied:"
	if state != "" {
		text += " " + state
	}
	if len(needs) > 0 {
		text += " needs " + strings.Join(needs, "+")
	}
	return text
}

// explain prints, for one person, each domain's decision in lang.
func explain(out io.Writer, cov *access.Coverage, id string, lang language.Tag) error {
	pi, err := findPerson(cov, id)
	if err != nil {
		return err
	}
	p := cov.People[pi]
	for d, c := range p.Cells {
		dom := cov.Domains[d]
		if dec, ok := cov.Decision(pi, d); ok {
			fmt.Fprintf(out, "%s\n", access.Explain(dec, lang))
		} else {
			fmt.Fprintf(out, "%s has no account on %s", p.ID, dom.Name)
			if c.Hidden > 0 {
				fmt.Fprintf(out, ": %d customers are out of their sight there (D1, D2)", c.Hidden)
			}
			fmt.Fprintln(out)
		}
		if c.Hidden > 0 {
			var ids []string
			for _, cu := range cov.HiddenCustomers(pi, d) {
				ids = append(ids, cu.Domain)
			}
			fmt.Fprintf(out, "  hidden: %s\n", strings.Join(ids, ", "))
		}
		fmt.Fprintln(out)
	}
	return nil
}

// findPerson finds the person -explain names: by their ID, or by the
// local part of an ID that is an address ("chloe.martin" for
// chloe.martin@northwind.example), case-insensitively. A local part two
// people share is refused rather than guessed.
func findPerson(cov *access.Coverage, id string) (int, error) {
	id = strings.TrimSpace(id)
	found := -1
	for pi, p := range cov.People {
		if strings.EqualFold(p.ID, id) {
			return pi, nil
		}
		if local, _, ok := strings.Cut(p.ID, "@"); ok && strings.EqualFold(local, id) {
			if found >= 0 {
				return 0, fmt.Errorf("-explain %q: both %s and %s; give the whole address", id, cov.People[found].ID, p.ID)
			}
			found = pi
		}
	}
	if found < 0 {
		return 0, fmt.Errorf("-explain %q: no such person; give a person's address, or its part before the @, as the first column of the table shows", id)
	}
	return found, nil
}
