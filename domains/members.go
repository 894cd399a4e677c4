package domains

import (
	"context"
	"strings"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/internal/gapi"
)

// GroupMember is one member of a group, as directory.members.list lists
// it.
type GroupMember struct {
	ID    string // the user's or group's immutable ID
	Email string // normalised (rule D3)
	// Type is Google's member type: "USER", "GROUP", or "CUSTOMER" (every
	// user of the tenant is a member).
	Type string
}

// maxMembersPage is the Directory API's cap on a page of members.
const maxMembersPage = 200

// ListGroupMembers returns the members of the group groupKey (its email,
// an alias or its ID), with derived is true also the members of the
// groups nested in it (includeDerivedMembership), every page read (rule
// W4): what a role assignment to the group reaches (rule P4). Any failure
// is an error, never a partial list (P7).
//
// Google: directory.members.list
func (s *Service) ListGroupMembers(ctx context.Context, groupKey string, derived bool) ([]GroupMember, error) {
	const op = "domains.ListGroupMembers"
	if err := s.ready(op); err != nil {
		return nil, err
	}
	if strings.TrimSpace(groupKey) == "" {
		return nil, errs.Invalid(op, "groupKey", "is empty; give the group's email or ID")
	}
	fetch := func(ctx context.Context, token string) (resellerkit.Page[GroupMember], error) {
		p, err := s.g.listMembers(ctx, groupKey, derived, resellerkit.PageRequest{Size: maxMembersPage, Token: token})
		return p, errs.ForOp(op, err)
	}
	return resellerkit.Collect(resellerkit.All(ctx, fetch))
}

// listMembers calls directory.members.list.
func (g *googleAPI) listMembers(ctx context.Context, groupKey string, derived bool, p resellerkit.PageRequest) (resellerkit.Page[GroupMember], error) {
	call := g.dir.Members.List(groupKey).IncludeDerivedMembership(derived)
	res, err := gapi.Page(call, p.Size, p.Token).Context(ctx).Do()
	if err != nil {
		return resellerkit.Page[GroupMember]{}, errs.Call("directory.members.list", err)
	}
	out := resellerkit.Page[GroupMember]{NextPageToken: res.NextPageToken, Items: make([]GroupMember, 0, len(res.Members))}
	for _, m := range res.Members {
		if m != nil {
			out.Items = append(out.Items, GroupMember{ID: m.Id, Email: softEmail(m.Email), Type: m.Type})
		}
	}
	return out, nil
}

// softEmail normalises an address Google returned; one that does not
// normalise is kept as given rather than lost.
func softEmail(e string) string {
	if n, err := NormalizeEmail(e); err == nil {
		return n
	}
	return e
}
