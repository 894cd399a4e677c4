package cases

import (
	"fmt"
	"time"
)

// Product is the product a case is about. Resellers file cases about Google
// Workspace (rule C2), the only product the portal offers them.
type Product string

// GoogleWorkspace is the product of a reseller's case.
const GoogleWorkspace Product = "Google Workspace"

// Severity is how hard the issue hits the customer. The portal's levels
// match the Cloud Support API's priorities one to one (S0 is P0, ... S4 is
// P4); the zero Severity is unset and a new case must choose one.
type Severity uint8

// Severities, most severe first.
const (
	S0 Severity = iota + 1 // extreme impact on a production service: the service is hard down
	S1                     // critical impact: the service is unusable
	S2                     // severe impact: usable but greatly impaired
	S3                     // medium impact: moderately impaired
	S4                     // general questions or minor issues
)

// Valid reports whether s is one of S0..S4.
func (s Severity) Valid() bool { return s >= S0 && s <= S4 }

// String returns "S0".."S4", or "unset".
func (s Severity) String() string {
	if s == 0 {
		return "unset"
	}
	if !s.Valid() {
		return fmt.Sprintf("severity(%d)", uint8(s))
	}
	return "S" + string(rune('0'+s-S0))
}

// MarshalText renders the severity as "S0".."S4".
func (s Severity) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("cases: cannot marshal invalid severity %d", uint8(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads "S0".."S4" (or the Cloud Support priorities "P0".."P4").
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads "S0".."S4", or the equivalent priority "P0".."P4".
func ParseSeverity(text string) (Severity, error) {
	if len(text) == 2 && (text[0] == 'S' || text[0] == 's' || text[0] == 'P' || text[0] == 'p') && text[1] >= '0' && text[1] <= '4' {
		return S0 + Severity(text[1]-'0'), nil
	}
	return 0, fmt.Errorf("cases: %q is not a severity; use S0 (service down) to S4 (question)", text)
}

// State is where a case stands. Google moves a case between the open
// states; the SDK's callers close it, and reopen it in the portal (rule
// C9).
type State uint8

// States of a case, as the Cloud Support API names them.
const (
	StateNew              State = iota + 1 // filed; nobody at Google works on it yet
	StateInProgress                        // Google support is working on it
	StateActionRequired                    // Google waits for an answer from the filer
	StateSolutionProvided                  // Google offered a solution; the case is not closed yet
	StateClosed                            // resolved; it may be reopened within [ReopenWindow] (rule C9)
)

var stateNames = [...]string{
	StateNew:              "new",
	StateInProgress:       "in progress",
	StateActionRequired:   "action required",
	StateSolutionProvided: "solution provided",
	StateClosed:           "closed",
}

// String returns the state in words.
func (s State) String() string {
	if s >= StateNew && s <= StateClosed {
		return stateNames[s]
	}
	return fmt.Sprintf("state(%d)", uint8(s))
}

// MarshalText renders the state in words.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads the words MarshalText writes ("closed"), so a Case in
// JSON reads back.
func (s *State) UnmarshalText(b []byte) error {
	for v := StateNew; v <= StateClosed; v++ {
		if string(b) == stateNames[v] {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("cases: %q is not a case state; use new, in progress, action required, solution provided or closed", b)
}

// Open reports whether the case is not closed.
func (s State) Open() bool { return s != StateClosed }

// Category is the case's issue category. The portal offers categories by
// keyword; the Cloud Support API calls them classifications and needs the ID
// (from caseClassifications.search). Names are hierarchical with " > ".
type Category struct {
	ID   string // the classification ID, when known
	Name string // e.g. "Technical Issue > Gmail > Mail delivery"
}

// Attachment describes a file attached to a case. Attachments can be added,
// never removed (rule C7).
type Attachment struct {
	ID          string
	Name        string // the file name
	ContentType string
	Size        int64 // bytes
	CreateTime  time.Time
	Creator     string // the account that attached it, when Google says
}

// NewAttachment is a file to attach. Text content (text/*, JSON, XML, CSV,
// or undeclared content that sniffs as text) is checked for personal data
// (rule C3) like the rest of the case.
type NewAttachment struct {
	Name        string
	ContentType string // "" lets the SDK sniff it
	Content     []byte
}

// Comment is one message of a case's history.
type Comment struct {
	ID         string
	Body       string
	Author     string // the account that wrote it, when Google says
	CreateTime time.Time
}

// EscalationReason is why a case is escalated (rule C8), as the Cloud
// Support API names the reasons.
type EscalationReason uint8

// Escalation reasons.
const (
	ResolutionTime     EscalationReason = iota + 1 // the case takes too long
	TechnicalExpertise                             // more expertise is needed
	BusinessImpact                                 // the business impact has grown
)

var reasonNames = [...]string{
	ResolutionTime:     "resolution time",
	TechnicalExpertise: "technical expertise",
	BusinessImpact:     "business impact",
}

// Valid reports whether r is one of the three reasons.
func (r EscalationReason) Valid() bool { return r >= ResolutionTime && r <= BusinessImpact }

// String returns the reason in words.
func (r EscalationReason) String() string {
	if r.Valid() {
		return reasonNames[r]
	}
	return fmt.Sprintf("reason(%d)", uint8(r))
}

// MarshalText renders the reason in words.
func (r EscalationReason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Escalation asks Google to raise a case's priority (rule C8).
type Escalation struct {
	Reason        EscalationReason
	Justification string // required; checked for personal data (rule C3)
}

// Case is a support case about one customer.
type Case struct {
	ID string // the case's resource name: "organizations/123/cases/456"
	// CustomerID is the customer the case is about. Visibility (rule C4)
	// goes by the reseller account's tenure at CreateTime, not by who filed
	// the case: a reseller also sees what the customer filed while it
	// managed the customer.
	CustomerID string
	Filer      string // the staff account that filed it (Google: the creator), when known
	Product    Product
	Category   Category
	Title      string
	// Description is as the filer wrote it. [Service.Create] ends the
	// description it sends with a deduplication tag, which Google keeps
	// and shows (in the portal, to Google support); the SDK removes that
	// exact trailing line when it reads a case.
	Description string
	Severity    Severity
	Language    string // BCP 47, canonical ("en", "pt-BR")
	TimeZone    string // IANA ("Europe/Rome")
	// SharedWith are the addresses (users or groups) that receive the case's
	// updates by email (rules C10, S6), in the order they were added.
	SharedWith []string
	State      State
	Escalated  bool
	CreateTime time.Time
	UpdateTime time.Time
	// ClosedTime is the latest close, zero for an open case. The reopen
	// window runs from it (rule C9). The Cloud Support API has no close
	// time: it is the last update of a closed case, which nothing changes
	// once closed (rule C7).
	ClosedTime time.Time
}

// ReopenDeadline returns the instant from which c can no longer be reopened
// (rule C9), and false if c is not closed.
func (c Case) ReopenDeadline() (time.Time, bool) {
	if c.State != StateClosed || c.ClosedTime.IsZero() {
		return time.Time{}, false
	}
	return c.ClosedTime.UTC().Add(ReopenWindow), true
}

// NewCase is what [Service.Create] files (rule C2). Every field but
// Attachments and SharedWith is required.
type NewCase struct {
	CustomerID  string
	Product     Product // must be GoogleWorkspace
	Category    Category
	Title       string
	Description string
	Severity    Severity
	Language    string // BCP 47 ("en", "it", "pt-BR")
	TimeZone    string // IANA ("Europe/Rome"; "UTC" is fine)
	Attachments []NewAttachment
	SharedWith  []string // users or groups to receive updates (rule C10)
}
