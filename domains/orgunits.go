package domains

import (
	"context"
	"strings"

	"github.com/resellerkit/resellerkit"
)

// GetOrgUnit returns the org unit at path ("/Reseller support"). The
// top-level org unit "/" is returned without a call.
//
// Google: directory.orgunits.get
func (s *Service) GetOrgUnit(ctx context.Context, path string) (OrgUnit, error) {
	const op = "domains.GetOrgUnit"
	if err := s.ready(op); err != nil {
		return OrgUnit{}, err
	}
	p, err := normalizeOrgUnitPath(op, "path", path)
	if err != nil {
		return OrgUnit{}, err
	}
	return s.getOrgUnit(ctx, op, p)
}

func (s *Service) getOrgUnit(ctx context.Context, op, path string) (OrgUnit, error) {
	if path == "/" {
		return OrgUnit{Path: "/"}, nil
	}
	ou, err := s.g.getOrgUnit(ctx, s.cfg.customer, path)
	if err != nil {
		return OrgUnit{}, opErr(op, err)
	}
	return ou, nil
}

// EnsureOrgUnit makes sure the org unit at path exists, creating it and any
// missing parents (rule S3: staff accounts live in a dedicated org unit,
// created if missing), and returns it with what it did:
// OutcomeCreated when it or any of its parents was created,
// OutcomeUnchanged when it existed already (it is left as it is), and
// OutcomeFailed with the error otherwise. After creating, it waits until
// Google serves the new org unit (rule W5), so accounts can be put in it at
// once. Running it again changes nothing.
//
// An insert that fails because the org unit appeared meanwhile (another
// run, or a retried insert whose first answer was lost: Google answers with
// a duplicate or an invalidOrgunit error) counts as existing.
//
// Google: directory.orgunits.get, directory.orgunits.insert
func (s *Service) EnsureOrgUnit(ctx context.Context, path string) (OrgUnit, resellerkit.Outcome, error) {
	const op = "domains.EnsureOrgUnit"
	fail := func(err error) (OrgUnit, resellerkit.Outcome, error) {
		return OrgUnit{}, resellerkit.OutcomeFailed, err
	}
	if err := s.ready(op); err != nil {
		return fail(err)
	}
	p, err := normalizeOrgUnitPath(op, "path", path)
	if err != nil {
		return fail(err)
	}
	ou, err := s.getOrgUnit(ctx, op, p)
	if err == nil {
		return ou, resellerkit.OutcomeUnchanged, nil
	}
	if resellerkit.KindOf(err) != resellerkit.KindNotFound {
		return fail(err)
	}
	// Find the deepest ancestor that exists, then create downwards.
	segs := strings.Split(p[1:], "/")
	have := 0 // number of leading segments known to exist
	for n := len(segs) - 1; n > 0; n-- {
		_, err := s.getOrgUnit(ctx, op, "/"+strings.Join(segs[:n], "/"))
		if err == nil {
			have = n
			break
		}
		if resellerkit.KindOf(err) != resellerkit.KindNotFound {
			return fail(err)
		}
	}
	outcome := resellerkit.OutcomeUnchanged
	for n := have + 1; n <= len(segs); n++ {
		cur := "/" + strings.Join(segs[:n], "/")
		parent := "/" + strings.Join(segs[:n-1], "/")
		created, got, err := s.createOrgUnit(ctx, op, OrgUnit{Name: segs[n-1], ParentPath: parent, Path: cur})
		if err != nil {
			return fail(err)
		}
		if created {
			outcome = resellerkit.OutcomeCreated
		}
		ou = got
	}
	return ou, outcome, nil
}

// createOrgUnit inserts one org unit whose parent exists, and waits until it
// is visible. It reports false when the org unit turned out to exist.
func (s *Service) createOrgUnit(ctx context.Context, op string, want OrgUnit) (bool, OrgUnit, error) {
	_, insErr := s.g.insertOrgUnit(ctx, s.cfg.customer, want)
	if insErr != nil && resellerkit.KindOf(insErr) == resellerkit.KindCanceled {
		return false, OrgUnit{}, opErr(op, insErr)
	}
	var got OrgUnit
	check := func(ctx context.Context) error {
		ou, err := s.g.getOrgUnit(ctx, s.cfg.customer, want.Path)
		if err == nil {
			got = ou
		}
		return err
	}
	if insErr != nil {
		// The org unit may exist already (a race, or a retried insert whose
		// first attempt succeeded). A duplicate says so: wait until it is
		// served. Other answers (Google also says invalidOrgunit or
		// backendError for an existing one) get one look: it exists, or
		// the insert's error stands.
		if resellerkit.KindOf(insErr) == resellerkit.KindAlreadyExists {
			if err := s.awaitVisible(ctx, check); err != nil {
				return false, OrgUnit{}, opErr(op, err)
			}
			return false, got, nil
		}
		if err := check(ctx); err != nil {
			return false, OrgUnit{}, opErr(op, insErr)
		}
		return false, got, nil
	}
	if err := s.awaitVisible(ctx, check); err != nil {
		return true, OrgUnit{}, opErr(op, err)
	}
	return true, got, nil
}
