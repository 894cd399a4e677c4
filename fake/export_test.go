package fake

import (
	"maps"
	"slices"
)

// AfterApplyMethods returns, sorted, the methods whose operations honour
// [Fault.AfterApply], so the external tests can check each one.
func AfterApplyMethods() []string { return slices.Sorted(maps.Keys(afterApplyMethods)) }

// SetMaxAttachment lowers the largest attachment w accepts (32 MiB) to n
// bytes, so that tests of the cap need not move 32 MiB, which takes
// seconds under the race detector.
func SetMaxAttachment(w *World, n int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cases.maxAttachment = n
}

// AttachmentMemory returns the bytes of attachment content w holds and
// the bytes reserved by uploads being read.
func AttachmentMemory(w *World) (held, reserved int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cases.held, w.cases.reserved
}
