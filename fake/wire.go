package fake

import (
	"slices"
	"strings"

	admin "google.golang.org/api/admin/directory/v1"
)

// Google's wire, not Go's defaults. The generated structs drop a false
// boolean (omitempty), but the Directory API sends its booleans whatever
// their value: a recorded users.get (customer C023zw3x8, domain
// esodemoapp2.com, published with its group and IAM dumps) carries
// "isAdmin": false, "isDelegatedAdmin": false, "suspended": false,
// "archived": false, "changePasswordAtNextLogin": false, "ipWhitelisted":
// false, "isEnrolledIn2Sv": false, "isEnforcedIn2Sv": false,
// "isMailboxSetup", "agreedToTerms", "includeInGlobalAddressList", and
// "emails": [{"address": PRIMARY, "primary": true}]; roles.list answers
// "isSuperAdminRole": false and privileges.list "isOuScopable": false (GAM's
// recorded output), domains.list "isPrimary": false. Domains, roles and
// privileges set ForceSendFields from the shared lists below (their
// capacity equals their length, so an append elsewhere copies rather than
// writes into them). Users, on the hot path, do not: ForceSendFields sends
// the generated MarshalJSON down its slow path (a map built by
// reflection), about 60 more allocations per users.get, so the Server
// encodes a user through userJSON instead, whose booleans have no
// omitempty (wireBody).
//
// The Cloud Support API is a proto3 API: its JSON omits a false
// "escalated", as the proto3 JSON mapping does for every default value, so
// cases are left as the generated struct encodes them.
var (
	domainWireFields    = fixed("IsPrimary", "Verified")
	aliasWireFields     = fixed("Verified")
	roleWireFields      = fixed("IsSuperAdminRole", "IsSystemRole")
	privilegeWireFields = fixed("IsOuScopable")
)

func fixed(names ...string) []string { return names[:len(names):len(names)] }

// userEmail is one member of a user's "emails" (the generated struct
// types it as any): the primary address, marked primary, then each alias.
// The recorded users.get above lists its nonEditableAliases apart, not in
// emails.
type userEmail struct {
	Address string `json:"address"`
	Primary bool   `json:"primary,omitempty"`
}

// wireUser completes out, rendered from u, as Google sends it: its
// booleans, its emails, and the address a domain alias gives every user of
// its parent domain (local@alias), which Google lists among the
// nonEditableAliases (as it does the domain's test-google-a.com alias,
// which the fake does not model).
func (w *World) wireUser(u *user, out *admin.User) {
	if local, dom, ok := strings.Cut(u.email, "@"); ok {
		for _, a := range u.t.aliases {
			if a.parent != nil && a.parent.name == dom && !slices.Contains(out.NonEditableAliases, local+"@"+a.name) {
				out.NonEditableAliases = append(out.NonEditableAliases, local+"@"+a.name)
			}
		}
	}
	emails := make([]userEmail, 0, 1+len(out.Aliases))
	emails = append(emails, userEmail{Address: u.email, Primary: true})
	for _, a := range out.Aliases {
		emails = append(emails, userEmail{Address: a})
	}
	out.Emails = emails
}

// userNoMethod is admin.User without its MarshalJSON, so userJSON encodes
// with encoding/json's fast path.
type userNoMethod admin.User

// userJSON is a user as Google encodes it: the booleans declared here
// shadow the embedded ones, which carry omitempty.
type userJSON struct {
	*userNoMethod
	IsAdmin                    bool `json:"isAdmin"`
	IsDelegatedAdmin           bool `json:"isDelegatedAdmin"`
	Suspended                  bool `json:"suspended"`
	Archived                   bool `json:"archived"`
	ChangePasswordAtNextLogin  bool `json:"changePasswordAtNextLogin"`
	IpWhitelisted              bool `json:"ipWhitelisted"`
	IsEnrolledIn2Sv            bool `json:"isEnrolledIn2Sv"`
	IsEnforcedIn2Sv            bool `json:"isEnforcedIn2Sv"`
	IsMailboxSetup             bool `json:"isMailboxSetup"`
	AgreedToTerms              bool `json:"agreedToTerms"`
	IncludeInGlobalAddressList bool `json:"includeInGlobalAddressList"`
}

func toUserJSON(u *admin.User) userJSON {
	return userJSON{(*userNoMethod)(u), u.IsAdmin, u.IsDelegatedAdmin, u.Suspended, u.Archived,
		u.ChangePasswordAtNextLogin, u.IpWhitelisted, u.IsEnrolledIn2Sv, u.IsEnforcedIn2Sv, u.IsMailboxSetup,
		u.AgreedToTerms, u.IncludeInGlobalAddressList}
}

type usersNoMethod admin.Users

// usersJSON is a users.list page with each user as userJSON.
type usersJSON struct {
	*usersNoMethod
	Users []userJSON `json:"users,omitempty"`
}

// wireBody returns what the Server encodes for an answer: body itself,
// or for users its Google encoding (userJSON).
func wireBody(body any) any {
	switch v := body.(type) {
	case *admin.User:
		return toUserJSON(v)
	case *admin.Users:
		out := usersJSON{usersNoMethod: (*usersNoMethod)(v), Users: make([]userJSON, len(v.Users))}
		for i, u := range v.Users {
			out.Users[i] = toUserJSON(u)
		}
		return out
	}
	return body
}
