package pii

import (
	"errors"
	"fmt"
	"slices"
)

// Finding is one piece of personal data found in a text: its kind and where
// it lies, as byte offsets [Start, End) into the scanned text. A Finding
// never holds the value itself, so it can be logged.
type Finding struct {
	Kind       Kind
	Start, End int
}

// Scan returns every piece of personal data in text, ordered by Start, then
// by Kind. The same span may be reported under two kinds (a 12-digit number
// can be both a phone number and a My Number); allowing one kind does not
// allow the other.
func Scan(text string) []Finding {
	var out []Finding
	for _, d := range detectors {
		out = d(text, out)
	}
	slices.SortFunc(out, func(a, b Finding) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		return a.End - b.End
	})
	return slices.Compact(out)
}

// detectors run in this order; each appends what it finds.
var detectors = [...]func(s string, out []Finding) []Finding{
	findEmails,
	findPhones,
	findDigitRuns, // payment cards, SSN, NIK, My Number, personnummer
	findIBANs,
	findNINOs,
	findNIRs,
	findCodiciFiscali,
}

// Guard checks texts for personal data (rule C3). The zero Guard refuses
// every kind; [Allow] returns one that lets the named kinds through, for a
// caller that must send, say, a phone number on purpose.
type Guard struct {
	allowed uint32 // bit k set: kind k is allowed
}

// Allow returns a Guard that lets the given kinds through and refuses the
// others. Invalid kinds are ignored.
func Allow(kinds ...Kind) Guard {
	var g Guard
	for _, k := range kinds {
		if k.valid() {
			g.allowed |= 1 << k
		}
	}
	return g
}

// Allows reports whether g lets kind k through.
func (g Guard) Allows(k Kind) bool { return k.valid() && g.allowed&(1<<k) != 0 }

// Findings returns the findings in text whose kinds g does not allow.
func (g Guard) Findings(text string) []Finding {
	all := Scan(text)
	out := all[:0]
	for _, f := range all {
		if !g.Allows(f.Kind) {
			out = append(out, f)
		}
	}
	return out
}

// Check returns nil when text holds no personal data that g refuses, and
// otherwise an [*Error] for the first such finding, naming field (the Go
// field path, such as "Case.Description"), the kind and the position, never
// the value.
func (g Guard) Check(field, text string) error {
	for _, f := range Scan(text) {
		if !g.Allows(f.Kind) {
			return &Error{Field: field, Finding: f}
		}
	}
	return nil
}

// ErrFound is matched by every [*Error] under errors.Is. It is this
// package's only sentinel: a caller that maps errors to its own kinds (the
// cases package maps it to invalid argument) needs no other.
var ErrFound = errors.New("personal data found")

// Error reports personal data in a field: the field, and the [Finding] (kind
// and byte offsets into the field's text), never the value, so it is safe to
// log and to show. It matches [ErrFound] under errors.Is.
//
// The package imports only the standard library, so Error is not itself a
// field error of any SDK; a caller that reports invalid fields its own way
// builds one from [Error.Field] and [Error.Reason].
type Error struct {
	Field string // the Go field path, such as "Case.Description"
	Finding
}

// Reason says what is wrong and what to do, without the field name: the
// kind and the byte offsets, never the value.
func (e *Error) Reason() string {
	return fmt.Sprintf("contains what looks like %s (bytes %d to %d); support cases must not carry personal data, so remove it, or allow the kind explicitly if it must be sent",
		e.Kind.withArticle(), e.Start, e.End)
}

// Error names the field, the kind of data found and its position, never the
// value.
func (e *Error) Error() string { return e.Field + " " + e.Reason() }

// Is reports whether target is [ErrFound].
func (e *Error) Is(target error) bool { return target == ErrFound }
