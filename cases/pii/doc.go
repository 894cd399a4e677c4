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
//     and no digit. The local part may be quoted ("ana perez"@example.com).
//     Image names such as "icon@2x.png" are not addresses.
//   - [Phone]: "+" and 8 to 15 digits (E.164); the "00" prefix; national
//     numbers with a trunk 0 written in groups ("06 12 34 56 78",
//     "020 7946 0958", "090-1234-5678", "0812-3456-7890"); the North American
//     3-3-4 shape ("(415) 555-2671"). Unbroken digit runs (case and order
//     numbers), dates, version numbers and IP addresses are not phones.
//   - [PaymentCard]: 13 to 19 digits, not starting with 0, passing the Luhn
//     check, plain or in groups (the first and middle of 4 to 6 digits)
//     separated by spaces or dashes, or all by dots or all by slashes
//     ("4111.1111.1111.1111"). Numbers grouped by thousands are not cards.
//   - [IBAN]: a country code of the SWIFT registry, the country's length,
//     plain or in groups separated by single spaces or dashes, in either
//     case, with ISO 13616's mod-97 check.
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
// structure is reported as one.
//
// # What people paste
//
// Text copied from web pages, chat tools and PDFs, or typed with a Japanese
// input method, is rarely plain ASCII. Before matching, the text is folded
// (for matching only: the caller's text is not changed, and offsets are
// always into it):
//
//   - decimal digits of any script (full-width "４", Arabic-Indic "٤",
//     Devanagari "४", mathematical "𝟒", ...) become ASCII digits;
//   - full-width forms become ASCII ("＠" is "@", "Ｄ" is "D", "－" is "-"),
//     as do the small "﹫", the hyphens and minus sign, and the prolonged
//     sound mark "ー" that a Japanese input method types for "-";
//   - Unicode spaces (no-break, thin, narrow no-break, ideographic, ...)
//     become spaces;
//   - format characters (zero-width space and joiners, word joiner, soft
//     hyphen, byte order mark, bidirectional marks) are ignored, so
//     "ana\u200b@example.com" is an address.
//
// # Attachments
//
// [ScanContent] and [Guard.CheckContent] scan a file's bytes when they look
// like text, whatever type the file declares: a log uploaded as
// application/octet-stream, or with no type, is still text. Text is UTF-8
// or 8-bit text with few control characters, or UTF-8 or UTF-16 with a byte
// order mark; a declared text type (text/*, JSON, XML, CSV, ...) is scanned
// in any case, as UTF-16 when its charset says so. Offsets are byte offsets
// into the content as given, UTF-16 included. Personal data inside binary
// attachments (images, archives, PDFs with compressed streams) is out of
// reach of a text scanner.
//
// # Cost
//
// Scanning is linear and bounded: at most 20 ms per MiB of text on any
// input, the budget BenchmarkScanAdversarial holds the guard to on inputs
// built to be slow ("1 1 1 …", a million-digit run, a megabyte of "@", of
// separators, of IBAN and NIR look-alikes, of cards, mixed scripts, invalid
// UTF-8). Run it with
//
//	go test ./cases/pii -run '^$' -bench 'Scan' -count 3
//
// # Using it
//
// A [Guard] checks one text and names the field in its error; the zero
// Guard refuses every kind, and [Allow] lets chosen kinds through:
//
//	g := pii.Allow(pii.Phone) // this caller must send a phone number
//	if err := g.Check("Case.Description", desc); err != nil { ... }
//
// For an attachment, check the name as text and the content as a file:
//
//	if err := g.Check("NewCase.Attachments[0].Name", a.Name); err != nil { ... }
//	if err := g.CheckContent("NewCase.Attachments[0].Content", a.Content, a.ContentType); err != nil { ... }
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
// inside the input, no error message echoes the text it refused, and a text
// written full-width or with zero-width spaces between its characters gives
// the findings of its ASCII form, at the matching offsets.
package pii
