//go:build !race

package fake_test

import (
	"net/http"
	"runtime"
	"testing"
)

// The tests of this file move tens of MiB, which takes seconds under the
// race detector; the race build tests the same code with a lowered cap
// (TestAttachmentSizeCap).

// TestAttachmentRealSizeCap: 32 MiB is kept, one byte more refused.
func TestAttachmentRealSizeCap(t *testing.T) {
	t.Parallel()
	sizeCapCase(t, newEnv(t), attachmentCap)
}

// TestRefusedAttachmentsAreNotRetained: uploads refused for their size or
// for the World's limit leave no memory behind. It runs alone (not
// parallel) to read the heap.
func TestRefusedAttachmentsAreNotRetained(t *testing.T) {
	e := newEnv(t)
	svc := e.support(ana)
	name := fileLostCase(t, e, svc)
	content := make([]byte, attachmentCap+1)
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	for range 3 {
		_, err := upload(t, svc, name, "over-cap.bin", content)
		wantErr(t, err, http.StatusRequestEntityTooLarge, "badRequest")
	}
	e.w.SetAttachmentLimit(8 << 20)
	for range 3 {
		_, err := upload(t, svc, name, "over-limit.bin", content[:16<<20])
		wantErr(t, err, http.StatusRequestEntityTooLarge, "fakeAttachmentLimit")
	}
	after := heap()
	if after > before && after-before > 16<<20 {
		t.Errorf("the heap grew by %d MiB over 6 refused uploads of 16 to 32 MiB, want nothing kept", (after-before)>>20)
	}
	if n, _ := attachmentCount(t, e.w); n != 0 {
		t.Errorf("%d attachments kept, want none", n)
	}
	checkAttachmentMemory(t, e.w)
	runtime.KeepAlive(content)
}
