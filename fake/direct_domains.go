package fake

import (
	"context"
	"strings"
	"time"

	admin "google.golang.org/api/admin/directory/v1"
	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
)

// Domains returns a [domains.Backend] that acts on the World directly, as
// the user with this email would over HTTP: the same privilege checks, the
// same errors (classified and named by resellerkit.WrapCall exactly as
// the Google backend does with the Server's answers), the same faults and read-after-write lag, the same reseller
// domain scoping of subscriptions.list (rule D1), without the HTTP round
// trip and without the Conn's retries. Use it with domains.NewWithBackend
// for fast tests.
func (w *World) Domains(asEmail string) domains.Backend {
	return &domainsBackend{w: w, as: asEmail}
}

// SupportPlans returns a [domains.PlanSource] over the World's support
// plans, which the Reseller API does not carry: pass it to
// domains.WithPlanSource, for a Service over the Server as well as over
// [World.Domains]. A customer the World does not know has
// domains.PlanUnknown.
func (w *World) SupportPlans() domains.PlanSource { return worldPlans{w} }

type worldPlans struct{ w *World }

func (p worldPlans) SupportPlan(ctx context.Context, customerID, customerDomain string) (domains.SupportPlan, error) {
	if err := ctx.Err(); err != nil {
		return domains.PlanUnknown, resellerkit.Wrap("fake.SupportPlans", err)
	}
	p.w.mu.Lock()
	defer p.w.mu.Unlock()
	t := p.w.tenantByKey(customerID)
	if t == nil && customerDomain != "" {
		t = p.w.tenantByKey(customerDomain)
	}
	if t == nil || t.cust == nil {
		return domains.PlanUnknown, nil
	}
	return domains.SupportPlan(t.cust.plan), nil
}

type domainsBackend struct {
	w  *World
	as string
}

func (b *domainsBackend) Actor() string { return b.as }

func (b *domainsBackend) ListDomains(ctx context.Context, customer string) ([]domains.Domain, error) {
	res, err := directCall(ctx, b.w, "directory.domains.list", func() (*admin.Domains2, *APIError) {
		return b.w.listDomains(b.as, customer)
	})
	if err != nil {
		return nil, err
	}
	out := make([]domains.Domain, 0, len(res.Domains))
	for _, d := range res.Domains {
		if d == nil {
			continue
		}
		dd := domains.Domain{Name: d.DomainName, Primary: d.IsPrimary, Verified: d.Verified}
		if d.CreationTime != 0 {
			dd.CreationTime = time.UnixMilli(d.CreationTime).UTC()
		}
		for _, a := range d.DomainAliases {
			if a != nil {
				dd.Aliases = append(dd.Aliases, domains.DomainAlias{Name: a.DomainAliasName, Verified: a.Verified})
			}
		}
		out = append(out, dd)
	}
	return out, nil
}

func (b *domainsBackend) GetUser(ctx context.Context, userKey string) (domains.Account, error) {
	u, err := directCall(ctx, b.w, "directory.users.get", func() (*admin.User, *APIError) {
		return b.w.getUser(b.as, userKey)
	})
	if err != nil {
		return domains.Account{}, err
	}
	return directAccount(u), nil
}

func (b *domainsBackend) ListUsers(ctx context.Context, domain string, f domains.UserFilter, p resellerkit.PageRequest) (resellerkit.Page[domains.Account], error) {
	q := usersQuery{Domain: domain, OrderBy: "email", MaxResults: int64(p.Size), PageToken: p.Token}
	if f.OrgUnitPath != "" {
		q.Query = "orgUnitPath='" + f.OrgUnitPath + "'"
	}
	res, err := directCall(ctx, b.w, "directory.users.list", func() (*admin.Users, *APIError) {
		return b.w.listUsers(b.as, q)
	})
	if err != nil {
		return resellerkit.Page[domains.Account]{}, err
	}
	out := resellerkit.Page[domains.Account]{NextPageToken: res.NextPageToken, Items: make([]domains.Account, 0, len(res.Users))}
	for _, u := range res.Users {
		if u != nil {
			out.Items = append(out.Items, directAccount(u))
		}
	}
	return out, nil
}

func (b *domainsBackend) InsertUser(ctx context.Context, nu domains.NewUser) (domains.Account, error) {
	in := &admin.User{
		PrimaryEmail:              nu.Email,
		Name:                      &admin.UserName{GivenName: nu.GivenName, FamilyName: nu.FamilyName},
		OrgUnitPath:               nu.OrgUnitPath,
		Password:                  nu.Password.Reveal(),
		ChangePasswordAtNextLogin: nu.ChangePasswordAtNextLogin,
	}
	u, err := directCall(ctx, b.w, "directory.users.insert", func() (*admin.User, *APIError) {
		return b.w.insertUser(b.as, in)
	})
	if err != nil {
		return domains.Account{}, err
	}
	return directAccount(u), nil
}

func (b *domainsBackend) PatchUser(ctx context.Context, userKey string, ch domains.UserChange) (domains.Account, error) {
	in := &admin.User{OrgUnitPath: ch.OrgUnitPath}
	if ch.Suspended != nil {
		in.Suspended = *ch.Suspended
		in.ForceSendFields = []string{"Suspended"}
	}
	u, err := directCall(ctx, b.w, "directory.users.patch", func() (*admin.User, *APIError) {
		return b.w.patchUser(b.as, userKey, in)
	})
	if err != nil {
		return domains.Account{}, err
	}
	return directAccount(u), nil
}

func directAccount(u *admin.User) domains.Account {
	a := domains.Account{
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
		CreationTime:     directTime(u.CreationTime),
		LastLoginTime:    directTime(u.LastLoginTime),
		ETag:             u.Etag,
	}
	if u.Name != nil {
		a.GivenName, a.FamilyName = u.Name.GivenName, u.Name.FamilyName
	}
	return a
}

// directTime reads a Directory timestamp as the Google backend does: the
// epoch ("never") is the zero time.
func directTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.Unix() <= 0 {
		return time.Time{}
	}
	return t.UTC()
}

func (b *domainsBackend) GetOrgUnit(ctx context.Context, customer, path string) (domains.OrgUnit, error) {
	ou, err := directCall(ctx, b.w, "directory.orgunits.get", func() (*admin.OrgUnit, *APIError) {
		return b.w.getOrgUnit(b.as, customer, strings.TrimPrefix(path, "/"))
	})
	if err != nil {
		return domains.OrgUnit{}, err
	}
	return directOrgUnit(ou), nil
}

func (b *domainsBackend) InsertOrgUnit(ctx context.Context, customer string, ou domains.OrgUnit) (domains.OrgUnit, error) {
	in := &admin.OrgUnit{Name: ou.Name, ParentOrgUnitPath: ou.ParentPath, Description: ou.Description}
	res, err := directCall(ctx, b.w, "directory.orgunits.insert", func() (*admin.OrgUnit, *APIError) {
		return b.w.insertOrgUnit(b.as, customer, in)
	})
	if err != nil {
		return domains.OrgUnit{}, err
	}
	return directOrgUnit(res), nil
}

func directOrgUnit(ou *admin.OrgUnit) domains.OrgUnit {
	return domains.OrgUnit{
		ID:          ou.OrgUnitId,
		Path:        ou.OrgUnitPath,
		Name:        ou.Name,
		ParentPath:  ou.ParentOrgUnitPath,
		Description: ou.Description,
		ETag:        ou.Etag,
	}
}

func (b *domainsBackend) ListSubscriptions(ctx context.Context, f domains.SubscriptionFilter, p resellerkit.PageRequest) (resellerkit.Page[domains.Subscription], error) {
	q := subscriptionsQuery{CustomerID: f.CustomerID, CustomerNamePrefix: f.CustomerNamePrefix, MaxResults: int64(p.Size), PageToken: p.Token}
	res, err := directCall(ctx, b.w, "reseller.subscriptions.list", func() (*reseller.Subscriptions, *APIError) {
		return b.w.listSubscriptions(b.as, q)
	})
	if err != nil {
		return resellerkit.Page[domains.Subscription]{}, err
	}
	out := resellerkit.Page[domains.Subscription]{NextPageToken: res.NextPageToken, Items: make([]domains.Subscription, 0, len(res.Subscriptions))}
	for _, s := range res.Subscriptions {
		if s == nil {
			continue
		}
		sub := domains.Subscription{ID: s.SubscriptionId, CustomerID: s.CustomerId, CustomerDomain: s.CustomerDomain,
			SKUID: s.SkuId, SKUName: s.SkuName, Status: s.Status}
		if s.Plan != nil {
			sub.PlanName = s.Plan.PlanName
		}
		if s.Seats != nil {
			sub.Seats = domains.Seats{NumberOfSeats: s.Seats.NumberOfSeats, MaximumNumberOfSeats: s.Seats.MaximumNumberOfSeats,
				LicensedNumberOfSeats: s.Seats.LicensedNumberOfSeats}
		}
		out.Items = append(out.Items, sub)
	}
	return out, nil
}

func (b *domainsBackend) GetCustomer(ctx context.Context, customerID string) (domains.Customer, error) {
	c, err := directCall(ctx, b.w, "reseller.customers.get", func() (*reseller.Customer, *APIError) {
		return b.w.getCustomer(b.as, customerID)
	})
	if err != nil {
		return domains.Customer{}, err
	}
	return domains.Customer{ID: c.CustomerId, Domain: c.CustomerDomain, DomainVerified: c.CustomerDomainVerified}, nil
}
