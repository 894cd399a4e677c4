package pii_test

import (
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/cases/pii"
)

const mib = 1 << 20

// fill repeats unit to exactly n bytes (the last repetition may be cut).
func fill(unit string, n int) string {
	return strings.Repeat(unit, n/len(unit)+1)[:n]
}

// reportMsPerMiB reports the time per MiB of input, the unit of the
// guard's budget.
func reportMsPerMiB(b *testing.B, n int) float64 {
	msPerMiB := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / 1e6 / (float64(n) / mib)
	b.ReportMetric(msPerMiB, "ms/MiB")
	return msPerMiB
}

// BenchmarkScan measures the guard over a typical case description and a
// log-like text attachment.
func BenchmarkScan(b *testing.B) {
	desc := "Since 2024-01-05 users of the marketing OU cannot open shared drives; error 0x80070643 " +
		"appears in Drive for desktop v98.0.2 on Windows 10.0.19041.1. Case 41234567 was closed last month. " +
		"Order 1234 5678 9012 3456 is unrelated. "
	log := strings.Repeat("2026-01-05T09:00:00Z INFO sync worker=12 file=report_q4.xlsx bytes=104857 status=200 latency=12.5ms\n", 10000)
	ja := fill("お問い合わせ番号は１２３４５６７８です。サーバーのログを添付します。　連絡先は営業部まで。\n", mib)
	for _, tt := range []struct {
		name string
		text string
	}{{"description", strings.Repeat(desc, 20)}, {"log_1MB", log}, {"japanese_1MiB", ja}} {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.text)))
			for b.Loop() {
				pii.Scan(tt.text)
			}
			reportMsPerMiB(b, len(tt.text))
		})
	}
}

// maxMsPerMiB is the guard's time budget: a case or an attachment is
// scanned at no more than 20 ms per MiB of text, whatever the text.
const maxMsPerMiB = 20

// adversarialInputs are 1 MiB texts built to make a scanner slow: each
// defeats a shortcut (a skip to the end of a number, a bounded look-back)
// or feeds a detector as many candidates as possible.
func adversarialInputs() []struct{ name, text string } {
	mixed := "４１１１\u00a0１１１１ ٤١١١ १२३४ ana\u200b＠例え.jp 電話０９０ー１２３４ー५६७८ Ｘ\u200d９\u202f" +
		"𝟏𝟐𝟑 ﹫ —–‐ ​"
	return []struct{ name, text string }{
		{"ones_spaced", fill("1 ", mib)},             // "1 1 1 …"
		{"digit_run", fill("1", mib)},                // one run of a million digits
		{"digit_groups", fill("4111 ", mib)},         // card windows everywhere
		{"cards", fill("4111 1111 1111 1111 ", mib)}, // a finding every 20 bytes
		{"ones_dashed", fill("1-", mib)},
		{"ones_dotted", fill("1.", mib)},
		{"ones_slashed", fill("1/", mib)},
		{"ones_plus", fill("+1 ", mib)},
		{"parens", fill("(1) ", mib)},
		{"phones", fill("+33 6 12 34 56 78 ", mib)},
		{"at_signs", fill("@", mib)},
		{"at_pairs", fill("a@", mib)},
		{"at_dotted", fill("a.@b.", mib)},
		{"emails", fill("a@b.co ", mib)},
		{"quoted_locals", fill(`"a"@`, mib)},
		{"quoted_escapes", fill(`\"\\"@`, mib)},
		{"long_local", fill(strings.Repeat("a", 4000)+"@", mib)},
		{"spaces", fill(" ", mib)},
		{"dashes", fill("-", mib)},
		{"dots", fill(".", mib)},
		{"separators_mixed", fill(" -./+", mib)},
		{"iban_heads", fill("DE89 ", mib)},
		{"iban_dashed", fill("DE89-3704-", mib)},
		{"nino_heads", fill("AB12 ", mib)},
		{"nir_heads", fill("1 85 05 ", mib)},
		{"letters", fill("RSSMRA85T10A562S ", mib)},
		{"nbsp_digits", fill("1\u00a0", mib)},
		{"fullwidth_digits", fill("１ ", mib)},
		{"zero_width_digits", fill("1\u200b", mib)},
		{"fullwidth_at", fill("ａ＠", mib)},
		{"mixed_scripts", fill(mixed, mib)},
		{"cjk", fill("電話番号と住所", mib)},
		{"invalid_utf8", fill("\xff1\xfe@", mib)},
	}
}

// BenchmarkScanAdversarial checks the guard's budget (at most 20 ms per
// MiB, reported as ms/MiB) on inputs built to be slow. Run it with
//
//	go test ./cases/pii -run '^$' -bench ScanAdversarial -count 3
func BenchmarkScanAdversarial(b *testing.B) {
	for _, tt := range adversarialInputs() {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.text)))
			for b.Loop() {
				pii.Scan(tt.text)
			}
			if ms := reportMsPerMiB(b, len(tt.text)); ms > maxMsPerMiB {
				b.Errorf("%.1f ms/MiB; the budget is %d", ms, maxMsPerMiB)
			}
		})
	}
}

// BenchmarkScanContent measures attachments: the sniffing, and UTF-16 text.
func BenchmarkScanContent(b *testing.B) {
	utf16 := []byte{0xFF, 0xFE}
	for _, c := range fill("1 2026-01-05 INFO ok 4111 ", mib/2) {
		utf16 = append(utf16, byte(c), byte(c>>8))
	}
	for _, tt := range []struct {
		name, contentType string
		content           []byte
	}{
		{"octet_stream_text", "application/octet-stream", []byte(fill("1 ", mib))},
		{"utf16_text", "application/octet-stream", utf16},
		{"binary", "application/octet-stream", []byte(fill("\x00\x01\x02\x89PNG", mib))},
	} {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.content)))
			for b.Loop() {
				pii.ScanContent(tt.content, tt.contentType)
			}
			if ms := reportMsPerMiB(b, len(tt.content)); ms > maxMsPerMiB {
				b.Errorf("%.1f ms/MiB; the budget is %d", ms, maxMsPerMiB)
			}
		})
	}
}
