// Package fake is an in-memory Google for resellerkit: one [World] holding
// the state of reseller accounts and their customers, served over HTTP by a
// [Server] at the real REST paths of the Directory, Licensing and Reseller
// APIs, so the unmodified google.golang.org/api clients (and so every
// Google-backed service of this module) run against it. It fakes the wire,
// not the client.
//
// Where Google enforces a rule of the access model, the fake does too: the
// P, D, S, L and C rules it models (see Fidelity), and W1, W3 and W5
// through its errors, quota and read-after-write lag. The rules named by ID
// here are in docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md).
//
// # Building a World
//
// A World is built from a [Seed], plain data with JSON tags: from Go
// ([NewWorld], [DemoSeed]) or from a JSON file ([LoadJSON], [LoadFile]).
// Seed errors name the bad entry ("tenants[3] (acme.example): users[2]
// (bob@acme.example): orgUnit "/Nope" does not exist"). [DemoSeed] is a
// ready world: two reseller accounts (one with a verified and an unverified
// secondary domain, one seeded as legacy), staff accounts that show each
// portal rule, and twenty-four customers.
//
// The World's clock is injected ([World.Now], [World.Advance],
// [World.SetTime]; it starts at [DefaultStart]) and IDs come from counters,
// so the same seed and the same calls give the same IDs, ETags and times.
// [World.Snapshot] returns a deep copy in exported types for cmp.Diff.
// Exported World methods seed and inspect state directly, without HTTP
// ([World.AddUser], [World.Assign], [World.SetSuspended], [World.Transfer],
// [World.SetSeats], [World.SetResellerAccess], [World.TokenFor], ...).
//
// # Serving it
//
// In a test:
//
//	w, _ := fake.NewWorld(fake.DemoSeed())
//	srv := faketest.NewServer(t, w)
//	tok, _ := srv.TokenFor("admin@alder-reseller.example")
//	dir, _ := admin.NewService(ctx, srv.ClientOptions(tok)...)
//
// or, for the module's services, a [resellerkit.Conn] acting as a user:
//
//	conn, _ := srv.Conn(ctx, "admin@alder-reseller.example")
//	svc := roles.New(conn)
//
// That Conn carries the user's bearer token, so it does not know whom it
// acts as ([resellerkit.Conn.Subject] is ""). [Server.DelegatedConn] goes
// the production way instead: a service-account key made by
// [World.NewServiceAccountJSON] whose token_uri is the Server's
// [Server.TokenURL], with domain-wide delegation to a subject through
// golang.org/x/oauth2/google, as at Google; its Subject is set:
//
//	conn, _ := srv.DelegatedConn(ctx, "admin@alder-reseller.example")
//	svc := domains.New(conn) // knows its actor (rule D1)
//
// The command fake/cmd/fakeworkspace serves a World for other languages and
// for people: it prints one line of JSON with the URL and a token per
// reseller account, then serves until interrupted.
//
// # Direct backends
//
// Every API method is one World operation that takes the caller and the
// generated request struct and returns the generated response struct or an
// [*APIError]. The HTTP handlers are thin wrappers over them, and so are the
// domains, roles and licensing packages' direct backends (files direct_*.go),
// which skip HTTP for fast tests yet behave exactly alike: same checks,
// same errors ([APIError.GoogleError] is what the client would have
// decoded), same faults.
//
// # Errors, paging, ETags
//
// Errors are Google's JSON envelope with Google's codes and reasons: 401
// authError or required, 403 forbidden, 404 notFound, 409 duplicate, 412
// conditionNotMet with the Licensing API's messages, 500 "role assignment
// exists" for a duplicate role assignment, 400 invalid, required,
// badRequest or parseError. A route the fake does not serve answers 501
// naming the API method by its discovery ID ("directory.groups.list", from a
// table generated out of the pinned discovery documents), the HTTP method
// and the path ([Server.Unhandled] lists them). Nothing a
// client sends may crash the Server (FuzzServer).
//
// Listings page with opaque tokens bound to the query and each method's
// cap (users 500, roles 100, role assignments 200, licenses 1000,
// subscriptions 100); [WithPageCap] forces small pages. Every resource and
// listing has an ETag that changes on write; If-None-Match answers 304.
//
// # Faults, lag, quota, latency
//
// [World.Fail] (or [Server.Fail]) makes a method, by discovery method ID
// ("directory.roleAssignments.insert") or "*", fail with a status and
// reason, after Skip calls, for Count calls, with latency. With
// [Fault.AfterApply] the answer is lost instead: the write is applied and
// the caller gets the error, so a retry meets its own write (a duplicate,
// a missing resource). A
// read-after-write lag ([World.SetReadAfterWriteLag]) makes a new resource
// answer 404 to its first reads (rule W5). [Quota] paces each user per API
// and answers Google's throttling errors (rule W3). [WithLatency] slows
// every answer.
//
// # Fidelity
//
// Modelled: tenants with primary and secondary domains (verified or not)
// and domain aliases; users (aliases, org unit, suspended, archived,
// deleted), nested groups, org units, the privilege tree per tenant, system
// and custom roles, role assignments (customer or org-unit scope, expiry,
// user or group assignee), license SKUs with seats and assignments, reseller
// customers with their assigned reseller domain, reseller access, support
// plan, subscriptions and tenure history. Authorization follows the rules
// the SDK encodes: privileges come from role assignments (P3 tree, P4
// scope/expiry/groups), super admins hold everything, suspended, archived
// or deleted callers cannot act (P5), and my_customer is the caller's
// tenant. Rule D4 (a secondary domain must be verified before accounts use
// it) answers 412; rule L1 (one SKU per product) and seat limits answer
// Google's 412 messages.
//
// Approximated, and documented as the fake's choices:
//   - Privilege names. Google does not publish the API strings of the
//     Reseller Tools privileges; the fake names them RESELLER_TOOLS,
//     RESELLER_CUSTOMERS, RESELLER_VIEW_CUSTOMERS, ... under its own service
//     ID [ServiceIDResellerTools] (see [PrivViewCustomers] and its
//     neighbours). The legacy-support privileges and ROLE_MANAGEMENT are
//     the fake's names too. The admin_apis names (USERS_RETRIEVE,
//     LICENSING, SUPPORT_PRIVILEGE_GROUP, ...) and service ID are Google's.
//   - The Reseller Admin role's name, [RoleResellerAdmin]
//     ("_RESELLER_ADMIN_ROLE"), is a guess; find it at run time by
//     isSystemRole and its privileges.
//   - reseller.subscriptions.list lists the customers assigned to the
//     caller's sign-in domain (the domain of the caller's primary email),
//     which is how the portal scopes customers (rule D1); Google lists all
//     of the reseller account's. customers.get answers 403 for customers of
//     other resellers instead of minimal data.
//   - Support plans are not on the wire: the Reseller API does not expose
//     them; read them with [World.SupportPlan].
//   - Quota is a token bucket per user per API on the wall clock; over it,
//     Directory answers 403 userRateLimitExceeded, Licensing 429
//     rateLimitExceeded (Google documents 1 QPS and 503s) and Reseller 429
//     quotaExceeded.
//   - Error messages follow Google's where known; reasons for cases Google
//     does not document (an existing org unit: 400 invalidOrgunit; a
//     system role change: 400 invalid; deleting an assigned role or a
//     non-empty org unit: 412 conditionNotMet) are the fake's choices.
//   - users.update and roles.update have patch semantics, as Google
//     documents for users. The users.list query language is a subset
//     (email, names, orgUnitPath, isSuspended, isArchived, isAdmin,
//     isDelegatedAdmin), with single-quoted values and backslash escapes
//     ('/It\'s here'); free text answers 400.
//   - Licensing accepts a customer ID or a domain as customerId, not
//     my_customer. Cloud Identity licenses are not assigned automatically
//     to new users (Google's site-based licensing does).
//   - A reseller user holding RESELLER_ACCESS_CUSTOMER_ADMIN acts with
//     every privilege on the customers its account manages that have not
//     revoked access.
//   - The read-after-write lag applies to reads by key of newly created
//     resources, not to listings nor to writes.
//   - Tokens do not expire; the token endpoint checks the JWT's signature
//     and expiry on the wall clock, and needs a subject.
//
// Missing: groups and members routes (seed groups directly), users
// aliases/makeAdmin/undelete/photos, customers.insert/patch and the rest of
// the Reseller API's writes, transfer tokens (customerAuthToken), role
// assignment conditions' semantics, the 500-assignment and 750-role limits,
// and batch requests. The Cloud Support API routes for support cases are
// served by the cases_*.go files, which document their own fidelity.
package fake
