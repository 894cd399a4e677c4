package domains

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/resellerkit/resellerkit/internal/errs"
)

// idnaProfile maps a domain name for lookup (RFC 5891 §5, UTS #46 without
// transitional mapping): case folding, width and compatibility mapping,
// label validation, the Bidi rule, and conversion to A-labels ("xn--...").
// Length checks are done separately, after the trailing dot is removed.
var idnaProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.Transitional(false),
)

// Limits of DNS names (RFC 1035) and of email local parts (RFC 5321).
const (
	maxDomainLen = 253
	maxLabelLen  = 63
	maxLocalLen  = 64
)

// NormalizeDomain returns the canonical form of a domain name, the form in
// which this package compares and stores domains (rule D3): surrounding
// spaces trimmed, case folded, one trailing dot removed, internationalized
// labels converted to ASCII (IDNA, "bücher.example" becomes
// "xn--bcher-kva.example"). The result is lower-case ASCII, and normalising
// it again gives it back unchanged, without allocating, so callers may use
// NormalizeDomain(d) == d as the test of a name in normal form, on hot
// paths too. It is the module's one definition of rule D3's domain form:
// other packages compare domains through it rather than a copy.
//
// A name that is not a usable domain of at least two labels (empty, a label
// too long, characters a host name cannot hold, an all-numeric top-level
// label as in an IP address) is an error of [resellerkit.KindInvalidArgument]
// whose [*resellerkit.FieldError] names the field "domain".
func NormalizeDomain(domain string) (string, error) {
	return normalizeDomain("domains.NormalizeDomain", "domain", domain)
}

func normalizeDomain(op, field, domain string) (string, error) {
	if canonicalASCII(domain) {
		return domain, nil
	}
	return normalizeDomainSlow(op, field, domain)
}

// canonicalASCII reports whether s is already what normalizeDomainSlow
// would return for it: lower-case letters, digits and hyphens in 2 or more
// labels of 1 to 63 bytes, no hyphen at a label's ends or in its third and
// fourth places (which IDNA reserves, "xn--" included), a top-level label
// that is not all digits, at most 253 bytes. Most names are, and skipping
// the IDNA machinery for them makes comparisons cheap.
func canonicalASCII(s string) bool {
	if len(s) == 0 || len(s) > maxDomainLen {
		return false
	}
	labels, start, digitsOnly := 0, 0, true
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			c := s[i]
			switch {
			case c >= 'a' && c <= 'z' || c == '-':
				digitsOnly = false
			case c >= '0' && c <= '9':
			default:
				return false
			}
			continue
		}
		l := s[start:i]
		if len(l) == 0 || len(l) > maxLabelLen || l[0] == '-' || l[len(l)-1] == '-' ||
			(len(l) >= 4 && l[2] == '-' && l[3] == '-') {
			return false
		}
		labels++
		if i == len(s) && digitsOnly {
			return false
		}
		start, digitsOnly = i+1, true
	}
	return labels >= 2
}

func normalizeDomainSlow(op, field, domain string) (string, error) {
	s := strings.TrimSpace(domain)
	if s == "" {
		return "", errs.Invalid(op, field, "is empty; give a domain name such as reseller.example")
	}
	if !utf8.ValidString(s) {
		return "", errs.Invalid(op, field, "is not valid UTF-8")
	}
	a, err := idnaProfile.ToASCII(s)
	if err != nil {
		return "", errs.Invalid(op, field, quote(s)+" is not a valid domain name ("+err.Error()+")")
	}
	a = strings.TrimSuffix(a, ".")
	a = strings.ToLower(a) // ToASCII lower-cases already; this keeps the promise explicit
	if a == "" {
		return "", errs.Invalid(op, field, quote(s)+" has no labels; give a domain name such as reseller.example")
	}
	if len(a) > maxDomainLen {
		return "", errs.Invalid(op, field, quote(s)+" is longer than 253 characters")
	}
	labels := strings.Split(a, ".")
	if len(labels) < 2 {
		return "", errs.Invalid(op, field, quote(s)+" has a single label; give a full domain name such as reseller.example")
	}
	for _, l := range labels {
		switch {
		case l == "":
			return "", errs.Invalid(op, field, quote(s)+" has an empty label (two dots in a row, or a leading dot)")
		case len(l) > maxLabelLen:
			return "", errs.Invalid(op, field, quote(s)+" has a label longer than 63 characters")
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", errs.Invalid(op, field, quote(s)+" holds a character a host name cannot hold")
			}
		}
	}
	if allDigits(labels[len(labels)-1]) {
		return "", errs.Invalid(op, field, quote(s)+" looks like an IP address; give a domain name")
	}
	return a, nil
}

// NormalizeEmail returns the canonical form of an email address (rule D3):
// surrounding spaces trimmed, the domain (the part after the LAST "@")
// normalised by [NormalizeDomain], and the local part lower-cased, as Google
// treats addresses of its accounts case-insensitively. The result is
// lower-case ASCII; normalising it again gives it back unchanged.
//
// The local part must be non-empty printable ASCII without spaces, at most
// 64 bytes. Because the domain starts after the last "@", a quoted local
// part that holds an "@" (`"a@b"@example.com`) keeps it. Display-name forms
// ("Ana <ana@example.com>") are rejected: pass the bare address.
//
// Invalid input is an error of [resellerkit.KindInvalidArgument] whose
// [*resellerkit.FieldError] names the field "email".
func NormalizeEmail(email string) (string, error) {
	return normalizeEmail("domains.NormalizeEmail", "email", email)
}

func normalizeEmail(op, field, email string) (string, error) {
	s := strings.TrimSpace(email)
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", errs.Invalid(op, field, quote(s)+" has no @; give an address such as ana@reseller.example")
	}
	local, domain := s[:at], s[at+1:]
	if local == "" {
		return "", errs.Invalid(op, field, quote(s)+" has nothing before the @")
	}
	if len(local) > maxLocalLen {
		return "", errs.Invalid(op, field, quote(s)+" has a local part longer than 64 characters")
	}
	for i := 0; i < len(local); i++ {
		if c := local[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' {
			return "", errs.Invalid(op, field,
				quote(s)+" has a space, a control character, an angle bracket or a non-ASCII character before the @; give the bare address")
		}
	}
	d, err := normalizeDomain(op, field, domain)
	if err != nil {
		return "", err
	}
	return strings.ToLower(local) + "@" + d, nil
}

// DomainOf returns the normalised domain of an email address: the part after
// the last "@" (rule D3). Errors are those of [NormalizeEmail].
func DomainOf(email string) (string, error) {
	e, err := normalizeEmail("domains.DomainOf", "email", email)
	if err != nil {
		return "", err
	}
	return e[strings.LastIndexByte(e, '@')+1:], nil
}

// SameDomain reports whether a and b name the same domain once normalised
// (rule D3). Each may be a domain or an email address (a string with an "@"
// is read as an address and its domain is used). Invalid input is never the
// same as anything.
func SameDomain(a, b string) bool {
	da, err := domainOrEmail(a)
	if err != nil {
		return false
	}
	db, err := domainOrEmail(b)
	return err == nil && da == db
}

func domainOrEmail(s string) (string, error) {
	if strings.Contains(s, "@") {
		return DomainOf(s)
	}
	return NormalizeDomain(s)
}

// IsConsumerDomain reports whether domain is one of Google's consumer
// domains (gmail.com, googlemail.com). Setup must be done by an account
// that does not end in @gmail.com (rule S1), so callers refuse those.
func IsConsumerDomain(domain string) bool {
	d, err := domainOrEmail(domain)
	return err == nil && (d == "gmail.com" || d == "googlemail.com")
}

// NormalizeOrgUnitPath returns the canonical form of an org unit path:
// surrounding spaces trimmed, a leading "/" required, a trailing "/"
// removed ("/" itself is the top-level org unit). Empty segments are an
// error. Case is kept, since Google shows org unit names as written, but
// this package compares paths case-insensitively, as Google does.
func NormalizeOrgUnitPath(path string) (string, error) {
	return normalizeOrgUnitPath("domains.NormalizeOrgUnitPath", "path", path)
}

func normalizeOrgUnitPath(op, field, path string) (string, error) {
	s := strings.TrimSpace(path)
	if s == "" {
		return "", errs.Invalid(op, field, "is empty; give a path such as /Reseller support (\"/\" is the top-level org unit)")
	}
	if !strings.HasPrefix(s, "/") {
		return "", errs.Invalid(op, field, quote(s)+" does not start with /; give the full path, such as /Reseller support")
	}
	if !utf8.ValidString(s) {
		return "", errs.Invalid(op, field, "is not valid UTF-8")
	}
	if s == "/" {
		return s, nil
	}
	s = strings.TrimSuffix(s, "/")
	for seg := range strings.SplitSeq(s[1:], "/") {
		if strings.TrimSpace(seg) == "" {
			return "", errs.Invalid(op, field, quote(s)+" has an empty segment (two slashes in a row)")
		}
		for _, r := range seg {
			if r < ' ' || r == 0x7f {
				return "", errs.Invalid(op, field, quote(s)+" holds a control character")
			}
		}
	}
	return s, nil
}

// sameOrgUnit compares two normalised org unit paths as Google does.
func sameOrgUnit(a, b string) bool { return strings.EqualFold(a, b) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// quote renders user input in an error message, bounded so a huge input
// cannot flood a log.
func quote(s string) string {
	const limit = 100
	if len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}
