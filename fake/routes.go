package fake

import (
	"net/http"
	"strconv"

	admin "google.golang.org/api/admin/directory/v1"
	licensing "google.golang.org/api/licensing/v1"
)

// routes registers every API method the Server serves at its flatPath from
// the discovery documents of google.golang.org/api v0.311.0.
func (s *Server) routes(mux *http.ServeMux) {
	const dir = "/admin/directory/v1/"
	const cust = dir + "customer/{customer}/"

	// Directory: users.
	s.handle(mux, "GET "+dir+"users/{userKey}", "directory.users.get", func(r *http.Request, as string) (any, *APIError) {
		return nilIfErr(s.world.getUser(as, r.PathValue("userKey")))
	})
	s.handle(mux, "GET "+dir+"users", "directory.users.list", func(r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		showDeleted, e := qBool(q.Get("showDeleted"), "showDeleted")
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.listUsers(as, usersQuery{Customer: q.Get("customer"), Domain: q.Get("domain"),
			Query: q.Get("query"), OrderBy: q.Get("orderBy"), SortOrder: q.Get("sortOrder"),
			ShowDeleted: showDeleted, MaxResults: max, PageToken: q.Get("pageToken")}))
	})
	s.handle(mux, "POST "+dir+"users", "directory.users.insert", func(r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.User](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.insertUser(as, in))
	})
	patchUser := func(r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.User](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.patchUser(as, r.PathValue("userKey"), in))
	}
	s.handle(mux, "PATCH "+dir+"users/{userKey}", "directory.users.patch", patchUser)
	s.handle(mux, "PUT "+dir+"users/{userKey}", "directory.users.update", patchUser)
	s.handle(mux, "DELETE "+dir+"users/{userKey}", "directory.users.delete", func(r *http.Request, as string) (any, *APIError) {
		return nil, s.world.deleteUser(as, r.PathValue("userKey"))
	})

	// Directory: org units. get/patch/update/delete take {+orgUnitPath},
	// which may contain slashes.
	const ous = dir + "customer/{customerId}/orgunits"
	s.handle(mux, "GET "+ous, "directory.orgunits.list", func(r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		return nilIfErr(s.world.listOrgUnits(as, r.PathValue("customerId"), q.Get("orgUnitPath"), q.Get("type")))
	})
	s.handle(mux, "GET "+ous+"/{orgUnitPath...}", "directory.orgunits.get", func(r *http.Request, as string) (any, *APIError) {
		return nilIfErr(s.world.getOrgUnit(as, r.PathValue("customerId"), r.PathValue("orgUnitPath")))
	})
	s.handle(mux, "POST "+ous, "directory.orgunits.insert", func(r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.OrgUnit](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.insertOrgUnit(as, r.PathValue("customerId"), in))
	})
	patchOU := func(r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.OrgUnit](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.patchOrgUnit(as, r.PathValue("customerId"), r.PathValue("orgUnitPath"), in))
	}
	s.handle(mux, "PATCH "+ous+"/{orgUnitPath...}", "directory.orgunits.patch", patchOU)
	s.handle(mux, "PUT "+ous+"/{orgUnitPath...}", "directory.orgunits.update", patchOU)
	s.handle(mux, "DELETE "+ous+"/{orgUnitPath...}", "directory.orgunits.delete", func(r *http.Request, as string) (any, *APIError) {
		return nil, s.world.deleteOrgUnit(as, r.PathValue("customerId"), r.PathValue("orgUnitPath"))
	})

	// Directory: domains and domain aliases.
	s.handle(mux, "GET "+cust+"domains", "directory.domains.list", func(r *http.Request, as string) (any, *APIError) {
		return nilIfErr(s.world.listDomains(as, r.PathValue("customer")))
	})
	s.handle(mux, "GET "+cust+"domains/{domainName}", "directory.domains.get", func(r *http.Request, as string) (any, *APIError) {
		return nilIfErr(s.world.getDomain(as, r.PathValue("customer"), r.PathValue("domainName")))
	})
	s.handle(mux, "POST "+cust+"domains", "directory.domains.insert", func(r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.Domains](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.insertDomain(as, r.PathValue("customer"), in))
	})
	s.handle(mux, "DELETE "+cust+"domains/{domainName}", "directory.domains.delete", func(r *http.Request, as string) (any, *APIError) {
		return nil, s.world.deleteDomain(as, r.PathValue("customer"), r.PathValue("domainName"))
	})
	s.handle(mux, "GET "+cust+"domainaliases", "directory.domainAliases.list", func(r *http.Request, as string) (any, *APIError) {
		return nilIfErr(s.world.listDomainAliases(as, r.PathValue("customer"), r.URL.Query().Get("parentDomainName")))
	})
	s.handle(mux, "GET "+cust+"domainaliases/{domainAliasName}", "directory.domainAliases.get", func(r *http.Request, as string) (any, *APIError) {
		return nilIfErr(s.world.getDomainAlias(as, r.PathValue("customer"), r.PathValue("domainAliasName")))
	})
	s.handle(mux, "POST "+cust+"domainaliases", "directory.domainAliases.insert", func(r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.DomainAlias](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.insertDomainAlias(as, r.PathValue("customer"), in))
	})
	s.handle(mux, "DELETE "+cust+"domainaliases/{domainAliasName}", "directory.domainAliases.delete", func(r *http.Request, as string) (any, *APIError) {
		return nil, s.world.deleteDomainAlias(as, r.PathValue("customer"), r.PathValue("domainAliasName"))
	})

	// Directory: privileges, roles, role assignments.
	s.handle(mux, "GET "+cust+"roles/ALL/privileges", "directory.privileges.list", func(r *http.Request, as string) (any, *APIError) {
		return nilIfErr(s.world.listPrivileges(as, r.PathValue("customer")))
	})
	s.handle(mux, "GET "+cust+"roles", "directory.roles.list", func(r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.listRoles(as, r.PathValue("customer"), q.Get("pageToken"), max))
	})
	s.handle(mux, "GET "+cust+"roles/{roleId}", "directory.roles.get", func(r *http.Request, as string) (any, *APIError) {
		return nilIfErr(s.world.getRole(as, r.PathValue("customer"), r.PathValue("roleId")))
	})
	s.handle(mux, "POST "+cust+"roles", "directory.roles.insert", func(r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.Role](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.insertRole(as, r.PathValue("customer"), in))
	})
	patchRole := func(r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.Role](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.patchRole(as, r.PathValue("customer"), r.PathValue("roleId"), in))
	}
	s.handle(mux, "PATCH "+cust+"roles/{roleId}", "directory.roles.patch", patchRole)
	s.handle(mux, "PUT "+cust+"roles/{roleId}", "directory.roles.update", patchRole)
	s.handle(mux, "DELETE "+cust+"roles/{roleId}", "directory.roles.delete", func(r *http.Request, as string) (any, *APIError) {
		return nil, s.world.deleteRole(as, r.PathValue("customer"), r.PathValue("roleId"))
	})
	s.handle(mux, "GET "+cust+"roleassignments", "directory.roleAssignments.list", func(r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		indirect, e := qBool(q.Get("includeIndirectRoleAssignments"), "includeIndirectRoleAssignments")
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.listRoleAssignments(as, r.PathValue("customer"), assignmentsQuery{
			RoleID: q.Get("roleId"), UserKey: q.Get("userKey"), IncludeIndirect: indirect,
			MaxResults: max, PageToken: q.Get("pageToken")}))
	})
	s.handle(mux, "GET "+cust+"roleassignments/{roleAssignmentId}", "directory.roleAssignments.get", func(r *http.Request, as string) (any, *APIError) {
		return nilIfErr(s.world.getRoleAssignment(as, r.PathValue("customer"), r.PathValue("roleAssignmentId")))
	})
	s.handle(mux, "POST "+cust+"roleassignments", "directory.roleAssignments.insert", func(r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[admin.RoleAssignment](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.insertRoleAssignment(as, r.PathValue("customer"), in))
	})
	s.handle(mux, "DELETE "+cust+"roleassignments/{roleAssignmentId}", "directory.roleAssignments.delete", func(r *http.Request, as string) (any, *APIError) {
		return nil, s.world.deleteRoleAssignment(as, r.PathValue("customer"), r.PathValue("roleAssignmentId"))
	})

	// Licensing.
	const lic = "/apps/licensing/v1/product/{productId}/"
	s.handle(mux, "GET "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.get", func(r *http.Request, as string) (any, *APIError) {
		return nilIfErr(s.world.getLicense(as, r.PathValue("productId"), r.PathValue("skuId"), r.PathValue("userId")))
	})
	s.handle(mux, "POST "+lic+"sku/{skuId}/user", "licensing.licenseAssignments.insert", func(r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[licensing.LicenseAssignmentInsert](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.insertLicense(as, r.PathValue("productId"), r.PathValue("skuId"), in))
	})
	patchLicense := func(r *http.Request, as string) (any, *APIError) {
		in, e := decodeBody[licensing.LicenseAssignment](r)
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.patchLicense(as, r.PathValue("productId"), r.PathValue("skuId"), r.PathValue("userId"), in))
	}
	s.handle(mux, "PATCH "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.patch", patchLicense)
	s.handle(mux, "PUT "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.update", patchLicense)
	s.handle(mux, "DELETE "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.delete", func(r *http.Request, as string) (any, *APIError) {
		return nil, s.world.deleteLicense(as, r.PathValue("productId"), r.PathValue("skuId"), r.PathValue("userId"))
	})
	listLicenses := func(r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.listLicenses(as, r.PathValue("productId"), r.PathValue("skuId"), q.Get("customerId"), q.Get("pageToken"), max))
	}
	s.handle(mux, "GET "+lic+"users", "licensing.licenseAssignments.listForProduct", listLicenses)
	s.handle(mux, "GET "+lic+"sku/{skuId}/users", "licensing.licenseAssignments.listForProductAndSku", listLicenses)

	// Reseller.
	s.handle(mux, "GET /apps/reseller/v1/customers/{customerId}", "reseller.customers.get", func(r *http.Request, as string) (any, *APIError) {
		return nilIfErr(s.world.getCustomer(as, r.PathValue("customerId")))
	})
	s.handle(mux, "GET /apps/reseller/v1/subscriptions", "reseller.subscriptions.list", func(r *http.Request, as string) (any, *APIError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		return nilIfErr(s.world.listSubscriptions(as, subscriptionsQuery{CustomerID: q.Get("customerId"),
			CustomerNamePrefix: q.Get("customerNamePrefix"), CustomerAuthToken: q.Get("customerAuthToken"),
			MaxResults: max, PageToken: q.Get("pageToken")}))
	})

	// Support cases (issue 5).
	s.routeCases(mux)

	mux.HandleFunc("POST /token", func(rw http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, "oauth2.token")
		s.mu.Unlock()
		s.serveToken(rw, r)
	})
	mux.HandleFunc("/", s.notImplemented)
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
