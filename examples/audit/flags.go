package main

import (
	"fmt"
	"strings"
)

// accountFlag is one -account KEYFILE:ADMIN[,ACCOUNT...].
type accountFlag struct {
	keyFile string
	admin   string
	actors  []string
}

// accountList implements flag.Value for the repeated -account flag.
type accountList []accountFlag

func (l *accountList) String() string {
	if l == nil {
		return ""
	}
	var parts []string
	for _, a := range *l {
		parts = append(parts, a.keyFile+":"+strings.Join(append([]string{a.admin}, a.actors...), ","))
	}
	return strings.Join(parts, " ")
}

// Set splits at the last colon, so a key file path may hold colons; an
// email address never does.
func (l *accountList) Set(v string) error {
	i := strings.LastIndex(v, ":")
	if i <= 0 {
		return fmt.Errorf("want KEYFILE:ADMIN[,ACCOUNT...] (a service-account key and the super admin to impersonate), got %q", v)
	}
	a := accountFlag{keyFile: strings.TrimSpace(v[:i])}
	for j, who := range strings.Split(v[i+1:], ",") {
		who = strings.TrimSpace(who)
		if !strings.Contains(who, "@") {
			return fmt.Errorf("%q: %q is not an email address", v, who)
		}
		if j == 0 {
			a.admin = who
		} else {
			a.actors = append(a.actors, who)
		}
	}
	*l = append(*l, a)
	return nil
}
