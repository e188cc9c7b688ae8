// Package logo draws gonn's kernel logo: a small neural network (two
// inputs, three hidden units, two outputs) in white on a Go-blue rounded
// square. The same shapes render as PNG (at any size, anti-aliased by
// supersampling) and as SVG, so the two never drift apart.
package logo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
)

// The drawing lives in a 64×64 design space.
const design = 64.0

var (
	background = color.NRGBA{0x00, 0xad, 0xd8, 0xff} // Go's gopher blue
	ink        = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	edgeInk    = color.NRGBA{0xff, 0xff, 0xff, 0xc0}
	rim        = color.NRGBA{0x00, 0x5f, 0x7a, 0xff}
)

const (
	corner     = 12.0 // background corner radius
	edgeWidth  = 2.4
	nodeRadius = 5.5
	rimWidth   = 1.6
)

type point struct{ x, y float64 }

// layers are the node centres, input layer first.
var layers = [][]point{
	{{15, 23}, {15, 41}},
	{{32, 14}, {32, 32}, {32, 50}},
	{{49, 23}, {49, 41}},
}

// edges connects every node to every node of the next layer.
func edges() [][2]point {
	var es [][2]point
	for l := 0; l+1 < len(layers); l++ {
		for _, a := range layers[l] {
			for _, b := range layers[l+1] {
				es = append(es, [2]point{a, b})
			}
		}
	}
	return es
}

// PNG renders the logo as a size×size PNG.
func PNG(size int) ([]byte, error) {
	img := Image(size)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("logo: %w", err)
	}
	return buf.Bytes(), nil
}

// samples is the supersampling grid per pixel side.
const samples = 8

// Image renders the logo at size×size pixels.
func Image(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	scale := design / float64(size)
	es := edges()
	for py := range size {
		for px := range size {
			var r, g, b, a float64 // premultiplied sums
			for sy := range samples {
				for sx := range samples {
					p := point{(float64(px) + (float64(sx)+0.5)/samples) * scale,
						(float64(py) + (float64(sy)+0.5)/samples) * scale}
					c := shade(p, es)
					al := float64(c.A) / 255
					r += float64(c.R) * al
					g += float64(c.G) * al
					b += float64(c.B) * al
					a += al
				}
			}
			n := float64(samples * samples)
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / a)), G: uint8(math.Round(g / a)), B: uint8(math.Round(b / a)),
				A: uint8(math.Round(a / n * 255)),
			})
		}
	}
	return img
}

// shade returns the colour of design-space point p, painting background,
// edges, then nodes.
func shade(p point, es [][2]point) color.NRGBA {
	if !inRoundedSquare(p) {
		return color.NRGBA{}
	}
	c := background
	for _, e := range es {
		if segmentDistance(p, e[0], e[1]) <= edgeWidth/2 {
			c = over(edgeInk, c)
			break
		}
	}
	for _, layer := range layers {
		for _, n := range layer {
			d := math.Hypot(p.x-n.x, p.y-n.y)
			switch {
			case d <= nodeRadius-rimWidth:
				return ink
			case d <= nodeRadius:
				return rim
			}
		}
	}
	return c
}

func inRoundedSquare(p point) bool {
	cx := math.Max(corner, math.Min(design-corner, p.x))
	cy := math.Max(corner, math.Min(design-corner, p.y))
	return math.Hypot(p.x-cx, p.y-cy) <= corner
}

func segmentDistance(p, a, b point) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := ((p.x-a.x)*dx + (p.y-a.y)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.x-(a.x+t*dx), p.y-(a.y+t*dy))
}

// over composites src over an opaque dst.
func over(src, dst color.NRGBA) color.NRGBA {
	a := float64(src.A) / 255
	mix := func(s, d uint8) uint8 { return uint8(math.Round(float64(s)*a + float64(d)*(1-a))) }
	return color.NRGBA{mix(src.R, dst.R), mix(src.G, dst.G), mix(src.B, dst.B), 255}
}

// SVG returns the logo as an SVG document.
func SVG() []byte {
	hex := func(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">`+"\n")
	sb.WriteString("<title>gonn</title>\n")
	fmt.Fprintf(&sb, `<rect width="64" height="64" rx="%g" fill="%s"/>`+"\n", corner, hex(background))
	fmt.Fprintf(&sb, `<g stroke="%s" stroke-opacity="%.2f" stroke-width="%g" stroke-linecap="round">`+"\n",
		hex(edgeInk), float64(edgeInk.A)/255, edgeWidth)
	for _, e := range edges() {
		fmt.Fprintf(&sb, `<line x1="%g" y1="%g" x2="%g" y2="%g"/>`+"\n", e[0].x, e[0].y, e[1].x, e[1].y)
	}
	sb.WriteString("</g>\n")
	fmt.Fprintf(&sb, `<g fill="%s" stroke="%s" stroke-width="%g">`+"\n", hex(ink), hex(rim), rimWidth)
	for _, layer := range layers {
		for _, n := range layer {
			fmt.Fprintf(&sb, `<circle cx="%g" cy="%g" r="%g"/>`+"\n", n.x, n.y, nodeRadius-rimWidth/2)
		}
	}
	sb.WriteString("</g>\n</svg>\n")
	return []byte(sb.String())
}
