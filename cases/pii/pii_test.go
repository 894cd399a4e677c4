package pii_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/cases/pii"
)

// kindsIn returns the kinds found in text and the exact spans found.
func kindsIn(text string) []pii.Kind {
	var out []pii.Kind
	for _, f := range pii.Scan(text) {
		out = append(out, f.Kind)
	}
	return out
}

// TestScanFindsEachKind checks rule C3: each kind of personal data is found,
// with the span of exactly the value.
func TestScanFindsEachKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		value string
		kind  pii.Kind
	}{
		{"C3 email", "ana.perez+support@reseller-eu.example", pii.Email},
		{"C3 email uppercase", "ANA@EXAMPLE.COM", pii.Email},
		{"C3 email idn", "josé@exämple.it", pii.Email},
		{"C3 phone international FR", "+33 6 12 34 56 78", pii.Phone},
		{"C3 phone international UK with (0)", "+44 (0)20 7946 0958", pii.Phone},
		{"C3 phone international US", "+1 415-555-2671", pii.Phone},
		{"C3 phone international compact", "+4930123456", pii.Phone},
		{"C3 phone 00 prefix", "0049 30 1234567", pii.Phone},
		{"C3 phone FR national", "06 12 34 56 78", pii.Phone},
		{"C3 phone FR dotted", "06.12.34.56.78", pii.Phone},
		{"C3 phone UK national", "020 7946 0958", pii.Phone},
		{"C3 phone SE national", "070-123 45 67", pii.Phone},
		{"C3 phone JP national", "090-1234-5678", pii.Phone},
		{"C3 phone ID national", "0812-3456-7890", pii.Phone},
		{"C3 phone IT landline", "06 1234 5678", pii.Phone},
		{"C3 phone US parens", "(415) 555-2671", pii.Phone},
		{"C3 phone US dotted", "415.555.2671", pii.Phone},
		{"C3 phone US with 1", "1-415-555-2671", pii.Phone},
		{"C3 card visa plain", "4111111111111111", pii.PaymentCard},
		{"C3 card visa spaced", "4111 1111 1111 1111", pii.PaymentCard},
		{"C3 card mastercard dashed", "5555-5555-5555-4444", pii.PaymentCard},
		{"C3 card amex 15 digits", "3782 822463 10005", pii.PaymentCard},
		{"C3 iban DE electronic", "DE89370400440532013000", pii.IBAN},
		{"C3 iban DE print", "DE89 3704 0044 0532 0130 00", pii.IBAN},
		{"C3 iban GB lowercase", "gb82west12345698765432", pii.IBAN},
		{"C3 iban FR with letter", "FR14 2004 1010 0505 0001 3M02 606", pii.IBAN},
		{"C3 us ssn dashes", "123-45-6789", pii.USSocialSecurity},
		{"C3 us ssn spaces", "123 45 6789", pii.USSocialSecurity},
		{"C3 uk nino compact", "AB123456C", pii.UKNationalInsurance},
		{"C3 uk nino spaced", "AB 12 34 56 C", pii.UKNationalInsurance},
		{"C3 fr nir spaced", "1 85 05 78 006 084 91", pii.FRNIR},
		{"C3 fr nir compact", "185057800608491", pii.FRNIR},
		{"C3 fr nir corsica", "2 90 03 2A 004 012 " + nirKey("2900319004012"), pii.FRNIR},
		{"C3 it codice fiscale", "RSSMRA85T10A562S", pii.ITCodiceFiscale},
		{"C3 it codice fiscale female", "BNCGNN80A41H501X", pii.ITCodiceFiscale},
		{"C3 se personnummer", "811218-9876", pii.SEPersonnummer},
		{"C3 se personnummer 12 digits", "19811218-9876", pii.SEPersonnummer},
		{"C3 se personnummer over 100", "811218+9876", pii.SEPersonnummer},
		{"C3 id nik", "3171234501900001", pii.IDNIK},
		{"C3 jp my number plain", "123456789018", pii.JPMyNumber},
		{"C3 jp my number grouped", "1234 5678 9018", pii.JPMyNumber},

		// What people paste: Unicode spaces inside numbers.
		{"C3 pasted phone no-break spaces", "+33\u00a06\u00a012\u00a034\u00a056\u00a078", pii.Phone},
		{"C3 pasted phone narrow no-break spaces", "06\u202f12\u202f34\u202f56\u202f78", pii.Phone},
		{"C3 pasted card thin spaces", "4111\u20091111\u20091111\u20091111", pii.PaymentCard},
		{"C3 pasted card ideographic spaces", "4111\u30001111\u30001111\u30001111", pii.PaymentCard},
		{"C3 pasted iban no-break spaces", "DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000", pii.IBAN},
		{"C3 pasted ssn figure spaces", "123\u200745\u20076789", pii.USSocialSecurity},
		{"C3 pasted nino no-break spaces", "AB\u00a012\u00a034\u00a056\u00a0C", pii.UKNationalInsurance},

		// Full-width and other non-ASCII digits, full-width @ (Japanese input).
		{"C3 pasted phone JP full-width", "０９０－１２３４－５６７８", pii.Phone},
		{"C3 pasted phone JP prolonged sound marks", "０９０ー１２３４ー５６７８", pii.Phone},
		{"C3 pasted phone full-width plus", "＋３３　６　１２　３４　５６　７８", pii.Phone},
		{"C3 pasted phone full-width parens", "（４１５）　５５５－２６７１", pii.Phone},
		{"C3 pasted card full-width", "４１１１　１１１１　１１１１　１１１１", pii.PaymentCard},
		{"C3 pasted card arabic-indic", "٤١١١ ١١١١ ١١١١ ١١١١", pii.PaymentCard},
		{"C3 pasted card devanagari", "४१११११११११११११११", pii.PaymentCard},
		{"C3 pasted card mathematical digits", "𝟒𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏", pii.PaymentCard},
		{"C3 pasted my number full-width", "１２３４５６７８９０１８", pii.JPMyNumber},
		{"C3 pasted personnummer full-width", "８１１２１８－９８７６", pii.SEPersonnummer},
		{"C3 pasted iban full-width", "ＤＥ８９　３７０４　００４４　０５３２　０１３０　００", pii.IBAN},
		{"C3 pasted email full-width at", "ana＠example.com", pii.Email},
		{"C3 pasted email all full-width", "ａｎａ．ｐｅｒｅｚ＠ｅｘａｍｐｌｅ．ｃｏｍ", pii.Email},
		{"C3 pasted email small at", "ana﹫example.com", pii.Email},
		{"C3 pasted codice fiscale full-width", "ＲＳＳＭＲＡ８５Ｔ１０Ａ５６２Ｓ", pii.ITCodiceFiscale},

		// Zero-width and other format characters inside an address or number.
		{"C3 pasted email zero-width spaces", "ana\u200b@exam\u200bple.com", pii.Email},
		{"C3 pasted email soft hyphen", "ana.pe\u00adrez@example.com", pii.Email},
		{"C3 pasted email word joiner before at", "ana\u2060@\u2060example.com", pii.Email},
		{"C3 pasted card zero-width joiners", "4111\u200b1111\u200c1111\u200d1111", pii.PaymentCard},
		{"C3 pasted card bidi marks", "4111\u200e 1111\u200e 1111\u200e 1111", pii.PaymentCard},
		{"C3 pasted phone word joiner", "+33\u2060 6 12 34 56 78", pii.Phone},
		{"C3 pasted iban byte order mark", "DE89\ufeff3704 0044 0532 0130 00", pii.IBAN},
		{"C3 pasted nino zero-width space", "AB\u200b123456C", pii.UKNationalInsurance},
		{"C3 pasted codice fiscale soft hyphen", "RSSMRA85\u00adT10A562S", pii.ITCodiceFiscale},
		{"C3 pasted nir zero-width spaces", "1 85 05 78\u200b 006 084 91", pii.FRNIR},

		// Card numbers separated by dots or slashes; IBANs with dashes.
		{"C3 card dots", "4111.1111.1111.1111", pii.PaymentCard},
		{"C3 card slashes", "4111/1111/1111/1111", pii.PaymentCard},
		{"C3 card amex dots", "3782.822463.10005", pii.PaymentCard},
		{"C3 card 13 digits 4-4-4-1", "4222 2222 2222 2", pii.PaymentCard},
		{"C3 iban dashes", "DE89-3704-0044-0532-0130-00", pii.IBAN},
		{"C3 iban dashes lowercase", "gb82-west-1234-5698-7654-32", pii.IBAN},

		// Quoted local parts.
		{"C3 email quoted local part with space", `"ana perez"@example.com`, pii.Email},
		{"C3 email quoted dotted local part", `"ana..perez"@example.com`, pii.Email},
		{"C3 email quoted local part with escapes", `"ana\"p\\erez"@example.com`, pii.Email},
		{"C3 email quoted local part with at", `"ana@home"@example.com`, pii.Email},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, frame := range []string{"%s", "Hello, please see %s.", "(%s)", "値は%sです", "tel:%s\nthanks"} {
				text := strings.Replace(frame, "%s", tt.value, 1)
				start := strings.Index(text, tt.value)
				want := pii.Finding{Kind: tt.kind, Start: start, End: start + len(tt.value)}
				found := false
				for _, f := range pii.Scan(text) {
					if f == want {
						found = true
					}
				}
				if !found {
					t.Errorf("Scan(%q) = %+v, want it to contain %+v", text, pii.Scan(text), want)
				}
			}
		})
	}
}

// nirKey returns the key of a 13-digit NIR body (Corsica already replaced
// by 19 or 18), computed here independently of the package.
func nirKey(body string) string {
	n := 0
	for _, c := range body {
		n = (n*10 + int(c-'0')) % 97
	}
	k := 97 - n
	return string([]byte{byte('0' + k/10), byte('0' + k%10)})
}

// TestScanIgnoresLookAlikes checks rule C3's other side: text that looks like
// personal data but is not raises nothing.
func TestScanIgnoresLookAlikes(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, text string }{
		{"order number failing Luhn", "Order 1234 5678 9012 3456 was charged twice."},
		{"order number plain failing Luhn", "order #4111111111111112"},
		{"iban with a bad check", "Pay to DE88370400440532013000 please."},
		{"iban of unknown country", "Ref XX89370400440532013000"},
		{"case number", "Case 12345678 and case #0123456789 are related."},
		{"date iso", "Since 2024-01-05 the sync fails."},
		{"date european", "Since 05/01/2024 or 05.01.2024 it fails."},
		{"date with time", "on 05 01 2024 10 30 it failed"},
		{"version numbers", "Upgraded from v1.2.3 to 10.0.19041.1 and api 0.311.0."},
		{"ip address", "The relay 192.168.100.200 refuses mail."},
		{"time range", "Between 09.30-10.30 every day."},
		{"retina image", "See icon@2x.png and logo@1.5x.jpg."},
		{"at mention", "Ask @support or user@localhost."},
		{"package version", "uses lib@1.2.3"},
		{"ssn invalid area", "Code 000-12-3456, 666-12-3456 and 912-34-5678."},
		{"ssn plain digits", "Ticket 123456789"},
		{"nino bad prefix", "QQ123456C and GB123456A and AB123456E"},
		{"nir bad key", "1 85 05 78 006 084 36"},
		{"codice fiscale bad check", "RSSMRA85T10A562A"},
		{"personnummer bad check", "811218-9875"},
		{"nik bad province", "9971234501900001"},
		{"nik bad month", "3171234513900001"},
		{"my number bad check", "123456789012"},
		{"phone too short", "+33 6 12"},
		{"national without trunk prefix", "61 23 45 67 89"},
		{"long digit run", "12345678901234567890123"},
		{"hex hash", "commit 4111111111111111abc"},
		{"kb article", "KB5034441 and error 0x80070643"},
		{"money", "We paid 1,234,567.89 EUR."},

		// The same look-alikes as people paste them.
		{"date full-width", "２０２４年１月５日、２０２４－０１－０５、０５／０１／２０２４に失敗"},
		{"date arabic-indic", "منذ ٢٠٢٤/٠١/٠٥"},
		{"date slashes and dots", "Since 2024/01/05 and 2024.01.05 12.30.45"},
		{"case number full-width", "ケース番号１２３４５６７８と＃０１２３４５６７８９"},
		{"case number no-break space", "Case\u00a012345678 and order\u00a04111111111111112"},
		{"version full-width", "ｖ１．２．３から１０．０．１９０４１．１へ"},
		{"version numbers dotted", "Build 10.0.19041.1706, 1.2.3.4.5.6.7.8.9.10.11.12.13, 2024.01.05.1234"},
		{"oid", "OID 1.3.6.1.4.1.311.21.8.1234567.7654321"},
		{"path of numbers", "See /2024/01/05/1234/5678/ for the export."},
		{"thousands by dots", "Sum 1.234.567.890.123 and 123.456.789.012.345"},
		{"thousands by narrow spaces", "Sum 1\u202f234\u202f567\u202f890\u202f123\u202f456"},
		{"card dots failing Luhn", "4111.1111.1111.1112 and 4111/1111/1111/1112"},
		{"card mixed dots and slashes", "4111.1111/1111.1111"},
		{"iban dashes bad check", "DE88-3704-0044-0532-0130-00"},
		{"katakana dashes", "サーバー２０２４ーデータ"},
		{"zero-width between words", "see\u200bthe\u200bcase 12345678"},
		{"quoted word before at", `she said "thanks"@ the desk; ""@example.com`},
		{"retina image full-width", "icon＠2x.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := pii.Scan(tt.text); len(got) != 0 {
				t.Errorf("Scan(%q) = %+v, want no findings", tt.text, got)
			}
		})
	}
}

func TestScanSeveralFindingsInOrder(t *testing.T) {
	t.Parallel()
	text := "Call +33 6 12 34 56 78 or write to ana@example.com; card 4111 1111 1111 1111."
	want := []pii.Kind{pii.Phone, pii.Email, pii.PaymentCard}
	if got := kindsIn(text); !slices.Equal(got, want) {
		t.Errorf("Scan kinds = %v, want %v", got, want)
	}
}

// TestGuardCheck checks rule C3's error: it names the field and the kind,
// never the value, and a kind may be allowed explicitly.
func TestGuardCheck(t *testing.T) {
	t.Parallel()
	const card = "4111 1111 1111 1111"
	text := "my card is " + card
	tests := []struct {
		name     string
		guard    pii.Guard
		text     string
		wantKind pii.Kind // 0: no error
	}{
		{"C3 refuses by default", pii.Guard{}, text, pii.PaymentCard},
		{"C3 allowing another kind still refuses", pii.Allow(pii.Phone, pii.Email), text, pii.PaymentCard},
		{"C3 allowing the kind lets it through", pii.Allow(pii.PaymentCard), text, 0},
		{"C3 clean text", pii.Guard{}, "The admin console shows error 502 since Monday.", 0},
		{"C3 allowing one kind of two", pii.Allow(pii.Email), "ana@example.com, +33 6 12 34 56 78", pii.Phone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.guard.Check("Case.Description", tt.text)
			if tt.wantKind == 0 {
				if err != nil {
					t.Fatalf("Check() = %v, want nil", err)
				}
				return
			}
			var pe *pii.Error
			if !errors.As(err, &pe) {
				t.Fatalf("Check() = %v, want a *pii.Error", err)
			}
			if pe.Field != "Case.Description" || pe.Kind != tt.wantKind {
				t.Errorf("Check() error names %q/%v, want Case.Description/%v", pe.Field, pe.Kind, tt.wantKind)
			}
			if !errors.Is(err, pii.ErrFound) {
				t.Errorf("errors.Is(err, pii.ErrFound) = false")
			}
			f := tt.guard.Findings(tt.text)[0]
			if pe.Finding != f {
				t.Errorf("Check() error carries %+v, want the first refused finding %+v", pe.Finding, f)
			}
			if !strings.Contains(err.Error(), pe.Reason()) || strings.Contains(pe.Reason(), pe.Field) {
				t.Errorf("Reason() = %q, want the message %q without the field", pe.Reason(), err)
			}
			for _, msg := range []string{err.Error(), pe.Reason()} {
				if strings.Contains(msg, "4111") || strings.Contains(msg, "example.com") || strings.Contains(msg, "56 78") {
					t.Errorf("error %q echoes the value", msg)
				}
				if !strings.Contains(msg, tt.wantKind.String()) {
					t.Errorf("error %q does not name the kind %q", msg, tt.wantKind)
				}
			}
		})
	}
}

func TestGuardFindings(t *testing.T) {
	t.Parallel()
	got := pii.Allow(pii.Email).Findings("ana@example.com 4111111111111111")
	want := []pii.Finding{{Kind: pii.PaymentCard, Start: 16, End: 32}}
	if !slices.Equal(got, want) {
		t.Errorf("Findings() = %+v, want %+v", got, want)
	}
}

func TestKindNames(t *testing.T) {
	t.Parallel()
	for _, k := range pii.Kinds() {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText(%v): %v", k, err)
		}
		var back pii.Kind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("UnmarshalText(%s) = %v, %v; want %v", b, back, err, k)
		}
		if k.String() == "" || strings.HasPrefix(k.String(), "pii.Kind(") {
			t.Errorf("Kind %d has no name", k)
		}
	}
	if _, err := pii.ParseKind("passport"); err == nil {
		t.Errorf("ParseKind(passport) = nil error, want one")
	}
	if got := len(pii.Kinds()); got != 11 {
		t.Errorf("len(Kinds()) = %d, want 11", got)
	}
}
