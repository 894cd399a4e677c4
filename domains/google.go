package domains

import (
	"context"
	"strings"
	"time"

	admin "google.golang.org/api/admin/directory/v1"
	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/internal/gapi"
)

// googleAPI is the Service's view of Google: one method per API call, page
// by page, with no iteration and no business rules. It maps the generated
// structs to this package's types and classifies errors with
// [errs.Call], naming the failed API method in the error's Call;
// the rules live in the Service. Values it returns are not normalised: the
// Service normalises domains and addresses (rule D3).
//
// Scopes: admin.directory.user, admin.directory.orgunit,
// admin.directory.domain.readonly, apps.order.readonly (the read-only
// directory scopes suffice for the listings).
type googleAPI struct {
	dir *admin.Service
	res *reseller.Service
}

// userFilter narrows directory.users.list.
type userFilter struct {
	// orgUnitPath, if set, keeps the users of that org unit and the org
	// units below it (query orgUnitPath=...).
	orgUnitPath string
}

// newUser is the body of directory.users.insert.
type newUser struct {
	email       string
	givenName   string
	familyName  string
	orgUnitPath string
	password    Password
	// changePasswordAtNextLogin is true for every account the Service
	// creates: the generated password only gets the person in once.
	changePasswordAtNextLogin bool
}

// userChange is the body of directory.users.patch: only the fields set are
// sent.
type userChange struct {
	orgUnitPath string // "" leaves it as is
	suspended   *bool  // nil leaves it as is
}

// subscriptionFilter narrows reseller.subscriptions.list.
type subscriptionFilter struct {
	customerID         string // a customer ID or primary domain
	customerNamePrefix string
}

// listDomains calls directory.domains.list.
func (g *googleAPI) listDomains(ctx context.Context, customer string) ([]Domain, error) {
	res, err := g.dir.Domains.List(customer).Context(ctx).Do()
	if err != nil {
		return nil, errs.Call("directory.domains.list", err)
	}
	out := make([]Domain, 0, len(res.Domains))
	for _, d := range res.Domains {
		if d == nil {
			continue
		}
		out = append(out, fromDomain(d))
	}
	return out, nil
}

func fromDomain(d *admin.Domains) Domain {
	out := Domain{Name: d.DomainName, Primary: d.IsPrimary, Verified: d.Verified, CreationTime: fromMillis(d.CreationTime)}
	for _, a := range d.DomainAliases {
		if a != nil {
			out.Aliases = append(out.Aliases, DomainAlias{Name: a.DomainAliasName, Verified: a.Verified})
		}
	}
	return out
}

// getUser calls directory.users.get.
func (g *googleAPI) getUser(ctx context.Context, userKey string) (Account, error) {
	u, err := g.dir.Users.Get(userKey).Context(ctx).Do()
	if err != nil {
		return Account{}, errs.Call("directory.users.get", err)
	}
	return fromUser(u), nil
}

// listUsers calls directory.users.list with domain= and, for an org unit,
// query=orgUnitPath='...'.
func (g *googleAPI) listUsers(ctx context.Context, domain string, f userFilter, p resellerkit.PageRequest) (resellerkit.Page[Account], error) {
	call := g.dir.Users.List().Domain(domain).OrderBy("email")
	if f.orgUnitPath != "" {
		call = call.Query("orgUnitPath=" + quoteQuery(f.orgUnitPath))
	}
	res, err := gapi.Page(call, p.Size, p.Token).Context(ctx).Do()
	if err != nil {
		return resellerkit.Page[Account]{}, errs.Call("directory.users.list", err)
	}
	out := resellerkit.Page[Account]{NextPageToken: res.NextPageToken, Items: make([]Account, 0, len(res.Users))}
	for _, u := range res.Users {
		if u != nil {
			out.Items = append(out.Items, fromUser(u))
		}
	}
	return out, nil
}

// quoteQuery quotes a value of the users.list query language, which takes
// single quotes around values holding spaces; a quote inside is escaped
// with a backslash.
func quoteQuery(v string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(v, `\`, `\\`), "'", `\'`) + "'"
}

// insertUser calls directory.users.insert, once: the Conn does not resend
// a POST whose answer was lost (the Service does, through package idem).
// An address that exists is an error of KindAlreadyExists (409 duplicate).
// The password is sent in the request body only, over the Conn's TLS; it
// never reaches a log or an error.
func (g *googleAPI) insertUser(ctx context.Context, nu newUser) (Account, error) {
	in := &admin.User{
		PrimaryEmail:              nu.email,
		Name:                      &admin.UserName{GivenName: nu.givenName, FamilyName: nu.familyName},
		OrgUnitPath:               nu.orgUnitPath,
		Password:                  nu.password.Reveal(),
		ChangePasswordAtNextLogin: nu.changePasswordAtNextLogin,
	}
	u, err := g.dir.Users.Insert(in).Context(ctx).Do()
	if err != nil {
		return Account{}, errs.Call("directory.users.insert", err)
	}
	return fromUser(u), nil
}

// patchUser calls directory.users.patch with only the changed fields;
// suspended=false is sent explicitly (ForceSendFields).
func (g *googleAPI) patchUser(ctx context.Context, userKey string, ch userChange) (Account, error) {
	in := &admin.User{OrgUnitPath: ch.orgUnitPath}
	if ch.suspended != nil {
		in.Suspended = *ch.suspended
		in.ForceSendFields = append(in.ForceSendFields, "Suspended")
	}
	u, err := g.dir.Users.Patch(userKey, in).Context(ctx).Do()
	if err != nil {
		return Account{}, errs.Call("directory.users.patch", err)
	}
	return fromUser(u), nil
}

// setPassword calls directory.users.update (PUT, which Google documents
// with patch semantics and recommends over patch) with a new password and
// changePasswordAtNextLogin=true. Sending it twice has the effect of
// sending it once, so the Conn resends it after a lost answer with the
// same password. The password is in the body only; it never reaches a log
// or an error.
func (g *googleAPI) setPassword(ctx context.Context, userKey string, pw Password) (Account, error) {
	in := &admin.User{Password: pw.Reveal(), ChangePasswordAtNextLogin: true}
	u, err := g.dir.Users.Update(userKey, in).Context(ctx).Do()
	if err != nil {
		return Account{}, errs.Call("directory.users.update", err)
	}
	return fromUser(u), nil
}

func fromUser(u *admin.User) Account {
	a := Account{
		ID:               u.Id,
		Email:            u.PrimaryEmail,
		CustomerID:       u.CustomerId,
		OrgUnitPath:      u.OrgUnitPath,
		Suspended:        u.Suspended,
		SuspensionReason: u.SuspensionReason,
		Archived:         u.Archived,
		IsAdmin:          u.IsAdmin,
		IsDelegatedAdmin: u.IsDelegatedAdmin,
		Aliases:          append([]string(nil), u.Aliases...),
		CreationTime:     fromRFC3339(u.CreationTime),
		LastLoginTime:    fromRFC3339(u.LastLoginTime),
		ETag:             u.Etag,

		ChangePasswordAtNextLogin: u.ChangePasswordAtNextLogin,
	}
	if u.Name != nil {
		a.GivenName, a.FamilyName = u.Name.GivenName, u.Name.FamilyName
	}
	return a
}

// getOrgUnit calls directory.orgunits.get; the path goes without its
// leading slash, as the API's {+orgUnitPath} wants.
func (g *googleAPI) getOrgUnit(ctx context.Context, customer, path string) (OrgUnit, error) {
	ou, err := g.dir.Orgunits.Get(customer, strings.TrimPrefix(path, "/")).Context(ctx).Do()
	if err != nil {
		return OrgUnit{}, errs.Call("directory.orgunits.get", err)
	}
	return fromOrgUnit(ou), nil
}

// insertOrgUnit calls directory.orgunits.insert, once (see insertUser). An
// org unit that exists is answered 400 invalidOrgunit (see orgUnitExists).
func (g *googleAPI) insertOrgUnit(ctx context.Context, customer string, ou OrgUnit) (OrgUnit, error) {
	in := &admin.OrgUnit{Name: ou.Name, ParentOrgUnitPath: ou.ParentPath, Description: ou.Description}
	res, err := g.dir.Orgunits.Insert(customer, in).Context(ctx).Do()
	if err != nil {
		return OrgUnit{}, errs.Call("directory.orgunits.insert", err)
	}
	return fromOrgUnit(res), nil
}

func fromOrgUnit(ou *admin.OrgUnit) OrgUnit {
	return OrgUnit{
		ID:          ou.OrgUnitId,
		Path:        ou.OrgUnitPath,
		Name:        ou.Name,
		ParentPath:  ou.ParentOrgUnitPath,
		Description: ou.Description,
		ETag:        ou.Etag,
	}
}

// listSubscriptions calls reseller.subscriptions.list.
func (g *googleAPI) listSubscriptions(ctx context.Context, f subscriptionFilter, p resellerkit.PageRequest) (resellerkit.Page[Subscription], error) {
	call := g.res.Subscriptions.List()
	if f.customerID != "" {
		call = call.CustomerId(f.customerID)
	}
	if f.customerNamePrefix != "" {
		call = call.CustomerNamePrefix(f.customerNamePrefix)
	}
	res, err := gapi.Page(call, p.Size, p.Token).Context(ctx).Do()
	if err != nil {
		return resellerkit.Page[Subscription]{}, errs.Call("reseller.subscriptions.list", err)
	}
	out := resellerkit.Page[Subscription]{NextPageToken: res.NextPageToken, Items: make([]Subscription, 0, len(res.Subscriptions))}
	for _, s := range res.Subscriptions {
		if s != nil {
			out.Items = append(out.Items, fromSubscription(s))
		}
	}
	return out, nil
}

func fromSubscription(s *reseller.Subscription) Subscription {
	out := Subscription{
		ID:             s.SubscriptionId,
		CustomerID:     s.CustomerId,
		CustomerDomain: s.CustomerDomain,
		SKUID:          s.SkuId,
		SKUName:        s.SkuName,
		Status:         s.Status,
	}
	if s.Plan != nil {
		out.PlanName = s.Plan.PlanName
	}
	if s.Seats != nil {
		out.Seats = Seats{
			NumberOfSeats:         s.Seats.NumberOfSeats,
			MaximumNumberOfSeats:  s.Seats.MaximumNumberOfSeats,
			LicensedNumberOfSeats: s.Seats.LicensedNumberOfSeats,
		}
	}
	return out
}

// getCustomer calls reseller.customers.get. A customer that turned
// reseller access off, or that the reseller does not manage, is an error of
// KindPermissionDenied (403 forbidden). Only ID, Domain and DomainVerified
// are read from the result.
func (g *googleAPI) getCustomer(ctx context.Context, customerID string) (Customer, error) {
	c, err := g.res.Customers.Get(customerID).Context(ctx).Do()
	if err != nil {
		return Customer{}, errs.Call("reseller.customers.get", err)
	}
	return Customer{ID: c.CustomerId, Domain: c.CustomerDomain, DomainVerified: c.CustomerDomainVerified}, nil
}

func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// fromRFC3339 reads Google's timestamps; Google writes
// "1970-01-01T00:00:00.000Z" for "never", which becomes the zero time.
func fromRFC3339(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.Unix() <= 0 {
		return time.Time{}
	}
	return t.UTC()
}
