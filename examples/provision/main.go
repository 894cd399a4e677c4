// Command provision plans, and on request applies, the setup of a team of
// staff accounts for the support portal (rules S1 to S7): per reseller
// account, the preflight checks, the manual steps, the org unit, an account
// per person and domain, their Cloud Identity Free licenses, the portal role
// and its assignments. It is a dry run unless -apply is given.
//
// The team is a JSON file in the shape of access.Team (see
// team.example.json). Without -account it runs on the embedded fake's demo
// world, the one every example runs on (examples/internal/demoworld):
// Northwind, whose staff accounts are in the org unit /Reseller support and
// hold the custom role "Support portal". The example team plans for three
// people there: chloe.martin, who lacks an account on the secondary domain
// northwind-nordics.example (rule D2), eko.pratama, whose Nordic role
// assignment expired (P4), and vera.nowak, a newcomer with no account yet
// (S3); the plan leaves alone what already works (Reseller Admin, P1.1):
//
//	go run ./examples/provision
//	go run ./examples/provision -apply -passwords /tmp/initial.csv
//	go run ./examples/provision -team my-team.json -json
//
// Against Google, one -account per reseller account: a service-account key
// with domain-wide delegation and the super admin it impersonates (rule S1:
// setup is done by a super admin, never a consumer account):
//
//	go run ./examples/provision -team team.json -account eu.json:admin@northwind-eu.example -account us.json:admin@northwind-us.example -ci-seats 50
//	go run ./examples/provision -team team.json -account eu.json:admin@northwind-eu.example -ci-seats 50 -apply -passwords initial.csv
//
// Against a fake in another process (fake/cmd/fakeworkspace, or a test's
// fake.Server), -endpoint sends every request to it; the key is one the fake
// issued, whose token_uri is the fake's URL + "token"
// (fake.World.NewServiceAccountJSON):
//
//	go run ./examples/provision -endpoint http://127.0.0.1:8085/ -team team.json \
//	    -account fake-key.json:admin@northwind-eu.example -ci-seats 50 -apply -passwords initial.csv
//
// # Initial passwords survive a crash
//
// Each account provision creates gets a generated password. With -passwords
// FILE, the password is written to FILE, durably (a new file written,
// fsynced and renamed over FILE, then the directory fsynced), before the
// request that creates the account is sent: if the process dies at any
// point, even by SIGKILL, every account it created has its password in
// FILE. Run the same command again with the same FILE to finish the setup:
// a record whose account was never created is replaced by the new account's
// password. FILE is checked before anything is written to Google (it must
// parse, and its directory must be writable), and -apply refuses to create
// accounts without it. FILE.lock, next to it, keeps two runs from writing
// FILE at once.
//
// An account of the team that exists, has never signed in and has no record
// in FILE (created without -passwords, or the file was lost) has a password
// nobody knows. Every run with -passwords lists such accounts as "password
// unknown"; -reset-unknown gives each a new password, kept in FILE before it
// is set. Passwords are never printed: give each to its person through a
// secure channel; Google asks them to change it at the first sign-in.
//
// Flags:
//
//	-team FILE        the desired team (default: the example team, on the fake only)
//	-account KEYFILE:ADMIN  a reseller account (repeat for each)
//	-endpoint URL     send every request to a fake at URL, on loopback (default: Google); requests are not paced
//	-apply            apply the plan after printing it (default: dry run)
//	-json             print the plan as JSON instead of text
//	-passwords FILE   keep the initial passwords of created accounts in FILE (CSV account,person,initial_password, mode 0600);
//	                  required by -apply when accounts are created; in a dry run, read to list unknown passwords
//	-reset-unknown    with -apply and -passwords: give the accounts whose password is unknown a new one, kept in FILE
//	-ci-seats N       Cloud Identity Free seats of each reseller account, when the Reseller API does not list them
//	                  (default on the fake: the demo world's own seats of each account)
package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/examples/internal/cli"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

//go:embed team.example.json
var exampleTeam []byte

func main() { cli.Main("provision", run) }

type options struct {
	team         string
	creds        cli.Credentials
	apply        bool
	json         bool
	passwords    string
	resetUnknown bool
	ciSeats      int
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("provision", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.team, "team", "", "the desired team, a JSON `file` (access.Team)")
	o.creds.Register(fs, false)
	fs.BoolVar(&o.apply, "apply", false, "apply the plan (default: dry run)")
	fs.BoolVar(&o.json, "json", false, "print the plan as JSON")
	fs.StringVar(&o.passwords, "passwords", "", "keep initial passwords of created accounts in this `file` (CSV, 0600), durably before each account is created")
	fs.BoolVar(&o.resetUnknown, "reset-unknown", false, "give the team's accounts whose password is unknown a new one, kept in -passwords (needs -apply)")
	fs.IntVar(&o.ciSeats, "ci-seats", 0, "Cloud Identity Free seats of each reseller account (`N`), when the Reseller API does not list them (default on the fake: the demo world's own)")
	cli.Usage(fs, "plans, and with -apply applies, the setup of a team of staff accounts for the support portal (rules S1 to S7); a dry run by default",
		"go run ./examples/provision",
		"go run ./examples/provision -apply -passwords /tmp/initial.csv",
		"go run ./examples/provision -team team.json -account eu.json:admin@northwind-eu.example -account us.json:admin@northwind-us.example -ci-seats 50",
		"go run ./examples/provision -team team.json -account eu.json:admin@northwind-eu.example -ci-seats 50 -apply -passwords initial.csv")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case len(o.creds.Accounts) > 0 && o.team == "":
		return o, errors.New("-account needs -team: the example team is for the fake's demo world (see team.example.json for the shape)")
	case o.ciSeats < 0:
		return o, errors.New("-ci-seats is negative")
	case o.resetUnknown && (!o.apply || o.passwords == ""):
		return o, errors.New("-reset-unknown needs -apply and -passwords FILE: the new passwords are kept in FILE before they are set")
	}
	return o, o.creds.Check()
}

// run is the program, with its inputs and outputs passed in so a test can
// run it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	// The team file is read and checked before anything else.
	var team access.Team
	if o.team != "" {
		err = cli.ReadJSON("team", o.team, &team)
	} else {
		err = cli.DecodeJSON("the example team (team.example.json)", exampleTeam, &team)
	}
	if err != nil {
		return err
	}

	// The password file is checked before anything else, so a file that
	// cannot be written stops the run before its first write to Google.
	var keeper *passwordFile
	if o.passwords != "" {
		if keeper, err = openPasswordFile(o.passwords, o.apply); err != nil {
			return err
		}
		defer keeper.Close()
	}

	// The demo world without its cases: a setup reads none.
	env, err := o.creds.Open(demoworld.NewWithoutCases)
	if err != nil {
		return err
	}
	defer env.Close()
	env.DemoNotice(stderr, "provision")
	var b setupBuilder
	for _, r := range env.Resellers {
		conn, err := env.Dial(ctx, r.Key, r.Admin)
		if err != nil {
			return err
		}
		ciSeats := o.ciSeats
		if ciSeats == 0 && env.Embedded() {
			ciSeats = worldSeats(env.Fake.World(), r.Admin)
		}
		if err := b.add(conn, r.Admin, ciSeats, keeper); err != nil {
			return err
		}
	}
	s, err := b.session(env.Now)
	if err != nil {
		return err
	}
	s.keeper, s.o, s.stdout, s.stderr = keeper, o, stdout, stderr
	return s.provision(ctx, team)
}

// session is one run: the Setup, each reseller account's domains Service
// (in the Setup's order, which is its plans'), the password file and the
// outputs.
type session struct {
	setup  *access.Setup
	doms   []*domains.Service
	keeper *passwordFile // nil without -passwords
	o      options
	stdout io.Writer
	stderr io.Writer
}

// provision prints the plan, and applies it when asked.
func (s *session) provision(ctx context.Context, team access.Team) error {
	stdout, stderr := s.stdout, s.stderr
	plan, err := s.setup.Plan(ctx, team)
	if err != nil {
		return err
	}
	if s.o.json {
		err = plan.WriteJSON(stdout)
	} else {
		err = plan.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if !s.o.apply {
		if s.keeper != nil {
			unknown, err := s.unknownPasswords(ctx, plan)
			if err != nil {
				return err
			}
			s.reportUnknown(unknown, "-apply -reset-unknown")
		}
		if plan.Ready() {
			fmt.Fprintln(stderr, "provision: dry run; review the plan, then run again with -apply")
		}
		return nil
	}
	if !plan.Ready() {
		return errors.New("the plan cannot be applied: fix the problems it lists, then plan again")
	}
	if n := accountsToCreate(plan); n > 0 && s.keeper == nil {
		return fmt.Errorf("the plan creates %d account(s) and their initial passwords would be lost: run again with -passwords FILE (a new or earlier file, in a directory only you can read); nothing was written", n)
	}
	if s.keeper != nil {
		s.keeper.SetPeople(plan)
	}
	fmt.Fprintf(stdout, "\nApplying %d change(s)...\n", plan.Changes())
	report, err := s.setup.Apply(ctx, plan, &access.ApplyOptions{OnProgress: func(p access.ApplyProgress) {
		if p.Done == p.Total {
			fmt.Fprintf(stderr, "provision: %s %s: %d/%d done, %d failed\n", p.CustomerID, p.Kind, p.Done, p.Total, p.Failed)
		}
	}})
	if report != nil {
		for _, r := range report.Results {
			if r.Outcome == resellerkit.OutcomeUnchanged {
				continue
			}
			line := fmt.Sprintf("  %-9s %-10s %s", r.Outcome, r.Step.Kind, r.Step.Subject)
			if r.Err != nil {
				line += ": " + r.Err.Error()
			}
			fmt.Fprintln(stdout, line)
		}
		fmt.Fprintf(stdout, "Summary: %d created, %d updated, %d unchanged, %d failed.\n", report.Created, report.Updated, report.Unchanged, report.Failed)
		if perr := s.settlePasswords(report); perr != nil {
			err = errors.Join(err, perr)
		}
	}
	if err != nil {
		return err
	}
	again, err := s.setup.Plan(ctx, team)
	if err != nil {
		return err
	}
	if s.keeper != nil {
		unknown, err := s.unknownPasswords(ctx, again)
		if err != nil {
			return err
		}
		if s.o.resetUnknown {
			err = s.resetUnknown(ctx, unknown)
		} else {
			s.reportUnknown(unknown, "-reset-unknown")
		}
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "A new plan finds %d change(s) left: applying again changes nothing. Role changes can take up to 24 hours to apply at Google (P8).\n", again.Changes())
	return nil
}

// accountsToCreate counts the plan's account creations.
func accountsToCreate(p *access.Plan) int {
	n := 0
	for _, a := range p.Accounts {
		for _, st := range a.Steps {
			if st.Kind == access.StepAccount && st.Action == access.ActionCreate {
				n++
			}
		}
	}
	return n
}

// worldSeats returns the Cloud Identity Free seats the World gives the
// reseller account of admin: a reseller's own seats are on no API (Admin
// console › Billing), so on Google -ci-seats gives them, and on the fake
// they are read from the World as a reseller reads its own records.
func worldSeats(w *fake.World, admin string) int {
	_, domain, _ := strings.Cut(admin, "@")
	id, err := w.CustomerID(domain)
	if err != nil {
		return 0
	}
	for _, t := range w.Snapshot().Tenants {
		if t.CustomerID != id {
			continue
		}
		for _, k := range t.SKUs {
			if k.SKUID == string(licensing.SKUCloudIdentityFree) {
				return k.Seats
			}
		}
	}
	return 0
}

// setupBuilder collects the targets of a Setup.
type setupBuilder struct {
	targets []access.Target
	doms    []*domains.Service
}

// add makes the services of one reseller account. ciSeats > 0 adds that
// many Cloud Identity Free seats where the Reseller API lists none. The
// keeper, when set, is given every password before the write that sets it.
func (b *setupBuilder) add(conn *resellerkit.Conn, admin string, ciSeats int, keeper *passwordFile) error {
	seats := licensing.ResellerSeats(conn)
	if ciSeats > 0 {
		seats = licensing.SeatSources(seats, licensing.StaticSeats{licensing.SKUCloudIdentityFree: ciSeats})
	}
	var dopts []domains.Option
	if keeper != nil {
		dopts = append(dopts, domains.WithPasswordKeeper(keeper))
	}
	dirs, err := domains.New(conn, dopts...)
	if err != nil {
		return err
	}
	lic, err := licensing.New(conn, licensing.WithSeatSource(seats))
	if err != nil {
		return err
	}
	rs, err := roles.New(conn)
	if err != nil {
		return err
	}
	b.targets = append(b.targets, access.Target{Caller: admin, Domains: dirs, Roles: rs, Licensing: lic})
	b.doms = append(b.doms, dirs)
	return nil
}

func (b *setupBuilder) session(clock func() time.Time) (*session, error) {
	setup, err := access.NewSetup(b.targets, &access.SetupOptions{Clock: clock})
	if err != nil {
		return nil, err
	}
	return &session{setup: setup, doms: b.doms}, nil
}
