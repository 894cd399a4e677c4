package pii

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// What people paste is not always ASCII: a phone number copied from a web
// page has non-breaking spaces, one typed with a Japanese input method has
// full-width digits and "＠", and text from chat tools or PDFs carries
// zero-width characters. The detectors match ASCII shapes, so the text is
// first folded to what a reader sees (for matching only), and the offsets
// found in the folded text are mapped back to the caller's text.
//
// Folding, rune by rune:
//   - a decimal digit of any script (Unicode category Nd: Arabic-Indic,
//     Devanagari, full-width, mathematical, ...) becomes its ASCII digit;
//   - the full-width forms U+FF01 to U+FF5E become their ASCII characters
//     ("＠" becomes "@", "Ａ" becomes "A", "－" becomes "-");
//   - a few compatibility look-alikes of "@", "+", "-", ".", "/" and the
//     parentheses become them: small forms (U+FE50 block), the hyphens and
//     the minus sign (U+2010 to U+2013, U+2212), the katakana prolonged sound
//     mark "ー" that a Japanese input method types for "-", the one-dot
//     leader, the fraction and division slashes;
//   - a space separator (Zs: no-break space, the U+2000 spaces, narrow
//     no-break space, ideographic space) becomes " ", a line or paragraph
//     separator (and NEL) becomes "\n";
//   - a format character (Cf: zero-width space and joiners, word joiner,
//     soft hyphen, byte order mark, bidirectional controls, tags) is removed;
//   - every other rune is kept as it is (invalid UTF-8 byte by byte).

// encoding is how the scanned bytes encode text.
type encoding uint8

const (
	encUTF8    encoding = iota // UTF-8, or any ASCII-compatible 8-bit text
	encUTF16LE                 // UTF-16, little-endian
	encUTF16BE                 // UTF-16, big-endian
)

// decode returns the rune at offset o of src and its size in bytes. Invalid
// input decodes as utf8.RuneError of the smallest size: one byte of UTF-8,
// one code unit of UTF-16 (a trailing odd byte is one byte).
func decode(src string, o int, enc encoding) (rune, int) {
	if enc == encUTF8 {
		if c := src[o]; c < utf8.RuneSelf {
			return rune(c), 1
		}
		return utf8.DecodeRuneInString(src[o:])
	}
	if o+2 > len(src) {
		return utf8.RuneError, len(src) - o
	}
	u := unit16(src, o, enc)
	if !utf16.IsSurrogate(u) {
		return u, 2
	}
	if u < 0xDC00 && o+4 <= len(src) {
		if r := utf16.DecodeRune(u, unit16(src, o+2, enc)); r != utf8.RuneError {
			return r, 4
		}
	}
	return utf8.RuneError, 2
}

func unit16(src string, o int, enc encoding) rune {
	if enc == encUTF16LE {
		return rune(src[o]) | rune(src[o+1])<<8
	}
	return rune(src[o])<<8 | rune(src[o+1])
}

// foldAct is what folding does with a rune.
type foldAct uint8

const (
	foldKeep foldAct = iota // the rune is kept as it is
	foldByte                // the rune becomes one ASCII byte
	foldDrop                // the rune is removed
)

// fold returns what the detectors see for r: r itself, one ASCII byte, or
// nothing.
func fold(r rune) (byte, foldAct) {
	if r < utf8.RuneSelf {
		return byte(r), foldKeep
	}
	if b := r >> 4; b >= rune(len(foldBlocks))<<6 || foldBlocks[b>>6]&(1<<(b&63)) == 0 {
		return 0, foldKeep // most letters of most scripts: nothing to fold nearby
	}
	if r >= 0xFF01 && r <= 0xFF5E { // full-width forms
		return byte(r-0xFF01) + '!', foldByte
	}
	switch r { // the most common first, without a table search
	case utf8.RuneError:
		return 0, foldKeep
	case 0x00A0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
		0x202F, 0x205F, 0x3000:
		return ' ', foldByte
	case 0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF:
		return 0, foldDrop
	}
	switch r {
	case 0xFE6B:
		return '@', foldByte
	case 0xFE62:
		return '+', foldByte
	case 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE58, 0xFE63, 0x30FC, 0xFF70:
		return '-', foldByte
	case 0x2024, 0xFE52:
		return '.', foldByte
	case 0x2044, 0x2215:
		return '/', foldByte
	case 0xFE59:
		return '(', foldByte
	case 0xFE5A:
		return ')', foldByte
	case 0x0085, 0x2028, 0x2029:
		return '\n', foldByte
	}
	if v, ok := digitValue(r); ok {
		return '0' + byte(v), foldByte
	}
	if unicode.Is(unicode.Zs, r) {
		return ' ', foldByte
	}
	if unicode.Is(unicode.Cf, r) {
		return 0, foldDrop
	}
	return 0, foldKeep
}

// foldExtra are the runes fold maps by name rather than by category.
var foldExtra = []rune{
	0xFE6B, 0xFE62, 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE58, 0xFE63, 0x30FC, 0xFF70,
	0x2024, 0xFE52, 0x2044, 0x2215, 0xFE59, 0xFE5A, 0x0085, 0x2028, 0x2029,
}

// foldBlocks has bit b set when the 16 code points from b<<4 hold a rune
// that fold changes, so that the letters of most scripts cost one lookup.
var foldBlocks = func() *[0x110000 >> 4 >> 6]uint64 {
	var bits [0x110000 >> 4 >> 6]uint64
	mark := func(lo, hi rune) {
		for b := lo >> 4; b <= hi>>4; b++ {
			bits[b>>6] |= 1 << (b & 63)
		}
	}
	for _, t := range []*unicode.RangeTable{unicode.Nd, unicode.Zs, unicode.Cf} {
		for _, r := range t.R16 {
			mark(rune(r.Lo), rune(r.Hi))
		}
		for _, r := range t.R32 {
			mark(rune(r.Lo), rune(r.Hi))
		}
	}
	mark(0xFF01, 0xFF5E)
	for _, r := range foldExtra {
		mark(r, r)
	}
	return &bits
}()

// digitValue returns the value of a decimal digit of any script (category
// Nd). Unicode encodes each script's digits as a contiguous run from zero
// to nine (TestDigitValue checks the tables), so the value is the distance
// from the start of the run, modulo 10.
func digitValue(r rune) (int, bool) {
	i := 0
	if r <= 0xFFFF {
		i = int(ndHint[r>>4])
	}
	for i < len(ndRanges) && ndRanges[i].hi < r {
		i++
	}
	if i < len(ndRanges) && ndRanges[i].lo <= r {
		return int(r-ndRanges[i].lo) % 10, true
	}
	return 0, false
}

// ndRanges are the ranges of Unicode's decimal digits, in order, and
// ndHint the first range ending at or after each block of 16 code points of
// the Basic Multilingual Plane, so that digitValue looks at one or two.
var ndRanges, ndHint = func() (rs []struct{ lo, hi rune }, hint [0x10000 >> 4]uint8) {
	for _, r := range unicode.Nd.R16 {
		rs = append(rs, struct{ lo, hi rune }{rune(r.Lo), rune(r.Hi)})
	}
	for _, r := range unicode.Nd.R32 {
		rs = append(rs, struct{ lo, hi rune }{rune(r.Lo), rune(r.Hi)})
	}
	i := 0
	for b := range hint {
		for i < len(rs) && rs[i].hi < rune(b<<4) {
			i++
		}
		hint[b] = uint8(min(i, 255))
	}
	return rs, hint
}()

// folded is a text as the detectors read it, with what is needed to map
// offsets back to the source.
type folded struct {
	src  string   // the caller's bytes
	enc  encoding // how src encodes text
	s    string   // what the detectors read
	same int      // s and src agree, offset for offset, on [0, same)
	// For UTF-8, the runes folding changed, in order, in runs: between two
	// runs s and src differ by a constant. At most maxMarks are kept: the
	// marks cover s up to markedTo (src up to srcTo), and offsets beyond
	// are mapped by decoding the source again from there.
	marks           []foldMark
	markedTo, srcTo int
}

// maxMarks bounds the marks of a text (1 MiB of them).
const maxMarks = 1 << 16

// marksPool keeps mark buffers between scans: a text where most runes
// fold (Japanese input) has one mark every few runes.
var marksPool sync.Pool

// release returns t's buffers for reuse; t is not used after.
func (t *folded) release() {
	if cap(t.marks) > 0 && cap(t.marks) <= maxMarks {
		m := t.marks[:0]
		marksPool.Put(&m)
	}
	t.marks = nil
}

// foldMark is a run of n runes of the source, each of size bytes, that
// folding replaced by one byte each or removed.
type foldMark struct {
	at, src int32 // the offsets of the run in s and in the source
	n       int32
	size    uint8
	toByte  bool // replaced by one byte each (else removed)
}

// mark records that the rune at src, of size bytes, became a byte at at
// (or was removed), extending the last run when it continues it.
func (t *folded) mark(at, src, size int, toByte bool) {
	if t.markedTo < at {
		return // out of marks
	}
	if k := len(t.marks) - 1; k >= 0 {
		m := &t.marks[k]
		end := m.at
		if m.toByte {
			end += m.n
		}
		if m.toByte == toByte && int(m.size) == size && int(m.src)+int(m.n)*size == src && int(end) == at {
			m.n++
			return
		}
	}
	if len(t.marks) == maxMarks {
		t.markedTo, t.srcTo = at, src
		return
	}
	if len(t.marks) == cap(t.marks) { // double: append grows large slices by a quarter
		t.marks = slices.Grow(t.marks, min(max(len(t.marks), 64), maxMarks-len(t.marks)))
	}
	t.marks = append(t.marks, foldMark{at: int32(at), src: int32(src), n: 1, size: uint8(size), toByte: toByte})
}

// foldText folds src. An ASCII text, or any UTF-8 text with nothing to
// fold, is used as it is, without a copy.
func foldText(src string, enc encoding) folded {
	t := folded{src: src, enc: enc, s: src, same: len(src)}
	o := 0
	if enc == encUTF8 {
		for o < len(src) {
			if src[o] < utf8.RuneSelf {
				o++
				continue
			}
			r, size := utf8.DecodeRuneInString(src[o:])
			if _, act := fold(r); act != foldKeep {
				break
			}
			o += size
		}
		if o == len(src) {
			return t
		}
	}
	t.same = o
	t.markedTo = math.MaxInt
	if len(src) > math.MaxInt32 {
		t.markedTo = 0 // marks hold 32-bit offsets: map by decoding
	}
	if enc == encUTF8 {
		if p, ok := marksPool.Get().(*[]foldMark); ok {
			t.marks = (*p)[:0]
		}
	}
	var b strings.Builder
	if enc == encUTF8 {
		b.Grow(len(src))
	} else {
		b.Grow(len(src) + len(src)/2) // a UTF-16 unit becomes 1 to 3 bytes
	}
	if enc == encUTF8 {
		// Copy what folding keeps in spans, up to each rune it changes.
		kept := 0
		for o < len(src) {
			if src[o] < utf8.RuneSelf {
				o++
				continue
			}
			r, size := utf8.DecodeRuneInString(src[o:])
			c, act := fold(r)
			if act != foldKeep {
				b.WriteString(src[kept:o])
				t.mark(b.Len(), o, size, act == foldByte)
				if act == foldByte {
					b.WriteByte(c)
				}
				kept = o + size
			}
			o += size
		}
		b.WriteString(src[kept:])
	} else {
		for o < len(src) {
			if o+1 < len(src) {
				if u := unit16(src, o, enc); u < utf8.RuneSelf {
					b.WriteByte(byte(u))
					o += 2
					continue
				}
			}
			r, size := decode(src, o, enc)
			switch c, act := fold(r); act {
			case foldKeep:
				b.WriteRune(r)
			case foldByte:
				b.WriteByte(c)
			}
			o += size
		}
	}
	t.s = b.String()
	return t
}

// toSource rewrites the offsets of fs, offsets into t.s, as offsets into
// t.src: a finding starts where the source rune of its first byte starts and
// ends where the source rune of its last byte ends. fs is sorted by Start.
func (t *folded) toSource(fs []Finding) {
	if t.enc == encUTF8 && t.same == len(t.src) {
		return
	}
	ends := make([]int32, len(fs))
	for i := range ends {
		ends[i] = int32(i)
	}
	byEnd := func(a, b int32) int { return fs[a].End - fs[b].End }
	if !slices.IsSortedFunc(ends, byEnd) {
		slices.SortFunc(ends, byEnd)
	}
	if t.enc != encUTF8 {
		t.walkToSource(fs, fs, ends, 0, 0)
		return
	}
	// The offsets the marks cover, and the others.
	si := sort.Search(len(fs), func(i int) bool { return fs[i].Start >= t.markedTo })
	ei := sort.Search(len(ends), func(i int) bool { return fs[ends[i]].End-1 >= t.markedTo })
	t.marksToSource(fs[:si], fs, ends[:ei])
	if si < len(fs) || ei < len(ends) {
		t.walkToSource(fs[si:], fs, ends[ei:], t.srcTo, t.markedTo)
	}
}

// marksToSource maps offsets with t.marks: an offset in the bytes that
// replaced runes maps to its rune, any other offset by the difference the
// marks before it leave.
func (t *folded) marksToSource(starts, fs []Finding, ends []int32) {
	// src returns the source offset of the rune that gave byte q of t.s,
	// and its size, with m the index of the first mark after q (advanced).
	src := func(q int, m *int) (int, int) {
		for *m < len(t.marks) && int(t.marks[*m].at) <= q {
			*m++
		}
		if *m == 0 {
			return q, 1 // before every change
		}
		last := &t.marks[*m-1]
		at, n, size := int(last.at), int(last.n), int(last.size)
		after := at
		if last.toByte {
			if q < at+n {
				return int(last.src) + (q-at)*size, size
			}
			after += n
		}
		return int(last.src) + n*size + q - after, 1
	}
	m := 0
	for i := range starts {
		starts[i].Start, _ = src(starts[i].Start, &m)
	}
	m = 0
	for _, i := range ends {
		o, size := src(fs[i].End-1, &m)
		fs[i].End = o + size
	}
}

// walkToSource maps the starts of starts and the ends of fs[ends[…]], all
// at or after offset k of t.s, by decoding t.src again, rune by rune, from
// offset o (where k is) up to the last offset to map: for UTF-16, where
// every rune changes size, and beyond the marks of UTF-8.
func (t *folded) walkToSource(starts, fs []Finding, ends []int32, o, k int) {
	si, ei := 0, 0
	for (si < len(starts) || ei < len(ends)) && o < len(t.src) {
		r, size := decode(t.src, o, t.enc)
		n, verbatim := 0, false
		switch _, act := fold(r); {
		case act == foldByte:
			n = 1
		case act == foldKeep && t.enc == encUTF8:
			n, verbatim = size, true // invalid UTF-8 byte by byte
		case act == foldKeep:
			n = utf8.RuneLen(r)
		}
		for si < len(starts) && starts[si].Start < k+n {
			if verbatim {
				starts[si].Start = o + starts[si].Start - k
			} else {
				starts[si].Start = o
			}
			si++
		}
		for ei < len(ends) && fs[ends[ei]].End <= k+n {
			if f := &fs[ends[ei]]; verbatim {
				f.End = o + f.End - k
			} else {
				f.End = o + size
			}
			ei++
		}
		o, k = o+size, k+n
	}
}
