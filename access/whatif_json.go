package access

import "github.com/resellerkit/resellerkit/roles"

// The JSON form of [TenantFacts], carried by the snapshot's version 1 as
// an optional "tenants" list: a file without it reads back with no
// Tenants.
type (
	snapshotTenantRec struct {
		ResellerAccount string               `json:"resellerAccount,omitempty"`
		Privileges      []snapshotPrivilege  `json:"privileges,omitempty"`
		Roles           []snapshotRole       `json:"roles,omitempty"`
		Names           []snapshotName       `json:"names,omitempty"`
		Assignments     []snapshotAssignment `json:"assignments,omitempty"`
		Groups          []snapshotGroup      `json:"groups,omitempty"`
	}
	snapshotPrivilege struct {
		ServiceID   string              `json:"serviceId,omitempty"`
		ServiceName string              `json:"serviceName,omitempty"`
		Name        string              `json:"name,omitempty"`
		OUScopable  bool                `json:"ouScopable,omitempty"`
		Children    []snapshotPrivilege `json:"children,omitempty"`
	}
	snapshotRole struct {
		ID           string         `json:"id,omitempty"`
		Name         string         `json:"name,omitempty"`
		Description  string         `json:"description,omitempty"`
		Privileges   []snapshotPRef `json:"privileges,omitempty"`
		IsSystem     bool           `json:"isSystem,omitempty"`
		IsSuperAdmin bool           `json:"isSuperAdmin,omitempty"`
		ETag         string         `json:"etag,omitempty"`
	}
	snapshotPRef struct {
		ServiceID string `json:"serviceId,omitempty"`
		Name      string `json:"name,omitempty"`
	}
	snapshotName struct {
		Key  roles.PrivilegeKey `json:"key"`
		Name string             `json:"name"`
	}
	snapshotGroup struct {
		ID      string   `json:"id"`
		Members []string `json:"members,omitempty"`
	}
)

func tenantsToJSON(tc *timeChecker, ts []TenantFacts) []snapshotTenantRec {
	var out []snapshotTenantRec
	for i := range ts {
		t := &ts[i]
		path := "Tenants[" + itoa(i) + "]"
		tj := snapshotTenantRec{ResellerAccount: t.ResellerAccount, Privileges: privilegesToJSON(t.Privileges)}
		for _, r := range t.Roles {
			rj := snapshotRole{ID: r.ID, Name: r.Name, Description: r.Description, IsSystem: r.IsSystem, IsSuperAdmin: r.IsSuperAdmin, ETag: r.ETag}
			for _, p := range r.Privileges {
				rj.Privileges = append(rj.Privileges, snapshotPRef(p))
			}
			tj.Roles = append(tj.Roles, rj)
		}
		for _, n := range t.Names {
			tj.Names = append(tj.Names, snapshotName(n))
		}
		for k, a := range t.Assignments {
			tj.Assignments = append(tj.Assignments, snapshotAssignment{ID: a.ID, RoleID: a.RoleID, AssignedTo: a.AssignedTo,
				AssigneeType: a.AssigneeType, Scope: a.Scope, OrgUnitID: a.OrgUnitID,
				ExpireTime: tc.at(path+".Assignments["+itoa(k)+"].ExpireTime", a.ExpireTime), Condition: a.Condition, ETag: a.ETag})
		}
		for _, g := range t.Groups {
			tj.Groups = append(tj.Groups, snapshotGroup(g))
		}
		out = append(out, tj)
	}
	return out
}

func privilegesToJSON(ps []roles.Privilege) []snapshotPrivilege {
	var out []snapshotPrivilege
	for _, p := range ps {
		out = append(out, snapshotPrivilege{ServiceID: p.ServiceID, ServiceName: p.ServiceName, Name: p.Name,
			OUScopable: p.OUScopable, Children: privilegesToJSON(p.Children)})
	}
	return out
}

func tenantsFromJSON(tc *timeChecker, ts []snapshotTenantRec) []TenantFacts {
	var out []TenantFacts
	for i := range ts {
		tj := &ts[i]
		path := "tenants[" + itoa(i) + "]"
		t := TenantFacts{ResellerAccount: tj.ResellerAccount, Privileges: privilegesFromJSON(tj.Privileges)}
		for _, rj := range tj.Roles {
			r := roles.Role{ID: rj.ID, Name: rj.Name, Description: rj.Description, IsSystem: rj.IsSystem, IsSuperAdmin: rj.IsSuperAdmin, ETag: rj.ETag}
			for _, p := range rj.Privileges {
				r.Privileges = append(r.Privileges, roles.PrivilegeRef(p))
			}
			t.Roles = append(t.Roles, r)
		}
		for _, n := range tj.Names {
			t.Names = append(t.Names, TenantName(n))
		}
		for k, a := range tj.Assignments {
			t.Assignments = append(t.Assignments, roles.Assignment{ID: a.ID, RoleID: a.RoleID, AssignedTo: a.AssignedTo,
				AssigneeType: a.AssigneeType, Scope: a.Scope, OrgUnitID: a.OrgUnitID,
				ExpireTime: tc.at(path+".assignments["+itoa(k)+"].expireTime", a.ExpireTime), Condition: a.Condition, ETag: a.ETag})
		}
		for _, g := range tj.Groups {
			t.Groups = append(t.Groups, GroupFacts(g))
		}
		out = append(out, t)
	}
	return out
}

func privilegesFromJSON(ps []snapshotPrivilege) []roles.Privilege {
	var out []roles.Privilege
	for _, p := range ps {
		out = append(out, roles.Privilege{ServiceID: p.ServiceID, ServiceName: p.ServiceName, Name: p.Name,
			OUScopable: p.OUScopable, Children: privilegesFromJSON(p.Children)})
	}
	return out
}
