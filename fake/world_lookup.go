package fake

import (
	"errors"
	"fmt"
	"strings"
)

// World methods that look up IDs and change state without HTTP and without
// authorization: what a test needs to know (a user's ID, a role's ID) or to
// make happen outside the APIs the fake serves (an admin suspends a user in
// the console, a customer revokes reseller access, a domain is verified, a
// customer is transferred). They take emails, domains and customer IDs, and
// return plain Go errors that name what was wrong.

func (w *World) tenantOrErr(customer string) (*tenant, error) {
	t := w.tenantByKey(customer)
	if t == nil {
		return nil, fmt.Errorf("fake: no tenant with customer ID or domain %q", customer)
	}
	return t, nil
}

func (w *World) userOrErr(email string) (*user, error) {
	u := w.lookupUser(email)
	if u == nil || u.deleted {
		return nil, fmt.Errorf("fake: no user %q", email)
	}
	return u, nil
}

func (w *World) customerOrErr(customer string) (*tenant, error) {
	t, err := w.tenantOrErr(customer)
	if err != nil {
		return nil, err
	}
	if t.cust == nil {
		return nil, fmt.Errorf("fake: tenant %s is not a reseller customer", t.id)
	}
	return t, nil
}

// UserID returns the immutable ID of the user with this primary email or
// alias.
func (w *World) UserID(email string) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, err := w.userOrErr(email)
	if err != nil {
		return "", err
	}
	return u.id, nil
}

// CustomerID returns the customer ID of the tenant owning domain.
func (w *World) CustomerID(domain string) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, err := w.tenantOrErr(domain)
	if err != nil {
		return "", err
	}
	return t.id, nil
}

// OrgUnitID returns the ID ("id:...") of the org unit at path in customer.
func (w *World) OrgUnitID(customer, path string) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, err := w.tenantOrErr(customer)
	if err != nil {
		return "", err
	}
	ou := t.ouByPath[strings.ToLower(cleanOUPath(path))]
	if ou == nil {
		return "", fmt.Errorf("fake: tenant %s has no org unit %q", t.id, path)
	}
	return ou.id, nil
}

// RoleID returns the ID of the role named name (case-insensitive) in
// customer, e.g. [roles.ResellerAdminRoleName].
func (w *World) RoleID(customer, name string) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, err := w.tenantOrErr(customer)
	if err != nil {
		return 0, err
	}
	for _, r := range t.roles {
		if strings.EqualFold(r.name, name) {
			return r.id, nil
		}
	}
	return 0, fmt.Errorf("fake: tenant %s has no role %q", t.id, name)
}

// AddUser adds a user to customer (a customer ID or domain) and returns its
// ID. Its Roles are assigned customer-wide.
func (w *World) AddUser(customer string, u UserSeed) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, err := w.tenantOrErr(customer)
	if err != nil {
		return "", err
	}
	nu, err := w.seedUser(t, &u)
	if err != nil {
		return "", fmt.Errorf("fake: AddUser %s: %w", u.Email, err)
	}
	for _, rn := range u.Roles {
		if _, err := w.seedAssignment(t, AssignmentSeed{Role: rn, Assignee: nu.id}); err != nil {
			return "", fmt.Errorf("fake: AddUser %s: role %s: %w", u.Email, rn, err)
		}
	}
	return nu.id, nil
}

// AddGroup adds a group to customer and returns its ID. Members must exist.
func (w *World) AddGroup(customer string, g GroupSeed) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, err := w.tenantOrErr(customer)
	if err != nil {
		return "", err
	}
	ng, err := w.addGroup(t, g.Email, g.Name)
	if err != nil {
		return "", fmt.Errorf("fake: AddGroup %s: %w", g.Email, err)
	}
	if err := w.seedGroupDetails(ng, g); err != nil {
		return "", fmt.Errorf("fake: AddGroup %s: %w", g.Email, err)
	}
	for _, m := range g.Members {
		if err := w.addMember(ng, m); err != nil {
			return "", fmt.Errorf("fake: AddGroup %s: member %s: %w", g.Email, m, err)
		}
	}
	if err := w.seedMemberSettings(ng, g); err != nil {
		return "", fmt.Errorf("fake: AddGroup %s: %w", g.Email, err)
	}
	return ng.id, nil
}

// AddRole adds a custom role to customer and returns its ID.
func (w *World) AddRole(customer string, r RoleSeed) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, err := w.tenantOrErr(customer)
	if err != nil {
		return 0, err
	}
	nr, e := w.addRole(t, r.Name, r.Description, r.Privileges)
	if e != nil {
		return 0, fmt.Errorf("fake: AddRole %s: %s", r.Name, e.Message)
	}
	return nr.id, nil
}

// Assign adds a role assignment in customer and returns its ID. Unlike
// roleAssignments.insert it accepts an expiry in the past, so tests can
// build expired assignments (rule P4).
func (w *World) Assign(customer string, a AssignmentSeed) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, err := w.tenantOrErr(customer)
	if err != nil {
		return 0, err
	}
	na, err := w.seedAssignment(t, a)
	if err != nil {
		return 0, fmt.Errorf("fake: Assign %s to %s: %w", a.Role, a.Assignee, err)
	}
	return na.id, nil
}

// SetSuspended suspends or unsuspends a user.
func (w *World) SetSuspended(email string, suspended bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, err := w.userOrErr(email)
	if err != nil {
		return err
	}
	u.suspended = suspended
	u.rev = w.nextRev()
	w.authzGen++
	return nil
}

// SetArchived archives or unarchives a user.
func (w *World) SetArchived(email string, archived bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, err := w.userOrErr(email)
	if err != nil {
		return err
	}
	u.archived = archived
	u.rev = w.nextRev()
	w.authzGen++
	return nil
}

// DeleteUser deletes a user as users.delete does.
func (w *World) DeleteUser(email string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, err := w.userOrErr(email)
	if err != nil {
		return err
	}
	w.removeUser(u)
	return nil
}

// VerifyDomain marks a secondary domain or a domain alias verified, as
// Google's Site Verification would (rule D4).
func (w *World) VerifyDomain(name string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := normDomain(name)
	if d := w.domains[n]; d != nil {
		d.verified = true
		d.rev = w.nextRev()
		return nil
	}
	if a := w.aliases[n]; a != nil {
		a.verified = true
		a.rev = w.nextRev()
		return nil
	}
	return fmt.Errorf("fake: no domain %q", name)
}

// SetResellerAccess turns a customer's reseller access on or off (a console
// setting at Google; off makes customers.get answer 403, rule D5).
func (w *World) SetResellerAccess(customer string, granted bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, err := w.customerOrErr(customer)
	if err != nil {
		return err
	}
	t.cust.accessRevoked = !granted
	t.cust.rev = w.nextRev()
	w.authzGen++
	return nil
}

// Transfer moves a customer to the reseller account owning toResellerDomain
// and assigns it to that domain, closing the current tenure at the World's
// time and opening a new one (rule C4 depends on the history). Moving to
// another domain of the same reseller account only reassigns the domain.
func (w *World) Transfer(customer, toResellerDomain string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, err := w.customerOrErr(customer)
	if err != nil {
		return err
	}
	d := w.domains[normDomain(toResellerDomain)]
	if d == nil || !d.t.reseller {
		return fmt.Errorf("fake: Transfer: %q is not a domain of a reseller account", toResellerDomain)
	}
	c := t.cust
	if d.t != c.reseller {
		last := &c.tenure[len(c.tenure)-1]
		last.to = w.now
		c.tenure = append(c.tenure, tenureEntry{reseller: d.t, domain: d.name, from: w.now})
	} else {
		c.tenure[len(c.tenure)-1].domain = d.name
	}
	c.reseller, c.resellerDomain = d.t, d.name
	c.rev = w.nextRev()
	w.authzGen++
	return nil
}

// SetSeats sets the seats of a SKU on a tenant (adding the SKU if needed).
// Seats below the number already assigned are refused.
func (w *World) SetSeats(customer, productID, skuID string, seats int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, err := w.tenantOrErr(customer)
	if err != nil {
		return err
	}
	if s := t.skus[skuKey{productID, skuID}]; s != nil && seats < s.assigned {
		return fmt.Errorf("fake: SetSeats: %d seats of %s/%s are assigned; cannot lower to %d", s.assigned, productID, skuID, seats)
	}
	var ks SKUSeed
	if s := t.skus[skuKey{productID, skuID}]; s != nil {
		ks = SKUSeed{ProductID: productID, SKUID: skuID, ProductName: s.productName, SKUName: s.skuName, Seats: seats}
	} else {
		ks = SKUSeed{ProductID: productID, SKUID: skuID, Seats: seats}
	}
	if err := w.setSKU(t, ks); err != nil {
		return fmt.Errorf("fake: SetSeats: %w", err)
	}
	return nil
}

// AssignLicense gives a user a license directly (seat limits and rule L1
// still apply).
func (w *World) AssignLicense(email, productID, skuID string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, err := w.userOrErr(email)
	if err != nil {
		return err
	}
	if _, e := w.assignLicense(u, productID, skuID); e != nil {
		return fmt.Errorf("fake: AssignLicense %s %s/%s: %s", email, productID, skuID, e.Message)
	}
	return nil
}

// ResellerAccount describes one reseller account of the World, as the
// fakeworkspace command announces it.
type ResellerAccount struct {
	CustomerID string   `json:"customerId"`
	Domains    []string `json:"domains"`
	SuperAdmin string   `json:"superAdmin"`
}

// ResellerAccounts lists the reseller accounts in creation order, each with
// its domains (primary first) and its first active super admin ("" when it
// has none).
func (w *World) ResellerAccounts() []ResellerAccount {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []ResellerAccount
	for _, t := range w.tenantList {
		if !t.reseller {
			continue
		}
		ra := ResellerAccount{CustomerID: t.id}
		for _, d := range t.domains {
			ra.Domains = append(ra.Domains, d.name)
		}
		ra.SuperAdmin = w.superAdminOf(t)
		out = append(out, ra)
	}
	return out
}

// superAdminOf returns the first active super admin of t, by creation.
func (w *World) superAdminOf(t *tenant) string {
	for _, u := range t.users {
		if u.active() && w.grantsOf(u).super {
			return u.email
		}
	}
	return ""
}

// SuperAdmin returns the email of the first active super admin of customer.
func (w *World) SuperAdmin(customer string) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, err := w.tenantOrErr(customer)
	if err != nil {
		return "", err
	}
	if e := w.superAdminOf(t); e != "" {
		return e, nil
	}
	return "", errors.New("fake: tenant " + t.id + " has no active super admin")
}
