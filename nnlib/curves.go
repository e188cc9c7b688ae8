package nnlib

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LossCurves plots logs of a History against the epoch: "loss" when no
// names are given, else each named log ("loss", "accuracy", "val_mae", …).
// A training log is drawn as a solid line with its validation twin
// ("val_loss" for "loss"), when the history has one, dashed in the same
// colour; up to 50 epochs, each is marked with a dot. Values that are NaN or
// infinite (a diverged training) are left out and the legend says how
// many.
//
// It fails for a nil history, one without epochs, or a name the history
// does not hold (the error lists those it does).
func LossCurves(h *History, names ...string) (*plot.Plot, error) {
	return lossCurves(h, 0, names...)
}

// lossCurves is LossCurves with the colours starting at palette entry
// firstColor.
func lossCurves(h *History, firstColor int, names ...string) (*plot.Plot, error) {
	if err := checkHistory(h); err != nil {
		return nil, fmt.Errorf("nnlib: LossCurves: %w", err)
	}
	if len(names) == 0 {
		names = []string{"loss"}
	}
	xs, dots := epochAxis(h)
	var ss []series
	for i, name := range names {
		ys, ok := h.Metrics[name]
		if !ok {
			return nil, fmt.Errorf("nnlib: LossCurves: the history has no %q (it has %s)", name, metricList(h))
		}
		val := strings.HasPrefix(name, "val_")
		c := firstColor + i
		ss = append(ss, series{name: name, xs: xs, ys: ys, color: c, dashed: val, dots: dots})
		if vys, ok := h.Metrics["val_"+name]; ok && !val && !slices.Contains(names, "val_"+name) {
			ss = append(ss, series{name: "val_" + name, xs: xs, ys: vys, color: c, dashed: true, dots: dots})
		}
	}
	yLabel := names[0]
	if len(names) > 1 {
		yLabel = ""
	}
	p, err := curvePlot(strings.Join(names, ", "), "epoch", yLabel, ss)
	if err != nil {
		return nil, fmt.Errorf("nnlib: LossCurves: %w", err)
	}
	p.X.Tick.Marker = integerTicks{}
	return p, nil
}

// TrainingCurves returns a Figure with one panel per training log of h —
// the loss first, then each metric in name order — each drawn as
// LossCurves draws it with its validation twin, in a colour of its own. It is what a History shows as a
// notebook cell's value.
func TrainingCurves(h *History) (*Figure, error) {
	if err := checkHistory(h); err != nil {
		return nil, fmt.Errorf("nnlib: TrainingCurves: %w", err)
	}
	f := &Figure{}
	for k, name := range trainingLogs(h.Metrics) {
		p, err := lossCurves(h, k, name) // a colour per panel, as the live display has
		if err != nil {
			return nil, err
		}
		f.Plots = append(f.Plots, p)
	}
	if len(f.Plots) == 0 {
		return nil, fmt.Errorf("nnlib: TrainingCurves: the history has no training logs (it has %s)", metricList(h))
	}
	return f, nil
}

// trainingLogs returns the names of the logs that are not validation
// logs: "loss" first, then the others sorted.
func trainingLogs(metrics map[string][]float64) []string {
	var names []string
	for name := range metrics {
		if !strings.HasPrefix(name, "val_") && name != "loss" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	if _, ok := metrics["loss"]; ok {
		names = append([]string{"loss"}, names...)
	}
	return names
}

// GradNormCurves plots, per epoch, the L2 norm of each Dense layer's
// gradient recorded in h.GradNorm — or of the named layers only — the
// picture of gradient flow: vanishing gradients show as lines falling
// towards zero, exploding ones as lines shooting up. The y axis is
// logarithmic when every norm is positive.
//
// It fails for a nil history, one without epochs, or a layer the history
// has no norms for (the error lists those it has).
func GradNormCurves(h *History, layers ...string) (*plot.Plot, error) {
	if err := checkHistory(h); err != nil {
		return nil, fmt.Errorf("nnlib: GradNormCurves: %w", err)
	}
	if len(layers) == 0 {
		layers = h.Layers
	}
	if len(layers) == 0 {
		return nil, errors.New("nnlib: GradNormCurves: the history has no gradient norms (no Dense layers)")
	}
	xs, dots := epochAxis(h)
	positive := true
	ss := make([]series, len(layers))
	for i, name := range layers {
		ys, ok := h.GradNorm[name]
		if !ok {
			return nil, fmt.Errorf("nnlib: GradNormCurves: the history has no gradient norms for layer %q (it has %s)",
				name, quotedList(h.Layers))
		}
		for _, y := range ys {
			positive = positive && y > 0
		}
		ss[i] = series{name: name, xs: xs, ys: ys, color: i, dots: dots}
	}
	p, err := curvePlot("gradient norm per layer", "epoch", "gradient L2 norm", ss)
	if err != nil {
		return nil, fmt.Errorf("nnlib: GradNormCurves: %w", err)
	}
	p.X.Tick.Marker = integerTicks{}
	if positive {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
		if p.Y.Min == p.Y.Max { // gonum/plot would widen it by ±1, below zero
			p.Y.Min, p.Y.Max = p.Y.Min/2, p.Y.Max*2
		}
	}
	return p, nil
}

// maxDottedEpochs is the most epochs whose points are marked with dots;
// longer curves are lines alone.
const maxDottedEpochs = 50

// epochAxis returns the epochs of h as x values, and whether there are few
// enough to mark each with a dot.
func epochAxis(h *History) ([]float64, bool) {
	xs := make([]float64, len(h.Epoch))
	for i, e := range h.Epoch {
		xs[i] = float64(e)
	}
	return xs, len(xs) <= maxDottedEpochs
}

// checkHistory reports why h cannot be plotted.
func checkHistory(h *History) error {
	switch {
	case h == nil:
		return errors.New("the history is nil")
	case len(h.Epoch) == 0:
		return errors.New("the history has no epochs (did Fit fail before the first epoch ended?)")
	}
	return nil
}

// metricList lists a history's log names for messages.
func metricList(h *History) string {
	names := make([]string, 0, len(h.Metrics))
	for n := range h.Metrics {
		names = append(names, n)
	}
	slices.Sort(names)
	return quotedList(names)
}

// quotedList formats names as "a", "b", or "none".
func quotedList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// series is one line of a curve plot.
type series struct {
	name   string
	xs, ys []float64
	color  int  // index into palette
	dashed bool // validation curves are dashed
	dots   bool // mark each point
	width  vg.Length
}

// palette is matplotlib's "tab10", the colours readers of Keras and PyTorch
// tutorials know.
var palette = [...]color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff}, {0xd6, 0x27, 0x28, 0xff},
	{0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff}, {0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff},
	{0xbc, 0xbd, 0x22, 0xff}, {0x17, 0xbe, 0xcf, 0xff},
}

// paletteColor returns colour i of the palette, cycling.
func paletteColor(i int) color.RGBA { return palette[i%len(palette)] }

// curvePlot draws series as lines in one plot. Points that are not finite
// are left out (the legend counts them); it fails when no series has a
// finite point.
func curvePlot(title, xLabel, yLabel string, ss []series) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	drawn := 0
	for _, s := range ss {
		xys, dropped := finitePoints(s.xs, s.ys)
		if len(xys) == 0 {
			continue
		}
		drawn++
		label := s.name
		if dropped > 0 {
			label += fmt.Sprintf(" (%d not finite)", dropped)
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.Color = paletteColor(s.color)
		l.Width = vg.Points(1.5)
		if s.width > 0 {
			l.Width = s.width
		}
		if s.dashed {
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		p.Add(l)
		thumbs := []plot.Thumbnailer{l}
		if s.dots {
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: l.Color, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
			if s.dashed {
				sc.GlyphStyle.Shape = draw.RingGlyph{}
			}
			p.Add(sc)
			thumbs = append(thumbs, sc)
		}
		p.Legend.Add(label, thumbs...)
	}
	if drawn == 0 {
		return nil, errors.New("no finite values to plot")
	}
	placeLegend(p, ss)
	return p, nil
}

// placeLegend puts the legend in the top right corner, or the bottom
// right one when the curves end in the upper half of the plot (accuracy
// rising to 1), where the legend would hide them.
func placeLegend(p *plot.Plot, ss []series) {
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(4), -vg.Points(2)
	ends, n := 0.0, 0
	for _, s := range ss {
		xys, _ := finitePoints(s.xs, s.ys)
		if len(xys) > 0 {
			ends += xys[len(xys)-1].Y
			n++
		}
	}
	mid := (p.Y.Min + p.Y.Max) / 2
	if n > 0 && ends/float64(n) > mid {
		p.Legend.Top, p.Legend.YOffs = false, vg.Points(2)
	}
}

// finitePoints pairs xs with ys, leaving out points that are not finite,
// and returns how many it left out.
func finitePoints(xs, ys []float64) (plotter.XYs, int) {
	n := min(len(xs), len(ys))
	xys := make(plotter.XYs, 0, n)
	for i := range n {
		if !isNaNOrInf(xs[i]) && !isNaNOrInf(ys[i]) {
			xys = append(xys, plotter.XY{X: xs[i], Y: ys[i]})
		}
	}
	return xys, n - len(xys)
}

// integerTicks places ticks only at whole numbers, for axes that count
// epochs.
type integerTicks struct{}

// Ticks implements plot.Ticker.
func (integerTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for (hi-lo)/step > 10 {
		switch s := step / math.Pow(10, math.Floor(math.Log10(step))); s {
		case 1:
			step *= 2
		case 2:
			step *= 2.5
		default:
			step *= 2
		}
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: fmt.Sprintf("%.0f", v)})
	}
	if len(ticks) == 0 { // a range inside one unit: fall back to plain ticks
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	return ticks
}

// logTicks labels a logarithmic axis so that it can be read whatever
// the range: at the powers of ten when it spans three decades or more; at
// 1, 2 and 5 times the powers of ten (minor ticks at the other multiples)
// when that labels at least three ticks; and, on a narrower range, where
// a log axis has too few round numbers to label, at the round numbers
// plot.DefaultTicks chooses for a linear axis.
type logTicks struct{}

// minLogLabels is the fewest labels the 1-2-5 ticks must give to be used.
const minLogLabels = 3

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	switch {
	case !(lo > 0 && hi > lo) || math.IsInf(hi, 0):
		if hi > lo {
			return plot.DefaultTicks{}.Ticks(lo, hi)
		}
		return nil
	case hi/lo >= 1000:
		return plot.LogTicks{Prec: -1}.Ticks(lo, hi)
	}
	ticks, labelled := oneTwoFiveTicks(lo, hi)
	if labelled >= minLogLabels {
		return ticks
	}
	return plot.DefaultTicks{}.Ticks(lo, hi)
}

// oneTwoFiveTicks returns ticks at the multiples 1 to 9 of the powers of
// ten inside [lo, hi], labelled at 1, 2 and 5, and how many are labelled.
func oneTwoFiveTicks(lo, hi float64) (ticks []plot.Tick, labelled int) {
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		for m := 1; m <= 9; m++ {
			// m×10^e computed from an exact power, so 0.2 prints as 0.2.
			v, _ := strconv.ParseFloat(strconv.Itoa(m)+"e"+strconv.Itoa(int(e)), 64)
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
				labelled++
			}
			ticks = append(ticks, t)
		}
	}
	return ticks, labelled
}
