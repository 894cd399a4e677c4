package pii

import (
	"fmt"
	"strings"
)

// Kind is a kind of personal data the guard recognises.
type Kind uint8

// The kinds, in the order [Kinds] returns them. The zero Kind is not a kind.
const (
	Email               Kind = iota + 1 // an email address: local@domain.tld
	Phone                               // a phone number, international or in a common national format
	PaymentCard                         // 13 to 19 digits passing the Luhn check
	IBAN                                // an international bank account number passing the mod-97 check
	USSocialSecurity                    // a US Social Security number, written AAA-GG-SSSS or AAA GG SSSS
	UKNationalInsurance                 // a UK National Insurance number, e.g. AB 12 34 56 C
	FRNIR                               // a French NIR (numéro de sécurité sociale) with its key
	ITCodiceFiscale                     // an Italian codice fiscale with its check letter
	SEPersonnummer                      // a Swedish personnummer or samordningsnummer with its check digit
	IDNIK                               // an Indonesian NIK (Nomor Induk Kependudukan)
	JPMyNumber                          // a Japanese My Number (個人番号) with its check digit
	numKinds
)

var kindInfo = [numKinds]struct{ name, words, article string }{
	Email:               {"email", "email address", "an"},
	Phone:               {"phone", "phone number", "a"},
	PaymentCard:         {"payment_card", "payment card number", "a"},
	IBAN:                {"iban", "IBAN", "an"},
	USSocialSecurity:    {"us_ssn", "US Social Security number", "a"},
	UKNationalInsurance: {"uk_nino", "UK National Insurance number", "a"},
	FRNIR:               {"fr_nir", "French social security number (NIR)", "a"},
	ITCodiceFiscale:     {"it_codice_fiscale", "Italian codice fiscale", "an"},
	SEPersonnummer:      {"se_personnummer", "Swedish personnummer", "a"},
	IDNIK:               {"id_nik", "Indonesian NIK", "an"},
	JPMyNumber:          {"jp_my_number", "Japanese My Number", "a"},
}

// Kinds returns every kind the guard recognises.
func Kinds() []Kind {
	out := make([]Kind, 0, numKinds-1)
	for k := Email; k < numKinds; k++ {
		out = append(out, k)
	}
	return out
}

func (k Kind) valid() bool { return k >= Email && k < numKinds }

// String names the kind in words ("payment card number"), as error
// messages do.
func (k Kind) String() string {
	if !k.valid() {
		return fmt.Sprintf("pii.Kind(%d)", uint8(k))
	}
	return kindInfo[k].words
}

// Name is the kind's stable identifier ("payment_card"), for configuration
// files and logs; [ParseKind] reads it back.
func (k Kind) Name() string {
	if !k.valid() {
		return ""
	}
	return kindInfo[k].name
}

// withArticle is the kind preceded by "a" or "an", for sentences.
func (k Kind) withArticle() string {
	if !k.valid() {
		return "a " + k.String()
	}
	return kindInfo[k].article + " " + kindInfo[k].words
}

// MarshalText renders the kind by its [Kind.Name].
func (k Kind) MarshalText() ([]byte, error) {
	if !k.valid() {
		return nil, fmt.Errorf("pii: cannot marshal invalid kind %d", uint8(k))
	}
	return []byte(k.Name()), nil
}

// UnmarshalText reads a kind written by [Kind.MarshalText].
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// ParseKind returns the kind whose [Kind.Name] is name (case-insensitive).
func ParseKind(name string) (Kind, error) {
	for k := Email; k < numKinds; k++ {
		if strings.EqualFold(name, kindInfo[k].name) {
			return k, nil
		}
	}
	names := make([]string, 0, numKinds-1)
	for k := Email; k < numKinds; k++ {
		names = append(names, kindInfo[k].name)
	}
	return 0, fmt.Errorf("pii: unknown kind %q; known kinds: %s", name, strings.Join(names, ", "))
}
