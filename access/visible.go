package access

import "github.com/resellerkit/resellerkit/domains"

// Visible returns the customers among cs that the account of d sees in the
// portal, in the order of cs.
//
// Rule D1: the portal shows an account only the customers assigned to the
// reseller domain it is signed in with, so a customer assigned to any other
// domain is left out, whatever the account's roles; domains are compared
// after normalisation (D3). A denied account does not get into the portal
// and sees none (P7).
//
// Rule D5: a customer that has not granted the reseller access to its
// account is still listed, with AccessGranted false, as the portal lists
// it; filing a case for it is refused later (rule C1).
func Visible(d Decision, cs []domains.Customer) []domains.Customer {
	if !d.Allowed || d.Domain == "" {
		return nil
	}
	var out []domains.Customer
	for _, c := range cs {
		if normalizeDomain(c.ResellerDomain) == d.Domain {
			out = append(out, c)
		}
	}
	return out
}
