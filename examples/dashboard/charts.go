package main

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
)

// Charts: pictures for where people look rather than read, drawn on the
// server as SVG (templates/charts.tmpl), with no JavaScript. Each chart is a
// <figure> whose <svg role="img"> has a <title> and a <desc> for screen
// readers, followed by the same numbers as a table in a <details>, for
// whoever does not see the picture or whose screen is too narrow for it.
// Colour never carries meaning alone: each series of bars has its own
// pattern, each line its own dash and marker, every chart a legend, and
// the numbers are written on the picture too.
//
// The geometry is computed here; the templates get it as numbers this file
// formats (num), and every text (names, labels, sentences) through
// html/template's escaping, so a domain or a person named <script> is
// shown as text.

// The layout, in viewBox units: the SVG scales to its container
// (width 100%), and the text sizes are set in static/style.css.
const (
	chartWidth   = 560.0
	chartPad     = 8.0
	chartRowH    = 40.0 // one bar: its label line, then the bar
	chartBarH    = 16.0
	chartLegendH = 20.0
	chartLineH   = 180.0 // the plot of a chart over time
	chartMaxText = 60    // runes of a label drawn; the table has it whole
)

// chart is what the "chart" template draws.
type chart struct {
	ID    string // unique on the page; the ids of its title and desc derive from it
	Lines bool   // a chart over time; else horizontal bars
	Title string
	Desc  string
	// Empty, when set, is said instead of the picture: no data, or too
	// little to draw.
	Empty   string
	ViewBox string
	Legend  []legendEntry
	Bars    []barRow
	Series  []lineSeries
	Ticks   []axisTick
	Axis    axisLine // the value axis's caption and position
	Table   chartTable
	Summary string // the <details> summary of the table
}

// seriesStyle is how a series is told apart: a colour (a CSS class of
// static/style.css) and a pattern (bars) or a dash and marker (lines),
// numbered from 0 (solid, circle).
type seriesStyle struct {
	Label string
	Class string
	Style int
}

type legendEntry struct {
	seriesStyle
	X, Y, TextX, TextY string
	X2, Mark           string // a line's sample: its end, and its marker
}

type barRow struct {
	Label    string // the bar's label line, with its note
	LabelY   string
	Note     string // the note on a line of its own, when the label leaves it no room
	NoteY    string
	Y, H     string
	Segments []barSegment
}

type barSegment struct {
	seriesStyle
	Value      int
	X, W       string
	NumX, NumY string // where the value is written on the bar; "" if too narrow
}

type lineSeries struct {
	seriesStyle
	Points string // x,y pairs for <polyline>
	Marks  []lineMark
}

type lineMark struct {
	Path  string // the marker's outline (SVG path data)
	Value int
}

// axisTick is a value on an axis: its label, and its grid line unless
// TextOnly (the times under a chart over time). Start is the axis itself,
// drawn darker.
type axisTick struct {
	Label           string
	X1, Y1, X2, Y2  string
	TextX, TextY    string
	Anchor          string // start, middle, end
	TextOnly, Start bool
}

type axisLine struct {
	Caption      string
	TextX, TextY string
	Anchor       string
}

// chartTable is a chart's text equivalent: a header row and a row per bar
// or per point in time.
type chartTable struct {
	Head []string
	Rows []chartTableRow
}

type chartTableRow struct {
	Head  string
	Cells []string
}

// num formats a coordinate: one decimal at most, which is finer than a
// screen's pixel at every size the chart is drawn.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

// textWidth estimates the width of s in viewBox units at the largest text
// size of the charts (on narrow screens, static/style.css), so the layout
// leaves room at every size: wide (CJK) characters take about twice the
// room of the others.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x1100 {
			w += 15
		} else {
			w += 8.4
		}
	}
	return w
}

// clip shortens a label drawn on a chart; the table shows it whole.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= chartMaxText {
		return s
	}
	r := []rune(s)
	return string(r[:chartMaxText-1]) + "…"
}

// niceStep returns a step of 1, 2 or 5 times a power of ten that cuts 0 to
// top into about four parts.
func niceStep(top int) int {
	if top <= 4 {
		return 1
	}
	raw := float64(top) / 4
	p := 1
	for float64(p)*10 <= raw {
		p *= 10
	}
	for _, m := range []int{1, 2, 5, 10} {
		if float64(m*p) >= raw {
			return m * p
		}
	}
	return 10 * p
}

// niceMax is the axis maximum of values up to top: the next step at or
// above it, and at least 1, so an axis of zeros still has a scale.
func niceMax(top int) int {
	if top <= 0 {
		return 1
	}
	s := niceStep(top)
	return (top + s - 1) / s * s
}

// legend lays out the legend entries from the top, wrapping at the
// chart's width; it returns them and the y below them.
func legend(series []seriesStyle, lines bool) ([]legendEntry, float64) {
	var out []legendEntry
	x, y := chartPad, chartPad
	for _, s := range series {
		w := 22 + textWidth(s.Label) + 16
		if x > chartPad && x+w > chartWidth-chartPad {
			x, y = chartPad, y+chartLegendH
		}
		e := legendEntry{seriesStyle: s, X: num(x), Y: num(y), TextX: num(x + 22), TextY: num(y + 11)}
		if lines {
			e.Y, e.X2, e.Mark = num(y+6), num(x+16), marker(s.Style, x+8, y+6)
		}
		out = append(out, e)
		x += w
	}
	return out, y + chartLegendH + 4
}

// barInput is one bar to draw: its label, a note said after it (the
// numbers in words), and a value per series.
type barInput struct {
	Label, Note string
	Values      []int
	// Scale, when above zero, is the value of a full bar, for a bar of
	// shares (the seats of an SKU); else the chart's axis is.
	Scale int
	// NoBar draws the label and note only: no value is known.
	NoBar bool
	// Styles, when set, replaces the series' styles for this bar (an SKU
	// close to exhaustion, rule S4).
	Styles []seriesStyle
}

// barChart lays out horizontal stacked bars on one axis from 0 to
// axisMax (or of shares, 0 to 100 %, when percent), each with its label
// line above it, so long names and narrow screens need no room beside the
// bars.
func barChart(c chart, series []seriesStyle, bars []barInput, axisMax int, percent bool) chart {
	var y float64
	c.Legend, y = legend(series, false)
	plotW := chartWidth - 2*chartPad
	top := y
	for _, b := range bars {
		row := barRow{Label: clip(b.Label), LabelY: num(y + 13)}
		if b.Note != "" {
			if full := row.Label + " · " + b.Note; textWidth(full) <= plotW {
				row.Label = full
			} else {
				row.Note, row.NoteY = b.Note, num(y+29)
				y += 16
			}
		}
		row.Y, row.H = num(y+19), num(chartBarH)
		scale := float64(axisMax)
		if b.Scale > 0 {
			scale = float64(b.Scale)
		}
		x := chartPad
		for i, v := range b.Values {
			if b.NoBar || i >= len(series) {
				break
			}
			st := series[i]
			if i < len(b.Styles) {
				st = b.Styles[i]
			}
			w := 0.0
			if scale > 0 {
				w = float64(v) / scale * plotW
			}
			seg := barSegment{seriesStyle: st, Value: v, X: num(x), W: num(w)}
			if s := strconv.Itoa(v); v > 0 && w >= textWidth(s)+8 {
				seg.NumX, seg.NumY = num(x+w/2), num(y+19+chartBarH-4)
			}
			row.Segments = append(row.Segments, seg)
			x += w
		}
		c.Bars = append(c.Bars, row)
		y += chartRowH
	}
	bottom := y + 2
	step, end := 25, 100
	if !percent {
		step, end = niceStep(axisMax), axisMax
	}
	values := []int{}
	for v := 0; v <= end; v += step {
		values = append(values, v)
	}
	// The end of the axis is labelled too (21 people), unless a tick is
	// close to it.
	if last := values[len(values)-1]; last != end && float64(end-last)/float64(end)*plotW > 40 {
		values = append(values, end)
	}
	for _, v := range values {
		x := chartPad + float64(v)/float64(end)*plotW
		label := strconv.Itoa(v)
		if percent {
			label += " %"
		}
		anchor := "middle"
		if v == 0 {
			anchor = "start"
		} else if x > chartWidth-chartPad-textWidth(label)/2 {
			anchor = "end"
		}
		c.Ticks = append(c.Ticks, axisTick{Label: label, X1: num(x), Y1: num(top), X2: num(x), Y2: num(bottom),
			TextX: num(x), TextY: num(bottom + 14), Anchor: anchor, Start: v == 0})
	}
	c.Axis.TextX, c.Axis.TextY, c.Axis.Anchor = num(chartWidth-chartPad), num(bottom+30), "end"
	h := bottom + 38
	c.ViewBox = "0 0 " + num(chartWidth) + " " + num(h)
	return c
}

// linePoint is one read of a chart over time: when, and a value per series.
type linePoint struct {
	At     time.Time
	Values []int
}

// lineChart lays out one line per series over time, x proportional to
// the time of each read (by order when they share a time), from 0 to a
// round maximum; each point has a marker of its series' shape.
func lineChart(c chart, series []seriesStyle, points []linePoint, timeLabel func(time.Time) string) chart {
	var top float64
	c.Legend, top = legend(series, true)
	top += 6
	left, right := 44.0, chartWidth-14
	bottom := top + chartLineH
	highest := 0
	for _, p := range points {
		for _, v := range p.Values {
			highest = max(highest, v)
		}
	}
	axisMax := niceMax(highest)
	step := niceStep(axisMax)
	for v := 0; v <= axisMax; v += step {
		y := bottom - float64(v)/float64(axisMax)*chartLineH
		c.Ticks = append(c.Ticks, axisTick{Label: strconv.Itoa(v), X1: num(left), Y1: num(y), X2: num(right), Y2: num(y),
			TextX: num(left - 6), TextY: num(y + 4), Anchor: "end", Start: v == 0})
	}
	first, last := points[0].At, points[len(points)-1].At
	span := last.Sub(first)
	xOf := func(i int) float64 {
		if span <= 0 {
			return left + float64(i)/float64(len(points)-1)*(right-left)
		}
		return left + float64(points[i].At.Sub(first))/float64(span)*(right-left)
	}
	c.Ticks = append(c.Ticks,
		axisTick{Label: timeLabel(first), TextX: num(left), TextY: num(bottom + 16), Anchor: "start", TextOnly: true},
		axisTick{Label: timeLabel(last), TextX: num(right), TextY: num(bottom + 16), Anchor: "end", TextOnly: true})
	for si, s := range series {
		ls := lineSeries{seriesStyle: s}
		for i, p := range points {
			v := 0
			if si < len(p.Values) {
				v = p.Values[si]
			}
			x, y := xOf(i), bottom-float64(v)/float64(axisMax)*chartLineH
			if i > 0 {
				ls.Points += " "
			}
			ls.Points += num(x) + "," + num(y)
			ls.Marks = append(ls.Marks, lineMark{Path: marker(s.Style, x, y), Value: v})
		}
		c.Series = append(c.Series, ls)
	}
	c.Axis.TextX, c.Axis.TextY, c.Axis.Anchor = num(chartPad), num(bottom+34), "start"
	h := bottom + 42
	c.ViewBox = "0 0 " + num(chartWidth) + " " + num(h)
	c.Lines = true
	return c
}

// marker outlines the marker of a line's points: a circle, a square, a
// triangle, a diamond or a cross, so lines differ by shape and not only by
// colour.
func marker(style int, x, y float64) string {
	const r = 3.5
	p := func(dx, dy float64) string { return num(x+dx) + " " + num(y+dy) }
	switch style % 5 {
	case 1:
		return "M" + p(-r, -r) + "H" + num(x+r) + "V" + num(y+r) + "H" + num(x-r) + "Z"
	case 2:
		return "M" + p(0, -r-1) + "L" + p(r+1, r) + "L" + p(-r-1, r) + "Z"
	case 3:
		return "M" + p(0, -r-1) + "L" + p(r+1, 0) + "L" + p(0, r+1) + "L" + p(-r-1, 0) + "Z"
	case 4:
		return "M" + p(-r, -r) + "L" + p(r, r) + "M" + p(r, -r) + "L" + p(-r, r)
	}
	return "M" + p(-r, 0) + "A" + num(r) + " " + num(r) + " 0 1 0 " + p(r, 0) + "A" + num(r) + " " + num(r) + " 0 1 0 " + p(-r, 0) + "Z"
}

// --- The charts of the pages ---

// coverageChart draws, per reseller domain, how many of the team's people
// see its customers. A person sees all of a domain's customers or none
// (rule D1): through an account that may use the portal, or not, for want
// of an account (D2) or because the account is refused (P1-P7); a person
// who need not cover the domain is counted apart.
func coverageChart(l lang, cov *access.Coverage) chart {
	c := chart{ID: "chart-coverage", Title: l.T("chart.coverage.title"), Summary: l.T("chart.numbers")}
	if len(cov.Domains) == 0 || len(cov.People) == 0 {
		c.Empty = l.T("chart.coverage.empty")
		return c
	}
	series := []seriesStyle{
		{Label: l.T("chart.coverage.all"), Class: "c-ok", Style: 0},
		{Label: l.T("chart.coverage.noaccount"), Class: "c-none", Style: 2},
		{Label: l.T("chart.coverage.denied"), Class: "c-bad", Style: 1},
		{Label: l.T("chart.coverage.notneeded"), Class: "c-muted", Style: 3},
	}
	c.Desc = l.T("chart.coverage.desc", len(cov.People))
	c.Table.Head = []string{l.T("customers.domain"), series[0].Label, series[1].Label, series[2].Label, series[3].Label, l.T("history.customers")}
	var bars []barInput
	for di, d := range cov.Domains {
		counts := coverageCounts(cov, di)
		bars = append(bars, barInput{Label: d.Name, Note: l.T("chart.coverage.note", counts[0], len(cov.People), d.Customers), Values: counts[:]})
		c.Table.Rows = append(c.Table.Rows, chartTableRow{Head: d.Name, Cells: itoas(append(counts[:], d.Customers)...)})
	}
	c = barChart(c, series, bars, len(cov.People), false)
	c.Axis.Caption = l.T("chart.axis.people")
	return c
}

// coverageCounts counts the people of one domain: who see its customers,
// who lack an account, whose account is refused, who need not cover it.
func coverageCounts(cov *access.Coverage, di int) [4]int {
	var n [4]int
	for _, p := range cov.People {
		cell := p.Cells[di]
		switch {
		case cell.Allowed:
			n[0]++
		case !cell.Required:
			n[3]++
		case cell.Gap == access.GapNoAccount:
			n[1]++
		default:
			n[2]++
		}
	}
	return n
}

// gapsChart draws, per person, how many customers are out of their sight,
// most first, on an axis of every customer read: a full bar sees none.
func gapsChart(l lang, cov *access.Coverage) chart {
	c := chart{ID: "chart-gaps", Title: l.T("chart.gaps.title"), Summary: l.T("chart.numbers")}
	total := 0
	for _, d := range cov.Domains {
		total += d.Customers
	}
	if len(cov.People) == 0 || total == 0 {
		c.Empty = l.T("chart.gaps.empty")
		return c
	}
	people := slices.Clone(cov.People)
	slices.SortStableFunc(people, func(a, b access.PersonCoverage) int { return cmp.Compare(b.Hidden, a.Hidden) })
	series := []seriesStyle{{Label: l.T("chart.gaps.hidden"), Class: "c-bad", Style: 1}}
	c.Desc = l.T("chart.gaps.desc", total)
	c.Table.Head = []string{l.T("chart.gaps.person"), series[0].Label}
	var bars []barInput
	for _, p := range people {
		name := cmp.Or(p.Name, p.ID)
		bars = append(bars, barInput{Label: name, Note: l.T("chart.gaps.note", p.Hidden, total), Values: []int{p.Hidden}})
		c.Table.Rows = append(c.Table.Rows, chartTableRow{Head: name, Cells: itoas(p.Hidden)})
	}
	c = barChart(c, series, bars, total, false)
	c.Axis.Caption = l.T("chart.axis.customers")
	return c
}

// seatsChart draws, per SKU, the share of its seats assigned and free
// (rule L4); an SKU close to exhaustion (rule S4, lowSeats) is drawn in
// another colour and pattern, and said so in words.
func seatsChart(l lang, rows []seatRow) chart {
	c := chart{ID: "chart-seats", Title: l.T("chart.seats.title"), Summary: l.T("chart.numbers")}
	if len(rows) == 0 {
		c.Empty = l.T("chart.seats.empty")
		return c
	}
	series := []seriesStyle{
		{Label: l.T("seats.assigned"), Class: "c-used", Style: 0},
		{Label: l.T("chart.seats.free"), Class: "c-free", Style: 1},
	}
	low := []seriesStyle{{Label: series[0].Label, Class: "c-bad", Style: 2}, series[1]}
	legendSeries := append(slices.Clone(series), seriesStyle{Label: l.T("chart.seats.lowkey"), Class: "c-bad", Style: 2})
	c.Desc = l.T("chart.seats.desc", int(lowSeats*100))
	c.Table.Head = []string{l.T("seats.sku"), l.T("seats.assigned"), l.T("seats.total"), l.T("chart.seats.free"), l.T("chart.seats.state")}
	var bars []barInput
	for _, r := range rows {
		label := r.Account + " · " + r.SKUName
		b := barInput{Label: label, Values: []int{r.Assigned, r.Free}, Scale: r.Total}
		state := ""
		switch {
		case r.Err != "":
			b.NoBar, b.Note, state = true, l.T("chart.seats.unknown", r.Assigned), l.T("seats.unknown")
			c.Table.Rows = append(c.Table.Rows, chartTableRow{Head: label, Cells: []string{strconv.Itoa(r.Assigned), "?", "?", state}})
			bars = append(bars, b)
			continue
		case r.Total <= 0:
			b.NoBar, b.Note = true, l.T("chart.seats.noseats", r.Assigned)
		default:
			b.Note = l.T("chart.seats.note", r.Assigned, r.Total, r.Percent)
		}
		if r.Low {
			b.Styles, state = low, l.T("chart.seats.lowkey")
			b.Note += " · " + state
		}
		bars = append(bars, b)
		c.Table.Rows = append(c.Table.Rows, chartTableRow{Head: label, Cells: append(itoas(r.Assigned, r.Total, r.Free), state)})
	}
	c = barChart(c, series, bars, 100, true)
	c.Legend, _ = legend(legendSeries, false)
	c.Axis.Caption = l.T("chart.axis.seats")
	return c
}

// ageSeries are the age buckets of the open cases (ageBounds), as series.
func ageSeries(l lang) []seriesStyle {
	keys := [ageBuckets]string{"chart.age.1d", "chart.age.7d", "chart.age.30d", "chart.age.older"}
	out := make([]seriesStyle, ageBuckets)
	for i, k := range keys {
		out[i] = seriesStyle{Label: l.T(k), Class: "c-a" + strconv.Itoa(i), Style: i}
	}
	return out
}

// severityLabel names a severity as the cases page does: "S1 · critical
// impact".
func severityLabel(l lang, i int) string {
	s := (cases.S0 + cases.Severity(i)).String()
	return s + " · " + l.T("severity."+s)
}

// caseAgeChart draws the open cases of the last read that counted them,
// per severity, by age: how old is what waits.
func caseAgeChart(l lang, cc *caseCensus) chart {
	c := chart{ID: "chart-case-age", Title: l.T("chart.cases.title"), Summary: l.T("chart.numbers")}
	if cc == nil {
		c.Empty = l.T("chart.cases.none")
		return c
	}
	series := ageSeries(l)
	c.Desc = l.T("chart.cases.desc", (&view{}).Time(cc.ReadAt))
	c.Table.Head = []string{l.T("cases.severity")}
	for _, s := range series {
		c.Table.Head = append(c.Table.Head, s.Label)
	}
	c.Table.Head = append(c.Table.Head, l.T("chart.cases.open"))
	highest := 0
	var bars []barInput
	for i, sc := range cc.Severity {
		label := severityLabel(l, i)
		highest = max(highest, sc.Open)
		bars = append(bars, barInput{Label: label, Note: l.T("chart.cases.note", sc.Open), Values: sc.Ages[:]})
		c.Table.Rows = append(c.Table.Rows, chartTableRow{Head: label, Cells: itoas(append(sc.Ages[:], sc.Open)...)})
	}
	c = barChart(c, series, bars, niceMax(highest), false)
	c.Axis.Caption = l.T("chart.axis.cases")
	return c
}

// historyCharts draws the open cases per severity, and by age, at each of
// the reads that counted them, oldest first. A line needs two reads: with
// fewer, each chart says so.
func historyCharts(l lang, census []caseCensus) (open, age chart) {
	open = chart{ID: "chart-open-history", Title: l.T("chart.openhistory.title"), Summary: l.T("chart.numbers")}
	age = chart{ID: "chart-age-history", Title: l.T("chart.agehistory.title"), Summary: l.T("chart.numbers")}
	if len(census) < 2 {
		open.Empty = l.T("chart.history.few", len(census))
		age.Empty = open.Empty
		return open, age
	}
	sev := make([]seriesStyle, len(census[0].Severity))
	for i := range sev {
		sev[i] = seriesStyle{Label: severityLabel(l, i), Class: "c-s" + strconv.Itoa(i), Style: i}
	}
	ages := ageSeries(l)
	timeLabel := (&view{}).Time
	from, to := timeLabel(census[0].ReadAt), timeLabel(census[len(census)-1].ReadAt)
	open.Desc = l.T("chart.openhistory.desc", len(census), from, to)
	age.Desc = l.T("chart.agehistory.desc", len(census), from, to)
	open.Table.Head = []string{l.T("history.readat")}
	for _, s := range sev {
		open.Table.Head = append(open.Table.Head, s.Label)
	}
	age.Table.Head = []string{l.T("history.readat")}
	for _, s := range ages {
		age.Table.Head = append(age.Table.Head, s.Label)
	}
	var openPts, agePts []linePoint
	for _, cc := range census {
		op := linePoint{At: cc.ReadAt}
		ap := linePoint{At: cc.ReadAt, Values: make([]int, ageBuckets)}
		for _, sc := range cc.Severity {
			op.Values = append(op.Values, sc.Open)
			for i, n := range sc.Ages {
				ap.Values[i] += n
			}
		}
		openPts, agePts = append(openPts, op), append(agePts, ap)
		at := timeLabel(cc.ReadAt)
		open.Table.Rows = append(open.Table.Rows, chartTableRow{Head: at, Cells: itoas(op.Values...)})
		age.Table.Rows = append(age.Table.Rows, chartTableRow{Head: at, Cells: itoas(ap.Values...)})
	}
	open = lineChart(open, sev, openPts, timeLabel)
	age = lineChart(age, ages, agePts, timeLabel)
	open.Axis.Caption = l.T("chart.axis.cases")
	age.Axis.Caption = open.Axis.Caption
	return open, age
}

func itoas(v ...int) []string {
	out := make([]string, len(v))
	for i, n := range v {
		out[i] = strconv.Itoa(n)
	}
	return out
}

func init() {
	registerMessages(map[string][6]string{
		"chart.numbers": {"Show the numbers", "Afficher les chiffres", "Visa siffrorna", "数値を表示", "Tampilkan angkanya", "Mostra i numeri"},

		"chart.axis.people":    {"people", "personnes", "personer", "担当者数", "orang", "persone"},
		"chart.axis.customers": {"customers", "clients", "kunder", "顧客数", "pelanggan", "clienti"},
		"chart.axis.seats":     {"share of the seats", "part des licences", "andel av licenserna", "ライセンスの割合", "porsi lisensi", "quota delle licenze"},
		"chart.axis.cases":     {"open cases", "demandes ouvertes", "öppna ärenden", "未解決のケース数", "kasus terbuka", "richieste aperte"},

		"chart.coverage.title": {"Who sees the customers of each reseller domain", "Qui voit les clients de chaque domaine revendeur", "Vem ser kunderna på varje återförsäljardomän", "各販売パートナー ドメインの顧客を表示できる担当者", "Siapa yang melihat pelanggan setiap domain reseller", "Chi vede i clienti di ciascun dominio rivenditore"},
		"chart.coverage.desc": {
			"For each reseller domain, how many of the %d people see its customers. A person sees all of a domain's customers or none of them: the portal shows an account only the customers of its own domain.",
			"Pour chaque domaine revendeur, combien des %d personnes voient ses clients. Une personne voit tous les clients d'un domaine ou aucun : le portail ne montre à un compte que les clients de son propre domaine.",
			"För varje återförsäljardomän: hur många av de %d personerna som ser dess kunder. En person ser alla kunder på en domän eller ingen: portalen visar ett konto bara kunderna på dess egen domän.",
			"販売パートナー ドメインごとに、%d 人の担当者のうち何人がその顧客を表示できるかを示します。ポータルはアカウントに自身のドメインの顧客だけを表示するため、担当者はドメインの顧客をすべて表示できるか、まったく表示できないかのどちらかです。",
			"Untuk setiap domain reseller, berapa dari %d orang yang melihat pelanggannya. Seseorang melihat semua pelanggan suatu domain atau tidak sama sekali: portal hanya menampilkan kepada akun pelanggan domainnya sendiri.",
			"Per ciascun dominio rivenditore, quante delle %d persone ne vedono i clienti. Una persona vede tutti i clienti di un dominio o nessuno: il portale mostra a un account solo i clienti del proprio dominio.",
		},
		"chart.coverage.all":       {"sees all its customers", "voit tous ses clients", "ser alla dess kunder", "すべての顧客を表示可能", "melihat semua pelanggannya", "vede tutti i suoi clienti"},
		"chart.coverage.noaccount": {"no account: sees none", "aucun compte : n'en voit aucun", "inget konto: ser ingen", "アカウントなし: 表示不可", "tidak punya akun: tidak melihat satu pun", "nessun account: non ne vede nessuno"},
		"chart.coverage.denied":    {"account refused: sees none", "compte refusé : n'en voit aucun", "kontot nekas: ser ingen", "アカウントが拒否: 表示不可", "akun ditolak: tidak melihat satu pun", "account rifiutato: non ne vede nessuno"},
		"chart.coverage.notneeded": {"need not cover it", "n'a pas à le couvrir", "behöver inte täcka den", "担当不要", "tidak perlu menanganinya", "non deve coprirlo"},
		"chart.coverage.note":      {"%d of %d people see its %d customers", "%d personnes sur %d voient ses %d clients", "%d av %d personer ser dess %d kunder", "%[2]d 人中 %[1]d 人が顧客 %[3]d 件を表示可能", "%d dari %d orang melihat %d pelanggannya", "%d persone su %d vedono i suoi %d clienti"},
		"chart.coverage.empty":     {"No people or no reseller domains were read, so there is nothing to draw.", "Aucune personne ou aucun domaine revendeur n'a été lu : il n'y a rien à dessiner.", "Inga personer eller inga återförsäljardomäner lästes in, så det finns inget att rita.", "担当者または販売パートナー ドメインが読み込まれていないため、表示するグラフはありません。", "Tidak ada orang atau domain reseller yang terbaca, jadi tidak ada yang dapat digambar.", "Non sono state lette persone o domini rivenditore: non c'è nulla da disegnare."},

		"chart.gaps.title":  {"Customers out of sight, per person", "Clients hors de vue, par personne", "Kunder utom synhåll, per person", "担当者ごとの表示できない顧客", "Pelanggan di luar jangkauan, per orang", "Clienti fuori vista, per persona"},
		"chart.gaps.desc":   {"For each person, how many of the %d customers they cannot see, most first.", "Pour chaque personne, combien des %d clients elle ne voit pas, du plus grand nombre au plus petit.", "För varje person: hur många av de %d kunderna personen inte ser, flest först.", "担当者ごとに、%d 件の顧客のうち表示できない件数を多い順に示します。", "Untuk setiap orang, berapa dari %d pelanggan yang tidak dapat ia lihat, dari yang terbanyak.", "Per ciascuna persona, quanti dei %d clienti non vede, a partire dal numero più alto."},
		"chart.gaps.person": {"Person", "Personne", "Person", "担当者", "Orang", "Persona"},
		"chart.gaps.hidden": {"customers out of sight", "clients hors de vue", "kunder utom synhåll", "表示できない顧客", "pelanggan di luar jangkauan", "clienti fuori vista"},
		"chart.gaps.note":   {"%d of %d customers out of sight", "%d clients sur %d hors de vue", "%d av %d kunder utom synhåll", "顧客 %[2]d 件中 %[1]d 件を表示できません", "%d dari %d pelanggan di luar jangkauan", "%d clienti su %d fuori vista"},
		"chart.gaps.empty":  {"No people or no customers were read, so there is nothing to draw.", "Aucune personne ou aucun client n'a été lu : il n'y a rien à dessiner.", "Inga personer eller inga kunder lästes in, så det finns inget att rita.", "担当者または顧客が読み込まれていないため、表示するグラフはありません。", "Tidak ada orang atau pelanggan yang terbaca, jadi tidak ada yang dapat digambar.", "Non sono state lette persone o clienti: non c'è nulla da disegnare."},

		"chart.seats.title":   {"Seat usage per SKU", "Utilisation des licences par SKU", "Licensanvändning per SKU", "SKU 別のライセンス使用状況", "Penggunaan lisensi per SKU", "Utilizzo delle licenze per SKU"},
		"chart.seats.desc":    {"For each SKU, the share of its seats assigned and free; an SKU with %d %% of its seats or fewer free is close to exhaustion, and the next setups may fail.", "Pour chaque SKU, la part de ses licences attribuées et libres ; un SKU dont %d %% des licences ou moins sont libres est presque épuisé, et les prochaines configurations peuvent échouer.", "För varje SKU: andelen tilldelade och lediga licenser; en SKU med %d %% eller färre lediga licenser är nästan slut, och nästa konfigurationer kan misslyckas.", "SKU ごとに、割り当て済みと空きのライセンスの割合を示します。空きが %d %% 以下の SKU は残りわずかで、次の設定が失敗する可能性があります。", "Untuk setiap SKU, porsi lisensi yang ditetapkan dan yang kosong; SKU dengan lisensi kosong %d %% atau kurang hampir habis, dan penyiapan berikutnya bisa gagal.", "Per ciascuno SKU, la quota di licenze assegnate e libere; uno SKU con il %d %% o meno di licenze libere è quasi esaurito, e le prossime configurazioni potrebbero non riuscire."},
		"chart.seats.free":    {"Free", "Libres", "Lediga", "空き", "Kosong", "Libere"},
		"chart.seats.state":   {"Note", "Remarque", "Anmärkning", "備考", "Catatan", "Nota"},
		"chart.seats.lowkey":  {"near exhaustion", "presque épuisé", "nästan slut", "残りわずか", "hampir habis", "quasi esaurito"},
		"chart.seats.note":    {"%d of %d assigned (%d %%)", "%d sur %d attribuées (%d %%)", "%d av %d tilldelade (%d %%)", "%[2]d 件中 %[1]d 件を割り当て済み (%[3]d %%)", "%d dari %d ditetapkan (%d %%)", "%d su %d assegnate (%d %%)"},
		"chart.seats.unknown": {"%d assigned, seat count unknown", "%d attribuées, nombre de licences inconnu", "%d tilldelade, antal licenser okänt", "%d 件を割り当て済み、ライセンス数は不明", "%d ditetapkan, jumlah lisensi tidak diketahui", "%d assegnate, numero di licenze sconosciuto"},
		"chart.seats.noseats": {"%d assigned, no seats available", "%d attribuées, aucune licence disponible", "%d tilldelade, inga licenser tillgängliga", "%d 件を割り当て済み、利用可能なライセンスなし", "%d ditetapkan, tidak ada lisensi tersedia", "%d assegnate, nessuna licenza disponibile"},
		"chart.seats.empty":   {"No seat counts were read, so there is nothing to draw.", "Aucun nombre de licences n'a été lu : il n'y a rien à dessiner.", "Inga licensantal lästes in, så det finns inget att rita.", "ライセンス数が読み込まれていないため、表示するグラフはありません。", "Tidak ada jumlah lisensi yang terbaca, jadi tidak ada yang dapat digambar.", "Non è stato letto alcun numero di licenze: non c'è nulla da disegnare."},

		"chart.age.1d":    {"filed less than a day ago", "ouvertes il y a moins d'un jour", "skapade för mindre än en dag sedan", "作成から 1 日未満", "diajukan kurang dari sehari lalu", "aperte da meno di un giorno"},
		"chart.age.7d":    {"1 to 7 days old", "de 1 à 7 jours", "1 till 7 dagar gamla", "1～7 日", "berumur 1 sampai 7 hari", "da 1 a 7 giorni"},
		"chart.age.30d":   {"7 to 30 days old", "de 7 à 30 jours", "7 till 30 dagar gamla", "7～30 日", "berumur 7 sampai 30 hari", "da 7 a 30 giorni"},
		"chart.age.older": {"more than 30 days old", "plus de 30 jours", "äldre än 30 dagar", "30 日超", "lebih dari 30 hari", "oltre 30 giorni"},

		"chart.cases.title": {"Open cases by severity and age", "Demandes ouvertes par gravité et par ancienneté", "Öppna ärenden efter allvarlighetsgrad och ålder", "重大度と経過日数別の未解決のケース", "Kasus terbuka menurut tingkat keparahan dan usia", "Richieste aperte per gravità e anzianità"},
		"chart.cases.desc":  {"The open cases of every reseller account as read at %s, per severity, by how long ago they were filed.", "Les demandes ouvertes de tous les comptes revendeurs, lues le %s, par gravité et selon leur ancienneté.", "De öppna ärendena för alla återförsäljarkonton som de lästes in %s, per allvarlighetsgrad, efter hur länge sedan de skapades.", "%s に読み込んだ、すべての販売パートナー アカウントの未解決のケースを、重大度ごとに作成からの経過日数別に示します。", "Kasus terbuka semua akun reseller sebagaimana terbaca pada %s, per tingkat keparahan, menurut berapa lama sejak diajukan.", "Le richieste aperte di tutti gli account rivenditore lette il %s, per gravità, secondo da quanto tempo sono state aperte."},
		"chart.cases.open":  {"Open", "Ouvertes", "Öppna", "未解決", "Terbuka", "Aperte"},
		"chart.cases.note":  {"%d open", "%d ouvertes", "%d öppna", "未解決 %d 件", "%d terbuka", "%d aperte"},
		"chart.cases.none":  {"The open cases have not been counted by age yet: they are counted at each read of the data, when the cases can be read.", "Les demandes ouvertes n'ont pas encore été comptées par ancienneté : elles le sont à chaque lecture des données, quand les demandes peuvent être lues.", "De öppna ärendena har inte räknats efter ålder ännu: de räknas vid varje inläsning av data, när ärendena kan läsas.", "未解決のケースはまだ経過日数別に集計されていません。ケースを読み込める場合、データの読み込みごとに集計されます。", "Kasus terbuka belum dihitung menurut usia: kasus dihitung pada setiap pembacaan data, jika kasus dapat dibaca.", "Le richieste aperte non sono ancora state contate per anzianità: vengono contate a ogni lettura dei dati, quando le richieste possono essere lette."},

		"chart.openhistory.title": {"Open cases per severity over time", "Demandes ouvertes par gravité au fil du temps", "Öppna ärenden per allvarlighetsgrad över tid", "重大度別の未解決のケースの推移", "Kasus terbuka per tingkat keparahan dari waktu ke waktu", "Richieste aperte per gravità nel tempo"},
		"chart.openhistory.desc":  {"The open cases of every reseller account per severity at each of the last %d reads that counted them, from %s to %s.", "Les demandes ouvertes de tous les comptes revendeurs par gravité, à chacune des %d dernières lectures qui les ont comptées, du %s au %s.", "De öppna ärendena för alla återförsäljarkonton per allvarlighetsgrad vid var och en av de %d senaste inläsningarna som räknade dem, från %s till %s.", "%[2]s から %[3]s までにケースを集計した直近 %[1]d 回の読み込みごとの、すべての販売パートナー アカウントの重大度別の未解決のケースです。", "Kasus terbuka semua akun reseller per tingkat keparahan pada setiap %d pembacaan terakhir yang menghitungnya, dari %s sampai %s.", "Le richieste aperte di tutti gli account rivenditore per gravità a ciascuna delle ultime %d letture che le hanno contate, dal %s al %s."},
		"chart.agehistory.title":  {"Age of the open cases over time", "Ancienneté des demandes ouvertes au fil du temps", "Öppna ärendens ålder över tid", "未解決のケースの経過日数の推移", "Usia kasus terbuka dari waktu ke waktu", "Anzianità delle richieste aperte nel tempo"},
		"chart.agehistory.desc":   {"The open cases of every reseller account by how long ago they were filed, at each of the last %d reads that counted them, from %s to %s.", "Les demandes ouvertes de tous les comptes revendeurs selon leur ancienneté, à chacune des %d dernières lectures qui les ont comptées, du %s au %s.", "De öppna ärendena för alla återförsäljarkonton efter hur länge sedan de skapades, vid var och en av de %d senaste inläsningarna som räknade dem, från %s till %s.", "%[2]s から %[3]s までにケースを集計した直近 %[1]d 回の読み込みごとの、すべての販売パートナー アカウントの未解決のケースを作成からの経過日数別に示します。", "Kasus terbuka semua akun reseller menurut berapa lama sejak diajukan, pada setiap %d pembacaan terakhir yang menghitungnya, dari %s sampai %s.", "Le richieste aperte di tutti gli account rivenditore secondo da quanto tempo sono state aperte, a ciascuna delle ultime %d letture che le hanno contate, dal %s al %s."},
		"chart.history.few":       {"A chart over time needs two reads that counted the open cases; there are %d so far.", "Un graphique dans le temps demande deux lectures qui ont compté les demandes ouvertes ; il y en a %d pour l'instant.", "Ett diagram över tid kräver två inläsningar som räknade de öppna ärendena; hittills finns %d.", "推移のグラフには、未解決のケースを集計した読み込みが 2 回必要です。現在は %d 回です。", "Grafik dari waktu ke waktu memerlukan dua pembacaan yang menghitung kasus terbuka; sejauh ini ada %d.", "Un grafico nel tempo richiede due letture che abbiano contato le richieste aperte; finora ce ne sono %d."},
	})
}
