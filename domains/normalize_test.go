package domains_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
)

// wantField checks that err is an invalid-argument error naming field.
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Fatalf("error = %v, want one of kind invalid argument", err)
	}
	var fe *resellerkit.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v, want a *resellerkit.FieldError", err)
	}
	if fe.Field != field {
		t.Errorf("FieldError.Field = %q, want %q", fe.Field, field)
	}
}

func TestNormalizeDomainD3(t *testing.T) {
	t.Parallel()
	label63 := strings.Repeat("a", 63)
	// 4 labels of 63 plus 3 dots = 255; trim to exactly 253 and 254.
	long253 := label63 + "." + label63 + "." + label63 + "." + strings.Repeat("b", 61)
	long254 := label63 + "." + label63 + "." + label63 + "." + strings.Repeat("b", 62)
	tests := []struct {
		name, in, want string
	}{
		{"D3 case folded", "Reseller-EU.Example", "reseller-eu.example"},
		{"D3 trailing dot removed", "reseller.example.", "reseller.example"},
		{"D3 IDNA to ASCII", "bücher.example", "xn--bcher-kva.example"},
		{"D3 IDNA upper-case Unicode", "BÜCHER.Example", "xn--bcher-kva.example"},
		{"D3 A-label kept", "xn--bcher-kva.example", "xn--bcher-kva.example"},
		{"D3 A-label upper-case", "XN--BCHER-KVA.EXAMPLE", "xn--bcher-kva.example"},
		{"D3 full-width letters", "ｅｘａｍｐｌｅ.com", "example.com"},
		{"D3 ideographic full stop", "example。com", "example.com"},
		{"D3 ideographic trailing stop", "example.com。", "example.com"},
		{"D3 German sharp s kept (non-transitional)", "straße.example", "xn--strae-oqa.example"},
		{"surrounding spaces", "  reseller.example \t", "reseller.example"},
		{"label of 63 (boundary)", label63 + ".example", label63 + ".example"},
		{"253 characters (boundary)", long253, long253},
		{"digits in labels", "4you.example", "4you.example"},
		{"hyphen inside", "my-reseller.example", "my-reseller.example"},
		{"already normalised", "reseller.example", "reseller.example"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := domains.NormalizeDomain(tc.in)
			if err != nil {
				t.Fatalf("NormalizeDomain(%q) error: %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("NormalizeDomain(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}

	bad := []struct{ name, in string }{
		{"empty", ""},
		{"spaces only", "   "},
		{"single label", "localhost"},
		{"single label with trailing dot", "example."},
		{"two trailing dots", "example.com.."},
		{"leading dot", ".example.com"},
		{"empty label", "a..example"},
		{"label of 64 (boundary)", strings.Repeat("a", 64) + ".example"},
		{"254 characters (boundary)", long254},
		{"underscore", "my_reseller.example"},
		{"space inside", "my reseller.example"},
		{"IPv4 address", "192.0.2.1"},
		{"leading hyphen", "-reseller.example"},
		{"hyphens in 3rd and 4th place", "ab--c.example"},
		{"invalid punycode", "xn--.example"},
		{"an email", "ana@reseller.example"},
		{"invalid UTF-8", "res\xffeller.example"},
		{"slash", "reseller.example/path"},
	}
	for _, tc := range bad {
		t.Run("invalid "+tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := domains.NormalizeDomain(tc.in)
			if err == nil {
				t.Fatalf("NormalizeDomain(%q) = %q, want an error", tc.in, got)
			}
			wantField(t, err, "domain")
		})
	}
}

func TestNormalizeEmailD3(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want, domain string
	}{
		{"D3 case folded", "Ana@Reseller-EU.Example", "ana@reseller-eu.example", "reseller-eu.example"},
		{"D3 trailing dot of the domain", "ana@reseller.example.", "ana@reseller.example", "reseller.example"},
		{"D3 IDNA domain", "ana@bücher.example", "ana@xn--bcher-kva.example", "xn--bcher-kva.example"},
		{"D3 domain after the LAST @", `"ana@home"@reseller.example`, `"ana@home"@reseller.example`, "reseller.example"},
		{"D3 last @ with upper case", `"A@B"@Reseller.Example`, `"a@b"@reseller.example`, "reseller.example"},
		{"plus addressing kept", "ana+portal@reseller.example", "ana+portal@reseller.example", "reseller.example"},
		{"spaces trimmed", " ana@reseller.example\n", "ana@reseller.example", "reseller.example"},
		{"64-byte local part (boundary)", strings.Repeat("a", 64) + "@reseller.example", strings.Repeat("a", 64) + "@reseller.example", "reseller.example"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := domains.NormalizeEmail(tc.in)
			if err != nil {
				t.Fatalf("NormalizeEmail(%q) error: %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("NormalizeEmail(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
			d, err := domains.DomainOf(tc.in)
			if err != nil {
				t.Fatalf("DomainOf(%q) error: %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.domain, d); diff != "" {
				t.Errorf("DomainOf(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
	bad := []struct{ name, in string }{
		{"empty", ""},
		{"no @", "ana.reseller.example"},
		{"nothing before @", "@reseller.example"},
		{"nothing after @", "ana@"},
		{"bad domain after the last @", "ana@reseller.example@"},
		{"display name", "Ana <ana@reseller.example>"},
		{"space in local part", "a na@reseller.example"},
		{"non-ASCII local part", "anä@reseller.example"},
		{"65-byte local part (boundary)", strings.Repeat("a", 65) + "@reseller.example"},
		{"single-label domain", "ana@localhost"},
		{"control character", "an\x01a@reseller.example"},
	}
	for _, tc := range bad {
		t.Run("invalid "+tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := domains.NormalizeEmail(tc.in)
			if err == nil {
				t.Fatalf("NormalizeEmail(%q) = %q, want an error", tc.in, got)
			}
			wantField(t, err, "email")
			if _, err := domains.DomainOf(tc.in); err == nil {
				t.Errorf("DomainOf(%q) succeeded, want an error", tc.in)
			}
		})
	}
}

func TestSameDomainD3(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"Reseller.Example.", "reseller.example", true},
		{"ana@Reseller.Example", "reseller.example.", true},
		{"ana@bücher.example", "bob@xn--bcher-kva.example", true},
		{`"x@other.example"@reseller.example`, "reseller.example", true},
		{"reseller.example", "reseller.example.org", false},
		{"ana@reseller.example", "ana@other.example", false},
		{"", "", false},
		{"not a domain", "not a domain", false},
		{"localhost", "localhost", false},
	}
	for _, tc := range tests {
		if got := domains.SameDomain(tc.a, tc.b); got != tc.want {
			t.Errorf("SameDomain(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := domains.SameDomain(tc.b, tc.a); got != tc.want {
			t.Errorf("SameDomain(%q, %q) = %v, want %v (not symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestIsConsumerDomain(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{
		"gmail.com":              true,
		"GMail.com.":             true,
		"googlemail.com":         true,
		"someone@gmail.com":      true,
		"admin@reseller.example": false,
		"gmail.com.example":      false,
		"":                       false,
	} {
		if got := domains.IsConsumerDomain(in); got != want {
			t.Errorf("IsConsumerDomain(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestNormalizeOrgUnitPath(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"/":                      "/",
		"/Staff":                 "/Staff",
		"/Staff/":                "/Staff",
		" /Reseller support/EU ": "/Reseller support/EU",
	}
	for in, want := range good {
		got, err := domains.NormalizeOrgUnitPath(in)
		if err != nil {
			t.Errorf("NormalizeOrgUnitPath(%q) error: %v", in, err)
			continue
		}
		if got != want {
			t.Errorf("NormalizeOrgUnitPath(%q) = %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{"", "Staff", "//", "/Staff//EU", "/ /x", "/a\x00b"} {
		if got, err := domains.NormalizeOrgUnitPath(in); err == nil {
			t.Errorf("NormalizeOrgUnitPath(%q) = %q, want an error", in, got)
		} else {
			wantField(t, err, "path")
		}
	}
}

func TestParseSupportPlan(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]domains.SupportPlan{
		"":                domains.PlanUnknown,
		"premium":         domains.PlanPremium,
		"Premium Support": domains.PlanPremium,
		"ENHANCED":        domains.PlanEnhanced,
		" Standard ":      domains.PlanStandard,
	} {
		got, err := domains.ParseSupportPlan(in)
		if err != nil || got != want {
			t.Errorf("ParseSupportPlan(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := domains.ParseSupportPlan("gold"); err == nil {
		t.Error("ParseSupportPlan(gold) succeeded, want an error")
	}
}

// checkCanonical asserts the properties every normalised output has: ASCII,
// lower case, and a fixed point of the normaliser.
func checkCanonical(t *testing.T, in, out string, again func(string) (string, error)) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("output %q of %q is not UTF-8", out, in)
	}
	for i := 0; i < len(out); i++ {
		if out[i] >= 0x80 {
			t.Fatalf("output %q of %q is not ASCII", out, in)
		}
	}
	if out != strings.ToLower(out) {
		t.Fatalf("output %q of %q is not lower case", out, in)
	}
	o2, err := again(out)
	if err != nil {
		t.Fatalf("normalising the output %q of %q again failed: %v", out, in, err)
	}
	if o2 != out {
		t.Fatalf("not idempotent: %q -> %q -> %q", in, out, o2)
	}
}

func FuzzNormalizeDomain(f *testing.F) {
	for _, s := range []string{
		"reseller.example", "Reseller.Example.", "bücher.example", "xn--bcher-kva.example",
		"example。com", "ｅｘａｍｐｌｅ.com", "a..b", "", ".", "192.0.2.1", "straße.de",
		"ß.example", "xn--zca.example", "١.example", "a\u200db.example", "ǅ.example",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := domains.NormalizeDomain(in)
		if err != nil {
			var fe *resellerkit.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, resellerkit.ErrInvalidArgument) {
				t.Fatalf("NormalizeDomain(%q) error %v is not a typed invalid-argument error", in, err)
			}
			return
		}
		checkCanonical(t, in, out, domains.NormalizeDomain)
		if strings.HasSuffix(out, ".") || !strings.Contains(out, ".") {
			t.Fatalf("NormalizeDomain(%q) = %q: trailing dot or single label", in, out)
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{
		"ana@reseller.example", "Ana@Reseller.Example.", `"a@b"@bücher.example`, "@", "a@", "@b.c",
		"a@b@c.example", "ana+x@xn--bcher-kva.example", " ana@reseller.example ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := domains.NormalizeEmail(in)
		if err != nil {
			if !errors.Is(err, resellerkit.ErrInvalidArgument) {
				t.Fatalf("NormalizeEmail(%q) error %v is not of kind invalid argument", in, err)
			}
			return
		}
		checkCanonical(t, in, out, domains.NormalizeEmail)
		d, err := domains.DomainOf(out)
		if err != nil || !strings.HasSuffix(out, "@"+d) {
			t.Fatalf("DomainOf(%q) = %q, %v: not the part after the last @", out, d, err)
		}
		if !domains.SameDomain(in, d) {
			t.Fatalf("SameDomain(%q, %q) = false", in, d)
		}
	})
}

func FuzzNormalizeOrgUnitPath(f *testing.F) {
	for _, s := range []string{"/", "/Staff", "/Staff/", "Staff", "//", "/a/b/c", " /x "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := domains.NormalizeOrgUnitPath(in)
		if err != nil {
			if !errors.Is(err, resellerkit.ErrInvalidArgument) {
				t.Fatalf("NormalizeOrgUnitPath(%q) error %v is not of kind invalid argument", in, err)
			}
			return
		}
		again, err := domains.NormalizeOrgUnitPath(out)
		if err != nil || again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", in, out, again, err)
		}
		if !strings.HasPrefix(out, "/") || (out != "/" && strings.HasSuffix(out, "/")) {
			t.Fatalf("NormalizeOrgUnitPath(%q) = %q: not a canonical path", in, out)
		}
	})
}

func BenchmarkNormalizeDomain(b *testing.B) {
	for _, in := range []string{"reseller-eu.example", "Reseller-EU.Example.", "bücher.example"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := domains.NormalizeDomain(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkNormalizeEmail(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := domains.NormalizeEmail("Ana.Lind@Reseller-EU.Example."); err != nil {
			b.Fatal(err)
		}
	}
}
