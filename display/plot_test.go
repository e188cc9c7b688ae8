package display_test

import (
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/gonn-dev/gonn/display"
)

// decayingLoss is a typical training curve: 0.1 + 2·e^(-step/15).
func decayingLoss(n int) []float64 {
	loss := make([]float64, n)
	for i := range loss {
		loss[i] = 0.1 + 2*math.Exp(-float64(i)/15)
	}
	return loss
}

func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return (r+g+b)/3 < 0x6000
}

func white(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r > 0xf000 && g > 0xf000 && b > 0xf000
}

// darkNear reports whether a dark pixel lies within radius pixels of (x, y).
func darkNear(img image.Image, x, y, radius int) bool {
	for dy := -radius; dy <= radius; dy++ {
		for dx := -radius; dx <= radius; dx++ {
			if dark(img.At(x+dx, y+dy)) {
				return true
			}
		}
	}
	return false
}

// TestPlotPixels renders a loss curve and checks, pixel by pixel, that the
// line is drawn where the data says: each data point, mapped through the
// plot's own axes to pixel coordinates, has a dark pixel next to it, and
// the points 15 CSS pixels above and below the curve are white.
func TestPlotPixels(t *testing.T) {
	loss := decayingLoss(100)
	p := lossPlot(loss)
	b, meta, err := display.RenderPlot(p, display.PlotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantPNGSize(t, b, meta, 1200, 800, 600, 400)
	img := decodeEntry(t, b, "image/png", "png")

	// Where gonum/plot puts the data area on a canvas of the same size.
	const scale = 2 // pixels per point at the default scale
	c := draw.New(vgimg.NewWith(vgimg.UseWH(600, 400), vgimg.UseDPI(72*scale)))
	dc := p.DataCanvas(c)
	trX, trY := p.Transforms(&dc)
	toPixel := func(x, y float64) (int, int) {
		return int(math.Round(float64(trX(x)) * scale)), int(math.Round(800 - float64(trY(y))*scale))
	}
	inside := func(px, py int) bool {
		minX, minY := toPixel(p.X.Min, p.Y.Max)
		maxX, maxY := toPixel(p.X.Max, p.Y.Min)
		return px > minX+4 && px < maxX-4 && py > minY+4 && py < maxY-4
	}

	for i, l := range loss {
		px, py := toPixel(float64(i), l)
		if !darkNear(img, px, py, 2) {
			t.Errorf("no line pixel near data point %d (%.3f) at pixel (%d,%d)", i, l, px, py)
		}
		for _, off := range []int{-30, 30} {
			if inside(px, py+off) && !white(img.At(px, py+off)) {
				t.Errorf("pixel (%d,%d), 15 CSS px off the curve at point %d, is %v, want white",
					px, py+off, i, img.At(px, py+off))
			}
		}
	}

	// Coarse check, independent of the plot's transforms: the curve's left
	// end is high and its right end low.
	leftX, _ := toPixel(5, 0)
	rightX, _ := toPixel(95, 0)
	if topL, topR := firstDark(img, leftX, 100, 700), firstDark(img, rightX, 100, 700); !(topL < 400 && topR > 600) {
		t.Errorf("first dark pixel at x=%d is row %d (want upper half), at x=%d row %d (want near bottom)",
			leftX, topL, rightX, topR)
	}
}

// firstDark returns the first row in [from, to) where column x is dark, or
// to when there is none.
func firstDark(img image.Image, x, from, to int) int {
	for y := from; y < to; y++ {
		if dark(img.At(x, y)) {
			return y
		}
	}
	return to
}

func TestPlotNotBlank(t *testing.T) {
	b, _, err := display.RenderPlot(lossPlot(decayingLoss(50)), display.PlotOptions{Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	img := decodeEntry(t, b, "image/png", "png")
	var nDark, nWhite int
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			switch c := img.At(x, y); {
			case dark(c):
				nDark++
			case white(c):
				nWhite++
			}
		}
	}
	total := bounds.Dx() * bounds.Dy()
	if nDark < total/1000 || nWhite < total/2 {
		t.Errorf("%d dark and %d white pixels of %d: not a line plot on white", nDark, nWhite, total)
	}
}

func TestPlotOptions(t *testing.T) {
	tests := []struct {
		name       string
		o          display.PlotOptions
		w, h       int // PNG pixels
		cssW, cssH int
	}{
		{"defaults", display.PlotOptions{}, 1200, 800, 600, 400},
		{"width only keeps 3:2", display.PlotOptions{Width: 300}, 600, 400, 300, 200},
		{"height only keeps 3:2", display.PlotOptions{Height: 200}, 600, 400, 300, 200},
		{"scale 1", display.PlotOptions{Width: 500, Height: 250, Scale: 1}, 500, 250, 500, 250},
		{"scale 3", display.PlotOptions{Width: 100, Height: 100, Scale: 3}, 300, 300, 100, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, meta, err := display.RenderPlot(lossPlot([]float64{2, 1}), tt.o)
			if err != nil {
				t.Fatal(err)
			}
			wantPNGSize(t, b, meta, tt.w, tt.h, tt.cssW, tt.cssH)
		})
	}
}

func TestPlotErrors(t *testing.T) {
	logPlot := lossPlot([]float64{1, 0, 2})
	logPlot.Y.Scale = plot.LogScale{}
	tests := []struct {
		name string
		p    *plot.Plot
		o    display.PlotOptions
		want string
	}{
		{"nil plot", nil, display.PlotOptions{}, "nil plot"},
		{"negative width", lossPlot([]float64{1}), display.PlotOptions{Width: -5}, "plot size -5×-3.333 is not positive"},
		{"infinite height", lossPlot([]float64{1}), display.PlotOptions{Height: math.Inf(1)}, "not positive and finite"},
		{"NaN width", lossPlot([]float64{1}), display.PlotOptions{Width: math.NaN(), Height: 3}, "not positive and finite"},
		{"scale too large", lossPlot([]float64{1}), display.PlotOptions{Scale: 9}, "plot scale 9 is outside (0, 8]"},
		{"negative scale", lossPlot([]float64{1}), display.PlotOptions{Scale: -1}, "plot scale -1"},
		{"too many pixels", lossPlot([]float64{1}), display.PlotOptions{Width: 4000, Scale: 8}, "exceeds 16384 pixels a side"},
		{"unknown format", lossPlot([]float64{1}), display.PlotOptions{Format: "gif"}, `unknown plot format "gif"`},
		{"log scale over zero", logPlot, display.PlotOptions{}, "drawing plot: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := display.RenderPlot(tt.p, tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			// The same failure through a Displayer is a message, not a panic.
			m := only(t, func(d *display.Displayer) { d.PlotWith(tt.p, tt.o) })
			if !strings.HasPrefix(m.Data.Text(), "display.Plot: ") {
				t.Errorf("displayed %q", m.Data.Text())
			}
		})
	}
}

func TestPlotSVG(t *testing.T) {
	m := only(t, func(d *display.Displayer) { d.PlotSVG(lossPlot(decayingLoss(20))) })
	svg, ok := m.Data["image/svg+xml"].(string)
	if !ok {
		t.Fatalf("no SVG entry: %v", m.Data.MIMETypes())
	}
	if !strings.HasPrefix(svg, "<?xml") && !strings.HasPrefix(svg, "<svg") {
		t.Errorf("SVG starts with %q", svg[:min(20, len(svg))])
	}
	root := parseSVGRoot(t, svg)
	if root.Width != "600px" || root.Height != "400px" || root.ViewBox != "0 0 600 400" {
		t.Errorf("svg root attributes %+v", root)
	}
	if m.Data.Text() != `[plot "loss" 600×400]` {
		t.Errorf("text %q", m.Data.Text())
	}
	if !strings.Contains(svg, "<path") {
		t.Error("SVG draws no path")
	}
}

// svgRoot is the root element of an SVG document.
type svgRoot struct {
	XMLName xml.Name
	Width   string `xml:"width,attr"`
	Height  string `xml:"height,attr"`
	ViewBox string `xml:"viewBox,attr"`
}

// parseSVGRoot decodes the root element of doc, which checks that the
// element is well-formed XML, and that it is <svg>.
func parseSVGRoot(t *testing.T, doc string) svgRoot {
	t.Helper()
	var root svgRoot
	if err := xml.Unmarshal([]byte(doc), &root); err != nil {
		t.Fatalf("SVG is not well-formed XML: %v", err)
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("root element <%s>, want <svg>", root.XMLName.Local)
	}
	return root
}

// lossCurve is the plot the benchmarks render: a loss history of n points
// with a title, axis labels and a grid. 9375 points is 5 epochs of MNIST at
// batch size 32, one point per batch; 100 is a per-epoch or sampled curve.
func lossCurve(n int) *plot.Plot {
	p := lossPlot(decayingLoss(n))
	p.Title.Text = "Training loss"
	p.X.Label.Text = "batch"
	p.Y.Label.Text = "cross-entropy"
	p.Add(plotter.NewGrid())
	return p
}

// BenchmarkPlot reports the time to render lossCurve and the size of the
// encoded image (bytes/plot, before base64).
func BenchmarkPlot(b *testing.B) {
	for _, n := range []int{100, 9375} {
		for _, o := range []struct {
			name string
			opts display.PlotOptions
		}{
			{"png-2x", display.PlotOptions{}},
			{"png-1x", display.PlotOptions{Scale: 1}},
			{"svg", display.PlotOptions{Format: display.FormatSVG}},
		} {
			b.Run(fmt.Sprintf("points=%d/%s", n, o.name), func(b *testing.B) {
				benchmarkPlot(b, lossCurve(n), o.opts)
			})
		}
	}
}

func benchmarkPlot(b *testing.B, p *plot.Plot, o display.PlotOptions) {
	var size int
	for b.Loop() {
		bundle, _, err := display.RenderPlot(p, o)
		if err != nil {
			b.Fatal(err)
		}
		if data, err := bundle.Binary("image/png"); err == nil {
			size = len(data)
		} else {
			size = len(bundle["image/svg+xml"].(string))
		}
	}
	b.ReportMetric(float64(size), "bytes/plot")
}

// BenchmarkPlotDrawOnly isolates gonum/plot's drawing from PNG encoding.
func BenchmarkPlotDrawOnly(b *testing.B) {
	p := lossCurve(9375)
	for b.Loop() {
		c := vgimg.NewWith(vgimg.UseWH(600, 400), vgimg.UseDPI(144))
		p.Draw(draw.New(c))
	}
}
