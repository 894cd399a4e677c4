package pii

import (
	"fmt"
	"testing"
)

func TestZZCount(t *testing.T) {
	for _, u := range []string{"4111 1111 1111 1111 ", "a@b.co ", "RSSMRA85T10A562S "} {
		in := zzfill(u, 1<<20)
		fs := Scan(in)
		ft := foldText(in, encUTF8)
		raw := findDigitRuns(ft.s, nil)
		fmt.Println(u, len(fs), len(raw), cap(raw))
	}
}
