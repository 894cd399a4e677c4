package fake

import (
	"cmp"
	"slices"

	"github.com/resellerkit/resellerkit/cases"
)

// CaseSnapshot is one support case of the World with its history, as
// [World.CasesSnapshot] returns it: a deep copy that shares nothing with
// the World, so a test can keep it and compare it after more changes. The
// IDs of the case, its comments and attachments are their resource names,
// as the cases package reads them.
type CaseSnapshot struct {
	Case        cases.Case
	Comments    []cases.Comment          // oldest first
	Attachments []CaseAttachmentSnapshot // oldest first
}

// CaseAttachmentSnapshot is an attachment of a case with its content.
type CaseAttachmentSnapshot struct {
	Attachment cases.Attachment
	Content    []byte
}

// CasesSnapshot returns a deep copy of every case in the World, with its
// comments and attachments, ordered by case number (filing order). It is
// the cases' counterpart of [World.Snapshot], which holds the tenants.
// Listing lag (rule C11) does not apply: every case filed so far is there.
func (w *World) CasesSnapshot() []CaseSnapshot {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]CaseSnapshot, 0, len(w.cases.byID))
	for _, r := range w.cases.byID {
		s := CaseSnapshot{Case: r.snapshot(), Comments: slices.Clone(r.comments)}
		for i := range s.Comments {
			s.Comments[i].ID = s.Case.ID + "/comments/" + s.Comments[i].ID
		}
		for _, a := range r.attachments {
			at := a.meta
			at.ID = s.Case.ID + "/attachments/" + at.ID
			s.Attachments = append(s.Attachments, CaseAttachmentSnapshot{Attachment: at, Content: slices.Clone(a.content)})
		}
		out = append(out, s)
	}
	// Case numbers are decimal and issued in order: shorter is older.
	slices.SortFunc(out, func(a, b CaseSnapshot) int {
		x, y := caseNumber(a.Case.ID), caseNumber(b.Case.ID)
		return cmp.Or(cmp.Compare(len(x), len(y)), cmp.Compare(x, y))
	})
	return out
}
