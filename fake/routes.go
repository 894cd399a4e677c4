package fake

import (
	"net/http"
	"strconv"
)

// REST path prefixes of the Directory API (flatPaths of the discovery
// document of google.golang.org/api v0.311.0).
const (
	directoryPath = "/admin/directory/v1/"
	customerPath  = directoryPath + "customer/{customer}/"
)

// routes builds the Server's own mux. Each resource family registers its
// API methods next to their handlers, at their REST paths: users.go,
// orgunits.go, domains.go, roles.go (privileges, roles, role
// assignments), licensing.go, reseller.go and cases_routes.go. The OAuth
// token endpoint is token.go's; anything else answers 501 naming the
// discovery method the request would have called.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	s.routeUsers(mux)
	s.routeUsersMore(mux) // users_more.go: aliases, makeAdmin, undelete
	s.routeGroups(mux)    // groups.go, members.go
	s.routeCustomers(mux) // customers.go: directory.customers.*
	s.routeOrgUnits(mux)
	s.routeDomains(mux)
	s.routeRoles(mux)
	s.routeLicensing(mux)
	s.routeReseller(mux)
	s.routeCases(mux)
	s.routeControl(mux)
	s.routeBatch(mux) // batch.go: /batch and each API's batch path
	mux.HandleFunc("POST /token", s.serveToken)
	mux.HandleFunc("/", s.notImplemented)
	return mux
}

// nilIfErr turns a typed (value, error) pair into (any, error) without
// wrapping a nil pointer in a non-nil interface.
func nilIfErr[T any](v *T, e *apiError) (any, *apiError) {
	if e != nil || v == nil {
		return nil, e
	}
	return v, nil
}

// withBody adapts an operation on a decoded request body of type T to a
// handler: the body is decoded first (400 parseError when it is not JSON).
func withBody[T, R any](op func(r *http.Request, as string, in *T) (*R, *apiError)) handlerFunc {
	return func(r *http.Request, as string) (any, *apiError) {
		in, e := decodeBody[T](r)
		if e != nil {
			return nil, e
		}
		if e := checkFieldsFor[R](r); e != nil {
			return nil, e // an invalid "fields" selection changes nothing
		}
		return nilIfErr(op(r, as, in))
	}
}

// qInt reads a non-negative integer query parameter; "" is 0.
func qInt(s, name string) (int64, *apiError) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, errInvalid("Invalid value for %s: %q", name, s)
	}
	return n, nil
}

// qBool reads a boolean query parameter; "" is false.
func qBool(s, name string) (bool, *apiError) {
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, errInvalid("Invalid value for %s: %q", name, s)
	}
	return b, nil
}
