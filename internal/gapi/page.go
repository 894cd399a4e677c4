package gapi

// PagedCall is a list call of a generated google.golang.org/api client
// (users.list, roleAssignments.list, subscriptions.list, ...): MaxResults
// and PageToken set its query parameters and return the call.
type PagedCall[C any] interface {
	MaxResults(int64) C
	PageToken(string) C
}

// Page sets the page size, when positive, and the page token, when not
// empty, of a generated list call, so every backend asks for a page alike
// and leaves Google's defaults alone otherwise.
func Page[C PagedCall[C]](call C, size int, token string) C {
	if size > 0 {
		call = call.MaxResults(int64(size))
	}
	if token != "" {
		call = call.PageToken(token)
	}
	return call
}
