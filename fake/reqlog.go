package fake

import "slices"

// DefaultRequestLog is how many entries [Server.Requests] and
// [Server.Unhandled] keep by default: enough for any test's assertions,
// bounded so that a long-running fake (fakeworkspace under load) does not
// grow without end.
const DefaultRequestLog = 10000

// ring keeps the last cap entries appended to it, oldest first.
type ring struct {
	buf  []string
	next int // where the next entry goes once buf is full
	max  int
}

func (r *ring) add(s string) {
	if r.max <= 0 {
		return
	}
	if len(r.buf) < r.max {
		r.buf = append(r.buf, s)
		return
	}
	r.buf[r.next] = s
	r.next = (r.next + 1) % r.max
}

// list returns a copy of the entries, oldest first.
func (r *ring) list() []string {
	if len(r.buf) < r.max || r.next == 0 {
		return slices.Clone(r.buf)
	}
	return append(slices.Clone(r.buf[r.next:]), r.buf[:r.next]...)
}

func (r *ring) reset() { r.buf, r.next = nil, 0 }
