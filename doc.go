// Package resellerkit is the root of an SDK for the Google Workspace reseller
// access model: who on a reseller's team may use Google's support portal, for
// which customers, and how to set that up and keep it so. It is meant to be
// embedded in a reseller's own tools (an internal dashboard, an onboarding
// job, a case desk).
//
// This package holds what a caller of the others handles: the connection
// to Google ([Conn], [Dial]) and its retry and pacing policies
// ([RetryPolicy], [Pacing]), the error type ([Error], [Kind], its
// sentinels, [KindOf], [Wrap]), listing ([Page], [PageRequest], [All],
// [Collect]) and the shapes of bulk and ensure results ([Outcome],
// [BulkOptions], [Progress], [AwaitPolicy]). How the services raise errors
// and run bulk jobs is not part of it: those helpers are internal to the
// module. The work happens in its packages:
//
//   - domains: reseller accounts, their domains, customers per domain, staff
//     accounts and their org unit
//   - roles: the privilege tree, roles and role assignments
//   - licensing: products and SKUs, license assignments, seat usage
//   - access: the portal-access policy, as decisions with reasons, coverage
//     per staff member, and the setup plan and its apply
//   - cases: support cases and their rules (visibility, reopen window,
//     escalation, personal data)
//   - fake: an in-memory Google that the real clients talk to, for tests
//
// The rules these packages enforce carry IDs (P1–P8 portal access, D1–D5
// domains, S1–S7 setup, L1–L4 licensing, C1–C12 cases, W1–W6 working
// against Google); doc comments and tests name them, so grep finds a rule's
// code and tests. The rules named by ID in this package (chiefly W1–W6, on
// retries, pacing, listings and credentials) and in the others are in
// docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md), one
// anchor per ID (docs/rules.md#w1).
//
// # Creating a connection
//
// A [Conn] is an authenticated connection to the four Google APIs the SDK
// uses: the Admin SDK Directory API, the Enterprise License Manager API,
// the Reseller API and the Cloud Support API v2. The packages take one in
// their New constructors:
//
//	conn, err := resellerkit.Dial(ctx,
//		resellerkit.WithServiceAccountFile("reseller-sa.json"),
//		resellerkit.WithSubject("admin@reseller.example"),
//	)
//	if err != nil { ... }
//	svc, err := roles.New(conn)
//
// Against the fake, the server hands out a Conn for any of its users
// (see package fake):
//
//	srv := faketest.NewServer(t, world)
//	conn, err := srv.Conn(ctx, "admin@alder-reseller.example")
//
// or, from a program, [WithEndpoint] with the fake's URL and [WithTokenSource]
// with one of its tokens. Never point production credentials at a fake or at
// any endpoint you do not trust: the Conn sends it a valid access token.
//
// # Authentication and domain-wide delegation
//
// The Admin SDK acts as an administrator. The usual setup (rule W6) is a
// service account with domain-wide delegation that impersonates a super
// admin of each reseller account: one Conn per reseller account, with
// [WithServiceAccountJSON] or [WithServiceAccountFile] and [WithSubject].
// Only keys of type "service_account" are accepted. [WithTokenSource] takes
// tokens minted elsewhere; [WithoutAuthentication] is for fakes. Dial
// requires one of them and never falls back to ambient credentials.
//
// Every scope a Conn requests must be granted to the service account's
// client ID in the Admin console (Security › API controls › Domain-wide
// delegation); one missing scope and Google issues no token at all. The
// scopes each package needs, least privilege first:
//
//   - domains: [ScopeDirectoryDomainReadonly] (domains), [ScopeDirectoryUser]
//     (staff accounts; [ScopeDirectoryUserReadonly] to only read them),
//     [ScopeDirectoryOrgUnit] (the staff org unit), [ScopeResellerReadonly]
//     (customers per reseller domain)
//   - roles: [ScopeDirectoryRoleManagement]
//     ([ScopeDirectoryRoleManagementReadonly] to only read)
//   - licensing: [ScopeLicensing], and [ScopeResellerReadonly] for seat
//     counts of resold subscriptions
//   - access: the read scopes of the three above
//   - cases, with the Cloud Support store: [ScopeCloudPlatform]
//
// [DefaultScopes] is the set domains, roles and licensing need; it leaves
// out the broad cloud-platform scope, which [WithScopes] adds when the
// cases package talks to the Cloud Support API.
//
// Tokens are cached per Conn and refreshed before they expire; after a 401
// the Conn drops its token and tries once more. Tokens, keys and
// Authorization headers never appear in logs or error messages.
//
// # Errors
//
// Every error the SDK returns is, or wraps, an [*Error] with a [Kind]. Test
// it with errors.Is and the sentinels ([ErrNotFound], [ErrAlreadyExists],
// [ErrPermissionDenied], [ErrRateLimited], ...), or with [KindOf]:
//
//	if errors.Is(err, resellerkit.ErrNotFound) { ... }
//
// An Error's Op is the SDK operation the caller called ("package.Method");
// its Call, when Google answered, the API method that failed, by its
// discovery ID, since one operation may make several calls:
//
//	domains.EnsureAccount: not found (directory.users.get: HTTP 404 notFound): ...
//
// [Wrap] classifies Google's answers by HTTP status and machine reason (rule
// W1) and keeps the original *googleapi.Error or *oauth2.RetrieveError
// reachable with errors.As; the services apply it to every answer, and code
// that calls Google itself through the Conn's clients ([Conn.Directory],
// ...) can apply it too. Packages wrap their own domain errors (such as
// licensing.ErrAutoLicensed) so that both the domain error and the Kind's
// sentinel match. Invalid input is [KindInvalidArgument] with
// a [FieldError] naming the field. [IsRetryable] tells transient errors
// apart, though the Conn has already retried them.
//
// Code that implements one of the SDK's interfaces (a domains.PlanSource,
// say) returns an [*Error] too, built as a literal, so the service's
// callers can branch on its Kind:
//
//	return domains.PlanUnknown, &resellerkit.Error{Kind: resellerkit.KindUnavailable, Op: "billing.Plan", Err: err}
//
// # Retries and pacing
//
// Under the generated clients, each HTTP request goes through the Conn's
// layers: retry of transient answers with exponential backoff, jitter and
// Retry-After, never past the context's deadline (rules W1, W2; see
// [RetryPolicy]); a client-side rate limiter per API at Google's quotas
// (rule W3; see [Pacing]); the token; and Debug logging ([WithLogger]).
// Retrying per request means a listing whose page 7 is throttled resumes at
// page 7 (rule W4). [WithoutRetry] and WithPacing(Pacing{}) turn the layers
// off.
//
// # Iteration
//
// Listings are iter.Seq2[T, error] built with [All] over a page fetch:
// pages are requested lazily, breaking out of the loop stops requests, an
// error is yielded once and ends the sequence, and a page token the server
// repeats is reported as [ErrPaginationLoop] (rule W4). [Collect] returns
// the items read so far with the error, so a caller can tell a complete
// listing from an incomplete one: never reconcile destructively on the
// latter.
//
//	for a, err := range svc.ListAssignments(ctx, customerID, nil) {
//		if err != nil { return err }
//		...
//	}
//
// Bulk Ensure… methods take a [*BulkOptions] (bounded concurrency,
// progress) and return one result per item, in input order, with its
// [Outcome]; they keep going past a failed item. After a write, a service
// polls until Google shows it, bounded by an [AwaitPolicy] (rule W5).
//
// # Testing
//
// Package fake is an in-memory Google: a World of tenants, users, roles,
// licenses and customers, served at the real REST paths, in process through
// an http.RoundTripper or over TCP, so the unmodified google.golang.org/api
// clients, and therefore a Conn and every service's google.go, work
// against it. It injects faults (statuses, throttling, latency,
// read-after-write lag) by API method. The services have no other backend:
// a test reaches the fake through a Conn (faketest.NewServer, then
// srv.Conn), which acts as the given user, follows the World's clock, and
// is unpaced with short retry pauses.
package resellerkit
