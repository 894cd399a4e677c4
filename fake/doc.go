// Package fake is an in-memory Google for resellerkit: one [World] holding
// the state of reseller accounts and their customers, served by a [Server]
// at the real REST paths of the Directory, Licensing, Reseller and Cloud
// Support APIs, so the unmodified google.golang.org/api clients, and so
// every service of this module through its google.go, run against it. It
// fakes the wire, not the client: code tested against the fake sends Google
// the same requests.
//
// The fake does what Google does, no more. Where Google enforces a rule of
// the access model, the fake answers as Google would (see Fidelity): who
// may call what (P3, P4, P5), verified domains (D4), one SKU per product
// (L1) and seat limits; it reproduces W1, W3 and W5 through its errors,
// quota and read-after-write lag. Every other rule lives in the services of
// packages domains, roles, licensing and cases, never in the fake. The
// rules named by ID here are in docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md).
//
// # Building a World
//
// A World is built from a [Seed], plain data with JSON tags: from Go
// ([NewWorld]) or from JSON ([ReadSeed], [LoadFile]). Seed errors name the
// bad entry ("tenants[3] (acme.example): users[2] (bob@acme.example):
// orgUnit "/Nope" does not exist"). [DemoSeed] is a ready world: two
// reseller accounts (one with a verified and an unverified secondary
// domain, one seeded as legacy), staff accounts that show each portal
// rule, and twenty-four customers.
//
// The demo world is itself a JSON seed, fake/seeds/demo.json in this
// module, embedded in the package: the worked example of the format, and a
// start for one's own world (copy it, edit it, load it with [LoadFile]).
// The file is what json.MarshalIndent with two-space indentation writes for
// a [Seed], so a seed written from Go looks the same. Its shape:
//
//	{
//	  "start": "2026-01-05T09:00:00Z",            // the World's clock; omitted: DefaultStart
//	  "tenants": [
//	    {
//	      "customerId": "C01a1der0",               // omitted: generated
//	      "name": "Alder Reseller",
//	      "reseller": true,                        // a reseller account (Reseller Tools privileges)
//	      "domains": [{"name": "alder-reseller.example"}, {"name": "alder-labs.example", "unverified": true}],
//	      "orgUnits": [{"path": "/Staff"}],
//	      "users": [{"email": "ana@alder-reseller.example", "orgUnit": "/Staff", "roles": ["_RESELLER_ADMIN_ROLE"]}],
//	      "groups": [{"email": "support@alder-reseller.example", "members": ["ana@alder-reseller.example"]}],
//	      "roles": [{"name": "Support portal access", "privileges": ["RESELLER_VIEW_CUSTOMERS", "SUPPORT_PRIVILEGE_GROUP"]}],
//	      "assignments": [{"role": "Support portal access", "assignee": "support@alder-reseller.example"}],
//	      "skus": [{"productId": "101001", "skuId": "1010010001", "seats": 50}],
//	      "licenses": [{"productId": "101001", "skuId": "1010010001", "user": "ana@alder-reseller.example"}]
//	    },
//	    {
//	      "name": "Acme Corp",
//	      "domains": [{"name": "acme-corp.example"}],
//	      "customer": {                            // a customer tenant of a reseller domain
//	        "resellerDomain": "alder-reseller.example",
//	        "supportPlan": "Premium",
//	        "subscriptions": [{"skuId": "1010020027", "plan": "ANNUAL", "seats": 10}]
//	      }
//	    }
//	  ]
//	}
//
// (the // notes are for this page only: JSON has no comments, and the
// reader refuses unknown fields so that a typo is an error). Every
// reference is by name: users and groups by email, roles by name, org units
// by path; the field documentation is on [Seed] and the types it holds.
//
// The World's clock is injected ([World.Now], [World.Advance],
// [World.SetTime]; it starts at [DefaultStart]) and IDs come from counters,
// so the same seed and the same calls give the same IDs, ETags and times.
// [World.Snapshot] returns a deep copy in exported types for cmp.Diff.
// A few World methods look up IDs ([World.UserID], [World.RoleID], ...) or
// change what no API the fake serves can change, as an admin would in the
// console or Google would on its own ([World.SetSuspended],
// [World.VerifyDomain], [World.SetResellerAccess], [World.Transfer],
// [World.SetSeats], ...).
//
// # Serving it
//
// In a test,
// [github.com/resellerkit/resellerkit/fake/faketest.NewServer] starts a
// Server and closes it when the test ends, and [Server.Conn] returns a
// [resellerkit.Conn] acting as a user of the World, for the module's
// services:
//
//	w, err := fake.NewWorld(fake.DemoSeed())
//	srv := faketest.NewServer(t, w, fake.WithoutListener())
//	conn, err := srv.Conn(t.Context(), "admin@"+fake.DemoAlderDomain)
//	svc, err := domains.New(conn)
//
// That Conn is served in-process ([Server.Transport]: no socket, the same
// handlers and wire format as over TCP). Its [resellerkit.Conn.Actor] is
// the user's primary email and its clock is the World's, so services know
// whom they act for and follow [World.Advance] without further options.
// [Server.DelegatedConn] authenticates the production way instead (rule
// W6): a service-account key made by [World.NewServiceAccountJSON] whose
// token_uri is [Server.TokenURL], with domain-wide delegation to a subject
// through golang.org/x/oauth2/google, as at Google.
//
// The generated clients take [Server.ClientOptions] with a user's bearer
// token ([Server.TokenFor]), and are served in-process too:
//
//	tok, _ := srv.TokenFor("admin@" + fake.DemoAlderDomain)
//	dir, _ := admin.NewService(ctx, srv.ClientOptions(tok)...)
//
// Unless built [WithoutListener], a Server also listens on a loopback port
// ([Server.URL]) for clients that cannot take a transport. The command
// fake/cmd/fakeworkspace serves a World that way, for other languages and
// for people: it prints one line of JSON with the URL and a token per
// reseller account, then serves until interrupted.
//
// Several Servers may serve one World: they share its state, faults, lag
// and clock, and each has its own routes, quota, latency and request log
// ([Server.Requests]).
//
// # Other languages: the control API
//
// What a Go test does with World methods, a program in any language does
// over HTTP on the same listener, under /fake/v1/, with the Server's
// control token ([Server.ControlToken], [WithControlToken]; fakeworkspace
// prints it in its ready line as "controlToken"). Tenant tokens are refused
// there, and the control token on Google's paths. The handlers call the
// same Go methods:
//
//	GET  /fake/v1/clock                  {"now": RFC 3339}
//	POST /fake/v1/clock:advance          {"duration": "720h"}
//	POST /fake/v1/clock:set              {"now": "2026-03-01T00:00:00Z"}
//	POST /fake/v1/faults                 the fields of Fault in JSON → {"id": …}
//	GET  /fake/v1/faults                 DELETE /fake/v1/faults/{id}
//	PUT  /fake/v1/settings               {"latency": "20ms", "readAfterWriteLag": 2, "quotaPerMinute": 600}
//	POST /fake/v1/tokens                 {"email": …} → {"token": …}
//	POST /fake/v1/serviceAccountKeys     a key whose token_uri is the fake's
//	GET  /fake/v1/world                  the world as seed JSON ([World.Seed])
//	POST /fake/v1/world:reset            back to the start seed ([World.Reset])
//
// [WithStateFile] (fakeworkspace -state FILE) keeps the world in a file:
// every acknowledged write is saved (an atomic snapshot: temp file, fsync,
// rename) before its answer is sent, so it survives SIGKILL, and the next
// start loads it. fakeworkspace -dump-seed writes the demo world as seed
// JSON; fake/seeds/sample.json is a small seed to start from.
//
// # Errors, paging, ETags
//
// Errors are Google's JSON envelope with Google's codes and reasons: 401
// authError or required, 403 forbidden, 404 notFound, 409 duplicate, 412
// conditionNotMet with the Licensing API's messages, 500 "role assignment
// exists" for a duplicate role assignment, 400 invalid, required,
// badRequest or parseError. A route the fake does not serve answers 501
// naming the API method by its discovery ID ("directory.groups.list", from a
// table generated out of the pinned discovery documents by go generate),
// the HTTP method and the path ([Server.Unhandled] lists them). Nothing a
// client sends may crash the Server (FuzzServer): a panic in the fake is a
// 500 naming it.
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
// a missing resource). With [Fault.Probability] a fault fires on a random
// fraction of the calls, for soak tests; [World.SetFaultSeed] makes the
// draws the same on every run. A read-after-write lag
// ([Server.SetReadAfterWriteLag]) makes a new resource answer 404 to its
// first reads (rule W5). [Quota] paces each user per API and answers
// Google's throttling errors (rule W3). [WithLatency] slows every answer.
//
// # Fidelity
//
// Modelled: tenants with primary and secondary domains (verified or not)
// and domain aliases; users (aliases, org unit, suspended, archived,
// deleted), nested groups, org units, the privilege tree per tenant, system
// and custom roles, role assignments (customer or org-unit scope, expiry,
// user or group assignee), license SKUs with seats and assignments, reseller
// customers with their assigned reseller domain, reseller access, support
// plan, subscriptions and tenure history. Authorization is Google's:
// privileges come from role assignments (P3 tree, P4 scope/expiry/groups),
// super admins hold everything, suspended, archived or deleted callers
// cannot act (P5), and my_customer is the caller's tenant. As at Google,
// no answer tells another tenant's customers, domains, accounts or cases
// apart from ones that do not exist: a customer ID the caller may not act
// on answers 403 forbidden whether or not it exists, and so does an
// address on a domain the caller may not act on (a value that is no
// customer ID or domain at all answers 400); a user ID the caller may not
// see answers like an unknown one; a Cloud Support parent the caller may
// not use answers 403, and a case it may not see 404, each with one
// message that names nothing (TestUniformAnswers). The Reseller API is the
// exception, by Google's design: customers.get answers 404 for a domain
// that is free to sign up. Rule D4 (a
// secondary domain must be verified before accounts use it) answers 412;
// rule L1 (one SKU per product) and seat limits answer Google's 412
// messages.
//
// Approximated, and documented as the fake's choices:
//
//   - Privilege names. Google does not publish the API strings of the
//     Reseller Tools privileges; the fake names them RESELLER_TOOLS,
//     RESELLER_CUSTOMERS, RESELLER_VIEW_CUSTOMERS, ... under its own service
//     ID, with package roles' defaults ([roles.DefaultResellerToolsServiceID],
//     [roles.DefaultViewCustomersName] and their neighbours), which is where
//     every privilege name, service ID and system role name of the fake is
//     defined. The legacy-support privileges and ROLE_MANAGEMENT are the
//     fake's names too. The admin_apis names (USERS_RETRIEVE, LICENSING,
//     SUPPORT_PRIVILEGE_GROUP, ...) and service ID are Google's, as is the
//     Reseller Admin role's name, [roles.ResellerAdminRoleName].
//
//   - reseller.subscriptions.list lists the customers assigned to the
//     caller's sign-in domain (the domain of the caller's primary email),
//     which is how the portal scopes customers (rule D1); Google lists all
//     of the reseller account's. customers.get answers 403 for customers of
//     other resellers instead of minimal data.
//
//   - Support plans are not on the wire: the Reseller API does not expose
//     them. A seed gives each customer one ([domains.SupportPlan]), and
//     [World.Snapshot] reports it, for a reseller's own plan table
//     ([domains.PlanTable]).
//
//   - Quota is a token bucket per user per API on the wall clock; over it,
//     Directory answers 403 userRateLimitExceeded, Licensing 429
//     rateLimitExceeded (Google documents 1 QPS and 503s) and Reseller 429
//     quotaExceeded.
//
//   - Error messages follow Google's where known; reasons for cases Google
//     does not document (an existing org unit: 400 invalidOrgunit; a
//     system role change: 400 invalid; deleting an assigned role or a
//     non-empty org unit: 412 conditionNotMet) are the fake's choices.
//
//   - users.update and roles.update have patch semantics, as Google
//     documents for users. The users.list query language is a subset
//     (email, names, orgUnitPath, isSuspended, isArchived, isAdmin,
//     isDelegatedAdmin), with single-quoted values and backslash escapes
//     ('/It\'s here'); free text answers 400.
//
//   - Groups and members: every method needs GROUPS_ALL (Google's Groups
//     Admin role holds it); groups.update, members.update and
//     customers.update have patch semantics too; a group's new email keeps
//     the old address as an alias, as a user's does. groups.list orders by
//     email and its query language is email:, name: (a trailing * is a
//     prefix) and memberKey=. members.hasMember answers nested membership
//     (rule P4) and, as Google documents, 400 invalid for a nested member
//     on another domain than the group. users.makeAdmin assigns the
//     _SEED_ADMIN_ROLE customer-wide (status false removes the user's own
//     such assignments); it, users.undelete (within 20 days, by user ID,
//     into the old org unit by default; role assignments, memberships and
//     licenses are not restored) and customers.patch need a super admin.
//     customers.get answers any admin; a customer tenant's alternate
//     email, phone and postal address are the Reseller API's customer's.
//
//   - Licensing accepts a customer ID or a domain as customerId, not
//     my_customer. Cloud Identity licenses are not assigned automatically
//     to new users (Google's site-based licensing does).
//
//   - A reseller user holding RESELLER_ACCESS_CUSTOMER_ADMIN acts with
//     every privilege on the customers its account manages that have not
//     revoked access.
//
//   - The read-after-write lag applies to reads by key of newly created
//     resources, not to listings nor to writes.
//
//   - Tokens do not expire; the token endpoint checks the JWT's signature
//     and expiry on the wall clock, and needs a subject. Bearer tokens are
//     an HMAC of the user under a random key per World, so they differ from
//     run to run; Seed.TokenSecret fixes them.
//
//   - Reseller API writes (customers.insert/patch/update, subscriptions
//     insert, changeSeats, changePlan, changeRenewalSettings,
//     startPaidService, suspend, activate, delete): a domain Google already
//     has answers 409; a customer of another reseller, or one that turned
//     reseller access off (D5), 403; seat changes below the licenses in use
//     or on the plan's wrong seat field 400 with Google's messages. A
//     SKU's Licensing seats are the sum of its subscriptions' seats, so the
//     Licensing 412 "not enough licenses" follows changeSeats (L4, S4).
//     Which Reseller Tools privilege each write needs is the fake's choice
//     (Google publishes no mapping): Add Customers for customers.insert,
//     Edit Customers for the other writes.
//
//   - Answers carry what Google sends where Go's encoder would drop it:
//     users' default-false booleans and emails[], domains' isPrimary and
//     verified, roles' isSuperAdminRole and isSystemRole, privileges'
//     isOuScopable. Cloud Support, a proto3 API, omits default values
//     (escalated: false is not sent), as Google's JSON mapping does.
//
//   - Partial responses: fields= (Google's syntax: a,b/c,items(d,e),*) on
//     every method; an unknown field answers 400 "Invalid field selection".
//
//   - Batch: Google's multipart/mixed protocol on /batch and each API's
//     batchPath (/batch/admin/directory_v1, /batch/licensing/v1,
//     /batch/reseller/v1, /batch/cloudsupport/v2), at most 1,000 calls, each
//     served as one call with its own status, quota, faults and auth.
//
//   - A Seed may rename the Reseller Tools privileges and service
//     (Seed.ResellerToolsNames), to test code that learns a tenant's names
//     (package roles) on names unlike the defaults.
//
// Missing: users photos, group aliases (groups.aliases; a seed gives
// them), members outside the group's tenant (external and customer
// members answer 400), transfer tokens (customerAuthToken), role
// assignment conditions' semantics, and the 500-assignment and 750-role
// limits.
//
// Support cases (the Cloud Support API v2, for package cases):
//   - Modelled: cases.create (display name, description, a classification
//     ID and a priority required; the creator's email and display name as
//     given, both or neither, else the caller), get, list (filter), search
//     (query: state, priority with OR, creator.email, update_time>, quoted
//     free text), patch (updateMask priority, display_name,
//     subscriber_email_addresses; an empty mask updates all three), close,
//     escalate (reason and justification required), comments.create and
//     list (12,800 characters at most), attachments.list, media.upload
//     (multipart or simple; resumable uploads, which the discovery
//     document does not offer, answer 400) and caseClassifications.search
//     (display_name:"*pattern*" or display_name="name"). Who may call: a
//     user of the customer's own tenant holding the Support privilege
//     (super admins hold everything), or a user of the reseller account
//     that manages the customer, signed in on the reseller domain the
//     customer is assigned to (rule D1), holding Access Customer Support
//     Cases, for a customer that has not revoked reseller access (D5);
//     anyone else gets 403, as does a customer that does not exist. A
//     reseller's staff see only the cases filed while their reseller
//     account managed the customer (rule C4, from the tenure history of
//     [World.Transfer], as [World.CaseTenure] gives it to package cases):
//     the others are absent from listings and answer 404 like unknown
//     cases, so every client sees what a reseller sees.
//   - Like Google, the fake has no reopen method (a closed case stays
//     closed; [World.SetCaseState] moves open cases only), keeps no close
//     time, and leaves the access model's other case rules to package
//     cases: it escalates a case whatever the customer's support plan (rule C8;
//     Google documents escalation as available "for some support services"
//     only, without a list).
//   - Approximated: the parent is the fake's naming, projects/<customer
//     ID> ([CaseParent]; real parents are Cloud organizations and
//     projects); the case classifications are an illustrative catalogue of
//     Google Workspace topics in Google's form ("Technical Issue > Gmail"),
//     with the fake's own IDs, since Google publishes neither; searches
//     answer newest update first, 10 per page by default and 100 at most,
//     where Google documents no order; free text matches whole words; a new
//     case may stay out of searches for [World.SetCaseListingLag] (rule
//     C11); closing a closed case, and escalating a closed or escalated
//     one, answer 412 conditionNotMet, and so does patching a closed case,
//     where Google documents no answer. Attachments are held in memory,
//     so they are bounded where Google documents no limit: 32 MiB each,
//     answered 413 with the message Google's front end gives an oversized
//     payload, refused before reading when the request declares more; and
//     256 MiB for all of a World's ([World.SetAttachmentLimit]), answered
//     413 fakeAttachmentLimit. A refused upload keeps nothing.
//   - Missing: supportEventSubscriptions, and v2beta's showFeed; they
//     answer 501. media.download answers the file's bytes with alt=media,
//     and otherwise a Media resource with the file's name, type and length
//     only.
package fake
