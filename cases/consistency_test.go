package cases_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// TestErrorOpAndCall checks that an error names the public method called
// (Op, set by the Service with resellerkit.ForOp) and the Cloud Support
// method that failed (Call, set by the store with resellerkit.WrapCall),
// over the fake's direct store and over HTTP with the real client.
func TestErrorOpAndCall(t *testing.T) {
	t.Parallel()
	type build func(t *testing.T) (*cases.Service, *fake.World)
	backends := []struct {
		name  string
		build build
	}{
		{"fake store", func(t *testing.T) (*cases.Service, *fake.World) {
			w := newWorld(t)
			return service(t, w, alder), w
		}},
		{"http", func(t *testing.T) (*cases.Service, *fake.World) {
			s, w, _ := googleService(t, anaAlder)
			return s, w
		}},
	}
	calls := []struct {
		name, method, op string
		call             func(ctx context.Context, s *cases.Service, id string) error
	}{
		{"Get", "cloudsupport.cases.get", "cases.Get", func(ctx context.Context, s *cases.Service, id string) error {
			_, err := s.Get(ctx, id)
			return err
		}},
		{"Comment", "cloudsupport.cases.comments.create", "cases.Comment", func(ctx context.Context, s *cases.Service, id string) error {
			_, err := s.Comment(ctx, id, "The bounces stopped at noon.")
			return err
		}},
		{"Close", "cloudsupport.cases.close", "cases.Close", func(ctx context.Context, s *cases.Service, id string) error {
			_, err := s.Close(ctx, id)
			return err
		}},
		{"Create", "cloudsupport.cases.create", "cases.Create", func(ctx context.Context, s *cases.Service, _ string) error {
			_, err := s.Create(ctx, anaAlder, newCase(acme))
			return err
		}},
	}
	for _, b := range backends {
		for _, c := range calls {
			t.Run(b.name+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				s, w := b.build(t)
				id := file(t, s, anaAlder, newCase(acme)).ID
				w.Fail(fake.Fault{Method: c.method, Status: 403, Reason: "forbidden", Count: 1})
				err := c.call(t.Context(), s, id)
				var e *resellerkit.Error
				if !errors.As(err, &e) {
					t.Fatalf("%s() = %v, want a *resellerkit.Error", c.name, err)
				}
				type opCall struct {
					Op, Call string
					Kind     resellerkit.Kind
				}
				want := opCall{Op: c.op, Call: c.method, Kind: resellerkit.KindPermissionDenied}
				if diff := cmp.Diff(want, opCall{Op: e.Op, Call: e.Call, Kind: e.Kind}); diff != "" {
					t.Errorf("%s() error %q mismatch (-want +got):\n%s", c.name, err, diff)
				}
			})
		}
	}
}

// sizeSpy records the page sizes the Service asks its store for.
type sizeSpy struct {
	cases.Store
	mu    sync.Mutex
	sizes []int
}

func (s *sizeSpy) List(ctx context.Context, q cases.Query, p resellerkit.PageRequest) (resellerkit.Page[cases.Case], error) {
	s.mu.Lock()
	s.sizes = append(s.sizes, p.Size)
	s.mu.Unlock()
	return s.Store.List(ctx, q, p)
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
		{"zero is the default", 0, []int{7}, ""},
		{"negative is refused", -1, nil, "ListOptions.PageSize"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			spy := &sizeSpy{Store: w.CaseStore()}
			s, err := cases.NewWithStore(spy, alder, cases.WithClock(w.Now), cases.WithTenure(w.CaseTenure()), cases.WithPageSize(7))
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.ListPage(t.Context(), &cases.ListOptions{CustomerID: acme, PageSize: tt.size})
			if got := fieldOf(err); got != tt.wantField {
				t.Errorf("ListPage(PageSize: %d) = %v, want field %q", tt.size, err, tt.wantField)
			}
			if diff := cmp.Diff(tt.wantSizes, spy.sizes); diff != "" {
				t.Errorf("store page sizes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// A nil option is refused by name, as in the other service packages.
func TestNilOptionRefused(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	_, err = cases.NewWithStore(w.CaseStore(), fake.DemoAlderCustomerID, cases.WithTenure(w.CaseTenure()), nil)
	var fe *resellerkit.FieldError
	if !errors.As(err, &fe) || fe.Field != "opts[1]" || !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Fatalf("NewWithStore(nil option) = %v, want an invalid-argument error naming opts[1]", err)
	}
}
