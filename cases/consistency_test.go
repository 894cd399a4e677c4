package cases_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// TestErrorOpAndCall checks that an error names the public method called
// (Op, set by the Service with errs.ForOp) and the Cloud Support
// method that failed (Call), as Google's answer reaches the Service through
// the unmodified client.
func TestErrorOpAndCall(t *testing.T) {
	t.Parallel()
	calls := []struct {
		name, method, op string
		call             func(ctx context.Context, e *env, s *cases.Service, id string) error
	}{
		{"Get", "cloudsupport.cases.get", "cases.Get", func(ctx context.Context, _ *env, s *cases.Service, id string) error {
			_, err := s.Get(ctx, id)
			return err
		}},
		{"Comment", "cloudsupport.cases.comments.create", "cases.Comment", func(ctx context.Context, _ *env, s *cases.Service, id string) error {
			_, err := s.Comment(ctx, id, "The bounces stopped at noon.")
			return err
		}},
		{"Close", "cloudsupport.cases.close", "cases.Close", func(ctx context.Context, _ *env, s *cases.Service, id string) error {
			_, err := s.Close(ctx, id)
			return err
		}},
		{"Create", "cloudsupport.cases.create", "cases.Create", func(ctx context.Context, _ *env, s *cases.Service, _ string) error {
			_, err := s.Create(ctx, anaAlder, newCase(acme))
			return err
		}},
		{"Create by category name", "cloudsupport.caseClassifications.search", "cases.Create", func(ctx context.Context, e *env, _ *cases.Service, _ string) error {
			// A Service that has not looked the category's name up yet.
			_, err := e.service(anaAlder, alder).Create(ctx, anaAlder, newCase(acme))
			return err
		}},
		{"List", "cloudsupport.cases.search", "cases.List", func(ctx context.Context, _ *env, s *cases.Service, _ string) error {
			_, err := resellerkit.Collect(s.List(ctx, &cases.ListOptions{CustomerID: acme}))
			return err
		}},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			s := e.service(anaAlder, alder)
			id := file(t, s, anaAlder, newCase(acme)).ID
			e.srv.Fail(fake.Fault{Method: c.method, Status: 403, Reason: "forbidden", Count: 1})
			err := c.call(t.Context(), e, s, id)
			var re *resellerkit.Error
			if !errors.As(err, &re) {
				t.Fatalf("%s() = %v, want a *resellerkit.Error", c.name, err)
			}
			type opCall struct {
				Op, Call string
				Kind     resellerkit.Kind
			}
			want := opCall{Op: c.op, Call: c.method, Kind: resellerkit.KindPermissionDenied}
			if diff := cmp.Diff(want, opCall{Op: re.Op, Call: re.Call, Kind: re.Kind}); diff != "" {
				t.Errorf("%s() error %q mismatch (-want +got):\n%s", c.name, err, diff)
			}
		})
	}
}

// sizeSpy records the page sizes the Service asks Google's search for.
type sizeSpy struct {
	next  http.RoundTripper
	mu    sync.Mutex
	sizes []int
}

func (s *sizeSpy) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/cases:search") {
		n, _ := strconv.Atoi(r.URL.Query().Get("pageSize"))
		s.mu.Lock()
		s.sizes = append(s.sizes, n)
		s.mu.Unlock()
	}
	return s.next.RoundTrip(r)
}

// TestListPageSize checks the page-size policy shared by the service
// packages: a per-call size above the cap is clamped to it, a negative one
// is refused naming the field, 0 means the Service's page size.
func TestListPageSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		size      int
		wantSizes []int
		wantField string
	}{
		{"above the cap is clamped", cases.MaxPageSize + 1, []int{cases.MaxPageSize}, ""},
		{"zero is the Service's page size", 0, []int{7}, ""},
		{"negative is refused", -1, nil, "PageRequest.Size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			spy := &sizeSpy{next: e.srv.Transport()}
			conn, err := e.srv.Conn(t.Context(), anaAlder, resellerkit.WithHTTPClient(&http.Client{Transport: spy}))
			if err != nil {
				t.Fatal(err)
			}
			s, err := cases.New(conn, e.config(alder), cases.WithPageSize(7))
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.ListPage(t.Context(), &cases.ListOptions{CustomerID: acme}, resellerkit.PageRequest{Size: tt.size})
			if got := fieldOf(err); got != tt.wantField {
				t.Errorf("ListPage(Size: %d) = %v, want field %q", tt.size, err, tt.wantField)
			}
			if diff := cmp.Diff(tt.wantSizes, spy.sizes); diff != "" {
				t.Errorf("search page sizes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
