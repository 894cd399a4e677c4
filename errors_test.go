package resellerkit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
)

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"full", &resellerkit.Error{Kind: resellerkit.KindRateLimited, Op: "roles.List", Status: 403, Reason: "quotaExceeded", Err: errors.New("slow down")},
			"roles.List: rate limited (HTTP 403 quotaExceeded): slow down"},
		{"no status", &resellerkit.Error{Kind: resellerkit.KindFailedPrecondition, Op: "cases.Update", Err: fmt.Errorf("closed %d days ago", 31)},
			"cases.Update: failed precondition: closed 31 days ago"},
		{"no op, no cause", &resellerkit.Error{Kind: resellerkit.KindNotFound, Status: 404}, "not found (HTTP 404)"},
		{"field", &resellerkit.Error{Kind: resellerkit.KindInvalidArgument, Op: "cases.Create",
			Err: &resellerkit.FieldError{Field: "Case.Title", Reason: "is empty; give a title"}},
			"cases.Create: invalid argument: Case.Title: is empty; give a title"},
		{"unknown kind", &resellerkit.Error{Kind: resellerkit.Kind(200)}, "kind(200)"},
		{"call and status", &resellerkit.Error{Kind: resellerkit.KindNotFound, Op: "domains.GetAccount", Call: "directory.users.get",
			Status: 404, Reason: "notFound", Err: errors.New("Resource Not Found: userKey")},
			"domains.GetAccount: not found (directory.users.get: HTTP 404 notFound): Resource Not Found: userKey"},
		{"call without status", &resellerkit.Error{Kind: resellerkit.KindUnavailable, Op: "roles.Effective", Call: "directory.roles.get", Err: errors.New("connection reset")},
			"roles.Effective: unavailable (directory.roles.get): connection reset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorMessageTruncatesLongCause(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 3000)
	err := &resellerkit.Error{Kind: resellerkit.KindUnavailable, Err: errors.New(long)}
	msg := err.Error()
	if len(msg) > 2100 || !strings.HasSuffix(msg, "… (truncated)") {
		t.Errorf("message of %d bytes, suffix %q; want about 2 KiB ending in the truncation mark", len(msg), msg[len(msg)-20:])
	}
	if !strings.HasPrefix(msg, "unavailable: éé") || !utfValid(msg) {
		t.Errorf("message is not valid UTF-8 or lost its start")
	}
	if errors.Unwrap(err).Error() != long {
		t.Error("Unwrap lost the full cause")
	}
}

func utfValid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestKindsAndSentinels(t *testing.T) {
	t.Parallel()
	kinds := []struct {
		kind      resellerkit.Kind
		sentinel  error
		retryable bool
	}{
		{resellerkit.KindInvalidArgument, resellerkit.ErrInvalidArgument, false},
		{resellerkit.KindUnauthenticated, resellerkit.ErrUnauthenticated, false},
		{resellerkit.KindPermissionDenied, resellerkit.ErrPermissionDenied, false},
		{resellerkit.KindNotFound, resellerkit.ErrNotFound, false},
		{resellerkit.KindAlreadyExists, resellerkit.ErrAlreadyExists, false},
		{resellerkit.KindFailedPrecondition, resellerkit.ErrFailedPrecondition, false},
		{resellerkit.KindRateLimited, resellerkit.ErrRateLimited, true},
		{resellerkit.KindUnavailable, resellerkit.ErrUnavailable, true},
		{resellerkit.KindCanceled, resellerkit.ErrCanceled, false},
		{resellerkit.KindUnsupported, resellerkit.ErrUnsupported, false},
	}
	for _, k := range kinds {
		t.Run(k.kind.String(), func(t *testing.T) {
			t.Parallel()
			err := fmt.Errorf("outer: %w", &resellerkit.Error{Kind: k.kind, Op: "x.Y", Err: errors.New("cause")})
			if !errors.Is(err, k.sentinel) {
				t.Errorf("errors.Is(err, %v) = false", k.sentinel)
			}
			if got := resellerkit.KindOf(err); got != k.kind {
				t.Errorf("KindOf() = %v, want %v", got, k.kind)
			}
			if got := resellerkit.IsRetryable(err); got != k.retryable {
				t.Errorf("IsRetryable() = %v, want %v", got, k.retryable)
			}
			if k.kind.Sentinel() != k.sentinel {
				t.Errorf("Sentinel() = %v, want %v", k.kind.Sentinel(), k.sentinel)
			}
		})
	}
	t.Run("others", func(t *testing.T) {
		t.Parallel()
		got := []resellerkit.Kind{
			resellerkit.KindOf(nil),
			resellerkit.KindOf(errors.New("plain")),
			resellerkit.KindOf(fmt.Errorf("x: %w", context.DeadlineExceeded)),
		}
		want := []resellerkit.Kind{resellerkit.KindUnknown, resellerkit.KindUnknown, resellerkit.KindCanceled}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("KindOf mismatch (-want +got):\n%s", diff)
		}
		if resellerkit.KindUnknown.Sentinel() != nil {
			t.Error("KindUnknown has a sentinel")
		}
		var fe *resellerkit.FieldError
		invalid := fmt.Errorf("x: %w", &resellerkit.Error{Kind: resellerkit.KindInvalidArgument, Op: "a.B", Err: &resellerkit.FieldError{Field: "F", Reason: "r"}})
		if !errors.As(invalid, &fe) || fe.Field != "F" || !errors.Is(invalid, resellerkit.ErrInvalidArgument) {
			t.Error("an invalid-argument *Error does not carry its FieldError")
		}
	})
}
