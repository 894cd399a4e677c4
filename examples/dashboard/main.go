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
	"strings"
	"time"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/examples/internal/cli"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

func main() { cli.Main("dashboard", run) }

// config is the parsed command line.
type config struct {
	addr        string
	allowRemote bool
	hosts       []string
	creds       cli.Credentials
	seats       map[string]int
	plansFile   string
	peopleFile  string
	casesFile   string
	orgUnit     string
	roleName    string
	refresh     time.Duration
	dbPath      string
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
	c.creds.Register(fs, true)
	fs.Var((*seatList)(&c.seats), "seats",
		"the seat count of an SKU that no API reports, as `SKU=N` (e.g. 1010010001=50 for Cloud Identity Free, "+
			"shown in Admin console › Billing); repeatable")
	fs.StringVar(&c.plansFile, "plans", "",
		"a JSON `file` mapping customer IDs or domains to their support plan (Standard, Enhanced, Premium), "+
			"which no Google API reports; on the embedded fake, over the demo world's plans")
	fs.StringVar(&c.peopleFile, "people", "",
		"a JSON `file` listing the staff: [{\"id\": \"ana@partner.example\", \"name\": \"Ana Lima\", "+
			"\"accounts\": [\"ana@reseller-eu.example\", ...], \"domains\": [...]}]; id is the person's own address "+
			"(default: the first account), domains those to cover (default: all) "+
			"(default on Google: staff accounts are grouped by the part of the address before the @; on the embedded fake: the demo world's people)")
	fs.StringVar(&c.casesFile, "cases", "",
		"a JSON `file` that lets the cases page read the Cloud Support API: "+
			"{\"parents\": {\"C0123\": \"organizations/123\"}, \"tenure\": [{\"resellerAccount\": \"C0abc\", \"customerId\": \"C0123\", \"start\": \"2024-01-01T00:00:00Z\"}]} "+
			"(default on Google: no cases page; on the embedded fake: the demo world's records)")
	fs.StringVar(&c.orgUnit, "staff-ou", "", "the org unit `path` of the staff accounts in setup plans (rule S3; default on Google: "+
		access.DefaultOrgUnit+"; on the embedded fake: the demo world's "+demoworld.StaffOrgUnit+")")
	fs.StringVar(&c.roleName, "role", "", "the `name` of the custom portal role in setup plans (rule S5; default on Google: "+
		fmt.Sprintf("%q, or %q for the Customer Care Portal profile", access.DefaultRoleName(access.CloudSupportPortal), access.DefaultRoleName(access.CustomerCarePortal))+
		"; on the embedded fake: the demo world's "+fmt.Sprintf("%q and %q", demoworld.CustomRole, demoworld.CarePortalRole)+")")
	fs.DurationVar(&c.refresh, "refresh", 5*time.Minute,
		"how often the access, customer and seat data is read again (0: only on start and on the Refresh button)")
	fs.StringVar(&c.dbPath, "db", "", "the SQLite `file` where each read and the changes since the one before are kept, for the History page "+
		"(created if missing; default on Google: resellerkit/dashboard.db in the user's cache directory; on the embedded fake: in memory)")
	fs.TextVar(&c.logLevel, "log-level", slog.LevelInfo, "log level: DEBUG, INFO, WARN or ERROR")
	cli.Usage(fs, "the reseller dashboard: staff access, customers, seats, cases and setup plans, on http://127.0.0.1:8080",
		"go run ./examples/dashboard",
		"go run ./examples/dashboard -people people.json -plans plans.json -seats 1010010001=60",
		"go run ./examples/dashboard -account eu-key.json:admin@northwind-eu.example,admin@northwind-nordics.example "+
			"-account us-key.json:admin@northwind-us.example -seats 1010010001=50 -plans plans.json -people people.json -cases cases.json")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q: every setting is a flag (see -h)", fs.Arg(0))
	}
	if err := c.creds.Check(); err != nil {
		return c, err
	}
	if c.orgUnit != "" && !strings.HasPrefix(c.orgUnit, "/") {
		return c, fmt.Errorf("-staff-ou %q: want an org unit path such as /Support portal (it starts with /)", c.orgUnit)
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
	// The files are read and checked before anything is started, served
	// or written.
	in, err := readInputs(cfg)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.logLevel}))

	src, closeSrc, err := openSource(ctx, cfg.creds, in, log)
	if err != nil {
		return err
	}
	defer closeSrc()

	app, err := newApp(src, log)
	if err != nil {
		return err
	}
	dbPath := cfg.dbPath
	if dbPath == "" && !cfg.creds.Embedded() {
		if dbPath, err = defaultDBPath(); err != nil {
			return err
		}
	}
	hist, err := openHistory(ctx, dbPath)
	if err != nil {
		return err
	}
	defer hist.Close()
	app.hist = hist
	app.bgCtx = ctx
	defer app.bg.Wait() // before the history closes
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

// openSource builds the data source: the embedded fake holding the
// examples' demo world when no -account is given, else Google (or the
// fake in another process at -endpoint). Both run the same SDK code
// through resellerkit.Dial; the flags' inputs apply to both.
func openSource(ctx context.Context, creds cli.Credentials, in inputs, log *slog.Logger) (Source, func(), error) {
	env, err := creds.Open(nil)
	if err != nil {
		return nil, nil, err
	}
	if env.Embedded() {
		src, err := newFakeSourceWith(ctx, env.Fake, log, in, env.Resellers[0].Key)
		if err != nil {
			env.Close()
			return nil, nil, err
		}
		return src, env.Close, nil
	}
	o := sdkOptions{logger: log, now: env.Now, endpoint: env.Endpoint}
	in.apply(&o)
	specs := make([]accountSpec, 0, len(env.Resellers))
	for _, r := range env.Resellers {
		specs = append(specs, accountSpec{key: r.Key, admin: r.Admin, domainActor: r.DomainActors})
	}
	name := fmt.Sprintf("Google (%d reseller accounts)", len(specs))
	if env.Endpoint != "" {
		name = "the fake at " + env.Endpoint
	}
	src, err := newSDKSource(ctx, name, specs, o)
	if err != nil {
		return nil, nil, err
	}
	return src, env.Close, nil
}
