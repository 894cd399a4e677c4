package fake

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit/cases"
)

// CaseSeed is a support case put straight into the World by
// [World.AddCases], with its history already written: for worlds with
// cases from the start (a dashboard's, a benchmark's million), where filing
// each through the Cloud Support API, as Google would, is too slow or too
// early.
type CaseSeed struct {
	// ID is the case number ("40000001"); "" issues the next one.
	ID       string `json:"id,omitempty"`
	Customer string `json:"customer"` // the customer's ID or primary domain
	// Filer is the creator's email ("" for none), as cases.create records
	// it; the case's creator account is the same unless Creator is given,
	// and the creator's display name is Filer unless FilerName is.
	Filer     string `json:"filer,omitempty"`
	Creator   string `json:"creator,omitempty"`
	FilerName string `json:"filerName,omitempty"`
	// Classification is a classification's ID or display name ("Technical
	// Issue > Gmail") from the fake's catalogue, which
	// caseClassifications.search serves.
	Classification string         `json:"classification"`
	Title          string         `json:"title"`
	Description    string         `json:"description"`
	Severity       cases.Severity `json:"severity"`           // "S0".."S4"
	Language       string         `json:"language,omitempty"` // BCP 47
	TimeZone       string         `json:"timeZone,omitempty"` // IANA
	SharedWith     []string       `json:"sharedWith,omitempty"`
	State          cases.State    `json:"state,omitzero"` // 0: new
	Escalated      bool           `json:"escalated,omitempty"`
	// Comments are the case's history, oldest first; a zero CreateTime is
	// the case's creation, an empty ID issues the next one.
	Comments []cases.Comment `json:"comments,omitempty"`
	// Attachments are the case's files, oldest first.
	Attachments []CaseAttachmentSeed `json:"attachments,omitempty"`
	// Created is when the case was filed (zero: the World's now), Updated
	// its last update (zero: Created, or the latest comment). A closed
	// case was closed at Updated.
	Created time.Time `json:"created,omitzero"`
	Updated time.Time `json:"updated,omitzero"`
}

// AddCases puts cases into the World, as if filed and worked on through
// the Cloud Support API, and returns their resource names
// ("projects/C03c00001/cases/40000001"), in order. Each is checked as
// cases.create checks a case (a customer of the World, a title, a
// description, a classification of the catalogue, a priority); the first
// error names the seed, and no case of the call is added then.
//
// Adding cases in order of their last update is fastest; each is indexed
// for search as it is added (a million take some seconds).
func (w *World) AddCases(seeds []CaseSeed) ([]string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	names, err := w.addCases(seeds)
	if err != nil {
		return nil, fmt.Errorf("fake: AddCases: %w", err)
	}
	return names, nil
}

// addCases is AddCases with w.mu held, for it and for a Seed's cases.
func (w *World) addCases(seeds []CaseSeed) ([]string, error) {
	recs := make([]cases.Case, len(seeds))
	for i, cs := range seeds {
		c, err := w.seedCase(cs)
		if err != nil {
			return nil, fmt.Errorf("seeds[%d] (%q): %w", i, cs.Title, err)
		}
		if id := seeds[i].ID; id != "" {
			if _, taken := w.cases.byID[id]; taken || slices.ContainsFunc(seeds[:i], func(o CaseSeed) bool { return o.ID == id }) {
				return nil, fmt.Errorf("seeds[%d] (%q): id %s: already used by another case", i, cs.Title, id)
			}
		}
		recs[i] = c
	}
	names := make([]string, len(seeds))
	for i, c := range recs {
		cs := &seeds[i]
		for cs.ID == "" && w.cases.byID[strconv.FormatInt(firstCaseNumber+w.cases.next+1, 10)] != nil {
			w.cases.next++ // skip a number a seed gave another case
		}
		r := w.cases.insert(c, cmp.Or(cs.Creator, c.Filer), cmp.Or(cs.FilerName, c.Filer))
		if cs.ID != "" && cs.ID != r.c.ID {
			delete(w.cases.byID, r.c.ID)
			r.c.ID = cs.ID
			w.cases.byID[cs.ID] = r
		}
		for _, cm := range cs.Comments {
			if cm.ID == "" {
				cm.ID = w.cases.nextItemID()
			}
			if cm.CreateTime.IsZero() {
				cm.CreateTime = c.CreateTime
			}
			r.comments = append(r.comments, cm)
			w.cases.index(r, cm.Body)
		}
		w.seedAttachments(r, cs.Attachments)
		names[i] = caseResource(r.c)
	}
	return names, nil
}

// seedCase checks a seed and returns its case, with w.mu held.
func (w *World) seedCase(cs CaseSeed) (cases.Case, error) {
	t := w.tenantByKey(cs.Customer)
	if t == nil || t.cust == nil {
		return cases.Case{}, fmt.Errorf("customer %q is not a reseller customer of the World", cs.Customer)
	}
	cl, ok := classificationOf(cases.Category{ID: cs.Classification})
	if !ok {
		cl, ok = classificationOf(cases.Category{Name: cs.Classification})
	}
	switch {
	case !ok:
		return cases.Case{}, fmt.Errorf("classification %q is neither an ID nor a name of the fake's catalogue", cs.Classification)
	case strings.TrimSpace(cs.Title) == "" || strings.TrimSpace(cs.Description) == "":
		return cases.Case{}, fmt.Errorf("a case needs a title and a description")
	case !cs.Severity.Valid():
		return cases.Case{}, fmt.Errorf("severity %v: give S0 to S4", cs.Severity)
	case cs.State > cases.StateClosed:
		return cases.Case{}, fmt.Errorf("state %v is not a case state", cs.State)
	}
	c := cases.Case{CustomerID: t.id, Filer: normEmail(cs.Filer), Product: cases.GoogleWorkspace, Category: cl,
		Title: cs.Title, Description: cs.Description, Severity: cs.Severity, Language: cs.Language, TimeZone: cs.TimeZone,
		SharedWith: cs.SharedWith, State: cs.State, Escalated: cs.Escalated, CreateTime: cs.Created.UTC(), UpdateTime: cs.Updated.UTC()}
	if c.State == 0 {
		c.State = cases.StateNew
	}
	if cs.Created.IsZero() {
		c.CreateTime = w.now
	}
	if cs.Updated.IsZero() {
		c.UpdateTime = c.CreateTime
		for _, cm := range cs.Comments {
			if cm.CreateTime.After(c.UpdateTime) {
				c.UpdateTime = cm.CreateTime.UTC()
			}
		}
	}
	if c.UpdateTime.Before(c.CreateTime) {
		return cases.Case{}, fmt.Errorf("updated %v is before created %v", c.UpdateTime, c.CreateTime)
	}
	if c.State == cases.StateClosed {
		c.ClosedTime = c.UpdateTime
	}
	return c, nil
}
