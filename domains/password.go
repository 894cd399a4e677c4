package domains

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"strings"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
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

// PasswordKeeper keeps initial passwords where they outlive the process
// (a file written with fsync and rename, a secret manager), so that a crash
// between Google's write and the caller saving its result leaves no account
// whose password nobody has. Give one with [WithPasswordKeeper]; without
// one, a password is only in the [AccountResult] or the return value of
// [Service.ResetPassword], which is not crash-safe.
//
// A kept password is pending until the result confirms it: the write may
// still fail, or meet an account someone else created, and the result then
// holds no password. For an account the call created (OutcomeCreated,
// after a lost answer too) the result's InitialPassword is the password the
// keeper got. After a crash, a kept password whose result never came may or
// may not be the account's: an account that exists, has never signed in
// ([Account.LastLoginTime] is zero) and still has
// [Account.ChangePasswordAtNextLogin] holds it unless another run created
// the account; [Service.ResetPassword] settles any doubt.
//
// [Service.EnsureAccounts] calls it from several goroutines at once: it
// must be safe for concurrent use. Its error must not hold the password.
type PasswordKeeper interface {
	// KeepPassword is called with the password an account is about to get,
	// before the write that gives it is sent (users.insert, or users.update
	// for a reset). The write is not sent unless it returns nil, and it
	// must not return before the password is durable.
	KeepPassword(ctx context.Context, email string, pw Password) error
}

// keepPassword hands pw to the Service's keeper, if it has one. Its error
// says that nothing was sent and what to do, with the password redacted
// should the keeper's own message hold it.
func (s *Service) keepPassword(ctx context.Context, op, email string, pw Password, what string) error {
	if s.cfg.keeper == nil {
		return nil
	}
	err := s.cfg.keeper.KeepPassword(ctx, email, pw)
	if err == nil {
		return nil
	}
	if msg := err.Error(); strings.Contains(msg, pw.Reveal()) {
		err = redactedError{msg: strings.ReplaceAll(msg, pw.Reveal(), redacted), err: err}
	}
	kind := resellerkit.KindOf(err)
	if kind == resellerkit.KindUnknown {
		kind = resellerkit.KindFailedPrecondition
	}
	return errs.Errorf(kind, op,
		"the PasswordKeeper did not keep the new password of %s, so %s was not sent and nothing changed: "+
			"fix what it reports (a full disk, a missing directory, the secret manager's permissions) and run again: %w",
		email, what, err)
}

// redactedError is a keeper's error whose message held the password: it
// prints the message redacted and unwraps to the original for errors.Is.
type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }
