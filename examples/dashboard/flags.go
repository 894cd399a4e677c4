package main

import (
	"fmt"
	"strconv"
	"strings"
)

// accountFlag is one -account KEYFILE:ADMIN[,ACCOUNT...]: the
// service-account key that acts for one reseller account, the super admin
// it impersonates through domain-wide delegation (rule W6), and optionally
// one account on each other domain of the reseller account (a secondary
// domain), whose customers only an account on that domain can list, and
// whose customers' cases only it can read (rule D1).
type accountFlag struct {
	KeyFile      string
	Admin        string
	DomainActors []string
}

// accountList implements flag.Value for the repeated -account flag.
type accountList []accountFlag

func (l *accountList) String() string {
	if l == nil {
		return ""
	}
	parts := make([]string, len(*l))
	for i, a := range *l {
		parts[i] = a.KeyFile + ":" + strings.Join(append([]string{a.Admin}, a.DomainActors...), ",")
	}
	return strings.Join(parts, ",")
}

// Set splits at the last colon, so a key file path may itself hold colons;
// an email address never does.
func (l *accountList) Set(v string) error {
	a, err := parseAccount(v)
	if err != nil {
		return err
	}
	*l = append(*l, a)
	return nil
}

func parseAccount(v string) (accountFlag, error) {
	i := strings.LastIndex(v, ":")
	if i < 0 {
		return accountFlag{}, fmt.Errorf("want KEYFILE:ADMIN (a service-account key file and the super admin to impersonate), got %q", v)
	}
	a := accountFlag{KeyFile: strings.TrimSpace(v[:i])}
	if a.KeyFile == "" {
		return accountFlag{}, fmt.Errorf("%q: the key file before the colon is empty", v)
	}
	for j, who := range strings.Split(v[i+1:], ",") {
		who = strings.TrimSpace(who)
		if !strings.Contains(who, "@") {
			what := "the super admin to impersonate"
			if j > 0 {
				what = "an account on another domain of the reseller account"
			}
			return accountFlag{}, fmt.Errorf("%q: %q is not an email address; give %s", v, who, what)
		}
		if j == 0 {
			a.Admin = who
		} else {
			a.DomainActors = append(a.DomainActors, who)
		}
	}
	return a, nil
}

// seatList implements flag.Value for the repeated -seats SKU=N flag.
type seatList map[string]int

func (l *seatList) String() string {
	if l == nil || *l == nil {
		return ""
	}
	parts := make([]string, 0, len(*l))
	for k, v := range *l {
		parts = append(parts, fmt.Sprintf("%s=%d", k, v))
	}
	return strings.Join(parts, ",")
}

func (l *seatList) Set(v string) error {
	sku, n, ok := strings.Cut(v, "=")
	sku = strings.TrimSpace(sku)
	if !ok || sku == "" {
		return fmt.Errorf("want SKU=N, e.g. 1010010001=50; got %q", v)
	}
	seats, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || seats < 0 {
		return fmt.Errorf("%q: the seat count must be a whole number, 0 or more", v)
	}
	if *l == nil {
		*l = map[string]int{}
	}
	(*l)[sku] = seats
	return nil
}
