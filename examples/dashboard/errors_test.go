package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/resellerkit/resellerkit"
)

// Each class of SDK error, and each status of an error without one, has
// its own title and message; a page error's message is its catalogue key,
// and its English text, with the cause, is what the log gets.
func TestErrorText(t *testing.T) {
	t.Parallel()
	en := langs[0]
	sdk := func(k resellerkit.Kind) error {
		return &resellerkit.Error{Kind: k, Op: "cases.ListPage", Err: errors.New("cloudsupport.cases.search: HTTP 400")}
	}
	tests := []struct {
		name          string
		status        int
		err           error
		title, reason string
	}{
		{"invalid argument", http.StatusBadRequest, sdk(resellerkit.KindInvalidArgument), "err.title.input", "err.invalid"},
		{"not found", http.StatusNotFound, sdk(resellerkit.KindNotFound), "err.title.notfound", "err.notfound"},
		{"permission denied", http.StatusBadGateway, sdk(resellerkit.KindPermissionDenied), "err.title.unavailable", "err.denied"},
		{"unavailable", http.StatusBadGateway, sdk(resellerkit.KindUnavailable), "err.title.unavailable", "err.unavailable"},
		{"timeout", http.StatusServiceUnavailable, fmt.Errorf("x: %w", context.DeadlineExceeded), "err.title.unavailable", "err.canceled"},
		{"unsupported", http.StatusNotImplemented, sdk(resellerkit.KindUnsupported), "err.title.unsupported", "err.unsupported"},
		{"plain error, 404", http.StatusNotFound, errors.New("x"), "err.title.notfound", "err.notfound"},
		{"plain error, 501", http.StatusNotImplemented, errors.New("not yet"), "err.title.unsupported", "err.unsupported"},
		{"plain error, 500", http.StatusInternalServerError, errors.New("x"), "err.title.internal", "err.internal"},
		{"page error", http.StatusNotFound, pageErr("err.person", "x@y.example"), "err.title.notfound", "err.person"},
		{"page error wrapping an SDK error", http.StatusBadRequest, badParam("profile", "helpdesk", sdk(resellerkit.KindInvalidArgument)), "err.title.input", "err.param"},
	}
	for _, tt := range tests {
		got := errorText(en, tt.status, tt.err)
		want := errorPage{Title: en.T(tt.title), Message: en.T(tt.reason)}
		var pe *pageError
		if errors.As(tt.err, &pe) {
			want.Message = en.T(pe.key, pe.args...)
		}
		if got != want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, want)
		}
	}

	err := badParam("severity", "S9", errors.New("cases: severity \"S9\" is not a severity"))
	if got := err.Error(); !strings.Contains(got, "\u201cS9\u201d of \u201cseverity\u201d") || !strings.HasSuffix(got, `is not a severity`) {
		t.Errorf("the log text of a page error is %q, want its English message and its cause", got)
	}
	if !errors.Is(badParam("p", "v", context.Canceled), context.Canceled) {
		t.Error("a page error does not unwrap to its cause")
	}
	long := errorText(langs[1], http.StatusBadRequest, badParam("q", "a"+strings.Repeat("é", 500), nil)).Message
	if strings.Count(long, "é") > maxShownValue/2 || !utf8.ValidString(long) || strings.Contains(long, "?") {
		t.Errorf("a long refused value is repeated whole or cut inside a character: %d runes", len([]rune(long)))
	}
}
