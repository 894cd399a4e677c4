package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The detectors work on bytes of the folded text (see norm.go). Every
// delimiter they look for is ASCII, so a finding never starts or ends
// inside a multi-byte UTF-8 sequence, and invalid UTF-8 is harmless: such
// bytes are simply not part of a number.
//
// Each detector reads the text once, and the work at any position is
// bounded by a constant (the longest shape it looks for), so scanning is
// linear in the text whatever it holds; BenchmarkScanAdversarial holds the
// guard to its budget on inputs built to defeat that.

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isAlnum(c byte) bool  { return alnum[c] }

// alnum marks the ASCII letters and digits, for the loops that read every
// byte.
var alnum = func() (t [256]bool) {
	for c := range t {
		t[c] = isDigit(byte(c)) || isLetter(byte(c))
	}
	return t
}()

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// edge classifies the byte next to a token: a letter, digit or underscore
// joins it (edgeJoin), a dot, comma, dash or slash depends on what lies
// beyond (edgeMaybe), anything else separates (edgeFree).
var edge = func() (t [256]uint8) {
	for c := range t {
		switch {
		case alnum[c] || c == '_':
			t[c] = edgeJoin
		case c == '.' || c == ',' || c == '-' || c == '/':
			t[c] = edgeMaybe
		}
	}
	return t
}()

const (
	edgeFree uint8 = iota
	edgeJoin
	edgeMaybe
)

// leftBoundary reports whether a token may start at i: the byte before it
// is not part of a word or of a longer number ("v1.2", "A-123", "2024/05").
func leftBoundary(s string, i int) bool {
	if i <= 0 {
		return true
	}
	if e := edge[s[i-1]]; e != edgeMaybe {
		return e == edgeFree
	}
	return leftMaybe(s, i)
}

func leftMaybe(s string, i int) bool {
	if i < 2 {
		return true
	}
	switch s[i-1] {
	case '.', ',': // "1,234" and "1.5": one number, but "10,IT60..." is two tokens
		return !isDigit(s[i-2]) || !isDigit(s[i])
	}
	return !isAlnum(s[i-2]) // '-', '/'
}

// rightBoundary reports whether a token may end at j (exclusive).
func rightBoundary(s string, j int) bool {
	if j >= len(s) {
		return true
	}
	if e := edge[s[j]]; e != edgeMaybe {
		return e == edgeFree
	}
	return rightMaybe(s, j)
}

func rightMaybe(s string, j int) bool {
	if j+1 >= len(s) {
		return true
	}
	switch s[j] {
	case '.', ',':
		return j == 0 || !isDigit(s[j+1]) || !isDigit(s[j-1])
	}
	return !isAlnum(s[j+1]) // '-', '/'
}

// appendSorted appends f to out, keeping out[from:] in Scan's order. A
// detector's findings come almost in order (a card window ending at a
// later group may start earlier), so f moves back a few places at most.
func appendSorted(out []Finding, from int, f Finding) []Finding {
	out = append(out, f)
	k := len(out) - 1
	for k > from && compareFindings(out[k-1], f) > 0 {
		out[k] = out[k-1]
		k--
	}
	out[k] = f
	return out
}

// ---- email addresses ----

func isLocalASCII(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func isDomainASCII(c byte) bool { return isAlnum(c) || c == '.' || c == '-' }

// addressRune reports whether a non-ASCII rune may be part of an address:
// a letter or digit of a script written with spaces between words.
// Scripts written without them (Han, kana, Hangul, Thai) end the address,
// so "連絡先はana@example.comです" yields just the address.
func addressRune(r rune) bool {
	if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return false
	}
	return !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai)
}

// findEmails finds local@domain.tld, where the top-level label has at least
// two characters and no digit. Retina image names such as "icon@2x.png" are
// not addresses and are skipped. The local part may be quoted
// ("john doe"@example.com, RFC 5321).
func findEmails(s string, out []Finding) []Finding {
	from := len(out)
	for a := 0; a < len(s); a++ {
		if s[a] != '@' {
			k := strings.IndexByte(s[a:], '@')
			if k < 0 {
				break
			}
			a += k
		}
		// The domain first: it is what most "@" in a text lack. It holds
		// no "@", so the next search starts after it.
		end := a + 1
		for end < len(s) {
			if c := s[end]; c < utf8.RuneSelf {
				if !isDomainASCII(c) {
					break
				}
				end++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[end:])
			if !addressRune(r) {
				break
			}
			end += size
		}
		for end > a+1 && (s[end-1] == '.' || s[end-1] == '-') {
			end--
		}
		if end == a+1 || !plausibleDomain(s[a+1:end]) {
			a = end - 1
			continue
		}
		start := quotedLocalStart(s, a)
		if start < 0 {
			start = a
			for start > 0 {
				if c := s[start-1]; c < utf8.RuneSelf {
					if !isLocalASCII(c) {
						break
					}
					start--
					continue
				}
				r, size := utf8.DecodeLastRuneInString(s[:start])
				if !addressRune(r) {
					break
				}
				start -= size
			}
			for start < a && s[start] == '.' {
				start++
			}
		}
		if start == a {
			a = end - 1
			continue
		}
		out = appendSorted(out, from, Finding{Kind: Email, Start: start, End: end})
		a = end - 1
	}
	return out
}

// maxLocalPart is the longest local part of an address (RFC 5321, 4.5.3.1.1).
const maxLocalPart = 64

// quotedLocalStart returns the offset of the opening quote of a quoted local
// part ending right before the "@" at a, or -1. Inside the quotes any
// character but a line break may appear, with '"' and '\\' escaped by a
// backslash. The search looks back at most maxLocalPart bytes.
func quotedLocalStart(s string, a int) int {
	if a < 3 || s[a-1] != '"' || escaped(s, a-1, a-1-maxLocalPart) {
		return -1
	}
	stop := max(a-1-maxLocalPart, 0)
	for p := a - 2; p >= stop; p-- {
		switch s[p] {
		case '\n', '\r':
			return -1
		case '"':
			if escaped(s, p, stop) {
				continue
			}
			if p == a-2 {
				return -1 // "" is no local part worth reporting
			}
			return p
		}
	}
	return -1
}

// escaped reports whether s[p] follows an odd number of backslashes, looking
// no further back than stop.
func escaped(s string, p, stop int) bool {
	n := 0
	for q := p - 1; q >= max(stop, 0) && s[q] == '\\'; q-- {
		n++
	}
	return n%2 == 1
}

func plausibleDomain(d string) bool {
	labels, last, lastStart := 0, "", 0
	for i := 0; i <= len(d); i++ {
		if i < len(d) && d[i] != '.' {
			continue
		}
		if i == lastStart {
			return false // empty label
		}
		labels++
		last = d[lastStart:i]
		lastStart = i + 1
	}
	if labels < 2 || len(last) < 2 {
		return false
	}
	for i := 0; i < len(last); i++ {
		if isDigit(last[i]) {
			return false
		}
	}
	// "icon@2x.png", "logo@1.5x.jpg": a scale suffix, not a domain.
	first := d
	if k := indexByte(d, '.'); k >= 0 {
		first = d[:k]
	}
	if labels <= 3 && len(first) >= 2 && first[len(first)-1]|0x20 == 'x' && allDigits(first[:len(first)-1]) {
		return false
	}
	if labels == 3 && len(first) >= 1 && allDigits(first) {
		second := d[len(first)+1:]
		if k := indexByte(second, '.'); k >= 2 && second[k-1]|0x20 == 'x' && allDigits(second[:k-1]) {
			return false
		}
	}
	return true
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// ---- phone numbers ----

// A phone number is recognised in these shapes:
//   - international: "+" then 8 to 15 digits (E.164), in groups separated by
//     single spaces, dashes or dots, an area code optionally in parentheses:
//     "+33 6 12 34 56 78", "+44 (0)20 7946 0958", "+1 415-555-2671";
//   - the "00" international prefix, in groups: "0049 30 1234567";
//   - a national number with a trunk prefix 0, 9 to 12 digits in at least two
//     groups of at most 5, the first of 2 to 5 digits: "06 12 34 56 78",
//     "020 7946 0958", "070-123 45 67", "090-1234-5678", "0812-3456-7890";
//   - the North American 3-3-4 shape: "(415) 555-2671", "415.555.2671",
//     "1-415-555-2671".
//
// An unbroken run of digits is never taken for a phone number (it is more
// likely a case, order or ticket number), nor are dates (2-2-4 or 4-2-2
// groups), version numbers and IP addresses, which fail the shapes above.
//
// Groups are read one at a time from a start, and reading stops as soon as
// no shape can still match ("(1) (1) (1) …" stops at the second group), so
// the work per start is small.

const maxPhoneGroups = 12

type phoneCand struct {
	intl   bool
	groups int
	glen   [maxPhoneGroups]uint8 // digits per group
	paren  [maxPhoneGroups]bool
	digits [18]byte
	nd     int
}

func findPhones(s string, out []Finding) []Finding {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '+' || c == '(' || isDigit(c)) {
			continue
		}
		// A phone starts after a clear break: not inside a word or a number,
		// and not right after a separator that follows a digit.
		if !leftBoundary(s, i) || afterNumber(s, i) {
			i = skipNumber(s, i)
			continue
		}
		if i > 0 && s[i-1] == '+' && c != '+' {
			continue
		}
		if isDigit(c) && !groupContinues(s, i) {
			i = skipNumber(s, i) // one group without "+" is no phone number
			continue
		}
		if end := matchPhone(s, i); end > 0 {
			out = append(out, Finding{Kind: Phone, Start: i, End: end})
			i = end - 1
			continue
		}
		if c != '(' {
			i = skipNumber(s, i)
			continue
		}
		// "(06 12 34 56 78)": try again after the parenthesis, unless it
		// closes right after its digits ("(1)"): they cannot start a number.
		k := i + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k > i+1 && k < len(s) && s[k] == ')' {
			i = k
		}
	}
	return out
}

// groupContinues reports whether the group of digits starting at i is
// followed by a separator.
func groupContinues(s string, i int) bool {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j < len(s) && (s[j] == ' ' || s[j] == '-' || s[j] == '.')
}

// afterNumber reports whether i follows a separator that follows a digit.
func afterNumber(s string, i int) bool {
	return i >= 2 && (s[i-1] == ' ' || s[i-1] == '-' || s[i-1] == '.') && isDigit(s[i-2])
}

// skipNumber returns the index of the last byte of the number-like run that
// starts at i, so the scan does not restart inside it.
func skipNumber(s string, i int) int {
	j := i
	for j+1 < len(s) {
		c := s[j+1]
		if isAlnum(c) || c == '(' || c == ')' || c == '+' {
			j++
			continue
		}
		// A separator between digits: no phone starts after it ("1/2",
		// "1,5" are not boundaries, and after "1 " a phone is not clear).
		if (c == ' ' || c == '-' || c == '.' || c == '/' || c == ',') && j+2 < len(s) && isDigit(s[j+2]) && isDigit(s[j]) {
			j++
			continue
		}
		break
	}
	return j
}

// matchPhone returns the end of the longest phone number starting at i:
// whole groups, ending before a space or at a boundary (a dash or a dot
// binds the next group to this one). It returns -1 if there is none.
func matchPhone(s string, i int) int {
	var p phoneCand
	j := i
	if s[j] == '+' {
		p.intl = true
		j++
	}
	best := -1
	for p.groups < maxPhoneGroups {
		k := j
		paren := false
		if k < len(s) && s[k] == '(' {
			paren = true
			k++
		}
		d := k
		for d < len(s) && isDigit(s[d]) && d-k < len(p.digits) {
			d++
		}
		n := d - k
		if n == 0 || p.nd+n > len(p.digits) {
			break
		}
		if paren {
			if d >= len(s) || s[d] != ')' {
				break
			}
			d++
		}
		copy(p.digits[p.nd:], s[k:k+n])
		p.nd += n
		p.glen[p.groups] = uint8(n)
		p.paren[p.groups] = paren
		p.groups++
		j = d
		// The separator to the next group, if the number goes on.
		var sep byte
		switch {
		case j+1 < len(s) && (s[j] == ' ' || s[j] == '-' || s[j] == '.') && (isDigit(s[j+1]) || s[j+1] == '('):
			sep = s[j]
		case paren && j < len(s) && isDigit(s[j]): // "(0)20"
			sep = ')'
		}
		// The number may end here: before a space if more groups follow, or
		// at a boundary if this group is the last one.
		if p.nd >= 8 && p.valid(p.groups) { // every shape has 8 digits or more
			next := j + 1
			if sep == ')' {
				next = j
			}
			if sep != 0 && groupAt(s, next, p.nd, len(p.digits)) {
				if sep == ' ' {
					best = j
				}
			} else if rightBoundary(s, j) {
				best = j
			}
		}
		if sep == 0 || !p.canGrow() {
			break
		}
		if sep != ')' {
			j++
		}
	}
	return best
}

// groupAt reports whether a group of digits, maybe in parentheses, starts
// at k and fits in max digits with the nd read before it.
func groupAt(s string, k, nd, max int) bool {
	paren := k < len(s) && s[k] == '('
	if paren {
		k++
	}
	d := k
	for d < len(s) && isDigit(s[d]) && d-k <= max {
		d++
	}
	if d == k || nd+d-k > max {
		return false
	}
	return !paren || d < len(s) && s[d] == ')'
}

// canGrow reports whether more groups could still make p a phone number.
func (p *phoneCand) canGrow() bool {
	if p.groups >= maxPhoneGroups {
		return false
	}
	d := p.digits[:p.nd]
	switch {
	case p.intl:
		return p.nd < 15 && !p.paren[0]
	case d[0] == '0' && p.nd == 1:
		return true // "0 0…" may still be the 00 prefix
	case d[0] == '0' && d[1] == '0':
		return p.nd < 17
	case d[0] == '0':
		return p.glen[0] >= 2 && p.glen[0] <= 5 && p.nd < 12 && p.glen[p.groups-1] <= 5
	}
	// North American: [1] NXX NXX XXXX, parentheses on the area code only.
	k := 0
	if p.glen[0] == 1 && d[0] == '1' {
		k = 1
	}
	if p.groups-k >= 3 {
		return false
	}
	for g := k; g < p.groups; g++ {
		if p.glen[g] != 3 || g > k && p.paren[g] {
			return false
		}
	}
	return true
}

// valid reports whether the first g groups of p form a phone number.
func (p *phoneCand) valid(g int) bool {
	nd := 0
	for k := 0; k < g; k++ {
		nd += int(p.glen[k])
	}
	d := p.digits[:nd]
	if p.intl {
		return nd >= 8 && nd <= 15 && d[0] != '0' && !p.paren[0]
	}
	if g < 2 {
		return false
	}
	switch {
	case d[0] == '0' && d[1] == '0': // the 00 international prefix
		return nd-2 >= 8 && nd-2 <= 15 && nd > 2 && d[2] != '0'
	case d[0] == '0': // a national number with its trunk prefix
		if p.glen[0] < 2 || p.glen[0] > 5 || nd < 9 || nd > 12 || p.looksLikeDate(g) {
			return false
		}
		for k := 1; k < g; k++ {
			if p.glen[k] > 5 {
				return false
			}
		}
		return true
	}
	return p.nanp(g)
}

// nanp reports the North American shape: [1-]NXX-NXX-XXXX.
func (p *phoneCand) nanp(g int) bool {
	off := 0
	k := 0
	if g == 4 && p.glen[0] == 1 && p.digits[0] == '1' {
		off, k = 1, 1
	}
	if g-k != 3 || p.glen[k] != 3 || p.glen[k+1] != 3 || p.glen[k+2] != 4 || p.paren[k+1] || p.paren[k+2] {
		return false
	}
	area, exch := p.digits[off], p.digits[off+3]
	return area >= '2' && exch >= '2'
}

// looksLikeDate reports a day-month-year (2-2-4) or year-month-day (4-2-2)
// start, as in "05 01 2024 10 30".
func (p *phoneCand) looksLikeDate(g int) bool {
	if g < 3 {
		return false
	}
	num := func(from, n int) int {
		v := 0
		for _, c := range p.digits[from : from+n] {
			v = v*10 + int(c-'0')
		}
		return v
	}
	switch {
	case p.glen[0] == 2 && p.glen[1] == 2 && p.glen[2] == 4:
		day, month := num(0, 2), num(2, 2)
		return day >= 1 && day <= 31 && month >= 1 && month <= 12
	case p.glen[0] == 4 && p.glen[1] == 2 && p.glen[2] == 2:
		month, day := num(4, 2), num(6, 2)
		return day >= 1 && day <= 31 && month >= 1 && month <= 12
	}
	return false
}

// ---- runs of digit groups: payment cards, NIR, SSN, NIK, My Number, personnummer ----

// A digit run is a maximal sequence of digit groups separated by single
// spaces, dashes, plus signs, dots or slashes ("4111 1111 1111 1111",
// "811218-9876", "4111.1111.1111.1111"). A run is read once, digit by
// digit, keeping its last groups in a ring with the Luhn prefix sums at
// their starts: the card and NIR windows ending at a group are judged when
// the group ends, each in constant time, so a run of any length costs a
// constant per digit. Identity numbers without a letter are judged on a
// whole run of at most three groups.

// A payment card is 13 to 19 digits, not starting with 0, passing the Luhn
// check, written as one group or in groups: the first and middle groups of
// 4 to 6 digits, the last of 1 to 6 ("4111 1111 1111 1111", "3782 822463
// 10005", "4222 2222 2222 2"). Groups are separated by spaces or dashes,
// or all by dots or all by slashes. Numbers grouped by thousands ("1 234
// 567 890 123") start with a group of at most 3 and are not cards.
const (
	minCardDigits = 13
	maxCardDigits = 19
	maxCardGroups = 5 // 4+4+4+4+3
)

// ringSize is a power of two at least the most groups a window spans: 7,
// the fields of a NIR written "1 85 05 78 006 084 91".
const (
	ringSize = 8
	ringMask = ringSize - 1 // group g is at g&ringMask
)

func isRunSep(c byte) bool { return c == ' ' || c == '-' || c == '+' || c == '.' || c == '/' }

// luhnDouble is a digit's share of a Luhn sum when doubled.
var luhnDouble = [10]int{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}

// digitRun is the state of the run being read.
type digitRun struct {
	s      string
	leftOK bool // a window may start at the run's first digit
	n      int  // groups so far
	digits int  // digits so far
	// The ring of the last groups (group g at g&ringMask): where each
	// starts and ends, the separator before it (0 for the first), and its
	// Luhn sums once needed (see luhnSums).
	start, end [ringSize]int
	sep        [ringSize]byte
	hasLuhn    [ringSize]bool
	luhn       [ringSize][2]int
	buf        []byte
}

func (r *digitRun) size(g int) int { return r.end[g&ringMask] - r.start[g&ringMask] }

// startOK reports whether a window may start at group g: at the run's
// start if a boundary precedes it, or after a space.
func (r *digitRun) startOK(g int) bool {
	if g == 0 {
		return r.leftOK
	}
	return r.sep[g&ringMask] == ' '
}

// luhnSum returns group g's share of the Luhn sum of a window in which d
// digits follow it, computing the group's sums once.
func (r *digitRun) luhnSum(g, d int) int {
	k := g & ringMask
	if !r.hasLuhn[k] {
		r.fillLuhn(k)
	}
	return r.luhn[k][d&1]
}

func (r *digitRun) fillLuhn(k int) {
	r.luhn[k], r.hasLuhn[k] = luhnSums(r.s[r.start[k]:r.end[k]]), true
}

// luhnSums returns the Luhn sum of the digits d with the last counted
// plain ([0]) or doubled ([1]).
func luhnSums(d string) [2]int {
	var sums [2]int
	for j := 0; j < len(d); j++ {
		v := int(d[len(d)-1-j] - '0')
		if j%2 == 0 {
			sums[0] += v
			sums[1] += luhnDouble[v]
		} else {
			sums[0] += luhnDouble[v]
			sums[1] += v
		}
	}
	return sums
}

func findDigitRuns(s string, out []Finding) []Finding {
	from := len(out)
	r := digitRun{s: s}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			continue
		}
		// A lone group (no separator and digit after it) holds a finding
		// only if it is long enough and starts at a boundary.
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if !(j+1 < len(s) && isRunSep(s[j]) && isDigit(s[j+1])) && (j-i < 9 || !leftBoundary(s, i)) {
			i = j - 1
			continue
		}
		r.leftOK, r.n, r.digits = leftBoundary(s, i), 0, 0
		j = i
		var sep byte
		for {
			g := r.n & ringMask
			r.start[g], r.sep[g], r.hasLuhn[g] = j, sep, false
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			r.end[g] = j
			r.digits += j - r.start[g]
			r.n++
			var next byte
			if j+1 < len(s) && isRunSep(s[j]) && isDigit(s[j+1]) {
				next = s[j]
			}
			// A window may end here: at a space inside the run (a NIR also
			// before a plus sign), or at the run's end if a boundary follows.
			if r.digits >= minCardDigits && (next == ' ' || next == '+' || next == 0 && rightBoundary(s, j)) {
				// Most groups end no window: look only when they might.
				if last := j - r.start[g]; next != '+' && (last > 6 || r.n >= 2 && r.size(r.n-2) >= 4 && r.size(r.n-2) <= 6) {
					out = r.cards(out, from)
				}
				switch j - r.start[g] {
				case 2, 5, 8, 10, 12, 14, 15: // 15 less where a NIR field starts
					out = r.nir(out, from)
				}
			}
			if next == 0 {
				break
			}
			sep = next
			j++
		}
		if r.n <= 3 && r.digits >= 9 && r.leftOK && rightBoundary(s, j) {
			out = r.identities(out, from)
		}
		i = j - 1
	}
	return out
}

// cards adds the payment cards made of groups g..h, h the last group read.
func (r *digitRun) cards(out []Finding, from int) []Finding {
	s, h := r.s, r.n-1
	last := r.size(h)
	if last > 6 { // a long group stands alone
		if last >= minCardDigits && last <= maxCardDigits && s[r.start[h&ringMask]] != '0' && r.startOK(h) && r.luhnSum(h, 0)%10 == 0 {
			out = appendSorted(out, from, Finding{Kind: PaymentCard, Start: r.start[h&ringMask], End: r.end[h&ringMask]})
		}
		return out
	}
	total, sum := last, r.luhnSum(h, 0)
	var class byte // the separators seen: ' ' (spaces and dashes), '.' or '/'
	for g := h - 1; g >= 0 && g > h-maxCardGroups; g-- {
		n := r.size(g)
		if n < 4 || n > 6 || total+n > maxCardDigits {
			break
		}
		c := r.sep[(g+1)&ringMask]
		if c == '-' {
			c = ' '
		}
		if c == '+' || class != 0 && c != class {
			break
		}
		class = c
		sum += r.luhnSum(g, total)
		total += n
		if total >= minCardDigits && s[r.start[g&ringMask]] != '0' && r.startOK(g) && sum%10 == 0 {
			out = appendSorted(out, from, Finding{Kind: PaymentCard, Start: r.start[g&ringMask], End: r.end[h&ringMask]})
		}
	}
	return out
}

// nir adds the French NIR made of groups g..h, h the last group read: 15
// digits (the sex, 1-4, 7 or 8, first) with single spaces only at the
// fields' edges: after the sex, year, month, département, commune and
// serial ("1 85 05 78 006 084 91"), and a valid key. NIRs of Corsica (2A,
// 2B) hold a letter and are found word by word.
func (r *digitRun) nir(out []Finding, from int) []Finding {
	h := r.n - 1
	t := r.size(h) // the digits of groups g..h
	for g := h; ; {
		if t == 15 {
			if !(r.startOK(g) || g > 0 && r.sep[g&ringMask] == '+') || indexByte("123478", r.s[r.start[g&ringMask]]) < 0 {
				return out
			}
			r.buf = r.buf[:0]
			for k := g; k <= h; k++ {
				r.buf = append(r.buf, r.s[r.start[k&ringMask]:r.end[k&ringMask]]...)
			}
			if validNIR(r.buf) {
				out = appendSorted(out, from, Finding{Kind: FRNIR, Start: r.start[g&ringMask], End: r.end[h&ringMask]})
			}
			return out
		}
		switch 15 - t { // where group g starts in the NIR
		case 1, 3, 5, 7, 10, 13:
		default:
			return out
		}
		if g == 0 || h-g+1 >= 7 || r.sep[g&ringMask] != ' ' {
			return out
		}
		g--
		if t += r.size(g); t > 15 {
			return out
		}
	}
}

// identities adds the identity numbers a whole run of one to three groups
// may be: they must stand alone, as a window inside a longer run would
// match too often by chance.
func (r *digitRun) identities(out []Finding, from int) []Finding {
	s, n, total := r.s, r.n, r.digits
	if total > 16 {
		return out
	}
	d := r.buf[:0]
	for g := 0; g < n; g++ {
		d = append(d, s[r.start[g]:r.end[g]]...)
	}
	r.buf = d
	add := func(k Kind) {
		out = appendSorted(out, from, Finding{Kind: k, Start: r.start[0], End: r.end[n-1]})
	}
	// The same space or dash between three groups.
	sameSep := n == 3 && r.sep[1] == r.sep[2] && (r.sep[1] == ' ' || r.sep[1] == '-')
	switch {
	case n == 3 && r.size(0) == 3 && r.size(1) == 2 && r.size(2) == 4 && sameSep:
		if validSSN(d) {
			add(USSocialSecurity)
		}
	case n == 1 && total == 16:
		if validNIK(d) {
			add(IDNIK)
		}
	case total == 12 && (n == 1 || sameSep && r.size(0) == 4 && r.size(1) == 4):
		// My Number: 12 digits, plain or 4-4-4.
		if validMyNumber(d) {
			add(JPMyNumber)
		}
	}
	// Personnummer: YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDD-NNNN, or plain.
	if (n == 1 && (total == 10 || total == 12)) ||
		(n == 2 && (r.size(0) == 6 || r.size(0) == 8) && r.size(1) == 4 && (r.sep[1] == '-' || r.sep[1] == '+')) {
		if validPersonnummer(d) {
			add(SEPersonnummer)
		}
	}
	return out
}

// ---- words: IBAN, UK National Insurance number, NIR, codice fiscale ----

// findWords reads the text word by word (a word is a run of ASCII letters
// and digits) and tries, at each word that starts at a boundary, the
// identifiers that start with it: IBAN, NINO and codice fiscale for a
// letter; for a digit, the NIR of Corsica (département 2A or 2B), whose
// letter keeps it out of the digit runs.
func findWords(s string, out []Finding) []Finding {
	from := len(out)
	var seg ibanStretch
	ibanEnd, ninoEnd, nirEnd := 0, 0, 0
	for i := 0; i < len(s); {
		if !isAlnum(s[i]) {
			i++
			continue
		}
		j, letters := i+1, false
		for j < len(s) && isAlnum(s[j]) {
			letters = letters || s[j] >= 'A'
			j++
		}
		switch c := s[i]; {
		case j-i < 2:
		case isLetter(c) && leftBoundary(s, i):
			if i >= ibanEnd && j-i >= 4 && isLetter(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) {
				if e := seg.match(s, i); e > 0 {
					out = appendSorted(out, from, Finding{Kind: IBAN, Start: i, End: e})
					ibanEnd = e
				}
			}
			if i >= ninoEnd && ninoHead(s, i, j) {
				if e := matchNINO(s, i); e > 0 {
					out = appendSorted(out, from, Finding{Kind: UKNationalInsurance, Start: i, End: e})
					ninoEnd = e
				}
			}
			if j-i == 16 && rightBoundary(s, j) && validCodiceFiscale(s[i:j]) {
				out = appendSorted(out, from, Finding{Kind: ITCodiceFiscale, Start: i, End: j})
			}
		case letters && isDigit(c):
			out, nirEnd = corsicanNIR(s, i, j, nirEnd, out, from)
		}
		i = j
	}
	return out
}

// corsicanNIR adds a NIR of Corsica whose département ("2A", "2B") lies in
// the word s[i:j]. The département is the NIR's 6th and 7th characters, so
// the word starts at the NIR's 1st, 2nd, 4th or 6th character, and the NIR
// itself up to three spaces further back.
func corsicanNIR(s string, i, j, nirEnd int, out []Finding, from int) ([]Finding, int) {
	for o := 1; o <= 6 && i+o < j; o++ {
		if c := s[i+o] | 0x20; (c != 'a' && c != 'b') || s[i+o-1] != '2' {
			continue
		}
		p := 6 - o // the NIR position of the word's first character
		if p != 0 && p != 1 && p != 3 && p != 5 {
			continue
		}
		for k := 0; k <= 3 && (p > 0 || k == 0); k++ {
			st := i - p - k
			if st < nirEnd || st < 0 || indexByte("123478", s[st]) < 0 || !leftBoundary(s, st) {
				continue
			}
			if e := matchNIR(s, st); e > 0 {
				return appendSorted(out, from, Finding{Kind: FRNIR, Start: st, End: e}), e
			}
		}
	}
	return out, nirEnd
}

// An IBAN is written electronically ("DE89370400440532013000") or in
// groups separated by single spaces or single dashes, in either case; its
// country's length (ibanLengths) and the mod-97 check must hold.
//
// ibanStretch reads a stretch of letters and digits joined by single
// spaces or dashes once, whatever the number of IBAN candidates in it
// ("DE89 DE89 DE89 …"), keeping the last characters read in a ring: an
// IBAN of n characters needs the stretch to end, or a space to fall, right
// after its n-th character, which is known without reading it again.
type ibanStretch struct {
	live       bool
	next       int  // the next byte to read
	ended      bool // the stretch ends at next
	read       int  // the characters read
	pendingSep byte // a separator read after the last character
	// Character k of the stretch and the separator before it (or 0), at
	// k%ibanRing.
	chars, seps [ibanRing]byte
	at, atByte  int // a cursor: character at is at byte atByte
}

const ibanRing = 64 // a power of two above the longest IBAN (34) and the one after it

func (t *ibanStretch) begin(i int) {
	*t = ibanStretch{live: true, next: i, atByte: i}
}

// readTo reads until the byte at limit is read and want characters are,
// or the stretch ends.
func (t *ibanStretch) readTo(s string, limit, want int) {
	for !t.ended && (t.next <= limit || t.read < want) {
		j := t.next
		if j >= len(s) {
			t.ended = true
			break
		}
		c := s[j]
		switch {
		case isAlnum(c):
			t.chars[t.read%ibanRing], t.seps[t.read%ibanRing] = c, t.pendingSep
			t.pendingSep = 0
			t.read++
			t.next++
		case (c == ' ' || c == '-') && t.read > 0 && j+1 < len(s) && isAlnum(s[j+1]):
			t.pendingSep = c
			t.next++
		default:
			t.ended = true
		}
	}
}

// match returns the end of an IBAN starting at i, a word start, or -1.
func (t *ibanStretch) match(s string, i int) int {
	n := int(ibanLength(s[i], s[i+1]))
	if n == 0 {
		return -1
	}
	if t.live {
		t.readTo(s, i, 0)
	}
	if !t.live || t.ended && i >= t.next {
		t.begin(i)
	}
	for ; t.atByte < i; t.atByte++ { // move the cursor to i
		if isAlnum(s[t.atByte]) {
			t.at++
		}
	}
	a, b := t.at, t.at+n
	t.readTo(s, -1, b+1)
	switch {
	case b > t.read:
		return -1
	case b == t.read:
		if !rightBoundary(s, t.next) {
			return -1
		}
	case t.seps[b%ibanRing] != ' ':
		return -1
	}
	var buf [34]byte
	for k := a; k < b; k++ {
		buf[k-a] = t.chars[k%ibanRing]
	}
	if !validIBAN(buf[:n]) {
		return -1
	}
	e := i
	for k := 0; k < n; e++ {
		if isAlnum(s[e]) {
			k++
		}
	}
	return e
}

// ninoHead reports whether the word s[i:j] may start a NINO: two letters
// and the digits, whole ("AB123456C") or followed by a space and the rest
// ("AB 12 34 56 C", "AB123456 C").
func ninoHead(s string, i, j int) bool {
	switch n := j - i; {
	case n > 9 || !isLetter(s[i+1]) || n > 2 && !isDigit(s[i+2]):
		return false
	case n == 9:
		return true
	case j+1 >= len(s) || s[j] != ' ':
		return false
	case n == 8:
		return isLetter(s[j+1]) // the suffix
	}
	return isDigit(s[j+1])
}

// matchNINO returns the end of a UK National Insurance number starting at
// i, or -1: two prefix letters, six digits and a suffix letter, with single
// spaces allowed after the prefix, between pairs of digits and before the
// suffix ("AB123456C", "AB 12 34 56 C", "AB 123456 C").
func matchNINO(s string, i int) int {
	var b [9]byte
	n, j, space := 0, i, false
	for j < len(s) && n < len(b) {
		c := s[j]
		if n < 2 || n == 8 {
			if isLetter(c) {
				b[n], n, j, space = c, n+1, j+1, false
				continue
			}
		} else if isDigit(c) {
			b[n], n, j, space = c, n+1, j+1, false
			continue
		}
		if c != ' ' || space || n%2 == 1 || n == 0 {
			return -1
		}
		space = true
		j++
	}
	if n < len(b) || space || !rightBoundary(s, j) || !validNINO(b[:]) {
		return -1
	}
	return j
}

// matchNIR returns the end of a French NIR starting at i, or -1: 15
// characters (13 digits and a 2-digit key, Corsican départements 2A and 2B
// included), plain or with single spaces at the fields' edges: sex, year,
// month, département, commune, serial and key ("1 85 05 78 006 084 36").
func matchNIR(s string, i int) int {
	var b [15]byte
	n, j, space := 0, i, false
	for j < len(s) && n < len(b) {
		c := s[j]
		if isDigit(c) || n == 6 && b[5] == '2' && (c|0x20 == 'a' || c|0x20 == 'b') {
			b[n], n, j, space = c, n+1, j+1, false
			continue
		}
		if c != ' ' || space {
			return -1
		}
		switch n {
		case 1, 3, 5, 7, 10, 13:
		default:
			return -1
		}
		space = true
		j++
	}
	if n < len(b) || space || !rightBoundary(s, j) || !validNIR(b[:]) {
		return -1
	}
	return j
}
