// Command fakeworkspace serves package fake's in-memory Google (the
// Directory, Licensing, Reseller and Cloud Support APIs at their real REST
// paths) for clients in any language, with a control API to move its
// clock, inject faults and export or reset its world.
//
// Usage:
//
//	fakeworkspace [-addr 127.0.0.1:8085] [-seed world.json] [-state state.json] [-latency 20ms] [-quota-qpm 2400]
//	fakeworkspace -dump-seed FILE|-
//
// With no -seed it serves the built-in demo world (fake.DemoSeed). When it
// is ready it prints exactly one line of JSON on stdout, then serves until
// SIGINT or SIGTERM:
//
//	{"url":"http://127.0.0.1:8085/","controlToken":"fake-control-...","resellerAccounts":[{"customerId":"C01a1der0",
//	 "domains":["alder-reseller.example","alder-eu.example"],"superAdmin":"admin@alder-reseller.example","token":"ya29.fake-..."}]}
//
// Send a token as "Authorization: Bearer TOKEN", or point a
// service-account JSON's token_uri at URL + "token". The control token
// authenticates the control API under URL + "fake/v1/" (run
// fakeworkspace -h for its methods). With -state FILE the world is loaded
// from FILE when it exists, and every write is in FILE before it is
// answered. The fake has no real security: it listens on loopback only
// unless -allow-remote is given.
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/resellerkit/resellerkit/fake"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "fakeworkspace:", err)
		os.Exit(1)
	}
}

type announcement struct {
	URL              string            `json:"url"`
	ControlToken     string            `json:"controlToken"`
	ResellerAccounts []resellerAccount `json:"resellerAccounts"`
}

type resellerAccount struct {
	fake.ResellerAccount
	Token string `json:"token"`
}

const usageText = `Usage: fakeworkspace [flags]

Serves an in-memory Google Workspace (Directory, Licensing, Reseller and
Cloud Support APIs at their real REST paths) for clients in any language.
When ready it prints one line of JSON on stdout:

  {"url": "http://127.0.0.1:8085/", "controlToken": "fake-control-...",
   "resellerAccounts": [{"customerId": ..., "domains": [...], "superAdmin": ..., "token": "ya29.fake-..."}]}

then serves until SIGINT or SIGTERM. Point a Google client at url (the API
root) with a token as "Authorization: Bearer TOKEN".

Flags:
`

const controlText = `
Control API (under url + "fake/v1/", with "Authorization: Bearer CONTROL_TOKEN";
users' tokens are refused there, and the control token on Google's paths):

  GET    fake/v1/clock                 {"now": "2026-01-05T09:00:00Z"}
  POST   fake/v1/clock:advance         {"duration": "720h"}
  POST   fake/v1/clock:set             {"now": "2026-03-01T00:00:00Z"}
  POST   fake/v1/faults                {"method": "directory.users.get", "status": 503, "count": 1}
                                       members: method, status, reason, message, skip, count,
                                       latency, retryAfter ("1.5s"), afterApply, probability
                                       -> {"id": "1"}
  GET    fake/v1/faults                {"faults": [...]}
  DELETE fake/v1/faults/{id}
  GET    fake/v1/settings              {"latency", "readAfterWriteLag", "quotaPerMinute", "quotaBurst", "pageCap"}
  PUT    fake/v1/settings              {"latency": "20ms", "readAfterWriteLag": 2, "quotaPerMinute": 600}
  POST   fake/v1/tokens                {"email": "ana@alder-reseller.example"} -> {"email", "token"}
  POST   fake/v1/serviceAccountKeys    a service-account JSON key whose token_uri is the fake's
  GET    fake/v1/world                 the world as a JSON seed (loadable with -seed)
  POST   fake/v1/world:reset           back to the start seed

Errors are Google's JSON envelope. The fake has no real security: it listens
on loopback only unless -allow-remote is given.
`

// run serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fakeworkspace", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8085", "listen address; :0 picks a free loopback port")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback -addr (the fake has no real security)")
	seedFile := fs.String("seed", "", "JSON seed file of the start world (default: the built-in demo world); unknown fields are errors")
	stateFile := fs.String("state", "", "keep the world in this JSON file: load it when it exists (else start from the seed), save every write before answering it")
	dumpSeed := fs.String("dump-seed", "", "write the start world (the -seed's, else the demo world) as a JSON seed to this file (- for stdout), and exit")
	controlToken := fs.String("control-token", "", "the control API's bearer token (default: a random one, printed in the ready line)")
	latency := fs.Duration("latency", 0, "latency added to every answer, e.g. 20ms")
	qpm := fs.Int("quota-qpm", 0, "queries per minute per user per API before throttling errors (0: unlimited)")
	pageCap := fs.Int("page-cap", 0, "force every listing to pages of at most N items (0: each method's cap)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageText)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), controlText)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w (run fakeworkspace -h for help)", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	start := fake.DemoSeed()
	if *seedFile != "" {
		var err error
		if start, err = readSeedFile(*seedFile); err != nil {
			return err
		}
	}
	if *dumpSeed != "" {
		return dump(start, *dumpSeed, stdout)
	}
	if *stateFile != "" && start.TokenSecret == "" {
		// The state file keeps the token secret, so users' tokens stay
		// the same across restarts.
		var b [24]byte
		if _, err := rand.Read(b[:]); err != nil {
			return err
		}
		start.TokenSecret = base64.RawURLEncoding.EncodeToString(b[:])
	}
	w, err := fake.NewWorld(start)
	if err != nil {
		return err
	}
	opts := []fake.Option{fake.WithAddr(*addr), fake.WithLatency(*latency), fake.WithQuota(fake.Quota{PerMinute: *qpm}), fake.WithPageCap(*pageCap)}
	if *stateFile != "" {
		if _, err := os.Stat(*stateFile); err == nil {
			st, err := readSeedFile(*stateFile)
			if err != nil {
				return err
			}
			if err := w.Reset(st); err != nil {
				return fmt.Errorf("state file %s: %w", *stateFile, err)
			}
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
		opts = append(opts, fake.WithStateFile(*stateFile))
	}
	if *allowRemote {
		opts = append(opts, fake.WithAllowRemote())
	}
	if *controlToken != "" {
		opts = append(opts, fake.WithControlToken(*controlToken))
	}
	srv, err := fake.NewServer(w, opts...)
	if err != nil {
		return err
	}
	defer srv.Close()

	ann := announcement{URL: srv.URL(), ControlToken: srv.ControlToken(), ResellerAccounts: []resellerAccount{}}
	for _, ra := range w.ResellerAccounts() {
		acc := resellerAccount{ResellerAccount: ra}
		if ra.SuperAdmin != "" {
			if acc.Token, err = w.TokenFor(ra.SuperAdmin); err != nil {
				return err
			}
		}
		ann.ResellerAccounts = append(ann.ResellerAccounts, acc)
	}
	line, err := json.Marshal(ann)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", line); err != nil {
		return err
	}
	<-ctx.Done()
	return srv.Close()
}

func readSeedFile(path string) (fake.Seed, error) {
	f, err := os.Open(path)
	if err != nil {
		return fake.Seed{}, err
	}
	defer f.Close()
	s, err := fake.ReadSeed(f)
	if err != nil {
		return fake.Seed{}, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// dump writes the world seed builds as a JSON seed to path ("-": stdout).
func dump(seed fake.Seed, path string, stdout io.Writer) error {
	w, err := fake.NewWorld(seed)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(w.Seed(), "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if path == "-" {
		_, err = stdout.Write(b)
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
