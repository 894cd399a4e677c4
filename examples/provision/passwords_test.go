package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/domains"
)

// readPasswords reads a password file as the person receiving it would:
// account → password.
func readPasswords(t *testing.T, file string) map[string]string {
	t.Helper()
	f, err := os.Open(file)
	if os.IsNotExist(err) {
		return map[string]string{}
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "account,person,initial_password" {
		t.Fatalf("%s: header %v", file, rows)
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		out[r[0]] = r[2]
	}
	return out
}

// TestPasswordFileKeepsDurably: S3's initial passwords are on disk, in a
// file only the user can read, when KeepPassword returns; concurrent calls
// (EnsureAccounts runs several at once) lose none; no temporary file is
// left behind; a second run loads the records and a new password replaces
// the old one.
func TestPasswordFileKeepsDurably(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "initial.csv")
	k, err := openPasswordFile(file, true)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 20 {
		acct := fmt.Sprintf("user%02d@alder-reseller.example", i)
		pw := domains.NewPassword()
		want[acct] = pw.Reveal()
		wg.Go(func() {
			if err := k.KeepPassword(t.Context(), strings.ToUpper(acct), pw); err != nil {
				mu.Lock()
				defer mu.Unlock()
				t.Errorf("KeepPassword(%s): %v", acct, err)
			}
		})
	}
	wg.Wait()
	if diff := cmp.Diff(want, readPasswords(t, file)); diff != "" {
		t.Errorf("file mismatch (-want +got):\n%s", diff)
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if err := k.Close(); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(names) != 0 {
		t.Errorf("temporary files left: %v", names)
	}

	again, err := openPasswordFile(file, true)
	if err != nil {
		t.Fatalf("reopening the file of an earlier run: %v", err)
	}
	defer again.Close()
	if got, ok := again.Password("user07@alder-reseller.example"); !ok || got != want["user07@alder-reseller.example"] {
		t.Errorf("reloaded record of user07: %v", ok)
	}
	if again.KeptThisRun("user07@alder-reseller.example") {
		t.Error("a loaded record counts as kept by this run")
	}
	fresh := domains.NewPassword()
	if err := again.KeepPassword(t.Context(), "user07@alder-reseller.example", fresh); err != nil {
		t.Fatal(err)
	}
	if err := again.Forget("user08@alder-reseller.example"); err != nil {
		t.Fatal(err)
	}
	want["user07@alder-reseller.example"] = fresh.Reveal()
	delete(want, "user08@alder-reseller.example")
	if diff := cmp.Diff(want, readPasswords(t, file)); diff != "" {
		t.Errorf("after a replaced and a removed record (-want +got):\n%s", diff)
	}
}

// TestPasswordFileRefusesForeignFiles: a file that is not a password file
// of provision, or is damaged, is refused with its name and line, and left
// as it was.
func TestPasswordFileRefusesForeignFiles(t *testing.T) {
	t.Parallel()
	const header = "account,person,initial_password\n"
	for _, tc := range []struct {
		name, content, want string
	}{
		{"other CSV", "name,email\nana,ana@x.example\n", "line 1: not a password file of provision"},
		{"text", "hello\n", "line 1: not a password file of provision"},
		{"too few fields", header + "ana@alder-reseller.example,ana@corp.example,Secret-123\nzoe@alder-reseller.example,zoe\n", "line 3: 2 fields"},
		{"not an address", header + "ana,ana@corp.example,Secret-123\n", "line 2: the account is not an email address"},
		{"empty password", header + "ana@alder-reseller.example,ana@corp.example,\n", "line 2: the password of ana@alder-reseller.example is empty"},
		{"duplicate", header + "ana@alder-reseller.example,a,Secret-123\nANA@alder-reseller.example,a,Secret-456\n", "line 3: a second record"},
		{"bad quoting", header + "ana@alder-reseller.example,\"a,Secret-123\n", "line 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join(t.TempDir(), "p.csv")
			if err := os.WriteFile(file, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, write := range []bool{false, true} {
				_, err := openPasswordFile(file, write)
				if err == nil || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("openPasswordFile(write=%v) = %v, want an error naming %s and %q", write, err, file, tc.want)
				}
				if err != nil && strings.Contains(err.Error(), "Secret-") {
					t.Errorf("the error shows a password: %v", err)
				}
			}
			if got, _ := os.ReadFile(file); string(got) != tc.content {
				t.Errorf("the refused file was changed: %q", got)
			}
		})
	}
	// An empty file (made with touch, say) is a file with no record yet.
	file := filepath.Join(t.TempDir(), "empty.csv")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := openPasswordFile(file, true)
	if err != nil {
		t.Fatalf("an empty file: %v", err)
	}
	k.Close()
}

// TestPasswordFileChecksWhereItWrites: for -apply the file must be
// writable before anything is sent to Google: a missing directory, a
// directory given as the file, and a file another run is writing are
// refused; leftovers of a run that died while saving are removed.
func TestPasswordFileChecksWhereItWrites(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct{ file, want string }{
		{filepath.Join(dir, "missing", "p.csv"), "the directory " + filepath.Join(dir, "missing") + " does not exist"},
		{dir, "not a regular file"},
	} {
		if _, err := openPasswordFile(tc.file, true); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("openPasswordFile(%s) = %v, want %q", tc.file, err, tc.want)
		}
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o500); err != nil {
			t.Fatal(err)
		}
		if _, err := openPasswordFile(filepath.Join(ro, "p.csv"), true); err == nil || !strings.Contains(err.Error(), "cannot write in") {
			t.Errorf("a read-only directory: %v", err)
		}
	}

	file := filepath.Join(dir, "p.csv")
	stale := filepath.Join(dir, ".p.csv.tmp-123")
	if err := os.WriteFile(stale, []byte("account,person,initial_password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := openPasswordFile(file, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the leftover temporary file is still there: %v", err)
	}
	if _, err := openPasswordFile(file, true); err == nil || !strings.Contains(err.Error(), "another run of provision") {
		t.Errorf("a second writer: %v, want it refused", err)
	}
	if r, err := openPasswordFile(file, false); err != nil {
		t.Errorf("a reader (dry run) while a run writes: %v", err)
	} else {
		r.Close()
	}
	k.Close()
	k2, err := openPasswordFile(file, true)
	if err != nil {
		t.Fatalf("after the first run ended: %v", err)
	}
	k2.Close()
}

// TestKeepPasswordFailsWithNothingKept: when the file cannot be written
// KeepPassword fails (so the Service sends nothing), its error holds no
// password, and the records are as before.
func TestKeepPasswordFailsWithNothingKept(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "d")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	k, err := openPasswordFile(filepath.Join(dir, "p.csv"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	pw := domains.NewPassword()
	err = k.KeepPassword(t.Context(), "ana@alder-reseller.example", pw)
	if err == nil {
		t.Fatal("KeepPassword succeeded without a directory")
	}
	if strings.Contains(err.Error(), pw.Reveal()) {
		t.Errorf("the error shows the password: %v", err)
	}
	if _, ok := k.Password("ana@alder-reseller.example"); ok || k.Len() != 0 {
		t.Error("a password that was not written is recorded")
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := k.KeepPassword(ctx, "ana@alder-reseller.example", pw); err == nil {
		t.Error("KeepPassword with a canceled context succeeded")
	}
}
