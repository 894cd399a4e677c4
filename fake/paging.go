package fake

import (
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"strings"
)

// Page tokens are opaque to clients: base64url of a hash of the query the
// listing was made with and the sort key of the last item returned. A token
// therefore works only with the query that produced it (a changed filter
// answers 400), and a listing stays consistent when items are added or
// removed between pages: the next page starts after the last key seen.

// queryHash hashes the parameters a listing's page token is bound to.
func queryHash(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

func encodePageToken(qh uint64, lastKey string) string {
	b := make([]byte, 8, 8+len(lastKey))
	binary.BigEndian.PutUint64(b, qh)
	b = append(b, lastKey...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodePageToken(tok string, qh uint64) (string, *apiError) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) < 8 || binary.BigEndian.Uint64(b) != qh {
		return "", errInvalid("invalid page token; it must come from the previous page of the same listing")
	}
	return string(b[8:]), nil
}

// pageSize returns the page size for a request asking max items, given the
// method's default and cap and the server's forced cap (0: none).
func pageSize(max int64, def, cap, forced int) int {
	n := def
	if max > 0 {
		n = int(min(max, int64(cap)))
	}
	if forced > 0 && n > forced {
		n = forced
	}
	return n
}

// paginate returns one page of items, which must be sorted by key in
// ascending order (descending when desc), and the next page token.
func paginate[T any](items []T, key func(T) string, desc bool, token string, size int, qh uint64) ([]T, string, *apiError) {
	start := 0
	if token != "" {
		last, e := decodePageToken(token, qh)
		if e != nil {
			return nil, "", e
		}
		for start < len(items) {
			c := strings.Compare(key(items[start]), last)
			if (!desc && c > 0) || (desc && c < 0) {
				break
			}
			start++
		}
	}
	end := min(start+size, len(items))
	page := items[start:end]
	next := ""
	if end < len(items) && len(page) > 0 {
		next = encodePageToken(qh, key(page[len(page)-1]))
	}
	return page, next, nil
}
