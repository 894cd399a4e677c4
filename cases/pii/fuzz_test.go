package pii_test

import (
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/cases/pii"
)

// FuzzScan checks the scanner on arbitrary input: no panic, every finding
// inside the input with a valid kind, and the error for a finding never
// echoes the value found.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"", "@", "+", "(", "0", "a@b.co", "+33 6 12 34 56 78", "4111 1111 1111 1111",
		"DE89 3704 0044 0532 0130 00", "123-45-6789", "AB 12 34 56 C", "1 85 05 78 006 084 91",
		"RSSMRA85T10A562S", "811218-9876", "3171234501900001", "1234 5678 9018",
		"(0)(0)(0) 1 1 1 1", "+(", "00 00 00 00", "x@@y..z", "\xff\xfe4111111111111111\x00",
		strings.Repeat("1 ", 200), strings.Repeat("@a.", 100), "2 90 03 2b 004 012 57",
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
	})
}
