package cases

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/cases/pii"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Limits of a case's text, in characters (Unicode code points). Google
// documents 12,800 characters for a Cloud Support comment body; the SDK
// applies it to the description and to escalation justifications too. It
// documents no limit for titles, category names and file names: the SDK
// caps them at 255 so they stay what they are for.
const (
	MaxTitleLength         = 255
	MaxDescriptionLength   = 12800
	MaxCommentLength       = 12800
	MaxJustificationLength = 12800
	MaxNameLength          = 255 // category names and attachment file names
)

// checkText validates one required text field: present, valid UTF-8,
// within max characters, and without personal data the guard refuses.
func checkText(op, field, text string, max int, g pii.Guard) error {
	switch n := utf8.RuneCountInString(text); {
	case strings.TrimSpace(text) == "":
		return errs.Invalid(op, field, "is empty; it is required")
	case !utf8.ValidString(text):
		return errs.Invalid(op, field, "is not valid UTF-8")
	case n > max:
		return errs.Invalid(op, field, fmt.Sprintf("has %d characters; the limit is %d, so shorten it or attach the rest as a file", n, max))
	}
	return piiErr(op, g.Check(field, text))
}

// piiErr wraps a refusal of [pii.Guard.Check] (rule C3) in an invalid
// argument that errors.As finds both as the [*pii.Error] and, like every
// other invalid field, as a [*resellerkit.FieldError].
func piiErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if pe, ok := err.(*pii.Error); ok {
		err = &piiFieldError{pe: pe, fe: &resellerkit.FieldError{Field: pe.Field, Reason: pe.Reason()}}
	}
	return &resellerkit.Error{Kind: resellerkit.KindInvalidArgument, Op: op, Err: err}
}

// piiFieldError is a [*pii.Error] that also unwraps to the
// [*resellerkit.FieldError] naming its field; package pii imports no SDK
// package, so it cannot be one itself. The message is the pii.Error's.
type piiFieldError struct {
	pe *pii.Error
	fe *resellerkit.FieldError
}

func (e *piiFieldError) Error() string   { return e.pe.Error() }
func (e *piiFieldError) Unwrap() []error { return []error{e.pe, e.fe} }

// checkLanguage validates a BCP 47 tag and returns its canonical form.
func checkLanguage(op, field, tag string) (string, error) {
	if strings.TrimSpace(tag) == "" {
		return "", errs.Invalid(op, field, `is empty; give a BCP 47 language tag such as "en", "it" or "pt-BR"`)
	}
	t, err := language.Parse(tag)
	if err != nil || t == language.Und {
		return "", errs.Invalid(op, field, fmt.Sprintf(`%q is not a BCP 47 language tag; use one such as "en", "it" or "pt-BR"`, tag))
	}
	return t.String(), nil
}

// checkTimeZone validates an IANA time zone name.
func checkTimeZone(op, field, tz string) error {
	if strings.TrimSpace(tz) == "" {
		return errs.Invalid(op, field, `is empty; give an IANA time zone such as "Europe/Rome" or "UTC"`)
	}
	if tz == "Local" {
		return errs.Invalid(op, field, `"Local" names this machine's zone, not the filer's; give an IANA name such as "Europe/Rome"`)
	}
	if _, err := time.LoadLocation(tz); err != nil {
		return errs.Invalid(op, field, fmt.Sprintf(`%q is not an IANA time zone; use one such as "Europe/Rome", "America/New_York" or "UTC"`, tz))
	}
	return nil
}

// checkAddress validates one sharing address (a user or a group) and
// returns it lower-cased. The address is the caller's to share with, so it
// may be echoed.
func checkAddress(op, field, addr string) (string, error) {
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Name != "" || a.Address != strings.TrimSpace(addr) {
		return "", errs.Invalid(op, field, fmt.Sprintf("%q is not a plain email address; give one like support-team@example.com", addr))
	}
	at := strings.LastIndexByte(a.Address, '@')
	if at <= 0 || !strings.Contains(a.Address[at+1:], ".") {
		return "", errs.Invalid(op, field, fmt.Sprintf("%q has no domain with a dot; give a full address like support-team@example.com", addr))
	}
	return strings.ToLower(a.Address), nil
}

// checkAddresses validates a list of sharing addresses and returns them
// normalised, without duplicates, in order.
func checkAddresses(op, field string, addrs []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for i, a := range addrs {
		n, err := checkAddress(op, fmt.Sprintf("%s[%d]", field, i), a)
		if err != nil {
			return nil, err
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, nil
}

// checkAttachment validates a file to attach (rules C3, C7): a plain file
// name without personal data, content present, and text content without
// personal data.
func checkAttachment(op, field string, a NewAttachment, g pii.Guard) error {
	name := strings.TrimSpace(a.Name)
	switch {
	case name == "":
		return errs.Invalid(op, field+".Name", "is empty; give the file name")
	case !utf8.ValidString(a.Name):
		return errs.Invalid(op, field+".Name", "is not valid UTF-8")
	case strings.ContainsAny(a.Name, "/\\\x00"):
		return errs.Invalid(op, field+".Name", "contains a path separator or NUL; give the bare file name")
	case utf8.RuneCountInString(a.Name) > MaxNameLength:
		return errs.Invalid(op, field+".Name", fmt.Sprintf("is longer than %d characters", MaxNameLength))
	case len(a.Content) == 0:
		return errs.Invalid(op, field+".Content", "is empty; attach a file with content")
	}
	if err := piiErr(op, g.Check(field+".Name", a.Name)); err != nil {
		return err
	}
	// The content is scanned whenever it is text, whatever type the
	// attachment declares: a log saved as application/octet-stream is still
	// a log (pii.ScanContent sniffs it).
	return piiErr(op, g.CheckContent(field+".Content", a.Content, a.ContentType))
}

// validateNewCase checks every field of nc (rules C2, C3) and returns it
// normalised: canonical language, deduplicated sharing list.
func validateNewCase(op string, nc NewCase, g pii.Guard) (NewCase, error) {
	if strings.TrimSpace(nc.CustomerID) == "" {
		return nc, errs.Invalid(op, "NewCase.CustomerID", "is empty; give the customer's ID")
	}
	switch nc.Product {
	case GoogleWorkspace:
	case "":
		return nc, errs.Invalid(op, "NewCase.Product", "is empty; resellers file cases about cases.GoogleWorkspace")
	default:
		return nc, errs.Invalid(op, "NewCase.Product", fmt.Sprintf("%q is not offered to resellers; use cases.GoogleWorkspace", nc.Product))
	}
	if strings.TrimSpace(nc.Category.ID) == "" && strings.TrimSpace(nc.Category.Name) == "" {
		return nc, errs.Invalid(op, "NewCase.Category", "is empty; give the category's ID or name (for example \"Technical Issue > Gmail\")")
	}
	if nc.Category.Name != "" {
		if n := utf8.RuneCountInString(nc.Category.Name); n > MaxNameLength || !utf8.ValidString(nc.Category.Name) {
			return nc, errs.Invalid(op, "NewCase.Category.Name", fmt.Sprintf("must be valid UTF-8 of at most %d characters", MaxNameLength))
		}
	}
	if err := checkText(op, "NewCase.Title", nc.Title, MaxTitleLength, g); err != nil {
		return nc, err
	}
	if err := checkText(op, "NewCase.Description", nc.Description, MaxDescriptionLength, g); err != nil {
		return nc, err
	}
	if !nc.Severity.Valid() {
		return nc, errs.Invalid(op, "NewCase.Severity", fmt.Sprintf("is %s; choose S0 (service down) to S4 (question)", nc.Severity))
	}
	lang, err := checkLanguage(op, "NewCase.Language", nc.Language)
	if err != nil {
		return nc, err
	}
	nc.Language = lang
	if err := checkTimeZone(op, "NewCase.TimeZone", nc.TimeZone); err != nil {
		return nc, err
	}
	for i, a := range nc.Attachments {
		if err := checkAttachment(op, fmt.Sprintf("NewCase.Attachments[%d]", i), a, g); err != nil {
			return nc, err
		}
	}
	shared, err := checkAddresses(op, "NewCase.SharedWith", nc.SharedWith)
	if err != nil {
		return nc, err
	}
	nc.SharedWith = shared
	return nc, nil
}
