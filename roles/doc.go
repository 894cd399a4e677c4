// Package roles reads and manages what a Google Workspace tenant's admin
// roles let its accounts do: the privilege tree, roles, role assignments,
// and the effective privileges of one account, which the access rules of
// package access are decided from.
//
// The rules named by ID in this package (P1–P5, P7 and P8 on portal access,
// S5 on the staff role, and W1–W5 on working against Google) are in
// docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md).
//
// # Overview
//
// A tenant's privileges form a tree (rule P3): holding a parent privilege
// grants its children. [Service.Privileges] reads the tree
// (privileges.list) once per tenant and caches it; concurrent callers share
// one fetch, and [Service.InvalidatePrivileges] drops it. [Tree] answers
// "what does this privilege give" ([Tree.Expand]) and "does this one give
// that one" ([Tree.Implies]).
//
// The access rules depend on five privileges, named by SDK keys:
// [ViewCustomers], [AccessCustomerSupportCases], [Support],
// [EnterpriseLegacySupport] and [ResellerEnterpriseLegacySupport]. Each
// key is resolved to the tenant's (serviceId, privilegeName). A key whose
// privilege the tenant lacks is reported as absent, not as an error: the
// legacy support privileges exist only on some tenants ("if available",
// rule P1.3).
//
// Google does not publish the API names of the Reseller Tools privileges
// (Reseller Tools › Customers › View Customers, Access Customer's Support
// Cases, ...) nor of the legacy support ones, only the role name of the
// pre-built Reseller Admin role, [ResellerAdminRoleName]. So a Service
// learns each tenant's names ([Service.LearnNames]): from its privilege
// tree (service names, the parent/child structure) and the privileges its
// Reseller Admin role holds, it matches each key and reports how
// ([Discovery], [Match.Evidence]). It refuses to guess: when two
// privileges fit one key the answer is an [*AmbiguousPrivilegeError]
// naming them, and every method that needs the names fails with it rather
// than fall back to defaults (rule P7). Pin the right names with
// [WithNameTable]; a pinned table is used as given and only looked up in
// the tenant's tree. The examples/privileges program prints a tenant's
// tree and what was learned (go run ./examples/privileges -credentials
// key.json -subject admin@your-reseller.example).
//
// The defaults ([DefaultNameTable]) are the names package fake serves,
// which takes every privilege name, service ID and system role name from
// this package (names.go), so the SDK and the fake cannot drift apart;
// learning tries them first. The fake can also serve unfamiliar names
// (fake.Seed.ResellerToolsNames), which is how learning is tested. The
// Reseller Admin role is also recognised by its privileges, as the system
// role holding both View Customers and Access Customer's Support Cases
// ([Service.FindResellerAdminRole]).
//
// Roles: [Service.ListRoles], [Service.GetRole], [Service.FindRole],
// [Service.FindSuperAdminRole], [Service.FindResellerAdminRole],
// [Service.CreateRole], [Service.DeleteRole], and
// [Service.EnsureCustomRole], which follows rule S5: an existing role of
// the same name and the same privileges is reused, one with other
// privileges is an error naming the difference ([RoleConflictError]),
// never a silent change.
//
// Assignments: [Service.ListAssignments] by role or by user (Google refuses
// both filters at once; the Service then filters the role itself),
// [Service.EnsureAssignment] and its bulk form [Service.EnsureAssignments]
// (Google's 500 "role assignment exists" is success for an ensure),
// [Service.Revoke] and [Service.RevokeRole].
//
// Effective privileges: [Service.Effective] reads an account, its direct and
// group assignments (nested groups included) and their roles, and computes
// an [Effective]: each privilege the account holds with the assignment that
// grants it ([Grant]). Only customer-wide, unexpired assignments grant
// (rule P4; an assignment grants while now < its expiry time); a suspended,
// archived or deleted account is Blocked (P5); the super admin role holds
// every privilege. Assignments that grant nothing are listed in
// Effective.Skipped with the reason. [Service.EffectiveFrom] is the same
// computation over facts already read, for bulk work.
//
// Changes to roles can take up to 24 hours to apply at Google (P8): what
// this package returns is the state as read.
//
// # Creating a Service
//
// Over Google, from a [resellerkit.Conn] whose credentials carry the scopes
// admin.directory.rolemanagement and admin.directory.user.readonly:
//
//	conn, err := resellerkit.Dial(ctx,
//		resellerkit.WithServiceAccountFile("key.json"),
//		resellerkit.WithSubject("admin@reseller.example"))
//	...
//	s, err := roles.New(conn) // learns each tenant's privilege names
//
// The Service judges expiry (rule P4) by the Conn's clock
// ([resellerkit.WithClock], time.Now by default). Options are checked by
// New: an invalid one is an error of [resellerkit.KindInvalidArgument]
// naming it.
//
// The Service has no pluggable backend: Google is its only implementation,
// and tests run the same code against package fake's Server (see Testing).
//
// Every method takes the customer: a customer ID, or "my_customer" for the
// tenant of the signed-in admin.
//
// Writes land once although Google's answer to one can be lost (rule W1).
// The Conn does not resend an insert after a 5xx or a broken connection,
// since Google may have applied it: the Service looks the role (by name)
// or the assignment (in the assignee's listing) up, and sends it again
// only when it is not there. A duplicate answer after such a lost answer
// is the Service's own write, reported [resellerkit.OutcomeCreated] (or
// Updated); a 404 to a delete the Conn resent after a lost answer is the
// Service's own delete. Listings that lag behind a write are polled within
// [WithAwait] (rule W5).
//
// # Errors
//
// Every error is, or wraps, a [*resellerkit.Error]; branch with errors.Is
// and the sentinels of package resellerkit. Its Op is the method called
// ("roles.EnsureCustomRole") and, when Google answered, its Call is the API
// method that failed ("directory.roles.insert"). Bad input is
// [resellerkit.KindInvalidArgument] wrapping a [*resellerkit.FieldError]
// that names the field. Google's answers keep their class
// ([resellerkit.KindNotFound] for an unknown role or account,
// [resellerkit.KindPermissionDenied] when the signed-in admin lacks the
// role-management privilege, ...). A role-name conflict under S5 is
// [resellerkit.KindFailedPrecondition] and errors.Is(err,
// [ErrRoleConflict]); it is deliberately not KindAlreadyExists, which Ensure
// callers read as success.
//
// # Iteration
//
// Listings return iter.Seq2[T, error]: pages are fetched as the loop asks
// for them, breaking out stops fetching, and an error is yielded once. The
// …Page methods return one page, for UIs. Retries of a failed page happen
// inside the Conn (rule W4), never by restarting the listing.
//
// Page sizes: a resellerkit.PageRequest.Size of 0 lets Google choose; one
// above the API's cap ([MaxRolesPage], [MaxAssignmentsPage]) is clamped to
// the cap silently; a negative one is an error of
// [resellerkit.KindInvalidArgument].
//
// # Testing
//
// Package fake serves the real Directory API in-process; its privilege
// trees and role names are this package's. A Conn from the fake's Server
// acts as one of its users and carries the World's clock, so expiry follows
// World.Advance with no option:
//
//	w, _ := fake.NewWorld(fake.DemoSeed())
//	srv := faketest.NewServer(t, w, fake.WithoutListener())
//	conn, _ := srv.Conn(ctx, "admin@"+fake.DemoAlderDomain)
//	s, _ := roles.New(conn)
//	w.Advance(time.Hour) // an assignment expiring within the hour grants nothing now
//
// Faults (Server.Fail), small pages (fake.WithPageCap) and read-after-write
// lag (Server.SetReadAfterWriteLag) reach the Service as Google's would.
package roles
