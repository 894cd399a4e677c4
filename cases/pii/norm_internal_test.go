package pii

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestDigitValue checks what digitValue assumes of Unicode's tables: every
// run of decimal digits (Nd) goes from zero to nine, contiguously, so the
// value of a digit is its distance from the start of its run, modulo 10.
func TestDigitValue(t *testing.T) {
	t.Parallel()
	check := func(lo, hi, stride uint32) {
		if stride != 1 || (hi-lo+1)%10 != 0 {
			t.Errorf("Nd range %U..%U (stride %d) is not whole runs of ten digits", lo, hi, stride)
		}
	}
	for _, r := range unicode.Nd.R16 {
		check(uint32(r.Lo), uint32(r.Hi), uint32(r.Stride))
	}
	for _, r := range unicode.Nd.R32 {
		check(r.Lo, r.Hi, r.Stride)
	}
	for r, want := range map[rune]int{
		'٣': 3, '۷': 7, '३': 3, '৯': 9, '๕': 5, '３': 3, '𝟑': 3, '𝟗': 9, '߃': 3, '၀': 0, '᠑': 1,
	} {
		if v, ok := digitValue(r); !ok || v != want {
			t.Errorf("digitValue(%U) = %d, %v; want %d", r, v, ok, want)
		}
	}
	for _, r := range []rune{'a', 'Ⅳ', '①', '²', '〇', '十'} {
		if v, ok := digitValue(r); ok {
			t.Errorf("digitValue(%U) = %d, true; want not a decimal digit", r, v)
		}
	}
}

// TestFold checks the folding rules on each class of rune, and that the
// block filter lets no rune of these classes through unfolded.
func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		r    rune
		b    byte
		act  foldAct
		name string
	}{
		{'a', 'a', foldKeep, "ASCII"},
		{'é', 0, foldKeep, "Latin letter"},
		{'電', 0, foldKeep, "Han"},
		{'サ', 0, foldKeep, "katakana"},
		{'\u00a0', ' ', foldByte, "no-break space"},
		{'\u2009', ' ', foldByte, "thin space"},
		{'\u202f', ' ', foldByte, "narrow no-break space"},
		{'\u3000', ' ', foldByte, "ideographic space"},
		{'\u2028', '\n', foldByte, "line separator"},
		{'４', '4', foldByte, "full-width digit"},
		{'٤', '4', foldByte, "Arabic-Indic digit"},
		{'＠', '@', foldByte, "full-width at"},
		{'﹫', '@', foldByte, "small at"},
		{'Ｄ', 'D', foldByte, "full-width letter"},
		{'－', '-', foldByte, "full-width hyphen-minus"},
		{'ー', '-', foldByte, "katakana prolonged sound mark"},
		{'\u2212', '-', foldByte, "minus sign"},
		{'\u2011', '-', foldByte, "non-breaking hyphen"},
		{'．', '.', foldByte, "full-width full stop"},
		{'\u200b', 0, foldDrop, "zero-width space"},
		{'\u200d', 0, foldDrop, "zero-width joiner"},
		{'\u00ad', 0, foldDrop, "soft hyphen"},
		{'\ufeff', 0, foldDrop, "byte order mark"},
		{'\u202e', 0, foldDrop, "right-to-left override"},
		{'\U000e0041', 0, foldDrop, "tag letter"},
		{'\u2014', 0, foldKeep, "em dash"},
		{'。', 0, foldKeep, "ideographic full stop"},
	}
	for _, tt := range tests {
		if b, act := fold(tt.r); act != tt.act || act == foldByte && b != tt.b {
			t.Errorf("fold(%U) (%s) = %q, %d; want %q, %d", tt.r, tt.name, b, act, tt.b, tt.act)
		}
	}
	for _, table := range []*unicode.RangeTable{unicode.Nd, unicode.Zs, unicode.Cf} {
		for r := rune(0x80); r <= unicode.MaxRune; r++ {
			if unicode.Is(table, r) {
				if _, act := fold(r); act == foldKeep {
					t.Errorf("fold(%U) keeps a rune of a folded category", r)
				}
			}
		}
	}
}

// TestToSource checks the offset map on a text where every kind of fold
// happens: a finding's offsets cover exactly its source runes.
func TestToSource(t *testing.T) {
	t.Parallel()
	src := "\ufeffé ０６\u00a012\u200b 34 56 78 ana＠ex.com"
	f := foldText(src, encUTF8)
	if want := "é 06 12 34 56 78 ana@ex.com"; f.s != want {
		t.Fatalf("foldText() = %q, want %q", f.s, want)
	}
	fs := []Finding{{Kind: Phone, Start: 3, End: 17}, {Kind: Email, Start: 18, End: 28}}
	f.toSource(fs)
	phone, email := "０６\u00a012\u200b 34 56 78", "ana＠ex.com"
	want := []Finding{
		{Kind: Phone, Start: len("\ufeffé "), End: len("\ufeffé ") + len(phone)},
		{Kind: Email, Start: len(src) - len(email), End: len(src)},
	}
	for i := range want {
		if fs[i] != want[i] {
			t.Errorf("toSource()[%d] = %+v, want %+v", i, fs[i], want[i])
		}
	}
}

// TestToSourceBeyondMarks checks the offsets of a text with more folded
// runes than marks are kept for: findings before and after the last mark
// map to the same source runes.
func TestToSourceBeyondMarks(t *testing.T) {
	t.Parallel()
	head, tail := "ana＠ex.com, ", " mail bob＠ex.com, tel ０６ １２ ３４ ５６ ７８"
	src := head + strings.Repeat("x\u00a0", maxMarks+10) + tail
	f := foldText(src, encUTF8)
	if f.markedTo == math.MaxInt {
		t.Fatalf("foldText() kept all %d marks; the test needs more than %d", len(f.marks), maxMarks)
	}
	got := scan(f)
	email1 := strings.Index(src, "ana")
	email2 := strings.Index(src, "bob")
	phone := strings.Index(src, "０６")
	want := []Finding{
		{Kind: Email, Start: email1, End: email1 + len("ana＠ex.com")},
		{Kind: Email, Start: email2, End: email2 + len("bob＠ex.com")},
		{Kind: Phone, Start: phone, End: len(src)},
	}
	if !slices.Equal(got, want) {
		t.Errorf("scan() = %+v, want %+v", got, want)
	}
}

// TestToSourceAcrossLastMark checks a finding that starts where the marks
// reach and ends beyond them.
func TestToSourceAcrossLastMark(t *testing.T) {
	t.Parallel()
	phone := "０６ １２ ３４ ５６ ７８" // one mark per group
	src := strings.Repeat("x\u00a0", maxMarks-2) + " " + phone
	f := foldText(src, encUTF8)
	if at := strings.Index(f.s, "06"); f.markedTo <= at || f.markedTo >= len(f.s) {
		t.Fatalf("the marks end at %d; the test needs them to end inside the phone number", f.markedTo)
	}
	want := []Finding{{Kind: Phone, Start: len(src) - len(phone), End: len(src)}}
	if got := scan(f); !slices.Equal(got, want) {
		t.Errorf("scan() = %+v, want %+v", got, want)
	}
}
