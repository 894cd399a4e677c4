package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/examples/internal/cli"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/internal/atomicfile"
)

// driftFlags are the flags about change over time: keeping a snapshot,
// comparing two (-diff) and looking ahead at expiring grants (-expiring).
type driftFlags struct {
	snapshot string        // -snapshot, or the NEW file of -diff: read instead of gathering
	saveTo   string        // -save-snapshot
	diffOld  string        // -diff
	expiring time.Duration // -expiring
}

func (d *driftFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.snapshot, "snapshot", "", "read the snapshot from this `file` (written by -save-snapshot) instead of gathering")
	fs.StringVar(&d.saveTo, "save-snapshot", "", "write the gathered snapshot to this `file`, for a later -diff or -snapshot")
	fs.StringVar(&d.diffOld, "diff", "", "list what changed since the snapshot in this `file`: -diff OLD.json [NEW.json]; without NEW, against a fresh gather")
	fs.DurationVar(&d.expiring, "expiring", 0, "list the role assignments that end within this `duration` of the read (168h: a week), with the customers each takes away")
}

// parse parses args with fs, taking the NEW file of "-diff OLD NEW" from
// between the flags: flags may follow it.
func (d *driftFlags) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if d.diffOld != "" && fs.NArg() > 0 && !strings.HasPrefix(fs.Arg(0), "-") {
		if d.snapshot != "" {
			return errors.New("-diff OLD NEW reads NEW as the current snapshot; drop -snapshot")
		}
		d.snapshot = fs.Arg(0)
		return fs.Parse(fs.Args()[1:])
	}
	return nil
}

// check refuses combinations that make no sense.
func (d *driftFlags) check(o options) error {
	switch {
	case d.expiring < 0:
		return fmt.Errorf("-expiring %s: give a positive duration such as 168h", d.expiring)
	case d.diffOld != "" && d.expiring > 0:
		return errors.New("-diff and -expiring are separate reports; run one, then the other")
	case (d.diffOld != "" || d.expiring > 0) && o.format != "table" && o.format != "json":
		return fmt.Errorf("-format %q: -diff and -expiring print table or json", o.format)
	case (d.diffOld != "" || d.expiring > 0) && o.explain != "":
		return errors.New("-explain is about one read; drop it with -diff or -expiring")
	case d.snapshot != "" && len(o.creds.Accounts) > 0:
		return errors.New("-snapshot reads a saved snapshot; -account gathers one: give one of them")
	case d.snapshot != "" && d.saveTo != "":
		return errors.New("-save-snapshot saves what was gathered; with -snapshot nothing is")
	}
	return nil
}

// readSnapshot reads the -snapshot file, with the people of -people or,
// without it, of the demo world.
func (d *driftFlags) readSnapshot(o options) (*access.Snapshot, []access.Person, error) {
	s, err := readSnapshotFile(d.snapshot)
	if err != nil {
		return nil, nil, err
	}
	people, err := loadPeople(o)
	return s, people, err
}

func readSnapshotFile(name string) (*access.Snapshot, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := access.ReadSnapshot(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

func loadPeople(o options) ([]access.Person, error) {
	if o.people == "" {
		return demoworld.AccessPeople(), nil
	}
	var people []access.Person
	if err := cli.ReadJSON("people", o.people, &people); err != nil {
		return nil, err
	}
	for i, p := range people {
		if len(p.Accounts) == 0 {
			return nil, cli.FieldError("-people "+o.people, fmt.Sprintf("[%d].accounts", i), "%q lists no accounts; expected at least one staff account address", p.Name)
		}
	}
	return people, nil
}

// save writes the gathered snapshot to the -save-snapshot file, through a
// temporary file so a crash never leaves half a snapshot where yesterday's
// was.
func (d *driftFlags) save(s *access.Snapshot) error {
	if d.saveTo == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		return err
	}
	return atomicfile.Write(d.saveTo, buf.Bytes(), 0o644)
}

// run prints the -diff or -expiring report, and reports whether it did.
func (d *driftFlags) run(o options, snap *access.Snapshot, people []access.Person, out io.Writer) (bool, error) {
	opts := &access.DriftOptions{Profile: o.profile, People: people}
	switch {
	case d.diffOld != "":
		old, err := readSnapshotFile(d.diffOld)
		if err != nil {
			return true, err
		}
		evs, err := access.Diff(old, snap, opts)
		if err != nil {
			return true, err
		}
		if o.format == "json" {
			return true, writeJSON(out, diffJSON{Profile: o.profile, OldReadAt: old.ReadAt.UTC(), NewReadAt: snap.ReadAt.UTC(), Events: nonNil(evs)})
		}
		return true, diffTable(out, old, snap, o.profile, evs)
	case d.expiring > 0:
		gs, err := access.Expiring(snap, d.expiring, opts)
		if err != nil {
			return true, err
		}
		if o.format == "json" {
			return true, writeJSON(out, expiringJSON{Profile: o.profile, ReadAt: snap.ReadAt.UTC(), Within: d.expiring.String(), Grants: nonNil(gs)})
		}
		return true, expiringTable(out, snap, o.profile, d.expiring, gs)
	}
	return false, nil
}

type diffJSON struct {
	Profile   access.Profile `json:"profile"`
	OldReadAt time.Time      `json:"oldReadAt"`
	NewReadAt time.Time      `json:"newReadAt"`
	Events    []access.Event `json:"events"`
}

type expiringJSON struct {
	Profile access.Profile         `json:"profile"`
	ReadAt  time.Time              `json:"readAt"`
	Within  string                 `json:"within"`
	Grants  []access.ExpiringGrant `json:"grants"`
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

const stamp = "2006-01-02 15:04 MST"

func diffTable(out io.Writer, old, new *access.Snapshot, profile access.Profile, evs []access.Event) error {
	fmt.Fprintf(out, "Changes between %s and %s (%s); role changes can take up to 24 hours at Google (P8)\n\n",
		old.ReadAt.UTC().Format(stamp), new.ReadAt.UTC().Format(stamp), profile)
	if len(evs) == 0 {
		_, err := fmt.Fprintln(out, "No changes.")
		return err
	}
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprint(tw, "CHANGE\tWHO\tDOMAIN\tWHAT\n")
	for _, e := range evs {
		who, dom, what := eventText(e)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Kind, who, dom, what)
	}
	return tw.Flush()
}

func eventText(e access.Event) (who, domain, what string) {
	state := func(s *access.AccountState) string {
		if s == nil {
			return "-"
		}
		return s.String()
	}
	person := func(p, account string) string {
		if p == "" {
			return account
		}
		return p + " (" + account + ")"
	}
	switch {
	case e.Customer != nil:
		c := e.Customer
		what = c.ID + " " + c.Domain
		if c.FromResellerDomain != "" {
			what += ", from " + c.FromResellerDomain
		}
		return "", c.ResellerDomain, what
	case e.Account != nil:
		a := e.Account
		return person(a.Person, a.Account), a.Domain, state(a.From) + " -> " + state(a.To)
	case e.Assignment != nil:
		a := e.Assignment
		what = a.RoleName + " (assignment " + a.AssignmentID + ")"
		if a.ViaGroup != "" {
			what += " via " + a.ViaGroup
		}
		if !a.ExpireTime.IsZero() {
			what += ", expires " + a.ExpireTime.UTC().Format(stamp)
		}
		return person(a.Person, a.Account), a.Domain, what
	case e.Access != nil:
		a := e.Access
		return person(a.Person, a.Account), a.Domain, customerList(a.Customers)
	}
	return "", "", ""
}

func expiringTable(out io.Writer, s *access.Snapshot, profile access.Profile, within time.Duration, gs []access.ExpiringGrant) error {
	fmt.Fprintf(out, "Role assignments ending within %s of %s (%s, P4)\n\n", within, s.ReadAt.UTC().Format(stamp), profile)
	if len(gs) == 0 {
		_, err := fmt.Fprintln(out, "None.")
		return err
	}
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprint(tw, "ENDS\tWHO\tDOMAIN\tROLE\tLOSES\n")
	for _, g := range gs {
		who := g.Account
		if g.Person != "" {
			who = g.Person + " (" + g.Account + ")"
		}
		role := g.RoleName
		if g.ViaGroup != "" {
			role += " via " + g.ViaGroup
		}
		loses := "nothing (another grant keeps access, or there was none)"
		if len(g.Customers) > 0 {
			loses = customerList(g.Customers)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", g.ExpireTime.UTC().Format(stamp), who, g.Domain, role, loses)
	}
	return tw.Flush()
}

func customerList(ids []string) string {
	noun := "customers"
	if len(ids) == 1 {
		noun = "customer"
	}
	return fmt.Sprintf("%d %s: %s", len(ids), noun, strings.Join(ids, ", "))
}
