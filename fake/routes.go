package fake

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	admin "google.golang.org/api/admin/directory/v1"
	licensing "google.golang.org/api/licensing/v1"
)

// sharedRoutes is the ServeMux of every API method the fake serves, built
// once and shared by all Servers (registering ~45 patterns per Server was
// most of a Server's start-up time). Its handlers find their Server through
// the *serverWriter that [Server.ServeHTTP] wraps the ResponseWriter in.
var sharedRoutes = sync.OnceValue(func() *http.ServeMux {
	mux := http.NewServeMux()
	registerRoutes(mux)
	return mux
})

// serverWriter carries the Server serving a request to the shared handlers.
type serverWriter struct {
	http.ResponseWriter
	s *Server
}

// worldFunc is one API method over a World.
type worldFunc func(w *World, r *http.Request, as string) (any, *APIError)

// handleShared registers an API method at its REST path in the shared mux.
func handleShared(mux *http.ServeMux, pattern, method string, h worldFunc) {
	api, _, _ := strings.Cut(method, ".")
	mux.HandleFunc(pattern, withServer(func(s *Server, rw http.ResponseWriter, r *http.Request) {
		s.serve(rw, r, method, api, h, nil)
	}))
}

// withServer adapts a handler that needs its Server to the shared mux.
func withServer(h func(s *Server, rw http.ResponseWriter, r *http.Request)) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		sw, ok := rw.(*serverWriter)
		if !ok {
			writeError(rw, &APIError{Code: 500, Reason: "internalError", Message: "fake: a shared route was served outside a Server"})
			return
		}
		h(sw.s, sw.ResponseWriter, r)
	}
}

// registerRoutes registers every API method the fake serves at its
// flatPath from the discovery documents of google.golang.org/api v0.311.0.
// Anything else goes to the Server's own mux: the support-case routes
// of the Cloud Support API (cases_routes.go), then 501.
func registerRoutes(mux *http.ServeMux) {
	const dir = "/admin/directory/v1/"
	const cust = dir + "customer/{customer}/"

	// Directory: users.
	handleShared(mux, "GET "+dir+"users/{userKey}", "directory.users.get", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nilIfErr(w.getUser(as, r.PathValue("userKey")))
	})
	handleShared(mux, "GET "+dir+"users", "directory.users.list", func(w *World, r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		showDeleted, e := qBool(q.Get("showDeleted"), "showDeleted")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listUsers(as, usersQuery{Customer: q.Get("customer"), Domain: q.Get("domain"),
			Query: q.Get("query"), OrderBy: q.Get("orderBy"), SortOrder: q.Get("sortOrder"),
			ShowDeleted: showDeleted, MaxResults: max, PageToken: q.Get("pageToken")}))
	})
	handleShared(mux, "POST "+dir+"users", "directory.users.insert", func(w *World, r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.User](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.insertUser(as, in))
	})
	changeUser := func(op func(w *World, as, userKey string, in *admin.User) (*admin.User, *APIError)) worldFunc {
		return func(w *World, r *http.Request, as string) (any, *APIError) {
			in, e := decodeBody[admin.User](r)
			if e != nil {
				return nil, e
			}
			return nilIfErr(op(w, as, r.PathValue("userKey"), in))
		}
	}
	handleShared(mux, "PATCH "+dir+"users/{userKey}", "directory.users.patch", changeUser((*World).patchUser))
	handleShared(mux, "PUT "+dir+"users/{userKey}", "directory.users.update", changeUser((*World).updateUser))
	handleShared(mux, "DELETE "+dir+"users/{userKey}", "directory.users.delete", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nil, w.deleteUser(as, r.PathValue("userKey"))
	})

	// Directory: org units. get/patch/update/delete take {+orgUnitPath},
	// which may contain slashes.
	const ous = dir + "customer/{customerId}/orgunits"
	handleShared(mux, "GET "+ous, "directory.orgunits.list", func(w *World, r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		return nilIfErr(w.listOrgUnits(as, r.PathValue("customerId"), q.Get("orgUnitPath"), q.Get("type")))
	})
	handleShared(mux, "GET "+ous+"/{orgUnitPath...}", "directory.orgunits.get", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nilIfErr(w.getOrgUnit(as, r.PathValue("customerId"), r.PathValue("orgUnitPath")))
	})
	handleShared(mux, "POST "+ous, "directory.orgunits.insert", func(w *World, r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.OrgUnit](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.insertOrgUnit(as, r.PathValue("customerId"), in))
	})
	changeOU := func(op func(w *World, as, customerID, key string, in *admin.OrgUnit) (*admin.OrgUnit, *APIError)) worldFunc {
		return func(w *World, r *http.Request, as string) (any, *APIError) {
			in, e := decodeBody[admin.OrgUnit](r)
			if e != nil {
				return nil, e
			}
			return nilIfErr(op(w, as, r.PathValue("customerId"), r.PathValue("orgUnitPath"), in))
		}
	}
	handleShared(mux, "PATCH "+ous+"/{orgUnitPath...}", "directory.orgunits.patch", changeOU((*World).patchOrgUnit))
	handleShared(mux, "PUT "+ous+"/{orgUnitPath...}", "directory.orgunits.update", changeOU((*World).updateOrgUnit))
	handleShared(mux, "DELETE "+ous+"/{orgUnitPath...}", "directory.orgunits.delete", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nil, w.deleteOrgUnit(as, r.PathValue("customerId"), r.PathValue("orgUnitPath"))
	})

	// Directory: domains and domain aliases.
	handleShared(mux, "GET "+cust+"domains", "directory.domains.list", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nilIfErr(w.listDomains(as, r.PathValue("customer")))
	})
	handleShared(mux, "GET "+cust+"domains/{domainName}", "directory.domains.get", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nilIfErr(w.getDomain(as, r.PathValue("customer"), r.PathValue("domainName")))
	})
	handleShared(mux, "POST "+cust+"domains", "directory.domains.insert", func(w *World, r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.Domains](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.insertDomain(as, r.PathValue("customer"), in))
	})
	handleShared(mux, "DELETE "+cust+"domains/{domainName}", "directory.domains.delete", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nil, w.deleteDomain(as, r.PathValue("customer"), r.PathValue("domainName"))
	})
	handleShared(mux, "GET "+cust+"domainaliases", "directory.domainAliases.list", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nilIfErr(w.listDomainAliases(as, r.PathValue("customer"), r.URL.Query().Get("parentDomainName")))
	})
	handleShared(mux, "GET "+cust+"domainaliases/{domainAliasName}", "directory.domainAliases.get", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nilIfErr(w.getDomainAlias(as, r.PathValue("customer"), r.PathValue("domainAliasName")))
	})
	handleShared(mux, "POST "+cust+"domainaliases", "directory.domainAliases.insert", func(w *World, r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.DomainAlias](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.insertDomainAlias(as, r.PathValue("customer"), in))
	})
	handleShared(mux, "DELETE "+cust+"domainaliases/{domainAliasName}", "directory.domainAliases.delete", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nil, w.deleteDomainAlias(as, r.PathValue("customer"), r.PathValue("domainAliasName"))
	})

	// Directory: privileges, roles, role assignments.
	handleShared(mux, "GET "+cust+"roles/ALL/privileges", "directory.privileges.list", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nilIfErr(w.listPrivileges(as, r.PathValue("customer")))
	})
	handleShared(mux, "GET "+cust+"roles", "directory.roles.list", func(w *World, r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listRoles(as, r.PathValue("customer"), q.Get("pageToken"), max))
	})
	handleShared(mux, "GET "+cust+"roles/{roleId}", "directory.roles.get", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nilIfErr(w.getRole(as, r.PathValue("customer"), r.PathValue("roleId")))
	})
	handleShared(mux, "POST "+cust+"roles", "directory.roles.insert", func(w *World, r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.Role](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.insertRole(as, r.PathValue("customer"), in))
	})
	changeRole := func(op func(w *World, as, customer, roleID string, in *admin.Role) (*admin.Role, *APIError)) worldFunc {
		return func(w *World, r *http.Request, as string) (any, *APIError) {
			in, e := decodeBody[admin.Role](r)
			if e != nil {
				return nil, e
			}
			return nilIfErr(op(w, as, r.PathValue("customer"), r.PathValue("roleId"), in))
		}
	}
	handleShared(mux, "PATCH "+cust+"roles/{roleId}", "directory.roles.patch", changeRole((*World).patchRole))
	handleShared(mux, "PUT "+cust+"roles/{roleId}", "directory.roles.update", changeRole((*World).updateRole))
	handleShared(mux, "DELETE "+cust+"roles/{roleId}", "directory.roles.delete", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nil, w.deleteRole(as, r.PathValue("customer"), r.PathValue("roleId"))
	})
	handleShared(mux, "GET "+cust+"roleassignments", "directory.roleAssignments.list", func(w *World, r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		indirect, e := qBool(q.Get("includeIndirectRoleAssignments"), "includeIndirectRoleAssignments")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listRoleAssignments(as, r.PathValue("customer"), assignmentsQuery{
			RoleID: q.Get("roleId"), UserKey: q.Get("userKey"), IncludeIndirect: indirect,
			MaxResults: max, PageToken: q.Get("pageToken")}))
	})
	handleShared(mux, "GET "+cust+"roleassignments/{roleAssignmentId}", "directory.roleAssignments.get", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nilIfErr(w.getRoleAssignment(as, r.PathValue("customer"), r.PathValue("roleAssignmentId")))
	})
	handleShared(mux, "POST "+cust+"roleassignments", "directory.roleAssignments.insert", func(w *World, r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.RoleAssignment](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.insertRoleAssignment(as, r.PathValue("customer"), in))
	})
	handleShared(mux, "DELETE "+cust+"roleassignments/{roleAssignmentId}", "directory.roleAssignments.delete", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nil, w.deleteRoleAssignment(as, r.PathValue("customer"), r.PathValue("roleAssignmentId"))
	})

	// Licensing.
	const lic = "/apps/licensing/v1/product/{productId}/"
	handleShared(mux, "GET "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.get", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nilIfErr(w.getLicense(as, r.PathValue("productId"), r.PathValue("skuId"), r.PathValue("userId")))
	})
	handleShared(mux, "POST "+lic+"sku/{skuId}/user", "licensing.licenseAssignments.insert", func(w *World, r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[licensing.LicenseAssignmentInsert](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.insertLicense(as, r.PathValue("productId"), r.PathValue("skuId"), in))
	})
	reassignLicense := func(op func(w *World, as, product, skuID, userKey string, in *licensing.LicenseAssignment) (*licensing.LicenseAssignment, *APIError)) worldFunc {
		return func(w *World, r *http.Request, as string) (any, *APIError) {
			in, e := decodeBody[licensing.LicenseAssignment](r)
			if e != nil {
				return nil, e
			}
			return nilIfErr(op(w, as, r.PathValue("productId"), r.PathValue("skuId"), r.PathValue("userId"), in))
		}
	}
	handleShared(mux, "PATCH "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.patch", reassignLicense((*World).patchLicense))
	handleShared(mux, "PUT "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.update", reassignLicense((*World).updateLicense))
	handleShared(mux, "DELETE "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.delete", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nil, w.deleteLicense(as, r.PathValue("productId"), r.PathValue("skuId"), r.PathValue("userId"))
	})
	listLicenses := func(w *World, r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listLicenses(as, r.PathValue("productId"), r.PathValue("skuId"), q.Get("customerId"), q.Get("pageToken"), max))
	}
	handleShared(mux, "GET "+lic+"users", "licensing.licenseAssignments.listForProduct", listLicenses)
	handleShared(mux, "GET "+lic+"sku/{skuId}/users", "licensing.licenseAssignments.listForProductAndSku", listLicenses)

	// Reseller.
	handleShared(mux, "GET /apps/reseller/v1/customers/{customerId}", "reseller.customers.get", func(w *World, r *http.Request, as string) (any, *APIError) {
		return nilIfErr(w.getCustomer(as, r.PathValue("customerId")))
	})
	handleShared(mux, "GET /apps/reseller/v1/subscriptions", "reseller.subscriptions.list", func(w *World, r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listSubscriptions(as, subscriptionsQuery{CustomerID: q.Get("customerId"),
			CustomerNamePrefix: q.Get("customerNamePrefix"), CustomerAuthToken: q.Get("customerAuthToken"),
			MaxResults: max, PageToken: q.Get("pageToken")}))
	})

	mux.HandleFunc("POST /token", withServer(func(s *Server, rw http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, "oauth2.token")
		s.mu.Unlock()
		s.serveToken(rw, r)
	}))
	mux.HandleFunc("/", withServer(func(s *Server, rw http.ResponseWriter, r *http.Request) {
		s.own.ServeHTTP(rw, r)
	}))
}

// nilIfErr turns a typed (value, error) pair into (any, error) without
// wrapping a nil pointer in a non-nil interface.
func nilIfErr[T any](v *T, e *APIError) (any, *APIError) {
	if e != nil || v == nil {
		return nil, e
	}
	return v, nil
}

func qInt(s, name string) (int64, *APIError) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, errInvalid("Invalid value for %s: %q", name, s)
	}
	return n, nil
}

func qBool(s, name string) (bool, *APIError) {
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, errInvalid("Invalid value for %s: %q", name, s)
	}
	return b, nil
}
