package pii

import (
	"mime"
	"strings"
	"unicode/utf8"
)

// ScanContent returns the personal data in the content of a file (a case
// attachment) and whether the content was scanned, that is, read as text.
// Offsets are byte offsets into content.
//
// The declared contentType does not decide alone: a text file declared as
// application/octet-stream, or as nothing at all, still carries what was
// pasted into it. Content is read as text when:
//
//   - it starts with a byte order mark: UTF-8, UTF-16LE or UTF-16BE, and
//     decodes to text with few control characters;
//   - or it is valid UTF-8, or 8-bit text (Latin-1, Windows-1252, ...)
//     without NUL bytes, with few control characters;
//   - or contentType declares text (text/*, JSON, XML, CSV, YAML, ...): it
//     is then scanned even when the sniffing above would not call it text,
//     as UTF-16 if its charset parameter says so.
//
// "Few" control characters is at most one in 32 characters, tab, line
// breaks, form feed and escape (of terminal colours in logs) not counted.
// Anything else (images, archives, PDFs with compressed streams) is binary
// and not scanned: personal data inside it is out of reach of a text
// scanner.
func ScanContent(content []byte, contentType string) (findings []Finding, scanned bool) {
	enc, ok := textEncoding(content, contentType)
	if !ok {
		return nil, false
	}
	return scan(foldText(string(content), enc)), true
}

// CheckContent is [Guard.Check] for the content of a file: nil when the
// content is not text (see [ScanContent]) or holds no personal data that g
// refuses, and otherwise an [*Error] naming field (such as
// "NewCase.Attachments[0].Content") with the finding's byte offsets into
// content. A caller checks an attachment's name with [Guard.Check] and its
// content with CheckContent, whatever type the attachment declares.
func (g Guard) CheckContent(field string, content []byte, contentType string) error {
	fs, _ := ScanContent(content, contentType)
	for _, f := range fs {
		if !g.Allows(f.Kind) {
			return &Error{Field: field, Finding: f}
		}
	}
	return nil
}

// textEncoding decides whether content is text and how it is encoded.
func textEncoding(content []byte, contentType string) (encoding, bool) {
	declared, charset := declaredText(contentType)
	if len(content) >= 2 {
		var enc encoding
		switch {
		case content[0] == 0xFF && content[1] == 0xFE:
			enc = encUTF16LE
		case content[0] == 0xFE && content[1] == 0xFF:
			enc = encUTF16BE
		}
		if enc != encUTF8 && (declared || fewControls16(content, enc)) {
			return enc, true
		}
	}
	if declared {
		switch charset {
		case "utf-16le":
			return encUTF16LE, true
		case "utf-16be":
			return encUTF16BE, true
		case "utf-16":
			return guess16(content), true
		}
		return encUTF8, true
	}
	return encUTF8, fewControls8(content)
}

// textTypes are the types outside text/* whose content is text.
var textTypes = []string{
	"application/json", "application/xml", "application/csv", "application/x-yaml", "application/yaml",
	"application/javascript", "application/x-ndjson", "application/x-sh", "application/sql", "message/rfc822",
}

// declaredText reports whether contentType declares text, and its charset
// parameter, lower-cased.
func declaredText(contentType string) (bool, string) {
	if strings.TrimSpace(contentType) == "" {
		return false, ""
	}
	t, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		// A malformed parameter list: judge the type alone.
		t, _, _ = strings.Cut(strings.ToLower(contentType), ";")
		t = strings.TrimSpace(t)
	}
	charset := strings.ToLower(params["charset"])
	if strings.HasPrefix(t, "text/") || strings.HasSuffix(t, "+json") || strings.HasSuffix(t, "+xml") {
		return true, charset
	}
	for _, x := range textTypes {
		if t == x {
			return true, charset
		}
	}
	return false, charset
}

// isControl reports a control character that text does not hold: C0 and
// C1 controls and DEL, but not tab, line feed, vertical tab, form feed,
// carriage return and escape.
func isControl(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n' && r != '\v' && r != '\f' && r != '\r' && r != 0x1B
	case r == 0x7F:
		return true
	case r >= 0x80 && r <= 0x9F:
		return true
	}
	return false
}

// fewControls8 reports whether content is 8-bit text: valid UTF-8 with few
// control characters, or other 8-bit text (bytes from 0x80 up read as
// letters) without NUL and with few control bytes.
func fewControls8(content []byte) bool {
	if utf8.Valid(content) {
		n, controls := 0, 0
		for i := 0; i < len(content); {
			c := content[i]
			if c < utf8.RuneSelf {
				if isControl(rune(c)) {
					controls++
				}
				n++
				i++
				continue
			}
			r, size := utf8.DecodeRune(content[i:])
			if isControl(r) {
				controls++
			}
			n++
			i += size
		}
		return controls*32 <= n
	}
	controls := 0
	for _, c := range content {
		if c == 0 {
			return false
		}
		if c < 0x20 && isControl(rune(c)) || c == 0x7F {
			controls++
		}
	}
	return controls*32 <= len(content)
}

// fewControls16 reports whether UTF-16 content after its byte order mark is
// text: no unpaired surrogate, no NUL, few control characters.
func fewControls16(content []byte, enc encoding) bool {
	hi, lo := 1, 0 // the bytes of a unit holding its high and low halves
	if enc == encUTF16BE {
		hi, lo = 0, 1
	}
	n, controls := 0, 0
	for o := 2; o < len(content); o += 2 {
		if o+1 >= len(content) {
			return false // an odd byte at the end
		}
		u := rune(content[o+hi])<<8 | rune(content[o+lo])
		switch {
		case u == 0:
			return false
		case u >= 0xD800 && u < 0xDC00: // a high surrogate needs a low one
			if o+3 >= len(content) {
				return false
			}
			if v := rune(content[o+2+hi])<<8 | rune(content[o+2+lo]); v < 0xDC00 || v > 0xDFFF {
				return false
			}
			o += 2
		case u >= 0xDC00 && u <= 0xDFFF:
			return false
		case isControl(u):
			controls++
		}
		n++
	}
	return controls*32 <= n
}

// guess16 guesses the byte order of UTF-16 without a byte order mark from
// where the zero bytes fall: text that is mostly Latin has its zero byte
// second in little-endian (as Windows writes it), first in big-endian.
func guess16(content []byte) encoding {
	even, odd := 0, 0
	for i, c := range content[:min(len(content), 4096)] {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	if even > odd {
		return encUTF16BE
	}
	return encUTF16LE
}
