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
//	s := domains.New(conn)
//
// The Conn's subject is the acting account: the Reseller API answers for
// its reseller domain (D1). A Conn built from a token source has no
// subject; name the account with [WithActor].
//
// Against the in-memory fake, either use its HTTP server with the same
// code path as Google (fake.Server.Conn, then [New]) or, for fast tests,
// its direct backend: domains.NewWithBackend(world.Domains(email)). Support
// plans are not on Google's wire; [WithPlanSource] supplies them (a
// [PlanTable], or the fake's world.SupportPlans()).
//
// Options are checked when the Service is built; an invalid one (a nil
// option, a negative [WithLookupConcurrency] or [WithAwait] duration) makes
// every method return an error of [resellerkit.KindInvalidArgument] naming
// it. A zero value means the default, as each option says.
//
// # Normalisation
//
// Domains and addresses are compared after [NormalizeDomain] and
// [NormalizeEmail] (rule D3: case folded, trailing dot removed, IDNA to
// ASCII; an address's domain is the part after its last "@"). Every value
// this package returns is normalised.
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
// (D4), [ErrNotResellerDomain], [ErrOtherDomain] (D1),
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
// After a create they wait, with a bounded poll, until Google serves the new
// resource (rule W5; [WithAwait] bounds it), so the next setup step can use
// it. A create whose answer was lost and whose retry meets 409 duplicate
// counts as the existing resource it is.
//
// # Testing
//
// [Backend] is small and page-level: tests can implement it, or use the
// fake's World.Domains. The package's own tests run one behaviour suite
// over both the direct backend and the HTTP server, with faults injected
// in the middle of bulk runs.
package domains
