package domains

import (
	"context"
	"errors"
	"strings"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/internal/idem"
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
// Lost answers (rules W1, W5): orgunits.insert is not idempotent, so after
// an answer that leaves open whether Google applied it (a 5xx, a broken
// connection) the Service reads the org unit back before sending it again,
// within the Conn's retry policy. An org unit found then, or behind the
// resend's "exists" answer (Google answers 400 invalidOrgunit), is this
// call's own: OutcomeCreated. Under read-after-write lag that answer may be
// followed by 404 reads for a while: the Service polls until the org unit
// is served, bounded by [WithAwait], and fails only when it never is. An
// insert refused because another run created the org unit meanwhile
// counts as existing.
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

// createOrgUnit inserts one org unit whose parent exists, so that it lands
// once although Google's answer may be lost (rule W1, package idem), and
// waits until it is visible (rule W5). It reports whether this call created
// it.
//
// Org units have no creation time, so one found after this call's own lost
// answer (by the read-back, or behind the resend's "exists" answer) counts
// as this call's: only a run creating the same org unit at the same moment
// could have made it. An "exists" answer without a lost answer before it
// is another run's org unit: it exists, unchanged.
func (s *Service) createOrgUnit(ctx context.Context, op string, want OrgUnit) (bool, OrgUnit, error) {
	var got OrgUnit
	check := func(ctx context.Context) error {
		ou, err := s.g.getOrgUnit(ctx, s.cfg.customer, want.Path)
		if err == nil {
			got = ou
		}
		return err
	}
	ins, sent, insErr := idem.Do(ctx, s.conn, op, idem.Write[OrgUnit]{
		Send: func(ctx context.Context) (OrgUnit, error) { return s.g.insertOrgUnit(ctx, s.cfg.customer, want) },
		Landed: func(ctx context.Context) (OrgUnit, bool, error) {
			err := check(ctx)
			switch {
			case err == nil:
				return got, true, nil
			case resellerkit.KindOf(err) == resellerkit.KindNotFound:
				return OrgUnit{}, false, nil
			}
			return OrgUnit{}, false, err
		},
	})
	switch {
	case insErr == nil && sent.Found:
		return true, ins, nil
	case insErr == nil:
		if err := s.awaitVisible(ctx, check); err != nil {
			return true, OrgUnit{}, opErr(op, err)
		}
		return true, got, nil
	case resellerkit.KindOf(insErr) == resellerkit.KindCanceled:
		return false, OrgUnit{}, opErr(op, insErr)
	case orgUnitExists(insErr):
		// Under read-after-write lag the org unit Google says exists may
		// still answer 404 for a while: wait until it is served.
		if err := s.awaitVisible(ctx, check); err != nil {
			if resellerkit.KindOf(err) == resellerkit.KindCanceled {
				return false, OrgUnit{}, opErr(op, err)
			}
			return false, OrgUnit{}, errs.Errorf(resellerkit.KindUnavailable, op,
				"Google answered that org unit %s exists, but did not serve it in time; run again to confirm it: %w",
				want.Path, errors.Join(insErr, err))
		}
		return sent.Lost, got, nil
	}
	// Any other refusal gets one look (Google has been seen answering
	// backendError for an org unit that exists): it exists, or the
	// insert's error stands.
	if err := check(ctx); err != nil {
		return false, OrgUnit{}, opErr(op, insErr)
	}
	return sent.Lost, got, nil
}

// orgUnitExists reports whether an orgunits.insert error says the org unit
// exists: a 409 duplicate, or the 400 invalidOrgunit Google answers for an
// existing path. Google does not document the answer; invalidOrgunit is
// the reason GAM's org unit creation treats as "exists"
// (github.com/GAM-team/GAM, src/gam/__init__.py, _createOrg), and what the
// fake answers.
func orgUnitExists(err error) bool {
	if resellerkit.KindOf(err) == resellerkit.KindAlreadyExists {
		return true
	}
	var e *resellerkit.Error
	return errors.As(err, &e) && e.Status == 400 && e.Reason == "invalidOrgunit"
}
