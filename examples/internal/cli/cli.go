// Package cli is what every example program shares on its command line:
// the credential flags (-account, -endpoint) and dialing from them, the
// embedded fake holding the examples' demo world when no credential is
// given, strict JSON input files whose errors name the file, the field and
// what is expected, and a -h that prints an example command and exits 0.
//
// It is not public API: it keeps the examples alike, so a reader who ran
// one knows how to run the others.
package cli

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/fake"
)

// Account is one -account KEYFILE:ADMIN[,ACCOUNT...]: the service-account
// key that acts for one reseller account, the super admin it impersonates
// through domain-wide delegation (rule W6), and optionally one account on
// each other domain of the reseller account (a secondary domain), since
// only an account on a domain can list its customers and read their cases
// (rule D1).
type Account struct {
	KeyFile      string
	Admin        string
	DomainActors []string
}

// ParseAccount parses KEYFILE:ADMIN[,ACCOUNT...]. It splits at the last
// colon, so a key file path may itself hold colons (C:\keys\eu.json); an
// email address never does.
func ParseAccount(v string) (Account, error) {
	i := strings.LastIndex(v, ":")
	if i < 0 {
		return Account{}, fmt.Errorf("want KEYFILE:ADMIN (a service-account key file and the super admin to impersonate), got %q", v)
	}
	a := Account{KeyFile: strings.TrimSpace(v[:i])}
	if a.KeyFile == "" {
		return Account{}, fmt.Errorf("%q: the key file before the colon is empty; want KEYFILE:ADMIN", v)
	}
	for j, who := range strings.Split(v[i+1:], ",") {
		who = strings.TrimSpace(who)
		if !strings.Contains(who, "@") {
			what := "the super admin to impersonate"
			if j > 0 {
				what = "an account on another domain of the reseller account"
			}
			return Account{}, fmt.Errorf("%q: %q is not an email address; give %s", v, who, what)
		}
		if j == 0 {
			a.Admin = who
		} else {
			a.DomainActors = append(a.DomainActors, who)
		}
	}
	return a, nil
}

func (a Account) String() string {
	return a.KeyFile + ":" + strings.Join(append([]string{a.Admin}, a.DomainActors...), ",")
}

// accountList implements flag.Value for the repeated -account flag.
type accountList []Account

func (l *accountList) String() string {
	if l == nil {
		return ""
	}
	parts := make([]string, len(*l))
	for i, a := range *l {
		parts[i] = a.String()
	}
	return strings.Join(parts, " ")
}

func (l *accountList) Set(v string) error {
	a, err := ParseAccount(v)
	if err != nil {
		return err
	}
	*l = append(*l, a)
	return nil
}

// Credentials are the shared credential flags. The zero value (no
// -account) means the embedded fake.
type Credentials struct {
	Accounts []Account
	// Endpoint, when set, sends every request to a fake in another process
	// (fake/cmd/fakeworkspace) at this loopback URL instead of Google.
	Endpoint string
	// noActors refuses accounts on secondary domains, for a program that
	// acts as the super admin only.
	noActors bool
}

// Register adds -account and -endpoint to fs. withActors says whether the
// program uses accounts on secondary domains (-account KEYFILE:ADMIN,ACCOUNT).
func (c *Credentials) Register(fs *flag.FlagSet, withActors bool) {
	c.noActors = !withActors
	help := "a reseller account on Google, as `KEYFILE:ADMIN`: a service-account key file with domain-wide " +
		"delegation and the super admin to impersonate; repeat for each reseller account (default: the embedded fake's demo world)"
	if withActors {
		help = "a reseller account on Google, as `KEYFILE:ADMIN[,ACCOUNT...]`: a service-account key file with domain-wide " +
			"delegation, the super admin to impersonate, and optionally an account on each secondary domain (to list " +
			"its customers and read their cases, rule D1); repeat for each reseller account (default: the embedded fake's demo world)"
	}
	fs.Var((*accountList)(&c.Accounts), "account", help)
	fs.StringVar(&c.Endpoint, "endpoint", "",
		"send every request to a fake in another process at this loopback `URL` (e.g. http://127.0.0.1:8085/ from "+
			"go run ./fake/cmd/fakeworkspace), with -account keys that fake issued; requests are not paced (default: Google)")
}

// Check validates the flags once parsed: -endpoint needs -account and a
// loopback URL (it turns pacing off, which only a fake may see), and
// accounts on secondary domains only where the program uses them.
func (c *Credentials) Check() error {
	if c.Endpoint != "" {
		if len(c.Accounts) == 0 {
			return errors.New("-endpoint needs -account KEYFILE:ADMIN: a service-account key the fake issued and the super admin to act as")
		}
		if err := CheckEndpoint(c.Endpoint); err != nil {
			return err
		}
	}
	if c.noActors {
		for _, a := range c.Accounts {
			if len(a.DomainActors) > 0 {
				return fmt.Errorf("-account %s: this program acts as the super admin only; give KEYFILE:ADMIN", a)
			}
		}
	}
	return nil
}

// Embedded reports whether no -account was given: the program runs on the
// embedded fake.
func (c *Credentials) Embedded() bool { return len(c.Accounts) == 0 }

// CheckEndpoint accepts a loopback http(s) URL only: -endpoint is for a
// fake, and turns pacing off, which only a fake may see.
func CheckEndpoint(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("-endpoint %q: want a URL such as http://127.0.0.1:8085/ (the fake's announced url)", raw)
	}
	h := u.Hostname()
	if ip := net.ParseIP(h); !strings.EqualFold(h, "localhost") && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-endpoint %q: the host must be on loopback (127.0.0.1, ::1, localhost): -endpoint is for a fake, never Google", raw)
	}
	return nil
}

// Reseller is one reseller account to act for, ready to dial: its key, its
// super admin and an account on each secondary domain.
type Reseller struct {
	Key          []byte
	Admin        string
	DomainActors []string
}

// Env is where a program's requests go: Google, a fake in another process
// (-endpoint), or the embedded fake.
type Env struct {
	Resellers []Reseller
	// Endpoint is "" for Google.
	Endpoint string
	// Now is the clock of the rules: the embedded World's, else time.Now.
	Now func() time.Time
	// Fake is the embedded fake, nil otherwise.
	Fake *fake.Server
}

// Embedded reports whether the Env is the embedded fake.
func (e *Env) Embedded() bool { return e.Fake != nil }

// Close stops the embedded fake, if any.
func (e *Env) Close() {
	if e.Fake != nil {
		e.Fake.Close()
	}
}

// Open reads the key files of -account, or, without -account, starts the
// embedded fake over the World newWorld returns (nil: the examples' demo
// world, demoworld.New) with one service-account key for every reseller
// account. newWorld applies edits to its seed before building the World:
// they register that key's service account (Seed.ServiceAccounts).
func (c *Credentials) Open(newWorld func(edits ...func(*fake.Seed)) (*fake.World, error)) (*Env, error) {
	if !c.Embedded() {
		e := &Env{Endpoint: c.Endpoint, Now: time.Now}
		for _, a := range c.Accounts {
			key, err := os.ReadFile(a.KeyFile)
			if err != nil {
				return nil, fmt.Errorf("-account %s: reading the key file: %w", a.KeyFile, err)
			}
			e.Resellers = append(e.Resellers, Reseller{Key: key, Admin: a.Admin, DomainActors: a.DomainActors})
		}
		return e, nil
	}
	if newWorld == nil {
		newWorld = demoworld.New
	}
	key, err := embeddedKey()
	if err != nil {
		return nil, err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	w, err := newWorld(func(s *fake.Seed) {
		if s.ServiceAccounts == nil {
			s.ServiceAccounts = map[string]string{}
		}
		s.ServiceAccounts[embeddedServiceAccount] = string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
	})
	if err != nil {
		return nil, err
	}
	srv, err := fake.NewServer(w)
	if err != nil {
		return nil, err
	}
	keyJSON, err := serviceAccountJSON(key, embeddedServiceAccount, srv.TokenURL())
	if err != nil {
		srv.Close()
		return nil, err
	}
	return fakeEnv(srv, keyJSON), nil
}

// embeddedServiceAccount is the service account of the embedded fake's
// key, registered in its World's seed.
const embeddedServiceAccount = "resellerkit-examples@fake-project.iam.gserviceaccount.com"

// embeddedKey is the embedded fake's service-account key, made once per
// process: generating an RSA key is most of a short run's time, and a
// test starts the embedded fake many times.
var embeddedKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

// serviceAccountJSON writes key as the JSON key file of a Google service
// account (type service_account), whose token_uri is the fake's.
func serviceAccountJSON(key *rsa.PrivateKey, email, tokenURI string) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(map[string]string{
		"type":           "service_account",
		"project_id":     "fake-project",
		"private_key_id": "fake-examples-key",
		"private_key":    string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":   email,
		"token_uri":      tokenURI,
	}, "", "  ")
}

// DemoNotice tells, on the embedded fake, which world the program runs
// on: the reseller domains of its World and the fake's URL, so a reader
// who ran one example recognises the same company in the next. It prints
// nothing against Google or -endpoint.
func (e *Env) DemoNotice(w io.Writer, program string) {
	if e.Fake == nil {
		return
	}
	var doms []string
	for _, ra := range e.Fake.World().ResellerAccounts() {
		doms = append(doms, ra.Domains...)
	}
	fmt.Fprintf(w, "%s: no -account: using the fake's demo world (reseller domains %s) at %s\n", program, strings.Join(doms, ", "), e.Endpoint)
}

// FakeEnv is the Env of a running fake.Server: a key it issued
// impersonates each reseller account's super admin, and an active account
// on each secondary domain lists that domain's customers, as on Google.
// The Env owns srv: Close closes it.
func FakeEnv(srv *fake.Server) (*Env, error) {
	key, err := srv.World().NewServiceAccountJSON(srv.TokenURL())
	if err != nil {
		return nil, err
	}
	return fakeEnv(srv, key), nil
}

// fakeEnv is the Env of srv with the service-account key file key.
func fakeEnv(srv *fake.Server, key []byte) *Env {
	w := srv.World()
	e := &Env{Endpoint: srv.URL(), Now: w.Now, Fake: srv}
	snap := w.Snapshot()
	for _, ra := range w.ResellerAccounts() {
		r := Reseller{Key: key, Admin: ra.SuperAdmin}
		for _, d := range ra.Domains[1:] {
			if a := activeAccountOn(snap, d); a != "" {
				r.DomainActors = append(r.DomainActors, a)
			}
		}
		e.Resellers = append(e.Resellers, r)
	}
	return e
}

// activeAccountOn picks an account on domain d that can list d's
// customers: admin@d when it is active, else the first active account.
func activeAccountOn(snap fake.Snapshot, d string) string {
	first := ""
	for _, t := range snap.Tenants {
		for _, u := range t.Users {
			if u.Suspended || u.Archived || u.Deleted || !strings.HasSuffix(strings.ToLower(u.Email), "@"+d) {
				continue
			}
			if strings.EqualFold(u.Email, "admin@"+d) {
				return u.Email
			}
			if first == "" {
				first = u.Email
			}
		}
	}
	return first
}

// Dial connects as subject with key: to Google, or to the fake at the
// Env's endpoint without pacing (the fake is not Google's quota) and with
// short retries. The Conn's clock is the Env's, which judges expiry (P4)
// and the reopen window (C9). extra options come last.
func (e *Env) Dial(ctx context.Context, key []byte, subject string, extra ...resellerkit.Option) (*resellerkit.Conn, error) {
	opts := []resellerkit.Option{resellerkit.WithServiceAccountJSON(key), resellerkit.WithSubject(subject)}
	if e.Now != nil {
		opts = append(opts, resellerkit.WithClock(e.Now))
	}
	if e.Endpoint != "" {
		opts = append(opts,
			resellerkit.WithEndpoint(e.Endpoint),
			resellerkit.WithPacing(resellerkit.Pacing{}),
			resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: time.Millisecond, Max: 10 * time.Millisecond}))
	}
	opts = append(opts, extra...)
	conn, err := resellerkit.Dial(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("connecting as %s: %w", subject, err)
	}
	return conn, nil
}

// Usage makes fs print, on -h, what the program does, example commands
// and its flags, on fs's output. Parse then returns flag.ErrHelp, which
// [Main] turns into exit status 0.
func Usage(fs *flag.FlagSet, summary string, examples ...string) {
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "%s: %s\n\nExamples:\n", fs.Name(), summary)
		for _, ex := range examples {
			fmt.Fprintf(out, "  %s\n", ex)
		}
		fmt.Fprint(out, "\nFlags:\n")
		fs.PrintDefaults()
	}
}

// ExitCode is the exit status of a program whose run returned err: 0 for
// success and for -h (flag.ErrHelp), 2 for an error, which it prints to
// stderr after the program's name. A flag error is already printed by the
// flag package, with the usage.
func ExitCode(name string, err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	return 2
}

// Main runs a program's run with a context that ends on SIGINT or SIGTERM,
// and exits with [ExitCode].
func Main(name string, run func(ctx context.Context, args []string, stdout, stderr io.Writer) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(ExitCode(name, err, os.Stderr))
}
