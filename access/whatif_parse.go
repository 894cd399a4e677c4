package access

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

const parseChangesOp = "access.ParseChanges"

// changeFields are the fields of each object form of a change, and which
// of them are required.
var changeFields = map[ChangeKind]struct{ required, optional []string }{
	ChangeCreateAccount:   {required: []string{"email"}},
	ChangeGrantRole:       {required: []string{"role"}, optional: []string{"account", "group", "expires"}},
	ChangeRevokeRole:      {required: []string{"role"}, optional: []string{"account", "group"}},
	ChangeAddMember:       {required: []string{"group", "member"}},
	ChangeRemoveMember:    {required: []string{"group", "member"}},
	ChangeAddPrivilege:    {required: []string{"role", "privilege"}},
	ChangeRemovePrivilege: {required: []string{"role", "privilege"}},
	ChangeMoveCustomer:    {required: []string{"customer", "toDomain"}},
}

// stringChanges take a string: an address, a customer ID or a duration.
var stringChanges = []ChangeKind{ChangeSuspend, ChangeDelete, ChangeAdvance, ChangeRevokeAccess}

// ParseChanges reads the JSON form of a list of changes for [WhatIf]: a
// list of objects, each with exactly one key naming the change:
//
//	{"suspend": "ana@reseller.example"}
//	{"delete": "ana@reseller.example"}
//	{"createAccount": {"email": "ana@reseller-eu.example"}}
//	{"grantRole": {"account": "…" or "group": "…", "role": "…", "expires": "2026-03-01T00:00:00Z"}}
//	{"revokeRole": {"account": "…" or "group": "…", "role": "…"}}
//	{"addMember": {"group": "…", "member": "…"}}, {"removeMember": …}
//	{"addPrivilege": {"role": "…", "privilege": "…"}}, {"removePrivilege": …}
//	{"advance": "720h"}
//	{"moveCustomer": {"customer": "C…", "toDomain": "…"}}
//	{"revokeAccess": "C…"}
//
// Anything else is an error of [resellerkit.KindInvalidArgument] naming
// the entry and field ("changes[2].grantRole.expires") and what is
// expected.
func ParseChanges(data []byte) ([]Change, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, invalid(parseChangesOp, "changes", "is not a JSON list of changes: "+err.Error())
	}
	out := make([]Change, 0, len(raw))
	for i, r := range raw {
		field := "changes[" + itoa(i) + "]"
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(r, &obj); err != nil || obj == nil {
			return nil, invalid(parseChangesOp, field, `is not an object; write one change per entry, such as {"suspend": "ana@reseller.example"}`)
		}
		if len(obj) != 1 {
			keys := make([]string, 0, len(obj))
			for k := range obj {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			return nil, invalid(parseChangesOp, field, "has "+itoa(len(obj))+" keys ("+strings.Join(keys, ", ")+"); give exactly one change per entry")
		}
		for k, v := range obj {
			ch, err := parseChange(ChangeKind(k), v, field+"."+k)
			if err != nil {
				return nil, err
			}
			out = append(out, ch)
		}
	}
	return out, nil
}

func parseChange(kind ChangeKind, v json.RawMessage, field string) (Change, error) {
	ch := Change{Kind: kind}
	if slices.Contains(stringChanges, kind) {
		var s string
		if err := json.Unmarshal(v, &s); err != nil || strings.TrimSpace(s) == "" {
			want := map[ChangeKind]string{ChangeSuspend: "an account address", ChangeDelete: "an account address",
				ChangeAdvance: `a duration such as "720h"`, ChangeRevokeAccess: "a customer ID"}[kind]
			return ch, invalid(parseChangesOp, field, "must be "+want)
		}
		switch kind {
		case ChangeAdvance:
			d, err := time.ParseDuration(s)
			if err != nil || d <= 0 {
				return ch, invalid(parseChangesOp, field, quote(s)+` is not a positive duration such as "720h"`)
			}
			ch.Duration = d
		case ChangeRevokeAccess:
			ch.Customer = s
		default:
			ch.Account = s
		}
		return ch, nil
	}
	spec, ok := changeFields[kind]
	if !ok {
		return ch, invalid(parseChangesOp, field, "is not a change; use suspend, delete, createAccount, grantRole, revokeRole, "+
			"addMember, removeMember, addPrivilege, removePrivilege, advance, moveCustomer or revokeAccess")
	}
	var obj map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(v))
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return ch, invalid(parseChangesOp, field, "must be an object with "+strings.Join(spec.required, ", "))
	}
	vals := map[string]string{}
	for k, raw := range obj {
		if !slices.Contains(spec.required, k) && !slices.Contains(spec.optional, k) {
			return ch, invalid(parseChangesOp, field+"."+k, "is not a field of "+string(kind)+"; its fields are "+
				strings.Join(append(slices.Clone(spec.required), spec.optional...), ", "))
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return ch, invalid(parseChangesOp, field+"."+k, "must be a string")
		}
		vals[k] = strings.TrimSpace(s)
	}
	for _, k := range spec.required {
		if vals[k] == "" {
			return ch, invalid(parseChangesOp, field+"."+k, "is missing; "+string(kind)+" needs "+strings.Join(spec.required, " and "))
		}
	}
	ch.Account, ch.Group, ch.Role, ch.Privilege = vals["account"], vals["group"], vals["role"], vals["privilege"]
	ch.Customer, ch.ToDomain = vals["customer"], vals["toDomain"]
	switch kind {
	case ChangeCreateAccount:
		ch.Account = vals["email"]
	case ChangeAddMember, ChangeRemoveMember:
		ch.Account = vals["member"]
	case ChangeGrantRole, ChangeRevokeRole:
		if (ch.Account == "") == (ch.Group == "") {
			return ch, invalid(parseChangesOp, field+".account", "give exactly one of account and group: who the role is assigned to")
		}
		if e := vals["expires"]; e != "" {
			t, err := time.Parse(time.RFC3339, e)
			if err != nil {
				return ch, invalid(parseChangesOp, field+".expires", quote(e)+" is not an RFC 3339 time such as 2026-03-01T00:00:00Z")
			}
			ch.Expires = t
		}
	}
	return ch, nil
}
