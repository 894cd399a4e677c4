package fake_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	cloudsupport "google.golang.org/api/cloudsupport/v2"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// Demo customers of the Cloud Support tests.
const (
	acmeCustomer     = "C03c00001" // alder-reseller.example, Premium
	bluebirdCustomer = "C03c00002" // alder-reseller.example, Standard
	dunmoreCustomer  = "C03c00004" // alder-reseller.example, revoked reseller access
	kestrelCustomer  = "C03c00011" // alder-eu.example
	quartzCustomer   = "C03c00017" // birch-partners.example
)

func code(err error) int {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return 0
}

// TestCaseClassificationsSearch drives caseClassifications.search: the
// catalogue, the display_name filters, paging, and the errors.
func TestCaseClassificationsSearch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.support(ana)
	ctx := t.Context()
	search := func(q string, size int64) ([]string, error) {
		var names []string
		err := svc.CaseClassifications.Search().Query(q).PageSize(size).Pages(ctx, func(r *cloudsupport.SearchCaseClassificationsResponse) error {
			if size > 0 && int64(len(r.CaseClassifications)) > size {
				t.Errorf("page of %d, asked %d", len(r.CaseClassifications), size)
			}
			for _, c := range r.CaseClassifications {
				if c.Id == "" {
					t.Errorf("classification %q has no ID", c.DisplayName)
				}
				names = append(names, c.DisplayName)
			}
			return nil
		})
		return names, err
	}
	gmail := []string{"Technical Issue > Gmail", "Technical Issue > Gmail > Mail delivery", "Technical Issue > Gmail > Authentication"}
	for _, tt := range []struct {
		query string
		size  int64
		want  []string
	}{
		{`display_name:"*Gmail*"`, 0, gmail},
		{`display_name:"*gmail*"`, 1, gmail},
		{`display_name:"Technical Issue > Gmail*"`, 2, gmail},
		{`display_name="technical issue > gmail"`, 0, gmail[:1]},
		{`display_name:"technical issue > gmail"`, 0, gmail[:1]},
		{`display_name:"*billing > sub*"`, 0, []string{"Billing > Subscriptions and licenses"}},
		{`display_name:"Billing*"`, 0, []string{"Billing > Invoices", "Billing > Subscriptions and licenses"}},
		{`display_name:"*nothing like it*"`, 0, nil},
	} {
		got, err := search(tt.query, tt.size)
		if err != nil {
			t.Fatalf("search %q: %v", tt.query, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("search %q mismatch (-want +got):\n%s", tt.query, diff)
		}
	}
	all, err := search("", 7)
	if err != nil || len(all) < 20 {
		t.Errorf("search all = %d classifications, %v; want the whole catalogue", len(all), err)
	}
	for _, q := range []string{"name:x", `display_name:Gmail`, `display_name~"x"`} {
		if _, err := search(q, 0); code(err) != 400 {
			t.Errorf("search %q = %v, want 400", q, err)
		}
	}
}

// TestCaseCreateOnTheWire checks cases.create as Google documents it: a
// classification ID of the catalogue, and the creator as given (email and
// display name, both or neither) or the caller.
func TestCaseCreateOnTheWire(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.support(ana)
	ctx := t.Context()
	create := func(cl *cloudsupport.CaseClassification, creator *cloudsupport.Actor) (*cloudsupport.Case, error) {
		return svc.Cases.Create(fake.CaseParent(acmeCustomer), &cloudsupport.Case{DisplayName: "Mail delayed",
			Description: "Mail arrives an hour late.", Priority: "P2", Classification: cl, Creator: creator}).Context(ctx).Do()
	}
	for _, tt := range []struct {
		name string
		cl   *cloudsupport.CaseClassification
	}{
		{"no classification", nil},
		{"a display name only", &cloudsupport.CaseClassification{DisplayName: "Technical Issue > Gmail"}},
		{"an unknown ID", &cloudsupport.CaseClassification{Id: "999"}},
	} {
		if _, err := create(tt.cl, nil); code(err) != 400 {
			t.Errorf("%s: %v, want 400", tt.name, err)
		}
	}
	c, err := create(&cloudsupport.CaseClassification{Id: gmailClassification, DisplayName: "ignored"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &cloudsupport.Actor{Email: ana, DisplayName: ana, Username: ana}
	if diff := cmp.Diff(want, c.Creator); diff != "" {
		t.Errorf("creator of a case without one mismatch (-want +got):\n%s", diff)
	}
	if c.Classification.DisplayName != "Technical Issue > Gmail" {
		t.Errorf("classification = %+v, want the catalogue's display name", c.Classification)
	}
	c, err = create(&cloudsupport.CaseClassification{Id: gmailClassification}, &cloudsupport.Actor{Email: "Ben@Alder-Reseller.example", DisplayName: "Ben Okafor"})
	if err != nil {
		t.Fatal(err)
	}
	want = &cloudsupport.Actor{Email: ben, DisplayName: "Ben Okafor", Username: ana}
	if diff := cmp.Diff(want, c.Creator); diff != "" {
		t.Errorf("creator as given mismatch (-want +got):\n%s", diff)
	}
	for _, cr := range []*cloudsupport.Actor{{Email: ben}, {DisplayName: "Ben"}} {
		if _, err := create(&cloudsupport.CaseClassification{Id: gmailClassification}, cr); code(err) != 400 {
			t.Errorf("creator %+v: %v, want 400", cr, err)
		}
	}
}

// TestCaseRulesAreNotTheFakes checks that the fake answers as the Cloud
// Support API does and leaves the access model's rules to package cases:
// it escalates a Standard Support customer's case (rule C8 is the SDK's)
// and has no reopen method (rule C9: Google has none).
func TestCaseRulesAreNotTheFakes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.support(ana)
	ctx := t.Context()
	c, err := svc.Cases.Create(fake.CaseParent(bluebirdCustomer), &cloudsupport.Case{DisplayName: "Drive slow",
		Description: "d", Priority: "P3", Classification: &cloudsupport.CaseClassification{Id: gmailClassification}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	esc, err := svc.Cases.Escalate(c.Name, &cloudsupport.EscalateCaseRequest{Escalation: &cloudsupport.Escalation{
		Reason: "BUSINESS_IMPACT", Justification: "Sales is blocked."}}).Context(ctx).Do()
	if err != nil || !esc.Escalated {
		t.Errorf("escalating a Standard customer's case = %v, %v; want escalated, as Google answers", esc, err)
	}
	if _, err := svc.Cases.Close(c.Name, &cloudsupport.CloseCaseRequest{}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.s.URL()+"v2/"+c.Name+":reopen", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.token(ana))
	resp, err := (&http.Client{Transport: e.s.Transport()}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotImplemented {
		t.Errorf("POST %s:reopen = %d, want 501: the Cloud Support API has no reopen", c.Name, resp.StatusCode)
	}
	if err := e.w.SetCaseState(c.Name, cases.StateInProgress); err == nil {
		t.Errorf("SetCaseState reopened a closed case")
	}
}

// TestFakeCloudSupportRaw drives the Server's Cloud Support routes with the
// raw generated client: the query syntax, errors and authorization.
func TestFakeCloudSupportRaw(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ana := e.support(ana)
	ctx := t.Context()
	parent := fake.CaseParent(acmeCustomer)
	mk := func(title, prio string) *cloudsupport.Case {
		c, err := ana.Cases.Create(parent, &cloudsupport.Case{DisplayName: title, Description: "d", Priority: prio,
			Classification: &cloudsupport.CaseClassification{Id: gmailClassification}}).Context(ctx).Do()
		if err != nil {
			t.Fatal(err)
		}
		e.w.Advance(time.Second)
		return c
	}
	c1 := mk("Calendar broken", "P1")
	c2 := mk("Drive slow", "P3")
	c3 := mk("Calendar slow", "P2")
	if _, err := ana.Cases.Close(c2.Name, &cloudsupport.CloseCaseRequest{}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		query string
		want  []string
		code  int
	}{
		{"", []string{c2.Name, c3.Name, c1.Name}, 0},
		{"state=OPEN", []string{c3.Name, c1.Name}, 0},
		{"state=CLOSED", []string{c2.Name}, 0},
		{"state=OPEN AND (priority=P1 OR priority=P2)", []string{c3.Name, c1.Name}, 0},
		{"priority=P1 OR priority=P3", []string{c2.Name, c1.Name}, 0},
		{`"calendar"`, []string{c3.Name, c1.Name}, 0},
		{`"calendar" AND priority=P2`, []string{c3.Name}, 0},
		{`creator.email="ana@alder-reseller.example"`, []string{c2.Name, c3.Name, c1.Name}, 0},
		{`update_time>"` + c3.CreateTime + `"`, []string{c2.Name}, 0},
		{"state=MAYBE", nil, 400},
		{"color=blue", nil, 400},
	} {
		resp, err := ana.Cases.Search(parent).Query(tt.query).Context(ctx).Do()
		if tt.code != 0 {
			if code(err) != tt.code {
				t.Errorf("search %q = %v, want HTTP %d", tt.query, err, tt.code)
			}
			continue
		}
		if err != nil {
			t.Fatalf("search %q: %v", tt.query, err)
		}
		var got []string
		for _, c := range resp.Cases {
			got = append(got, c.Name)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("search %q mismatch (-want +got):\n%s", tt.query, diff)
		}
	}

	// Paging through cases.list.
	var names []string
	err := ana.Cases.List(parent).PageSize(1).Pages(ctx, func(r *cloudsupport.ListCasesResponse) error {
		for _, c := range r.Cases {
			names = append(names, c.Name)
		}
		return nil
	})
	if err != nil || len(names) != 3 {
		t.Errorf("list pages = %v, %v", names, err)
	}

	// Patch with a mask, and the mask's limits.
	p, err := ana.Cases.Patch(c1.Name, &cloudsupport.Case{Priority: "P0", DisplayName: "ignored"}).UpdateMask("priority").Context(ctx).Do()
	if err != nil || p.Priority != "P0" || p.DisplayName != "Calendar broken" {
		t.Errorf("patch priority = %+v, %v", p, err)
	}
	_, err = ana.Cases.Patch(c1.Name, &cloudsupport.Case{Description: "x"}).UpdateMask("description").Context(ctx).Do()
	if code(err) != 400 {
		t.Errorf("patch description = %v, want 400", err)
	}

	// Authorization: D1, privileges, revoked access, another reseller.
	for _, tt := range []struct {
		caller, parent string
		code           int
	}{
		{gus, parent, 403},  // no portal privileges
		{cara, parent, 403}, // signed in on another reseller domain (D1)
		{"ana@alder-reseller.example", fake.CaseParent(dunmoreCustomer), 403}, // customer revoked reseller access
		{hana, parent, 403},                                            // another reseller's customer
		{"admin@acme-corp.example", parent, 0},                         // the customer's own super admin (C5)
		{"ana@alder-reseller.example", "projects/C99nothere", 403},     // unknown customer: as another's
		{"ana@alder-reseller.example", "folders/" + acmeCustomer, 400}, // not a case parent
		{cara, fake.CaseParent(kestrelCustomer), 0},                    // on the customer's domain
		{alderAdmin, parent, 0},                                        // super admin of the reseller
		{hana, fake.CaseParent(quartzCustomer), 0},
	} {
		_, err := e.support(tt.caller).Cases.Search(tt.parent).Context(ctx).Do()
		if code(err) != tt.code {
			t.Errorf("%s on %s: %v, want HTTP %d", tt.caller, tt.parent, err, tt.code)
		}
	}
	_, err = ana.Cases.Get(fake.CaseParent(bluebirdCustomer) + "/cases/" + strings.TrimPrefix(c1.Name, parent+"/cases/")).Context(ctx).Do()
	if code(err) != 404 {
		t.Errorf("get under the wrong parent = %v, want 404", err)
	}
	_, err = ana.Cases.Escalate(c3.Name, &cloudsupport.EscalateCaseRequest{Escalation: &cloudsupport.Escalation{Reason: "BUSINESS_IMPACT"}}).Context(ctx).Do()
	if code(err) != 400 {
		t.Errorf("escalate without justification = %v, want 400", err)
	}
	_, err = ana.Cases.Escalate(fake.CaseParent(bluebirdCustomer)+"/cases/x", &cloudsupport.EscalateCaseRequest{}).Context(ctx).Do()
	if code(err) != 404 {
		t.Errorf("escalate unknown case = %v, want 404", err)
	}
	if u := e.s.Unhandled(); len(u) != 0 {
		t.Errorf("unhandled requests: %v", u)
	}
}

// TestAddCases checks the seeding of cases: each seed checked as
// cases.create checks a case, all or nothing, and the seeded cases served
// as filed ones are.
func TestAddCases(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	start := e.w.Now()
	good := fake.CaseSeed{Customer: "acme-corp.example", Filer: ana, Classification: "technical issue > gmail",
		Title: "Mail delayed", Description: "An hour late.", Severity: cases.S2, Language: "en", TimeZone: "UTC",
		Created: start.Add(-48 * time.Hour)}
	closed := good
	closed.Title, closed.Classification, closed.State = "Old outage", "100300", cases.StateClosed
	closed.Comments = []cases.Comment{{Body: "Fixed by Google.", Author: ana, CreateTime: start.Add(-24 * time.Hour)}}
	for _, tt := range []struct {
		name string
		bad  func(*fake.CaseSeed)
		want string
	}{
		{"unknown customer", func(s *fake.CaseSeed) { s.Customer = "C99" }, "seeds[1]"},
		{"unknown classification", func(s *fake.CaseSeed) { s.Classification = "Technical Issue > Fax" }, "classification"},
		{"no title", func(s *fake.CaseSeed) { s.Title = " " }, "title"},
		{"no severity", func(s *fake.CaseSeed) { s.Severity = 0 }, "severity"},
		{"updated before created", func(s *fake.CaseSeed) { s.Updated = s.Created.Add(-time.Second) }, "before"},
	} {
		s := good
		tt.bad(&s)
		if _, err := e.w.AddCases([]fake.CaseSeed{good, s}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: AddCases() = %v, want an error naming %q", tt.name, err, tt.want)
		}
	}
	if n := len(e.w.CasesSnapshot()); n != 0 {
		t.Fatalf("a refused AddCases added %d cases", n)
	}
	names, err := e.w.AddCases([]fake.CaseSeed{good, closed})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.support(ana).Cases.Get(names[1]).Context(t.Context()).Do()
	if err != nil {
		t.Fatal(err)
	}
	updated, _ := time.Parse(time.RFC3339Nano, c.UpdateTime)
	if c.State != "CLOSED" || !updated.Equal(start.Add(-24*time.Hour)) || c.Classification.DisplayName != "Billing > Invoices" || c.Creator.Email != ana {
		t.Errorf("seeded case = %+v, want closed at its last comment, billing, filed by %s", c, ana)
	}
	resp, err := e.support(ana).Cases.Search(fake.CaseParent(acmeCustomer)).Query(`"fixed"`).Context(t.Context()).Do()
	if err != nil || len(resp.Cases) != 1 || resp.Cases[0].Name != names[1] {
		t.Errorf("search for a seeded comment's word = %+v, %v", resp, err)
	}
	if err := e.w.SetCaseState(names[0], cases.StateActionRequired); err != nil {
		t.Errorf("SetCaseState(%s) = %v", names[0], err)
	}
}
