package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium returns the path of a Chromium binary, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// inCI reports whether the CI environment variable asks for a CI run.
func inCI() bool {
	v := strings.ToLower(strings.TrimSpace(os.Getenv("CI")))
	return v != "" && v != "0" && v != "false"
}

// browsers bounds how many Chromium processes run at once. Each launch
// costs seconds of mostly start-up time; running a few side by side keeps
// the test short on CI's two cores without starving the rest of the suite.
var browsers = make(chan struct{}, 3)

// headless runs Chromium headless on url with extra flags and returns its
// standard output.
func headless(t *testing.T, bin, url string, extra ...string) []byte {
	t.Helper()
	browsers <- struct{}{}
	defer func() { <-browsers }()
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir=" + t.TempDir(),
	}
	args = append(append(args, extra...), url)
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", url, err, stderr.String())
	}
	return stdout.Bytes()
}

// TestBrowser loads every page in a real browser, headless Chromium, and
// checks the rendered DOM, then takes a screenshot of the grid. (The pages
// hold no script at all, which TestPages checks, and their
// Content-Security-Policy forbids any.)
//
// Without Chromium the test is skipped, unless CI is set: then it fails, so
// a CI run cannot pass without it (.ci/run installs Debian's chromium).
func TestBrowser(t *testing.T) {
	t.Parallel()
	bin := chromium()
	if bin == "" {
		if inCI() {
			t.Fatal("CI is set but Chromium is not installed: install Debian's chromium (apt-get install -y chromium) so the browser test runs")
		}
		t.Skip("Chromium is not installed (apt-get install -y chromium); skipping the browser test")
	}
	base := startDashboard(t)
	pages := []struct {
		name, path string
		want       []string
	}{
		{"access grid", "?open=1", []string{`<html lang="en">`, `id="access-grid"`, "Ana Lima", "northwind-nordics.example", "Reseller Admin role [P1.1]", "no account"}},
		{"access grid in Japanese", "?lang=ja", []string{`<html lang="ja">`, "スタッフ × 販売パートナー ドメイン"}},
		{"customers", "customers?domain=northwind-nordics.example&lang=sv", []string{"Kunder för northwind-nordics.example", `id="customers"`}},
		{"seats", "seats?lang=fr", []string{"Licences par SKU", "Cloud Identity Free", "<meter"}},
		{"cases", "cases?status=open&lang=it", []string{"Richieste di assistenza", `id="case-counts"`, `id="cases"`}},
		{"cases filtered", "cases?q=gmail&lang=id", []string{"Kasus dukungan", `value="gmail"`, "Gmail"}},
		{"setup plan", "plan?person=chloe.martin@northwind.example", []string{"Setup plan for Chloé Martin", "chloe.martin@northwind-nordics.example", `id="dry-run"`}},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			dom := string(headless(t, bin, base+p.path, "--dump-dom"))
			for _, w := range p.want {
				if !strings.Contains(dom, w) {
					t.Errorf("the rendered %s lacks %q", p.path, w)
				}
			}
			if strings.Contains(dom, "Something went wrong") {
				t.Errorf("the rendered %s is an error page", p.path)
			}
		})
	}
	t.Run("screenshot", func(t *testing.T) {
		t.Parallel()
		png := filepath.Join(t.TempDir(), "grid.png")
		headless(t, bin, base+"?open=1", "--screenshot="+png, "--window-size=1280,900", "--hide-scrollbars")
		b, err := os.ReadFile(png)
		if err != nil {
			t.Fatalf("no screenshot: %v", err)
		}
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || len(b) < 10_000 {
			t.Errorf("the screenshot is not a PNG of a rendered page (%d bytes)", len(b))
		}
		if dir := os.Getenv("DASHBOARD_SCREENSHOTS"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, "grid.png"), b, 0o644); err != nil {
				t.Error(err)
			}
		}
	})
}
