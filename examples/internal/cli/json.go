package cli

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FileError is a bad input file: which file, where in it, and what was
// expected there. A person reads it and knows what to fix without reading
// the program.
type FileError struct {
	// File names the file as the command line gave it: "-people team.json".
	File string
	// Field is the JSON path of the bad value, "[2].accounts" or
	// `parents["C0123"]`; "" for the file as a whole.
	Field string
	// Line and Column locate the value (1-based); 0 when unknown.
	Line, Column int
	// Problem says what was wrong and what is expected.
	Problem string
}

func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": %s", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Problem)
	return b.String()
}

// FieldError is a value that decoded but breaks a rule of the program (an
// unknown support plan, a person with no account): the file, the field's
// JSON path and what is expected.
func FieldError(file, field, format string, args ...any) error {
	return &FileError{File: file, Field: field, Problem: fmt.Sprintf(format, args...)}
}

// ReadJSON reads the JSON file at path into v strictly (see [DecodeJSON]).
// flagName is the flag that named the file ("people"), so errors read
// "-people team.json: ...".
func ReadJSON(flagName, path string, v any) error {
	file := "-" + flagName + " " + path
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return &FileError{File: file, Problem: "no such file; give the path of an existing JSON file"}
		}
		return &FileError{File: file, Problem: err.Error()}
	}
	return DecodeJSON(file, data, v)
}

// DecodeJSON decodes data into v strictly: an empty file, a syntax error,
// a field v does not have, a value of the wrong type or a second value
// after the first are errors, each a [*FileError] naming file, the field's
// JSON path, its line and column, and what is expected there. A typo in a
// field name is thus an error rather than a silently ignored setting.
func DecodeJSON(file string, data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("cli.DecodeJSON: want a non-nil pointer, got %T", v)
	}
	t := rv.Type().Elem()
	if len(bytes.TrimSpace(data)) == 0 {
		return &FileError{File: file, Problem: "the file is empty; expected " + describe(t)}
	}
	p := &parser{dec: json.NewDecoder(bytes.NewReader(data)), data: data, file: file}
	p.dec.UseNumber()
	val, err := p.value("", t)
	if err != nil {
		return err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		line, col := p.pos(p.dec.InputOffset())
		return &FileError{File: file, Line: line, Column: col, Problem: "more after the end of the JSON value; expected a single value: " + describe(t)}
	}
	if err := p.check(val, "", t); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		// check found nothing wrong, so this is unexpected; say it anyway.
		return &FileError{File: file, Problem: err.Error()}
	}
	return nil
}

// node is a decoded JSON value with where it started.
type node struct {
	v      any // nil, bool, json.Number, string, []node, map[string]node (with keys in order)
	keys   []string
	offset int64
}

type parser struct {
	dec  *json.Decoder
	data []byte
	file string
}

func (p *parser) pos(off int64) (line, col int) {
	if off > int64(len(p.data)) {
		off = int64(len(p.data))
	}
	before := p.data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = 1 + int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, col
}

func (p *parser) syntax(err error, path string, t reflect.Type) error {
	off := p.dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	line, col := p.pos(off)
	problem := "not valid JSON (" + strings.TrimPrefix(err.Error(), "json: ") + ")"
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		problem = "the file ends too early"
	}
	return &FileError{File: p.file, Field: path, Line: line, Column: col, Problem: problem + "; expected " + describe(t)}
}

// value reads one JSON value; t is what is expected there, for messages.
func (p *parser) value(path string, t reflect.Type) (node, error) {
	off := p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err != nil {
		return node{}, p.syntax(err, path, t)
	}
	// Token skips the separators; point at the value itself.
	for off < int64(len(p.data)) && strings.IndexByte(" \t\r\n:,", p.data[off]) >= 0 {
		off++
	}
	n := node{offset: off}
	switch tok := tok.(type) {
	case json.Delim:
		switch tok {
		case '[':
			var items []node
			et := elem(t)
			for i := 0; p.dec.More(); i++ {
				item, err := p.value(fmt.Sprintf("%s[%d]", path, i), et)
				if err != nil {
					return node{}, err
				}
				items = append(items, item)
			}
			if _, err := p.dec.Token(); err != nil {
				return node{}, p.syntax(err, path, t)
			}
			n.v = items
		case '{':
			m := map[string]node{}
			for p.dec.More() {
				kt, err := p.dec.Token()
				if err != nil {
					return node{}, p.syntax(err, path, t)
				}
				k, _ := kt.(string)
				kp := join(path, t, k)
				item, err := p.value(kp, fieldType(t, k))
				if err != nil {
					return node{}, err
				}
				if _, dup := m[k]; !dup {
					n.keys = append(n.keys, k)
				}
				m[k] = item
			}
			if _, err := p.dec.Token(); err != nil {
				return node{}, p.syntax(err, path, t)
			}
			n.v = m
		}
	default:
		n.v = tok
	}
	return n, nil
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func custom(t reflect.Type) bool {
	if t == nil {
		return false
	}
	pt := reflect.PointerTo(t)
	return t.Implements(jsonUnmarshaler) || pt.Implements(jsonUnmarshaler) || t.Implements(textUnmarshaler) || pt.Implements(textUnmarshaler)
}

// check compares a decoded value with the type expected at path.
func (p *parser) check(n node, path string, t reflect.Type) error {
	bad := func(problem string) error {
		line, col := p.pos(n.offset)
		return &FileError{File: p.file, Field: path, Line: line, Column: col, Problem: problem}
	}
	for t != nil && t.Kind() == reflect.Pointer {
		if n.v == nil {
			return nil
		}
		t = t.Elem()
	}
	if t == nil || n.v == nil || t.Kind() == reflect.Interface {
		return nil // null leaves the zero value, as encoding/json does
	}
	if custom(t) {
		// The type decodes itself (a time, a plan name): let it say what
		// is wrong, at this field.
		raw, err := json.Marshal(plain(n))
		if err != nil {
			return bad(err.Error())
		}
		if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
			msg := err.Error()
			var te *time.ParseError
			if errors.As(err, &te) || t == reflect.TypeFor[time.Time]() {
				msg = fmt.Sprintf("%s is not a time", raw)
			}
			return bad(fmt.Sprintf("%s; expected %s", strings.TrimPrefix(msg, "json: "), describe(t)))
		}
		return nil
	}
	got := kindOf(n.v)
	switch t.Kind() {
	case reflect.String:
		if got != "a string" {
			return bad("got " + got + ", expected " + describe(t))
		}
	case reflect.Bool:
		if got != "true or false" {
			return bad("got " + got + ", expected " + describe(t))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		num, ok := n.v.(json.Number)
		if !ok {
			return bad("got " + got + ", expected " + describe(t))
		}
		if _, err := strconv.ParseInt(string(num), 10, 64); err != nil {
			return bad(fmt.Sprintf("%s is not a whole number; expected %s", num, describe(t)))
		}
		if err := fits(num, t); err != nil {
			return bad(err.Error())
		}
	case reflect.Float32, reflect.Float64:
		if _, ok := n.v.(json.Number); !ok {
			return bad("got " + got + ", expected " + describe(t))
		}
	case reflect.Slice, reflect.Array:
		items, ok := n.v.([]node)
		if !ok {
			return bad("got " + got + ", expected " + describe(t))
		}
		for i, item := range items {
			if err := p.check(item, fmt.Sprintf("%s[%d]", path, i), t.Elem()); err != nil {
				return err
			}
		}
	case reflect.Map:
		m, ok := n.v.(map[string]node)
		if !ok {
			return bad("got " + got + ", expected " + describe(t))
		}
		for _, k := range n.keys {
			if err := p.check(m[k], join(path, t, k), t.Elem()); err != nil {
				return err
			}
		}
	case reflect.Struct:
		m, ok := n.v.(map[string]node)
		if !ok {
			return bad("got " + got + ", expected " + describe(t))
		}
		for _, k := range n.keys {
			ft := fieldType(t, k)
			if ft == nil {
				item := m[k]
				line, col := p.pos(item.offset)
				problem := fmt.Sprintf("%q is not a field here; expected one of %s", k, strings.Join(fieldNames(t), ", "))
				if near := nearest(k, fieldNames(t)); near != "" {
					problem = fmt.Sprintf("%q is not a field here; did you mean %q? (expected one of %s)", k, near, strings.Join(fieldNames(t), ", "))
				}
				return &FileError{File: p.file, Field: join(path, t, k), Line: line, Column: col, Problem: problem}
			}
			if err := p.check(m[k], join(path, t, k), ft); err != nil {
				return err
			}
		}
	}
	return nil
}

func fits(num json.Number, t reflect.Type) error {
	i, _ := strconv.ParseInt(string(num), 10, 64)
	z := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if i < 0 || z.OverflowUint(uint64(i)) {
			return fmt.Errorf("%s is out of range; expected %s", num, describe(t))
		}
	default:
		if z.OverflowInt(i) {
			return fmt.Errorf("%s is out of range; expected %s", num, describe(t))
		}
	}
	return nil
}

// plain turns a node back into what json.Marshal takes.
func plain(n node) any {
	switch v := n.v.(type) {
	case []node:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = plain(x)
		}
		return out
	case map[string]node:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = plain(x)
		}
		return out
	}
	return n.v
}

func kindOf(v any) string {
	switch v := v.(type) {
	case string:
		return "a string"
	case bool:
		return "true or false"
	case json.Number:
		return "a number (" + string(v) + ")"
	case []node:
		return "a list"
	case map[string]node:
		return "an object"
	}
	return "null"
}

// elem is the element type of a list or map type, nil if t is not one.
func elem(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) && !custom(t) {
		return t.Elem()
	}
	return nil
}

// join appends key k of an object of type t to path: .field for a struct,
// ["key"] for a map.
func join(path string, t reflect.Type, k string) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && t.Kind() == reflect.Map {
		return fmt.Sprintf("%s[%q]", path, k)
	}
	if path == "" {
		return k
	}
	return path + "." + k
}

// jsonFields maps the JSON names of a struct's fields to their types, as
// encoding/json sees them (embedded structs flattened).
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					if _, ok := out[k]; !ok {
						out[k] = v
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// fieldType is the type of field k of struct type t (matched without
// regard to case, as encoding/json does), or of a map's values; nil when t
// has no such field.
func fieldType(t reflect.Type, k string) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || custom(t) {
		return nil
	}
	switch t.Kind() {
	case reflect.Map:
		return t.Elem()
	case reflect.Struct:
		fields := jsonFields(t)
		if ft, ok := fields[k]; ok {
			return ft
		}
		for name, ft := range fields {
			if strings.EqualFold(name, k) {
				return ft
			}
		}
	}
	return nil
}

func fieldNames(t reflect.Type) []string {
	var out []string
	for k := range jsonFields(t) {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// nearest is the name within two edits of k, for "did you mean".
func nearest(k string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := distance(strings.ToLower(k), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// describe says, for a person, what JSON value type t takes.
func describe(t reflect.Type) string {
	if t == nil {
		return "a JSON value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeFor[time.Time]() {
		return "a time such as \"2024-01-01T00:00:00Z\" (RFC 3339)"
	}
	if t == reflect.TypeFor[time.Duration]() {
		return "a duration in nanoseconds"
	}
	if custom(t) {
		return "a string"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number, 0 or more"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list, each item " + describe(t.Elem())
	case reflect.Map:
		return "an object, each value " + describe(t.Elem())
	case reflect.Struct:
		return "an object with the fields " + strings.Join(fieldNames(t), ", ")
	}
	return "a JSON value"
}
