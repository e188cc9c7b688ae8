package nnlib

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LandscapeOptions configures LossLandscapeWith. The zero value frames the
// path and draws the curve through 200 points.
type LandscapeOptions struct {
	// From and To bound the θ axis. When both are 0 the axis spans the
	// path with a quarter of its width to spare on each side (±1 around a
	// path that stays at one point).
	From, To float64
	// Samples is the number of points the curve is drawn through, 2 to
	// 100000; 0 means 200.
	Samples int
}

// MaxLandscapeSamples is the largest LandscapeOptions.Samples accepted.
const MaxLandscapeSamples = 100000

// LossLandscape draws a one-parameter loss L(θ) as a curve and, on it, the
// path of gradient descent: the points (θₖ, L(θₖ)) joined by arrows from
// each step to the next, numbered when there are at most 20. It is the
// picture of the gradient-descent lesson:
//
//	loss := func(w float64) float64 { return (w - 3) * (w - 3) }
//	path := []float64{0}
//	for range 10 {
//		w := path[len(path)-1]
//		path = append(path, w-0.1*2*(w-3)) // θ −= lr·L'(θ)
//	}
//	p, err := nnlib.LossLandscape(loss, path)
//
// It fails for a nil loss, an empty path, a θ or loss value on the path
// that is NaN or infinite (say, a descent that diverged), or a loss that
// panics. Curve points where the loss is not finite are left out.
func LossLandscape(loss func(float64) float64, path []float64) (*plot.Plot, error) {
	return LossLandscapeWith(loss, path, LandscapeOptions{})
}

// LossLandscapeWith is LossLandscape with the θ range and the curve's
// resolution set by opts. With From and To set, the path may be empty: the
// plot is the curve alone.
func LossLandscapeWith(loss func(float64) float64, path []float64, opts LandscapeOptions) (*plot.Plot, error) {
	p, err := lossLandscape(loss, path, opts)
	if err != nil {
		return nil, fmt.Errorf("nnlib: LossLandscape: %w", err)
	}
	return p, nil
}

func lossLandscape(loss func(float64) float64, path []float64, opts LandscapeOptions) (*plot.Plot, error) {
	if loss == nil {
		return nil, errors.New("the loss function is nil")
	}
	lo, hi, err := landscapeRange(path, opts)
	if err != nil {
		return nil, err
	}
	samples := opts.Samples
	if samples == 0 {
		samples = 200
	}
	if samples < 2 || samples > MaxLandscapeSamples {
		return nil, fmt.Errorf("the Samples option is %d, want 2 to %d", samples, MaxLandscapeSamples)
	}
	steps := make(plotter.XYs, len(path))
	for k, th := range path {
		l, err := callLoss(loss, th)
		if err != nil {
			return nil, err
		}
		if isNaNOrInf(l) {
			return nil, fmt.Errorf("the loss at θ%d = %g is %g", k, th, l)
		}
		steps[k] = plotter.XY{X: th, Y: l}
	}

	p := plot.New()
	p.Title.Text = "loss landscape"
	if len(path) > 0 {
		p.Title.Text = fmt.Sprintf("loss landscape and gradient-descent path (%d steps)", len(path)-1)
	}
	p.X.Label.Text = "θ"
	p.Y.Label.Text = "L(θ)"
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	curve, err := lossCurve(loss, lo, hi, samples)
	if err != nil {
		return nil, err
	}
	for i, seg := range curve {
		l, err := plotter.NewLine(seg)
		if err != nil {
			return nil, err
		}
		l.Color = paletteColor(0)
		l.Width = vg.Points(1.5)
		p.Add(l)
		if i == 0 {
			p.Legend.Add("L(θ)", l)
		}
	}
	if len(steps) > 0 {
		d := &descentPath{points: steps, numbered: len(steps) <= 20}
		p.Add(d)
		p.Legend.Add("gradient descent", d)
	}
	p.X.Min, p.X.Max = lo, hi
	return p, nil
}

// landscapeRange returns the θ range of the plot.
func landscapeRange(path []float64, opts LandscapeOptions) (lo, hi float64, err error) {
	for k, th := range path {
		if isNaNOrInf(th) {
			return 0, 0, fmt.Errorf("θ%d is %g", k, th)
		}
	}
	if opts.From != 0 || opts.To != 0 {
		if !(opts.From < opts.To) || isNaNOrInf(opts.From) || isNaNOrInf(opts.To) {
			return 0, 0, fmt.Errorf("the range From %g To %g is not finite and increasing", opts.From, opts.To)
		}
		return opts.From, opts.To, nil
	}
	if len(path) == 0 {
		return 0, 0, errors.New("no path (give at least one θ, or a range in LandscapeOptions)")
	}
	lo, hi = path[0], path[0]
	for _, th := range path {
		lo, hi = math.Min(lo, th), math.Max(hi, th)
	}
	margin := (hi - lo) / 4
	if margin == 0 {
		margin = 1
	}
	return lo - margin, hi + margin, nil
}

// lossCurve samples loss at n evenly spaced θ in [lo, hi], returning the
// runs of finite values as separate segments.
func lossCurve(loss func(float64) float64, lo, hi float64, n int) ([]plotter.XYs, error) {
	var segs []plotter.XYs
	var cur plotter.XYs
	for i := range n {
		th := lo + (hi-lo)*float64(i)/float64(n-1)
		l, err := callLoss(loss, th)
		if err != nil {
			return nil, err
		}
		if isNaNOrInf(l) {
			if len(cur) > 0 {
				segs, cur = append(segs, cur), nil
			}
			continue
		}
		cur = append(cur, plotter.XY{X: th, Y: l})
	}
	if len(cur) > 0 {
		segs = append(segs, cur)
	}
	if len(segs) == 0 {
		return nil, fmt.Errorf("the loss is not finite anywhere in [%g, %g]", lo, hi)
	}
	return segs, nil
}

// callLoss calls a user's loss function, turning a panic into an error.
func callLoss(loss func(float64) float64, th float64) (l float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the loss function panicked at θ = %g: %v", th, r)
		}
	}()
	return loss(th), nil
}

// descentPath draws the steps of gradient descent: a dot at each (θ, L(θ))
// and an arrow from each step to the next.
type descentPath struct {
	points   plotter.XYs
	numbered bool
}

// Path style, in points.
const (
	pathDot       = 3.0
	arrowLength   = 7.0
	arrowHalfBase = 3.0
)

// Plot implements plot.Plotter.
func (d *descentPath) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	col := paletteColor(3)
	line := draw.LineStyle{Color: col, Width: vg.Points(1.2)}
	pts := make([]vg.Point, len(d.points))
	for i, xy := range d.points {
		pts[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
	}
	for i := 1; i < len(pts); i++ {
		drawArrow(c, pts[i-1], pts[i], line)
	}
	dot := draw.GlyphStyle{Color: col, Radius: vg.Points(pathDot), Shape: draw.CircleGlyph{}}
	label := draw.TextStyle{Color: col, Font: p.X.Tick.Label.Font, Handler: p.X.Tick.Label.Handler,
		XAlign: draw.XLeft, YAlign: draw.YBottom}
	label.Font.Size = vg.Points(8)
	var labelled vg.Point
	for i, pt := range pts {
		if !c.Contains(pt) {
			continue
		}
		c.DrawGlyph(dot, pt)
		// Number the steps, skipping those too close to the last one
		// numbered (a descent slows down near the minimum).
		gap := math.Hypot(float64(pt.X-labelled.X), float64(pt.Y-labelled.Y))
		if d.numbered && (i == 0 || gap >= float64(vg.Points(12))) {
			c.FillText(label, pt.Add(vg.Point{X: vg.Points(3), Y: vg.Points(3)}), strconv.Itoa(i))
			labelled = pt
		}
	}
}

// drawArrow draws a line from a to b, between the dots at either end,
// with an arrowhead at b. Steps too short to hold an arrowhead get the
// line only.
func drawArrow(c draw.Canvas, a, b vg.Point, line draw.LineStyle) {
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	length := math.Hypot(dx, dy)
	gap := float64(vg.Points(pathDot))
	if length <= 2*gap {
		return
	}
	ux, uy := dx/length, dy/length
	at := func(p vg.Point, along, across float64) vg.Point {
		return vg.Point{X: p.X + vg.Length(ux*along-uy*across), Y: p.Y + vg.Length(uy*along+ux*across)}
	}
	start, tip := at(a, gap, 0), at(b, -gap, 0)
	head := float64(vg.Points(arrowLength))
	if length < 2*gap+1.5*head {
		c.StrokeLines(line, c.ClipLinesXY([]vg.Point{start, tip})...)
		return
	}
	c.StrokeLines(line, c.ClipLinesXY([]vg.Point{start, at(tip, -head/2, 0)})...)
	base := float64(vg.Points(arrowHalfBase))
	tri := []vg.Point{tip, at(tip, -head, base), at(tip, -head, -base)}
	c.FillPolygon(line.Color, c.ClipPolygonXY(tri))
}

// DataRange implements plot.DataRanger, so the axes include every step.
func (d *descentPath) DataRange() (xmin, xmax, ymin, ymax float64) {
	return plotter.XYRange(d.points)
}

// Thumbnail implements plot.Thumbnailer: a small arrow for the legend.
func (d *descentPath) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	line := draw.LineStyle{Color: paletteColor(3), Width: vg.Points(1.2)}
	c.StrokeLine2(line, c.Min.X, y, c.Max.X-vg.Points(arrowLength), y)
	tip := vg.Point{X: c.Max.X, Y: y}
	c.FillPolygon(line.Color, []vg.Point{tip,
		{X: tip.X - vg.Points(arrowLength), Y: y + vg.Points(arrowHalfBase)},
		{X: tip.X - vg.Points(arrowLength), Y: y - vg.Points(arrowHalfBase)}})
}
