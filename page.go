package resellerkit

import (
	"context"
	"iter"
)

// PageRequest asks for one page of a listing. A zero Size lets the service
// pick its default; an empty Token asks for the first page.
type PageRequest struct {
	Size  int
	Token string
}

// Page is one page of a listing. An empty NextPageToken means it was the last.
type Page[T any] struct {
	Items         []T
	NextPageToken string
}

// FetchFunc fetches the page that token names ("" for the first). Retries of
// a single page belong inside it (rule W4), never around a whole listing.
type FetchFunc[T any] func(ctx context.Context, token string) (Page[T], error)

// All returns an iterator over every item fetch produces, requesting pages
// lazily. The sequence may be ranged over more than once; each range starts
// again from the first page.
//
// On the first error it yields (zero, err) once and stops. Breaking out of
// the loop stops further requests. Between pages it checks ctx, and it
// reports [ErrPaginationLoop] when the server repeats a page token, which
// would otherwise loop for ever (rule W4).
func All[T any](ctx context.Context, fetch FetchFunc[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		seen := map[string]struct{}{}
		token := ""
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, newError(KindCanceled, "resellerkit.All", err))
				return
			}
			p, err := fetch(ctx, token)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range p.Items {
				if !yield(it, nil) {
					return
				}
			}
			if p.NextPageToken == "" {
				return
			}
			if _, dup := seen[p.NextPageToken]; dup {
				yield(zero, &Error{Kind: KindUnavailable, Op: "resellerkit.All", Err: ErrPaginationLoop})
				return
			}
			seen[p.NextPageToken] = struct{}{}
			token = p.NextPageToken
		}
	}
}

// Collect drains seq into a slice. On error it returns the items read so far
// with the error, so a caller can tell a complete listing from an incomplete
// one; a destructive reconcile must not act on the latter (rule W4).
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}
