package cases_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	cloudsupport "google.golang.org/api/cloudsupport/v2"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
)

// parentTable maps the 24 demo customers to the fake's parents.
func parentTable(t testing.TB) *cases.ParentTable {
	t.Helper()
	m := map[string]string{}
	for i := 1; i <= 24; i++ {
		c := fmt.Sprintf("C03c%05d", i)
		m[c] = fake.CaseParent(c)
	}
	tab, err := cases.NewParentTable(m)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// googleService returns a Service over the Cloud Support store, talking to
// fake.Server as caller.
func googleService(t *testing.T, caller string) (*cases.Service, *fake.World, *fake.Server) {
	t.Helper()
	w := newWorld(t)
	srv := faketest.NewServer(t, w)
	conn, err := srv.Conn(t.Context(), caller)
	if err != nil {
		t.Fatal(err)
	}
	s, err := cases.New(conn, alder, parentTable(t), cases.WithClock(w.Now), cases.WithTenure(w.CaseTenure()),
		cases.WithPlans(w.CasePlans()), cases.WithPortal(worldPortal(w)), cases.WithCustomers(worldCustomers{w}))
	if err != nil {
		t.Fatal(err)
	}
	return s, w, srv
}

// TestCloudSupportStore runs a case's life through the Cloud Support store
// against fake.Server with the unmodified cloudsupport client.
func TestCloudSupportStore(t *testing.T) {
	t.Parallel()
	s, w, srv := googleService(t, anaAlder)
	ctx := t.Context()

	nc := newCase(acme)
	nc.SharedWith = []string{"ana.lima@workspace-mail.example"}
	nc.Attachments = []cases.NewAttachment{{Name: "bounce.eml", ContentType: "message/rfc822", Content: []byte("Subject: undeliverable\r\n\r\n550 5.7.1")}}
	c, err := s.Create(ctx, anaAlder, nc)
	if err != nil {
		t.Fatalf("Create() = %v", err)
	}
	wantID := fake.CaseParent(acme) + "/cases/"
	if !strings.HasPrefix(c.ID, wantID) {
		t.Errorf("ID = %q, want a resource name under %s", c.ID, wantID)
	}
	want := cases.Case{ID: c.ID, CustomerID: acme, Filer: anaAlder, Product: cases.GoogleWorkspace, Category: nc.Category,
		Title: nc.Title, Description: nc.Description, Severity: cases.S2, Language: "en", TimeZone: "Europe/Rome",
		SharedWith: nc.SharedWith, State: cases.StateNew, CreateTime: w.Now(), UpdateTime: w.Now()}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("Create() mismatch (-want +got):\n%s", diff)
	}
	got, err := s.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Get() mismatch (-want +got):\n%s", diff)
	}
	atts, err := resellerkit.Collect(s.Attachments(ctx, c.ID))
	if err != nil || len(atts) != 1 || atts[0].Name != "bounce.eml" || atts[0].ContentType != "message/rfc822" || atts[0].Size != 35 {
		t.Errorf("Attachments() = %+v, %v", atts, err)
	}

	w.Advance(time.Minute)
	if c, err = s.SetSeverity(ctx, c.ID, cases.S1); err != nil || c.Severity != cases.S1 {
		t.Errorf("SetSeverity() = %+v, %v", c, err)
	}
	if c, err = s.Share(ctx, c.ID, "it@acme-corp.example"); err != nil || len(c.SharedWith) != 2 {
		t.Errorf("Share() = %+v, %v", c.SharedWith, err)
	}
	cm, err := s.Comment(ctx, c.ID, "Headers attached.")
	if err != nil || cm.Author != anaAlder || cm.Body != "Headers attached." {
		t.Errorf("Comment() = %+v, %v", cm, err)
	}
	comments, err := resellerkit.Collect(s.Comments(ctx, c.ID))
	if err != nil || len(comments) != 1 || comments[0] != cm {
		t.Errorf("Comments() = %+v, %v", comments, err)
	}
	if c, err = s.Escalate(ctx, c.ID, cases.Escalation{Reason: cases.TechnicalExpertise, Justification: "No progress in two days."}); err != nil || !c.Escalated {
		t.Errorf("Escalate() = %+v, %v", c, err)
	}

	other := file(t, s, anaAlder, newCase(bluebird))
	t.Run("C6 search with filters over the API", func(t *testing.T) {
		for _, tt := range []struct {
			opts *cases.ListOptions
			want []string
		}{
			// Customer by customer: the API has no cross-parent order.
			{nil, []string{c.ID, other.ID}},
			{&cases.ListOptions{CustomerID: acme}, []string{c.ID}},
			{&cases.ListOptions{Severities: []cases.Severity{cases.S1, cases.S0}}, []string{c.ID}},
			{&cases.ListOptions{Keyword: "headers"}, []string{c.ID}},
			{&cases.ListOptions{Status: cases.Closed}, nil},
			{&cases.ListOptions{PageSize: 1}, []string{c.ID, other.ID}},
		} {
			got, err := resellerkit.Collect(s.List(ctx, tt.opts))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("List(%+v) mismatch (-want +got):\n%s", tt.opts, diff)
			}
		}
		_, err := s.ListPage(ctx, &cases.ListOptions{Order: cases.OldestUpdateFirst})
		wantKind(t, err, resellerkit.KindUnsupported, nil)
	})
	t.Run("C8 Standard customer refused before the API", func(t *testing.T) {
		srv.ResetLog()
		_, err := s.Escalate(ctx, other.ID, cases.Escalation{Reason: cases.BusinessImpact, Justification: "x"})
		wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrEscalationNotAvailable)
		for _, m := range srv.Requests() {
			if m == "cloudsupport.cases.escalate" {
				t.Errorf("the refused escalation reached the API")
			}
		}
	})

	w.Advance(time.Hour)
	closed, err := s.Close(ctx, c.ID)
	if err != nil || closed.State != cases.StateClosed || !closed.ClosedTime.Equal(w.Now()) {
		t.Fatalf("Close() = %+v, %v", closed, err)
	}
	t.Run("C9 reopen within the window is unsupported by the API", func(t *testing.T) {
		_, err := s.Reopen(ctx, c.ID)
		wantKind(t, err, resellerkit.KindUnsupported, nil)
		if errors.Is(err, cases.ErrReopenWindowClosed) {
			t.Errorf("within the window, the error must not be the window's")
		}
	})
	t.Run("C9 after the window the SDK's check answers first", func(t *testing.T) {
		w.Advance(cases.ReopenWindow)
		_, err := s.Reopen(ctx, c.ID)
		wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrReopenWindowClosed)
	})
	t.Run("C7 removal refused", func(t *testing.T) {
		err := s.RemoveAttachment(ctx, c.ID, atts[0].ID)
		wantKind(t, err, resellerkit.KindUnsupported, cases.ErrAttachmentRemoval)
	})
	t.Run("C4 unknown and malformed IDs are not found", func(t *testing.T) {
		for _, id := range []string{fake.CaseParent(acme) + "/cases/1", "not-a-name", fake.CaseParent(bluebird) + "/cases/" + strings.TrimPrefix(c.ID, wantID)} {
			_, err := s.Get(ctx, id)
			wantKind(t, err, resellerkit.KindNotFound, nil)
		}
	})
	if u := srv.Unhandled(); len(u) != 0 {
		t.Errorf("unhandled requests: %v", u)
	}
}

func TestCloudSupportStoreNeedsClassificationID(t *testing.T) {
	t.Parallel()
	s, _, _ := googleService(t, anaAlder)
	nc := newCase(acme)
	nc.Category = cases.Category{Name: "Gmail"}
	_, err := s.Create(t.Context(), anaAlder, nc)
	if fieldOf(err) != "NewCase.Category.ID" {
		t.Errorf("Create() = %v, want field NewCase.Category.ID", err)
	}
}

// TestFakeCloudSupportRaw drives fake.Server's Cloud Support routes with the
// raw generated client: the query syntax, errors and authorization.
func TestFakeCloudSupportRaw(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	srv := faketest.NewServer(t, w)
	client := func(email string) *cloudsupport.Service {
		tok, err := srv.TokenFor(email)
		if err != nil {
			t.Fatal(err)
		}
		svc, err := cloudsupport.NewService(t.Context(), srv.ClientOptions(tok)...)
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	ana := client(anaAlder)
	ctx := t.Context()
	parent := fake.CaseParent(acme)
	mk := func(title, prio string) *cloudsupport.Case {
		c, err := ana.Cases.Create(parent, &cloudsupport.Case{DisplayName: title, Description: "d", Priority: prio,
			Classification: &cloudsupport.CaseClassification{Id: "x"}}).Context(ctx).Do()
		if err != nil {
			t.Fatal(err)
		}
		w.Advance(time.Second)
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
			var gerr *googleapi.Error
			if !errors.As(err, &gerr) || gerr.Code != tt.code {
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
		{gusAlder, parent, 403},                     // no portal privileges
		{caraEU, parent, 403},                       // signed in on another reseller domain (D1)
		{anaAlder, fake.CaseParent(dunmore), 403},   // customer revoked reseller access
		{hanaBirch, parent, 403},                    // another reseller's customer
		{"admin@acme-corp.example", parent, 0},      // the customer's own super admin (C5)
		{anaAlder, "projects/C99nothere", 404},      // unknown customer
		{anaAlder, "folders/" + acme, 400},          // not a case parent
		{caraEU, fake.CaseParent(kestrel), 0},       // on the customer's domain
		{"admin@alder-reseller.example", parent, 0}, // super admin of the reseller
		{"hana@birch-partners.example", fake.CaseParent(quartz), 0},
	} {
		_, err := client(tt.caller).Cases.Search(tt.parent).Context(ctx).Do()
		if code(err) != tt.code {
			t.Errorf("%s on %s: %v, want HTTP %d", tt.caller, tt.parent, err, tt.code)
		}
	}
	_, err = ana.Cases.Get(fake.CaseParent(bluebird) + "/cases/" + strings.TrimPrefix(c1.Name, parent+"/cases/")).Context(ctx).Do()
	if code(err) != 404 {
		t.Errorf("get under the wrong parent = %v, want 404", err)
	}
	_, err = ana.Cases.Escalate(c3.Name, &cloudsupport.EscalateCaseRequest{Escalation: &cloudsupport.Escalation{Reason: "BUSINESS_IMPACT"}}).Context(ctx).Do()
	if code(err) != 400 {
		t.Errorf("escalate without justification = %v, want 400", err)
	}
	_, err = ana.Cases.Escalate(fake.CaseParent(bluebird)+"/cases/x", &cloudsupport.EscalateCaseRequest{}).Context(ctx).Do()
	if code(err) != 404 {
		t.Errorf("escalate unknown case = %v, want 404", err)
	}
}

func code(err error) int {
	var gerr *googleapi.Error
	if errors.As(err, &gerr) {
		return gerr.Code
	}
	return 0
}

func TestParentTable(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		m     map[string]string
		field string
	}{
		{map[string]string{acme: "organizations/1", bluebird: "projects/p"}, ""},
		{map[string]string{acme: "organizations"}, "parents[" + acme + "]"},
		{map[string]string{acme: "a/b/c"}, "parents[" + acme + "]"},
		{map[string]string{acme: "organizations/1", bluebird: "organizations/1"}, "parents[" + bluebird + "]"},
	} {
		_, err := cases.NewParentTable(tt.m)
		if got := fieldOf(err); got != tt.field {
			t.Errorf("NewParentTable(%v) = %v, want field %q", tt.m, err, tt.field)
		}
	}
	tab := parentTable(t)
	if _, err := tab.Parent("C99"); resellerkit.KindOf(err) != resellerkit.KindFailedPrecondition {
		t.Errorf("Parent(unknown) = %v", err)
	}
}
