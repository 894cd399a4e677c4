package pii

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func zzfill(unit string, n int) string { return strings.Repeat(unit, n/len(unit)+1)[:n] }

func TestZZProf(t *testing.T) {
	const mib = 1 << 20
	mixed := "４１１１\u00a0１１１１ ٤١١١ १२३४ ana\u200b＠例え.jp 電話０９０ー１２３４ー५६७८ Ｘ\u200d９\u202f" + "𝟏𝟐𝟑 ﹫ —–‐ ​"
	inputs := []struct{ name, text string }{
		{"ones_spaced", zzfill("1 ", mib)}, {"digit_run", zzfill("1", mib)}, {"digit_groups", zzfill("4111 ", mib)},
		{"cards", zzfill("4111 1111 1111 1111 ", mib)}, {"ones_dashed", zzfill("1-", mib)}, {"ones_dotted", zzfill("1.", mib)},
		{"ones_plus", zzfill("+1 ", mib)}, {"parens", zzfill("(1) ", mib)}, {"phones", zzfill("+33 6 12 34 56 78 ", mib)},
		{"at_signs", zzfill("@", mib)}, {"at_pairs", zzfill("a@", mib)}, {"at_dotted", zzfill("a.@b.", mib)}, {"emails", zzfill("a@b.co ", mib)},
		{"quoted_locals", zzfill(`"a"@`, mib)}, {"quoted_escapes", zzfill(`\"\\"@`, mib)}, {"long_local", zzfill(strings.Repeat("a", 4000)+"@", mib)},
		{"spaces", zzfill(" ", mib)}, {"dashes", zzfill("-", mib)}, {"separators_mixed", zzfill(" -./+", mib)},
		{"iban_heads", zzfill("DE89 ", mib)}, {"nino_heads", zzfill("AB12 ", mib)}, {"nir_heads", zzfill("1 85 05 ", mib)},
		{"letters", zzfill("RSSMRA85T10A562S ", mib)}, {"nbsp_digits", zzfill("1\u00a0", mib)}, {"fullwidth_digits", zzfill("１ ", mib)},
		{"zero_width_digits", zzfill("1\u200b", mib)}, {"mixed", zzfill(mixed, mib)}, {"cjk", zzfill("電話番号と住所", mib)}, {"invalid", zzfill("\xff1\xfe@", mib)},
		{"log", strings.Repeat("2026-01-05T09:00:00Z INFO sync worker=12 file=report_q4.xlsx bytes=104857 status=200 latency=12.5ms\n", 10000)},
	}
	names := []string{"emails", "phones", "digits", "words"}
	minOf := func(f func()) time.Duration {
		best := time.Hour
		for i := 0; i < 9; i++ {
			t0 := time.Now()
			f()
			if d := time.Since(t0); d < best {
				best = d
			}
		}
		return best
	}
	for _, in := range inputs {
		var ft folded
		dfold := minOf(func() { ft = foldText(in.text, encUTF8) })
		line := fmt.Sprintf("%-18s total %6.2f fold %5.2f", in.name, float64(minOf(func() { Scan(in.text) }).Microseconds())/1000, float64(dfold.Microseconds())/1000)
		for i, d := range detectors {
			dd := minOf(func() { d(ft.s, nil) })
			line += fmt.Sprintf(" %s %5.2f", names[i], float64(dd.Microseconds())/1000)
		}
		fmt.Fprintln(os.Stderr, line)
	}
}
