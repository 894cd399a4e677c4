// Package access answers "who on my team can reach the support portal, for
// which customers, why, and what must change", and sets the team up.
//
// It builds on the domains, roles and licensing packages and has three
// parts.
//
// The rules named by ID in this package (P1–P8 on portal access, D1–D5 on
// domains, S1–S7 on setup, C1 and C10 where the cases package relies on it,
// and W4–W6 on working against Google) are in docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md).
//
// # Decisions (rules P1 to P8)
//
// [Decide] is a pure function from [Facts] (an account, its state, its
// effective privileges from the roles package, the time they were read) and
// a [Profile] (the Google Cloud Support Portal, the default, or the older
// Customer Care Portal: rule P2) to a [Decision]: allowed or not, with the
// grant behind each path of rule P1 that holds (Reseller Admin, the custom
// role's privileges, the legacy support privileges, super admin), or each
// requirement a denied account lacks. It denies by default (zero facts are
// denied), denies a suspended, archived or deleted account whatever its
// roles (P5), notes assignments that had expired when read (P4), ignores
// the retired Support Manager role and says so (P6),
// and carries the read time, since Google can take up to 24 hours to apply
// a role change (P8). Deciding from [Prepared] facts takes about a tenth of
// a microsecond and does not allocate.
//
// A failure to read facts is an error, never a denial (P7): the functions
// that read ([Checker.Facts], [Gather]) return errors, and only Decide
// decides. [Decision.Err] turns a denial into an error for callers that must
// refuse an operation (the cases package, rule C1).
//
// [Explain] renders a decision for people in English, French, Swedish,
// Japanese, Indonesian and Italian, naming privileges by their console path
// in that language ("Outils pour les revendeurs › Clients › Afficher les
// clients"); any other language gets English. [Plan.In] renders a setup
// plan in the same languages, for a support lead to review in their own,
// and [StepKind.Label] and [Action.Label] name its steps.
//
// # Visibility and coverage (rules D1, D2, D5)
//
// The portal shows an account only the customers assigned to the reseller
// domain it signs in with (D1), so a staff member needs an allowed account
// on every reseller domain whose customers they serve (D2). [Visible] and
// [Checker.VisibleCustomers] give one account's customers, revoked ones
// marked (D5). [Gather] reads a [Snapshot] from every reseller account at
// once, each with its own credentials, and [ComputeCoverage] turns it and an
// explicit person-to-accounts mapping ([Person]) into a [Coverage]: for each
// person and each reseller domain, the account or its absence, its license,
// its decision, and the customers the gap hides. Computing is pure and fast
// (50 domains × 5,000 people × 100,000 customers in well under 200 ms), so a
// dashboard can recompute under another profile without reading again.
// Coverage exports to CSV ([CSVColumns], [HiddenCSVColumns]) and JSON with
// stable names.
//
// # Drift and expiry (rules P4, P5, D1, D5)
//
// A [Snapshot] is one read; access changes between reads. [Diff] lists what
// changed between two snapshots as typed [Event] values: access gained or
// lost per person and domain with the customers concerned, accounts
// created, removed, suspended or unsuspended, role assignments added,
// removed or expired, and customers added, removed, moved between reseller
// domains, or whose reseller access was revoked or restored. [Expiring]
// lists the grants that end within a window, each with the customers it
// would take away. Snapshots are written and read back as versioned JSON
// ([Snapshot.WriteJSON], [ReadSnapshot]), so a scheduled job can keep
// yesterday's; examples/audit -diff and -expiring print both.
//
// # Setup plan (rules S1 to S7)
//
// [Setup.Plan] reads each reseller account and returns a dry-run [Plan] for
// a desired [Team]: preflight checks (the caller is a super admin and not a
// consumer account, S1; the credentials, scopes and delegation work, W6),
// the manual steps no API can do (automatic licensing, S2; the mail
// redirect, S6), and the steps: the org unit (S3), an account per person
// and domain, Cloud Identity Free licenses (S4: refusing to start when seats
// will not suffice), the role (S5: Reseller Admin, or a custom role with
// exactly the profile's privileges) and its customer-wide assignments. A
// plan prints for review ([Plan.WriteText]) and as JSON. [Setup.Apply] runs
// a reviewed plan with progress and one result per item, waits for Google
// to serve what it wrote (W5), resumes after a crash or a cancellation by
// planning again from what it observes, and changes nothing the second
// time.
//
// # Creating the services
//
// Everything here works over the services of the domains, roles and
// licensing packages, so the same code runs against Google and against
// package fake. Against Google, one [resellerkit.Conn] per reseller account,
// acting as one of its super admins through domain-wide delegation:
//
//	conn, err := resellerkit.Dial(ctx,
//		resellerkit.WithServiceAccountFile("key.json"),
//		resellerkit.WithSubject("admin@reseller.example"))
//	src := access.Source{
//		Domains:   domains.New(conn),
//		Roles:     roles.New(conn),
//		Licensing: licensing.New(conn),
//	}
//
// Against the fake, the same with a Conn from the fake's server:
//
//	w, _ := fake.NewWorld(fake.DemoSeed())
//	srv := faketest.NewServer(t, w)
//	conn, _ := srv.Conn(ctx, "admin@alder-reseller.example")
//	// ... domains.New(conn),
//	// roles.New(conn), licensing.New(conn) as above: the Conn carries
//	// the World's clock, so expiry (P4) follows w.Advance.
//
// A Conn built from a token source does not know whom it acts as: build it
// with resellerkit.WithActor, so the domains service can learn the customer
// ID and check rule D1 (without it, it refuses with
// [domains.ErrUnknownActor]). Pass the fake World's clock to [GatherOptions] and to the
// roles service so assignment expiry is judged on the World's time.
//
// # Errors
//
// Bad input is an error of [resellerkit.KindInvalidArgument] wrapping a
// [*resellerkit.FieldError] that names the field. Errors from Google (or the
// fake) pass through as the packages below classify them. A denied
// decision is a value; [Decision.Err] makes it an error of
// [resellerkit.KindPermissionDenied] matching [ErrDenied]. Apply refuses a
// plan with problems, or a world that changed since the review, with
// [resellerkit.KindFailedPrecondition].
//
// # Iteration
//
// This package does not page: [Gather] drains the listings of the packages
// below (each page retried on its own, rule W4) and fails as a whole when
// one fails, since a coverage computed from a partial listing would invent
// gaps.
//
// # Testing
//
// Decisions and coverage are pure: build [Facts] or a [Snapshot] by hand.
// For the I/O parts use package fake: its demo world holds an account for
// each portal rule (a Reseller Admin, a custom role, a role through a nested
// group, an org-unit-scoped one, an expired one, a legacy tenant), and its
// faults and read-after-write lag exercise Apply's resumption. The fake's
// privilege names are its own; Google does not publish the real ones (see
// the roles package).
package access
