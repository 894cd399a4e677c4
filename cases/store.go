package cases

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/resellerkit/resellerkit"
)

// Store keeps cases: the Cloud Support API ([New]), the fake's World
// (package fake), or a caller's own. It is page-level and holds no rules:
// visibility, validation, personal data, the reopen window and escalation
// eligibility are the [Service]'s, so a store cannot bypass them.
//
// Errors are [*resellerkit.Error]s; an unknown case ID is
// [resellerkit.KindNotFound]. Implementations must be safe for concurrent
// use.
type Store interface {
	// Create stores a new case and returns it with its ID, state
	// (StateNew) and times set. Attachments are added afterwards.
	Create(ctx context.Context, c Case) (Case, error)
	// Get returns the case with the given ID. A newly created case is
	// visible to Get at once (rule C11).
	Get(ctx context.Context, id string) (Case, error)
	// List returns one page of the cases that match q, in q.Order. A newly
	// created case may take a while to appear (rule C11).
	List(ctx context.Context, q Query, p resellerkit.PageRequest) (resellerkit.Page[Case], error)

	SetSeverity(ctx context.Context, id string, s Severity) (Case, error)
	// SetSharing replaces the case's sharing list.
	SetSharing(ctx context.Context, id string, addresses []string) (Case, error)
	Close(ctx context.Context, id string) (Case, error)
	// Reopen puts a closed case back in progress. A store whose backend
	// cannot reopen answers [resellerkit.KindUnsupported].
	Reopen(ctx context.Context, id string) (Case, error)
	Escalate(ctx context.Context, id string, e Escalation) (Case, error)

	AddComment(ctx context.Context, id string, c Comment) (Comment, error)
	ListComments(ctx context.Context, id string, p resellerkit.PageRequest) (resellerkit.Page[Comment], error)
	AddAttachment(ctx context.Context, id string, a NewAttachment) (Attachment, error)
	ListAttachments(ctx context.Context, id string, p resellerkit.PageRequest) (resellerkit.Page[Attachment], error)
}

// Query selects cases for [Store.List]. The [Service] builds it from the
// caller's [ListOptions] and the visibility rules.
type Query struct {
	// Scopes are the customers whose cases to list, each with the creation
	// windows that count; a case matches when its customer is in Scopes and
	// its CreateTime falls in one of the scope's Filed periods (or any time,
	// when Filed is empty). No scopes: nothing matches.
	Scopes []Scope
	// Keyword matches whole words, case-insensitively, in the title, the
	// description and the comments; several words must all match.
	Keyword    string
	Status     Status
	Severities []Severity // any of these; empty: all
	Order      Order
}

// Scope is one customer of a [Query] with its creation windows.
type Scope struct {
	CustomerID string
	Filed      []Period
}

// Covers reports whether a case of this scope's customer created at t is in
// the scope.
func (s Scope) Covers(t time.Time) bool {
	if len(s.Filed) == 0 {
		return true
	}
	for _, p := range s.Filed {
		if p.Contains(t) {
			return true
		}
	}
	return false
}

// Status filters cases by whether they are open (rule C6).
type Status uint8

// Status filters.
const (
	AnyStatus Status = iota // open and closed cases
	Open                    // every state but closed
	Closed                  // closed cases
)

// Matches reports whether a case in state st passes the filter.
func (s Status) Matches(st State) bool {
	switch s {
	case Open:
		return st != StateClosed
	case Closed:
		return st == StateClosed
	}
	return true
}

// String returns "any", "open" or "closed".
func (s Status) String() string {
	switch s {
	case Open:
		return "open"
	case Closed:
		return "closed"
	}
	return "any"
}

// Order is the order of a listing (rule C6).
type Order uint8

// Orders. The zero Order is the portal's default.
const (
	NewestUpdateFirst Order = iota // by last update, newest first
	OldestUpdateFirst              // by last update, oldest first
)

// Words splits text into the words a keyword search compares: maximal runs
// of Unicode letters and digits, lower-cased. Stores use it so that every
// store reads [Query.Keyword] the same way.
func Words(text string) []string {
	var out []string
	start := -1
	for i, r := range text {
		wordRune := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case wordRune && start < 0:
			start = i
		case !wordRune && start >= 0:
			out = append(out, strings.ToLower(text[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(text[start:]))
	}
	return out
}

// Matches reports whether c, whose comments have the given bodies, matches
// q: a reference for stores without indexes. Stores with indexes must agree
// with it.
func (q Query) Matches(c Case, comments []string) bool {
	if !q.Status.Matches(c.State) {
		return false
	}
	if len(q.Severities) > 0 && !slices.Contains(q.Severities, c.Severity) {
		return false
	}
	inScope := false
	for _, s := range q.Scopes {
		if s.CustomerID == c.CustomerID && s.Covers(c.CreateTime) {
			inScope = true
			break
		}
	}
	if !inScope {
		return false
	}
	want := Words(q.Keyword)
	if len(want) == 0 {
		return true
	}
	have := map[string]bool{}
	for _, text := range append([]string{c.Title, c.Description}, comments...) {
		for _, w := range Words(text) {
			have[w] = true
		}
	}
	for _, w := range want {
		if !have[w] {
			return false
		}
	}
	return true
}
