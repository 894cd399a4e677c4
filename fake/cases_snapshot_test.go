package fake_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// TestCasesSnapshot checks that the snapshot holds every case with its
// history in filing order, listing lag or not (rule C11), and that it is a
// deep copy: changing it changes nothing in the World, and later changes to
// the World do not show in it.
func TestCasesSnapshot(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	if got := w.CasesSnapshot(); len(got) != 0 {
		t.Fatalf("CasesSnapshot() of a World without cases = %d cases", len(got))
	}
	w.SetCaseListingLag(time.Hour)
	store := w.CaseStore()
	ctx := t.Context()
	var filed []cases.Case
	for i, title := range []string{"Mail delivery delayed", "Calendar sync fails"} {
		c, err := store.Create(ctx, cases.Case{CustomerID: "C03c00001", ResellerAccount: fake.DemoAlderCustomerID,
			Product: cases.GoogleWorkspace, Category: cases.Category{ID: "100", Name: "Gmail"}, Title: title,
			Description: "It started this morning.", Severity: cases.S3, SharedWith: []string{"it@customer.example"}})
		if err != nil {
			t.Fatalf("Create %d: %v", i, err)
		}
		filed = append(filed, c)
	}
	cm, err := store.AddComment(ctx, filed[0].ID, cases.Comment{Body: "Still failing.", Author: "ana@alder-reseller.example"})
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("log line 1\n")
	at, err := store.AddAttachment(ctx, filed[0].ID, cases.NewAttachment{Name: "log.txt", ContentType: "text/plain", Content: content})
	if err != nil {
		t.Fatal(err)
	}
	first, err := store.Get(ctx, filed[0].ID)
	if err != nil {
		t.Fatal(err)
	}

	got := w.CasesSnapshot()
	want := []fake.CaseSnapshot{
		{Case: first, Comments: []cases.Comment{cm}, Attachments: []fake.CaseAttachmentSnapshot{{Attachment: at, Content: content}}},
		{Case: filed[1]},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("CasesSnapshot() mismatch (-want +got):\n%s", diff)
	}

	// Deep copy, both ways.
	got[0].Case.SharedWith[0] = "changed@example.com"
	got[0].Comments[0].Body = "changed"
	got[0].Attachments[0].Content[0] = 'X'
	if _, err := store.Close(ctx, filed[1].ID); err != nil {
		t.Fatal(err)
	}
	again := w.CasesSnapshot()
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
