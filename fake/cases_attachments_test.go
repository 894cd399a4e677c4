package fake_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	cloudsupport "google.golang.org/api/cloudsupport/v2"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit/fake"
)

// attachmentCap is the fake's largest attachment, 32 MiB (cases_routes.go).
const attachmentCap = 32 << 20

// upload sends content to a case with the unmodified cloudsupport client in
// one request (googleapi.ChunkSize(0): Cloud Support offers no resumable
// uploads).
func upload(t *testing.T, svc *cloudsupport.Service, caseName, filename string, content []byte) (*cloudsupport.Attachment, error) {
	t.Helper()
	req := &cloudsupport.CreateAttachmentRequest{Attachment: &cloudsupport.Attachment{Filename: filename}}
	return svc.Media.Upload(caseName, req).Media(bytes.NewReader(content), googleapi.ContentType("application/octet-stream"),
		googleapi.ChunkSize(0)).Context(t.Context()).Do()
}

// attachmentCount returns how many attachments the World's cases hold,
// and their bytes.
func attachmentCount(t *testing.T, w *fake.World) (n int, size int64) {
	t.Helper()
	for _, c := range w.CasesSnapshot() {
		for _, a := range c.Attachments {
			n++
			size += int64(len(a.Content))
		}
	}
	return n, size
}

// checkAttachmentMemory checks that the World counts exactly the content
// it keeps and that no refused upload left room reserved.
func checkAttachmentMemory(t *testing.T, w *fake.World) {
	t.Helper()
	_, size := attachmentCount(t, w)
	if held, reserved := fake.AttachmentMemory(w); held != size || reserved != 0 {
		t.Errorf("attachment memory: %d bytes held, %d reserved; want %d held (the attachments' content) and none reserved", held, reserved, size)
	}
}

// sizeCapCase checks the size cap of a World through the unmodified client:
// an attachment of exactly max bytes is kept, one byte more is refused with
// 413 and the message of Google's front end for an oversized payload, and
// nothing of it is kept.
func sizeCapCase(t *testing.T, e *env, max int) {
	t.Helper()
	svc := e.support(ana)
	name := fileLostCase(t, e, svc)
	content := make([]byte, max+1)
	at, err := upload(t, svc, name, "at-cap.bin", content[:max])
	if err != nil || at.SizeBytes != int64(max) {
		t.Fatalf("upload of exactly %d bytes = %+v, %v; want it kept", max, at, err)
	}
	_, err = upload(t, svc, name, "over-cap.bin", content)
	ge := wantErr(t, err, http.StatusRequestEntityTooLarge, "badRequest")
	if want := fmt.Sprintf("Request payload size exceeds the limit: %d bytes.", max); ge.Message != want {
		t.Errorf("message = %q, want %q", ge.Message, want)
	}
	if n, size := attachmentCount(t, e.w); n != 1 || size != int64(max) {
		t.Errorf("the World holds %d attachments of %d bytes, want only the one at the cap", n, size)
	}
	checkAttachmentMemory(t, e.w)
}

// TestAttachmentSizeCap: the size cap, lowered to 256 KiB to keep the test
// fast, through the unmodified client; a request declaring more than the
// (real) cap is refused before its body is read; a resumable upload, which
// Cloud Support does not offer, is refused.
func TestAttachmentSizeCap(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	fake.SetMaxAttachment(e.w, 256<<10)
	sizeCapCase(t, e, 256<<10)

	e = newEnv(t)
	svc := e.support(ana)
	name := fileLostCase(t, e, svc)
	body := &countingReader{r: strings.NewReader("not read")}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
		e.s.URL()+"upload/v2/"+name+"/attachments?attachment.filename=big.bin", body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = 2 * attachmentCap
	req.Header.Set("Authorization", "Bearer "+e.token(ana))
	resp, err := (&http.Client{Transport: e.s.Transport()}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ge := wantErr(t, googleapi.CheckResponse(resp), http.StatusRequestEntityTooLarge, "badRequest")
	resp.Body.Close()
	if want := "Request payload size exceeds the limit: 33554432 bytes."; ge.Message != want || body.n != 0 {
		t.Errorf("declared %d bytes: %q after reading %d bytes, want %q before reading any", req.ContentLength, ge.Message, body.n, want)
	}

	// Chunked by the client (here at 256 KiB), an upload goes resumable.
	req2 := &cloudsupport.CreateAttachmentRequest{Attachment: &cloudsupport.Attachment{Filename: "chunked.bin"}}
	_, err = svc.Media.Upload(name, req2).Media(bytes.NewReader(make([]byte, 300<<10)), googleapi.ChunkSize(256<<10)).Context(t.Context()).Do()
	if ge := wantErr(t, err, 400, "invalid"); !strings.Contains(ge.Message, "resumable") {
		t.Errorf("resumable upload: %q, want a message naming resumable uploads", ge.Message)
	}
	if n, _ := attachmentCount(t, e.w); n != 0 {
		t.Errorf("%d attachments after refused uploads, want none", n)
	}
	checkAttachmentMemory(t, e.w)
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestAttachmentMemoryLimit: a World keeps at most its attachment limit
// in memory; an upload that does not fit is refused with 413
// fakeAttachmentLimit and not kept, uploads that fill it exactly are kept,
// and restoring the default limit lets uploads in again.
func TestAttachmentMemoryLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.support(ana)
	name := fileLostCase(t, e, svc)
	const part = 256 << 10
	e.w.SetAttachmentLimit(3 * part)
	content := make([]byte, part)
	for i := range 3 {
		if _, err := upload(t, svc, name, "part.bin", content); err != nil {
			t.Fatalf("upload %d of 3 within the limit: %v", i+1, err)
		}
	}
	_, err := upload(t, svc, name, "one-too-many.bin", content)
	if ge := wantErr(t, err, http.StatusRequestEntityTooLarge, "fakeAttachmentLimit"); !strings.Contains(ge.Message, "SetAttachmentLimit") {
		t.Errorf("message = %q, want it to say how to raise the limit", ge.Message)
	}
	_, err = upload(t, svc, name, "one-byte.bin", []byte{1})
	wantErr(t, err, http.StatusRequestEntityTooLarge, "fakeAttachmentLimit")
	if n, size := attachmentCount(t, e.w); n != 3 || size != 3*part {
		t.Errorf("the World holds %d attachments of %d bytes, want 3 of %d", n, size, 3*part)
	}
	checkAttachmentMemory(t, e.w)
	e.w.SetAttachmentLimit(0)
	if _, err := upload(t, svc, name, "after.bin", content); err != nil {
		t.Errorf("upload under the default limit again: %v", err)
	}
	checkAttachmentMemory(t, e.w)
}

// TestAttachmentMemoryConcurrentUploads: uploads being read count against
// the limit by what they have sent so far, not by the largest attachment,
// so many small concurrent uploads fit in a small limit; and the World's
// count stays exact under concurrency.
func TestAttachmentMemoryConcurrentUploads(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.support(ana)
	name := fileLostCase(t, e, svc)
	e.w.SetAttachmentLimit(1 << 20)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			if _, err := upload(t, svc, name, fmt.Sprintf("part%d.bin", i), make([]byte, 32<<10)); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a small concurrent upload within the limit: %v", err)
	}
	if n, size := attachmentCount(t, e.w); n != 16 || size != 16*32<<10 {
		t.Errorf("the World holds %d attachments of %d bytes, want 16 of 32 KiB", n, size)
	}
	checkAttachmentMemory(t, e.w)
}
