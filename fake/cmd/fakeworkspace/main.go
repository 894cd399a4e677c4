// Command fakeworkspace serves package fake's in-memory Google (the
// Directory, Licensing and Reseller APIs at their real REST paths) for
// clients in any language.
//
// Usage:
//
//	fakeworkspace [-addr 127.0.0.1:8085] [-seed world.json] [-latency 20ms] [-quota-qpm 2400]
//
// With no -seed it serves the built-in demo world (fake.DemoSeed). When it
// is ready it prints exactly one line of JSON on stdout, then serves until
// SIGINT or SIGTERM:
//
//	{"url":"http://127.0.0.1:8085/","resellerAccounts":[{"customerId":"C01a1der0",
//	 "domains":["alder-reseller.example","alder-eu.example"],"superAdmin":"admin@alder-reseller.example","token":"ya29.fake-..."}]}
//
// Send the token as "Authorization: Bearer TOKEN", or point a
// service-account JSON's token_uri at URL + "token". The fake has no real
// security: it listens on loopback only unless -allow-remote is given.
package main

import (
	"context"
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
	ResellerAccounts []resellerAccount `json:"resellerAccounts"`
}

type resellerAccount struct {
	fake.ResellerAccount
	Token string `json:"token"`
}

// run serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fakeworkspace", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8085", "listen address; :0 picks a free loopback port")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback -addr (the fake has no real security)")
	seedFile := fs.String("seed", "", "JSON seed file (default: the built-in demo world)")
	latency := fs.Duration("latency", 0, "latency added to every answer, e.g. 20ms")
	qpm := fs.Int("quota-qpm", 0, "queries per minute per user per API before throttling errors (0: unlimited)")
	pageCap := fs.Int("page-cap", 0, "force every listing to pages of at most N items (0: each method's cap)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var w *fake.World
	var err error
	if *seedFile != "" {
		w, err = fake.LoadFile(*seedFile)
	} else {
		w, err = fake.NewWorld(fake.DemoSeed())
	}
	if err != nil {
		return err
	}
	opts := []fake.Option{fake.WithAddr(*addr), fake.WithLatency(*latency), fake.WithQuota(fake.Quota{PerMinute: *qpm}), fake.WithPageCap(*pageCap)}
	if *allowRemote {
		opts = append(opts, fake.WithAllowRemote())
	}
	srv, err := fake.NewServer(w, opts...)
	if err != nil {
		return err
	}
	defer srv.Close()

	ann := announcement{URL: srv.URL(), ResellerAccounts: []resellerAccount{}}
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
