package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
)

// settlePasswords checks the password file against what Apply reports for
// the accounts it was to create, and says where the passwords are. They
// are never printed.
//
// An account reported created has its password in the file already (the
// Service kept it before creating it); if not, it is kept now. An account
// this run gave a password to but reports as existing was created by
// someone else meanwhile (a run killed with its request in flight): the
// record is not its password, so it is removed, and the account is listed
// as "password unknown".
func (s *session) settlePasswords(report *access.ApplyReport) error {
	var created int
	var errs []error
	for _, r := range report.Results {
		if r.Step.Kind != access.StepAccount || r.Step.Action != access.ActionCreate {
			continue
		}
		acct := r.Step.Subject
		switch {
		case r.Outcome == resellerkit.OutcomeCreated && !r.InitialPassword.IsZero():
			created++
			if s.keeper == nil {
				continue
			}
			if pw, ok := s.keeper.Password(acct); !ok || pw != r.InitialPassword.Reveal() {
				fmt.Fprintf(s.stderr, "provision: the password of %s was not kept before the account was created; it is kept now\n", acct)
				if err := s.keeper.put(normAccount(acct), r.InitialPassword.Reveal(), true); err != nil {
					errs = append(errs, err)
				}
			}
		case r.Err == nil && r.Outcome != resellerkit.OutcomeCreated && s.keeper != nil && s.keeper.KeptThisRun(acct):
			fmt.Fprintf(s.stdout, "  %s existed when this run created it, so the password kept for it is not its own: removed from %s\n", acct, s.keeper.path)
			if err := s.keeper.Forget(acct); err != nil {
				errs = append(errs, err)
			}
		}
	}
	switch {
	case created == 0:
	case s.keeper == nil:
		fmt.Fprintf(s.stdout, "%d account(s) were created without -passwords: run again with -apply -passwords FILE -reset-unknown to give them passwords you have.\n", created)
	default:
		fmt.Fprintf(s.stdout, "The initial passwords of the %d account(s) created are in %s: give each to its person through a secure channel.\n", created, s.keeper.path)
	}
	return errors.Join(errs...)
}

// unknownAccount is an account of the team whose password nobody may know.
type unknownAccount struct {
	target int // the index of its reseller account in the plan and s.doms
	email  string
	person string
}

// unknownPasswords lists the accounts of the plan that exist, have no
// record in the password file, have never signed in and still have to
// change their generated password at the first sign-in: created by a run
// without -passwords, or before the file was lost. An account that has
// signed in has a password its person chose, and one without the forced
// change was given a password by an administrator: both are left alone.
//
// Google: directory.users.get
func (s *session) unknownPasswords(ctx context.Context, plan *access.Plan) ([]unknownAccount, error) {
	var out []unknownAccount
	for i, a := range plan.Accounts {
		for _, st := range a.Steps {
			if st.Kind != access.StepAccount || st.Action == access.ActionCreate || st.Blocked != "" {
				continue
			}
			if _, ok := s.keeper.Password(st.Subject); ok {
				continue
			}
			acct, err := s.doms[i].GetAccount(ctx, st.Subject)
			switch {
			case resellerkit.KindOf(err) == resellerkit.KindNotFound:
				continue
			case err != nil:
				return nil, err
			}
			if acct.LastLoginTime.IsZero() && acct.ChangePasswordAtNextLogin {
				out = append(out, unknownAccount{target: i, email: st.Subject, person: st.Person})
			}
		}
	}
	return out, nil
}

// textOut is where notes go: stdout, unless it carries JSON.
func (s *session) textOut() io.Writer {
	if s.o.json {
		return s.stderr
	}
	return s.stdout
}

// reportUnknown lists the accounts whose password is unknown, with the fix.
func (s *session) reportUnknown(unknown []unknownAccount, fix string) {
	if len(unknown) == 0 {
		return
	}
	w := s.textOut()
	fmt.Fprintf(w, "\n%d account(s) of the team exist, have never signed in and have no password in %s (created without -passwords, or the file was lost): nobody may know their password.\n",
		len(unknown), s.keeper.path)
	for _, u := range unknown {
		fmt.Fprintf(w, "  password unknown: %s (%s)\n", u.email, u.person)
	}
	fmt.Fprintf(w, "Fix: run again with %s to give each a new password, kept in %s before it is set (or reset it in the Admin console).\n", fix, s.keeper.path)
}

// resetUnknown gives each account a new password. The Service keeps it in
// the password file before it sets it; a reset that fails may or may not
// have landed, so its record is removed and the account stays listed
// until a reset succeeds.
//
// Google: as domains.Service.ResetPassword
func (s *session) resetUnknown(ctx context.Context, unknown []unknownAccount) error {
	if len(unknown) == 0 {
		return nil
	}
	fmt.Fprintf(s.stdout, "\nResetting the password of %d account(s) whose password is unknown...\n", len(unknown))
	var failed int
	var errs []error
	for _, u := range unknown {
		_, pw, err := s.doms[u.target].ResetPassword(ctx, u.email)
		if err == nil {
			if got, ok := s.keeper.Password(u.email); !ok || got != pw.Reveal() {
				err = s.keeper.put(normAccount(u.email), pw.Reveal(), true)
			}
		}
		if err != nil {
			failed++
			if ferr := s.keeper.Forget(u.email); ferr != nil {
				errs = append(errs, ferr)
			}
			fmt.Fprintf(s.stdout, "  %-9s %-10s %s: %v\n", resellerkit.OutcomeFailed, "password", u.email, err)
			continue
		}
		fmt.Fprintf(s.stdout, "  %-9s %-10s %s\n", "reset", "password", u.email)
	}
	if n := len(unknown) - failed; n > 0 {
		fmt.Fprintf(s.stdout, "The new passwords of %d account(s) are in %s: give each to its person through a secure channel.\n", n, s.keeper.path)
	}
	if failed > 0 {
		errs = append(errs, fmt.Errorf("%d of %d password reset(s) failed: run again with -reset-unknown", failed, len(unknown)))
	}
	return errors.Join(errs...)
}
