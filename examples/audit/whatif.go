package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/resellerkit/resellerkit/access"
)

// whatIfFlags is -what-if FILE: the access a list of hypothetical changes
// would give and take, computed on the snapshot with no Google call.
type whatIfFlags struct {
	file string
}

func (w *whatIfFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&w.file, "what-if", "", "report who would gain or lose which customers after the changes in this JSON `file` "+
		`(a list such as [{"suspend": "ana.lima@northwind-eu.example"}, {"advance": "720h"}])`)
}

func (w *whatIfFlags) check(o options) error {
	switch {
	case w.file == "":
		return nil
	case o.drift.diffOld != "" || o.drift.expiring > 0:
		return errors.New("-what-if is a report of its own; drop -diff and -expiring")
	case o.format != "table" && o.format != "json":
		return fmt.Errorf("-format %q: -what-if prints table or json", o.format)
	case o.explain != "":
		return errors.New("-explain is about one read; drop it with -what-if")
	}
	return nil
}

// run prints the -what-if report, and reports whether it did.
func (w *whatIfFlags) run(o options, snap *access.Snapshot, people []access.Person, out io.Writer) (bool, error) {
	if w.file == "" {
		return false, nil
	}
	b, err := os.ReadFile(w.file)
	if err != nil {
		return true, err
	}
	changes, err := access.ParseChanges(b)
	if err != nil {
		return true, fmt.Errorf("-what-if %s: %w", w.file, err)
	}
	res, err := access.WhatIf(snap, changes, &access.DriftOptions{Profile: o.profile, People: people})
	if err != nil {
		return true, fmt.Errorf("-what-if %s: %w", w.file, err)
	}
	if o.format == "json" {
		return true, writeJSON(out, res)
	}
	return true, whatIfTable(out, res)
}

func whatIfTable(out io.Writer, res *access.WhatIfResult) error {
	fmt.Fprintf(out, "What if (%s), on the read of %s", res.Profile, res.ReadAt.UTC().Format(stamp))
	if !res.At.Equal(res.ReadAt) {
		fmt.Fprintf(out, ", judged at %s", res.At.UTC().Format(stamp))
	}
	fmt.Fprint(out, "\n\n")
	if len(res.People) == 0 {
		fmt.Fprintln(out, "Nobody gains or loses access.")
	} else {
		tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
		fmt.Fprint(tw, "PERSON\tCHANGE\tDOMAIN\tACCOUNT\tWHY\tCUSTOMERS\n")
		for _, p := range res.People {
			for _, d := range p.Lost {
				fmt.Fprintf(tw, "%s\tloses\t%s\t%s\t%s\t%s\n", p.ID, d.Domain, d.Account, why(d.After), customerList(d.Customers))
			}
			for _, d := range p.Gained {
				fmt.Fprintf(tw, "%s\tgains\t%s\t%s\t%s\t%s\n", p.ID, d.Domain, d.Account, why(d.After), customerList(d.Customers))
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(res.Events) > 0 {
		fmt.Fprintln(out, "\nChanges of facts:")
		tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
		for _, e := range res.Events {
			who, dom, what := eventText(e)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Kind, who, dom, what)
		}
		return tw.Flush()
	}
	return nil
}

// why summarises a decision after the changes: the rules that allow, or
// what the account lacks.
func why(d *access.Decision) string {
	if d == nil {
		return "account deleted"
	}
	if d.Allowed {
		var rules []string
		for _, r := range d.Reasons() {
			rules = append(rules, r.Path.Rule())
		}
		return "allowed " + strings.Join(rules, ",")
	}
	var miss []string
	for _, m := range d.Missing() {
		miss = append(miss, m.String())
	}
	return "denied: " + strings.Join(miss, ", ")
}
