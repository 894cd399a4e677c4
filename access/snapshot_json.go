package access

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// SnapshotVersion is the version of the JSON form of a [Snapshot] that
// [Snapshot.WriteJSON] writes and [ReadSnapshot] reads. It changes whenever
// a field is added, removed or changes meaning, so a file kept by a cron job
// is either read in full or refused, never half-read.
const SnapshotVersion = 1

// ErrSnapshotVersion matches (errors.Is) the error of [ReadSnapshot] for a
// file without a version or of a version this package does not read: a
// file written by a newer release, or not a snapshot at all.
var ErrSnapshotVersion = errors.New("unsupported snapshot version")

// The JSON form of a snapshot, version 1. Field names are stable; every
// field of Snapshot and of the facts it holds has one here, so the round
// trip is lossless (times are written in UTC and read back in UTC; an
// empty list reads back as nil).
type (
	snapshotJSON struct {
		Version int                 `json:"version"`
		ReadAt  time.Time           `json:"readAt,omitzero"`
		Domains []snapshotDomainRec `json:"domains"`
		Tenants []snapshotTenantRec `json:"tenants,omitempty"` // optional in version 1
	}
	snapshotDomainRec struct {
		Name            string                `json:"name"`
		ResellerAccount string                `json:"resellerAccount,omitempty"`
		Primary         bool                  `json:"primary,omitempty"`
		Verified        bool                  `json:"verified,omitempty"`
		Customers       []snapshotCustomerRec `json:"customers,omitempty"`
		Accounts        []snapshotAccountRec  `json:"accounts,omitempty"`
	}
	snapshotCustomerRec struct {
		ID             string              `json:"id"`
		Domain         string              `json:"domain,omitempty"`
		ResellerDomain string              `json:"resellerDomain,omitempty"`
		AccessGranted  bool                `json:"accessGranted,omitempty"`
		DomainVerified bool                `json:"domainVerified,omitempty"`
		Plan           domains.SupportPlan `json:"plan,omitempty"`
	}
	snapshotAccountRec struct {
		Email              string              `json:"email,omitempty"`
		State              AccountState        `json:"state"`
		ReadAt             time.Time           `json:"readAt,omitzero"`
		SupportCenterRoles []SupportCenterRole `json:"supportCenterRoles,omitempty"`
		Effective          snapshotEffective   `json:"effective"`
		Licenses           []snapshotSKU       `json:"licenses,omitempty"`
	}
	snapshotEffective struct {
		UserID        string            `json:"userId,omitempty"`
		Email         string            `json:"email,omitempty"`
		Blocked       bool              `json:"blocked,omitempty"`
		SuperAdmin    *snapshotGrant    `json:"superAdmin,omitempty"`
		ResellerAdmin *snapshotGrant    `json:"resellerAdmin,omitempty"`
		Grants        []snapshotGrant   `json:"grants,omitempty"`
		Skipped       []snapshotSkipped `json:"skipped,omitempty"`
		ReadAt        time.Time         `json:"readAt,omitzero"`
	}
	snapshotGrant struct {
		ServiceID    string             `json:"serviceId,omitempty"`
		Privilege    string             `json:"privilege,omitempty"`
		Key          roles.PrivilegeKey `json:"key,omitempty"`
		RoleID       string             `json:"roleId,omitempty"`
		RoleName     string             `json:"roleName,omitempty"`
		AssignmentID string             `json:"assignmentId,omitempty"`
		ViaGroup     string             `json:"viaGroup,omitempty"`
		ExpireTime   time.Time          `json:"expireTime,omitzero"`
	}
	snapshotSkipped struct {
		Assignment snapshotAssignment `json:"assignment"`
		RoleName   string             `json:"roleName,omitempty"`
		Reason     roles.SkipReason   `json:"reason,omitempty"`
	}
	snapshotAssignment struct {
		ID           string             `json:"id,omitempty"`
		RoleID       string             `json:"roleId,omitempty"`
		AssignedTo   string             `json:"assignedTo,omitempty"`
		AssigneeType roles.AssigneeType `json:"assigneeType,omitempty"`
		Scope        roles.ScopeType    `json:"scope,omitempty"`
		OrgUnitID    string             `json:"orgUnitId,omitempty"`
		ExpireTime   time.Time          `json:"expireTime,omitzero"`
		Condition    string             `json:"condition,omitempty"`
		ETag         string             `json:"etag,omitempty"`
	}
	snapshotSKU struct {
		Product licensing.ProductID `json:"product"`
		ID      licensing.SKUID     `json:"sku"`
		Name    string              `json:"name,omitempty"`
	}
)

const (
	writeSnapshotOp = "access.Snapshot.WriteJSON"
	readSnapshotOp  = "access.ReadSnapshot"
)

// WriteJSON writes the snapshot as one versioned JSON document
// ([SnapshotVersion]), so a scheduled job can keep today's read and compare
// it with tomorrow's ([Diff]) or look ahead at expiring grants
// ([Expiring]) without reading Google again. [ReadSnapshot] reads it back:
// every field survives the round trip; times are written in UTC, and
// strings are expected in UTF-8, as Google's answers are.
//
// A state outside the named [AccountState] values, or a time outside the
// years 0 to 9999, is an error naming the field: it could not be read back.
func (s *Snapshot) WriteJSON(w io.Writer) error {
	b, err := s.MarshalJSON()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(b); err != nil {
		return err
	}
	if err := bw.WriteByte('\n'); err != nil {
		return err
	}
	return bw.Flush()
}

// MarshalJSON renders the snapshot as [Snapshot.WriteJSON] does.
func (s *Snapshot) MarshalJSON() ([]byte, error) {
	if s == nil {
		return nil, invalid(writeSnapshotOp, "s", "the snapshot is nil")
	}
	j, err := snapshotToJSON(s)
	if err != nil {
		return nil, err
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the snapshot as [ReadSnapshot] does.
func (s *Snapshot) UnmarshalJSON(b []byte) error {
	got, err := ReadSnapshot(bytes.NewReader(b))
	if err != nil {
		return err
	}
	*s = *got
	return nil
}

// ReadSnapshot reads a snapshot written by [Snapshot.WriteJSON].
//
// A file that is not one JSON document, has fields this version does not
// know, or holds a value of the wrong type is an error of
// [resellerkit.KindInvalidArgument] wrapping a [*resellerkit.FieldError]
// that names the field (its JSON path) and what is wrong. A file without a
// version, or of another version than [SnapshotVersion], also matches
// [ErrSnapshotVersion]: it is refused whole rather than half-read.
func ReadSnapshot(r io.Reader) (*Snapshot, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, errs.New(resellerkit.KindInvalidArgument, readSnapshotOp, fmt.Errorf("reading the snapshot: %w", err))
	}
	var head struct {
		Version *json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, decodeError(err)
	}
	if head.Version == nil {
		return nil, versionError("the file has no \"version\"; it is not a snapshot written by access.Snapshot.WriteJSON")
	}
	var v int
	if err := json.Unmarshal(*head.Version, &v); err != nil {
		return nil, versionError("\"version\" is not an integer")
	}
	if v != SnapshotVersion {
		return nil, versionError(fmt.Sprintf("version %d is not read by this release, which reads version %d; "+
			"read it with the release that wrote it, or gather a new snapshot", v, SnapshotVersion))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var j snapshotJSON
	if err := dec.Decode(&j); err != nil {
		return nil, decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalid(readSnapshotOp, "snapshot", "has data after the JSON document; a snapshot file holds one document")
	}
	return snapshotFromJSON(&j)
}

func versionError(reason string) error {
	return errs.New(resellerkit.KindInvalidArgument, readSnapshotOp,
		fmt.Errorf("%w: %w", ErrSnapshotVersion, &resellerkit.FieldError{Field: "version", Reason: reason}))
}

// decodeError turns an error of encoding/json into one naming the field or
// the byte offset, without echoing the file's values.
func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tim *time.ParseError
	switch {
	case errors.As(err, &syn) && strings.Contains(syn.Error(), "unexpected end"):
		return invalid(readSnapshotOp, "snapshot", "ends before its JSON document does; the file is truncated or empty")
	case errors.As(err, &syn) && strings.Contains(syn.Error(), "after top-level value"):
		return invalid(readSnapshotOp, "snapshot", "has data after the JSON document; a snapshot file holds one document")
	case errors.As(err, &syn):
		return invalid(readSnapshotOp, "snapshot", "is not valid JSON at byte "+itoa(int(syn.Offset))+": "+syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "snapshot"
		}
		return invalid(readSnapshotOp, field, "holds a JSON "+typ.Value+" where "+typeName(typ.Type.String())+" is expected")
	case errors.As(err, &tim):
		return invalid(readSnapshotOp, "snapshot", "holds a time that is not in RFC 3339 form")
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return invalid(readSnapshotOp, "snapshot", "ends before its JSON document does; the file is truncated or empty")
	}
	var fe *resellerkit.FieldError
	if errors.As(err, &fe) {
		return errs.New(resellerkit.KindInvalidArgument, readSnapshotOp, fe)
	}
	// Unknown fields and invalid times: encoding/json names the field in
	// its message.
	return invalid(readSnapshotOp, "snapshot", err.Error())
}

func typeName(t string) string {
	switch t {
	case "time.Time":
		return "an RFC 3339 time"
	case "access.AccountState":
		return "an account state"
	case "int":
		return "an integer"
	case "bool":
		return "true or false"
	}
	if len(t) > 0 && (t[0] == '[') {
		return "a list"
	}
	if t == "string" || isStringType(t) {
		return "a string"
	}
	return "an object"
}

func isStringType(t string) bool {
	switch t {
	case "domains.SupportPlan", "roles.PrivilegeKey", "roles.SkipReason", "roles.AssigneeType", "roles.ScopeType",
		"licensing.ProductID", "licensing.SKUID", "access.SupportCenterRole":
		return true
	}
	return false
}

// checkTime returns t in UTC, or an error naming field when it falls
// outside the years RFC 3339 can write.
func checkTime(op, field string, t time.Time) (time.Time, error) {
	if t.IsZero() {
		return time.Time{}, nil
	}
	u := t.UTC()
	if y := u.Year(); y < 0 || y > 9999 {
		return time.Time{}, invalid(op, field, "is a time outside the years 0 to 9999")
	}
	return u, nil
}

// timeChecker collects the first bad time of a conversion, so the
// converters read as plain field copies.
type timeChecker struct {
	op  string
	err error
}

func (c *timeChecker) at(field string, t time.Time) time.Time {
	u, err := checkTime(c.op, field, t)
	if err != nil && c.err == nil {
		c.err = err
	}
	return u
}

func snapshotToJSON(s *Snapshot) (*snapshotJSON, error) {
	tc := &timeChecker{op: writeSnapshotOp}
	j := &snapshotJSON{Version: SnapshotVersion, ReadAt: tc.at("ReadAt", s.ReadAt), Domains: make([]snapshotDomainRec, len(s.Domains))}
	for i := range s.Domains {
		d := &s.Domains[i]
		dp := "Domains[" + itoa(i) + "]"
		dj := snapshotDomainRec{Name: d.Name, ResellerAccount: d.ResellerAccount, Primary: d.Primary, Verified: d.Verified}
		for _, c := range d.Customers {
			dj.Customers = append(dj.Customers, snapshotCustomerRec(c))
		}
		for k := range d.Accounts {
			a := &d.Accounts[k]
			ap := dp + ".Accounts[" + itoa(k) + "]"
			if int(a.Facts.State) >= len(stateNames) {
				return nil, invalid(writeSnapshotOp, ap+".Facts.State", "is "+a.Facts.State.String()+", not a named account state")
			}
			aj := snapshotAccountRec{
				Email: a.Facts.Email, State: a.Facts.State, ReadAt: tc.at(ap+".Facts.ReadAt", a.Facts.ReadAt),
				SupportCenterRoles: a.Facts.SupportCenterRoles,
				Effective:          effectiveToJSON(tc, ap+".Facts.Effective", &a.Facts.Effective),
			}
			for _, l := range a.Licenses {
				aj.Licenses = append(aj.Licenses, snapshotSKU(l))
			}
			dj.Accounts = append(dj.Accounts, aj)
		}
		j.Domains[i] = dj
	}
	j.Tenants = tenantsToJSON(tc, s.Tenants)
	if tc.err != nil {
		return nil, tc.err
	}
	return j, nil
}

func effectiveToJSON(tc *timeChecker, path string, e *roles.Effective) snapshotEffective {
	ej := snapshotEffective{UserID: e.UserID, Email: e.Email, Blocked: e.Blocked, ReadAt: tc.at(path+".ReadAt", e.ReadAt)}
	if e.SuperAdmin != nil {
		g := grantToJSON(tc, path+".SuperAdmin", e.SuperAdmin)
		ej.SuperAdmin = &g
	}
	if e.ResellerAdmin != nil {
		g := grantToJSON(tc, path+".ResellerAdmin", e.ResellerAdmin)
		ej.ResellerAdmin = &g
	}
	for i := range e.Grants {
		ej.Grants = append(ej.Grants, grantToJSON(tc, path+".Grants["+itoa(i)+"]", &e.Grants[i]))
	}
	for i, sk := range e.Skipped {
		a := sk.Assignment
		ej.Skipped = append(ej.Skipped, snapshotSkipped{
			Assignment: snapshotAssignment{ID: a.ID, RoleID: a.RoleID, AssignedTo: a.AssignedTo, AssigneeType: a.AssigneeType,
				Scope: a.Scope, OrgUnitID: a.OrgUnitID, ExpireTime: tc.at(path+".Skipped["+itoa(i)+"].Assignment.ExpireTime", a.ExpireTime),
				Condition: a.Condition, ETag: a.ETag},
			RoleName: sk.RoleName, Reason: sk.Reason,
		})
	}
	return ej
}

func grantToJSON(tc *timeChecker, path string, g *roles.Grant) snapshotGrant {
	return snapshotGrant{ServiceID: g.Privilege.ServiceID, Privilege: g.Privilege.Name, Key: g.Key, RoleID: g.RoleID,
		RoleName: g.RoleName, AssignmentID: g.AssignmentID, ViaGroup: g.ViaGroup, ExpireTime: tc.at(path+".ExpireTime", g.ExpireTime)}
}

func snapshotFromJSON(j *snapshotJSON) (*Snapshot, error) {
	tc := &timeChecker{op: readSnapshotOp}
	s := &Snapshot{ReadAt: tc.at("readAt", j.ReadAt)}
	if len(j.Domains) > 0 {
		s.Domains = make([]DomainFacts, len(j.Domains))
	}
	for i := range j.Domains {
		dj := &j.Domains[i]
		dp := "domains[" + itoa(i) + "]"
		d := DomainFacts{Name: dj.Name, ResellerAccount: dj.ResellerAccount, Primary: dj.Primary, Verified: dj.Verified}
		for _, c := range dj.Customers {
			d.Customers = append(d.Customers, domains.Customer(c))
		}
		for k := range dj.Accounts {
			aj := &dj.Accounts[k]
			ap := dp + ".accounts[" + itoa(k) + "]"
			if int(aj.State) >= len(stateNames) {
				return nil, invalid(readSnapshotOp, ap+".state", "is not a named account state")
			}
			a := AccountFacts{Facts: Facts{
				Email: aj.Email, State: aj.State, ReadAt: tc.at(ap+".readAt", aj.ReadAt),
				SupportCenterRoles: aj.SupportCenterRoles,
				Effective:          effectiveFromJSON(tc, ap+".effective", &aj.Effective),
			}}
			for _, l := range aj.Licenses {
				a.Licenses = append(a.Licenses, licensing.SKU(l))
			}
			d.Accounts = append(d.Accounts, a)
		}
		s.Domains[i] = d
	}
	s.Tenants = tenantsFromJSON(tc, j.Tenants)
	if tc.err != nil {
		return nil, tc.err
	}
	return s, nil
}

func effectiveFromJSON(tc *timeChecker, path string, ej *snapshotEffective) roles.Effective {
	e := roles.Effective{UserID: ej.UserID, Email: ej.Email, Blocked: ej.Blocked, ReadAt: tc.at(path+".readAt", ej.ReadAt)}
	if ej.SuperAdmin != nil {
		g := grantFromJSON(tc, path+".superAdmin", ej.SuperAdmin)
		e.SuperAdmin = &g
	}
	if ej.ResellerAdmin != nil {
		g := grantFromJSON(tc, path+".resellerAdmin", ej.ResellerAdmin)
		e.ResellerAdmin = &g
	}
	for i := range ej.Grants {
		e.Grants = append(e.Grants, grantFromJSON(tc, path+".grants["+itoa(i)+"]", &ej.Grants[i]))
	}
	for i, sk := range ej.Skipped {
		a := sk.Assignment
		e.Skipped = append(e.Skipped, roles.Skipped{
			Assignment: roles.Assignment{ID: a.ID, RoleID: a.RoleID, AssignedTo: a.AssignedTo, AssigneeType: a.AssigneeType,
				Scope: a.Scope, OrgUnitID: a.OrgUnitID, ExpireTime: tc.at(path+".skipped["+itoa(i)+"].assignment.expireTime", a.ExpireTime),
				Condition: a.Condition, ETag: a.ETag},
			RoleName: sk.RoleName, Reason: sk.Reason,
		})
	}
	return e
}

func grantFromJSON(tc *timeChecker, path string, g *snapshotGrant) roles.Grant {
	return roles.Grant{Privilege: roles.PrivilegeRef{ServiceID: g.ServiceID, Name: g.Privilege}, Key: g.Key, RoleID: g.RoleID,
		RoleName: g.RoleName, AssignmentID: g.AssignmentID, ViaGroup: g.ViaGroup, ExpireTime: tc.at(path+".expireTime", g.ExpireTime)}
}
