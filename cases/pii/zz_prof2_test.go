package pii

import (
	"strings"
	"testing"
)

func BenchmarkZZMixed(b *testing.B) {
	mixed := "４１１１\u00a0１１１１ ٤١١١ १२३४ ana\u200b＠例え.jp 電話０９０ー１２３４ー५६७८ Ｘ\u200d９\u202f" + "𝟏𝟐𝟑 ﹫ —–‐ ​"
	in := strings.Repeat(mixed, (1<<20)/len(mixed)+1)[:1<<20]
	b.Logf("findings %d", len(Scan(in)))
	for b.Loop() {
		Scan(in)
	}
}
