package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strings"
)

// Colours of the saturation curves (Tableau 10, readable in print).
const (
	codesColour      = "#4e79a7"
	categoriesColour = "#f28e2b"
)

// SaturationSVG draws the cumulative number of codes and of categories
// after each transcript as a standalone SVG 1.1 document: two polylines of
// len(r.Steps) points each, axes with ticks and labels, a title, a legend
// and, when saturation was reached, a dashed line at the saturation point.
// It uses the generic sans-serif font family and no scripts, external
// fonts or images, so that it opens in any browser and pastes into a paper.
func SaturationSVG(r *SaturationReport, title string) []byte {
	const (
		width, height = 760, 460
		left, right   = 64, 730
		top, bottom   = 76, 372
	)
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	n := len(r.Steps)
	maxY := 0
	for _, s := range r.Steps {
		maxY = max(maxY, s.Codes, s.Categories)
	}
	step, yMax := niceScale(maxY)
	x := func(i int) float64 { // i is 1-based
		return left + (float64(i)-0.5)*float64(right-left)/float64(max(n, 1))
	}
	y := func(v int) float64 {
		return bottom - float64(v)*float64(bottom-top)/float64(yMax)
	}

	p(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	p(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	p("<title>%s</title>\n", esc(title))
	p(`<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	p(`<text x="%d" y="28" text-anchor="middle" font-size="17" font-weight="bold" fill="#222222">%s</text>`+"\n", width/2, esc(title))
	sub := fmt.Sprintf("%d coded transcripts, order: %s; saturation: ", n, r.Order)
	if r.Reached {
		sub += fmt.Sprintf("after %s (transcript %d), the next %d brought no new code", r.After, r.Point, r.K)
	} else {
		sub += fmt.Sprintf("not reached (%d consecutive transcripts without a new code needed)", r.K)
	}
	p(`<text x="%d" y="50" text-anchor="middle" font-size="12" fill="#555555">%s</text>`+"\n", width/2, esc(sub))

	// Grid and y axis.
	p(`<g stroke="#e3e3e3" stroke-width="1">` + "\n")
	for v := step; v <= yMax; v += step {
		p(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`+"\n", left, y(v), right, y(v))
	}
	p("</g>\n")
	p(`<g font-size="11" fill="#333333" text-anchor="end">` + "\n")
	for v := 0; v <= yMax; v += step {
		p(`<text x="%d" y="%.1f">%d</text>`+"\n", left-8, y(v)+4, v)
	}
	p("</g>\n")
	p(`<g stroke="#333333" stroke-width="1">` + "\n")
	p(`<line x1="%d" y1="%d" x2="%d" y2="%d"/>`+"\n", left, top, left, bottom)
	p(`<line x1="%d" y1="%d" x2="%d" y2="%d"/>`+"\n", left, bottom, right, bottom)
	for v := 0; v <= yMax; v += step {
		p(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`+"\n", left-4, y(v), left, y(v))
	}
	for i := 1; i <= n; i++ {
		p(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`+"\n", x(i), bottom, x(i), bottom+4)
	}
	p("</g>\n")

	// x tick labels: every transcript, or every k-th when there are many;
	// slanted when they would crowd.
	every := max(1, int(math.Ceil(float64(n)/30)))
	slant := n > 12
	p(`<g font-size="11" fill="#333333">` + "\n")
	for i := 1; i <= n; i++ {
		if (i-1)%every != 0 && i != n {
			continue
		}
		label := esc(r.Steps[i-1].Source)
		if slant {
			p(`<text x="%.1f" y="%d" text-anchor="end" transform="rotate(-45 %.1f %d)">%s</text>`+"\n", x(i), bottom+16, x(i), bottom+16, label)
		} else {
			p(`<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", x(i), bottom+18, label)
		}
	}
	p("</g>\n")
	xTitle := "Transcripts in ingest order"
	if r.Order != "ingest" {
		xTitle = "Transcripts ordered by " + strings.TrimPrefix(r.Order, "attr:")
	}
	p(`<text x="%d" y="%d" text-anchor="middle" font-size="12" fill="#222222">%s</text>`+"\n", (left+right)/2, height-24, esc(xTitle))
	p(`<text x="18" y="%d" text-anchor="middle" font-size="12" fill="#222222" transform="rotate(-90 18 %d)">Cumulative number</text>`+"\n", (top+bottom)/2, (top+bottom)/2)

	// Saturation marker.
	if r.Reached {
		xs := x(r.Point)
		p(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#888888" stroke-width="1" stroke-dasharray="5 4"/>`+"\n", xs, top, xs, bottom)
		p(`<text x="%.1f" y="%d" font-size="11" fill="#555555">saturation</text>`+"\n", xs+5, bottom-6)
	}

	// The curves.
	for _, c := range []struct {
		name, colour string
		v            func(Step) int
	}{
		{"codes", codesColour, func(s Step) int { return s.Codes }},
		{"categories", categoriesColour, func(s Step) int { return s.Categories }},
	} {
		var pts []string
		for i, s := range r.Steps {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i+1), y(c.v(s))))
		}
		p(`<polyline class="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round" points="%s"/>`+"\n", c.name, c.colour, strings.Join(pts, " "))
		p(`<g fill="%s">`+"\n", c.colour)
		for i, s := range r.Steps {
			p(`<circle cx="%.1f" cy="%.1f" r="3.5"><title>%s: %d %s</title></circle>`+"\n", x(i+1), y(c.v(s)), esc(s.Source), c.v(s), c.name)
		}
		p("</g>\n")
	}

	// Legend, top left inside the plot.
	lx, ly := left+14, top+8
	p(`<g font-size="12" fill="#222222">` + "\n")
	p(`<rect x="%d" y="%d" width="150" height="44" fill="#ffffff" fill-opacity="0.85" stroke="#cccccc"/>`+"\n", lx-6, ly-4)
	p(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2.5"/>`+"\n", lx, ly+8, lx+24, ly+8, codesColour)
	p(`<text x="%d" y="%d">codes</text>`+"\n", lx+32, ly+12)
	p(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2.5"/>`+"\n", lx, ly+28, lx+24, ly+28, categoriesColour)
	p(`<text x="%d" y="%d">categories</text>`+"\n", lx+32, ly+32)
	p("</g>\n")
	p("</svg>\n")
	return b.Bytes()
}

// niceScale returns a tick step of 1, 2 or 5 times a power of ten giving at
// most 8 intervals, and the axis maximum (a multiple of the step, at least
// max(v, 1)).
func niceScale(v int) (step, top int) {
	if v < 1 {
		return 1, 1
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			s := m * mag
			if (v+s-1)/s <= 8 {
				return s, (v + s - 1) / s * s
			}
		}
	}
}

// esc escapes text for XML character data and attribute values.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
