package fake

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"sync"
)

// Partial responses: the "fields" system parameter every method of the four
// discovery documents takes. Google's syntax
// (https://developers.google.com/drive/api/guides/fields-parameter, the
// same for every Google API): a comma-separated list of paths; "a/b"
// selects b inside a; "a(b,c)" selects b and c inside a, in each element
// when a is an array; "*" selects everything at its level. A selection
// naming no member of the answer's schema answers 400 invalidParameter
// "Invalid field selection NAME" (the message Google documents there).
//
// The Server parses the selector only when the parameter is present,
// checks it against the generated Go type of the answer (the discovery
// schema), and prunes the encoded JSON; requests without it pay one
// substring test.

// fieldSel is a parsed selection. A leaf keeps the whole value; otherwise
// sub names the members kept and what to keep in each, and sub["*"] keeps
// every member not named.
type fieldSel struct {
	leaf bool
	sub  map[string]*fieldSel
	// order keeps the names in the order written, so an invalid name is
	// reported as the first one the caller wrote.
	order []string
}

// maxFieldsDepth bounds nesting, so a hostile selector cannot recurse
// without end.
const maxFieldsDepth = 32

// parseFields parses a fields parameter. The error answers Google's 400.
func parseFields(s string) (*fieldSel, *apiError) {
	p := fieldsParser{s: s}
	root := &fieldSel{}
	if err := p.list(root, 0); err != nil {
		return nil, err
	}
	if p.i < len(p.s) {
		return nil, errFieldSelection(p.s[p.i:])
	}
	return root, nil
}

type fieldsParser struct {
	s string
	i int
}

func (p *fieldsParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

// list parses path ("," path)* into sel, stopping before ")" or the end.
func (p *fieldsParser) list(sel *fieldSel, depth int) *apiError {
	if depth > maxFieldsDepth {
		return errFieldSelection(p.s)
	}
	for {
		if err := p.path(sel, depth); err != nil {
			return err
		}
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		return nil
	}
}

// path parses name ("/" name)* ["(" list ")"] and merges it into sel.
func (p *fieldsParser) path(sel *fieldSel, depth int) *apiError {
	cur := sel
	for {
		p.skipSpace()
		start := p.i
		for p.i < len(p.s) && !strings.ContainsRune(",/() \t\r\n", rune(p.s[p.i])) {
			p.i++
		}
		name := p.s[start:p.i]
		if name == "" {
			if p.i < len(p.s) {
				return errFieldSelection(p.s[p.i:])
			}
			return errFieldSelection(p.s)
		}
		cur = cur.child(name)
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == '/' {
			p.i++
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == '(' {
			p.i++
			if err := p.list(cur, depth+1); err != nil {
				return err
			}
			p.skipSpace()
			if p.i >= len(p.s) || p.s[p.i] != ')' {
				return errFieldSelection(p.s[start:])
			}
			p.i++
			return nil
		}
		cur.leaf = true
		return nil
	}
}

// child returns the selection of member name inside s, creating it.
func (s *fieldSel) child(name string) *fieldSel {
	if c, ok := s.sub[name]; ok {
		return c
	}
	if s.sub == nil {
		s.sub = map[string]*fieldSel{}
	}
	c := &fieldSel{}
	s.sub[name] = c
	s.order = append(s.order, name)
	return c
}

func errFieldSelection(what string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Reason: "invalidParameter", Message: "Invalid field selection " + what}
}

// check reports the first selected name that is no member of the JSON
// encoding of type t (a generated struct), as Google's 400.
func (s *fieldSel) check(t reflect.Type) *apiError {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if s.leaf || len(s.order) == 0 {
		return nil
	}
	switch t.Kind() {
	case reflect.Interface:
		return nil // a free-form member (User.emails): anything goes
	case reflect.Map:
		for _, name := range s.order {
			if e := s.sub[name].check(t.Elem()); e != nil {
				return e
			}
		}
		return nil
	case reflect.Struct:
		members := jsonMembers(t)
		for _, name := range s.order {
			if name == "*" {
				continue // every member; what it selects inside each is not checked
			}
			ft, ok := members[name]
			if !ok {
				return errFieldSelection(name)
			}
			if e := s.sub[name].check(ft); e != nil {
				return e
			}
		}
		return nil
	}
	for _, name := range s.order {
		if name != "*" {
			return errFieldSelection(name) // a scalar has no members
		}
	}
	return nil
}

var membersCache sync.Map // reflect.Type -> map[string]reflect.Type

// jsonMembers maps the JSON member names of struct type t to their types.
// Members without a json tag (ForceSendFields, NullFields and
// ServerResponse carry "-") are not on the wire.
func jsonMembers(t reflect.Type) map[string]reflect.Type {
	if m, ok := membersCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		m[name] = f.Type
	}
	membersCache.Store(t, m)
	return m
}

// prune keeps the selected members of the JSON value b, the Server's own
// encoding of a generated struct.
func (s *fieldSel) prune(b []byte) ([]byte, error) {
	v, err := s.pruneValue(json.RawMessage(b))
	return v, err
}

func (s *fieldSel) pruneValue(raw json.RawMessage) (json.RawMessage, error) {
	if s.leaf {
		return raw, nil
	}
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return raw, nil
	}
	switch t[0] {
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(t, &items); err != nil {
			return nil, err
		}
		for i, it := range items {
			p, err := s.pruneValue(it)
			if err != nil {
				return nil, err
			}
			items[i] = p
		}
		return json.Marshal(items)
	case '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(t, &obj); err != nil {
			return nil, err
		}
		star := s.sub["*"]
		out := make(map[string]json.RawMessage, len(s.sub))
		for k, v := range obj {
			c, ok := s.sub[k]
			if !ok || k == "*" {
				if star == nil {
					continue
				}
				c = star
			}
			p, err := c.pruneValue(v)
			if err != nil {
				return nil, err
			}
			out[k] = p
		}
		return json.Marshal(out)
	}
	return raw, nil // a scalar selected whole
}

type fieldsKey struct{}

// fieldsOf returns the parsed fields parameter of r, if any: the Server
// parses it once per request in serve.
func fieldsOf(r *http.Request) *fieldSel {
	s, _ := r.Context().Value(fieldsKey{}).(*fieldSel)
	return s
}

// requestFields parses the fields parameter of r when it has one; r2 is r
// carrying the selection for the handler ([withBody] checks it against
// the answer's type before a write is applied).
func requestFields(r *http.Request) (r2 *http.Request, sel *fieldSel, e *apiError) {
	if !strings.Contains(r.URL.RawQuery, "fields=") {
		return r, nil, nil
	}
	v := r.URL.Query()["fields"]
	if len(v) == 0 || v[len(v)-1] == "" {
		return r, nil, nil
	}
	sel, e = parseFields(v[len(v)-1])
	if e != nil {
		return r, nil, e
	}
	return r.WithContext(context.WithValue(r.Context(), fieldsKey{}, sel)), sel, nil
}

// checkFieldsFor checks the request's selection, if any, against the
// answer type R before a write runs, so an invalid selection changes
// nothing.
func checkFieldsFor[R any](r *http.Request) *apiError {
	if sel := fieldsOf(r); sel != nil {
		return sel.check(reflect.TypeFor[R]())
	}
	return nil
}
