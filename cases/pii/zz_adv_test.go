package pii_test

import (
	"strings"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit/cases/pii"
)

func TestAdversarial(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("1 ", 100000), strings.Repeat("@a.", 100000), strings.Repeat("a", 100000) + "@" + strings.Repeat("b.", 100000),
		strings.Repeat("(", 100000), strings.Repeat("+1 ", 100000), strings.Repeat("AB ", 100000), strings.Repeat("1-", 100000),
		strings.Repeat("a@", 100000), strings.Repeat("x", 200000), strings.Repeat("1", 200000), strings.Repeat("DE89 ", 50000),
		strings.Repeat("(1) ", 100000), strings.Repeat("0", 100000), strings.Repeat("A1", 100000), strings.Repeat("é", 100000) + "@x.com",
	} {
		start := time.Now()
		pii.Scan(s)
		if d := time.Since(start); d > 200*time.Millisecond {
			t.Errorf("Scan(%q...) took %v", s[:10], d)
		}
	}
}
