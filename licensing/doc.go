// Package licensing reads and sets Google Workspace and Cloud Identity
// licenses of user accounts: who holds which SKU, how many seats an SKU has
// left, and which accounts are licensed twice. It encodes the licensing rules
// of the reseller access model: L1-L4, and S2 and S4 of the staff-account
// setup (each reseller staff account needs a Cloud Identity Free license).
//
// The rules named by ID in this package (L1–L4, S2 and S4, and W1–W5 on
// working against Google) are in docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md).
//
// # Products and SKUs
//
// Products and SKUs have named constants ([ProductCloudIdentityFree],
// [SKUCloudIdentityFree], [SKUBusinessStandard], ...) and a table
// ([Catalog], [LookupSKU], [SKUID.Name]) taken from Google's "Products and
// SKUs" page. Google adds SKUs more often than this package is released, so
// every method takes plain IDs: an SKU missing from the table works all the
// same, only without a display name (rule L3). [ParseSKU] reads names, IDs
// and "product/sku".
//
// # Rules
//
//   - L1: a user holds at most one SKU per product. Changing SKU is an update
//     of that license ([Service.ChangeSKU], or [Service.Ensure] with
//     EnsureOptions.Switch), never a second license; otherwise Google's
//     "different SKU" answer becomes an error wrapping [ErrOtherSKU].
//   - L2: [Service.Ensure] treats "already has this license" as success
//     (OutcomeUnchanged); the plain insert [Service.Assign] reports it as
//     [ErrAlreadyAssigned], of KindAlreadyExists.
//   - L4: [Service.SeatUsage] gives assigned versus available seats per SKU;
//     [Service.CheckSeats] refuses a job that would not fit.
//   - S2: [Service.DoubleLicensed] lists the accounts holding both a
//     Workspace and a Cloud Identity license: the symptom of automatic
//     licensing being on. Turning it off is a manual step; no API does it.
//   - S4: no free seat is an error wrapping [ErrNoSeats] (of
//     KindFailedPrecondition) that says a super admin must request more seats.
//
// # Where seat counts come from
//
// The Licensing API has no method that returns the number of seats of an
// SKU. A [SeatSource] supplies it: [ResellerSeats] (the default of [New])
// reads the Reseller API subscription of a resold SKU (numberOfSeats for
// annual plans, maximumNumberOfSeats for flexible and trial ones), and
// [StaticSeats] holds numbers the caller copied from Admin console ›
// Billing (the reseller's own Cloud Identity Free seats are not a resold
// subscription, and no API reports them). [SeatUsage].Source says which was
// used.
//
// SeatSource is the one interface of this package, because it has
// implementations outside it: the seat counts Google does not report come
// from the caller (a config file, a billing system), so callers write their
// own ([SeatSourceFunc] adapts a function) and chain them after
// ResellerSeats with [SeatSources].
//
// Google treats Cloud Identity as site-based licensing: once the Cloud
// Identity Free subscription exists, new users of the tenant may receive the
// license automatically, and such a license cannot be removed
// ([ErrAutoLicensed]). Ensure then simply reports it unchanged, and
// [Service.EnsureLicenses], which lists the holders first, sends no insert
// for them at all: Google has been seen answering backendError to explicit
// inserts of Cloud Identity Free on such tenants
// (https://github.com/GAM-team/GAM/issues/1176), which
// would end, after the Conn's retries, as a KindUnavailable item.
//
// A user created moments ago may not be visible to the Licensing API yet
// (rule W5): its insert can fail as an invalid user. Wait for the account
// in the Directory API first (the domains package), then ensure licenses.
//
// # Creating a Service
//
// Against Google, from a [resellerkit.Conn] (scope
// https://www.googleapis.com/auth/apps.licensing, plus apps.order.readonly for
// the Reseller API seat counts):
//
//	conn, err := resellerkit.Dial(ctx, resellerkit.WithServiceAccountFile(path), resellerkit.WithSubject(admin))
//	...
//	lic, err := licensing.New(conn,
//		licensing.WithSeatSource(licensing.SeatSources(licensing.ResellerSeats(conn),
//			licensing.StaticSeats{licensing.SKUCloudIdentityFree: 50})))
//
// Against the in-memory fake the code is the same, with a Conn from the
// fake's Server:
//
//	srv := faketest.NewServer(t, world)
//	conn, err := srv.Conn(ctx, "admin@reseller.example")
//	...
//	lic, err := licensing.New(conn)
//
// Every request goes through the Conn's retry and pacing (rules W1-W4);
// [Service.EnsureLicenses] runs many users at the Conn's pace with bounded
// concurrency.
//
// Writes land once although Google's answer to one can be lost (rule W1).
// The Conn does not resend an insert after a 5xx or a broken connection,
// since Google may have applied it: the Service reads the license back
// (licenseAssignments.get) and sends the insert again only when the user
// does not hold it; "already has a license" in answer to that second send
// is its own insert, reported [resellerkit.OutcomeCreated]. A change of
// SKU whose answer was lost is read back on the new SKU, polled within
// [WithAwait] while Google answers 404 (rule W5); a 404 to a delete the
// Conn resent after a lost answer is the Service's own delete.
//
// [New] checks its arguments: a nil conn or an invalid option (a nil option
// or seat source, a page size outside 1..[MaxPageSize]) is an error of
// [resellerkit.KindInvalidArgument] naming it.
//
// # Errors
//
// Every error is a *resellerkit.Error, whose Op is the method called
// ("licensing.EnsureLicenses") and, when Google answered, whose Call is the
// API method that failed ("licensing.licenseAssignments.insert"). Besides
// the kinds of
// [resellerkit.Wrap] (KindNotFound for a license the user does not hold,
// KindPermissionDenied, KindRateLimited after retries, ...), Google's 412
// conditionNotMet answers become the domain errors [ErrAlreadyAssigned],
// [ErrOtherSKU], [ErrNoSeats] and [ErrAutoLicensed]; each matches both
// itself and its class under errors.Is. Bad arguments are
// KindInvalidArgument with a [resellerkit.FieldError] naming the argument.
// [Service.Revoke] of a license the user does not hold is KindNotFound:
// test it with errors.Is(err, resellerkit.ErrNotFound) when only the end
// state matters.
//
// # Iteration
//
// [Service.List] returns an iter.Seq2 that fetches pages as the loop asks
// for them and yields an error once, at the end; [Service.ListPage] returns
// one page for UIs, given a [resellerkit.PageRequest]. The Licensing API
// requires the customer (its ID or primary domain) for every listing.
//
// Page sizes: List uses the Service's page size, [DefaultPageSize] unless
// [WithPageSize] sets one; ListPage uses PageRequest.Size, 0 meaning the
// Service's, capped at [MaxPageSize] (a negative size is an error).
//
// # Ensure and bulk work
//
// [Service.Ensure] returns the license, the [resellerkit.Outcome] (created,
// updated, unchanged, or failed) and an error. [Service.EnsureLicenses] takes many users, lists the
// product's holders once, and inserts only the missing licenses, with
// bounded concurrency and a progress callback ([resellerkit.BulkOptions]).
// It returns one [AssignmentResult] per user and keeps going past failures;
// a second run writes nothing and reports every user as unchanged.
//
// # Testing
//
// Package fake serves the Licensing and Reseller APIs in-process
// (fake.Server.Conn) with Google's 412 messages, so the rules above behave
// as against Google, through the same code. The fake enforces the seats it
// was seeded with; give the Service the reseller tenant's own seat count
// with [StaticSeats], as against Google, while resold customers' seats come
// from their seeded subscriptions through [ResellerSeats].
package licensing
