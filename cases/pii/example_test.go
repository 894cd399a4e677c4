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
