package fake

import "strings"

//go:generate go run ./internal/genrest -o rest_methods.go

// restMethod is one API method at its REST path, as a discovery document
// gives it: an ID ("directory.groups.list"), an HTTP method and a flatPath
// relative to the server root, whose {name} parts match one path segment.
type restMethod struct {
	id, httpMethod, flatPath string
}

// methodIDOf names the API method of a request by its HTTP method and path
// (used for the requests no route of the fake matched, to say in the 501
// which method is not served), or "" when it matches no method of the four
// APIs. When
// several paths match, the one with the most literal text wins, as Google's
// own routing prefers a fixed path over a variable one.
func methodIDOf(httpMethod, path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	best, bestScore := "", -1
	for _, m := range restMethods {
		if m.httpMethod != httpMethod {
			continue
		}
		if score, ok := matchFlatPath(m.flatPath, segs); ok && score > bestScore {
			best, bestScore = m.id, score
		}
	}
	return best
}

// matchFlatPath reports whether the path segments segs match flatPath, and
// how many literal bytes the match used.
func matchFlatPath(flatPath string, segs []string) (int, bool) {
	pat := strings.Split(flatPath, "/")
	if len(pat) != len(segs) {
		return 0, false
	}
	score := 0
	for i, p := range pat {
		s := segs[i]
		open := strings.IndexByte(p, '{')
		if open < 0 {
			if p != s {
				return 0, false
			}
			score += len(p)
			continue
		}
		closing := strings.IndexByte(p, '}')
		if closing < open {
			return 0, false
		}
		// A variable part, with optional literal text around it
		// ("{attachmentsId}:download").
		prefix, suffix := p[:open], p[closing+1:]
		if len(s) <= len(prefix)+len(suffix) || !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, suffix) {
			return 0, false
		}
		score += len(prefix) + len(suffix)
	}
	return score, true
}
