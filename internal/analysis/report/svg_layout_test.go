package report

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// svgEl is one element of a parsed SVG: its name, attributes, the group
// attributes it inherits (fill, stroke, text-anchor), and its text.
type svgEl struct {
	name  string
	attr  map[string]string
	group map[string]string
	text  string
}

func (e svgEl) num(t *testing.T, a string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(e.attr[a], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", e.name, a, e.attr[a], err)
	}
	return v
}

func parseSVG(t *testing.T, svg []byte) []svgEl {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	var out []svgEl
	var stack []map[string]string
	cur := -1
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range el.Attr {
				attr[a.Name.Local] = a.Value
			}
			if el.Name.Local == "g" {
				stack = append(stack, attr)
				continue
			}
			group := map[string]string{}
			for _, g := range stack {
				for k, v := range g {
					group[k] = v
				}
			}
			out = append(out, svgEl{name: el.Name.Local, attr: attr, group: group})
			cur = len(out) - 1
		case xml.CharData:
			if cur >= 0 {
				out[cur].text += string(el)
			}
		case xml.EndElement:
			if el.Name.Local == "g" {
				stack = stack[:len(stack)-1]
			}
			cur = -1
		}
	}
}

// The plot area of the saturation chart, as the SVG is specified: x from
// 64 to 730, y from 76 (top) to 372 (bottom).
const plotLeft, plotRight, plotTop, plotBottom = 64.0, 730.0, 76.0, 372.0

// svgReport is a report with n steps whose codes rise by one per step up
// to 5 and whose categories are half the codes.
func svgReport(n int) *SaturationReport {
	r := &SaturationReport{Order: "ingest", K: 2}
	for i := 1; i <= n; i++ {
		codes := min(i, 5)
		r.Steps = append(r.Steps, Step{N: i, Source: fmt.Sprintf("T%d", i), Codes: codes, Categories: codes / 2})
	}
	return r
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.06 }

// TestSaturationSVGGeometry checks the chart against coordinates
// computed from its specification: n transcripts at the centres of n
// equal slots across the plot; values on a 0..yMax axis from bottom to
// top; one grid line per tick above 0, one label and one tick mark per
// tick from 0, one tick mark per transcript; the saturation marker at the
// point's transcript; the legend box around both swatches, top left.
func TestSaturationSVGGeometry(t *testing.T) {
	r := svgReport(4) // codes 1,2,3,4; categories 0,1,1,2: axis 0..4 by 1
	r.Reached, r.Point, r.After = true, 2, "T2"
	els := parseSVG(t, SaturationSVG(r, "Saturation"))
	xs := []float64{147.25, 313.75, 480.25, 646.75} // 64 + (i − ½)·666/4
	y := func(v float64) float64 { return plotBottom - v*(plotBottom-plotTop)/4 }

	var curves [][]string
	var circles []svgEl
	var grid, yTicks, xTicks, yLabels []svgEl
	var marker, markerText *svgEl
	var legend []svgEl
	for i, e := range els {
		switch {
		case e.name == "polyline":
			curves = append(curves, strings.Fields(e.attr["points"]))
		case e.name == "circle":
			circles = append(circles, e)
		case e.name == "line" && e.group["stroke"] == "#e3e3e3":
			grid = append(grid, e)
		case e.name == "line" && e.group["stroke"] == "#333333" && e.attr["x2"] == "64" && e.attr["x1"] == "60":
			yTicks = append(yTicks, e)
		case e.name == "line" && e.group["stroke"] == "#333333" && e.attr["y1"] == "372" && e.attr["y2"] == "376":
			xTicks = append(xTicks, e)
		case e.name == "text" && e.group["text-anchor"] == "end" && e.attr["transform"] == "":
			yLabels = append(yLabels, e)
		case e.name == "line" && e.attr["stroke-dasharray"] != "":
			marker = &els[i]
		case e.name == "text" && e.text == "saturation":
			markerText = &els[i]
		case e.group["font-size"] == "12" && e.group["fill"] == "#222222":
			legend = append(legend, e)
		}
	}

	// The curves: codes then categories.
	wantCurves := [][]float64{{1, 2, 3, 4}, {0, 1, 1, 2}}
	if len(curves) != 2 {
		t.Fatalf("%d polylines, want 2", len(curves))
	}
	for c, pts := range curves {
		if len(pts) != 4 {
			t.Fatalf("curve %d has %d points, want 4", c, len(pts))
		}
		for i, pt := range pts {
			var px, py float64
			if _, err := fmt.Sscanf(pt, "%g,%g", &px, &py); err != nil {
				t.Fatalf("point %q: %v", pt, err)
			}
			if !near(px, xs[i]) || !near(py, y(wantCurves[c][i])) {
				t.Errorf("curve %d point %d at %s, want %.2f,%.2f", c, i+1, pt, xs[i], y(wantCurves[c][i]))
			}
		}
	}
	if len(circles) != 8 {
		t.Fatalf("%d circles, want 8", len(circles))
	}
	for k, c := range circles {
		i := k % 4
		if !near(c.num(t, "cx"), xs[i]) || !near(c.num(t, "cy"), y(wantCurves[k/4][i])) {
			t.Errorf("circle %d at %s,%s, want %.2f,%.2f", k, c.attr["cx"], c.attr["cy"], xs[i], y(wantCurves[k/4][i]))
		}
	}

	// Grid lines at 1..4, labels and tick marks at 0..4.
	if len(grid) != 4 {
		t.Errorf("%d grid lines, want 4 (at 1, 2, 3, 4)", len(grid))
	}
	for i, g := range grid {
		if !near(g.num(t, "y1"), y(float64(i+1))) || g.attr["x1"] != "64" || g.attr["x2"] != "730" {
			t.Errorf("grid line %d: %v, want y %.1f from 64 to 730", i, g.attr, y(float64(i+1)))
		}
	}
	if len(yLabels) != 5 || len(yTicks) != 5 {
		t.Fatalf("%d y labels and %d y tick marks, want 5 each", len(yLabels), len(yTicks))
	}
	for v := range 5 {
		l := yLabels[v]
		if l.text != strconv.Itoa(v) || l.attr["x"] != "56" || !near(l.num(t, "y"), y(float64(v))+4) {
			t.Errorf("y label %d: %q at %s,%s, want %d at 56,%.1f (4 below the tick, centred on it)", v, l.text, l.attr["x"], l.attr["y"], v, y(float64(v))+4)
		}
		if !near(yTicks[v].num(t, "y1"), y(float64(v))) {
			t.Errorf("y tick %d at %s, want %.1f", v, yTicks[v].attr["y1"], y(float64(v)))
		}
	}
	if len(xTicks) != 4 {
		t.Fatalf("%d x tick marks, want 4", len(xTicks))
	}
	for i, tk := range xTicks {
		if !near(tk.num(t, "x1"), xs[i]) {
			t.Errorf("x tick %d at %s, want %.2f", i+1, tk.attr["x1"], xs[i])
		}
	}

	// The saturation marker at transcript 2, its label 5 to the right.
	if marker == nil || markerText == nil {
		t.Fatal("no saturation marker")
	}
	if !near(marker.num(t, "x1"), xs[1]) || !near(markerText.num(t, "x"), xs[1]+5) || markerText.attr["y"] != "366" {
		t.Errorf("marker at %s, label at %s,%s; want %.2f and %.2f,366", marker.attr["x1"], markerText.attr["x"], markerText.attr["y"], xs[1], xs[1]+5)
	}

	// The legend: a 150×44 box at (72, 80), then for codes and
	// categories a 24-wide swatch 8 right of the box's edge and its label
	// 8 further right, 20 apart.
	want := []string{
		`rect x=72 y=80 width=150 height=44`,
		`line x1=78 y1=92 x2=102 y2=92 stroke=#4e79a7`,
		`text x=110 y=96 "codes"`,
		`line x1=78 y1=112 x2=102 y2=112 stroke=#f28e2b`,
		`text x=110 y=116 "categories"`,
	}
	var got []string
	for _, e := range legend {
		switch e.name {
		case "rect":
			got = append(got, fmt.Sprintf("rect x=%s y=%s width=%s height=%s", e.attr["x"], e.attr["y"], e.attr["width"], e.attr["height"]))
		case "line":
			got = append(got, fmt.Sprintf("line x1=%s y1=%s x2=%s y2=%s stroke=%s", e.attr["x1"], e.attr["y1"], e.attr["x2"], e.attr["y2"], e.attr["stroke"]))
		case "text":
			got = append(got, fmt.Sprintf("text x=%s y=%s %q", e.attr["x"], e.attr["y"], e.text))
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("legend:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// xLabels returns the x-axis labels of the chart of r and whether they
// are slanted.
func xLabels(t *testing.T, r *SaturationReport) (labels []string, slanted []bool) {
	t.Helper()
	for _, e := range parseSVG(t, SaturationSVG(r, "t")) {
		if e.name == "text" && e.group["font-size"] == "11" && e.group["text-anchor"] != "end" && e.text != "saturation" {
			labels = append(labels, e.text)
			slanted = append(slanted, e.attr["transform"] != "")
		}
	}
	return labels, slanted
}

// Up to 30 transcripts every one is labelled; beyond, every k-th from the
// first (k = ⌈n/30⌉) and always the last. Labels are slanted from 13
// transcripts on.
func TestSaturationSVGXLabels(t *testing.T) {
	seq := func(from, to, by int, last int) []string {
		var out []string
		for i := from; i <= to; i += by {
			out = append(out, fmt.Sprintf("T%d", i))
		}
		if last > 0 {
			out = append(out, fmt.Sprintf("T%d", last))
		}
		return out
	}
	for _, c := range []struct {
		n     int
		want  []string
		slant bool
	}{
		{1, seq(1, 1, 1, 0), false},
		{12, seq(1, 12, 1, 0), false},
		{13, seq(1, 13, 1, 0), true},
		{30, seq(1, 30, 1, 0), true},
		{31, seq(1, 31, 2, 0), true},  // every 2nd: 1, 3, …, 31
		{32, seq(1, 31, 2, 32), true}, // …, 31, and the last, 32
		{61, seq(1, 61, 3, 0), true},  // every 3rd: 1, 4, …, 61
	} {
		got, slanted := xLabels(t, svgReport(c.n))
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("n=%d: labels %v, want %v", c.n, got, c.want)
		}
		for i, s := range slanted {
			if s != c.slant {
				t.Errorf("n=%d: label %s slanted %v, want %v", c.n, got[i], s, c.slant)
				break
			}
		}
	}
}
