// Command dashboard is the reference reseller dashboard built on
// resellerkit: the SDK's main job, and a starting point for a partner's own.
//
// It serves, on 127.0.0.1:8080 by default, the pages a reseller's support
// lead looks at:
//
//   - Access: the staff × reseller domain grid. The support portal shows an
//     account only the customers of its own reseller domain (rule D1), so a
//     person needs an eligible account on every domain they serve (D2). Each
//     cell is a decision of package access with its reasons in words
//     (access.Explain, rules P1 to P8), and counts the customers its gap
//     hides. The portal profile (P2) can be switched.
//   - Customers: the customers of each reseller domain, with whether they
//     granted reseller access (D5), their support plan and their open cases.
//   - Seats: licenses assigned versus available per SKU (L4), an SKU close to
//     exhaustion flagged (S4), and staff accounts holding two licenses (S2).
//   - Cases: the cases of a reseller account as the portal lists them (C4,
//     C6), each domain's customers' cases read by an account on that
//     domain (D1) and merged, counted by severity and state, filterable by keyword, status,
//     severity and customer, paged, with whether each can be escalated (C8)
//     and until when a closed one can be reopened (C9).
//   - Setup plan: what setting one person up on every reseller domain would
//     do (S1 to S7), as a dry run of access.Setup.Plan; someone who already
//     reaches the portal everywhere needs nothing, and the page says why.
//   - Drill-down: each grid gap lists the customers it hides (/gap); a
//     customer page (/customer?id=) shows who can see it, through which
//     role, who cannot and why, and its cases; a case page (/case?id=)
//     shows the case, its comments and attachments, escalation (C8) and
//     the reopen deadline (C9). Customers filter and sort.
//   - What if (/whatif): a dry run, over the last read, of suspending
//     accounts (P5), revoking role assignments, a customer turning reseller
//     access off (D5) and letting days pass (P4, assignments that expire),
//     with access.WhatIf: who gains and loses which customers, per person
//     and per reseller domain. Nothing is written to Google.
//   - Access review (/review): who can see which customers now, through
//     which role (P1, D1); the role assignments expiring in the next 7 or
//     30 days and what each takes away (P4); what changed since the last
//     signed review (access.Diff); CSV and JSON exports
//     (/review/export?format=csv|json, CSV cells safe from formula
//     injection); and the reviewer's sign-off, recorded with the digest of
//     the export reviewed (a sign-off on data that changed since is
//     refused).
//   - History: every read of the facts with its counts and what changed
//     since the read before (access.Diff), and the open cases per severity
//     and age at each read, kept in SQLite (pure Go, modernc.org/sqlite,
//     versioned migrations) at -db PATH: by default a file in the user's
//     cache directory against Google, in memory on the embedded fake.
//
// Where people look rather than read, pages draw charts, server-rendered
// SVG with a title, a description and a table of the same numbers for
// screen readers, and patterns as well as colours: coverage per reseller
// domain and customers out of sight per person (Access), seat usage per
// SKU (Seats, S4), open cases by severity and age (Cases), and open cases
// and their age over time (History, from the database).
//
// The rules named by ID here (P1–P8, D1, D2, D5, S1–S7, L4, C4, C6, C8,
// C9) are in docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md).
//
// Every page speaks the six languages of access.Explain (English, French,
// Swedish, Japanese, Indonesian, Italian), setup plans and error pages
// included. The language is negotiated (golang.org/x/text/language, so
// fr-CA is French and sv-FI Swedish): ?lang=, kept in every link and
// remembered in a cookie, else that cookie, else the browser's
// Accept-Language, else English. The pages are rendered on the server with html/template,
// which escapes everything they show, and work without JavaScript.
//
// # Running on the embedded fake
//
// With no flags it runs on a fake Google (package fake) holding the examples'
// demo world (examples/internal/demoworld): two reseller accounts with three
// reseller domains, twenty people, two hundred customers and a thousand
// cases:
//
//	go run ./examples/dashboard
//
// The fake is served over HTTP on a loopback port, and the dashboard talks
// to it exactly as to Google: through resellerkit.Dial with a
// service-account key (issued by the fake) and domain-wide delegation.
//
// # Running on Google
//
// Give one -account per reseller account: a service-account key with
// domain-wide delegation, the super admin it impersonates, and, for each
// secondary domain, an account on that domain (only such an account can list
// the domain's customers and read their cases, rule D1):
//
//	go run ./examples/dashboard \
//	    -account eu-key.json:admin@reseller-eu.example,admin@reseller-nordics.example \
//	    -account us-key.json:admin@reseller-us.example \
//	    -seats 1010010001=50 -plans plans.json -people people.json
//
// What no Google API tells comes from flags: -seats (the seat count of the
// reseller's own Cloud Identity Free subscription, shown in the Admin
// console), -plans (customers' support plans), -people (who is the same
// person; by default, accounts with the same part before the @), and -cases
// (the Cloud Support parent of each customer and the reseller's record of
// who managed which customer when; without it there is no cases page). Run
// with -help for the formats.
//
// The dashboard has no login of its own: it refuses a non-loopback -addr
// unless -allow-remote is given; put it behind your own authentication.
//
// # Data and errors
//
// The access, customer and seat data is read at start, every -refresh (5
// minutes by default) and in the background on the "Read again" button
// (pages show that a read is running and never wait for it), and the
// pages say when it was read: role and privilege changes can take up to 24
// hours to apply at Google (rule P8). If the first read fails, the dashboard
// does not start and says why; a later failed read keeps the previous data
// and is logged. Case listings, their summary counts (cached 30 seconds per
// filter) and setup plans are read per request. An
// error page says what happened and what to do in the reader's language,
// by the class of the error (resellerkit.KindOf) or the dashboard's own
// message; the error's text, which names Google's methods and answers,
// goes to the log only (SDK errors never hold a token). Bad input answers
// 400, an unknown person, domain or account 404, a failure upstream 502.
//
// # Testing
//
// The tests run the handlers on the seeded fake world (every page, each
// language, escaping of hostile names and keywords, filters and paging; a
// test fails on any visible text of any page left in English in another
// language) and drive one headless Chromium (over the DevTools Protocol)
// through every page in English and Japanese, following links and
// submitting forms (filters, what-if, the review's sign-off, "Read again",
// the language switch), when it is installed; with CI=true a missing
// Chromium fails the test. It saves a JPEG screenshot of the first screen of
// each page in $RESELLERKIT_ARTEFACTS/dashboard-browser (a temporary folder
// when unset). BenchmarkPages measures each page.
package main
