package fake_test

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	cloudsupport "google.golang.org/api/cloudsupport/v2"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit/fake"
)

// TestCaseCommentAndAttachmentGets: cases.comments.get,
// cases.attachments.get and media.download answer a case's comment,
// attachment and file bytes (with the attachment's content type) over the
// unmodified Go client; an unknown comment or attachment, and one of a
// case the caller may not see (rule C4: filed under an earlier reseller),
// answer the 404 of an unknown case.
func TestCaseCommentAndAttachmentGets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	svc := e.support(ana)
	name := fileLostCase(t, e, svc)
	cm, err := svc.Cases.Comments.Create(name, &cloudsupport.Comment{Body: "Logs attached."}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("2026-01-05 09:00 smtp: 421 try again later\n")
	at, err := svc.Media.Upload(name, &cloudsupport.CreateAttachmentRequest{Attachment: &cloudsupport.Attachment{Filename: "smtp.log"}}).
		Media(bytes.NewReader(content), googleapi.ContentType("text/plain")).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	ignore := cmpopts.IgnoreFields(cloudsupport.Comment{}, "ServerResponse")
	got, err := svc.Cases.Comments.Get(cm.Name).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cm, got, ignore); diff != "" {
		t.Errorf("comments.get mismatch (-create +get):\n%s", diff)
	}
	gotAt, err := svc.Cases.Attachments.Get(at.Name).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(at, gotAt, cmpopts.IgnoreFields(cloudsupport.Attachment{}, "ServerResponse")); diff != "" {
		t.Errorf("attachments.get mismatch (-upload +get):\n%s", diff)
	}
	resp, err := svc.Media.Download(at.Name).Context(ctx).Download()
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, content) || resp.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("download = %q (%s), want %q (text/plain)", body, resp.Header.Get("Content-Type"), content)
	}
	// Without alt=media the answer is the Media resource.
	m, err := svc.Media.Download(at.Name).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if m.Filename != "smtp.log" || m.Length != int64(len(content)) {
		t.Errorf("media = %+v", m)
	}
	if reqs := e.s.Requests(); reqs[len(reqs)-1] != "cloudsupport.media.download" {
		t.Errorf("last request logged as %q", reqs[len(reqs)-1])
	}

	// Rule C4: after a transfer, the new reseller does not see the case,
	// and its comment and attachment answer as unknown ones.
	unknown := map[string]func(svc *cloudsupport.Service) error{
		"unknown comment": func(svc *cloudsupport.Service) error {
			_, err := svc.Cases.Comments.Get(name + "/comments/999").Context(ctx).Do()
			return err
		},
		"unknown attachment": func(svc *cloudsupport.Service) error {
			_, err := svc.Cases.Attachments.Get(name + "/attachments/999").Context(ctx).Do()
			return err
		},
		"unknown download": func(svc *cloudsupport.Service) error {
			_, err := svc.Media.Download(name + "/attachments/999").Context(ctx).Download()
			return err
		},
		"unknown case": func(svc *cloudsupport.Service) error {
			_, err := svc.Cases.Comments.Get(fake.CaseParent(lostCaseCustomer) + "/cases/1/comments/1").Context(ctx).Do()
			return err
		},
	}
	for n, call := range unknown {
		t.Run(n, func(t *testing.T) { wantErr(t, call(svc), 404, "notFound") })
	}
	e.w.Advance(time.Hour)
	if err := e.w.Transfer(lostCaseCustomer, fake.DemoBirchDomain); err != nil {
		t.Fatal(err)
	}
	birch := e.support(hana)
	hidden := map[string]func() error{
		"comments.get": func() error { _, err := birch.Cases.Comments.Get(cm.Name).Context(ctx).Do(); return err },
		"attachments.get": func() error {
			_, err := birch.Cases.Attachments.Get(at.Name).Context(ctx).Do()
			return err
		},
		"media.download": func() error { _, err := birch.Media.Download(at.Name).Context(ctx).Download(); return err },
	}
	for n, call := range hidden {
		t.Run("C4 "+n, func(t *testing.T) {
			ge := wantErr(t, call(), 404, "notFound")
			if ge.Message != "Requested entity was not found." {
				t.Errorf("message %q names something", ge.Message)
			}
		})
	}
	// The customer's own admin still sees them (rule C5).
	if _, err := e.support("admin@acme-corp.example").Cases.Comments.Get(cm.Name).Context(ctx).Do(); err != nil {
		t.Errorf("the customer's admin: %v", err)
	}
}
