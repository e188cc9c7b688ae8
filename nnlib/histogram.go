package nnlib

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// MaxHistogramBins is the largest number of bins Histogram accepts.
const MaxHistogramBins = 10000

// Histogram plots how values are distributed — a layer's weights or
// gradients, activations, any numbers — in bins equal bins over their
// range; bins 0 picks √n, between 10 and 100. values may be a []float64,
// a []float32, a gonum mat.Matrix (such as the *mat.Dense that Kernel and
// KernelGrad return), [][]float64 or a *Tensor. The title gives the count,
// the mean and the standard deviation.
//
// It fails for values of another type, no values, values that are NaN or
// infinite (the error counts them), or bins outside 0..MaxHistogramBins.
func Histogram(values any, bins int) (*plot.Plot, error) {
	p, err := histogram(values, bins)
	if err != nil {
		return nil, fmt.Errorf("nnlib: Histogram: %w", err)
	}
	return p, nil
}

func histogram(values any, bins int) (*plot.Plot, error) {
	if bins < 0 || bins > MaxHistogramBins {
		return nil, fmt.Errorf("bins is %d, want 0 (automatic) to %d", bins, MaxHistogramBins)
	}
	if values == nil {
		return nil, errors.New("no values (nil)")
	}
	t, err := AsTensor(values)
	if err != nil {
		return nil, unprefixed{err}
	}
	vs := t.Float64s()
	if len(vs) == 0 {
		return nil, errors.New("no values (empty)")
	}
	bad := 0
	for _, v := range vs {
		if isNaNOrInf(v) {
			bad++
		}
	}
	if bad > 0 {
		return nil, fmt.Errorf("%d of %d values are NaN or infinite", bad, len(vs))
	}
	if bins == 0 {
		bins = min(max(int(math.Ceil(math.Sqrt(float64(len(vs))))), 10), 100)
	}
	mean, std := meanStd(vs)
	h := &plotter.Histogram{FillColor: color.NRGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xc0}, LineStyle: plotter.DefaultLineStyle}
	h.Bins, h.Width = binValues(vs, bins)
	h.LineStyle.Width = vg.Points(0.5)
	h.LineStyle.Color = color.White
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s values · mean %.4g · std %.4g", commas(len(vs)), mean, std)
	p.X.Label.Text = "value"
	p.Y.Label.Text = "count"
	p.Add(plotter.NewGrid(), h)
	return p, nil
}

// binValues counts vs in n equal bins spanning their range. When every
// value is the same (a bias initialised to zeros) the one value sits in
// the middle of a unit-wide range.
func binValues(vs []float64, n int) ([]plotter.HistogramBin, float64) {
	lo, hi := vs[0], vs[0]
	for _, v := range vs {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if hi == lo {
		half := math.Max(math.Abs(lo)*0.05, 0.5)
		lo, hi = lo-half, hi+half
	}
	width := (hi - lo) / float64(n)
	bins := make([]plotter.HistogramBin, n)
	for i := range bins {
		bins[i].Min = lo + float64(i)*width
		bins[i].Max = lo + float64(i+1)*width
	}
	bins[n-1].Max = hi
	for _, v := range vs {
		i := min(int((v-lo)/width), n-1) // the largest value falls in the last bin
		bins[i].Weight++
	}
	return bins, width
}

// meanStd returns the mean and the population standard deviation of vs.
func meanStd(vs []float64) (mean, std float64) {
	for _, v := range vs {
		mean += v
	}
	mean /= float64(len(vs))
	for _, v := range vs {
		std += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(std / float64(len(vs)))
}

// LayerHistogram plots the distribution (see Histogram) of one array of
// Dense layer i of m, counted as Kernel counts layers: of is "kernel",
// "bias", "kernel_grad" or "bias_grad" (the gradients of the last backward
// pass). The title names the layer and the array.
//
// It fails for a nil model, an unknown array name, or a layer Kernel (or
// KernelGrad, …) rejects: out of range, not Dense, model not built, no
// backward pass yet.
func LayerHistogram(m *Sequential, i int, of string, bins int) (*plot.Plot, error) {
	if m == nil {
		return nil, errors.New("nnlib: LayerHistogram: the model is nil")
	}
	read := map[string]func(int) (*mat.Dense, error){
		"kernel": m.Kernel, "bias": m.Bias, "kernel_grad": m.KernelGrad, "bias_grad": m.BiasGrad,
	}[of]
	if read == nil {
		return nil, fmt.Errorf(`nnlib: LayerHistogram: unknown array %q (want "kernel", "bias", "kernel_grad" or "bias_grad")`, of)
	}
	a, err := read(i)
	if err != nil {
		return nil, fmt.Errorf("nnlib: LayerHistogram: %w", unprefixed{err})
	}
	p, err := histogram(a, bins)
	if err != nil {
		return nil, fmt.Errorf("nnlib: LayerHistogram: layer %d %s: %w", i, of, err)
	}
	r, c := a.Dims()
	p.Title.Text = fmt.Sprintf("%s %s (%d×%d): %s", m.layers[i].name, of, r, c, p.Title.Text)
	return p, nil
}

// unprefixed is an nnlib error wrapped by a caller that adds its own
// "nnlib: F: " context: its message drops the inner "nnlib: ".
type unprefixed struct{ err error }

func (u unprefixed) Error() string { return strings.TrimPrefix(u.err.Error(), "nnlib: ") }
func (u unprefixed) Unwrap() error { return u.err }
