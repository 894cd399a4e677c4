package fake

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"unsafe"

	"github.com/resellerkit/resellerkit/internal/atomicfile"
)

// WithStateFile makes the Server keep its World in the file at path, as a
// JSON seed ([World.Seed]): the file is written when the Server starts and
// again after every call that may change the World (every API call but a
// GET, and the control API's clock and reset), before the call is
// answered, so a write the Server acknowledged survives the process being
// killed. Each save replaces the file atomically (a temporary file, fsync,
// rename, fsync of the directory). Changes made through Go methods of the
// World ([World.Advance], [World.Fail], ...) are saved with the next call
// that saves.
//
// Loading is the caller's: build the World from the file when it exists
// ([LoadFile], or [World.Reset] with [ReadSeed]'s seed to keep the start
// seed for the control API's reset), as the command fakeworkspace does with
// -state.
func WithStateFile(path string) Option {
	return func(c *serverConfig) error {
		if path == "" {
			return fmt.Errorf("fake: WithStateFile: empty path")
		}
		c.stateFile = path
		return nil
	}
}

type stateFile struct {
	path string
	mu   sync.Mutex // one save at a time, each of the World as it is then
}

// persist saves the World to the state file.
func (s *Server) persist() *apiError {
	if err := s.state.save(s.world); err != nil {
		return errf(500, "backendError", "fake: saving the state file failed, the change may be lost on restart: %v", err)
	}
	return nil
}

func (f *stateFile) save(w *World) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, err := json.Marshal(w.Seed())
	if err != nil {
		return err
	}
	return atomicfile.Write(f.path, append(b, '\n'), 0o600)
}

// startSeed is the seed the control API's world:reset goes back to.
func (w *World) startSeed() Seed {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.origin
}

// Reset replaces everything the World holds (tenants, users, cases, the
// clock, the ID counters) by what seed describes, as if the World had been
// built by NewWorld(seed), in place, so Servers serving it go on serving
// it. What is not the World's data stays: installed faults, the
// read-after-write lag, the page cap, service-account keys, case listing
// lag and attachment limit, and the token key unless seed has a
// TokenSecret, so users keep their bearer tokens. On error the World is
// unchanged. The control API's POST /fake/v1/world:reset resets the World
// to the seed NewWorld built it from.
func (w *World) Reset(seed Seed) error {
	nw, err := NewWorld(seed)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	// Settings and keys are w's; the data is nw's.
	tokenKey, tokenSecret := w.tokenKey, w.tokenSecret
	sas, pageCap, lag, faults, faultRand, origin := w.serviceAccounts, w.pageCap, w.lag, w.faults, w.faultRand, w.origin
	cb := w.cases
	copyWorld(w, nw)
	if seed.TokenSecret == "" {
		w.tokenKey, w.tokenSecret = tokenKey, tokenSecret
	}
	w.serviceAccounts, w.pageCap, w.lag, w.faults, w.faultRand, w.origin = sas, pageCap, lag, faults, faultRand, origin
	w.cases.lag, w.cases.limit, w.cases.maxAttachment, w.cases.reserved = cb.lag, cb.limit, cb.maxAttachment, cb.reserved
	w.authzGen++
	// A token is known once issued: issue every user's now, so the tokens
	// clients hold from before keep working.
	for _, u := range w.users {
		if !u.deleted {
			w.tokenOf(u)
		}
	}
	return nil
}

// copyWorld sets every field of dst but its mutex to src's. It goes over
// the fields by reflection so that a field added to World is copied
// without being listed here.
func copyWorld(dst, src *World) {
	dv, sv := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem()
	for i := range dv.NumField() {
		if dv.Type().Field(i).Name == "mu" {
			continue
		}
		df, sf := dv.Field(i), sv.Field(i)
		reflect.NewAt(df.Type(), unsafe.Pointer(df.UnsafeAddr())).Elem().
			Set(reflect.NewAt(sf.Type(), unsafe.Pointer(sf.UnsafeAddr())).Elem())
	}
}
