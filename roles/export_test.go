package roles

import "context"

// InsertAssignment exposes the bare roleAssignments.insert of google.go to
// the external tests, so they can check how Google's duplicate answer is
// classified without the Service's ensure logic in between.
func (s *Service) InsertAssignment(ctx context.Context, customer string, a Assignment) (Assignment, error) {
	return s.g.insertAssignment(ctx, customer, a)
}

// Learn exposes the pure learning of LearnNames (for customer "C1", with
// the default Reseller Admin role name) to the external tests.
func Learn(tree *Tree, rs []Role) (Discovery, error) {
	return learn("C1", tree, rs, ResellerAdminRoleName)
}
