package domains

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/bulk"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/internal/idem"
)

// maxUsersPage is the Directory API's cap on users.list maxResults; the
// Service asks for full pages to spend as few queries of the quota as it can
// (rule W3).
const maxUsersPage = 500

// maxNameLen is Google's documented limit on given and family names (its
// limits page says 40, its API reference 60: the lower one is safe).
const maxNameLen = 40

// GetAccount returns a staff account by primary email (normalised, rule
// D3), alias or immutable user ID. A missing account is an error of
// [resellerkit.KindNotFound].
//
// Google: directory.users.get
func (s *Service) GetAccount(ctx context.Context, emailOrID string) (Account, error) {
	const op = "domains.GetAccount"
	if err := s.ready(op); err != nil {
		return Account{}, err
	}
	key, err := userKey(op, emailOrID)
	if err != nil {
		return Account{}, err
	}
	a, err := s.g.getUser(ctx, key)
	if err != nil {
		return Account{}, opErr(op, err)
	}
	return normAccount(a), nil
}

// ListAccountsOptions narrows [Service.ListAccounts]. A nil pointer means
// every account of the domain.
type ListAccountsOptions struct {
	// OrgUnitPath keeps the accounts of that org unit and those below it.
	OrgUnitPath string
}

// ListAccounts returns the staff accounts whose primary email is on domain,
// lazily, page by page. The sequence yields an error once and stops.
//
// Google: directory.users.list (domain=)
func (s *Service) ListAccounts(ctx context.Context, domain string, opts *ListAccountsOptions) iter.Seq2[Account, error] {
	const op = "domains.ListAccounts"
	return func(yield func(Account, error) bool) {
		if err := s.ready(op); err != nil {
			yield(Account{}, err)
			return
		}
		dom, f, err := s.accountQuery(op, domain, opts)
		if err != nil {
			yield(Account{}, err)
			return
		}
		fetch := func(ctx context.Context, token string) (resellerkit.Page[Account], error) {
			return s.listAccountsPage(ctx, op, dom, f, resellerkit.PageRequest{Size: maxUsersPage, Token: token})
		}
		for a, err := range resellerkit.All(ctx, fetch) {
			if !yield(a, err) {
				return
			}
		}
	}
}

// ListAccountsPage returns one page of [Service.ListAccounts], for UIs that
// page. A zero p.Size means 100; sizes above 500 are capped.
//
// Google: directory.users.list (domain=)
func (s *Service) ListAccountsPage(ctx context.Context, domain string, opts *ListAccountsOptions, p resellerkit.PageRequest) (resellerkit.Page[Account], error) {
	const op = "domains.ListAccountsPage"
	if err := s.ready(op); err != nil {
		return resellerkit.Page[Account]{}, err
	}
	dom, f, err := s.accountQuery(op, domain, opts)
	if err != nil {
		return resellerkit.Page[Account]{}, err
	}
	size, err := errs.PageSize(op, "PageRequest.Size", p.Size, 100, maxUsersPage) // 100: users.list's default
	if err != nil {
		return resellerkit.Page[Account]{}, err
	}
	p.Size = size
	return s.listAccountsPage(ctx, op, dom, f, p)
}

func (s *Service) accountQuery(op, domain string, opts *ListAccountsOptions) (string, userFilter, error) {
	dom, err := normalizeDomain(op, "domain", domain)
	if err != nil {
		return "", userFilter{}, err
	}
	var f userFilter
	if opts != nil && opts.OrgUnitPath != "" {
		p, err := normalizeOrgUnitPath(op, "ListAccountsOptions.OrgUnitPath", opts.OrgUnitPath)
		if err != nil {
			return "", userFilter{}, err
		}
		f.orgUnitPath = p
	}
	return dom, f, nil
}

func (s *Service) listAccountsPage(ctx context.Context, op, dom string, f userFilter, p resellerkit.PageRequest) (resellerkit.Page[Account], error) {
	pg, err := s.g.listUsers(ctx, dom, f, p)
	if err != nil {
		return resellerkit.Page[Account]{}, opErr(op, err)
	}
	for i := range pg.Items {
		pg.Items[i] = normAccount(pg.Items[i])
	}
	return pg, nil
}

// EnsureAccount makes sure the staff account spec describes exists in
// spec.OrgUnitPath (rule S3), and reports what it did:
//
//   - missing: it is created with a generated initial password
//     ([NewPassword], returned in the result, never logged nor put in an
//     error) that the person must change at the first sign-in;
//     OutcomeCreated. The call then waits until Google serves the new
//     account (rule W5), so the next setup step can use it.
//   - present in spec.OrgUnitPath (compared case-insensitively):
//     OutcomeUnchanged.
//   - present elsewhere: moved to spec.OrgUnitPath; OutcomeUpdated.
//
// Names are used only to create; an existing account's names, password and
// suspension are left alone.
//
// Rule D4: the email's domain must be a domain of the reseller account, and
// verified if it is a secondary one; otherwise the error says to verify it
// first (see [ResellerAccount.CheckUsable]). The org unit must exist: create
// it with [Service.EnsureOrgUnit].
//
// Passwords and crashes: with a [PasswordKeeper] ([WithPasswordKeeper]) the
// password is kept before users.insert is sent, and a keeper error fails
// the item with nothing sent. Without one the password is only in the
// result: a crash before the caller saves it leaves an account whose
// password nobody has. Such an account has never signed in and still has
// [Account.ChangePasswordAtNextLogin]; [Service.ResetPassword] gives it a
// new one.
//
// Lost answers (rule W1): users.insert is not idempotent, so after an
// answer that leaves open whether Google applied it (a 5xx, a broken
// connection) the Service reads the account back before sending it again,
// with the same password, within the Conn's retry policy. An account found
// then, or met as a 409 duplicate by the resend (polled through
// read-after-write lag, rule W5), is this call's own when Google created it
// no earlier than the moment the call saw the address free, less a
// clock-skew margin of 5 minutes: the result is OutcomeCreated with the
// password sent. An account created before that is someone else's and is
// converged as an existing one, without a password. The margin cannot tell
// this call's account from one another run created in the same minutes;
// run one setup of an address at a time.
//
// A 409 that follows no lost answer means the account exists (a concurrent
// run made it): it counts as existing, without a password. If the address
// never shows up in the reseller account, a consumer Google account may
// hold it: the result is then an error of KindAlreadyExists that says so.
//
// The returned error is the result's Err.
//
// Google: directory.domains.list, directory.users.get, directory.users.insert,
// directory.users.patch
func (s *Service) EnsureAccount(ctx context.Context, spec AccountSpec) (AccountResult, error) {
	const op = "domains.EnsureAccount"
	if err := s.ready(op); err != nil {
		return AccountResult{Spec: spec, Outcome: resellerkit.OutcomeFailed, Err: err}, err
	}
	norm, err := validateSpec(op, "AccountSpec", spec)
	if err != nil {
		return AccountResult{Spec: spec, Outcome: resellerkit.OutcomeFailed, Err: err}, err
	}
	ds, err := s.listDomains(ctx, op)
	if err != nil {
		return AccountResult{Spec: norm, Outcome: resellerkit.OutcomeFailed, Err: err}, err
	}
	r := s.ensureAccount(ctx, op, ResellerAccount{Domains: ds}, norm)
	return r, r.Err
}

// EnsureAccounts runs [Service.EnsureAccount] for every spec with bounded
// concurrency ([resellerkit.BulkOptions]) and returns one result per spec, in
// input order. It keeps going past failed items; a failed item's result
// has OutcomeFailed and its Err. The reseller account's domains are read
// once for the whole job (rule D4).
//
// It is idempotent: a second run changes nothing and reports every item
// OutcomeUnchanged. Two specs for the same address (after normalisation)
// are refused: the later one fails with an error naming the earlier item.
//
// Google: as [Service.EnsureAccount]
func (s *Service) EnsureAccounts(ctx context.Context, specs []AccountSpec, opts *resellerkit.BulkOptions) []AccountResult {
	const op = "domains.EnsureAccounts"
	type item struct {
		spec AccountSpec
		err  error
	}
	items := make([]item, len(specs))
	first := map[string]int{}
	for i, sp := range specs {
		norm, err := validateSpec(op, "specs["+strconv.Itoa(i)+"]", sp)
		if err != nil {
			items[i] = item{spec: sp, err: err}
			continue
		}
		if j, dup := first[norm.Email]; dup {
			items[i] = item{spec: norm, err: errs.Invalid(op, "specs["+strconv.Itoa(i)+"].Email",
				norm.Email+" is also item "+strconv.Itoa(j)+"; give each account once")}
			continue
		}
		first[norm.Email] = i
		items[i] = item{spec: norm}
	}
	var acct ResellerAccount
	domErr := s.ready(op)
	if domErr == nil && len(first) > 0 {
		var ds []Domain
		ds, domErr = s.listDomains(ctx, op)
		acct.Domains = ds
	}
	fail := func(sp AccountSpec, err error) AccountResult {
		return AccountResult{Spec: sp, Outcome: resellerkit.OutcomeFailed, Err: err}
	}
	return bulk.Run(ctx, items, opts,
		func(ctx context.Context, it item) AccountResult {
			switch {
			case it.err != nil:
				return fail(it.spec, it.err)
			case domErr != nil:
				return fail(it.spec, domErr)
			}
			return s.ensureAccount(ctx, op, acct, it.spec)
		},
		func(r AccountResult) bool { return r.Outcome == resellerkit.OutcomeFailed },
		func(it item, err error) AccountResult {
			return fail(it.spec, errs.New(resellerkit.KindCanceled, op, err))
		},
	)
}

// creationSkew is the clock-skew margin of [Service.claims]: how far the
// clock of the machine running the SDK ([resellerkit.Conn.Now]) may be ahead
// of Google's before an account this call created stops being recognised as
// its own. Clocks synchronised by NTP are within a second of each other;
// 5 minutes also covers a laptop that slept. The price is that an account
// someone else created in the 5 minutes before this call saw its address
// free is taken for this call's (see [Service.EnsureAccount]). On the fake
// both clocks are the World's.
const creationSkew = 5 * time.Minute

// ensureAccount converges one validated spec; acct holds the reseller
// account's domains.
func (s *Service) ensureAccount(ctx context.Context, op string, acct ResellerAccount, spec AccountSpec) AccountResult {
	res := AccountResult{Spec: spec}
	dom, _ := DomainOf(spec.Email) // validated already
	if _, err := acct.checkUsable(op, dom); err != nil {
		return failed(res, err)
	}
	// Taken before the read that finds the address free: an account
	// created after it (less the skew margin) is this call's own.
	free := s.conn.Now()
	existing, err := s.g.getUser(ctx, spec.Email)
	switch {
	case err == nil:
		return s.converge(ctx, op, res, existing, false)
	case resellerkit.KindOf(err) != resellerkit.KindNotFound:
		return failed(res, opErr(op, err))
	}
	return s.createAccount(ctx, op, res, free)
}

// createAccount inserts the account of res.Spec, which was free at the time
// free, so that it lands once although Google's answer may be lost (rule W1,
// package idem). The password is kept by the PasswordKeeper before the
// first send, and every send carries the same one.
func (s *Service) createAccount(ctx context.Context, op string, res AccountResult, free time.Time) AccountResult {
	spec := res.Spec
	pw := NewPassword()
	if err := s.keepPassword(ctx, op, spec.Email, pw, "the account's users.insert"); err != nil {
		return failed(res, err)
	}
	nu := newUser{
		email:                     spec.Email,
		givenName:                 spec.GivenName,
		familyName:                spec.FamilyName,
		orgUnitPath:               spec.OrgUnitPath,
		password:                  pw,
		changePasswordAtNextLogin: true,
	}
	// foreign is set when the read-back after a lost answer found an
	// account this call did not create (another run's).
	foreign := false
	got, sent, err := idem.Do(ctx, s.conn, op, idem.Write[Account]{
		Send: func(ctx context.Context) (Account, error) { return s.g.insertUser(ctx, nu) },
		Landed: func(ctx context.Context) (Account, bool, error) {
			a, err := s.g.getUser(ctx, spec.Email)
			switch {
			case err == nil:
				foreign = !s.claims(spec.Email, a, free)
				return a, true, nil
			case resellerkit.KindOf(err) == resellerkit.KindNotFound:
				return Account{}, false, nil
			}
			return Account{}, false, err
		},
	})
	switch {
	case err == nil && foreign:
		return s.converge(ctx, op, res, got, true)
	case err == nil:
		// The account exists now, whatever happens next: hand the
		// password over even if the visibility wait fails.
		res.InitialPassword = pw
		if !sent.Found {
			seen, err := s.awaitAccount(ctx, spec.Email)
			if err != nil {
				return failed(res, errs.Errorf(resellerkit.KindOf(err), op,
					"created %s, but Google did not serve it in time; run again to confirm it: %w", spec.Email, err))
			}
			got = seen
		}
		res.Account = normAccount(got)
		res.Outcome = resellerkit.OutcomeCreated
		return res
	case resellerkit.KindOf(err) == resellerkit.KindAlreadyExists:
		// The address is taken: by an earlier send of ours whose answer was
		// lost (and which the read-back did not see yet, rule W5), or by
		// someone else. Wait until Google serves it, then tell which.
		dup := err
		seen, err := s.awaitAccount(ctx, spec.Email)
		if err != nil {
			if resellerkit.KindOf(err) == resellerkit.KindCanceled {
				return failed(res, opErr(op, err))
			}
			return failed(res, &resellerkit.Error{Kind: resellerkit.KindAlreadyExists, Op: op,
				Err: fmt.Errorf("Google says %s exists, but it does not appear in this reseller account; "+
					"a consumer Google account may hold the address: use another address, or have its owner rename it: %w",
					spec.Email, errors.Join(dup, err))})
		}
		if sent.Lost && s.claims(spec.Email, seen, free) {
			res.InitialPassword = pw
			res.Account = normAccount(seen)
			res.Outcome = resellerkit.OutcomeCreated
			return res
		}
		return s.converge(ctx, op, res, seen, true)
	default:
		return failed(res, opErr(op, err))
	}
}

// claims reports whether the account a, found at email after an insert of
// this call lost its answer, is the one this call created: it is at that
// primary address (not an alias), and Google created it no earlier than
// the time the call saw the address free, less the clock-skew margin
// ([creationSkew]).
func (s *Service) claims(email string, a Account, free time.Time) bool {
	return normAccount(a).Email == email && !a.CreationTime.Before(free.Add(-creationSkew))
}

// failed marks res failed with err.
func failed(res AccountResult, err error) AccountResult {
	res.Outcome = resellerkit.OutcomeFailed
	res.Err = err
	return res
}

// awaitAccount polls users.get until the account is served (rule W5).
func (s *Service) awaitAccount(ctx context.Context, email string) (Account, error) {
	var seen Account
	err := s.awaitVisible(ctx, func(ctx context.Context) error {
		a, err := s.g.getUser(ctx, email)
		if err == nil {
			seen = a
		}
		return err
	})
	return seen, err
}

// converge brings an existing account to the spec's org unit. fresh marks
// an account met just after a write, whose patch may meet Google's "user
// creation is not complete" for a while (rule W5).
func (s *Service) converge(ctx context.Context, op string, res AccountResult, existing Account, fresh bool) AccountResult {
	a := normAccount(existing)
	if a.Email != res.Spec.Email {
		res.Outcome = resellerkit.OutcomeFailed
		res.Err = errs.New(resellerkit.KindFailedPrecondition, op,
			fmt.Errorf("%w: %s belongs to %s; choose another address, or ensure %s instead",
				ErrAddressIsAlias, res.Spec.Email, a.Email, a.Email))
		return res
	}
	if sameOrgUnit(a.OrgUnitPath, res.Spec.OrgUnitPath) {
		res.Account = a
		res.Outcome = resellerkit.OutcomeUnchanged
		return res
	}
	ch := userChange{orgUnitPath: res.Spec.OrgUnitPath}
	var moved Account
	patch := func(ctx context.Context) error {
		u, err := s.g.patchUser(ctx, a.Email, ch)
		if err == nil {
			moved = u
		}
		return err
	}
	var err error
	if fresh {
		err = s.awaitVisible(ctx, patch)
	} else {
		err = patch(ctx)
	}
	if err != nil {
		res.Outcome = resellerkit.OutcomeFailed
		res.Err = opErr(op, err)
		return res
	}
	res.Account = normAccount(moved)
	res.Outcome = resellerkit.OutcomeUpdated
	return res
}

// ResetPassword gives an account a new generated password, kept first by
// the PasswordKeeper, with changePasswordAtNextLogin; for accounts whose
// initial password was lost (a crash before it was saved, an earlier run
// without a keeper). Spot them with [Service.ListAccounts] or
// [Service.GetAccount]: a zero [Account.LastLoginTime] (never signed in)
// and [Account.ChangePasswordAtNextLogin] set, for an address the
// caller's password records do not hold. The person signs in once with the
// new password and must change it.
//
// With a [PasswordKeeper] the password is kept before the write is sent; a
// keeper error fails the call with nothing sent. The write is idempotent:
// after a lost answer the Conn sends it again with the same password. If
// it fails with an answer that leaves open whether Google applied it (the
// retries spent on lost answers, a canceled context), the password is
// returned with the error, since it may be the account's; calling
// ResetPassword again gives the account a fresh one. An error Google
// refused the write with returns no password.
//
// A missing account is an error of [resellerkit.KindNotFound]. It resets
// any account the Conn's user may update, not only staff accounts: pass an
// address of the reseller's staff.
//
// Google: directory.users.get, directory.users.update
func (s *Service) ResetPassword(ctx context.Context, emailOrID string) (Account, Password, error) {
	const op = "domains.ResetPassword"
	if err := s.ready(op); err != nil {
		return Account{}, Password{}, err
	}
	key, err := userKey(op, emailOrID)
	if err != nil {
		return Account{}, Password{}, err
	}
	a, err := s.g.getUser(ctx, key)
	if err != nil {
		return Account{}, Password{}, opErr(op, err)
	}
	a = normAccount(a)
	pw := NewPassword()
	if err := s.keepPassword(ctx, op, a.Email, pw, "the password change"); err != nil {
		return Account{}, Password{}, err
	}
	var u Account
	set := func(ctx context.Context) error {
		var err error
		u, err = s.g.setPassword(ctx, a.ID, pw)
		return err
	}
	err = set(ctx)
	if resellerkit.KindOf(err) == resellerkit.KindFailedPrecondition {
		// Google's "user creation is not complete" for a while after an
		// account is created (rule W5): the same write again, bounded.
		err = s.awaitVisible(ctx, set)
	}
	switch k := resellerkit.KindOf(err); {
	case err == nil:
	case k == resellerkit.KindUnavailable || k == resellerkit.KindCanceled:
		return Account{}, pw, errs.Errorf(k, op,
			"setting a new password of %s failed, and Google may have applied it: the returned password "+
				"(kept by the PasswordKeeper, if one is set) may be the account's; call ResetPassword again to be sure: %w",
			a.Email, err)
	default:
		// Refused: the account keeps its password.
		return Account{}, Password{}, opErr(op, err)
	}
	return normAccount(u), pw, nil
}

// Suspend suspends a staff account: it can no longer sign in, and has no
// portal access whatever its roles (rule P5). Suspending a suspended
// account changes nothing: OutcomeUnchanged.
//
// Google: directory.users.get, directory.users.patch
func (s *Service) Suspend(ctx context.Context, emailOrID string) (Account, resellerkit.Outcome, error) {
	return s.setSuspended(ctx, "domains.Suspend", emailOrID, true)
}

// Unsuspend lifts an account's suspension. An active account is left alone:
// OutcomeUnchanged. It does not unarchive an archived account.
//
// Google: directory.users.get, directory.users.patch
func (s *Service) Unsuspend(ctx context.Context, emailOrID string) (Account, resellerkit.Outcome, error) {
	return s.setSuspended(ctx, "domains.Unsuspend", emailOrID, false)
}

func (s *Service) setSuspended(ctx context.Context, op, emailOrID string, want bool) (Account, resellerkit.Outcome, error) {
	if err := s.ready(op); err != nil {
		return Account{}, resellerkit.OutcomeFailed, err
	}
	key, err := userKey(op, emailOrID)
	if err != nil {
		return Account{}, resellerkit.OutcomeFailed, err
	}
	a, err := s.g.getUser(ctx, key)
	if err != nil {
		return Account{}, resellerkit.OutcomeFailed, opErr(op, err)
	}
	if a.Suspended == want {
		return normAccount(a), resellerkit.OutcomeUnchanged, nil
	}
	u, err := s.g.patchUser(ctx, key, userChange{suspended: &want})
	if err != nil {
		return Account{}, resellerkit.OutcomeFailed, opErr(op, err)
	}
	return normAccount(u), resellerkit.OutcomeUpdated, nil
}

// userKey normalises an email (anything with an "@"); an immutable ID is
// passed through.
func userKey(op, emailOrID string) (string, error) {
	k := strings.TrimSpace(emailOrID)
	if k == "" {
		return "", errs.Invalid(op, "emailOrID", "is empty; give the account's primary email or its user ID")
	}
	if strings.Contains(k, "@") {
		return normalizeEmail(op, "emailOrID", k)
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return "", errs.Invalid(op, "emailOrID", quote(k)+" is neither an email nor a user ID")
		}
	}
	return k, nil
}

// validateSpec normalises a spec and checks what Google would refuse, so the
// error names the field before any request is sent.
func validateSpec(op, field string, sp AccountSpec) (AccountSpec, error) {
	email, err := normalizeEmail(op, field+".Email", sp.Email)
	if err != nil {
		return sp, err
	}
	local := email[:strings.LastIndexByte(email, '@')]
	if err := checkUsername(local); err != "" {
		return sp, errs.Invalid(op, field+".Email", quote(email)+": "+err)
	}
	out := AccountSpec{Email: email}
	for _, n := range []struct {
		name string
		in   string
		out  *string
	}{{"GivenName", sp.GivenName, &out.GivenName}, {"FamilyName", sp.FamilyName, &out.FamilyName}} {
		v := strings.TrimSpace(n.in)
		switch {
		case v == "":
			return sp, errs.Invalid(op, field+"."+n.name, "is required to create an account")
		case !utf8.ValidString(v):
			return sp, errs.Invalid(op, field+"."+n.name, "is not valid UTF-8")
		case utf8.RuneCountInString(v) > maxNameLen:
			return sp, errs.Invalid(op, field+"."+n.name, "is longer than 40 characters, Google's limit")
		case strings.ContainsAny(v, "=<>"):
			return sp, errs.Invalid(op, field+"."+n.name, "holds =, < or >, which Google refuses in names")
		}
		*n.out = v
	}
	if strings.TrimSpace(sp.OrgUnitPath) == "" {
		return sp, errs.Invalid(op, field+".OrgUnitPath",
			"is required: the dedicated org unit for staff accounts (rule S3), e.g. /Reseller support")
	}
	p, err := normalizeOrgUnitPath(op, field+".OrgUnitPath", sp.OrgUnitPath)
	if err != nil {
		return sp, err
	}
	out.OrgUnitPath = p
	return out, nil
}

// checkUsername applies Google's rule for user names (the local part of a
// primary email): letters, digits, dashes, underscores and dots, no two dots
// in a row, no dot at either end. It returns "" when the name is fine.
func checkUsername(local string) string {
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return "a user name may hold only letters, digits, dashes, underscores and dots"
		}
	}
	switch {
	case strings.Contains(local, ".."):
		return "a user name may not hold two dots in a row"
	case strings.HasPrefix(local, ".") || strings.HasSuffix(local, "."):
		return "a user name may not start or end with a dot"
	}
	return ""
}

// normAccount normalises an account Google returned (rule D3).
func normAccount(a Account) Account {
	if e, err := NormalizeEmail(a.Email); err == nil {
		a.Email = e
		a.Domain = e[strings.LastIndexByte(e, '@')+1:]
	} else {
		a.Email = strings.ToLower(strings.TrimSpace(a.Email))
		if at := strings.LastIndexByte(a.Email, '@'); at >= 0 {
			a.Domain = a.Email[at+1:]
		}
	}
	if a.OrgUnitPath == "" {
		a.OrgUnitPath = "/"
	}
	a.Aliases = slices.Clone(a.Aliases)
	for i, al := range a.Aliases {
		if e, err := NormalizeEmail(al); err == nil {
			a.Aliases[i] = e
		}
	}
	return a
}
