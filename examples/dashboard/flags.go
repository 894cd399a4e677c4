package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/licensing"
)

// seatList implements flag.Value for the repeated -seats SKU=N flag.
type seatList map[string]int

func (l *seatList) String() string {
	if l == nil || *l == nil {
		return ""
	}
	parts := make([]string, 0, len(*l))
	for k, v := range *l {
		parts = append(parts, fmt.Sprintf("%s=%d", k, v))
	}
	return strings.Join(parts, ",")
}

func (l *seatList) Set(v string) error {
	sku, n, ok := strings.Cut(v, "=")
	sku = strings.TrimSpace(sku)
	if !ok || sku == "" {
		return fmt.Errorf("want SKU=N, e.g. 1010010001=50; got %q", v)
	}
	seats, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || seats < 0 {
		return fmt.Errorf("%q: the seat count must be a whole number, 0 or more", v)
	}
	if *l == nil {
		*l = map[string]int{}
	}
	(*l)[sku] = seats
	return nil
}

// inputs are what the flags say that no Google API tells: read, and
// checked, before anything is served, and applied alike on Google and on
// the embedded fake (where they take precedence over the demo world's
// own records).
type inputs struct {
	plans    domains.PlanSource    // -plans; nil: none given
	people   []access.Person       // -people; nil: none given
	seats    licensing.StaticSeats // -seats; nil: none given
	cases    *casesConfig          // -cases; nil: none given
	orgUnit  string                // -staff-ou; "": the mode's default
	roleName string                // -role; "": the mode's default
}

// readInputs reads the files the flags name. A missing or bad file is an
// error naming the file, the field and what is expected there.
func readInputs(cfg config) (inputs, error) {
	in := inputs{orgUnit: cfg.orgUnit, roleName: cfg.roleName}
	if len(cfg.seats) > 0 {
		in.seats = licensing.StaticSeats{}
		for sku, n := range cfg.seats {
			in.seats[licensing.SKUID(sku)] = n
		}
	}
	var err error
	if cfg.plansFile != "" {
		if in.plans, err = readPlans(cfg.plansFile); err != nil {
			return in, err
		}
	}
	if cfg.peopleFile != "" {
		if in.people, err = readPeople(cfg.peopleFile); err != nil {
			return in, err
		}
	}
	if cfg.casesFile != "" {
		if in.cases, err = readCasesConfig(cfg.casesFile); err != nil {
			return in, err
		}
	}
	return in, nil
}

// apply puts the flags' inputs over a mode's defaults.
func (in inputs) apply(o *sdkOptions) {
	if in.plans != nil {
		o.plans = planChain{in.plans, o.plans}
	}
	if in.people != nil {
		o.people = in.people
	}
	if in.seats != nil {
		if o.seats != nil {
			o.seats = licensing.SeatSources(in.seats, o.seats)
		} else {
			o.seats = in.seats
		}
	}
	if in.cases != nil {
		o.cases = in.cases
	}
	if in.orgUnit != "" {
		o.orgUnit = in.orgUnit
	}
	if in.roleName != "" {
		name := in.roleName
		o.roleName = func(access.Profile) string { return name }
	}
}

// planChain asks each source in turn: the -plans file first, then the
// world's records, so a file may name a few customers only.
type planChain []domains.PlanSource

func (c planChain) SupportPlan(ctx context.Context, id, domain string) (domains.SupportPlan, error) {
	for _, s := range c {
		if s == nil {
			continue
		}
		p, err := s.SupportPlan(ctx, id, domain)
		if err != nil || p != domains.PlanUnknown {
			return p, err
		}
	}
	return domains.PlanUnknown, nil
}
