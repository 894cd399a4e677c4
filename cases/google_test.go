package cases_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// TestCloudSupport runs a case's life through the Service and the Cloud
// Support API of fake.Server, with the unmodified cloudsupport client.
func TestCloudSupport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w, srv := e.w, e.srv
	s := e.service(anaAlder, alder)
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
	want := cases.Case{ID: c.ID, CustomerID: acme, Filer: anaAlder, Product: cases.GoogleWorkspace, Category: mailDelivery,
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

	w.Advance(time.Second)
	other := file(t, s, anaAlder, newCase(bluebird))
	t.Run("C6 search with filters over the API", func(t *testing.T) {
		for _, tt := range []struct {
			opts *cases.ListOptions
			want []string
		}{
			{nil, []string{other.ID, c.ID}},
			{&cases.ListOptions{CustomerID: acme}, []string{c.ID}},
			{&cases.ListOptions{Severities: []cases.Severity{cases.S1, cases.S0}}, []string{c.ID}},
			{&cases.ListOptions{Keyword: "headers"}, []string{c.ID}},
			{&cases.ListOptions{Keyword: "Mail, to: (external)"}, []string{other.ID, c.ID}},
			{&cases.ListOptions{Status: cases.Closed}, nil},
		} {
			got, err := resellerkit.Collect(s.List(ctx, tt.opts))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("List(%+v) mismatch (-want +got):\n%s", tt.opts, diff)
			}
		}
	})
	t.Run("C8 Standard customer refused before the API", func(t *testing.T) {
		srv.ResetLog()
		_, err := s.Escalate(ctx, other.ID, cases.Escalation{Reason: cases.BusinessImpact, Justification: "x"})
		wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrEscalationNotAvailable)
		if slices.Contains(srv.Requests(), "cloudsupport.cases.escalate") {
			t.Errorf("the refused escalation reached the API")
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
		for _, id := range []string{fake.CaseParent(acme) + "/cases/1", "not-a-name", "organizations/9/cases/1",
			fake.CaseParent(bluebird) + "/cases/" + strings.TrimPrefix(c.ID, wantID)} {
			_, err := s.Get(ctx, id)
			wantKind(t, err, resellerkit.KindNotFound, nil)
		}
	})
	if u := srv.Unhandled(); len(u) != 0 {
		t.Errorf("unhandled requests: %v", u)
	}
}

// TestCategoryByName checks how Create finds a category's classification
// ID: by its display name, once per name and Service; an ID given is sent
// as it is, and Google refuses one it does not know.
func TestCategoryByName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.service(anaAlder, alder)
	ctx := t.Context()
	searches := func() int {
		n := 0
		for _, m := range e.srv.Requests() {
			if m == "cloudsupport.caseClassifications.search" {
				n++
			}
		}
		return n
	}
	for range 2 {
		c := file(t, s, anaAlder, newCase(acme))
		if c.Category != mailDelivery {
			t.Errorf("Category = %+v, want %+v", c.Category, mailDelivery)
		}
	}
	if n := searches(); n != 1 {
		t.Errorf("%d classification searches for one name, want 1", n)
	}
	nc := newCase(acme)
	nc.Category = cases.Category{ID: "100300"}
	if c := file(t, s, anaAlder, nc); c.Category.Name != "Billing > Invoices" {
		t.Errorf("Category by ID = %+v, want Google's name", c.Category)
	}
	if n := searches(); n != 1 {
		t.Errorf("a category given by ID was searched")
	}
	nc.Category = cases.Category{ID: "999"}
	_, err := s.Create(ctx, anaAlder, nc)
	wantKind(t, err, resellerkit.KindInvalidArgument, nil)
	nc.Category = cases.Category{Name: `Technical "Issue" > \Gmail`}
	_, err = s.Create(ctx, anaAlder, nc)
	if fieldOf(err) != "NewCase.Category.Name" {
		t.Errorf("Create(odd name) = %v, want field NewCase.Category.Name", err)
	}
}

// TestListMergesCustomers checks the all-customers listing over the API
// (rule C6): each customer's search merged newest update first, each
// customer's creation windows applied within its search (C4), and a
// customer whose parent answers 403 (another reseller domain, D1; revoked
// access, D5) contributing nothing, while listing it alone is an error.
func TestListMergesCustomers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.w
	ctx := t.Context()
	start := w.Now()
	// Globex moved from Birch to Alder 90 days before the start: its cases
	// from before are Birch's.
	var seeds []fake.CaseSeed
	for i := range 12 {
		cust := []string{acme, globex, bluebird}[i%3]
		seeds = append(seeds, fake.CaseSeed{Customer: cust, Classification: mailDelivery.ID, Title: "case", Description: "d",
			Severity: cases.S3, Created: start.Add(-time.Duration(95-5*i) * day)})
	}
	names, err := w.AddCases(seeds)
	if err != nil {
		t.Fatal(err)
	}
	kestrelCase := e.fileAsCustomer(kestrel, "on alder-eu.example, which ana does not sign in to")
	s := e.service(anaAlder, alder)
	var want []string
	for i := len(names) - 1; i >= 0; i-- {
		if seeds[i].Customer != globex || !seeds[i].Created.Before(start.Add(-90*day)) { // Alder's from the move on
			want = append(want, names[i])
		}
	}
	for _, size := range []int{1, 2, 5, 50} {
		var got []string
		p := resellerkit.PageRequest{Size: size}
		for pages := 0; pages < 30; pages++ {
			page, err := s.ListPage(ctx, nil, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) > size {
				t.Fatalf("page of %d, asked %d", len(page.Items), size)
			}
			got = append(got, ids(page.Items)...)
			if p.Token = page.NextPageToken; p.Token == "" {
				break
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("page size %d: pages mismatch (-want +got):\n%s", size, diff)
		}
	}
	_, err = resellerkit.Collect(s.List(ctx, &cases.ListOptions{CustomerID: kestrel}))
	wantKind(t, err, resellerkit.KindPermissionDenied, nil)
	if _, err := s.Get(ctx, kestrelCase); resellerkit.KindOf(err) != resellerkit.KindPermissionDenied {
		t.Errorf("Get(a case of a customer on another domain) = %v, want Google's 403", err)
	}
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
	tab := parents(t)
	if _, err := tab.Parent("C99"); resellerkit.KindOf(err) != resellerkit.KindFailedPrecondition {
		t.Errorf("Parent(unknown) = %v", err)
	}
}
