package access

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Markers of the readable plan: what holds, what will be created, what will
// change, what cannot be done.
const (
	markHolds   = "="
	markCreate  = "+"
	markUpdate  = "~"
	markBlocked = "!"
)

// String renders the plan as [Plan.WriteText] does.
func (p *Plan) String() string {
	var b strings.Builder
	_ = p.WriteText(&b)
	return b.String()
}

// WriteText writes the plan for people to review: per reseller account,
// the preflight checks, the manual steps, and each step marked "=" (already
// holds), "+" (will be created), "~" (will change) or "!" (blocked, with
// why). It ends with the problems that keep the plan from applying, if any.
func (p *Plan) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	team := p.Team
	role := team.RoleName
	if team.UseResellerAdmin {
		role = "Reseller Admin (pre-built)"
	}
	ew.printf("Setup plan (dry run) made %s\n", formatTime(p.MadeAt))
	ew.printf("Profile: %s; org unit: %s; role: %s; case alerts: %s; %d people\n",
		ProfileName(team.Profile, englishTag), team.OrgUnit, role, team.Alerts, len(team.People))
	for _, c := range p.Issues {
		writeCheck(ew, "", c)
	}
	for _, a := range p.Accounts {
		ew.printf("\nReseller account %s (%s), acting as %s\n", a.label(0), strings.Join(a.Domains, ", "), a.Caller)
		ew.printf("  Checks:\n")
		for _, c := range a.Checks {
			writeCheck(ew, "    ", c)
		}
		if len(a.Manual) > 0 {
			ew.printf("  Manual steps (no API does them):\n")
			for _, m := range a.Manual {
				ew.printf("    - [%s] %s\n", m.Rule, m.Text)
				for _, acct := range m.Accounts {
					ew.printf("        %s\n", acct)
				}
			}
		}
		if len(a.Steps) > 0 {
			ew.printf("  Steps:\n")
		}
		for _, s := range a.Steps {
			mark := markHolds
			switch {
			case s.Blocked != "":
				mark = markBlocked
			case s.Action == ActionCreate:
				mark = markCreate
			case s.Action == ActionUpdate:
				mark = markUpdate
			}
			detail := s.Detail
			if s.Blocked != "" {
				detail = "BLOCKED: " + s.Blocked
			}
			ew.printf("    %s [%s] %-10s %s: %s\n", mark, s.Rule, s.Kind, s.Subject, detail)
		}
	}
	for _, n := range p.Notes {
		ew.printf("\nNote: %s", n)
	}
	if len(p.Notes) > 0 {
		ew.printf("\n")
	}
	ew.printf("\n%d change(s) to apply.", p.Changes())
	if probs := p.Problems(); len(probs) > 0 {
		ew.printf(" The plan cannot be applied until these are fixed:\n")
		for _, pr := range probs {
			ew.printf("  - %s\n", pr)
		}
	} else {
		ew.printf(" Legend: = holds, + create, ~ change, ! blocked.\n")
	}
	return ew.err
}

func writeCheck(ew *errWriter, indent string, c Check) {
	mark := "ok"
	switch {
	case !c.OK && c.Blocking:
		mark = "FAIL"
	case !c.OK:
		mark = "warn"
	}
	ew.printf("%s[%s] %s %s", indent, mark, c.Rule, c.Name)
	if c.Detail != "" {
		ew.printf(": %s", c.Detail)
	}
	ew.printf("\n")
	if !c.OK && c.Fix != "" {
		ew.printf("%s       fix: %s\n", indent, c.Fix)
	}
}

// WriteJSON writes the plan as indented JSON.
func (p *Plan) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
