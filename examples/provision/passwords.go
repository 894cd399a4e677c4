package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/internal/atomicfile"
)

// passwordHeader is the first line of a password file; a file without it
// is not one of ours and is never overwritten.
var passwordHeader = []string{"account", "person", "initial_password"}

// passwordFile keeps initial passwords in a CSV file (account, person,
// initial_password; mode 0600). It is the domains.PasswordKeeper of every
// Service of a run: the Service calls KeepPassword before the write that
// gives an account a password (users.insert, or a reset), and sends the
// write only once the record is durable. So whatever kills the process,
// every account it created or reset has its password in the file.
//
// A record written for an account whose creation then did not land is
// harmless: the account does not exist, and the run that creates it
// replaces the record first.
type passwordFile struct {
	path   string
	dir    string
	unlock func() error // releases FILE.lock; nil for a read-only file

	mu      sync.Mutex
	records map[string]passwordRecord // by account address, normalised (rule D3)
	people  map[string]string         // account → the team member it serves
	kept    map[string]bool           // accounts this run gave a password
}

type passwordRecord struct{ person, password string }

// openPasswordFile loads path, which may not exist yet. For writing
// (-apply), it also proves that the file can be replaced: its directory
// must exist and take a new file, and no other run may hold it
// (FILE.lock). Leftover temporary files of a run that died while writing
// are removed: the write they were for was never sent.
func openPasswordFile(path string, write bool) (*passwordFile, error) {
	if strings.TrimSpace(path) == "" {
		return nil, errors.New("-passwords: the file name is empty")
	}
	f := &passwordFile{path: path, dir: filepath.Dir(path),
		records: map[string]passwordRecord{}, people: map[string]string{}, kept: map[string]bool{}}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("-passwords %s: not a regular file; name a file (new, or written by an earlier run)", path)
	}
	if write {
		if err := f.checkWritable(); err != nil {
			return nil, err
		}
	}
	if err := f.load(); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// checkWritable makes and removes a temporary file in the directory, as
// each save does, then takes the lock.
func (f *passwordFile) checkWritable() error {
	st, err := os.Stat(f.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("-passwords %s: the directory %s does not exist; create it (readable by you only) or name a file in another one; nothing was written", f.path, f.dir)
	case err != nil:
		return fmt.Errorf("-passwords %s: %w; nothing was written", f.path, err)
	case !st.IsDir():
		return fmt.Errorf("-passwords %s: %s is not a directory; nothing was written", f.path, f.dir)
	}
	tmp, err := os.CreateTemp(f.dir, atomicfile.TempPattern(f.path))
	if err != nil {
		return fmt.Errorf("-passwords %s: cannot write in %s (%w): name a file in a directory you can write; nothing was written", f.path, f.dir, errors.Unwrap(err))
	}
	tmp.Close()
	os.Remove(tmp.Name())
	unlock, err := lockFile(f.path + ".lock")
	if err != nil {
		return fmt.Errorf("-passwords %s: %w; nothing was written", f.path, err)
	}
	f.unlock = unlock
	stale, _ := filepath.Glob(filepath.Join(f.dir, atomicfile.TempPattern(f.path)))
	for _, name := range stale {
		os.Remove(name)
	}
	return nil
}

// Close releases the lock.
func (f *passwordFile) Close() error {
	if f.unlock == nil {
		return nil
	}
	err := f.unlock()
	f.unlock = nil
	return err
}

// load reads the records. A missing or empty file holds none; anything
// else must be a password file this command wrote, or it is refused with
// its line, so a file of someone else's is never overwritten.
func (f *passwordFile) load() error {
	raw, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(raw) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("-passwords %s: %w", f.path, err)
	}
	bad := func(line int, format string, args ...any) error {
		return fmt.Errorf("-passwords %s: line %d: %s; name another file (this one is left as it is)", f.path, line, fmt.Sprintf(format, args...))
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	for n := 0; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			if n == 0 {
				return bad(1, "no header")
			}
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return bad(pe.Line, "not CSV: %v", pe.Err)
		}
		if err != nil {
			return fmt.Errorf("-passwords %s: %w", f.path, err)
		}
		line, _ := r.FieldPos(0)
		if n == 0 {
			if !slices.Equal(rec, passwordHeader) {
				return bad(line, "not a password file of provision: its first line must be %q", strings.Join(passwordHeader, ","))
			}
			continue
		}
		if len(rec) != len(passwordHeader) {
			return bad(line, "%d fields, want %d (%s)", len(rec), len(passwordHeader), strings.Join(passwordHeader, ","))
		}
		acct, err := domains.NormalizeEmail(rec[0])
		if err != nil {
			return bad(line, "the account is not an email address")
		}
		if rec[2] == "" {
			return bad(line, "the password of %s is empty", acct)
		}
		if _, dup := f.records[acct]; dup {
			return bad(line, "a second record for %s", acct)
		}
		f.records[acct] = passwordRecord{person: rec[1], password: rec[2]}
	}
}

// SetPeople notes the team member of each account of the plan, for the
// person column.
func (f *passwordFile) SetPeople(p *access.Plan) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range p.Accounts {
		for _, st := range a.Steps {
			if st.Kind == access.StepAccount && st.Person != "" {
				f.people[normAccount(st.Subject)] = st.Person
			}
		}
	}
}

// KeepPassword implements domains.PasswordKeeper: it returns once the
// record of email is on disk, or with an error, and then the Service does
// not send the write. Calls are serialised; each rewrites the whole file.
func (f *passwordFile) KeepPassword(ctx context.Context, email string, pw domains.Password) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if pw.IsZero() {
		return fmt.Errorf("keeping the password of %s: the password is empty", email)
	}
	return f.put(normAccount(email), pw.Reveal(), true)
}

// put sets the record of acct and saves; on failure the record is as
// before, on disk and here.
func (f *passwordFile) put(acct, password string, thisRun bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	old, had := f.records[acct]
	person := f.people[acct]
	if person == "" {
		person = old.person
	}
	f.records[acct] = passwordRecord{person: person, password: password}
	if err := f.save(); err != nil {
		if had {
			f.records[acct] = old
		} else {
			delete(f.records, acct)
		}
		return fmt.Errorf("keeping the password of %s in %s: %w", acct, f.path, err)
	}
	if thisRun {
		f.kept[acct] = true
	}
	return nil
}

// Forget removes the record of acct, durably: its password is not known.
func (f *passwordFile) Forget(acct string) error {
	acct = normAccount(acct)
	f.mu.Lock()
	defer f.mu.Unlock()
	old, had := f.records[acct]
	if !had {
		return nil
	}
	delete(f.records, acct)
	delete(f.kept, acct)
	if err := f.save(); err != nil {
		f.records[acct] = old
		return fmt.Errorf("removing the record of %s from %s: %w", acct, f.path, err)
	}
	return nil
}

// Password returns the recorded password of acct.
func (f *passwordFile) Password(acct string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.records[normAccount(acct)]
	return r.password, ok
}

// KeptThisRun reports whether this run gave acct a password.
func (f *passwordFile) KeptThisRun(acct string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.kept[normAccount(acct)]
}

// Len returns the number of records.
func (f *passwordFile) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.records)
}

// save writes every record to a new file in the same directory, syncs it,
// renames it over the file and syncs the directory, so the file is always
// either the old one or the new one, and the new one survives a crash once
// save returns. The caller holds f.mu.
func (f *passwordFile) save() error {
	accts := make([]string, 0, len(f.records))
	for a := range f.records {
		accts = append(accts, a)
	}
	slices.Sort(accts)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(passwordHeader)
	for _, a := range accts {
		r := f.records[a]
		_ = w.Write([]string{a, r.person, r.password})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return atomicfile.Write(f.path, buf.Bytes(), 0o600)
}

// normAccount is the key of an account's record: its address normalised
// as Google compares it (rule D3), or as given if it is not an address.
func normAccount(email string) string {
	if n, err := domains.NormalizeEmail(email); err == nil {
		return n
	}
	return strings.ToLower(strings.TrimSpace(email))
}
