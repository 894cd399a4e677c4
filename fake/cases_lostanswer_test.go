package fake_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	cloudsupport "google.golang.org/api/cloudsupport/v2"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// gmailClassification is "Technical Issue > Gmail" in the fake's catalogue
// of case classifications (caseClassifications.search).
const gmailClassification = "100100"

// lostCaseCustomer is the demo customer the lost-answer tests file for:
// Acme Corp, managed by Alder on its primary domain, with Premium Support
// (so its cases can be escalated).
const lostCaseCustomer = "C03c00001"

// support returns the unmodified Cloud Support client acting as email.
func (e *env) support(email string) *cloudsupport.Service {
	e.t.Helper()
	svc, err := cloudsupport.NewService(e.t.Context(), e.s.ClientOptions(e.token(email))...)
	if err != nil {
		e.t.Fatal(err)
	}
	return svc
}

// fileLostCase files a case for lostCaseCustomer without any fault and
// returns its resource name.
func fileLostCase(t *testing.T, e *env, svc *cloudsupport.Service) string {
	t.Helper()
	c, err := svc.Cases.Create(fake.CaseParent(lostCaseCustomer), &cloudsupport.Case{DisplayName: "Mail delayed",
		Description: "Mail to the sales team arrives an hour late.", Priority: "P2",
		Classification: &cloudsupport.CaseClassification{Id: gmailClassification}}).Context(t.Context()).Do()
	if err != nil {
		t.Fatal(err)
	}
	return c.Name
}

// TestLostAnswerCloudSupport: with an AfterApply fault, each write of the
// Cloud Support API is applied and answers 503 instead, over the unmodified
// cloudsupport client; its retry then meets its own earlier write (rule
// W1's reason to make writes idempotent): a second case or comment or
// attachment, the same change again, or a case already closed or escalated.
// It also checks that every cloudsupport method honouring AfterApply is
// tested here.
func TestLostAnswerCloudSupport(t *testing.T) {
	t.Parallel()
	type result struct {
		status int    // 0: success
		reason string // errors[0].reason
	}
	tests := []struct {
		method string
		// setup files what call needs and returns its resource name ("":
		// nothing).
		setup func(t *testing.T, e *env, svc *cloudsupport.Service) string
		call  func(t *testing.T, svc *cloudsupport.Service, name string) error
		retry result
		// after checks the World once the retry is answered.
		after func(t *testing.T, cs []fake.CaseSnapshot)
	}{
		{method: "cloudsupport.cases.create", call: func(t *testing.T, svc *cloudsupport.Service, _ string) error {
			_, err := svc.Cases.Create(fake.CaseParent(lostCaseCustomer), &cloudsupport.Case{DisplayName: "Calendar down",
				Description: "Nobody can open Calendar.", Priority: "P1",
				Classification: &cloudsupport.CaseClassification{Id: gmailClassification}}).Context(t.Context()).Do()
			return err
		}, after: func(t *testing.T, cs []fake.CaseSnapshot) {
			// Nothing makes cases.create idempotent: the retry files a
			// duplicate.
			var titles []string
			for _, c := range cs {
				titles = append(titles, c.Case.Title)
			}
			if diff := cmp.Diff([]string{"Calendar down", "Calendar down"}, titles); diff != "" {
				t.Errorf("cases after the retry mismatch (-want +got):\n%s", diff)
			}
		}},
		{method: "cloudsupport.cases.patch", setup: fileLostCase, call: func(t *testing.T, svc *cloudsupport.Service, name string) error {
			_, err := svc.Cases.Patch(name, &cloudsupport.Case{Priority: "P0"}).UpdateMask("priority").Context(t.Context()).Do()
			return err
		}, after: func(t *testing.T, cs []fake.CaseSnapshot) {
			if got := cs[0].Case.Severity; got != cases.S0 {
				t.Errorf("severity after the retry = %v, want S0", got)
			}
		}},
		{method: "cloudsupport.cases.close", setup: fileLostCase, call: func(t *testing.T, svc *cloudsupport.Service, name string) error {
			_, err := svc.Cases.Close(name, &cloudsupport.CloseCaseRequest{}).Context(t.Context()).Do()
			return err
		}, retry: result{412, "conditionNotMet"}, after: func(t *testing.T, cs []fake.CaseSnapshot) {
			if got := cs[0].Case.State; got != cases.StateClosed {
				t.Errorf("state after the retry = %v, want closed", got)
			}
		}},
		{method: "cloudsupport.cases.escalate", setup: fileLostCase, call: func(t *testing.T, svc *cloudsupport.Service, name string) error {
			_, err := svc.Cases.Escalate(name, &cloudsupport.EscalateCaseRequest{Escalation: &cloudsupport.Escalation{
				Reason: "BUSINESS_IMPACT", Justification: "Sales cannot reach customers."}}).Context(t.Context()).Do()
			return err
		}, retry: result{412, "conditionNotMet"}, after: func(t *testing.T, cs []fake.CaseSnapshot) {
			if !cs[0].Case.Escalated {
				t.Errorf("the case is not escalated after the retry")
			}
		}},
		{method: "cloudsupport.cases.comments.create", setup: fileLostCase, call: func(t *testing.T, svc *cloudsupport.Service, name string) error {
			_, err := svc.Cases.Comments.Create(name, &cloudsupport.Comment{Body: "Still late today."}).Context(t.Context()).Do()
			return err
		}, after: func(t *testing.T, cs []fake.CaseSnapshot) {
			var bodies []string
			for _, c := range cs[0].Comments {
				bodies = append(bodies, c.Body)
			}
			if diff := cmp.Diff([]string{"Still late today.", "Still late today."}, bodies); diff != "" {
				t.Errorf("comments after the retry mismatch (-want +got):\n%s", diff)
			}
		}},
		{method: "cloudsupport.media.upload", setup: fileLostCase, call: func(t *testing.T, svc *cloudsupport.Service, name string) error {
			_, err := svc.Media.Upload(name, &cloudsupport.CreateAttachmentRequest{Attachment: &cloudsupport.Attachment{Filename: "headers.txt"}}).
				Media(strings.NewReader("Received: from mx.example")).Context(t.Context()).Do()
			return err
		}, after: func(t *testing.T, cs []fake.CaseSnapshot) {
			var names []string
			for _, a := range cs[0].Attachments {
				names = append(names, a.Attachment.Name)
			}
			if diff := cmp.Diff([]string{"headers.txt", "headers.txt"}, names); diff != "" {
				t.Errorf("attachments after the retry mismatch (-want +got):\n%s", diff)
			}
		}},
	}
	var methods []string
	for _, tc := range tests {
		methods = append(methods, tc.method)
		t.Run(tc.method, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			svc := e.support(ana)
			name := ""
			if tc.setup != nil {
				name = tc.setup(t, e, svc)
			}
			before := e.w.CasesSnapshot()
			e.s.Fail(lostAnswer(tc.method))
			err := tc.call(t, svc, name)
			ge := wantErr(t, err, 503, "backendError")
			if !strings.Contains(ge.Message, "lost") {
				t.Errorf("message %q does not say the answer was lost", ge.Message)
			}
			if n := e.w.FaultsPending(); n != 0 {
				t.Errorf("%d faults pending after the lost answer, want 0", n)
			}
			if cmp.Equal(before, e.w.CasesSnapshot()) {
				t.Fatalf("the World's cases did not change: the write was not applied")
			}
			err = tc.call(t, svc, name)
			if tc.retry.status == 0 {
				if err != nil {
					t.Errorf("retry: %v, want success", err)
				}
			} else {
				wantErr(t, err, tc.retry.status, tc.retry.reason)
			}
			tc.after(t, e.w.CasesSnapshot())
		})
	}
	var honoured []string
	for _, m := range fake.AfterApplyMethods() {
		if strings.HasPrefix(m, "cloudsupport.") {
			honoured = append(honoured, m)
		}
	}
	slices.Sort(methods)
	if diff := cmp.Diff(honoured, methods); diff != "" {
		t.Errorf("cloudsupport methods honouring AfterApply vs methods tested (-honoured +tested):\n%s", diff)
	}
}

// TestLostAnswerCloudSupportFiring: a Cloud Support write that fails loses
// no answer (Skip and Count count successful calls only); a read's
// AfterApply fault fires before the call; "*" reaches a case write after it
// applies.
func TestLostAnswerCloudSupportFiring(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	svc := e.support(ana)
	name := fileLostCase(t, e, svc)
	closeCase := func() error {
		_, err := svc.Cases.Close(name, &cloudsupport.CloseCaseRequest{}).Context(ctx).Do()
		return err
	}
	if err := closeCase(); err != nil {
		t.Fatal(err)
	}
	e.s.Fail(fake.Fault{Method: "cloudsupport.cases.close", Status: 503, Count: 1, AfterApply: true})
	// Closing a closed case fails: no answer to lose, the fault stays.
	wantErr(t, closeCase(), 412, "conditionNotMet")
	if n := e.w.FaultsPending(); n != 1 {
		t.Fatalf("%d faults pending after a failing close, want 1", n)
	}
	// Closing an open case applies, and loses its answer.
	name = fileLostCase(t, e, svc)
	wantErr(t, closeCase(), 503, "backendError")
	if n := e.w.FaultsPending(); n != 0 {
		t.Errorf("%d faults pending, want 0", n)
	}

	// On a read, AfterApply fires before the call.
	e.s.Fail(fake.Fault{Method: "cloudsupport.cases.get", Status: 500, Count: 1, AfterApply: true})
	_, err := svc.Cases.Get(name).Context(ctx).Do()
	if ge := wantErr(t, err, 500, "backendError"); strings.Contains(ge.Message, "lost") {
		t.Errorf("a read's fault says %q", ge.Message)
	}

	// "*" loses the answer of a case write, after the write.
	n := len(e.w.CasesSnapshot())
	e.s.Fail(fake.Fault{Method: "*", Status: 502, Count: 1, AfterApply: true})
	_, err = svc.Cases.Create(fake.CaseParent(lostCaseCustomer), &cloudsupport.Case{DisplayName: "Drive sync",
		Description: "Files do not sync.", Priority: "P3", Classification: &cloudsupport.CaseClassification{Id: gmailClassification}}).Context(ctx).Do()
	wantErr(t, err, 502, "badGateway")
	if got := len(e.w.CasesSnapshot()); got != n+1 {
		t.Errorf("%d cases after a lost create under \"*\", want %d", got, n+1)
	}
	if n := e.w.FaultsPending(); n != 0 {
		t.Errorf("%d faults pending, want 0", n)
	}
}
