package domains

import (
	"crypto/rand"
	"fmt"
	"log/slog"
	"strings"
)

// Password is a secret that refuses to be printed: fmt verbs, slog and
// encoding/json all render it as "[redacted]", so a result logged by
// mistake does not leak it. [Password.Reveal] returns the value.
type Password struct {
	s string
}

const redacted = "[redacted]"

// Reveal returns the password itself.
func (p Password) Reveal() string { return p.s }

// IsZero reports whether p holds no password.
func (p Password) IsZero() bool { return p.s == "" }

// String returns "[redacted]", or "" for a zero Password.
func (p Password) String() string {
	if p.s == "" {
		return ""
	}
	return redacted
}

// GoString returns the same as String, so %#v does not leak either.
func (p Password) GoString() string { return "domains.Password(" + p.String() + ")" }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (p Password) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, p.GoString())
		return
	}
	fmt.Fprint(f, p.String())
}

// LogValue implements slog.LogValuer.
func (p Password) LogValue() slog.Value { return slog.StringValue(p.String()) }

// MarshalText implements encoding.TextMarshaler with the redacted form, so
// JSON reports of results never hold the secret.
func (p Password) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// passwordLength is within Google's 8 to 100 characters, long enough that
// guessing is hopeless before the person replaces it.
const passwordLength = 20

// Character classes of generated passwords. Look-alike characters (I, l, 1,
// O, 0) are left out, since people retype these passwords.
const (
	lowerChars  = "abcdefghijkmnopqrstuvwxyz"
	upperChars  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	digitChars  = "23456789"
	symbolChars = "!#%+-=?@^_"
	allChars    = lowerChars + upperChars + digitChars + symbolChars
)

// NewPassword returns a random initial password from crypto/rand: 20
// characters holding lower- and upper-case letters, digits and symbols, so
// it meets Google's length rule (8 to 100) and the strong-password policy
// an administrator may have turned on.
func NewPassword() Password {
	for {
		b := make([]byte, passwordLength)
		for i := range b {
			b[i] = allChars[randIndex(len(allChars))]
		}
		s := string(b)
		if strings.ContainsAny(s, lowerChars) && strings.ContainsAny(s, upperChars) &&
			strings.ContainsAny(s, digitChars) && strings.ContainsAny(s, symbolChars) {
			return Password{s: s}
		}
	}
}

// randIndex returns a uniform random index below n (n < 256) by rejection
// sampling, so no character is more likely than another.
func randIndex(n int) int {
	limit := 256 - 256%n
	var b [1]byte
	for {
		_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (it aborts the program instead)
		if int(b[0]) < limit {
			return int(b[0]) % n
		}
	}
}
