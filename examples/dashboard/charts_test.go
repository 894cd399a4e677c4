package main

import (
	"encoding/xml"
	"errors"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/access"
)

// svgNode is one element of a chart's SVG, as an XML decoder reads it.
type svgNode struct {
	Name string
	Attr map[string]string
	Text string
}

// parseXML decodes s strictly as XML, failing the test when it is not
// well-formed, and returns its elements in document order.
func parseXML(t *testing.T, s string) []svgNode {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	var out []svgNode
	var stack []int
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := svgNode{Name: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.Attr[a.Name.Local] = a.Value
			}
			out = append(out, n)
			stack = append(stack, len(out)-1)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				out[stack[len(stack)-1]].Text += string(tok)
			}
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed elements in\n%s", s)
	}
	return out
}

// chartOf returns the <figure> of the chart id on a page, or fails.
func chartOf(t *testing.T, body, id string) string {
	t.Helper()
	fig := between(body, `<figure class="chart card" id="`+id+`"`, "</figure>")
	if fig == "" {
		t.Fatalf("the page has no chart %s", id)
	}
	return fig + "</figure>"
}

// svgOf returns the parsed SVG of a chart's figure; it fails the test when
// the SVG is not well-formed XML or lacks its accessible name.
func svgOf(t *testing.T, fig string) []svgNode {
	t.Helper()
	svg := between(fig, "<svg", "</svg>")
	if svg == "" {
		t.Fatalf("the chart has no SVG:\n%s", fig)
	}
	nodes := parseXML(t, svg+"</svg>")
	root := nodes[0]
	if root.Attr["role"] != "img" {
		t.Errorf("svg role %q, want img", root.Attr["role"])
	}
	ids := strings.Fields(root.Attr["aria-labelledby"])
	var title, desc string
	for _, n := range nodes {
		switch n.Name {
		case "title":
			title = n.Attr["id"]
		case "desc":
			desc = n.Attr["id"]
		}
	}
	if len(ids) != 2 || title == "" || desc == "" || ids[0] != title || ids[1] != desc {
		t.Errorf("aria-labelledby %q does not name the title %q and the desc %q", ids, title, desc)
	}
	return nodes
}

// tableOf returns the rows of a chart's text equivalent: each row's cells,
// its header first.
func tableOf(t *testing.T, fig string) [][]string {
	t.Helper()
	tbl := between(fig, "<table>", "</table>")
	if tbl == "" {
		t.Fatalf("the chart has no table:\n%s", fig)
	}
	var rows [][]string
	for _, n := range parseXML(t, tbl+"</table>") {
		switch n.Name {
		case "tr":
			rows = append(rows, nil)
		case "th", "td":
			rows[len(rows)-1] = append(rows[len(rows)-1], n.Text)
		}
	}
	return rows
}

// bar is one drawn bar segment: its value and width.
type bar struct {
	class string
	value int
	width float64
}

// barsOf returns the segments of each bar of a chart, in order.
func barsOf(t *testing.T, nodes []svgNode) [][]bar {
	t.Helper()
	var out [][]bar
	for _, n := range nodes {
		if n.Name == "g" && n.Attr["class"] == "bar" {
			out = append(out, nil)
		}
		if n.Name == "rect" && n.Attr["data-value"] != "" {
			v, err := strconv.Atoi(n.Attr["data-value"])
			w, err2 := strconv.ParseFloat(n.Attr["width"], 64)
			if err != nil || err2 != nil {
				t.Fatalf("bar %v: bad value or width", n.Attr)
			}
			out[len(out)-1] = append(out[len(out)-1], bar{class: n.Attr["class"], value: v, width: w})
		}
	}
	return out
}

// checkWidth fails unless a bar of value v is v/scale of the plot's width,
// to the drawing's precision.
func checkWidth(t *testing.T, what string, b bar, scale int) {
	t.Helper()
	want := float64(b.value) / float64(scale) * (chartWidth - 2*chartPad)
	if math.Abs(b.width-want) > 0.06 {
		t.Errorf("%s: value %d drawn %v wide, want %v (%d/%d of the plot)", what, b.value, b.width, want, b.value, scale)
	}
}

// TestGridCharts: the access page draws, per reseller domain, how many
// people see its customers (rules D1, D2: all or none, sees-all equal to
// the SDK's count of covered people) and, per person, the customers out of
// sight (each equal to the coverage's hidden count); bars are proportional
// to their values, the hostile person's name is text, and each chart's
// table holds the same numbers, in every language.
func TestGridCharts(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	snap := env.app.snap.Load()
	cov, err := access.ComputeCoverage(snap.Access, snap.People, access.CloudSupportPortal)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, d := range cov.Domains {
		total += d.Customers
	}
	hidden := map[string]int{}
	for _, p := range cov.People {
		hidden[p.Name] = p.Hidden
	}
	for _, l := range langs {
		code, body := env.get(t, link("/", l))
		if code != 200 {
			t.Fatalf("%s: status %d", l.Code, code)
		}

		fig := chartOf(t, body, "chart-coverage")
		if !strings.Contains(fig, "<figcaption>"+l.T("chart.coverage.title")+"</figcaption>") {
			t.Errorf("%s: the coverage chart lacks its translated title", l.Code)
		}
		bars := barsOf(t, svgOf(t, fig))
		if len(bars) != len(cov.Domains) {
			t.Fatalf("%s: %d coverage bars, want one per domain (%d)", l.Code, len(bars), len(cov.Domains))
		}
		rows := tableOf(t, fig)
		for i, d := range cov.Domains {
			sum := 0
			for _, b := range bars[i] {
				sum += b.value
				checkWidth(t, d.Name, b, len(cov.People))
			}
			if sum != len(cov.People) || bars[i][0].value != d.Covered {
				t.Errorf("%s: %s drawn %v; want %d people, %d seeing all", l.Code, d.Name, bars[i], len(cov.People), d.Covered)
			}
			want := []string{d.Name}
			for _, b := range bars[i] {
				want = append(want, strconv.Itoa(b.value))
			}
			want = append(want, strconv.Itoa(d.Customers))
			if diff := cmp.Diff(want, rows[i+1]); diff != "" {
				t.Errorf("%s: coverage table row mismatch (-want +got):\n%s", l.Code, diff)
			}
		}

		fig = chartOf(t, body, "chart-gaps")
		if strings.Contains(fig, hostileName) || !strings.Contains(fig, "&lt;script&gt;") {
			t.Errorf("%s: the hostile person's name is not escaped in the gaps chart", l.Code)
		}
		nodes := svgOf(t, fig)
		bars = barsOf(t, nodes)
		rows = tableOf(t, fig)
		if len(bars) != len(cov.People) || len(rows) != len(cov.People)+1 {
			t.Fatalf("%s: %d gap bars, %d table rows; want %d people", l.Code, len(bars), len(rows)-1, len(cov.People))
		}
		sawZero, sawFull := false, false
		for i, b := range bars {
			name := rows[i+1][0]
			if want, ok := hidden[name]; !ok || b[0].value != want || rows[i+1][1] != strconv.Itoa(want) {
				t.Errorf("%s: %q drawn %d, table %s; want %d", l.Code, name, b[0].value, rows[i+1][1], want)
			}
			if i > 0 && b[0].value > bars[i-1][0].value {
				t.Errorf("%s: gaps not drawn most first", l.Code)
			}
			checkWidth(t, name, b[0], total)
			sawZero = sawZero || b[0].value == 0
			sawFull = sawFull || b[0].value == total
		}
		if !sawZero || !sawFull {
			t.Errorf("%s: the seeded world should have a person hiding none and one hiding all %d customers", l.Code, total)
		}
		drawn := false
		for _, n := range nodes {
			if n.Name == "text" && (n.Text == hostileName || strings.HasPrefix(n.Text, hostileName+" · ")) {
				drawn = true
			}
		}
		if !drawn {
			t.Errorf("%s: the hostile name is not drawn as text", l.Code)
		}
		if strings.Contains(body, "chart.") {
			t.Errorf("%s: an untranslated chart key: %s", l.Code, between(body, "chart.", "<"))
		}
	}
}

// TestSeatsChart: the seats page draws each SKU's seats assigned and free
// as shares of its seats (rule L4), flags an SKU with a tenth or less of
// its seats free (rule S4) by colour, pattern and words, and tables the
// numbers the snapshot read.
func TestSeatsChart(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	snap := env.app.snap.Load()
	for _, l := range []lang{langs[0], langs[3]} {
		_, body := env.get(t, link("/seats", l))
		fig := chartOf(t, body, "chart-seats")
		bars := barsOf(t, svgOf(t, fig))
		rows := tableOf(t, fig)
		if len(bars) != len(snap.Seats) || len(rows) != len(snap.Seats)+1 {
			t.Fatalf("%s: %d bars, %d rows; want %d SKUs", l.Code, len(bars), len(rows)-1, len(snap.Seats))
		}
		lows := 0
		for i, s := range snap.Seats {
			if s.Err != nil || s.Available == 0 {
				continue
			}
			free := s.Available - s.Assigned
			low := free*10 <= s.Available
			b := bars[i]
			if len(b) != 2 || b[0].value != s.Assigned || b[1].value != free {
				t.Errorf("%s: %s drawn %v; want %d assigned, %d free", l.Code, s.SKU, b, s.Assigned, free)
				continue
			}
			checkWidth(t, string(s.SKU), b[0], s.Available)
			checkWidth(t, string(s.SKU), b[1], s.Available)
			if got := b[0].class == "c-bad"; got != low {
				t.Errorf("%s: %s flagged %v, want %v (%d of %d free)", l.Code, s.SKU, got, low, free, s.Available)
			}
			wantRow := []string{rows[i+1][0], strconv.Itoa(s.Assigned), strconv.Itoa(s.Available), strconv.Itoa(free), ""}
			if low {
				lows++
				wantRow[4] = l.T("chart.seats.lowkey")
			}
			if diff := cmp.Diff(wantRow, rows[i+1]); diff != "" {
				t.Errorf("%s: seats table row mismatch (-want +got):\n%s", l.Code, diff)
			}
		}
		if lows == 0 || !strings.Contains(fig, l.T("chart.seats.lowkey")+"</text>") {
			t.Errorf("%s: the seeded world has an SKU near exhaustion, and the chart does not say so in words", l.Code)
		}
	}
}

var chartTemplates = sync.OnceValues(func() (*template.Template, error) {
	return template.New("charts").ParseFS(templateFS, "templates/charts.tmpl")
})

// renderChart renders one chart with the pages' chart templates.
func renderChart(t *testing.T, c chart) string {
	t.Helper()
	tmpl, err := chartTemplates()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, "chart", c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestBarChartBounds: a bar of zero is drawn zero wide, a bar at the axis
// maximum the plot's full width, a bar of shares full at its own scale;
// labels with markup and quotes come back from the SVG exactly as given
// (escaped, not interpreted).
func TestBarChartBounds(t *testing.T) {
	t.Parallel()
	hostile := `<script>alert("x")</script> & 'q' ]]>`
	series := []seriesStyle{{Label: hostile, Class: "c-bad", Style: 1}}
	c := barChart(chart{ID: "t", Title: hostile, Desc: hostile}, series, []barInput{
		{Label: hostile, Note: "n", Values: []int{0}},
		{Label: "half", Values: []int{5}},
		{Label: "full", Values: []int{10}},
		{Label: "share", Values: []int{3}, Scale: 3},
	}, 10, false)
	out := renderChart(t, c)
	if strings.Contains(out, "<script>") {
		t.Fatalf("markup of a label reached the page:\n%s", out)
	}
	nodes := svgOf(t, chartOf(t, out, "t"))
	bars := barsOf(t, nodes)
	want := []float64{0, (chartWidth - 2*chartPad) / 2, chartWidth - 2*chartPad, chartWidth - 2*chartPad}
	for i, b := range bars {
		if math.Abs(b[0].width-want[i]) > 0.06 {
			t.Errorf("bar %d (value %d) is %v wide, want %v", i, b[0].value, b[0].width, want[i])
		}
	}
	texts := map[string]bool{}
	for _, n := range nodes {
		texts[n.Text] = true
	}
	for _, s := range []string{hostile, hostile + " · n"} {
		if !texts[s] {
			t.Errorf("the SVG does not read back %q as text", s)
		}
	}
	if niceMax(0) != 1 || niceMax(1) != 1 || niceMax(7) != 8 || niceMax(167) != 200 || niceMax(200) != 200 {
		t.Errorf("niceMax: 0→%d 1→%d 7→%d 167→%d 200→%d; want 1, 1, 8, 200, 200",
			niceMax(0), niceMax(1), niceMax(7), niceMax(167), niceMax(200))
	}
}

// TestChartsEmpty: with nothing to draw, or a single read for a chart over
// time, a chart says so in a sentence, in the reader's language, and draws
// no SVG.
func TestChartsEmpty(t *testing.T) {
	t.Parallel()
	one := []caseCensus{{ReadAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}}
	for _, l := range langs {
		open0, age0 := historyCharts(l, nil)
		open1, _ := historyCharts(l, one)
		cases := []struct {
			c    chart
			want string
		}{
			{coverageChart(l, &access.Coverage{}), l.T("chart.coverage.empty")},
			{gapsChart(l, &access.Coverage{}), l.T("chart.gaps.empty")},
			{seatsChart(l, nil), l.T("chart.seats.empty")},
			{caseAgeChart(l, nil), l.T("chart.cases.none")},
			{open0, l.T("chart.history.few", 0)},
			{age0, l.T("chart.history.few", 0)},
			{open1, l.T("chart.history.few", 1)},
		}
		for _, tc := range cases {
			out := renderChart(t, tc.c)
			if strings.Contains(out, "<svg") || !strings.Contains(out, `<p class="chart-empty">`+template.HTMLEscapeString(tc.want)+"</p>") {
				t.Errorf("%s: %s with no data renders\n%s\nwant the sentence %q and no SVG", l.Code, tc.c.ID, out, tc.want)
			}
			if strings.Contains(tc.want, "chart.") {
				t.Errorf("%s: untranslated %q", l.Code, tc.want)
			}
		}
	}
}

// TestAgeBucket: the age buckets of the open cases at their boundaries: a
// case exactly a day old is in the second bucket, exactly 30 days old in
// the last.
func TestAgeBucket(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	for _, tc := range []struct {
		age  time.Duration
		want int
	}{
		{-time.Hour, 0}, {0, 0}, {day - 1, 0}, {day, 1}, {7*day - 1, 1}, {7 * day, 2},
		{30*day - 1, 2}, {30 * day, 3}, {400 * day, 3},
	} {
		if got := ageBucket(tc.age); got != tc.want {
			t.Errorf("ageBucket(%v) = %d, want %d", tc.age, got, tc.want)
		}
	}
}
