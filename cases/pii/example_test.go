package pii_test

import (
	"fmt"

	"github.com/resellerkit/resellerkit/cases/pii"
)

func ExampleGuard_Check() {
	desc := "Users cannot sign in. Call me on +33 6 12 34 56 78 if needed."

	err := pii.Guard{}.Check("Case.Description", desc)
	fmt.Println(err)

	// A caller that must send a phone number says so explicitly.
	err = pii.Allow(pii.Phone).Check("Case.Description", desc)
	fmt.Println(err)
	// Output:
	// Case.Description contains what looks like a phone number (bytes 33 to 50); support cases must not carry personal data, so remove it, or allow the kind explicitly if it must be sent
	// <nil>
}

func ExampleScan() {
	for _, f := range pii.Scan("IBAN DE89 3704 0044 0532 0130 00, order 1234 5678 9012 3456") {
		fmt.Println(f.Kind, f.Start, f.End)
	}
	// Output:
	// IBAN 5 32
}

// Text pasted from a Japanese input method: full-width digits, dashes typed
// as "ー", and a full-width "＠". Offsets are into the text as given.
func ExampleScan_pasted() {
	text := "電話：０９０ー１２３４ー５６７８、メール：ana＠example.com"
	for _, f := range pii.Scan(text) {
		fmt.Println(f.Kind, text[f.Start:f.End])
	}
	// Output:
	// phone number ０９０ー１２３４ー５６７８
	// email address ana＠example.com
}

func ExampleGuard_CheckContent() {
	// A log uploaded without a text type is scanned all the same.
	log := []byte("2026-01-05 INFO refund to DE89-3704-0044-0532-0130-00 failed\n")
	err := pii.Guard{}.CheckContent("NewCase.Attachments[0].Content", log, "application/octet-stream")
	fmt.Println(err)
	// Output:
	// NewCase.Attachments[0].Content contains what looks like an IBAN (bytes 26 to 53); support cases must not carry personal data, so remove it, or allow the kind explicitly if it must be sent
}
