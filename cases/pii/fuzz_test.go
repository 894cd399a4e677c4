package pii_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/resellerkit/resellerkit/cases/pii"
)

// widen writes printable ASCII as its full-width form (space as the
// ideographic space), each character three bytes of UTF-8.
func widen(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c == ' ' {
			b.WriteRune('\u3000')
		} else {
			b.WriteRune(rune(c) - '!' + '！')
		}
	}
	return b.String()
}

// interleave writes a zero-width space after every byte of s.
func interleave(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		b.WriteByte(c)
		b.WriteRune('\u200b')
	}
	return b.String()
}

func printableASCII(s string) bool {
	for _, c := range []byte(s) {
		if c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

// FuzzScan checks the scanner on arbitrary input: no panic, every finding
// inside the input with a valid kind, and the error for a finding never
// echoes the value found. For printable ASCII it also checks rule C3 on the
// pasted forms: the same text written full-width, or with zero-width spaces
// between its characters, gives the same findings at the matching offsets.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"", "@", "+", "(", "0", "a@b.co", "+33 6 12 34 56 78", "4111 1111 1111 1111",
		"DE89 3704 0044 0532 0130 00", "123-45-6789", "AB 12 34 56 C", "1 85 05 78 006 084 91",
		"RSSMRA85T10A562S", "811218-9876", "3171234501900001", "1234 5678 9018",
		"(0)(0)(0) 1 1 1 1", "+(", "00 00 00 00", "x@@y..z", "\xff\xfe4111111111111111\x00",
		strings.Repeat("1 ", 200), strings.Repeat("@a.", 100), "2 90 03 2b 004 012 57",
		// Unicode spaces inside numbers.
		"+33\u00a06\u00a012\u00a034\u00a056\u00a078", "4111\u20091111\u20091111\u20091111",
		"DE89\u202f3704\u202f0044\u202f0532\u202f0130\u202f00", "4111\u30001111\u30001111\u30001111",
		// Full-width and other non-ASCII digits, full-width @.
		"０９０－１２３４－５６７８", "０９０ー１２３４ー５６７８", "ａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ", "ana﹫example.com",
		"٤١١١ ١١١١ ١١١١ ١١١١", "४१११११११११११११११", "𝟒𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏", "１２３４５６７８９０１８",
		// Format characters inside an address or number.
		"ana\u200b@exam\u200bple.com", "4111\u200b1111\u200c1111\u200d1111", "ana.pe\u00adrez@example.com",
		"DE89\ufeff3704 0044 0532 0130 00", "\u202e4111111111111111\u202c", "AB\u2060123456C",
		// Dots and slashes in cards, dashes in IBANs.
		"4111.1111.1111.1111", "4111/1111/1111/1111", "3782.822463.10005", "DE89-3704-0044-0532-0130-00",
		"1.2.3.4.5.6.7.8.9.10.11.12.13", "2024/01/05/1234/5678",
		// Quoted local parts.
		`"ana perez"@example.com`, `"a\"b\\c"@example.com`, `"ana@home"@example.com`, `""@x.co`, `\"@x.co`,
		`"` + strings.Repeat("a", 70) + `"@example.com`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		findings := pii.Scan(s)
		for _, fd := range findings {
			if fd.Start < 0 || fd.End > len(s) || fd.Start >= fd.End {
				t.Fatalf("finding %+v outside input of %d bytes", fd, len(s))
			}
			if !strings.Contains(fd.Kind.String(), " ") && fd.Kind != pii.IBAN {
				t.Fatalf("finding with invalid kind %d", fd.Kind)
			}
			if utf8.ValidString(s) && (!utf8.ValidString(s[fd.Start:]) || !utf8.ValidString(s[:fd.End])) {
				t.Fatalf("finding %+v cuts a character of %q", fd, s)
			}
		}
		if !slices.IsSortedFunc(findings, func(a, b pii.Finding) int { return a.Start - b.Start }) {
			t.Fatalf("findings %+v not ordered by Start", findings)
		}
		err := pii.Guard{}.Check("Comment.Body", s)
		if (err != nil) != (len(findings) > 0) {
			t.Fatalf("Check() = %v with %d findings", err, len(findings))
		}
		if err != nil {
			fd := findings[0]
			if value := s[fd.Start:fd.End]; len(value) >= 6 && strings.Contains(err.Error(), value) {
				t.Fatalf("error %q echoes the value %q", err, value)
			}
		}
		if content, scanned := pii.ScanContent([]byte(s), "application/octet-stream"); scanned {
			for _, fd := range content {
				if fd.Start < 0 || fd.End > len(s) || fd.Start >= fd.End {
					t.Fatalf("content finding %+v outside input of %d bytes", fd, len(s))
				}
			}
		}
		if !printableASCII(s) {
			return
		}
		// Pasted forms: each character of s becomes 3 bytes (full-width) or
		// is followed by 3 bytes (a zero-width space).
		if got := pii.Scan(widen(s)); len(got) != len(findings) {
			t.Fatalf("Scan(full-width %q) = %+v, want the %d findings of the ASCII text", s, got, len(findings))
		} else {
			for i, fd := range findings {
				if want := (pii.Finding{Kind: fd.Kind, Start: 3 * fd.Start, End: 3 * fd.End}); got[i] != want {
					t.Fatalf("Scan(full-width %q)[%d] = %+v, want %+v", s, i, got[i], want)
				}
			}
		}
		if got := pii.Scan(interleave(s)); len(got) != len(findings) {
			t.Fatalf("Scan(zero-width spaced %q) = %+v, want the %d findings of the ASCII text", s, got, len(findings))
		} else {
			for i, fd := range findings {
				if want := (pii.Finding{Kind: fd.Kind, Start: 4 * fd.Start, End: 4*fd.End - 3}); got[i] != want {
					t.Fatalf("Scan(zero-width spaced %q)[%d] = %+v, want %+v", s, i, got[i], want)
				}
			}
		}
	})
}
