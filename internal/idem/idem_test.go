package idem_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/idem"
)

func conn(t *testing.T, opts ...resellerkit.Option) *resellerkit.Conn {
	t.Helper()
	opts = append([]resellerkit.Option{resellerkit.WithoutAuthentication(), resellerkit.WithEndpoint("http://127.0.0.1:1/")}, opts...)
	c, err := resellerkit.Dial(t.Context(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var fast = resellerkit.WithRetry(resellerkit.RetryPolicy{MaxAttempts: 4, Initial: time.Millisecond, Max: 2 * time.Millisecond})

var (
	lost      = &resellerkit.Error{Kind: resellerkit.KindUnavailable, Op: "x.insert", Status: 503}
	throttled = &resellerkit.Error{Kind: resellerkit.KindRateLimited, Op: "x.insert", Status: 429}
	dup       = &resellerkit.Error{Kind: resellerkit.KindAlreadyExists, Op: "x.insert", Status: 409}
)

// world is a server that applies a write, then maybe loses the answer.
type world struct {
	applied   int
	loseNext  []bool // per send: lose the answer after applying
	failFirst int    // sends refused before applying (lost answers too, to the caller)
	unique    bool   // a second apply is a duplicate (users.insert)
}

func (w *world) send(context.Context) (int, error) {
	if w.failFirst > 0 {
		w.failFirst--
		return 0, lost
	}
	if w.unique && w.applied > 0 {
		return 0, dup
	}
	w.applied++
	if len(w.loseNext) > 0 {
		l := w.loseNext[0]
		w.loseNext = w.loseNext[1:]
		if l {
			return 0, lost
		}
	}
	return w.applied, nil
}

func (w *world) landed(context.Context) (int, bool, error) { return w.applied, w.applied > 0, nil }

// TestDoLostAnswerW1 checks that a write whose answer is lost is looked up
// before it is resent, and never applied twice.
func TestDoLostAnswerW1(t *testing.T) {
	t.Parallel()
	c := conn(t, fast)
	tests := []struct {
		name       string
		w          world
		noLanded   bool
		wantApply  int
		wantSends  int
		wantLost   bool
		wantFound  bool
		wantErr    resellerkit.Kind
		wantHasErr bool
	}{
		{name: "answered", w: world{}, wantApply: 1, wantSends: 1},
		{name: "lost then found", w: world{loseNext: []bool{true}}, wantApply: 1, wantSends: 1, wantLost: true, wantFound: true},
		{name: "refused then sent", w: world{failFirst: 2}, wantApply: 1, wantSends: 3, wantLost: true},
		{name: "refused every time", w: world{failFirst: 10}, wantApply: 0, wantSends: 4, wantLost: true, wantHasErr: true, wantErr: resellerkit.KindUnavailable},
		{name: "no lookup: duplicate returned with Lost", w: world{loseNext: []bool{true}, unique: true}, noLanded: true, wantApply: 1, wantSends: 2, wantLost: true, wantHasErr: true, wantErr: resellerkit.KindAlreadyExists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.w
			wr := idem.Write[int]{Send: w.send, Landed: w.landed}
			if tt.noLanded {
				wr.Landed = nil
			}
			_, res, err := idem.Do(t.Context(), c, "x.Insert", wr)
			if (err != nil) != tt.wantHasErr || (err != nil && resellerkit.KindOf(err) != tt.wantErr) {
				t.Fatalf("err = %v, want kind %v (error: %v)", err, tt.wantErr, tt.wantHasErr)
			}
			if w.applied != tt.wantApply || res.Sends != tt.wantSends || res.Lost != tt.wantLost || res.Found != tt.wantFound {
				t.Errorf("applied %d, result %+v; want applied %d, sends %d, lost %v, found %v",
					w.applied, res, tt.wantApply, tt.wantSends, tt.wantLost, tt.wantFound)
			}
		})
	}
}

// TestDoNotLost checks that answers that do not leave the outcome open are
// returned at once: a throttled write was refused before it ran.
func TestDoNotLost(t *testing.T) {
	t.Parallel()
	c := conn(t, fast)
	for _, e := range []error{throttled, dup, &resellerkit.Error{Kind: resellerkit.KindInvalidArgument}} {
		sends := 0
		_, res, err := idem.Do(t.Context(), c, "x.Insert", idem.Write[int]{
			Send:   func(context.Context) (int, error) { sends++; return 0, e },
			Landed: func(context.Context) (int, bool, error) { t.Error("Landed called"); return 0, false, nil },
		})
		if !errors.Is(err, e) || sends != 1 || res.Lost {
			t.Errorf("%v: err %v, sends %d, lost %v", e, err, sends, res.Lost)
		}
	}
}

// TestDoCheckFails checks that when the read-back fails too, the error
// says the write may have landed, and nothing is resent.
func TestDoCheckFails(t *testing.T) {
	t.Parallel()
	c := conn(t, fast)
	sends := 0
	_, _, err := idem.Do(t.Context(), c, "x.Insert", idem.Write[int]{
		Send: func(context.Context) (int, error) { sends++; return 0, lost },
		Landed: func(context.Context) (int, bool, error) {
			return 0, false, &resellerkit.Error{Kind: resellerkit.KindUnavailable}
		},
	})
	if sends != 1 || resellerkit.KindOf(err) != resellerkit.KindUnavailable || !errors.Is(err, lost) {
		t.Errorf("sends %d, err %v", sends, err)
	}
}

// TestDoWithoutRetry checks that WithoutRetry sends once, but still looks
// the write up after a lost answer.
func TestDoWithoutRetry(t *testing.T) {
	t.Parallel()
	c := conn(t, resellerkit.WithoutRetry())
	w := world{loseNext: []bool{true}}
	v, res, err := idem.Do(t.Context(), c, "x.Insert", idem.Write[int]{Send: w.send, Landed: w.landed})
	if err != nil || v != 1 || !res.Found || res.Sends != 1 {
		t.Errorf("v %d, res %+v, err %v", v, res, err)
	}
	w = world{failFirst: 1}
	_, res, err = idem.Do(t.Context(), c, "x.Insert", idem.Write[int]{Send: w.send, Landed: w.landed})
	if resellerkit.KindOf(err) != resellerkit.KindUnavailable || res.Sends != 1 {
		t.Errorf("res %+v, err %v", res, err)
	}
}

// TestDoIdempotent checks that a write the transport resends itself is sent
// once by Do, and looked up after a lost last answer.
func TestDoIdempotent(t *testing.T) {
	t.Parallel()
	c := conn(t, fast)
	sends := 0
	_, res, err := idem.Do(t.Context(), c, "x.Delete", idem.Write[int]{
		Idempotent: true,
		Send:       func(context.Context) (int, error) { sends++; return 0, lost },
	})
	if sends != 1 || !res.Lost || resellerkit.KindOf(err) != resellerkit.KindUnavailable {
		t.Errorf("sends %d, res %+v, err %v", sends, res, err)
	}
	sends = 0
	v, res, err := idem.Do(t.Context(), c, "x.Patch", idem.Write[int]{
		Idempotent: true,
		Send:       func(context.Context) (int, error) { sends++; return 0, lost },
		Landed:     func(context.Context) (int, bool, error) { return 7, true, nil },
	})
	if sends != 1 || v != 7 || !res.Found || err != nil {
		t.Errorf("sends %d, v %d, res %+v, err %v", sends, v, res, err)
	}
}

// TestDoStreamed checks that a write whose body the transport cannot replay
// is resent by Do after a throttled answer, which other writes leave to the
// transport.
func TestDoStreamed(t *testing.T) {
	t.Parallel()
	c := conn(t, fast)
	for _, streamed := range []bool{false, true} {
		sends := 0
		_, res, err := idem.Do(t.Context(), c, "x.Upload", idem.Write[int]{
			Streamed: streamed,
			Send: func(context.Context) (int, error) {
				sends++
				if sends < 3 {
					return 0, throttled
				}
				return 1, nil
			},
			Landed: func(context.Context) (int, bool, error) {
				t.Error("Landed called after a refusal")
				return 0, false, nil
			},
		})
		wantSends, wantErr := 1, true
		if streamed {
			wantSends, wantErr = 3, false
		}
		if sends != wantSends || (err != nil) != wantErr || res.Lost {
			t.Errorf("streamed %v: sends %d, err %v, res %+v; want %d sends", streamed, sends, err, res, wantSends)
		}
	}
}
