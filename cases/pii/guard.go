package pii

import (
	"errors"
	"fmt"
	"slices"
	"sync"
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
//
// The text is folded before matching (digits of any script and full-width
// forms become ASCII, Unicode spaces become spaces, zero-width and other
// format characters are ignored; the package documentation lists the
// rules), and the offsets of a Finding are byte offsets into text as given.
func Scan(text string) []Finding {
	return scan(foldText(text, encUTF8))
}

// scan runs the detectors over t's folded text and returns the findings
// with offsets into t's source.
func scan(t folded) []Finding {
	sc := scratchPool.Get().(*scratch)
	out := sc.a[:0]
	var bounds [len(detectors) + 1]int
	for i, d := range detectors {
		out = d(t.s, out)
		bounds[i+1] = len(out)
	}
	sorted, other := sortFindings(out, sc.b[:0], bounds[:])
	var res []Finding
	if sorted = slices.Compact(sorted); len(sorted) > 0 {
		res = slices.Clone(sorted)
		t.toSource(res)
	}
	t.release()
	if cap(sorted) <= maxScratch && cap(other) <= maxScratch {
		sc.a, sc.b = sorted[:0], other[:0]
		scratchPool.Put(sc)
	}
	return res
}

// scratch holds the buffers of a scan, reused so that a text with many
// findings costs one allocation of the result.
type scratch struct{ a, b []Finding }

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxScratch bounds the buffers kept for reuse (6 MiB each).
const maxScratch = 1 << 18

func compareFindings(a, b Finding) int {
	if a.Start != b.Start {
		return a.Start - b.Start
	}
	if a.Kind != b.Kind {
		return int(a.Kind) - int(b.Kind)
	}
	return a.End - b.End
}

// sortFindings sorts fs, made of runs fs[bounds[i]:bounds[i+1]] (one per
// detector, each sorted already but for a bug), by merging the runs: a
// text with a hundred thousand findings costs no more than reading it.
// It returns the sorted findings and the other buffer (buf, grown, or fs),
// both for reuse.
func sortFindings(fs, buf []Finding, bounds []int) (sorted, other []Finding) {
	var runs [][2]int
	for i := 0; i+1 < len(bounds); i++ {
		run := fs[bounds[i]:bounds[i+1]]
		if len(run) == 0 {
			continue
		}
		if !slices.IsSortedFunc(run, compareFindings) {
			slices.SortFunc(run, compareFindings)
		}
		runs = append(runs, [2]int{bounds[i], bounds[i+1]})
	}
	if len(runs) <= 1 {
		return fs, buf
	}
	buf = slices.Grow(buf[:0], len(fs))[:len(fs)]
	for len(runs) > 1 {
		merged := runs[:0]
		for i := 0; i < len(runs); i += 2 {
			if i+1 == len(runs) {
				copy(buf[runs[i][0]:runs[i][1]], fs[runs[i][0]:runs[i][1]])
				merged = append(merged, runs[i])
				continue
			}
			a, b := fs[runs[i][0]:runs[i][1]], fs[runs[i+1][0]:runs[i+1][1]]
			dst := buf[runs[i][0]:runs[i][0]]
			for len(a) > 0 && len(b) > 0 {
				if compareFindings(b[0], a[0]) < 0 {
					dst, b = append(dst, b[0]), b[1:]
				} else {
					dst, a = append(dst, a[0]), a[1:]
				}
			}
			dst = append(append(dst, a...), b...)
			merged = append(merged, [2]int{runs[i][0], runs[i+1][1]})
		}
		runs = merged
		fs, buf = buf, fs
	}
	return fs, buf
}

// detectors run in this order; each appends what it finds.
var detectors = [...]func(s string, out []Finding) []Finding{
	findEmails,
	findPhones,
	findDigitRuns, // payment cards, SSN, NIK, My Number, personnummer
	findWords,     // IBAN, UK NINO, French NIR, codice fiscale
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
