package pii

import (
	"unicode"
	"unicode/utf8"
)

// The detectors work on bytes. Every delimiter they look for is ASCII, so a
// finding never starts or ends inside a multi-byte UTF-8 sequence, and
// invalid UTF-8 is harmless: such bytes are simply not part of a number.

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isAlnum(c byte) bool  { return isDigit(c) || isLetter(c) }
func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// leftBoundary reports whether a token may start at i: the byte before it
// is not part of a word or of a longer number ("v1.2", "A-123", "2024/05").
func leftBoundary(s string, i int) bool {
	if i <= 0 {
		return true
	}
	c := s[i-1]
	if isAlnum(c) || c == '_' {
		return false
	}
	if i >= 2 {
		switch c {
		case '.', ',': // "1,234" and "1.5": one number, but "10,IT60..." is two tokens
			return !isDigit(s[i-2]) || !isDigit(s[i])
		case '-', '/':
			return !isAlnum(s[i-2])
		}
	}
	return true
}

// rightBoundary reports whether a token may end at j (exclusive).
func rightBoundary(s string, j int) bool {
	if j >= len(s) {
		return true
	}
	c := s[j]
	if isAlnum(c) || c == '_' {
		return false
	}
	if j+1 < len(s) {
		switch c {
		case '.', ',':
			return j == 0 || !isDigit(s[j+1]) || !isDigit(s[j-1])
		case '-', '/':
			return !isAlnum(s[j+1])
		}
	}
	return true
}

// collect gathers n significant bytes (accepted by ok) starting at i,
// skipping single spaces between them. It returns the bytes, the end
// offset, and whether n were found.
func collect(s string, i, n int, ok func(byte) bool, buf []byte) ([]byte, int, bool) {
	buf = buf[:0]
	j := i
	for j < len(s) && len(buf) < n {
		c := s[j]
		switch {
		case ok(c):
			buf = append(buf, c)
			j++
		case c == ' ' && len(buf) > 0 && j+1 < len(s) && ok(s[j+1]):
			j++
		default:
			return buf, j, false
		}
	}
	return buf, j, len(buf) == n
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
// not addresses and are skipped.
func findEmails(s string, out []Finding) []Finding {
	for a := 0; a < len(s); a++ {
		if s[a] != '@' {
			continue
		}
		start := a
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
		if start == a {
			continue
		}
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
		if !plausibleDomain(s[a+1 : end]) {
			continue
		}
		out = append(out, Finding{Kind: Email, Start: start, End: end})
		a = end - 1
	}
	return out
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

const maxPhoneGroups = 12

type phoneCand struct {
	intl   bool
	groups int
	glen   [maxPhoneGroups]uint8 // digits per group
	gend   [maxPhoneGroups]int   // end offset of each group
	gsep   [maxPhoneGroups]byte  // separator after each group (0: none, or end)
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
		if !leftBoundary(s, i) || (i >= 2 && (s[i-1] == ' ' || s[i-1] == '-' || s[i-1] == '.') && isDigit(s[i-2])) {
			i = skipNumber(s, i)
			continue
		}
		if i > 0 && s[i-1] == '+' && c != '+' {
			continue
		}
		var p phoneCand
		end := parsePhone(s, i, &p)
		if end < 0 {
			if c != '(' { // "(06 12 34 56 78)": try again after the parenthesis
				i = skipNumber(s, i)
			}
			continue
		}
		// Try the longest prefix of whole groups that makes a phone number.
		found := false
		for g := p.groups; g >= 1; g-- {
			e := p.gend[g-1]
			if g < p.groups && p.gsep[g-1] != ' ' {
				continue // a dash or dot binds the next group to this one
			}
			if g == p.groups && !rightBoundary(s, e) {
				continue
			}
			if p.valid(g) {
				out = append(out, Finding{Kind: Phone, Start: i, End: e})
				i = e - 1
				found = true
				break
			}
		}
		if !found && c != '(' {
			i = skipNumber(s, i)
		}
	}
	return out
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
		if (c == ' ' || c == '-' || c == '.') && j+2 < len(s) && isDigit(s[j+2]) && isDigit(s[j]) {
			j++
			continue
		}
		break
	}
	return j
}

// parsePhone reads groups from i. It returns the end of the last group, or
// -1 when no group could be read.
func parsePhone(s string, i int, p *phoneCand) int {
	j := i
	if s[j] == '+' {
		p.intl = true
		j++
	}
	for p.groups < maxPhoneGroups {
		k := j
		paren := false
		if k < len(s) && s[k] == '(' {
			paren = true
			k++
		}
		d := k
		for d < len(s) && isDigit(s[d]) {
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
		p.gend[p.groups] = d
		p.paren[p.groups] = paren
		p.groups++
		j = d
		// Separator to the next group.
		if j < len(s) && (s[j] == ' ' || s[j] == '-' || s[j] == '.') && j+1 < len(s) && (isDigit(s[j+1]) || s[j+1] == '(') {
			p.gsep[p.groups-1] = s[j]
			j++
			continue
		}
		if paren && j < len(s) && isDigit(s[j]) { // "(0)20"
			p.gsep[p.groups-1] = ')'
			continue
		}
		break
	}
	if p.groups == 0 {
		return -1
	}
	return p.gend[p.groups-1]
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

// ---- runs of digit groups: payment cards, SSN, NIK, My Number, personnummer ----

// digitRun is a maximal sequence of digit groups separated by single
// spaces, dashes or plus signs ("4111 1111 1111 1111", "811218-9876").
type digitRun struct {
	leftOK, rightOK bool
	start           []int // start offset of each group
	end             []int // end offset of each group
	sep             []byte
}

func (r *digitRun) reset() {
	r.start, r.end, r.sep = r.start[:0], r.end[:0], r.sep[:0]
}

func (r *digitRun) glen(g int) int { return r.end[g] - r.start[g] }

// window reports whether groups g..h (inclusive) may form a token: at the
// edges of the run the run's own boundaries apply; inside the run a token
// may only begin or end at a space (a dash binds its neighbours).
func (r *digitRun) window(g, h int) bool {
	if g == 0 {
		if !r.leftOK {
			return false
		}
	} else if r.sep[g-1] != ' ' {
		return false
	}
	if h == len(r.end)-1 {
		return r.rightOK
	}
	return r.sep[h] == ' '
}

// seps reports whether every separator inside g..h is one of allowed.
func (r *digitRun) seps(g, h int, allowed string) bool {
	for k := g; k < h; k++ {
		if indexByte(allowed, r.sep[k]) < 0 {
			return false
		}
	}
	return true
}

func findDigitRuns(s string, out []Finding) []Finding {
	var r digitRun
	var digits []byte
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || (i > 0 && isDigit(s[i-1])) {
			continue
		}
		r.reset()
		r.leftOK = leftBoundary(s, i)
		j := i
		for {
			k := j
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			r.start = append(r.start, j)
			r.end = append(r.end, k)
			if k+1 < len(s) && (s[k] == ' ' || s[k] == '-' || s[k] == '+') && isDigit(s[k+1]) {
				r.sep = append(r.sep, s[k])
				j = k + 1
				continue
			}
			j = k
			break
		}
		r.rightOK = rightBoundary(s, j)
		out = r.detect(s, out, &digits)
		i = j - 1
	}
	return out
}

// detect runs the digit-group detectors over one run.
func (r *digitRun) detect(s string, out []Finding, buf *[]byte) []Finding {
	n := len(r.end)
	digitsOf := func(g, h int) []byte {
		b := (*buf)[:0]
		for k := g; k <= h; k++ {
			b = append(b, s[r.start[k]:r.end[k]]...)
		}
		*buf = b
		return b
	}
	add := func(k Kind, g, h int) {
		out = append(out, Finding{Kind: k, Start: r.start[g], End: r.end[h]})
	}
	for g := 0; g < n; g++ {
		total := 0
		for h := g; h < n; h++ {
			total += r.glen(h)
			if total > 19 {
				break
			}
			if !r.window(g, h) {
				continue
			}
			// Payment card: 13-19 digits, spaces or dashes, Luhn. A card may
			// sit inside a longer run ("ref 12 4111 1111 1111 1111").
			if total >= 13 && r.seps(g, h, " -") {
				if d := digitsOf(g, h); d[0] != '0' && luhn(d) {
					add(PaymentCard, g, h)
				}
			}
			// Identity numbers must stand alone: a window inside a longer run
			// would match too often by chance.
			if g != 0 || h != n-1 {
				continue
			}
			groups := h - g + 1
			sameSep := groups == 3 && r.sep[0] == r.sep[1] && r.sep[0] != '+'
			switch {
			case groups == 3 && r.glen(0) == 3 && r.glen(1) == 2 && r.glen(2) == 4 && sameSep:
				if validSSN(digitsOf(g, h)) {
					add(USSocialSecurity, g, h)
				}
			case groups == 1 && total == 16:
				if validNIK(digitsOf(g, h)) {
					add(IDNIK, g, h)
				}
			case total == 12 && (groups == 1 || (sameSep && r.glen(0) == 4 && r.glen(1) == 4)):
				// My Number: 12 digits, plain or 4-4-4.
				if validMyNumber(digitsOf(g, h)) {
					add(JPMyNumber, g, h)
				}
			}
			// Personnummer: YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDD-NNNN, or plain.
			if (groups == 1 && (total == 10 || total == 12)) ||
				(groups == 2 && (r.glen(0) == 6 || r.glen(0) == 8) && r.glen(1) == 4 && r.sep[0] != ' ') {
				if validPersonnummer(digitsOf(g, h)) {
					add(SEPersonnummer, g, h)
				}
			}
		}
	}
	return out
}

// ---- letter-and-digit identifiers ----

// findIBANs finds IBANs of the countries in ibanLengths, written
// electronically or in groups separated by single spaces, in either case,
// whose mod-97 check holds.
func findIBANs(s string, out []Finding) []Finding {
	var buf []byte
	for i := 0; i+4 <= len(s); i++ {
		if !isLetter(s[i]) || !leftBoundary(s, i) {
			continue
		}
		if !isLetter(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
			continue
		}
		n, ok := ibanLengths[[2]byte{upper(s[i]), upper(s[i+1])}]
		if !ok {
			continue
		}
		var end int
		buf, end, ok = collect(s, i, int(n), isAlnum, buf)
		if !ok || !rightBoundary(s, end) || !validIBAN(buf) {
			continue
		}
		out = append(out, Finding{Kind: IBAN, Start: i, End: end})
		i = end - 1
	}
	return out
}

// findNINOs finds UK National Insurance numbers with their suffix letter:
// "AB123456C" or "AB 12 34 56 C".
func findNINOs(s string, out []Finding) []Finding {
	var buf []byte
	for i := 0; i+9 <= len(s); i++ {
		if !isLetter(s[i]) || !leftBoundary(s, i) || !isLetter(s[i+1]) {
			continue
		}
		var end int
		var ok bool
		buf, end, ok = collect(s, i, 9, isAlnum, buf)
		if !ok || !rightBoundary(s, end) || !validNINO(buf) {
			continue
		}
		out = append(out, Finding{Kind: UKNationalInsurance, Start: i, End: end})
		i = end - 1
	}
	return out
}

// findNIRs finds French NIRs: 15 characters (13 digits and a 2-digit key,
// Corsican départements 2A and 2B included), plain or in groups separated by
// single spaces ("1 85 05 78 006 084 36").
func findNIRs(s string, out []Finding) []Finding {
	var buf []byte
	for i := 0; i+15 <= len(s); i++ {
		if !isDigit(s[i]) || !leftBoundary(s, i) {
			continue
		}
		var end int
		var ok bool
		buf, end, ok = collect(s, i, 15, isNIRByte, buf)
		if !ok || !rightBoundary(s, end) || !validNIR(buf) {
			continue
		}
		out = append(out, Finding{Kind: FRNIR, Start: i, End: end})
		i = end - 1
	}
	return out
}

func isNIRByte(c byte) bool { return isDigit(c) || c == 'A' || c == 'B' || c == 'a' || c == 'b' }

// findCodiciFiscali finds 16-character Italian tax codes, omocodia
// included, whose check letter holds.
func findCodiciFiscali(s string, out []Finding) []Finding {
	for i := 0; i+16 <= len(s); i++ {
		if !isLetter(s[i]) || !leftBoundary(s, i) {
			continue
		}
		j := i
		for j < len(s) && isAlnum(s[j]) {
			j++
		}
		if j-i == 16 && rightBoundary(s, j) && validCodiceFiscale(s[i:j]) {
			out = append(out, Finding{Kind: ITCodiceFiscale, Start: i, End: j})
		}
		i = j - 1
	}
	return out
}
