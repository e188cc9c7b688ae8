package nnlib

import (
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/gonn-dev/gonn/display"
)

// histogramOf returns the bins Histogram draws for values, checking that
// the plot's axes span them: x over the bins, y from 0 to the largest
// count.
func histogramOf(t *testing.T, values any, bins int) *plotter.Histogram {
	t.Helper()
	p, err := Histogram(values, bins)
	if err != nil {
		t.Fatal(err)
	}
	tensor, err := AsTensor(values)
	if err != nil {
		t.Fatal(err)
	}
	vs := tensor.Float64s()
	if bins == 0 {
		bins = min(max(int(math.Ceil(math.Sqrt(float64(len(vs))))), 10), 100)
	}
	h := &plotter.Histogram{}
	h.Bins, h.Width = binValues(vs, bins)
	xmin, xmax, _, ymax := h.DataRange()
	if p.X.Min != xmin || p.X.Max != xmax || p.Y.Min != 0 || p.Y.Max != ymax {
		t.Errorf("axes [%g, %g]×[%g, %g], want [%g, %g]×[0, %g]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max, xmin, xmax, ymax)
	}
	return h
}

func TestHistogramCounts(t *testing.T) {
	// 0, 1, …, 99 in 10 bins: 10 each, the largest value in the last bin.
	vs := make([]float64, 100)
	for i := range vs {
		vs[i] = float64(i)
	}
	h := histogramOf(t, vs, 10)
	if len(h.Bins) != 10 || math.Abs(h.Width-9.9) > 1e-12 {
		t.Fatalf("%d bins of width %g", len(h.Bins), h.Width)
	}
	for i, b := range h.Bins {
		if b.Weight != 10 {
			t.Errorf("bin %d [%g, %g) holds %g, want 10", i, b.Min, b.Max, b.Weight)
		}
	}

	// The same values as float32, a matrix, rows or a tensor.
	m := mat.NewDense(10, 10, vs)
	f32 := make([]float32, len(vs))
	for i, v := range vs {
		f32[i] = float32(v)
	}
	rows := make([][]float64, 10)
	for i := range rows {
		rows[i] = vs[10*i : 10*i+10]
	}
	for _, v := range []any{f32, m, rows, MustTensor(NewTensor(vs, 4, 25))} {
		if got := histogramOf(t, v, 10); got.Bins[3].Weight != 10 || got.Bins[9].Weight != 10 {
			t.Errorf("%T: bins %v", v, got.Bins)
		}
	}

	// Automatic bins: √n clamped to 10..100.
	for n, want := range map[int]int{4: 10, 400: 20, 90000: 100} {
		if got := len(histogramOf(t, make([]float64, n), 0).Bins); got != want {
			t.Errorf("%d values: %d bins, want %d", n, got, want)
		}
	}

	// Identical values (a bias initialised to zeros) fill one bin of a
	// range centred on them.
	h = histogramOf(t, []float64{0, 0, 0}, 5)
	if h.Bins[2].Weight != 3 || h.Bins[2].Min >= 0 || h.Bins[2].Max <= 0 {
		t.Errorf("zeros binned as %v", h.Bins)
	}
}

func TestHistogramTitleAndImage(t *testing.T) {
	p, err := Histogram([]float64{1, 2, 3, 4}, 4)
	if err != nil {
		t.Fatal(err)
	}
	// mean 2.5; population standard deviation √1.25
	if want := "4 values · mean 2.5 · std 1.118"; p.Title.Text != want {
		t.Errorf("title %q, want %q", p.Title.Text, want)
	}

	// Bars of 3, 1 and 2 values: each bar's colour fills its bin up to
	// its count, and not above.
	p, err = Histogram([]float64{1, 1, 1, 2, 3, 3}, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := display.RenderPlot(p, display.PlotOptions{Width: 300, Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	img := bundlePNG(t, b)
	if img.Bounds().Size() != image.Pt(300, 200) {
		t.Fatalf("PNG is %v, want 300×200", img.Bounds().Size())
	}
	c := draw.New(vgimg.NewWith(vgimg.UseWH(300, 200), vgimg.UseDPI(72)))
	toPixel := pixelMap(p, c, 200, 1)
	// The fill is tab10 blue at alpha 0xc0 over white.
	bar := color.RGBA{0x57, 0x9a, 0xc8, 0xff}
	for i, count := range []float64{3, 1, 2} {
		x := 1 + (float64(i)+0.5)*2/3
		if px, py := toPixel(x, count-0.3); !near(img.At(px, py), bar, 30) {
			t.Errorf("bin %d: pixel (%d,%d) below its count is %v, want the bar's colour", i, px, py, img.At(px, py))
		}
		if count < 3 {
			if px, py := toPixel(x, count+0.3); near(img.At(px, py), bar, 30) {
				t.Errorf("bin %d: pixel (%d,%d) above its count is the bar's colour", i, px, py)
			}
		}
	}
}

func TestLayerHistogram(t *testing.T) {
	x, y := blobs(60, 2)
	m := classifier(ModelOptions{Float64: true})
	if _, err := m.TrainStep(x, y); err != nil {
		t.Fatal(err)
	}
	k, err := m.Kernel(1)
	if err != nil {
		t.Fatal(err)
	}
	p, err := LayerHistogram(m, 1, "kernel", 8)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Title.Text, "dense_1 kernel (16×3): 48 values") {
		t.Errorf("title %q", p.Title.Text)
	}
	if p.X.Min != mat.Min(k) || p.X.Max != mat.Max(k) {
		t.Errorf("x axis [%g, %g], the kernel spans [%g, %g]", p.X.Min, p.X.Max, mat.Min(k), mat.Max(k))
	}
	total := 0.0
	for _, b := range histogramOf(t, k, 8).Bins {
		total += b.Weight
	}
	if total != 48 {
		t.Errorf("the bins hold %g values, want 48", total)
	}
	for _, of := range []string{"bias", "kernel_grad", "bias_grad"} {
		if _, err := LayerHistogram(m, 0, of, 0); err != nil {
			t.Errorf("%s: %v", of, err)
		}
	}
}

func TestHistogramBadInput(t *testing.T) {
	m := classifier(ModelOptions{})
	tests := []struct {
		name string
		draw func() error
		want string
	}{
		{"nil", func() error { _, err := Histogram(nil, 0); return err }, "Histogram: no values (nil)"},
		{"empty", func() error { _, err := Histogram([]float64{}, 0); return err }, "Histogram: no values (empty)"},
		{"type", func() error { _, err := Histogram("1 2 3", 0); return err }, "Histogram: cannot use string as data"},
		{"NaN", func() error { _, err := Histogram([]float64{1, math.NaN(), math.Inf(-1)}, 0); return err },
			"2 of 3 values are NaN or infinite"},
		{"bins", func() error { _, err := Histogram([]float64{1}, -1); return err }, "bins is -1"},
		{"nil model", func() error { _, err := LayerHistogram(nil, 0, "kernel", 0); return err }, "the model is nil"},
		{"unbuilt", func() error { _, err := LayerHistogram(m, 0, "kernel", 0); return err },
			"LayerHistogram: the model is not built"},
		{"array", func() error { _, err := LayerHistogram(m, 0, "weights", 0); return err }, `unknown array "weights"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.draw()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if err := m.Build(2); err != nil {
		t.Fatal(err)
	}
	for _, layer := range []int{-1, 2, 9} {
		if _, err := LayerHistogram(m, layer, "kernel", 0); err == nil || !strings.HasPrefix(err.Error(), "nnlib: LayerHistogram: layer") {
			t.Errorf("layer %d: error %v", layer, err)
		}
	}
	if _, err := LayerHistogram(m, 0, "kernel_grad", 0); err == nil {
		t.Error("a gradient before any backward pass: no error")
	}
}
