// Package cases files and manages Google Workspace support cases on behalf
// of a reseller's customers, with the rules of Google's support portal
// (rules C1 to C12 of the access model).
//
// The rules named by ID in this package (C1–C12, and the P, D and S rules
// they rest on: P1, P7, D1, D5, S6) are in docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md), one
// anchor per ID (docs/rules.md#c9).
//
// A [Service] acts for one reseller account (identified by its customer
// ID) over the Cloud Support API v2, Google's only API for support cases.
// The Service keeps the rules; Google keeps the cases. There is no store
// interface to implement: the Cloud Support API is the one implementation,
// and package fake serves it for tests.
//
// # The rules
//
//   - C1: [Service.Create] files a case only when the filer may use the
//     portal (its access decision, package access) on the reseller domain
//     the customer is assigned to, and the customer has granted the reseller
//     access; otherwise [ErrFilerDenied], [ErrWrongResellerDomain] or
//     [ErrAccessNotGranted].
//   - C2: every field of a [NewCase] is validated and a failure names the
//     field: product Google Workspace, a category, a title (at most
//     [MaxTitleLength] characters), a description (at most
//     [MaxDescriptionLength], the Cloud Support comment limit), a severity
//     S0-S4, a BCP 47 language, an IANA time zone, attachments, sharing
//     addresses.
//   - C3: titles, descriptions, comments, justifications, attachment names
//     and text attachments are checked for personal data by package
//     [github.com/resellerkit/resellerkit/cases/pii]; the error names the
//     field and the kind, never the value; [WithAllowedPII] lets chosen kinds
//     through.
//   - C4: a reseller account sees a case only while it manages the customer
//     and only if the case was filed during its management (a [Tenure]
//     source tells the periods). A hidden case is reported as not found,
//     never as forbidden, so its existence does not leak. [CanView] is the
//     rule as a pure function.
//   - C5: a customer's own admins see all their cases ([NewCustomerView]).
//   - C6: [Service.List] lists all the account's customers or one, newest
//     update first, by keyword, status and severity.
//   - C7: severity, comments, attachments and closing; an attachment cannot
//     be removed ([Service.RemoveAttachment] always answers
//     [ErrAttachmentRemoval]). A closed case changes only by reopening.
//   - C8: [Service.Escalate] needs a Premium Support customer, a reason and
//     a justification. [CheckEscalate] is the same check as a pure
//     function, for a UI that offers escalation only where it would work.
//   - C9: a closed case can be reopened while now < closed time +
//     [ReopenWindow] (30 × 24 h, from the latest close, on the Conn's
//     clock); afterwards a [*ReopenWindowError] names the deadline and says
//     to file a new case. The Cloud Support API has no reopen method, so
//     [Service.Reopen] checks the window and, within it, answers
//     [resellerkit.ErrUnsupported] naming the deadline before which to
//     reopen the case in the Google Cloud Support Portal. [CheckReopen] is
//     the rule as a pure function.
//   - C10: [Service.Share] adds addresses that receive the case's updates.
//   - C11: a new case may take minutes to appear in listings;
//     [Service.Get] sees it at once. The fake reproduces the lag
//     (fake.World.SetCaseListingLag).
//   - C12: since 2022-10-26 a new support-partner relationship needs no
//     approval before work starts, and the move to the Cloud Support Portal
//     interrupted no open case: the SDK has no approval step, and a customer
//     transferred in a moment ago can have a case filed at once.
//
// # Creating a Service
//
// Over the Cloud Support API v2, with a Conn that has the cloud-platform
// scope. A [Config] holds what the Service cannot work without: the
// reseller account, a map of customers to their case parents, and the
// tenure history of rule C4; [New] refuses a Config with a field missing,
// naming it. Options add what some methods need:
//
//	parents, err := cases.NewParentTable(map[string]string{"C01abc234": "organizations/123456"})
//	cfg := cases.Config{
//		ResellerAccount: resellerCustomerID,
//		Parents:         parents,
//		Tenure:          tenure, // e.g. cases.NewTenureTable(records) (rule C4)
//	}
//	svc, err := cases.New(conn, cfg,
//		cases.WithPortal(portal),            // access decisions (rule C1), for Create
//		cases.WithCustomers(domainsService), // *domains.Service (rule C1), for Create
//		cases.WithPlans(planTable))          // *domains.PlanTable (rule C8), for Escalate
//
// A customer's own admins read their cases through [NewCustomerView], whose
// [CustomerViewConfig] names the customer and its parent (rule C5).
//
// The Service calls Google as the Conn's actor ([resellerkit.Conn.Actor]),
// and judges the reopen window and tenure by the Conn's clock
// ([resellerkit.Conn.Now]); no option sets either. The filer given to
// [Service.Create] is the account whose portal access rule C1 checks and
// whom Google records as the case's creator.
//
// The Cloud Support API is Google Cloud's: it has no customer field (the
// [Parents] map customers to parents), no close time and no reopen.
// Workspace reseller cases filed in the portal have no public API; the SDK
// models them over the Cloud Support API and runs them against the fake.
// A category may be given by name ("Technical Issue > Gmail"): the Service
// finds its classification ID with caseClassifications.search.
//
// # Lost answers
//
// Google does not make the Cloud Support writes idempotent: sent twice, a
// case, comment or attachment is added twice, and a second close or
// escalate is refused. When an answer is lost (a 5xx or a broken
// connection: Google may have applied the write), the Conn does not resend
// it (rule W1); the Service finds out whether it landed and sends again only
// if it did not. A new case carries a deduplication tag at the end of its
// description and is searched for by it ([Service.Create]); a comment or an
// attachment is looked for in the case's list ([Service.Comment],
// [Service.Attach]); a close or escalation is read back from the case
// ([Service.Close], [Service.Escalate]). A write found this way is the
// caller's own success. Listings are polled a few times before a resend
// (rule W5), at the pace of the Conn's retry policy.
//
// # Errors
//
// Every error is a [*resellerkit.Error]. Its Op is the method called
// ("cases.Create", "cases.CustomerView.List") and, when Google answered,
// its Call is the API method that failed ("cloudsupport.cases.create"). Invalid input is
// [resellerkit.KindInvalidArgument] with a [*resellerkit.FieldError] naming
// the field (personal data: a [*pii.Error] as well). Rule refusals wrap a
// [*RuleError] (or [*ReopenWindowError]) and match this package's
// sentinels under errors.Is: C1 refusals are permission denied; C7, C8 and
// C9 refusals are failed preconditions, except attachment removal, which
// is unsupported, and Reopen within the window, which Google cannot do
// ([resellerkit.KindUnsupported]). A case the viewer may not see, and one
// that does not exist, are both [resellerkit.KindNotFound] with the same
// message.
//
// # Iteration
//
// [Service.List], [Service.Comments] and [Service.Attachments] return
// iter.Seq2 sequences that fetch pages lazily, stop when the loop breaks,
// and yield an error once; [Service.ListPage] returns one page, for UIs
// that hold page tokens, given a [resellerkit.PageRequest].
//
// Page sizes: [WithPageSize] sets the Service's (1 to [MaxPageSize],
// default [DefaultPageSize]; out of range is an invalid option). In a
// PageRequest, a Size of 0 means the Service's page size, one above
// [MaxPageSize] is clamped to it silently, and a negative one is an error
// of [resellerkit.KindInvalidArgument] naming PageRequest.Size.
//
// # Testing
//
// Package fake serves the Cloud Support API's routes for the unmodified
// client, in-process: build the Service over fake.Server.Conn, with
// fake.World.CaseTenure as its Config.Tenure. The Conn carries the World's clock,
// so fake.World.Advance moves the reopen window. fake.World.AddCases seeds
// cases with their history, and fake.World.SetCaseListingLag reproduces
// rule C11. The package's own tests name the rule each checks.
package cases
