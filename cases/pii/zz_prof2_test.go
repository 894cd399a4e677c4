package pii

import (
	"os"
	"testing"
)

func BenchmarkZZ(b *testing.B) {
	in := zzfill(os.Getenv("ZZIN"), 1<<20)
	for b.Loop() {
		Scan(in)
	}
}
