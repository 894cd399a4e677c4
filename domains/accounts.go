package domains

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/bulk"
	"github.com/resellerkit/resellerkit/internal/errs"
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
// An insert answered with 409 duplicate means the account exists: made by a
// concurrent run, or by an earlier attempt of this same insert whose answer
// was lost (the retry then meets its own account). It counts as existing,
// so nothing is created twice; since the SDK cannot know which password such
// an account holds, no InitialPassword is returned for it. If the address
// never shows up in the reseller account, a consumer Google account may hold
// it: the result is then an error of KindAlreadyExists that says so.
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

// ensureAccount converges one validated spec; acct holds the reseller
// account's domains.
func (s *Service) ensureAccount(ctx context.Context, op string, acct ResellerAccount, spec AccountSpec) AccountResult {
	res := AccountResult{Spec: spec}
	fail := func(err error) AccountResult {
		res.Outcome = resellerkit.OutcomeFailed
		res.Err = err
		return res
	}
	dom, _ := DomainOf(spec.Email) // validated already
	if _, err := acct.checkUsable(op, dom); err != nil {
		return fail(err)
	}
	existing, err := s.g.getUser(ctx, spec.Email)
	switch {
	case err == nil:
		return s.converge(ctx, op, res, existing, false)
	case resellerkit.KindOf(err) != resellerkit.KindNotFound:
		return fail(opErr(op, err))
	}

	pw := NewPassword()
	_, err = s.g.insertUser(ctx, newUser{
		email:                     spec.Email,
		givenName:                 spec.GivenName,
		familyName:                spec.FamilyName,
		orgUnitPath:               spec.OrgUnitPath,
		password:                  pw,
		changePasswordAtNextLogin: true,
	})
	switch {
	case err == nil:
		// The account exists now, whatever happens next: hand the
		// password over even if the visibility wait fails.
		res.InitialPassword = pw
		seen, err := s.awaitAccount(ctx, spec.Email)
		if err != nil {
			return fail(errs.Errorf(resellerkit.KindOf(err), op,
				"created %s, but Google did not serve it in time; run again to confirm it: %w", spec.Email, err))
		}
		res.Account = normAccount(seen)
		res.Outcome = resellerkit.OutcomeCreated
		return res
	case resellerkit.KindOf(err) == resellerkit.KindAlreadyExists:
		dup := err
		seen, err := s.awaitAccount(ctx, spec.Email)
		if err != nil {
			if resellerkit.KindOf(err) == resellerkit.KindCanceled {
				return fail(opErr(op, err))
			}
			return fail(&resellerkit.Error{Kind: resellerkit.KindAlreadyExists, Op: op,
				Err: fmt.Errorf("Google says %s exists, but it does not appear in this reseller account; "+
					"a consumer Google account may hold the address: use another address, or have its owner rename it: %w",
					spec.Email, errors.Join(dup, err))})
		}
		return s.converge(ctx, op, res, seen, true)
	default:
		return fail(opErr(op, err))
	}
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
