package cases_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/cases/pii"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// TestC1Create checks rule C1: the filer's portal decision on the
// customer's assigned reseller domain and the customer's reseller-access
// grant, each refusal a typed error saying which.
func TestC1Create(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		account  string // the Service's reseller account
		filer    string
		customer string
		kind     resellerkit.Kind
		target   error
	}{
		{"C1 reseller admin on the customer's domain", alder, anaAlder, acme, 0, nil},
		{"C1 portal role through nested group on a secondary domain", alder, caraEU, kestrel, 0, nil},
		{"C1 filer without portal privileges", alder, gusAlder, acme, resellerkit.KindPermissionDenied, cases.ErrFilerDenied},
		{"C1 customer assigned to another domain of the account", alder, anaAlder, kestrel, resellerkit.KindPermissionDenied, cases.ErrWrongResellerDomain},
		{"C1 secondary-domain account for a primary-domain customer", alder, caraEU, acme, resellerkit.KindPermissionDenied, cases.ErrWrongResellerDomain},
		{"C1 customer of another reseller", alder, anaAlder, quartz, resellerkit.KindPermissionDenied, cases.ErrWrongResellerDomain},
		{"C1 customer revoked reseller access", alder, anaAlder, dunmore, resellerkit.KindPermissionDenied, cases.ErrAccessNotGranted},
		{"C1 other reseller's admin", birch, hanaBirch, quartz, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			s := e.service(tt.filer, tt.account)
			c, err := s.Create(t.Context(), tt.filer, newCase(tt.customer))
			if tt.target == nil {
				if err != nil {
					t.Fatalf("Create() = %v, want success", err)
				}
				want := cases.Case{ID: fake.CaseParent(tt.customer) + "/cases/40000001", CustomerID: tt.customer, Filer: tt.filer,
					Product: cases.GoogleWorkspace, Category: mailDelivery, Title: newCase("").Title,
					Description: newCase("").Description, Severity: cases.S2, Language: "en", TimeZone: "Europe/Rome",
					State: cases.StateNew, CreateTime: e.w.Now(), UpdateTime: e.w.Now()}
				if diff := cmp.Diff(want, c); diff != "" {
					t.Errorf("Create() mismatch (-want +got):\n%s", diff)
				}
				return
			}
			wantKind(t, err, tt.kind, tt.target)
			if n := len(e.w.CasesSnapshot()); n != 0 {
				t.Errorf("a refused filing stored %d cases", n)
			}
		})
	}
}

func TestC1DeniedFilerCarriesDecision(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := e.service(gusAlder, alder).Create(t.Context(), gusAlder, newCase(acme))
	var denied *access.DeniedError
	if !errors.As(err, &denied) {
		t.Fatalf("Create() = %v, want it to wrap *access.DeniedError", err)
	}
	if denied.Decision.Allowed || len(denied.Decision.Missing()) == 0 {
		t.Errorf("decision = %+v, want a denial listing what is missing", denied.Decision)
	}
	if !strings.Contains(err.Error(), "rule C1") {
		t.Errorf("error %q does not name rule C1", err)
	}
}

// TestC1PortalFailureIsNotDenial checks rule P7 as C1 applies it: a failure
// to read the facts is an error, never a denial.
func TestC1PortalFailureIsNotDenial(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	broken := cases.PortalFunc(func(context.Context, string) (access.Decision, error) {
		return access.Decision{}, errs.Errorf(resellerkit.KindUnavailable, "test", "backend down")
	})
	s := e.service(anaAlder, alder, cases.WithPortal(broken))
	_, err := s.Create(t.Context(), anaAlder, newCase(acme))
	wantKind(t, err, resellerkit.KindUnavailable, nil)
	if errors.Is(err, cases.ErrFilerDenied) {
		t.Errorf("a portal failure was reported as a denial: %v", err)
	}
}

func TestCreateNeedsPortalAndCustomers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s, err := cases.New(e.conn(anaAlder), e.config(alder))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Create(t.Context(), anaAlder, newCase(acme))
	wantKind(t, err, resellerkit.KindFailedPrecondition, nil)
	if !strings.Contains(err.Error(), "WithPortal and WithCustomers") {
		t.Errorf("error %q does not name the options to give", err)
	}
}

// TestC2Validation checks rule C2: every field of a new case, with the
// field named in the error, and the limits at their boundaries.
func TestC2Validation(t *testing.T) {
	t.Parallel()
	png := append([]byte("\x89PNG\r\n\x1a\n"), []byte("4111 1111 1111 1111")...)
	tests := []struct {
		name   string
		mutate func(*cases.NewCase)
		field  string // "" = valid
	}{
		{"C2 valid", func(*cases.NewCase) {}, ""},
		{"C2 customer missing", func(n *cases.NewCase) { n.CustomerID = " " }, "NewCase.CustomerID"},
		{"C2 product missing", func(n *cases.NewCase) { n.Product = "" }, "NewCase.Product"},
		{"C2 product not workspace", func(n *cases.NewCase) { n.Product = "Google Cloud" }, "NewCase.Product"},
		{"C2 category missing", func(n *cases.NewCase) { n.Category = cases.Category{} }, "NewCase.Category"},
		{"C2 category by name only", func(n *cases.NewCase) { n.Category = cases.Category{Name: "Technical Issue > Gmail"} }, ""},
		{"C2 category name in another case", func(n *cases.NewCase) { n.Category = cases.Category{Name: " technical issue > GMAIL "} }, ""},
		{"C2 category by ID only", func(n *cases.NewCase) { n.Category = cases.Category{ID: "100100"} }, ""},
		{"C2 category name not a classification", func(n *cases.NewCase) { n.Category = cases.Category{Name: "Gmail"} }, "NewCase.Category.Name"},
		{"C2 category name too long", func(n *cases.NewCase) { n.Category.Name = strings.Repeat("c", cases.MaxNameLength+1) }, "NewCase.Category.Name"},
		{"C2 title missing", func(n *cases.NewCase) { n.Title = "" }, "NewCase.Title"},
		{"C2 title blank", func(n *cases.NewCase) { n.Title = " \t\n" }, "NewCase.Title"},
		{"C2 title at limit", func(n *cases.NewCase) { n.Title = strings.Repeat("é", cases.MaxTitleLength) }, ""},
		{"C2 title over limit", func(n *cases.NewCase) { n.Title = strings.Repeat("é", cases.MaxTitleLength+1) }, "NewCase.Title"},
		{"C2 title invalid utf-8", func(n *cases.NewCase) { n.Title = "bad \xff title" }, "NewCase.Title"},
		{"C2 description missing", func(n *cases.NewCase) { n.Description = "" }, "NewCase.Description"},
		{"C2 description at 12800", func(n *cases.NewCase) { n.Description = strings.Repeat("x", cases.MaxDescriptionLength) }, ""},
		{"C2 description at 12801", func(n *cases.NewCase) { n.Description = strings.Repeat("x", cases.MaxDescriptionLength+1) }, "NewCase.Description"},
		{"C2 severity unset", func(n *cases.NewCase) { n.Severity = 0 }, "NewCase.Severity"},
		{"C2 severity out of range", func(n *cases.NewCase) { n.Severity = cases.S4 + 1 }, "NewCase.Severity"},
		{"C2 severity S0", func(n *cases.NewCase) { n.Severity = cases.S0 }, ""},
		{"C2 language missing", func(n *cases.NewCase) { n.Language = "" }, "NewCase.Language"},
		{"C2 language not BCP 47", func(n *cases.NewCase) { n.Language = "english please" }, "NewCase.Language"},
		{"C2 language with region", func(n *cases.NewCase) { n.Language = "pt-BR" }, ""},
		{"C2 time zone missing", func(n *cases.NewCase) { n.TimeZone = "" }, "NewCase.TimeZone"},
		{"C2 time zone unknown", func(n *cases.NewCase) { n.TimeZone = "Mars/Olympus_Mons" }, "NewCase.TimeZone"},
		{"C2 time zone Local", func(n *cases.NewCase) { n.TimeZone = "Local" }, "NewCase.TimeZone"},
		{"C2 time zone UTC", func(n *cases.NewCase) { n.TimeZone = "UTC" }, ""},
		{"C2 attachment without name", func(n *cases.NewCase) {
			n.Attachments = []cases.NewAttachment{{Content: []byte("log")}}
		}, "NewCase.Attachments[0].Name"},
		{"C2 attachment name with path", func(n *cases.NewCase) {
			n.Attachments = []cases.NewAttachment{{Name: "../etc/passwd", Content: []byte("x")}}
		}, "NewCase.Attachments[0].Name"},
		{"C2 attachment empty", func(n *cases.NewCase) {
			n.Attachments = []cases.NewAttachment{{Name: "a.txt", Content: []byte("ok")}, {Name: "b.txt"}}
		}, "NewCase.Attachments[1].Content"},
		{"C2 binary attachment is not scanned", func(n *cases.NewCase) {
			n.Attachments = []cases.NewAttachment{{Name: "screen.png", Content: png}}
		}, ""},
		{"C2 sharing address invalid", func(n *cases.NewCase) { n.SharedWith = []string{"it-team@example.com", "not an address"} }, "NewCase.SharedWith[1]"},
		{"C2 sharing address with display name", func(n *cases.NewCase) { n.SharedWith = []string{"IT <it@example.com>"} }, "NewCase.SharedWith[0]"},
		{"C2 sharing group address", func(n *cases.NewCase) { n.SharedWith = []string{"Support-Team@Example.com"} }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			nc := newCase(acme)
			tt.mutate(&nc)
			_, err := newEnv(t).service(anaAlder, alder).Create(t.Context(), anaAlder, nc)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Create() = %v, want success", err)
				}
				return
			}
			wantKind(t, err, resellerkit.KindInvalidArgument, nil)
			if got := fieldOf(err); got != tt.field {
				t.Errorf("error names field %q, want %q (%v)", got, tt.field, err)
			}
		})
	}
}

func TestC2Normalises(t *testing.T) {
	t.Parallel()
	nc := newCase(acme)
	nc.Language = "PT-br"
	nc.SharedWith = []string{"IT@Acme-Corp.example", "it@acme-corp.example", "ops@acme-corp.example"}
	c := file(t, newEnv(t).service(anaAlder, alder), anaAlder, nc)
	if c.Language != "pt-BR" {
		t.Errorf("Language = %q, want canonical pt-BR", c.Language)
	}
	if diff := cmp.Diff([]string{"it@acme-corp.example", "ops@acme-corp.example"}, c.SharedWith); diff != "" {
		t.Errorf("SharedWith mismatch (-want +got):\n%s", diff)
	}
}

// TestC3PersonalData checks rule C3 on every field it covers: the error
// names the field and the kind, never the value, and an allowed kind passes.
func TestC3PersonalData(t *testing.T) {
	t.Parallel()
	const (
		email = "jane.doe@acme-corp.example"
		phone = "+39 06 1234 5678"
		card  = "4111 1111 1111 1111"
		iban  = "IT60 X054 2811 1010 0000 0123 456"
	)
	tests := []struct {
		name    string
		mutate  func(*cases.NewCase)
		allowed []pii.Kind
		field   string
		kind    pii.Kind
		secret  string
	}{
		{"C3 email in title", func(n *cases.NewCase) { n.Title = "Mailbox of " + email + " is full" }, nil, "NewCase.Title", pii.Email, email},
		{"C3 card in description", func(n *cases.NewCase) { n.Description += " Card " + card + " was charged." }, nil, "NewCase.Description", pii.PaymentCard, card},
		{"C3 phone in attachment name", func(n *cases.NewCase) {
			n.Attachments = []cases.NewAttachment{{Name: "call " + phone + ".txt", Content: []byte("x")}}
		}, nil, "NewCase.Attachments[0].Name", pii.Phone, phone},
		{"C3 iban in text attachment", func(n *cases.NewCase) {
			n.Attachments = []cases.NewAttachment{{Name: "invoice.csv", ContentType: "text/csv", Content: []byte("amount,iban\n10," + iban + "\n")}}
		}, nil, "NewCase.Attachments[0].Content", pii.IBAN, iban},
		{"C3 iban in sniffed text attachment", func(n *cases.NewCase) {
			n.Attachments = []cases.NewAttachment{{Name: "notes", Content: []byte("pay to " + iban)}}
		}, nil, "NewCase.Attachments[0].Content", pii.IBAN, iban},
		{"text declared as octet-stream", func(n *cases.NewCase) {
			n.Attachments = []cases.NewAttachment{{Name: "app.log", ContentType: "application/octet-stream", Content: []byte("payout to " + iban + "\n")}}
		}, nil, "NewCase.Attachments[0].Content", pii.IBAN, iban},
		{"C3 allowed kind passes", func(n *cases.NewCase) { n.Description += " Call " + phone }, []pii.Kind{pii.Phone}, "", 0, ""},
		{"C3 allowing one kind does not allow another", func(n *cases.NewCase) { n.Description += " Call " + phone + " or " + email }, []pii.Kind{pii.Phone}, "NewCase.Description", pii.Email, email},
		{"C3 look-alike order number passes", func(n *cases.NewCase) { n.Description += " Order 1234 5678 9012 3456." }, nil, "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			nc := newCase(acme)
			tt.mutate(&nc)
			_, err := newEnv(t).service(anaAlder, alder, cases.WithAllowedPII(tt.allowed...)).Create(t.Context(), anaAlder, nc)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Create() = %v, want success", err)
				}
				return
			}
			wantKind(t, err, resellerkit.KindInvalidArgument, pii.ErrFound)
			var pe *pii.Error
			if !errors.As(err, &pe) || pe.Field != tt.field || pe.Kind != tt.kind {
				t.Fatalf("Create() = %v, want a pii.Error for %s/%v", err, tt.field, tt.kind)
			}
			if strings.Contains(err.Error(), tt.secret) {
				t.Errorf("error %q echoes the value", err)
			}
		})
	}
}

func TestC3CommentsAndJustification(t *testing.T) {
	t.Parallel()
	s := newEnv(t).service(anaAlder, alder)
	c := file(t, s, anaAlder, newCase(acme))
	_, err := s.Comment(t.Context(), c.ID, "The user's NINO is AB 12 34 56 C, please check.")
	var pe *pii.Error
	if !errors.As(err, &pe) || pe.Field != "body" || pe.Kind != pii.UKNationalInsurance {
		t.Errorf("Comment() = %v, want a pii.Error for body/UK NINO", err)
	}
	_, err = s.Escalate(t.Context(), c.ID, cases.Escalation{Reason: cases.BusinessImpact, Justification: "CEO 123-45-6789 cannot work"})
	if !errors.As(err, &pe) || pe.Field != "Escalation.Justification" || pe.Kind != pii.USSocialSecurity {
		t.Errorf("Escalate() = %v, want a pii.Error for Escalation.Justification/SSN", err)
	}
	_, err = s.Attach(t.Context(), c.ID, cases.NewAttachment{Name: "trace.json", ContentType: "application/json", Content: []byte(`{"user":"mario.rossi@acme-corp.example"}`)})
	if !errors.As(err, &pe) || pe.Field != "attachment.Content" || pe.Kind != pii.Email {
		t.Errorf("Attach() = %v, want a pii.Error for attachment.Content/email", err)
	}
}

// TestC4Tenure checks rule C4 around a transfer between reseller accounts:
// a case filed a nanosecond before the transfer stays with the old reseller,
// one filed at the transfer instant belongs to the new one, and a hidden
// case is not found, never forbidden.
func TestC4Tenure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.w
	alderSvc, birchSvc := e.service(anaAlder, alder), e.service(hanaBirch, birch)
	ctx := t.Context()

	// quartz is Birch's. Cases before the transfer:
	early := file(t, birchSvc, hanaBirch, newCase(quartz)).ID
	w.Advance(time.Hour)
	byCustomer := e.fileAsCustomer(quartz, "filed by the customer under Birch")
	transferAt := w.Now().Add(time.Hour)
	w.SetTime(transferAt.Add(-time.Nanosecond))
	justBefore := file(t, birchSvc, hanaBirch, newCase(quartz)).ID // one nanosecond before the transfer
	w.SetTime(transferAt)
	if err := w.Transfer(quartz, "alder-reseller.example"); err != nil {
		t.Fatal(err)
	}
	atTransfer := file(t, alderSvc, anaAlder, newCase(quartz)).ID // at the transfer instant
	w.Advance(time.Hour)
	after := file(t, alderSvc, anaAlder, newCase(quartz)).ID

	check := func(t *testing.T, s *cases.Service, visible, hidden []string) {
		t.Helper()
		for _, id := range visible {
			if _, err := s.Get(ctx, id); err != nil {
				t.Errorf("Get(%s) = %v, want visible", id, err)
			}
		}
		for _, id := range hidden {
			_, err := s.Get(ctx, id)
			wantKind(t, err, resellerkit.KindNotFound, resellerkit.ErrNotFound)
			if errors.Is(err, resellerkit.ErrPermissionDenied) {
				t.Errorf("Get(%s) says forbidden, which leaks the case", id)
			}
		}
		got, err := resellerkit.Collect(s.List(ctx, &cases.ListOptions{CustomerID: quartz}))
		if err != nil {
			t.Fatal(err)
		}
		want := slices.Clone(visible)
		slices.Sort(want)
		gotIDs := ids(got)
		slices.Sort(gotIDs)
		if diff := cmp.Diff(want, gotIDs); diff != "" {
			t.Errorf("List(quartz) mismatch (-want +got):\n%s", diff)
		}
	}
	t.Run("C4 new reseller sees only cases from its tenure", func(t *testing.T) {
		check(t, alderSvc, []string{atTransfer, after}, []string{early, byCustomer, justBefore})
	})
	t.Run("C4 old reseller no longer sees anything", func(t *testing.T) {
		check(t, birchSvc, nil, []string{early, byCustomer, justBefore, atTransfer, after})
	})
	t.Run("C4 hidden and missing cases fail alike", func(t *testing.T) {
		missingID := fake.CaseParent(quartz) + "/cases/99999999"
		_, hidden := alderSvc.Get(ctx, early)
		_, missing := alderSvc.Get(ctx, missingID)
		_, malformed := alderSvc.Get(ctx, "99999999")
		_, otherReseller := birchSvc.Get(ctx, after)
		for _, err := range []error{missing, malformed, otherReseller} {
			if strings.ReplaceAll(hidden.Error(), early, "X") != strings.NewReplacer(missingID, "X", after, "X", "99999999", "X").Replace(err.Error()) {
				t.Errorf("hidden %q and %q differ", hidden, err)
			}
		}
	})
	t.Run("C4 changes to a hidden case are not found", func(t *testing.T) {
		_, err := alderSvc.Comment(ctx, early, "hello")
		wantKind(t, err, resellerkit.KindNotFound, nil)
		err = alderSvc.RemoveAttachment(ctx, early, "1")
		wantKind(t, err, resellerkit.KindNotFound, nil)
		_, err = alderSvc.Close(ctx, early)
		wantKind(t, err, resellerkit.KindNotFound, nil)
		if c := e.w.CasesSnapshot()[0]; c.Case.ID != early || len(c.Comments) != 0 || c.Case.State == cases.StateClosed {
			t.Errorf("a hidden case changed: %+v", c)
		}
	})

	// Back to Birch: its earlier tenure's cases are visible again, the
	// Alder-period ones are not.
	w.Advance(time.Hour)
	if err := w.Transfer(quartz, "birch-partners.example"); err != nil {
		t.Fatal(err)
	}
	t.Run("C4 transfer back restores the earlier tenure", func(t *testing.T) {
		check(t, birchSvc, []string{early, byCustomer, justBefore}, []string{atTransfer, after})
		check(t, alderSvc, nil, []string{early, atTransfer, after})
	})
}

// TestC4AllCustomersListing checks rule C4 on the all-customers listing,
// with the demo's customer transferred to Alder before the World began.
func TestC4AllCustomersListing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alderSvc := e.service(anaAlder, alder)
	e.w.SetTime(fake.DefaultStart.Add(-100 * day))
	e.fileAsCustomer(globex, "under Birch")
	e.w.SetTime(fake.DefaultStart)
	mine := file(t, alderSvc, anaAlder, newCase(globex))
	file(t, e.service(hanaBirch, birch), hanaBirch, newCase(quartz))
	got, err := resellerkit.Collect(alderSvc.List(t.Context(), nil))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{mine.ID}, ids(got)); diff != "" {
		t.Errorf("List() mismatch (-want +got):\n%s", diff)
	}
}

func TestC4CanView(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	periods := []cases.Period{{Start: t0, End: t0.Add(10 * day)}, {Start: t0.Add(20 * day)}}
	c := func(customer string, at time.Time) cases.Case {
		return cases.Case{CustomerID: customer, CreateTime: at}
	}
	tests := []struct {
		name string
		v    cases.Viewer
		c    cases.Case
		ps   []cases.Period
		now  time.Time
		want bool
	}{
		{"C4 filed and viewed in the current tenure", cases.Viewer{ResellerAccount: alder}, c(acme, t0.Add(21*day)), periods, t0.Add(30 * day), true},
		{"C4 filed in an earlier tenure of the same account", cases.Viewer{ResellerAccount: alder}, c(acme, t0.Add(day)), periods, t0.Add(30 * day), true},
		{"C4 filed between tenures", cases.Viewer{ResellerAccount: alder}, c(acme, t0.Add(15*day)), periods, t0.Add(30 * day), false},
		{"C4 filed at a tenure's end (exclusive)", cases.Viewer{ResellerAccount: alder}, c(acme, t0.Add(10*day)), periods, t0.Add(30 * day), false},
		{"C4 filed at a tenure's start (inclusive)", cases.Viewer{ResellerAccount: alder}, c(acme, t0.Add(20*day)), periods, t0.Add(30 * day), true},
		{"C4 not currently managing", cases.Viewer{ResellerAccount: alder}, c(acme, t0.Add(day)), periods, t0.Add(15 * day), false},
		{"C4 never managed", cases.Viewer{ResellerAccount: alder}, c(acme, t0.Add(day)), nil, t0.Add(30 * day), false},
		{"C5 customer's own admin", cases.Viewer{CustomerID: acme}, c(acme, t0), nil, t0, true},
		{"C5 another customer's admin", cases.Viewer{CustomerID: bluebird}, c(acme, t0), nil, t0, false},
		{"no viewer", cases.Viewer{}, c(acme, t0), periods, t0.Add(30 * day), false},
		{"both viewers", cases.Viewer{ResellerAccount: alder, CustomerID: acme}, c(acme, t0.Add(21*day)), periods, t0.Add(30 * day), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := cases.CanView(tt.v, tt.c, tt.ps, tt.now); got != tt.want {
				t.Errorf("CanView() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTenureTable(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tab, err := cases.NewTenureTable([]cases.TenureRecord{
		{ResellerAccount: alder, CustomerID: acme, Start: t0.Add(20 * day)},
		{ResellerAccount: alder, CustomerID: acme, Start: t0, End: t0.Add(10 * day)},
		{ResellerAccount: birch, CustomerID: acme, Start: t0.Add(10 * day), End: t0.Add(20 * day)},
	})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := tab.Periods(t.Context(), alder, acme)
	if err != nil {
		t.Fatal(err)
	}
	want := []cases.Period{{Start: t0, End: t0.Add(10 * day)}, {Start: t0.Add(20 * day)}}
	if diff := cmp.Diff(want, ps); diff != "" {
		t.Errorf("Periods() mismatch (-want +got):\n%s", diff)
	}
	cs, err := tab.Customers(t.Context(), birch)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]cases.CustomerPeriods{{CustomerID: acme, Periods: []cases.Period{{Start: t0.Add(10 * day), End: t0.Add(20 * day)}}}}, cs); diff != "" {
		t.Errorf("Customers() mismatch (-want +got):\n%s", diff)
	}

	bad := []struct {
		name  string
		rec   []cases.TenureRecord
		field string
	}{
		{"empty account", []cases.TenureRecord{{CustomerID: acme, Start: t0}}, "records[0].ResellerAccount"},
		{"empty customer", []cases.TenureRecord{{ResellerAccount: alder, Start: t0}}, "records[0].CustomerID"},
		{"zero start", []cases.TenureRecord{{ResellerAccount: alder, CustomerID: acme}}, "records[0].Start"},
		{"end before start", []cases.TenureRecord{{ResellerAccount: alder, CustomerID: acme, Start: t0, End: t0}}, "records[0].End"},
		{"overlap", []cases.TenureRecord{
			{ResellerAccount: alder, CustomerID: acme, Start: t0, End: t0.Add(10 * day)},
			{ResellerAccount: alder, CustomerID: acme, Start: t0.Add(9 * day)},
		}, "records[1]"},
	}
	for _, tt := range bad {
		_, err := cases.NewTenureTable(tt.rec)
		if got := fieldOf(err); got != tt.field {
			t.Errorf("%s: NewTenureTable() = %v, want field %s", tt.name, err, tt.field)
		}
	}
}

// TestC5CustomerView checks rule C5: the customer's own admins see every
// case about their customer, whoever filed it, and nothing else.
func TestC5CustomerView(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	birchCase := file(t, e.service(hanaBirch, birch), hanaBirch, newCase(quartz))
	e.w.Advance(time.Hour)
	if err := e.w.Transfer(quartz, "alder-reseller.example"); err != nil {
		t.Fatal(err)
	}
	alderSvc := e.service(anaAlder, alder)
	alderCase := file(t, alderSvc, anaAlder, newCase(quartz))
	own := e.fileAsCustomer(quartz, "filed by the customer")
	otherCustomer := file(t, alderSvc, anaAlder, newCase(acme))

	v, err := cases.NewCustomerView(e.conn("admin@quartz-mining.example"), cases.CustomerViewConfig{CustomerID: quartz, Parents: parents(t)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := resellerkit.Collect(v.List(ctx, nil))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{own, alderCase.ID, birchCase.ID}, ids(got)); diff != "" {
		t.Errorf("List() mismatch (-want +got):\n%s", diff)
	}
	if _, err := v.Get(ctx, birchCase.ID); err != nil {
		t.Errorf("Get(case filed by the earlier reseller) = %v, want visible", err)
	}
	_, err = v.Get(ctx, otherCustomer.ID)
	wantKind(t, err, resellerkit.KindNotFound, nil)
	got, err = resellerkit.Collect(v.List(ctx, &cases.ListOptions{CustomerID: acme}))
	if err != nil || len(got) != 0 {
		t.Errorf("List(another customer) = %v, %v; want nothing", ids(got), err)
	}
	if _, err := v.ListPage(ctx, nil, resellerkit.PageRequest{Size: -1}); fieldOf(err) != "PageRequest.Size" {
		t.Errorf("ListPage(size -1) = %v, want field PageRequest.Size", err)
	}
}

// TestC5CustomerViewOptions checks that a view, which only reads its own
// customer's cases (rule C5), refuses the options of a reseller's Service.
func TestC5CustomerViewOptions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	conn := e.conn("admin@quartz-mining.example")
	for _, tt := range []struct {
		opt   cases.Option
		field string
	}{
		{cases.WithPageSize(10), ""},
		{cases.WithPortal(e.portal()), "WithPortal"},
		{cases.WithCustomers(worldCustomers{e.w}), "WithCustomers"},
		{cases.WithPlans(e.plans()), "WithPlans"},
		{cases.WithAllowedPII(pii.Phone), "WithAllowedPII"},
	} {
		_, err := cases.NewCustomerView(conn, cases.CustomerViewConfig{CustomerID: quartz, Parents: parents(t)}, tt.opt)
		if got := fieldOf(err); got != tt.field {
			t.Errorf("NewCustomerView(%s) = %v, want field %q", tt.field, err, tt.field)
		}
	}
	for _, tt := range []struct {
		name  string
		conn  *resellerkit.Conn
		cfg   cases.CustomerViewConfig
		field string
	}{
		{"nil conn", nil, cases.CustomerViewConfig{CustomerID: quartz, Parents: parents(t)}, "conn"},
		{"no customer", conn, cases.CustomerViewConfig{CustomerID: " ", Parents: parents(t)}, "CustomerViewConfig.CustomerID"},
		{"no parents", conn, cases.CustomerViewConfig{CustomerID: quartz}, "CustomerViewConfig.Parents"},
		{"nil parent table", conn, cases.CustomerViewConfig{CustomerID: quartz, Parents: (*cases.ParentTable)(nil)}, "CustomerViewConfig.Parents"},
	} {
		_, err := cases.NewCustomerView(tt.conn, tt.cfg)
		if got := fieldOf(err); got != tt.field {
			t.Errorf("%s: NewCustomerView() = %v, want field %q", tt.name, err, tt.field)
		}
	}
}

// TestC6List checks rule C6: all customers or one, newest update first by
// default, keyword, status and severity filters, and paging.
func TestC6List(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	w := en.w
	s := en.service(anaAlder, alder)
	ctx := t.Context()
	mk := func(customer, title string, sev cases.Severity) cases.Case {
		nc := newCase(customer)
		nc.Title, nc.Severity = title, sev
		w.Advance(time.Minute)
		return file(t, s, anaAlder, nc)
	}
	a := mk(acme, "Calendar invites missing", cases.S1)
	b := mk(bluebird, "Drive sync stalls", cases.S2)
	c := mk(acme, "Calendar sharing broken", cases.S3)
	d := mk(cedar, "Mail routing question", cases.S4)
	e := mk(acme, "Shared drive quota", cases.S1)
	w.Advance(time.Minute)
	if _, err := s.Close(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	w.Advance(time.Minute)
	if _, err := s.Comment(ctx, a.ID, "Still failing for the marketing team."); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		opts *cases.ListOptions
		want []cases.Case
	}{
		{"C6 all customers newest update first", nil, []cases.Case{a, e, d, c, b}},
		{"C6 one customer", &cases.ListOptions{CustomerID: acme}, []cases.Case{a, e, c}},
		{"C6 keyword whole word, any case", &cases.ListOptions{Keyword: "CALENDAR"}, []cases.Case{a, c}},
		{"C6 keyword several words all match", &cases.ListOptions{Keyword: "calendar sharing"}, []cases.Case{c}},
		{"C6 keyword in a comment", &cases.ListOptions{Keyword: "marketing"}, []cases.Case{a}},
		{"C6 keyword partial word does not match", &cases.ListOptions{Keyword: "calend"}, nil},
		{"C6 status open", &cases.ListOptions{Status: cases.Open}, []cases.Case{a, d, c, b}},
		{"C6 status closed", &cases.ListOptions{Status: cases.Closed}, []cases.Case{e}},
		{"C6 severities", &cases.ListOptions{Severities: []cases.Severity{cases.S1, cases.S4}}, []cases.Case{a, e, d}},
		{"C6 keyword, status and severity", &cases.ListOptions{Keyword: "calendar", Status: cases.Open, Severities: []cases.Severity{cases.S3}}, []cases.Case{c}},
		{"C6 customer not managed", &cases.ListOptions{CustomerID: quartz}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := resellerkit.Collect(s.List(ctx, tt.opts))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ids(tt.want), ids(got)); diff != "" {
				t.Errorf("List() mismatch (-want +got):\n%s", diff)
			}
			for _, size := range []int{1, 2} {
				var got []cases.Case
				p := resellerkit.PageRequest{Size: size}
				for pages := 0; pages < 20; pages++ {
					page, err := s.ListPage(ctx, tt.opts, p)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, page.Items...)
					if p.Token = page.NextPageToken; p.Token == "" {
						break
					}
				}
				if diff := cmp.Diff(ids(tt.want), ids(got)); diff != "" {
					t.Errorf("page size %d: ListPage() mismatch (-want +got):\n%s", size, diff)
				}
			}
		})
	}

	t.Run("C6 pages by token", func(t *testing.T) {
		var got []string
		req := resellerkit.PageRequest{Size: 2}
		for pages := 0; ; pages++ {
			p, err := s.ListPage(ctx, nil, req)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) > 2 {
				t.Fatalf("page of %d items, want at most 2", len(p.Items))
			}
			got = append(got, ids(p.Items)...)
			if p.NextPageToken == "" {
				if pages != 2 {
					t.Errorf("%d pages, want 3", pages+1)
				}
				break
			}
			req.Token = p.NextPageToken
		}
		if diff := cmp.Diff(ids([]cases.Case{a, e, d, c, b}), got); diff != "" {
			t.Errorf("pages mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("C6 iteration stops when the loop breaks", func(t *testing.T) {
		n := 0
		en.srv.ResetLog()
		for _, err := range en.service(anaAlder, alder, cases.WithPageSize(1)).List(ctx, &cases.ListOptions{CustomerID: acme}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			if n == 2 {
				break
			}
		}
		if n != 2 {
			t.Errorf("got %d items", n)
		}
		if got := slices.Collect(func(yield func(string) bool) {
			for _, m := range en.srv.Requests() {
				if m == "cloudsupport.cases.search" && !yield(m) {
					return
				}
			}
		}); len(got) != 2 {
			t.Errorf("%d searches for two cases of one customer, one a page: want 2", len(got))
		}
	})
	t.Run("C6 invalid options name the field", func(t *testing.T) {
		for _, tt := range []struct {
			opts  cases.ListOptions
			size  int
			field string
		}{
			{cases.ListOptions{}, -1, "PageRequest.Size"},
			{cases.ListOptions{Severities: []cases.Severity{cases.S1, 9}}, 0, "ListOptions.Severities[1]"},
			{cases.ListOptions{Status: 7}, 0, "ListOptions.Status"},
		} {
			_, err := s.ListPage(ctx, &tt.opts, resellerkit.PageRequest{Size: tt.size})
			if got := fieldOf(err); got != tt.field {
				t.Errorf("ListPage(%+v) = %v, want field %s", tt.opts, err, tt.field)
			}
		}
	})
	t.Run("C6 a bad page token is an error", func(t *testing.T) {
		_, err := s.ListPage(ctx, nil, resellerkit.PageRequest{Token: "not-a-token"})
		wantKind(t, err, resellerkit.KindInvalidArgument, nil)
		first, err := s.ListPage(ctx, nil, resellerkit.PageRequest{Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.ListPage(ctx, &cases.ListOptions{Keyword: "calendar"}, resellerkit.PageRequest{Token: first.NextPageToken})
		if fieldOf(err) != "PageRequest.Token" {
			t.Errorf("ListPage(another listing's token) = %v, want field PageRequest.Token", err)
		}
	})
}

// TestC7Updates checks rule C7: severity, history, attachments, close; and
// that an attachment cannot be removed.
func TestC7Updates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.w
	s := e.service(anaAlder, alder)
	ctx := t.Context()
	c := file(t, s, anaAlder, newCase(acme))

	w.Advance(time.Minute)
	got, err := s.SetSeverity(ctx, c.ID, cases.S1)
	if err != nil || got.Severity != cases.S1 || !got.UpdateTime.Equal(w.Now()) {
		t.Fatalf("SetSeverity() = %+v, %v", got, err)
	}
	_, err = s.SetSeverity(ctx, c.ID, 0)
	if fieldOf(err) != "severity" {
		t.Errorf("SetSeverity(0) = %v, want field severity", err)
	}
	cm, err := s.Comment(ctx, c.ID, "Adding the bounce headers.")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Comment(ctx, c.ID, strings.Repeat("y", cases.MaxCommentLength+1))
	if fieldOf(err) != "body" {
		t.Errorf("Comment(12801 chars) = %v, want field body", err)
	}
	if _, err = s.Comment(ctx, c.ID, strings.Repeat("y", cases.MaxCommentLength)); err != nil {
		t.Errorf("Comment(12800 chars) = %v", err)
	}
	comments, err := resellerkit.Collect(s.Comments(ctx, c.ID))
	if err != nil || len(comments) != 2 || comments[0] != cm || cm.Author != anaAlder {
		t.Errorf("Comments() = %+v, %v; want the two comments, first by %s", comments, err, anaAlder)
	}
	at, err := s.Attach(ctx, c.ID, cases.NewAttachment{Name: "headers.txt", Content: []byte("Received: from mx.example")})
	if err != nil {
		t.Fatal(err)
	}
	want := cases.Attachment{ID: c.ID + "/attachments/3", Name: "headers.txt", ContentType: "text/plain; charset=utf-8", Size: 25, CreateTime: w.Now(), Creator: anaAlder}
	if diff := cmp.Diff(want, at); diff != "" {
		t.Errorf("Attach() mismatch (-want +got):\n%s", diff)
	}
	list, err := resellerkit.Collect(s.Attachments(ctx, c.ID))
	if err != nil || len(list) != 1 || list[0] != at {
		t.Errorf("Attachments() = %+v, %v", list, err)
	}

	t.Run("C7 removing an attachment is refused", func(t *testing.T) {
		err := s.RemoveAttachment(ctx, c.ID, at.ID)
		wantKind(t, err, resellerkit.KindUnsupported, cases.ErrAttachmentRemoval)
		if !strings.Contains(err.Error(), "ask Google support") {
			t.Errorf("error %q does not say to contact support", err)
		}
		list, _ := resellerkit.Collect(s.Attachments(ctx, c.ID))
		if len(list) != 1 {
			t.Errorf("the attachment is gone: %v", list)
		}
	})

	closed, err := s.Close(ctx, c.ID)
	if err != nil || closed.State != cases.StateClosed || !closed.ClosedTime.Equal(w.Now()) {
		t.Fatalf("Close() = %+v, %v", closed, err)
	}
	t.Run("C7 a closed case does not change", func(t *testing.T) {
		_, err := s.SetSeverity(ctx, c.ID, cases.S3)
		wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrCaseClosed)
		_, err = s.Comment(ctx, c.ID, "more")
		wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrCaseClosed)
		_, err = s.Attach(ctx, c.ID, cases.NewAttachment{Name: "x.txt", Content: []byte("x")})
		wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrCaseClosed)
		_, err = s.Close(ctx, c.ID)
		wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrCaseClosed)
		_, err = s.Share(ctx, c.ID, "it@acme-corp.example")
		wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrCaseClosed)
	})
}

// TestC8Escalate checks rule C8: Premium Support only, with a reason and a
// justification.
func TestC8Escalate(t *testing.T) {
	t.Parallel()
	esc := cases.Escalation{Reason: cases.ResolutionTime, Justification: "The outage blocks all sales staff."}
	tests := []struct {
		name     string
		customer string
		e        cases.Escalation
		kind     resellerkit.Kind
		target   error
		field    string
	}{
		{"C8 Premium", acme, esc, 0, nil, ""},
		{"C8 Standard", bluebird, esc, resellerkit.KindFailedPrecondition, cases.ErrEscalationNotAvailable, ""},
		{"C8 Enhanced", cedar, esc, resellerkit.KindFailedPrecondition, cases.ErrEscalationNotAvailable, ""},
		{"C8 reason required", acme, cases.Escalation{Justification: "x"}, resellerkit.KindInvalidArgument, nil, "Escalation.Reason"},
		{"C8 justification required", acme, cases.Escalation{Reason: cases.BusinessImpact}, resellerkit.KindInvalidArgument, nil, "Escalation.Justification"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			s := e.service(anaAlder, alder)
			c := file(t, s, anaAlder, newCase(tt.customer))
			got, err := s.Escalate(t.Context(), c.ID, tt.e)
			if tt.kind == 0 {
				if err != nil || !got.Escalated {
					t.Fatalf("Escalate() = %+v, %v; want escalated", got, err)
				}
				e.srv.ResetLog()
				_, err = s.Escalate(t.Context(), c.ID, tt.e)
				wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrAlreadyEscalated)
				if slices.Contains(e.srv.Requests(), "cloudsupport.cases.escalate") {
					t.Errorf("the second escalation reached Google")
				}
				return
			}
			e.srv.ResetLog()
			_, err = s.Escalate(t.Context(), c.ID, tt.e)
			wantKind(t, err, tt.kind, tt.target)
			// The rule is the SDK's: the fake would escalate any case.
			if slices.Contains(e.srv.Requests(), "cloudsupport.cases.escalate") {
				t.Errorf("the refused escalation reached Google")
			}
			if tt.field != "" && fieldOf(err) != tt.field {
				t.Errorf("error names %q, want %q", fieldOf(err), tt.field)
			}
			if c2, _ := s.Get(t.Context(), c.ID); c2.Escalated {
				t.Errorf("a refused escalation escalated the case")
			}
		})
	}
}

// TestC8CheckEscalate checks rule C8 without I/O, at each condition's
// boundary: every plan below Premium and the unknown plan refuse; a closed
// or already escalated case refuses whatever the plan.
func TestC8CheckEscalate(t *testing.T) {
	t.Parallel()
	open := cases.Case{ID: "c1", CustomerID: acme, State: cases.StateInProgress}
	escalated, closed := open, open
	escalated.Escalated = true
	closed.State = cases.StateClosed
	tests := []struct {
		name   string
		c      cases.Case
		plan   domains.SupportPlan
		target error
	}{
		{"C8 open case on Premium", open, domains.PlanPremium, nil},
		{"C8 new case on Premium", cases.Case{ID: "c2", State: cases.StateNew}, domains.PlanPremium, nil},
		{"C8 Enhanced is not enough", open, domains.PlanEnhanced, cases.ErrEscalationNotAvailable},
		{"C8 Standard", open, domains.PlanStandard, cases.ErrEscalationNotAvailable},
		{"C8 unknown plan refuses", open, domains.PlanUnknown, cases.ErrEscalationNotAvailable},
		{"C8 already escalated", escalated, domains.PlanPremium, cases.ErrAlreadyEscalated},
		{"C7 closed case", closed, domains.PlanPremium, cases.ErrCaseClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := cases.CheckEscalate(tt.c, tt.plan)
			if tt.target == nil {
				if err != nil {
					t.Errorf("CheckEscalate() = %v, want nil", err)
				}
				return
			}
			wantKind(t, err, resellerkit.KindFailedPrecondition, tt.target)
		})
	}
}

func TestC8NeedsPlans(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s, err := cases.New(e.conn(anaAlder), e.config(alder),
		cases.WithPortal(e.portal()), cases.WithCustomers(worldCustomers{e.w}))
	if err != nil {
		t.Fatal(err)
	}
	c := file(t, s, anaAlder, newCase(acme))
	_, err = s.Escalate(t.Context(), c.ID, cases.Escalation{Reason: cases.BusinessImpact, Justification: "x"})
	wantKind(t, err, resellerkit.KindFailedPrecondition, nil)
	if !strings.Contains(err.Error(), "WithPlans") {
		t.Errorf("error %q does not name WithPlans", err)
	}
}

// TestC9Reopen checks rule C9 at its boundaries on the Conn's clock (the
// World's): within the window (just after closing, 30 days minus 1 ns) the
// case could be reopened in the portal, and Reopen says until when, since
// the Cloud Support API cannot reopen; from exactly 30 days on, the window
// has passed and the error names the deadline and says to file a new case.
func TestC9Reopen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		after  time.Duration
		within bool
	}{
		{"C9 just after closing", 0, true},
		{"C9 30 days minus 1ns", cases.ReopenWindow - time.Nanosecond, true},
		{"C9 exactly 30 days", cases.ReopenWindow, false},
		{"C9 30 days plus 1ns", cases.ReopenWindow + time.Nanosecond, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			s := e.service(anaAlder, alder)
			c := file(t, s, anaAlder, newCase(acme))
			e.w.Advance(time.Hour)
			closed, err := s.Close(t.Context(), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			deadline := closed.ClosedTime.Add(30 * 24 * time.Hour)
			e.w.Advance(tt.after)
			got, err := s.Reopen(t.Context(), c.ID)
			if tt.within {
				wantKind(t, err, resellerkit.KindUnsupported, resellerkit.ErrUnsupported)
				if errors.Is(err, cases.ErrReopenWindowClosed) {
					t.Errorf("within the window, Reopen() = %v, the window's error", err)
				}
				if d, ok := got.ReopenDeadline(); !ok || !d.Equal(deadline) || !strings.Contains(err.Error(), deadline.Format(time.RFC3339)) {
					t.Errorf("Reopen() = %v, deadline %v; want the deadline %v in both", err, d, deadline)
				}
				if after, _ := s.Get(t.Context(), c.ID); after.State != cases.StateClosed {
					t.Errorf("the case is %v after Reopen, want closed", after.State)
				}
				return
			}
			wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrReopenWindowClosed)
			var rw *cases.ReopenWindowError
			if !errors.As(err, &rw) {
				t.Fatalf("Reopen() = %v, want a *ReopenWindowError", err)
			}
			if diff := cmp.Diff(cases.ReopenWindowError{CaseID: c.ID, ClosedAt: closed.ClosedTime, Deadline: deadline}, *rw); diff != "" {
				t.Errorf("ReopenWindowError mismatch (-want +got):\n%s", diff)
			}
			msg := err.Error()
			if !strings.Contains(msg, deadline.Format(time.RFC3339Nano)) || !strings.Contains(msg, "file a new case") {
				t.Errorf("error %q does not name the deadline and say to file a new case", msg)
			}
		})
	}
}

// TestC9ReopenWindowFromLatestClose checks that the window runs from the
// latest close: a case reopened in the portal and closed again reads, on
// the Cloud Support API, as a closed case last updated at its second close,
// and the window runs from there, not from the first close.
func TestC9ReopenWindowFromLatestClose(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.service(anaAlder, alder)
	ctx := t.Context()
	start := e.w.Now()
	firstClose, secondClose := start.Add(-40*day), start.Add(-20*day)
	names, err := e.w.AddCases([]fake.CaseSeed{{Customer: acme, Filer: anaAlder, Classification: mailDelivery.ID,
		Title: "Mail bounces", Description: "Closed, reopened in the portal, closed again.", Severity: cases.S2,
		State: cases.StateClosed, Created: start.Add(-50 * day), Updated: secondClose,
		Comments: []cases.Comment{{Body: "Closed by the customer.", CreateTime: firstClose}, {Body: "Still bouncing.", CreateTime: firstClose.Add(day)}}}})
	if err != nil {
		t.Fatal(err)
	}
	// Past the first close's deadline, inside the second's.
	_, err = s.Reopen(ctx, names[0])
	wantKind(t, err, resellerkit.KindUnsupported, nil)
	e.w.SetTime(secondClose.Add(cases.ReopenWindow - time.Nanosecond))
	_, err = s.Reopen(ctx, names[0])
	wantKind(t, err, resellerkit.KindUnsupported, nil)
	e.w.SetTime(secondClose.Add(cases.ReopenWindow))
	_, err = s.Reopen(ctx, names[0])
	wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrReopenWindowClosed)
}

func TestC9ReopenOpenCase(t *testing.T) {
	t.Parallel()
	s := newEnv(t).service(anaAlder, alder)
	c := file(t, s, anaAlder, newCase(acme))
	_, err := s.Reopen(t.Context(), c.ID)
	wantKind(t, err, resellerkit.KindFailedPrecondition, cases.ErrNotClosed)
}

func TestC9CheckReopen(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 28, 12, 0, 0, 0, time.FixedZone("CET", 3600)) // across a DST change in Europe
	closed := cases.Case{ID: "1", State: cases.StateClosed, ClosedTime: t0}
	tests := []struct {
		name string
		c    cases.Case
		now  time.Time
		err  error
	}{
		{"C9 minus 1ns", closed, t0.Add(720*time.Hour - 1), nil},
		{"C9 exactly 720h", closed, t0.Add(720 * time.Hour), cases.ErrReopenWindowClosed},
		{"C9 plus 1ns", closed, t0.Add(720*time.Hour + 1), cases.ErrReopenWindowClosed},
		{"C9 not closed", cases.Case{ID: "2", State: cases.StateInProgress}, t0, cases.ErrNotClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := cases.CheckReopen(tt.c, tt.now)
			if tt.err == nil {
				if err != nil {
					t.Errorf("CheckReopen() = %v, want nil", err)
				}
				return
			}
			wantKind(t, err, resellerkit.KindFailedPrecondition, tt.err)
		})
	}
	if d, ok := closed.ReopenDeadline(); !ok || !d.Equal(t0.Add(30*24*time.Hour)) || d.Location() != time.UTC {
		t.Errorf("ReopenDeadline() = %v, %v", d, ok)
	}
}

// TestC10Share checks rule C10: shared addresses receive the case's
// updates; sharing is additive and idempotent.
func TestC10Share(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.w
	s := e.service(anaAlder, alder)
	ctx := t.Context()
	nc := newCase(acme)
	nc.SharedWith = []string{"ana.lima@workspace-mail.example"}
	c := file(t, s, anaAlder, nc)
	w.Advance(time.Minute)
	got, err := s.Share(ctx, c.ID, "Support-Team@Alder-Reseller.example", "ana.lima@workspace-mail.example")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ana.lima@workspace-mail.example", "support-team@alder-reseller.example"}
	if diff := cmp.Diff(want, got.SharedWith); diff != "" {
		t.Errorf("SharedWith mismatch (-want +got):\n%s", diff)
	}
	w.Advance(time.Minute)
	again, err := s.Share(ctx, c.ID, "support-team@alder-reseller.example")
	if err != nil || !again.UpdateTime.Equal(got.UpdateTime) {
		t.Errorf("sharing an address again wrote the case: %v, %v", again.UpdateTime, err)
	}
	_, err = s.Share(ctx, c.ID, "nobody")
	if fieldOf(err) != "addresses[0]" {
		t.Errorf("Share(invalid) = %v, want field addresses[0]", err)
	}
	_, err = s.Share(ctx, c.ID)
	if fieldOf(err) != "addresses" {
		t.Errorf("Share() = %v, want field addresses", err)
	}
}

// TestC11ListingLag checks rule C11: a new case may lag in listings while
// Get sees it at once; the fake's lag runs on the World's clock.
func TestC11ListingLag(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.w
	w.SetCaseListingLag(3 * time.Minute)
	s := e.service(anaAlder, alder)
	ctx := t.Context()
	c := file(t, s, anaAlder, newCase(acme))
	if _, err := s.Get(ctx, c.ID); err != nil {
		t.Fatalf("Get(new case) = %v, want it at once", err)
	}
	listed := func() bool {
		got, err := resellerkit.Collect(s.List(ctx, nil))
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(ids(got), c.ID)
	}
	if listed() {
		t.Errorf("the new case is listed at once, want the lag")
	}
	w.Advance(3*time.Minute - time.Nanosecond)
	if listed() {
		t.Errorf("the new case is listed 1ns before the lag ends")
	}
	w.Advance(time.Nanosecond)
	if !listed() {
		t.Errorf("the new case is not listed once the lag has passed")
	}
}

// TestC12NoApprovalAfterTransfer checks rule C12 as the SDK applies it: a
// customer that moved to the reseller a moment ago can have a case filed at
// once, with no approval step.
func TestC12NoApprovalAfterTransfer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if err := e.w.Transfer(quartz, "alder-reseller.example"); err != nil {
		t.Fatal(err)
	}
	s := e.service(anaAlder, alder)
	c := file(t, s, anaAlder, newCase(quartz))
	if _, err := s.Get(t.Context(), c.ID); err != nil {
		t.Errorf("Get() = %v, want the case visible at once", err)
	}
}

func TestCreateAttachmentsAndPartialFailure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.service(anaAlder, alder)
	ctx := t.Context()
	nc := newCase(acme)
	nc.Attachments = []cases.NewAttachment{{Name: "a.log", Content: []byte("one")}, {Name: "b.log", Content: []byte("two")}}
	c := file(t, s, anaAlder, nc)
	list, err := resellerkit.Collect(s.Attachments(ctx, c.ID))
	if err != nil || len(list) != 2 {
		t.Fatalf("Attachments() = %v, %v", list, err)
	}
	// Every upload fails, the Conn's retries included.
	remove := e.srv.Fail(fake.Fault{Method: "cloudsupport.media.upload", Status: 503, Reason: "backendError"})
	defer remove()
	c2, err := s.Create(ctx, anaAlder, nc)
	if err == nil || c2.ID == "" {
		t.Fatalf("Create() = %+v, %v; want the case and an error", c2, err)
	}
	if !resellerkit.IsRetryable(err) || !strings.Contains(err.Error(), "NewCase.Attachments[0]") {
		t.Errorf("error %v should be retryable and name the attachment", err)
	}
}

// TestNewValidates checks that New refuses what it cannot work with,
// naming it: the Conn, each required Config field (the reseller account
// and the tenure of rule C4, the parents) and invalid options. Required
// collaborators are Config fields, never options.
func TestNewValidates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	conn := e.conn(anaAlder)
	valid := e.config(alder)
	with := func(f func(*cases.Config)) cases.Config {
		c := valid
		f(&c)
		return c
	}
	for _, tt := range []struct {
		name  string
		conn  *resellerkit.Conn
		cfg   cases.Config
		opts  []cases.Option
		field string
	}{
		{"valid", conn, valid, nil, ""},
		{"nil conn", nil, valid, nil, "conn"},
		{"zero config", conn, cases.Config{}, nil, "Config.ResellerAccount"},
		{"no account", conn, with(func(c *cases.Config) { c.ResellerAccount = " " }), nil, "Config.ResellerAccount"},
		{"nil parents", conn, with(func(c *cases.Config) { c.Parents = nil }), nil, "Config.Parents"},
		{"nil parent table", conn, with(func(c *cases.Config) { c.Parents = (*cases.ParentTable)(nil) }), nil, "Config.Parents"},
		{"C4 no tenure", conn, with(func(c *cases.Config) { c.Tenure = nil }), nil, "Config.Tenure"},
		{"C4 nil tenure table", conn, with(func(c *cases.Config) { c.Tenure = (*cases.TenureTable)(nil) }), nil, "Config.Tenure"},
		{"nil portal", conn, valid, []cases.Option{cases.WithPortal(nil)}, "WithPortal"},
		{"nil customers", conn, valid, []cases.Option{cases.WithCustomers(nil)}, "WithCustomers"},
		{"nil plans", conn, valid, []cases.Option{cases.WithPlans(nil)}, "WithPlans"},
		{"bad page size", conn, valid, []cases.Option{cases.WithPageSize(0)}, "WithPageSize"},
		{"page size above the cap", conn, valid, []cases.Option{cases.WithPageSize(cases.MaxPageSize + 1)}, "WithPageSize"},
		{"bad pii kind", conn, valid, []cases.Option{cases.WithAllowedPII(99)}, "WithAllowedPII"},
		{"nil option", conn, valid, []cases.Option{cases.WithPageSize(10), nil}, "opts[1]"},
	} {
		_, err := cases.New(tt.conn, tt.cfg, tt.opts...)
		if got := fieldOf(err); got != tt.field {
			t.Errorf("%s: New() = %v, want field %q", tt.name, err, tt.field)
		}
		if tt.field != "" && !errors.Is(err, resellerkit.ErrInvalidArgument) {
			t.Errorf("%s: New() = %v, want an invalid argument", tt.name, err)
		}
	}
}
