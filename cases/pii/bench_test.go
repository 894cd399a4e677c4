package pii_test

import (
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/cases/pii"
)

// BenchmarkScan measures the guard over a typical case description and a
// log-like text attachment.
func BenchmarkScan(b *testing.B) {
	desc := "Since 2024-01-05 users of the marketing OU cannot open shared drives; error 0x80070643 " +
		"appears in Drive for desktop v98.0.2 on Windows 10.0.19041.1. Case 41234567 was closed last month. " +
		"Order 1234 5678 9012 3456 is unrelated. "
	log := strings.Repeat("2026-01-05T09:00:00Z INFO sync worker=12 file=report_q4.xlsx bytes=104857 status=200 latency=12.5ms\n", 10000)
	for _, tt := range []struct {
		name string
		text string
	}{{"description", strings.Repeat(desc, 20)}, {"log_1MB", log}} {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.text)))
			for b.Loop() {
				pii.Scan(tt.text)
			}
		})
	}
}
