package access

import (
	"strconv"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/internal/errs"
)

func itoa(i int) string { return strconv.Itoa(i) }

func quote(s string) string { return strconv.Quote(s) }

func invalid(op, field, reason string) error { return errs.Invalid(op, field, reason) }

// normalizeDomain applies rule D3 through domains.NormalizeDomain, and
// returns "" for a name that is not a valid domain. Names already in normal
// form are returned without allocating.
func normalizeDomain(d string) string {
	n, err := domains.NormalizeDomain(d)
	if err != nil {
		return ""
	}
	return n
}
