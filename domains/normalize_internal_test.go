package domains

import "testing"

// FuzzCanonicalFastPath checks that the fast path of normalizeDomain
// accepts only names the IDNA path returns unchanged.
func FuzzCanonicalFastPath(f *testing.F) {
	for _, s := range []string{
		"reseller.example", "a.b", "xn--bcher-kva.example", "ab--c.example", "-a.example", "a-.example",
		"1.2.3.4", "a.1", "1a.example", "a..b", ".a.b", "a.b.", "A.b", "a_b.example", "123.example",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !canonicalASCII(s) {
			return
		}
		slow, err := normalizeDomainSlow("test", "domain", s)
		if err != nil {
			t.Fatalf("fast path accepts %q, which the IDNA path rejects: %v", s, err)
		}
		if slow != s {
			t.Fatalf("fast path keeps %q, which the IDNA path changes to %q", s, slow)
		}
	})
}
