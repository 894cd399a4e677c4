// Package domains reads and sets up the places a reseller's staff work
// from: the reseller account's domains, the customers assigned to each
// domain, the staff accounts on a domain and the org unit that holds them.
//
// The support portal shows a staff account only the customers assigned to
// the reseller domain it signs in with (rule D1), so a reseller with several
// domains needs staff accounts on each. This package gives the pieces for
// that: which domains exist and which can hold accounts (D4), which
// customers each domain serves and whether they let the reseller in (D5),
// and idempotent setup of the dedicated org unit (S3) and of the accounts.
// Package access builds coverage reports and setup plans on top of it.
//
// The rules named by ID in this package (D1–D5, S1 and S3 of the setup, P5,
// and W1–W5 on working against Google) are in docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md).
//
// # Creating a Service
//
// Against Google, build a [resellerkit.Conn] (a service account with
// domain-wide delegation, impersonating an account of the reseller) and
// pass it to [New]; every call goes through the Conn's retry and pacing:
//
//	conn, err := resellerkit.Dial(ctx,
//		resellerkit.WithServiceAccountFile("sa.json"),
//		resellerkit.WithSubject("admin@reseller.example"))
//	...
//	s, err := domains.New(conn)
//
// The account the Conn acts as ([resellerkit.Conn.Actor]) is the acting
// account: the Reseller API answers for its reseller domain (D1), so
// [Service.ListCustomers] lists that domain's customers. A Conn built from
// a token source names its account with resellerkit.WithActor; without
// one, the methods that depend on the actor fail with [ErrUnknownActor]
// instead of answering for a domain the caller did not mean.
//
// Against the in-memory fake, the code is the same: package fake's
// Server.Conn returns a Conn acting as a user of the fake's World, served
// in-process through the same generated clients as Google.
//
// Options are checked by [New]; an invalid one (a nil option, a negative
// [WithLookupConcurrency] or [WithAwait] duration) is an error of
// [resellerkit.KindInvalidArgument] naming it. A zero value means the
// default, as each option says.
//
// # Support plans
//
// Google's APIs do not carry a customer's support plan (Standard, Enhanced,
// Premium): it lives in the reseller's contracts or billing system. A
// [PlanSource], given with [WithPlanSource], supplies it; this is the one
// interface of the package, because its implementations are the caller's:
// [PlanTable] for a static table, or an adapter over a billing system.
// Without one every plan is [PlanUnknown].
//
// # Normalisation
//
// Domains and addresses are compared after [NormalizeDomain] and
// [NormalizeEmail] (rule D3: case folded, trailing dot removed, IDNA to
// ASCII; an address's domain is the part after its last "@"). Every value
// this package returns is normalised. NormalizeDomain is the module's one
// definition of the normal form: package access and the rest compare
// domains through it.
//
// # Errors
//
// Errors are [*resellerkit.Error] values; branch on their Kind with
// errors.Is and the resellerkit sentinels (resellerkit.ErrNotFound, ...).
// Their Op is the method called ("domains.EnsureAccount") and, when Google
// answered, their Call is the API method that failed
// ("directory.users.insert").
// Invalid input is [resellerkit.KindInvalidArgument] with a
// [*resellerkit.FieldError] naming the field, raised before any request.
// This package's own conditions wrap a sentinel too: [ErrDomainNotVerified]
// (D4), [ErrNotResellerDomain], [ErrOtherDomain] and [ErrUnknownActor] (D1),
// [ErrCustomerNotManaged], [ErrAddressIsAlias]; a [*DomainError] names the
// domain and says what to do. Generated passwords ([Password]) never appear
// in errors, logs or JSON.
//
// # Iteration
//
// Listings ([Service.ListCustomers], [Service.ListAccounts],
// [Service.ListSubscriptions]) return an iter.Seq2 that fetches pages
// lazily, stops fetching when the loop breaks, and yields an error once.
// resellerkit.Collect drains one into a slice. [Service.ListAccountsPage]
// returns one page, for UIs that page.
//
// Page sizes: a per-request size (resellerkit.PageRequest.Size of
// [Service.ListAccountsPage], the PageSize of [ListCustomersOptions] and
// [ListSubscriptionsOptions]) of 0 means the default; one above the API's
// cap (500 users, 100 subscriptions) is clamped to the cap silently; a
// negative one is an error of [resellerkit.KindInvalidArgument].
//
// # Ensure operations
//
// [Service.EnsureOrgUnit], [Service.EnsureAccount] and the bulk
// [Service.EnsureAccounts] converge and report a resellerkit.Outcome per
// item: running them again changes nothing and reports OutcomeUnchanged.
// EnsureOrgUnit returns the org unit and its Outcome; EnsureAccount returns
// an [AccountResult], the item of the bulk EnsureAccounts, because the
// initial password of an account it created travels with it.
// After a create they wait, with a bounded poll, until Google serves the new
// resource (rule W5; [WithAwait] bounds it), so the next setup step can use
// it.
//
// # Lost answers and crashes
//
// Google's inserts (users.insert, orgunits.insert) are not idempotent, and
// the Conn does not resend one whose answer was lost (a 5xx, a broken
// connection): Google may have applied it. The Service reads the account or
// org unit back first and sends the insert again only when it is not there
// (rule W1), within the Conn's retry policy; an "exists" answer to that
// resend, and the 404 reads that may follow it under read-after-write lag,
// are polled until the resource is served (rule W5). What this call created
// is reported OutcomeCreated, a lost answer notwithstanding, and a created
// account carries the password it was sent with. An account counts as this
// call's when Google created it no earlier than the moment the call saw its
// address free, less a 5-minute clock-skew margin; an older one is someone
// else's, converged without a password.
//
// A password handed back in a result is lost if the process dies before the
// caller saves it. A [PasswordKeeper] ([WithPasswordKeeper]) makes
// provisioning crash-safe: each password is kept durably before the write
// that sets it is sent, and a keeper error stops that write. After a crash
// without one, the accounts whose password nobody has are those that have
// never signed in ([Account.LastLoginTime] zero) and still have
// [Account.ChangePasswordAtNextLogin], for which the caller holds no
// password; [Service.ResetPassword] gives each a new one, kept first.
//
// # Testing
//
// Tests run the Service against package fake, through a Conn and this
// package's Google mappers, as production does: fake.NewWorld with a Seed,
// a Server (faketest.NewServer in tests), then Server.Conn for the acting
// user and [New]. Faults (Server.Fail), read-after-write lag
// (Server.SetReadAfterWriteLag) and small page caps reproduce what Google
// does to a bulk run.
package domains
