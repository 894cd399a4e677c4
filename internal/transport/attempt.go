package transport

import "context"

type attemptKey struct{}

// withAttempt records the attempt number (1 for the first send) in ctx, for
// the Log layer.
func withAttempt(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, attemptKey{}, n)
}

// Attempt returns the attempt number the Retry layer recorded in ctx, or 0
// when the request did not pass through it.
func Attempt(ctx context.Context) int {
	n, _ := ctx.Value(attemptKey{}).(int)
	return n
}
