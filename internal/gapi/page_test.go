package gapi_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/internal/gapi"
)

// listCall records what Page sets, as a generated list call would send it.
type listCall struct {
	size  int64
	token string
	calls []string
}

func (c *listCall) MaxResults(n int64) *listCall {
	c.size = n
	c.calls = append(c.calls, "MaxResults")
	return c
}

func (c *listCall) PageToken(t string) *listCall {
	c.token = t
	c.calls = append(c.calls, "PageToken")
	return c
}

func TestPage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		size  int
		token string
		want  listCall
	}{
		{"defaults leave the call alone", 0, "", listCall{}},
		{"negative size is Google's default", -1, "", listCall{}},
		{"size only", 50, "", listCall{size: 50, calls: []string{"MaxResults"}}},
		{"token only", 0, "p2", listCall{token: "p2", calls: []string{"PageToken"}}},
		{"both", 200, "p3", listCall{size: 200, token: "p3", calls: []string{"MaxResults", "PageToken"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := &listCall{}
			if got := gapi.Page(c, tt.size, tt.token); got != c {
				t.Errorf("Page returned another call")
			}
			if diff := cmp.Diff(tt.want, *c, cmp.AllowUnexported(listCall{})); diff != "" {
				t.Errorf("call mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
