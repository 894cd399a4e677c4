package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/resellerkit/resellerkit/access"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "dashboard:", err)
		}
		os.Exit(2)
	}
}

// config is the parsed command line.
type config struct {
	addr        string
	allowRemote bool
	hosts       []string
	accounts    []accountFlag
	seats       map[string]int
	plansFile   string
	peopleFile  string
	casesFile   string
	orgUnit     string
	roleName    string
	refresh     time.Duration
	logLevel    slog.Level
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("dashboard", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow a non-loopback -addr (the dashboard has no login of its own)")
	fs.Func("allowed-host", "a host `name` the dashboard answers to besides localhost, 127.0.0.1 and the -addr host "+
		"(requests for any other name are refused, against DNS rebinding); repeatable", func(v string) error {
		v = strings.TrimSpace(v)
		if v == "" || strings.ContainsAny(v, "/:@ ") {
			return fmt.Errorf("%q is not a host name; give a bare name such as dashboard.partner.example", v)
		}
		c.hosts = append(c.hosts, v)
		return nil
	})
	fs.Var((*accountList)(&c.accounts), "account",
		"a reseller account on Google, as `KEYFILE:ADMIN[,ACCOUNT...]`: a service-account key file with domain-wide "+
			"delegation, the super admin to impersonate, and optionally an account on each secondary domain (to list "+
			"its customers and read their cases); repeat for each reseller account (default: the embedded fake world)")
	fs.Var((*seatList)(&c.seats), "seats",
		"the seat count of an SKU that no API reports, as `SKU=N` (e.g. 1010010001=50 for Cloud Identity Free, "+
			"shown in Admin console › Billing); repeatable")
	fs.StringVar(&c.plansFile, "plans", "",
		"a JSON `file` mapping customer IDs or domains to their support plan (Standard, Enhanced, Premium), "+
			"which no Google API reports")
	fs.StringVar(&c.peopleFile, "people", "",
		"a JSON `file` listing the staff: [{\"id\": \"ana@partner.example\", \"name\": \"Ana Lima\", "+
			"\"accounts\": [\"ana@reseller-eu.example\", ...], \"domains\": [...]}]; id is the person's own address "+
			"(default: the first account), domains those to cover (default: all) "+
			"(default: staff accounts are grouped by the part of the address before the @)")
	fs.StringVar(&c.casesFile, "cases", "",
		"a JSON `file` that lets the cases page read the Cloud Support API: "+
			"{\"parents\": {\"C0123\": \"organizations/123\"}, \"tenure\": [{\"resellerAccount\": \"C0abc\", \"customerId\": \"C0123\", \"start\": \"2024-01-01T00:00:00Z\"}]} "+
			"(default on Google: no cases page)")
	fs.StringVar(&c.orgUnit, "staff-ou", "", "the org unit of the staff accounts in setup plans (rule S3; default "+access.DefaultOrgUnit+")")
	fs.StringVar(&c.roleName, "role", "", "the name of the custom portal role in setup plans (rule S5; default: access.DefaultRoleName of the profile)")
	fs.DurationVar(&c.refresh, "refresh", 5*time.Minute,
		"how often the access, customer and seat data is read again (0: only on start and on the Refresh button)")
	fs.TextVar(&c.logLevel, "log-level", slog.LevelInfo, "log level: DEBUG, INFO, WARN or ERROR")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q: every setting is a flag (see -help)", fs.Arg(0))
	}
	if c.refresh < 0 {
		return c, fmt.Errorf("-refresh %v: must not be negative", c.refresh)
	}
	if err := checkLoopback(c.addr, c.allowRemote); err != nil {
		return c, err
	}
	return c, nil
}

// checkLoopback refuses to listen beyond this machine unless asked: the
// pages show customer and staff data and there is no login in front of them.
func checkLoopback(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %v (want host:port, e.g. 127.0.0.1:8080)", addr, err)
	}
	if allowRemote {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %q is not a loopback address; the dashboard has no login, "+
			"so pass -allow-remote only behind your own authentication", addr)
	}
	return nil
}

// run is main without the process: it parses args, builds the data source,
// serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.logLevel}))

	src, closeSrc, err := openSource(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeSrc()

	app, err := newApp(src, log)
	if err != nil {
		return err
	}
	if err := app.refresh(ctx); err != nil {
		return fmt.Errorf("first read of the reseller data: %w", err)
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           newHostGuard(cfg.addr, cfg.hosts, app.handler()),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "dashboard: serving %s on http://%s/\n", src.Name(), ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if cfg.refresh > 0 {
		go app.refreshEvery(ctx, cfg.refresh)
	}

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
