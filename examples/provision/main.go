// Command provision plans, and on request applies, the setup of a team of
// staff accounts for the support portal (rules S1 to S7): per reseller
// account, the preflight checks, the manual steps, the org unit, an account
// per person and domain, their Cloud Identity Free licenses, the portal role
// and its assignments. It is a dry run unless -apply is given.
//
// The team is a JSON file in the shape of access.Team (see
// team.example.json). Without -account it runs on package fake's demo world
// with that example team:
//
//	go run ./examples/provision
//	go run ./examples/provision -apply
//	go run ./examples/provision -team my-team.json -json
//
// Against Google, one -account per reseller account: a service-account key
// with domain-wide delegation and the super admin it impersonates (rule S1:
// setup is done by a super admin, never a consumer account):
//
//	go run ./examples/provision -team team.json -account key.json:admin@reseller.example -ci-seats 50
//	go run ./examples/provision -team team.json -account key.json:admin@reseller.example -ci-seats 50 -apply -passwords initial.csv
//
// Flags:
//
//	-team FILE        the desired team (default: the example team, on the fake only)
//	-account KEYFILE:ADMIN  a reseller account (repeat for each)
//	-apply            apply the plan after printing it (default: dry run)
//	-json             print the plan as JSON instead of text
//	-passwords FILE   write the initial passwords of created accounts to FILE (CSV, mode 0600)
//	-ci-seats N       Cloud Identity Free seats of each reseller account, when the Reseller API does not list them
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

//go:embed team.example.json
var exampleTeam []byte

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "provision:", err)
		}
		os.Exit(2)
	}
}

type options struct {
	team      string
	accounts  accountList
	apply     bool
	json      bool
	passwords string
	ciSeats   int
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("provision", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.team, "team", "", "the desired team, a JSON `file` (access.Team)")
	fs.Var(&o.accounts, "account", "a reseller account: `KEYFILE:ADMIN` (repeat for each)")
	fs.BoolVar(&o.apply, "apply", false, "apply the plan (default: dry run)")
	fs.BoolVar(&o.json, "json", false, "print the plan as JSON")
	fs.StringVar(&o.passwords, "passwords", "", "write initial passwords of created accounts to this `file` (CSV, 0600)")
	fs.IntVar(&o.ciSeats, "ci-seats", 0, "Cloud Identity Free seats of each reseller account (`N`), when the Reseller API does not list them")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case len(o.accounts) > 0 && o.team == "":
		return o, errors.New("-account needs -team: the example team is for the fake's demo world")
	case o.ciSeats < 0:
		return o, errors.New("-ci-seats is negative")
	case o.passwords != "" && !o.apply:
		return o, errors.New("-passwords needs -apply: a dry run creates no account")
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
	raw := exampleTeam
	if o.team != "" {
		if raw, err = os.ReadFile(o.team); err != nil {
			return err
		}
	}
	var team access.Team
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&team); err != nil {
		return fmt.Errorf("the team file: %w", err)
	}

	var setup *access.Setup
	if len(o.accounts) == 0 {
		srv, err := startFake()
		if err != nil {
			return err
		}
		defer srv.Close()
		fmt.Fprintf(stderr, "provision: no -account: using the fake's demo world at %s\n", srv.URL())
		if setup, err = fakeSetup(ctx, srv); err != nil {
			return err
		}
	} else if setup, err = googleSetup(ctx, o); err != nil {
		return err
	}
	return provision(ctx, setup, team, o, stdout, stderr)
}

// provision prints the plan, and applies it when asked.
func provision(ctx context.Context, setup *access.Setup, team access.Team, o options, stdout, stderr io.Writer) error {
	plan, err := setup.Plan(ctx, team)
	if err != nil {
		return err
	}
	if o.json {
		err = plan.WriteJSON(stdout)
	} else {
		err = plan.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if !o.apply {
		if plan.Ready() {
			fmt.Fprintln(stderr, "provision: dry run; review the plan, then run again with -apply")
		}
		return nil
	}
	if !plan.Ready() {
		return errors.New("the plan cannot be applied: fix the problems it lists, then plan again")
	}
	fmt.Fprintf(stdout, "\nApplying %d change(s)...\n", plan.Changes())
	report, err := setup.Apply(ctx, plan, &access.ApplyOptions{OnProgress: func(p access.ApplyProgress) {
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
		if perr := savePasswords(report, o.passwords, stdout); perr != nil && err == nil {
			err = perr
		}
	}
	if err != nil {
		return err
	}
	again, err := setup.Plan(ctx, team)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "A new plan finds %d change(s) left: applying again changes nothing. Role changes can take up to 24 hours to apply at Google (P8).\n", again.Changes())
	return nil
}

// savePasswords writes the created accounts' initial passwords to file, or
// says they were not kept. They are never printed.
func savePasswords(report *access.ApplyReport, file string, stdout io.Writer) error {
	var rows [][]string
	for _, r := range report.Results {
		if r.Step.Kind == access.StepAccount && !r.InitialPassword.IsZero() {
			rows = append(rows, []string{r.Step.Subject, r.Step.Person, r.InitialPassword.Reveal()})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if file == "" {
		fmt.Fprintf(stdout, "%d account(s) were created; their initial passwords were not kept (use -passwords FILE): reset them in the Admin console.\n", len(rows))
		return nil
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("-passwords: %w", err)
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"account", "person", "initial_password"})
	_ = w.WriteAll(rows)
	if err := errors.Join(w.Error(), f.Close()); err != nil {
		return fmt.Errorf("-passwords: %w", err)
	}
	fmt.Fprintf(stdout, "The initial passwords of %d account(s) are in %s: give each to its person through a secure channel.\n", len(rows), file)
	return nil
}

func startFake() (*fake.Server, error) {
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		return nil, err
	}
	return fake.NewServer(w)
}

// fakeSetup impersonates each demo reseller account's super admin with a
// service account the fake issued: the same path as on Google.
func fakeSetup(ctx context.Context, srv *fake.Server) (*access.Setup, error) {
	w := srv.World()
	key, err := w.NewServiceAccountJSON(srv.TokenURL())
	if err != nil {
		return nil, err
	}
	var targets []access.Target
	for _, ra := range w.ResellerAccounts() {
		conn, err := resellerkit.Dial(ctx, resellerkit.WithServiceAccountJSON(key), resellerkit.WithSubject(ra.SuperAdmin),
			resellerkit.WithEndpoint(srv.URL()), resellerkit.WithPacing(resellerkit.Pacing{}), resellerkit.WithClock(w.Now))
		if err != nil {
			return nil, err
		}
		dirs, err := domains.New(conn)
		if err != nil {
			return nil, err
		}
		// The demo reseller accounts' own Cloud Identity Free seats: no API
		// reports them (Admin console › Billing), as on Google.
		lic, err := licensing.New(conn, licensing.WithSeatSource(licensing.SeatSources(licensing.ResellerSeats(conn),
			licensing.StaticSeats{licensing.SKUCloudIdentityFree: 50})))
		if err != nil {
			return nil, err
		}
		rs, err := roles.New(conn)
		if err != nil {
			return nil, err
		}
		targets = append(targets, access.Target{Caller: ra.SuperAdmin,
			Domains:   dirs,
			Roles:     rs,
			Licensing: lic,
		})
	}
	return access.NewSetup(targets, &access.SetupOptions{Clock: w.Now})
}

func googleSetup(ctx context.Context, o options) (*access.Setup, error) {
	var targets []access.Target
	for _, a := range o.accounts {
		key, err := os.ReadFile(a.keyFile)
		if err != nil {
			return nil, fmt.Errorf("-account %s: %w", a.keyFile, err)
		}
		conn, err := resellerkit.Dial(ctx, resellerkit.WithServiceAccountJSON(key), resellerkit.WithSubject(a.admin))
		if err != nil {
			return nil, err
		}
		seats := licensing.ResellerSeats(conn)
		if o.ciSeats > 0 {
			seats = licensing.SeatSources(seats, licensing.StaticSeats{licensing.SKUCloudIdentityFree: o.ciSeats})
		}
		dirs, err := domains.New(conn)
		if err != nil {
			return nil, err
		}
		lic, err := licensing.New(conn, licensing.WithSeatSource(seats))
		if err != nil {
			return nil, err
		}
		rs, err := roles.New(conn)
		if err != nil {
			return nil, err
		}
		targets = append(targets, access.Target{Caller: a.admin,
			Domains:   dirs,
			Roles:     rs,
			Licensing: lic,
		})
	}
	return access.NewSetup(targets, &access.SetupOptions{Clock: time.Now})
}

// accountFlag is one -account KEYFILE:ADMIN.
type accountFlag struct{ keyFile, admin string }

// accountList implements flag.Value for the repeated -account flag.
type accountList []accountFlag

func (l *accountList) String() string {
	if l == nil {
		return ""
	}
	var parts []string
	for _, a := range *l {
		parts = append(parts, a.keyFile+":"+a.admin)
	}
	return strings.Join(parts, " ")
}

// Set splits at the last colon, so a key file path may hold colons; an
// email address never does.
func (l *accountList) Set(v string) error {
	i := strings.LastIndex(v, ":")
	if i <= 0 || !strings.Contains(v[i+1:], "@") {
		return fmt.Errorf("want KEYFILE:ADMIN (a service-account key and the super admin to impersonate), got %q", v)
	}
	*l = append(*l, accountFlag{keyFile: strings.TrimSpace(v[:i]), admin: strings.TrimSpace(v[i+1:])})
	return nil
}
