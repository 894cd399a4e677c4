package domains

import (
	"context"
	"strings"
	"time"

	admin "google.golang.org/api/admin/directory/v1"
	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/gapi"
)

// New returns a Service over Google's Directory and Reseller APIs, through
// conn: every call goes through the Conn's retry and pacing (rules W1-W4).
//
// The account the Conn acts as (its subject) decides which customers the
// Reseller API shows (rule D1). A Conn built from a token source does not
// know it: give it with [WithActor] for the D1 check and for
// [Service.ResellerAccount]'s customer ID.
//
// Scopes: admin.directory.user, admin.directory.orgunit,
// admin.directory.domain.readonly, apps.order.readonly (the read-only
// directory scopes suffice for the listings).
//
// A nil conn gives a Service whose methods all fail with
// [resellerkit.KindInvalidArgument].
func New(conn *resellerkit.Conn, opts ...Option) *Service {
	if conn == nil {
		s := NewWithBackend(nil, opts...)
		s.nilOp = "domains.New"
		return s
	}
	return NewWithBackend(&googleBackend{dir: conn.Directory(), res: conn.Reseller(), actor: conn.Subject()}, opts...)
}

// googleBackend is the [Backend] over the generated clients. It maps the
// generated structs to this package's types and classifies errors with
// resellerkit.Wrap; the rules live in the Service.
type googleBackend struct {
	dir   *admin.Service
	res   *reseller.Service
	actor string
}

func (g *googleBackend) Actor() string { return g.actor }

// ListDomains calls directory.domains.list.
func (g *googleBackend) ListDomains(ctx context.Context, customer string) ([]Domain, error) {
	res, err := g.dir.Domains.List(customer).Context(ctx).Do()
	if err != nil {
		return nil, resellerkit.WrapCall("directory.domains.list", err)
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

// GetUser calls directory.users.get.
func (g *googleBackend) GetUser(ctx context.Context, userKey string) (Account, error) {
	u, err := g.dir.Users.Get(userKey).Context(ctx).Do()
	if err != nil {
		return Account{}, resellerkit.WrapCall("directory.users.get", err)
	}
	return fromUser(u), nil
}

// ListUsers calls directory.users.list with domain= and, for an org unit,
// query=orgUnitPath='...'.
func (g *googleBackend) ListUsers(ctx context.Context, domain string, f UserFilter, p resellerkit.PageRequest) (resellerkit.Page[Account], error) {
	call := g.dir.Users.List().Domain(domain).OrderBy("email")
	if f.OrgUnitPath != "" {
		call = call.Query("orgUnitPath=" + quoteQuery(f.OrgUnitPath))
	}
	res, err := gapi.Page(call, p.Size, p.Token).Context(ctx).Do()
	if err != nil {
		return resellerkit.Page[Account]{}, resellerkit.WrapCall("directory.users.list", err)
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

// InsertUser calls directory.users.insert. The password is sent in the
// request body only, over the Conn's TLS; it never reaches a log or an
// error.
func (g *googleBackend) InsertUser(ctx context.Context, nu NewUser) (Account, error) {
	in := &admin.User{
		PrimaryEmail:              nu.Email,
		Name:                      &admin.UserName{GivenName: nu.GivenName, FamilyName: nu.FamilyName},
		OrgUnitPath:               nu.OrgUnitPath,
		Password:                  nu.Password.Reveal(),
		ChangePasswordAtNextLogin: nu.ChangePasswordAtNextLogin,
	}
	u, err := g.dir.Users.Insert(in).Context(ctx).Do()
	if err != nil {
		return Account{}, resellerkit.WrapCall("directory.users.insert", err)
	}
	return fromUser(u), nil
}

// PatchUser calls directory.users.patch with only the changed fields;
// suspended=false is sent explicitly (ForceSendFields).
func (g *googleBackend) PatchUser(ctx context.Context, userKey string, ch UserChange) (Account, error) {
	in := &admin.User{OrgUnitPath: ch.OrgUnitPath}
	if ch.Suspended != nil {
		in.Suspended = *ch.Suspended
		in.ForceSendFields = append(in.ForceSendFields, "Suspended")
	}
	u, err := g.dir.Users.Patch(userKey, in).Context(ctx).Do()
	if err != nil {
		return Account{}, resellerkit.WrapCall("directory.users.patch", err)
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
	}
	if u.Name != nil {
		a.GivenName, a.FamilyName = u.Name.GivenName, u.Name.FamilyName
	}
	return a
}

// GetOrgUnit calls directory.orgunits.get; the path goes without its
// leading slash, as the API's {+orgUnitPath} wants.
func (g *googleBackend) GetOrgUnit(ctx context.Context, customer, path string) (OrgUnit, error) {
	ou, err := g.dir.Orgunits.Get(customer, strings.TrimPrefix(path, "/")).Context(ctx).Do()
	if err != nil {
		return OrgUnit{}, resellerkit.WrapCall("directory.orgunits.get", err)
	}
	return fromOrgUnit(ou), nil
}

// InsertOrgUnit calls directory.orgunits.insert.
func (g *googleBackend) InsertOrgUnit(ctx context.Context, customer string, ou OrgUnit) (OrgUnit, error) {
	in := &admin.OrgUnit{Name: ou.Name, ParentOrgUnitPath: ou.ParentPath, Description: ou.Description}
	res, err := g.dir.Orgunits.Insert(customer, in).Context(ctx).Do()
	if err != nil {
		return OrgUnit{}, resellerkit.WrapCall("directory.orgunits.insert", err)
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

// ListSubscriptions calls reseller.subscriptions.list.
func (g *googleBackend) ListSubscriptions(ctx context.Context, f SubscriptionFilter, p resellerkit.PageRequest) (resellerkit.Page[Subscription], error) {
	call := g.res.Subscriptions.List()
	if f.CustomerID != "" {
		call = call.CustomerId(f.CustomerID)
	}
	if f.CustomerNamePrefix != "" {
		call = call.CustomerNamePrefix(f.CustomerNamePrefix)
	}
	res, err := gapi.Page(call, p.Size, p.Token).Context(ctx).Do()
	if err != nil {
		return resellerkit.Page[Subscription]{}, resellerkit.WrapCall("reseller.subscriptions.list", err)
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

// GetCustomer calls reseller.customers.get.
func (g *googleBackend) GetCustomer(ctx context.Context, customerID string) (Customer, error) {
	c, err := g.res.Customers.Get(customerID).Context(ctx).Do()
	if err != nil {
		return Customer{}, resellerkit.WrapCall("reseller.customers.get", err)
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
