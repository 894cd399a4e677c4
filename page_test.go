package resellerkit_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
)

// pager serves pages of ints and counts fetches. pages[i] is the page for
// token "p<i>" ("" is page 0); next names the token each page returns.
type pager struct {
	pages [][]int
	next  []string
	errAt int // fetch number (1-based) that fails; 0 = never
	calls int
}

func (p *pager) fetch(_ context.Context, token string) (resellerkit.Page[int], error) {
	p.calls++
	if p.errAt == p.calls {
		return resellerkit.Page[int]{}, &resellerkit.Error{Kind: resellerkit.KindUnavailable, Op: "test.List", Err: fmt.Errorf("page %q failed", token)}
	}
	i := 0
	if token != "" {
		n, err := strconv.Atoi(token[1:])
		if err != nil {
			return resellerkit.Page[int]{}, fmt.Errorf("bad token %q", token)
		}
		i = n
	}
	return resellerkit.Page[int]{Items: p.pages[i], NextPageToken: p.next[i]}, nil
}

func threePages() *pager {
	return &pager{pages: [][]int{{1, 2}, {3}, {4, 5}}, next: []string{"p1", "p2", ""}}
}

func TestAllPages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		p         *pager
		want      []int
		wantErr   error
		wantCalls int
	}{
		{"multi-page", threePages(), []int{1, 2, 3, 4, 5}, nil, 3},
		{"empty listing", &pager{pages: [][]int{nil}, next: []string{""}}, nil, nil, 1},
		{"empty middle page", &pager{pages: [][]int{{1}, nil, {2}}, next: []string{"p1", "p2", ""}}, []int{1, 2}, nil, 3},
		{"error on page 2 keeps page 1", &pager{pages: [][]int{{1, 2}, {3}, {4}}, next: []string{"p1", "p2", ""}, errAt: 2}, []int{1, 2}, resellerkit.ErrUnavailable, 2},
		{"W4 repeated token is a loop", &pager{pages: [][]int{{1}, {2}, {3}}, next: []string{"p1", "p2", "p1"}}, []int{1, 2, 3}, resellerkit.ErrPaginationLoop, 3},
		{"W4 a page naming itself is a loop", &pager{pages: [][]int{{1}, {2}}, next: []string{"p1", "p1"}}, []int{1, 2}, resellerkit.ErrPaginationLoop, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := resellerkit.Collect(resellerkit.All(t.Context(), tt.p.fetch))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Collect() mismatch (-want +got):\n%s", diff)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.p.calls != tt.wantCalls {
				t.Errorf("fetches = %d, want %d", tt.p.calls, tt.wantCalls)
			}
		})
	}
}

// TestAllLoopIsUnavailable checks that a pagination loop is also
// KindUnavailable, so retrying the whole job is reasonable (rule W4).
func TestAllLoopIsUnavailable(t *testing.T) {
	t.Parallel()
	p := &pager{pages: [][]int{{1}, {2}}, next: []string{"p1", "p1"}}
	_, err := resellerkit.Collect(resellerkit.All(t.Context(), p.fetch))
	if resellerkit.KindOf(err) != resellerkit.KindUnavailable {
		t.Errorf("KindOf() = %v, want unavailable", resellerkit.KindOf(err))
	}
}

// TestAllBreakStopsFetching checks that leaving the loop stops requests.
func TestAllBreakStopsFetching(t *testing.T) {
	t.Parallel()
	p := threePages()
	var got []int
	for v, err := range resellerkit.All(t.Context(), p.fetch) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
		if v == 2 {
			break
		}
	}
	if diff := cmp.Diff([]int{1, 2}, got); diff != "" {
		t.Errorf("items mismatch (-want +got):\n%s", diff)
	}
	if p.calls != 1 {
		t.Errorf("fetches = %d, want 1 (the break came before page 2 was needed)", p.calls)
	}
}

// TestAllErrorYieldedOnce checks that an error ends the sequence after one
// (zero, err) pair, even if the loop body ignores it.
func TestAllErrorYieldedOnce(t *testing.T) {
	t.Parallel()
	p := &pager{pages: [][]int{{1}, {2}}, next: []string{"p1", ""}, errAt: 2}
	var items, errs int
	for v, err := range resellerkit.All(t.Context(), p.fetch) {
		if err != nil {
			errs++
			if v != 0 {
				t.Errorf("item with error = %d, want the zero value", v)
			}
			continue
		}
		items++
	}
	if items != 1 || errs != 1 {
		t.Errorf("items = %d, errors = %d; want 1 and 1", items, errs)
	}
	if p.calls != 2 {
		t.Errorf("fetches = %d, want 2", p.calls)
	}
}

// TestAllCanceledBetweenPages checks that a context cancelled while the
// caller handles page 1 stops the listing before page 2 is fetched.
func TestAllCanceledBetweenPages(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	p := threePages()
	var got []int
	var gotErr error
	for v, err := range resellerkit.All(ctx, p.fetch) {
		if err != nil {
			gotErr = err
			break
		}
		got = append(got, v)
		cancel()
	}
	if diff := cmp.Diff([]int{1, 2}, got); diff != "" {
		t.Errorf("items mismatch (-want +got):\n%s", diff)
	}
	if !errors.Is(gotErr, resellerkit.ErrCanceled) || !errors.Is(gotErr, context.Canceled) {
		t.Errorf("err = %v, want canceled wrapping context.Canceled", gotErr)
	}
	if p.calls != 1 {
		t.Errorf("fetches = %d, want 1", p.calls)
	}
}

// TestAllReusable checks that each range over the sequence starts again
// from the first page.
func TestAllReusable(t *testing.T) {
	t.Parallel()
	p := threePages()
	seq := resellerkit.All(t.Context(), p.fetch)
	for i := range 2 {
		got, err := resellerkit.Collect(seq)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int{1, 2, 3, 4, 5}, got); diff != "" {
			t.Errorf("pass %d mismatch (-want +got):\n%s", i+1, diff)
		}
	}
	if p.calls != 6 {
		t.Errorf("fetches = %d, want 6", p.calls)
	}
}

func ExampleAll() {
	pages := map[string]resellerkit.Page[string]{
		"":   {Items: []string{"alder-reseller.example", "alder-eu.example"}, NextPageToken: "t2"},
		"t2": {Items: []string{"alder-labs.example"}},
	}
	fetch := func(_ context.Context, token string) (resellerkit.Page[string], error) {
		return pages[token], nil
	}
	for domain, err := range resellerkit.All(context.Background(), fetch) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(domain)
	}
	// Output:
	// alder-reseller.example
	// alder-eu.example
	// alder-labs.example
}
