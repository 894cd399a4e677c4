// Package pii finds personal data in the text of support cases, so the
// cases package can refuse it (rule C3 of the access model: no personally
// identifiable information in a case or its attachments). Rule C3 is in
// docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md#c3).
//
// # What it recognises
//
// [Scan] reports each finding's [Kind] and byte offsets, never the value:
//
//   - [Email]: local@domain.tld; the last label has two or more characters
//     and no digit. Image names such as "icon@2x.png" are not addresses.
//   - [Phone]: "+" and 8 to 15 digits (E.164); the "00" prefix; national
//     numbers with a trunk 0 written in groups ("06 12 34 56 78",
//     "020 7946 0958", "090-1234-5678", "0812-3456-7890"); the North American
//     3-3-4 shape ("(415) 555-2671"). Unbroken digit runs (case and order
//     numbers), dates, version numbers and IP addresses are not phones.
//   - [PaymentCard]: 13 to 19 digits, plain or grouped with spaces or dashes,
//     not starting with 0, passing the Luhn check.
//   - [IBAN]: a country code of the SWIFT registry, the country's length,
//     plain or in space-separated groups, in either case, with ISO 13616's
//     mod-97 check.
//   - National identity numbers, with their check digit where one exists:
//     [USSocialSecurity] (AAA-GG-SSSS, structure only: SSNs have no check
//     digit; a plain 9-digit run is not taken for one), [UKNationalInsurance]
//     (prefix rules and suffix A-D), [FRNIR] (the key, Corsica included),
//     [ITCodiceFiscale] (the check letter, omocodia included),
//     [SEPersonnummer] (date and Luhn; samordningsnummer included),
//     [IDNIK] (structure only: province, birth date, serial), and
//     [JPMyNumber] (the check digit).
//
// Detection is heuristic: it aims to catch what people paste into a case by
// mistake without flagging the numbers a case legitimately holds (case,
// order and version numbers, dates). Checksums make the card, IBAN and most
// identity-number findings reliable; SSN and NIK, which have none, are
// recognised by their structure, so a 16-digit number with a valid NIK
// structure is reported as one. Personal data inside binary attachments
// (images, PDFs) is out of reach of a text scanner.
//
// # Using it
//
// A [Guard] checks one text and names the field in its error; the zero
// Guard refuses every kind, and [Allow] lets chosen kinds through:
//
//	g := pii.Allow(pii.Phone) // this caller must send a phone number
//	if err := g.Check("Case.Description", desc); err != nil { ... }
//
// # Errors
//
// [Guard.Check] returns an [*Error] naming the field and carrying the
// [Finding] (kind and byte offsets), never the value. It matches [ErrFound]
// under errors.Is. The cases package wraps it in a resellerkit.Error of kind
// invalid argument, together with a resellerkit.FieldError built from
// [Error.Field] and [Error.Reason], like any other invalid field.
//
// # Dependencies
//
// The package imports the standard library only (golang.org/x/text at
// most), never the root resellerkit package or a Google client, so a
// program can scan text for personal data without pulling in the SDK.
// TestDependencies enforces this.
//
// # Testing
//
// The scanner is fuzzed (FuzzScan): it never panics, every finding lies
// inside the input, and no error message echoes the text it refused.
package pii
