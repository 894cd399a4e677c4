package roles_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/roles"
)

// The tests' reseller account: one tenant of the fake, with a super admin
// and the /Staff org unit.
const (
	suiteCustomer = "C01su1te0"
	suiteDomain   = "suite-reseller.example"
	suiteAdmin    = "admin@" + suiteDomain
)

func suiteSeed(legacy bool) fake.Seed {
	return fake.Seed{Tenants: []fake.TenantSeed{{
		CustomerID: suiteCustomer,
		Name:       "Suite Reseller",
		Reseller:   true,
		Legacy:     legacy,
		Domains:    []fake.DomainSeed{{Name: suiteDomain}},
		OrgUnits:   []fake.OrgUnitSeed{{Path: "/Staff"}},
		Users: []fake.UserSeed{{
			Email: suiteAdmin, GivenName: "Ada", FamilyName: "Admin", Roles: []string{roles.SuperAdminRoleName},
		}},
	}}}
}

func newWorld(t testing.TB, legacy bool) *fake.World {
	t.Helper()
	w, err := fake.NewWorld(suiteSeed(legacy))
	if err != nil {
		t.Fatalf("NewWorld: %v", err)
	}
	return w
}

// serve starts an in-process fake.Server over w.
func serve(t testing.TB, w *fake.World, opts ...fake.Option) *fake.Server {
	t.Helper()
	return faketest.NewServer(t, w, append([]fake.Option{fake.WithoutListener()}, opts...)...)
}

// connect returns a Conn to srv acting as email, with the World's clock.
func connect(t testing.TB, srv *fake.Server, email string, opts ...resellerkit.Option) *resellerkit.Conn {
	t.Helper()
	conn, err := srv.Conn(t.Context(), email, opts...)
	if err != nil {
		t.Fatalf("Conn(%s): %v", email, err)
	}
	return conn
}

// newService is roles.New, failing t on error.
func newService(t testing.TB, conn *resellerkit.Conn, opts ...roles.Option) *roles.Service {
	t.Helper()
	s, err := roles.New(conn, opts...)
	if err != nil {
		t.Fatalf("roles.New: %v", err)
	}
	return s
}

// suiteService returns a Service acting as the suite's super admin over a
// fresh World, with the World and its Server.
func suiteService(t testing.TB, opts ...fake.Option) (*roles.Service, *fake.World, *fake.Server) {
	t.Helper()
	w := newWorld(t, false)
	srv := serve(t, w, opts...)
	return newService(t, connect(t, srv, suiteAdmin)), w, srv
}

// wire sits between google.go and the fake, as a proxy between the SDK and
// Google would: it sees every request, and a test may answer one itself to
// put Google in a state the World cannot hold (a listing that lags behind a
// write, a role created by someone else between two calls). It speaks the
// wire format only; the fake still answers everything it lets through.
type wire struct {
	base http.RoundTripper

	mu sync.Mutex
	// intercept, when set, sees each request with its discovery method ID;
	// a non-nil response is answered instead of the fake's.
	intercept func(method string, r *http.Request) *http.Response
	seen      []seenRequest
}

type seenRequest struct {
	method string
	query  map[string][]string
}

// wiredConn returns a Conn to srv acting as email whose requests pass
// through a new wire.
func wiredConn(t testing.TB, srv *fake.Server, email string) (*resellerkit.Conn, *wire) {
	t.Helper()
	wr := &wire{base: srv.Transport()}
	return connect(t, srv, email, resellerkit.WithHTTPClient(&http.Client{Transport: wr})), wr
}

func (wr *wire) RoundTrip(r *http.Request) (*http.Response, error) {
	m := directoryMethod(r)
	wr.mu.Lock()
	wr.seen = append(wr.seen, seenRequest{method: m, query: r.URL.Query()})
	intercept := wr.intercept
	wr.mu.Unlock()
	if intercept != nil {
		if res := intercept(m, r); res != nil {
			if r.Body != nil {
				r.Body.Close()
			}
			res.Request = r
			return res, nil
		}
	}
	return wr.base.RoundTrip(r)
}

// setIntercept installs f (nil removes it).
func (wr *wire) setIntercept(f func(method string, r *http.Request) *http.Response) {
	wr.mu.Lock()
	defer wr.mu.Unlock()
	wr.intercept = f
}

// requests returns the requests seen for method.
func (wr *wire) requests(method string) []seenRequest {
	wr.mu.Lock()
	defer wr.mu.Unlock()
	var out []seenRequest
	for _, s := range wr.seen {
		if s.method == method {
			out = append(out, s)
		}
	}
	return out
}

// directoryMethod names the Directory call of r by its discovery method ID,
// for the calls of package roles.
func directoryMethod(r *http.Request) string {
	const prefix = "admin/directory/v1/customer/"
	p := r.URL.Path
	i := strings.Index(p, prefix)
	if i < 0 {
		if strings.Contains(p, "admin/directory/v1/users/") {
			return "directory.users.get"
		}
		return r.Method + " " + p
	}
	parts := strings.Split(strings.Trim(p[i+len(prefix):], "/"), "/") // customer, collection, ...
	if len(parts) < 2 {
		return r.Method + " " + p
	}
	get := r.Method == http.MethodGet
	switch coll, rest := parts[1], parts[2:]; {
	case coll == "roles" && len(rest) == 2 && rest[0] == "ALL" && rest[1] == "privileges":
		return "directory.privileges.list"
	case coll == "roles" && len(rest) == 0 && get:
		return "directory.roles.list"
	case coll == "roles" && len(rest) == 0:
		return "directory.roles.insert"
	case coll == "roles" && get:
		return "directory.roles.get"
	case coll == "roles":
		return "directory.roles.delete"
	case coll == "roleassignments" && len(rest) == 0 && get:
		return "directory.roleAssignments.list"
	case coll == "roleassignments" && len(rest) == 0:
		return "directory.roleAssignments.insert"
	case coll == "roleassignments" && get:
		return "directory.roleAssignments.get"
	case coll == "roleassignments":
		return "directory.roleAssignments.delete"
	}
	return r.Method + " " + p
}

// jsonAnswer is a 200 answer with body, as Google sends it.
func jsonAnswer(body string) *http.Response {
	return &http.Response{
		Status:     "200 OK",
		StatusCode: http.StatusOK,
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json; charset=UTF-8"}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
	}
}

func countCalls(log []string, method string) int {
	n := 0
	for _, m := range log {
		if m == method {
			n++
		}
	}
	return n
}

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

// A hand-built tree for the pure tests of Tree and EffectiveFrom, shaped
// like the fake's, with package roles' names.
const (
	svcAdmin    = roles.AdminAPIsServiceID
	svcReseller = roles.DefaultResellerToolsServiceID
)

func ref(svc, name string) roles.PrivilegeRef { return roles.PrivilegeRef{ServiceID: svc, Name: name} }

func testTree(legacy bool) []roles.Privilege {
	p := func(svc, name string, children ...roles.Privilege) roles.Privilege {
		sn := "admin_apis"
		if svc == svcReseller {
			sn = "reseller_tools"
		}
		return roles.Privilege{ServiceID: svc, ServiceName: sn, Name: name, Children: children}
	}
	resellerChildren := []roles.Privilege{
		p(svcReseller, roles.DefaultResellerCustomersName,
			p(svcReseller, roles.DefaultAddCustomersName),
			p(svcReseller, roles.DefaultViewCustomersName),
			p(svcReseller, roles.DefaultAccessCustomerSupportCasesName),
		),
		p(svcReseller, roles.DefaultResellerBillingName),
	}
	admin := []roles.Privilege{
		p(svcAdmin, roles.DefaultSupportName),
		{ServiceID: svcAdmin, ServiceName: "admin_apis", Name: roles.UsersAllName, OUScopable: true, Children: []roles.Privilege{
			{ServiceID: svcAdmin, ServiceName: "admin_apis", Name: roles.UsersRetrieveName, OUScopable: true},
		}},
	}
	if legacy {
		resellerChildren = append(resellerChildren, p(svcReseller, roles.DefaultResellerEnterpriseLegacySupportName))
		admin = append(admin, p(svcAdmin, roles.DefaultEnterpriseLegacySupportName))
	}
	return append([]roles.Privilege{p(svcReseller, roles.DefaultResellerToolsName, resellerChildren...)}, admin...)
}
