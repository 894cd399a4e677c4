package pii

// luhn reports whether the decimal digits in d pass the Luhn (mod 10) check.
func luhn(d []byte) bool {
	sum := 0
	for i := range d {
		v := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return len(d) > 0 && sum%10 == 0
}

// mod97 returns the remainder of the big decimal number whose digits are
// produced by the IBAN rule (letters become 10..35) for b, modulo 97.
func ibanMod97(b []byte) int {
	r := 0
	add := func(c byte) {
		switch {
		case isDigit(c):
			r = (r*10 + int(c-'0')) % 97
		default: // a letter, upper-cased: two digits
			v := int(upper(c)-'A') + 10
			r = (r*100 + v) % 97
		}
	}
	for _, c := range b[4:] {
		add(c)
	}
	for _, c := range b[:4] {
		add(c)
	}
	return r
}

// validIBAN checks an IBAN without separators whose length already matches
// its country: alphanumeric after the check digits, and mod 97 equal to 1
// (ISO 13616).
func validIBAN(b []byte) bool {
	if len(b) < 5 {
		return false
	}
	for _, c := range b[4:] {
		if !isAlnum(c) {
			return false
		}
	}
	return ibanMod97(b) == 1
}

// ibanLengths is the IBAN length per country code, from the SWIFT IBAN
// registry. Countries not listed are not recognised.
var ibanLengths = map[[2]byte]uint8{
	{'A', 'D'}: 24, {'A', 'E'}: 23, {'A', 'L'}: 28, {'A', 'T'}: 20, {'A', 'Z'}: 28,
	{'B', 'A'}: 20, {'B', 'E'}: 16, {'B', 'G'}: 22, {'B', 'H'}: 22, {'B', 'R'}: 29,
	{'B', 'Y'}: 28, {'C', 'H'}: 21, {'C', 'R'}: 22, {'C', 'Y'}: 28, {'C', 'Z'}: 24,
	{'D', 'E'}: 22, {'D', 'K'}: 18, {'D', 'O'}: 28, {'E', 'E'}: 20, {'E', 'G'}: 29,
	{'E', 'S'}: 24, {'F', 'I'}: 18, {'F', 'O'}: 18, {'F', 'R'}: 27, {'G', 'B'}: 22,
	{'G', 'E'}: 22, {'G', 'I'}: 23, {'G', 'L'}: 18, {'G', 'R'}: 27, {'G', 'T'}: 28,
	{'H', 'R'}: 21, {'H', 'U'}: 28, {'I', 'E'}: 22, {'I', 'L'}: 23, {'I', 'Q'}: 23,
	{'I', 'S'}: 26, {'I', 'T'}: 27, {'J', 'O'}: 30, {'K', 'W'}: 30, {'K', 'Z'}: 20,
	{'L', 'B'}: 28, {'L', 'C'}: 32, {'L', 'I'}: 21, {'L', 'T'}: 20, {'L', 'U'}: 20,
	{'L', 'V'}: 21, {'L', 'Y'}: 25, {'M', 'C'}: 27, {'M', 'D'}: 24, {'M', 'E'}: 22,
	{'M', 'K'}: 19, {'M', 'R'}: 27, {'M', 'T'}: 31, {'M', 'U'}: 30, {'N', 'L'}: 18,
	{'N', 'O'}: 15, {'P', 'K'}: 24, {'P', 'L'}: 28, {'P', 'S'}: 29, {'P', 'T'}: 25,
	{'Q', 'A'}: 29, {'R', 'O'}: 24, {'R', 'S'}: 22, {'S', 'A'}: 24, {'S', 'C'}: 31,
	{'S', 'E'}: 24, {'S', 'I'}: 19, {'S', 'K'}: 24, {'S', 'M'}: 27, {'S', 'T'}: 25,
	{'S', 'V'}: 28, {'T', 'L'}: 23, {'T', 'N'}: 24, {'T', 'R'}: 26, {'U', 'A'}: 29,
	{'V', 'A'}: 22, {'V', 'G'}: 24, {'X', 'K'}: 20,
}

// ibanTable is ibanLengths indexed by the two letters, for a lookup per
// word that costs no hashing.
var ibanTable = func() (t [26 * 26]uint8) {
	for cc, n := range ibanLengths {
		t[int(cc[0]-'A')*26+int(cc[1]-'A')] = n
	}
	return t
}()

// ibanLength returns the IBAN length of the country whose code is a, b
// (letters in either case), or 0 for a country without IBANs.
func ibanLength(a, b byte) uint8 {
	a, b = upper(a), upper(b)
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' {
		return 0
	}
	return ibanTable[int(a-'A')*26+int(b-'A')]
}

func num(d []byte) int {
	v := 0
	for _, c := range d {
		v = v*10 + int(c-'0')
	}
	return v
}

// validSSN checks the structure of a US SSN (9 digits): the area is not
// 000, 666 or 900-999, the group not 00, the serial not 0000. SSNs have no
// check digit.
func validSSN(d []byte) bool {
	area, group, serial := num(d[:3]), num(d[3:5]), num(d[5:9])
	return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

// nikProvinces are the province codes of Indonesia's NIK (two first digits).
var nikProvinces = map[int]bool{
	11: true, 12: true, 13: true, 14: true, 15: true, 16: true, 17: true, 18: true, 19: true,
	21: true, 31: true, 32: true, 33: true, 34: true, 35: true, 36: true,
	51: true, 52: true, 53: true, 61: true, 62: true, 63: true, 64: true, 65: true,
	71: true, 72: true, 73: true, 74: true, 75: true, 76: true, 81: true, 82: true,
	91: true, 92: true, 93: true, 94: true, 95: true, 96: true, 97: true,
}

// validNIK checks the structure of an Indonesian NIK (16 digits: province,
// regency, district, birth date DDMMYY with 40 added to the day for women,
// serial). The NIK has no check digit, so the structure is all there is.
func validNIK(d []byte) bool {
	if !nikProvinces[num(d[:2])] {
		return false
	}
	day, month := num(d[6:8]), num(d[8:10])
	if day > 40 {
		day -= 40
	}
	return num(d[2:4]) != 0 && day >= 1 && day <= 31 && month >= 1 && month <= 12 && num(d[12:16]) != 0
}

// validMyNumber checks the check digit of a Japanese My Number (12 digits):
// with P(n) the n-th of the first eleven digits counted from the right and
// Q(n) = n+1 for n <= 6 and n-5 otherwise, r = sum(P(n)Q(n)) mod 11; the
// check digit is 0 when r <= 1 and 11-r otherwise.
func validMyNumber(d []byte) bool {
	sum := 0
	for n := 1; n <= 11; n++ {
		p := int(d[11-n] - '0')
		q := n + 1
		if n >= 7 {
			q = n - 5
		}
		sum += p * q
	}
	r := sum % 11
	check := 0
	if r > 1 {
		check = 11 - r
	}
	return int(d[11]-'0') == check
}

// validPersonnummer checks a Swedish personnummer or samordningsnummer of
// 10 digits (YYMMDDNNNC) or 12 (YYYYMMDDNNNC, century 18, 19 or 20): a real
// month, a day of 01-31 (61-91 for a samordningsnummer), and the Luhn check
// over the last ten digits.
func validPersonnummer(d []byte) bool {
	if len(d) == 12 {
		if c := num(d[:2]); c < 18 || c > 20 {
			return false
		}
		d = d[2:]
	}
	if len(d) != 10 {
		return false
	}
	month, day := num(d[2:4]), num(d[4:6])
	if day > 60 {
		day -= 60
	}
	return month >= 1 && month <= 12 && day >= 1 && day <= 31 && luhn(d)
}

// validNINO checks a UK National Insurance number of 9 characters: two
// prefix letters (the first not D, F, I, Q, U or V; the second not D, F, I,
// O, Q, U or V; not BG, GB, KN, NK, NT, TN or ZZ), six digits, and a suffix
// A to D.
func validNINO(b []byte) bool {
	a, c := upper(b[0]), upper(b[1])
	if !isLetter(a) || !isLetter(c) {
		return false
	}
	if indexByte("DFIQUV", a) >= 0 || indexByte("DFIOQUV", c) >= 0 {
		return false
	}
	switch string([]byte{a, c}) {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return false
	}
	for _, x := range b[2:8] {
		if !isDigit(x) {
			return false
		}
	}
	s := upper(b[8])
	return s >= 'A' && s <= 'D'
}

// validNIR checks a French NIR of 15 characters: sex 1, 2, 3, 4, 7 or 8;
// month 01-12, 20 or 30-42 or 50-99 (the registry's special values);
// département 01-99, 2A or 2B; and key = 97 - (the first 13 digits mod 97),
// with 2A and 2B read as 19 and 18.
func validNIR(b []byte) bool {
	if indexByte("123478", b[0]) < 0 {
		return false
	}
	for i, c := range b {
		if !isDigit(c) && !(i == 6 && b[5] == '2') {
			return false
		}
	}
	month := num(b[3:5])
	if !(month >= 1 && month <= 12 || month == 20 || month >= 30 && month <= 42 || month >= 50) {
		return false
	}
	var digits [13]byte
	copy(digits[:], b[:13])
	switch upper(b[6]) {
	case 'A':
		digits[5], digits[6] = '1', '9'
	case 'B':
		digits[5], digits[6] = '1', '8'
	}
	if digits[5] == '0' && digits[6] == '0' {
		return false
	}
	n := 0
	for _, c := range digits {
		n = n*10 + int(c-'0')
	}
	return num(b[13:15]) == 97-n%97
}

// Codice fiscale tables: the value of each character in an odd (1st, 3rd,
// ...) and in an even position; digits and letters share the odd table's
// order (0 = A, 1 = B, ...).
var cfOdd = [36]int{
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0-9
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23, // A-Z
}

// cfOmocodia are the letters that replace digits 0-9 in a codice fiscale
// issued to a person whose code collided with another's.
const cfOmocodia = "LMNPQRSTUV"

// validCodiceFiscale checks a 16-character Italian codice fiscale: six
// letters, year, month letter, day (01-31, or 41-71 for women), municipal
// code (a letter and three digits), digits possibly replaced by their
// omocodia letters, and the check letter.
func validCodiceFiscale(s string) bool {
	var b [16]byte
	for i := range b {
		b[i] = upper(s[i])
	}
	for i := 0; i < 6; i++ {
		if !isLetter(b[i]) {
			return false
		}
	}
	if indexByte("ABCDEHLMPRST", b[8]) < 0 || !isLetter(b[11]) || !isLetter(b[15]) {
		return false
	}
	digit := func(c byte) (byte, bool) {
		if isDigit(c) {
			return c, true
		}
		if k := indexByte(cfOmocodia, c); k >= 0 {
			return byte('0' + k), true
		}
		return 0, false
	}
	var dd [2]byte
	for _, i := range [...]int{6, 7, 9, 10, 12, 13, 14} {
		v, ok := digit(b[i])
		if !ok {
			return false
		}
		if i == 9 {
			dd[0] = v
		} else if i == 10 {
			dd[1] = v
		}
	}
	day := num(dd[:])
	if day > 40 {
		day -= 40
	}
	if day < 1 || day > 31 {
		return false
	}
	sum := 0
	for i, c := range b[:15] {
		v := int(c - '0')
		if isLetter(c) {
			v = int(c - 'A')
		}
		if i%2 == 0 {
			if isLetter(c) {
				sum += cfOdd[10+v]
			} else {
				sum += cfOdd[v]
			}
		} else {
			sum += v
		}
	}
	return b[15] == byte('A'+sum%26)
}
