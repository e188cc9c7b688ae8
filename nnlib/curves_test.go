package nnlib

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/gonn-dev/gonn/display"
)

// knownHistory is a five-epoch History with training and validation
// curves far enough apart to tell them apart in pixels.
func knownHistory() *History {
	return &History{
		Epoch: []int{1, 2, 3, 4, 5},
		Metrics: map[string][]float64{
			"loss":         {1.0, 0.6, 0.4, 0.3, 0.25},
			"val_loss":     {1.1, 0.8, 0.7, 0.65, 0.64},
			"accuracy":     {0.70, 0.80, 0.86, 0.90, 0.92},
			"val_accuracy": {0.60, 0.70, 0.74, 0.76, 0.77},
		},
		GradNorm: map[string][]float64{"dense": {2, 1, 0.5, 0.3, 0.2}, "dense_1": {0.8, 0.5, 0.3, 0.2, 0.1}},
		Layers:   []string{"dense", "dense_1"},
	}
}

// decodePNG decodes PNG bytes, failing the test when they are not one.
func decodePNG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

// bundlePNG decodes a bundle's image/png entry.
func bundlePNG(t *testing.T, b display.Bundle) image.Image {
	t.Helper()
	data, err := b.Binary(display.MIMEPNG)
	if err != nil {
		t.Fatalf("%v (bundle %v: %q)", err, b.MIMETypes(), b.Text())
	}
	return decodePNG(t, data)
}

// pixelMap maps p's data coordinates to the pixels of an image of
// heightPx rows where p was drawn on c at scale pixels per point, through
// the plot's own axes, as display's plot test does.
func pixelMap(p *plot.Plot, c draw.Canvas, heightPx, scale float64) func(x, y float64) (int, int) {
	dc := p.DataCanvas(c)
	trX, trY := p.Transforms(&dc)
	return func(x, y float64) (int, int) {
		return int(math.Round(float64(trX(x)) * scale)), int(math.Round(heightPx - float64(trY(y))*scale))
	}
}

// renderWithMap renders p as display shows plots by default (600×400 CSS
// pixels, 2 pixels each) and returns the image and the map from p's data
// coordinates to its pixels.
func renderWithMap(t *testing.T, p *plot.Plot) (image.Image, func(x, y float64) (int, int)) {
	t.Helper()
	b, _, err := display.RenderPlot(p, display.PlotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	img := bundlePNG(t, b)
	if got := img.Bounds().Size(); got != image.Pt(1200, 800) {
		t.Fatalf("PNG is %v, want 1200×800", got)
	}
	c := draw.New(vgimg.NewWith(vgimg.UseWH(600, 400), vgimg.UseDPI(144)))
	return img, pixelMap(p, c, 800, 2)
}

// near reports whether c is within tol of want on each channel.
func near(c color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(v uint32, w uint8) bool { return math.Abs(float64(v>>8)-float64(w)) <= float64(tol) }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// colorNear reports whether a pixel of colour want (within tol) lies
// within radius pixels of (x, y).
func colorNear(img image.Image, x, y, radius int, want color.RGBA, tol int) bool {
	for dy := -radius; dy <= radius; dy++ {
		for dx := -radius; dx <= radius; dx++ {
			if near(img.At(x+dx, y+dy), want, tol) {
				return true
			}
		}
	}
	return false
}

// checkCurve checks that a train/validation pair of p was drawn where its
// data says: a pixel of the curves' colour at every epoch's point, and, in
// columns between epochs 1 and 4 (clear of the legend), pixels of that
// colour only near the interpolated training or validation value, and
// near the training one.
func checkCurve(t *testing.T, img image.Image, toPixel func(x, y float64) (int, int), train, val []float64, col color.RGBA) {
	t.Helper()
	for i := range train {
		for _, v := range [][]float64{train, val} {
			px, py := toPixel(float64(i+1), v[i])
			if !colorNear(img, px, py, 6, col, 40) {
				t.Errorf("no curve pixel near epoch %d value %.3f at (%d,%d)", i+1, v[i], px, py)
			}
		}
	}
	_, top := toPixel(1, 2)
	_, bottom := toPixel(1, -1)
	for x := 1.25; x <= 3.75; x += 0.25 {
		i, f := int(x)-1, x-math.Floor(x)
		px, ty := toPixel(x, train[i]+f*(train[i+1]-train[i]))
		_, vy := toPixel(x, val[i]+f*(val[i+1]-val[i]))
		sawTrain := false
		for y := max(top, 0); y < min(bottom, img.Bounds().Max.Y); y++ {
			if !near(img.At(px, y), col, 40) {
				continue
			}
			onTrain, onVal := math.Abs(float64(y-ty)) <= 6, math.Abs(float64(y-vy)) <= 6
			sawTrain = sawTrain || onTrain
			if !onTrain && !onVal {
				t.Errorf("epoch %.2f: curve-coloured pixel at row %d, want rows near %d (train) or %d (validation)", x, y, ty, vy)
				break
			}
		}
		if !sawTrain {
			t.Errorf("epoch %.2f: no training-curve pixel near row %d", x, ty)
		}
	}
}

// TestLossCurvesPixels renders the loss curves of a known History and
// checks that its lines are where the data says, through the plot's axes.
func TestLossCurvesPixels(t *testing.T) {
	h := knownHistory()
	p, err := LossCurves(h)
	if err != nil {
		t.Fatal(err)
	}
	img, toPixel := renderWithMap(t, p)
	checkCurve(t, img, toPixel, h.Metrics["loss"], h.Metrics["val_loss"], paletteColor(0))
	checkNotBlank(t, img)
}

// checkNotBlank checks that an image is a drawing on white: mostly white,
// with some ink.
func checkNotBlank(t *testing.T, img image.Image) {
	t.Helper()
	b := img.Bounds()
	white, ink := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(img.At(x, y), color.RGBA{255, 255, 255, 255}, 10) {
				white++
			} else {
				ink++
			}
		}
	}
	if total := b.Dx() * b.Dy(); white < total/2 || ink < total/200 {
		t.Errorf("%d white and %d other pixels of %d: not a drawing on white", white, ink, total)
	}
}

// TestTrainingCurvesPixels checks both panels of a History's figure, loss
// and accuracy, pixel by pixel.
func TestTrainingCurvesPixels(t *testing.T) {
	h := knownHistory()
	f, err := TrainingCurves(h)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Plots) != 2 || f.Plots[0].Title.Text != "loss" || f.Plots[1].Title.Text != "accuracy" {
		t.Fatalf("figure %v, want the loss then the accuracy", f)
	}
	data, err := f.EncodePNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, data)
	w, ht := f.Size()
	if w != 2*DefaultPanelWidth || ht != DefaultPanelHeight {
		t.Errorf("figure size %g×%g", w, ht)
	}
	if got, want := img.Bounds().Size(), image.Pt(int(w*DefaultFigureScale), int(ht*DefaultFigureScale)); got != want {
		t.Fatalf("PNG is %v, want %v", got, want)
	}
	c := draw.New(vgimg.NewWith(vgimg.UseWH(vg.Length(w), vg.Length(ht)), vgimg.UseDPI(72*DefaultFigureScale)))
	panels := plot.Align([][]*plot.Plot{f.Plots}, figureTiles(2), c)[0]
	for i, name := range []string{"loss", "accuracy"} {
		toPixel := pixelMap(f.Plots[i], panels[i], ht*DefaultFigureScale, DefaultFigureScale)
		checkCurve(t, img, toPixel, h.Metrics[name], h.Metrics["val_"+name], paletteColor(i))
	}
	checkNotBlank(t, img)
}

func TestCurvesBadInput(t *testing.T) {
	empty := &History{Metrics: map[string][]float64{}}
	allNaN := knownHistory()
	allNaN.Metrics["loss"] = []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	delete(allNaN.Metrics, "val_loss")
	tests := []struct {
		name string
		draw func() error
		want string
	}{
		{"nil history", func() error { _, err := LossCurves(nil); return err }, "the history is nil"},
		{"no epochs", func() error { _, err := LossCurves(empty); return err }, "the history has no epochs"},
		{"unknown metric", func() error { _, err := LossCurves(knownHistory(), "acc"); return err },
			`no "acc" (it has "accuracy", "loss", "val_accuracy", "val_loss")`},
		{"all NaN", func() error { _, err := LossCurves(allNaN); return err }, "no finite values"},
		{"figure of nil", func() error { _, err := TrainingCurves(nil); return err }, "TrainingCurves: the history is nil"},
		{"grad norms of empty", func() error { _, err := GradNormCurves(empty); return err }, "no epochs"},
		{"unknown layer", func() error { _, err := GradNormCurves(knownHistory(), "dense_7"); return err },
			`no gradient norms for layer "dense_7" (it has "dense", "dense_1")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.draw()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestLossCurvesKeepsFiniteValues draws a diverged training: the NaN
// epochs are left out and counted in the legend.
func TestLossCurvesKeepsFiniteValues(t *testing.T) {
	h := knownHistory()
	h.Metrics["loss"] = []float64{1, 0.5, math.Inf(1), math.NaN(), math.NaN()}
	p, err := LossCurves(h, "loss", "accuracy")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Text != "loss, accuracy" {
		t.Errorf("title %q", p.Title.Text)
	}
	if _, _, err := display.RenderPlot(p, display.PlotOptions{Scale: 1}); err != nil {
		t.Fatal(err)
	}
	if _, _, ymin, ymax := dataRange(p); ymax > 1.1 || ymin < 0.24 {
		t.Errorf("y range [%g, %g] includes values that are not finite", ymin, ymax)
	}
}

// dataRange returns the range of p's axes.
func dataRange(p *plot.Plot) (xmin, xmax, ymin, ymax float64) {
	return p.X.Min, p.X.Max, p.Y.Min, p.Y.Max
}

func TestGradNormCurves(t *testing.T) {
	h := knownHistory()
	p, err := GradNormCurves(h)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Y.Scale.(plot.LogScale); !ok {
		t.Errorf("positive norms drawn on a %T axis, want logarithmic", p.Y.Scale)
	}
	img, toPixel := renderWithMap(t, p)
	for k, layer := range h.Layers {
		for i, v := range h.GradNorm[layer] {
			if px, py := toPixel(float64(i+1), v); !colorNear(img, px, py, 4, paletteColor(k), 40) {
				t.Errorf("%s epoch %d: no pixel of its colour near (%d,%d)", layer, i+1, px, py)
			}
		}
	}

	// Norms within a narrow band, as the MNIST model's are after the first
	// epoch: the log axis still labels several ticks.
	narrow := knownHistory()
	narrow.GradNorm = map[string][]float64{"dense": {0.42, 0.35, 0.33, 0.32, 0.31}, "dense_1": {0.45, 0.4, 0.38, 0.37, 0.36}}
	if p, err = GradNormCurves(narrow); err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if len(labels) < 3 {
		t.Errorf("norms from %g to %g: labels %q, want three or more", p.Y.Min, p.Y.Max, labels)
	}
	if _, _, err := display.RenderPlot(p, display.PlotOptions{Scale: 1}); err != nil {
		t.Fatal(err)
	}

	// Norms that never change still draw.
	flat := knownHistory()
	flat.GradNorm = map[string][]float64{"dense": {0.5, 0.5, 0.5, 0.5, 0.5}}
	flat.Layers = []string{"dense"}
	if p, err = GradNormCurves(flat); err != nil {
		t.Fatal(err)
	}
	if _, _, err := display.RenderPlot(p, display.PlotOptions{Scale: 1}); err != nil {
		t.Errorf("constant norms: %v", err)
	}

	// A zero norm (a layer that did not learn) cannot go on a log axis.
	h.GradNorm["dense_1"][4] = 0
	p, err = GradNormCurves(h, "dense_1")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Y.Scale.(plot.LogScale); ok {
		t.Error("a zero norm drawn on a logarithmic axis")
	}
	if _, _, err := display.RenderPlot(p, display.PlotOptions{Scale: 1}); err != nil {
		t.Fatal(err)
	}
}

func TestTicks(t *testing.T) {
	labels := func(ticks []plot.Tick) string {
		var s []string
		for _, tk := range ticks {
			if tk.Label != "" {
				s = append(s, tk.Label)
			}
		}
		return strings.Join(s, " ")
	}
	for _, tt := range []struct {
		ticker plot.Ticker
		lo, hi float64
		want   string
	}{
		{integerTicks{}, 1, 5, "1 2 3 4 5"},
		{integerTicks{}, 0, 3, "0 1 2 3"},
		{integerTicks{}, 1, 30, "5 10 15 20 25 30"},
		{integerTicks{}, 1, 200, "20 40 60 80 100 120 140 160 180 200"},
		{logTicks{}, 0.02, 0.5, "0.02 0.05 0.1 0.2 0.5"},
		{logTicks{}, 0.05, 2, "0.05 0.1 0.2 0.5 1 2"},
		{logTicks{}, 0.11, 1, "0.2 0.5 1"},
		{logTicks{}, 0.001, 100, "0.001 0.01 0.1 1 10 100"},
		// Less than a decade, fewer than three of 1, 2 and 5: linear ticks.
		{logTicks{}, 0.31, 0.48, "0.32 0.4 0.48"},
		{logTicks{}, 0.6, 1.9, "0.6 1.2 1.8"},
		{logTicks{}, 0.15, 0.9, "0.2 0.4 0.6 0.8"},
		{logTicks{}, 0.29, 0.31, "0.29 0.3 0.31"},
		// Not a log range at all: linear ticks, or none, but no panic.
		{logTicks{}, -1, 1, "-1 0 1"},
		{logTicks{}, 1, 1, ""},
	} {
		if got := labels(tt.ticker.Ticks(tt.lo, tt.hi)); got != tt.want {
			t.Errorf("%T.Ticks(%g, %g) labels %q, want %q", tt.ticker, tt.lo, tt.hi, got, tt.want)
		}
	}
	// Within one epoch there is no whole number to tick: plain ticks.
	if ticks := (integerTicks{}).Ticks(1.1, 1.9); len(ticks) == 0 {
		t.Error("no ticks inside one unit")
	}
}

func TestFigureBadInput(t *testing.T) {
	p, err := LossCurves(knownHistory())
	if err != nil {
		t.Fatal(err)
	}
	logZero, err := LossCurves(knownHistory())
	if err != nil {
		t.Fatal(err)
	}
	logZero.Y.Scale = plot.LogScale{}
	logZero.Y.Min = -1
	for _, tt := range []struct {
		name string
		f    *Figure
		want string
	}{
		{"nil", nil, "no plots"},
		{"empty", NewFigure(), "no plots"},
		{"nil plot", NewFigure(p, nil), "plot 1 of the figure is nil"},
		{"negative size", &Figure{Plots: []*plot.Plot{p}, PanelWidth: -3}, "not positive and finite"},
		{"scale", &Figure{Plots: []*plot.Plot{p}, Scale: 9}, "scale 9 is outside"},
		{"too large", &Figure{Plots: []*plot.Plot{p}, PanelWidth: 9000, Scale: 2}, "exceeds 16384 pixels"},
		{"log of negative", NewFigure(logZero), "drawing plot"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.f.EncodePNG()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			b := tt.f.MIMEBundle()
			if len(b) != 1 || !strings.Contains(b["text/plain"].(string), tt.want) {
				t.Errorf("bundle of a bad figure: %v", b)
			}
		})
	}
}

// TestLongHistory draws a thousand epochs of full-batch gradient descent:
// lines without dots, ticks at round epochs.
func TestLongHistory(t *testing.T) {
	h := &History{Metrics: map[string][]float64{"loss": nil}}
	for e := 1; e <= 1000; e++ {
		h.Epoch = append(h.Epoch, e)
		h.Metrics["loss"] = append(h.Metrics["loss"], 1/float64(e))
	}
	if _, dots := epochAxis(h); dots {
		t.Error("dots on a thousand epochs")
	}
	p, err := LossCurves(h)
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Min != 1 || p.X.Max != 1000 {
		t.Errorf("epoch axis [%g, %g]", p.X.Min, p.X.Max)
	}
	img, toPixel := renderWithMap(t, p)
	for _, e := range []float64{1, 10, 100, 500, 1000} {
		if px, py := toPixel(e, 1/e); !colorNear(img, px, py, 3, paletteColor(0), 40) {
			t.Errorf("no curve pixel at epoch %g", e)
		}
	}
}
