package pii_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/resellerkit/resellerkit/cases/pii"
)

// utf16Bytes encodes s as UTF-16 with or without a byte order mark.
func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var out []byte
	put := func(u uint16) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	if bom {
		put(0xFEFF)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		put(u)
	}
	return out
}

// TestScanContent checks rule C3 for attachments: text content is scanned
// whatever type it declares, binary content is not, and offsets are byte
// offsets into the content as given.
func TestScanContent(t *testing.T) {
	t.Parallel()
	const card = "4111 1111 1111 1111"
	const text = "2026-01-05 INFO payment with " + card + " failed\n"
	at := strings.Index(text, card)
	cardAt := func(start, end int) []pii.Finding {
		return []pii.Finding{{Kind: pii.PaymentCard, Start: start, End: end}}
	}
	latin1 := []byte("T\xe9l\xe9phone du client : 06 12 34 56 78, merci.\n")
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), []byte(card)...)
	tests := []struct {
		name        string
		content     []byte
		contentType string
		want        []pii.Finding
		scanned     bool
	}{
		{"C3 text declared as octet-stream", []byte(text), "application/octet-stream", cardAt(at, at+len(card)), true},
		{"C3 text declared as nothing", []byte(text), "", cardAt(at, at+len(card)), true},
		{"C3 text declared as an image", []byte(text), "image/png", cardAt(at, at+len(card)), true},
		{"C3 text declared as text", []byte(text), "text/plain; charset=utf-8", cardAt(at, at+len(card)), true},
		{"C3 UTF-8 with byte order mark", []byte("\ufeff" + text), "application/octet-stream", cardAt(at+3, at+3+len(card)), true},
		{"C3 UTF-16LE with byte order mark", utf16Bytes(text, false, true), "application/octet-stream", cardAt(2+2*at, 2+2*(at+len(card))), true},
		{"C3 UTF-16BE with byte order mark", utf16Bytes(text, true, true), "application/octet-stream", cardAt(2+2*at, 2+2*(at+len(card))), true},
		{"C3 UTF-16LE declared by charset", utf16Bytes(text, false, false), "text/plain; charset=utf-16le", cardAt(2*at, 2*(at+len(card))), true},
		{"C3 UTF-16 declared by charset, big-endian guessed", utf16Bytes(text, true, false), "text/csv; charset=UTF-16", cardAt(2*at, 2*(at+len(card))), true},
		{"C3 Latin-1 text as octet-stream", latin1, "application/octet-stream", []pii.Finding{{Kind: pii.Phone, Start: 22, End: 36}}, true},
		{"C3 JSON", []byte(`{"card":"` + card + `"}`), "application/vnd.api+json", cardAt(9, 9+len(card)), true},
		{"C3 full-width text as octet-stream", []byte("カード番号：４１１１　１１１１　１１１１　１１１１"), "application/octet-stream", cardAt(18, 75), true},
		{"binary PNG not scanned", png, "image/png", nil, false},
		{"binary with NUL not scanned", append([]byte(card), 0, 0, 0, 1, 2, 3), "application/octet-stream", nil, false},
		{"many control characters not scanned", []byte(card + strings.Repeat("\x01\x02", 10)), "application/octet-stream", nil, false},
		{"UTF-16 with unpaired surrogate not scanned", append(utf16Bytes(card, false, true), 0x00, 0xD8, 'a', 0), "", nil, false},
		{"clean log", []byte("2026-01-05 INFO build 10.0.19041.1 ok\n"), "application/octet-stream", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, scanned := pii.ScanContent(tt.content, tt.contentType)
			if scanned != tt.scanned || !slices.Equal(got, tt.want) {
				t.Errorf("ScanContent() = %+v, %v; want %+v, %v", got, scanned, tt.want, tt.scanned)
			}
		})
	}
}

// TestGuardCheckContent checks rule C3's error for attachment content: the
// field and the kind, never the value, and an allowed kind passes.
func TestGuardCheckContent(t *testing.T) {
	t.Parallel()
	content := utf16Bytes("Kontakt: ana＠example.com", false, true)
	err := pii.Guard{}.CheckContent("NewCase.Attachments[0].Content", content, "application/octet-stream")
	var pe *pii.Error
	if !errors.As(err, &pe) || pe.Field != "NewCase.Attachments[0].Content" || pe.Kind != pii.Email {
		t.Fatalf("CheckContent() = %v, want a pii.Error for the content/email", err)
	}
	if !errors.Is(err, pii.ErrFound) || strings.Contains(err.Error(), "example") {
		t.Errorf("CheckContent() = %v, want ErrFound without the value", err)
	}
	want := pii.Finding{Kind: pii.Email, Start: 2 + 2*len("Kontakt: "), End: len(content)}
	if pe.Finding != want {
		t.Errorf("CheckContent() finding = %+v, want %+v", pe.Finding, want)
	}
	if err := pii.Allow(pii.Email).CheckContent("f", content, ""); err != nil {
		t.Errorf("Allow(Email).CheckContent() = %v, want nil", err)
	}
	if err := (pii.Guard{}).CheckContent("f", []byte("\x00\x01\x02ana@example.com"), "text/plain"); err == nil {
		t.Errorf("CheckContent() of declared text with NUL = nil, want the email refused")
	}
}
