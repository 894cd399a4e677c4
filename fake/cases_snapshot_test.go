package fake_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	cloudsupport "google.golang.org/api/cloudsupport/v2"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// TestCasesSnapshot checks that the snapshot holds every case with its
// history in filing order, listing lag or not (rule C11), as the Cloud
// Support API filed it, and that it is a deep copy: changing it changes
// nothing in the World, and later changes to the World do not show in it.
func TestCasesSnapshot(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if got := e.w.CasesSnapshot(); len(got) != 0 {
		t.Fatalf("CasesSnapshot() of a World without cases = %d cases", len(got))
	}
	e.w.SetCaseListingLag(time.Hour)
	svc := e.support(ana)
	ctx := t.Context()
	start := e.w.Now()
	var names []string
	for i, title := range []string{"Mail delivery delayed", "Calendar sync fails"} {
		c, err := svc.Cases.Create(fake.CaseParent(lostCaseCustomer), &cloudsupport.Case{DisplayName: title,
			Description: "It started this morning.", Priority: "P3", LanguageCode: "en", TimeZone: "UTC",
			Classification:           &cloudsupport.CaseClassification{Id: gmailClassification},
			SubscriberEmailAddresses: []string{"it@customer.example"}}).Context(ctx).Do()
		if err != nil {
			t.Fatalf("Create %d: %v", i, err)
		}
		names = append(names, c.Name)
	}
	e.w.Advance(time.Minute)
	if _, err := svc.Cases.Comments.Create(names[0], &cloudsupport.Comment{Body: "Still failing."}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	content := []byte("log line 1\n")
	if _, err := svc.Media.Upload(names[0], &cloudsupport.CreateAttachmentRequest{Attachment: &cloudsupport.Attachment{Filename: "log.txt"}}).
		Media(strings.NewReader(string(content))).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}

	got := e.w.CasesSnapshot()
	filed := func(name, title string, updated time.Time) cases.Case {
		return cases.Case{ID: name, CustomerID: lostCaseCustomer, Filer: ana, Product: cases.GoogleWorkspace,
			Category: cases.Category{ID: gmailClassification, Name: "Technical Issue > Gmail"}, Title: title,
			Description: "It started this morning.", Severity: cases.S3, Language: "en", TimeZone: "UTC",
			SharedWith: []string{"it@customer.example"}, State: cases.StateNew, CreateTime: start, UpdateTime: updated}
	}
	want := []fake.CaseSnapshot{
		{Case: filed(names[0], "Mail delivery delayed", start.Add(time.Minute)),
			Comments: []cases.Comment{{ID: names[0] + "/comments/1", Body: "Still failing.", Author: ana, CreateTime: start.Add(time.Minute)}},
			Attachments: []fake.CaseAttachmentSnapshot{{Attachment: cases.Attachment{ID: names[0] + "/attachments/2", Name: "log.txt",
				ContentType: "text/plain; charset=utf-8", Size: int64(len(content)), CreateTime: start.Add(time.Minute), Creator: ana},
				Content: content}}},
		{Case: filed(names[1], "Calendar sync fails", start)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("CasesSnapshot() mismatch (-want +got):\n%s", diff)
	}

	// Deep copy, both ways.
	got[0].Case.SharedWith[0] = "changed@example.com"
	got[0].Comments[0].Body = "changed"
	got[0].Attachments[0].Content[0] = 'X'
	if _, err := svc.Cases.Close(names[1], &cloudsupport.CloseCaseRequest{}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	again := e.w.CasesSnapshot()
	if diff := cmp.Diff(want[0], again[0]); diff != "" {
		t.Errorf("changing a snapshot changed the World (-want +got):\n%s", diff)
	}
	if got[1].Case.State == cases.StateClosed {
		t.Error("closing a case changed an earlier snapshot")
	}
	if again[1].Case.State != cases.StateClosed {
		t.Errorf("the new snapshot's second case is %v, want closed", again[1].Case.State)
	}
}
