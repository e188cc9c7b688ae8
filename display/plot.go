package display

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"regexp"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Plot sizes and formats.
const (
	// DefaultPlotWidth and DefaultPlotHeight are the displayed size of a
	// plot, in CSS pixels, when PlotOptions leaves both at zero.
	DefaultPlotWidth  = 600
	DefaultPlotHeight = 400
	// DefaultPlotScale is the number of PNG pixels per CSS pixel when
	// PlotOptions.Scale is zero: plots stay sharp on high-density screens.
	DefaultPlotScale = 2
	// MaxPlotScale is the largest PlotOptions.Scale accepted.
	MaxPlotScale = 8

	// FormatPNG and FormatSVG are the values of PlotOptions.Format.
	FormatPNG = "png"
	FormatSVG = "svg"
)

// PlotOptions says how a plot is rendered. The zero value renders a
// 600×400 PNG at twice that many pixels.
//
// Sizes are CSS pixels, and one plot point (gonum/plot's unit, 1/72 inch)
// is drawn as one CSS pixel, so a 12 pt title shows as 12 px text.
type PlotOptions struct {
	// Width and Height are the displayed size in CSS pixels. When one is
	// zero it follows the other at the default 3:2 aspect ratio; when both
	// are zero the size is DefaultPlotWidth×DefaultPlotHeight.
	Width, Height float64
	// Scale is the number of PNG pixels per CSS pixel, up to MaxPlotScale;
	// 0 means DefaultPlotScale. SVG ignores it.
	Scale float64
	// Format is FormatPNG (the default when empty) or FormatSVG.
	Format string
}

// resolve fills in defaults and checks the options.
func (o PlotOptions) resolve() (PlotOptions, error) {
	switch {
	case o.Width == 0 && o.Height == 0:
		o.Width, o.Height = DefaultPlotWidth, DefaultPlotHeight
	case o.Height == 0:
		o.Height = o.Width * DefaultPlotHeight / DefaultPlotWidth
	case o.Width == 0:
		o.Width = o.Height * DefaultPlotWidth / DefaultPlotHeight
	}
	if !(o.Width >= 1 && o.Height >= 1) || math.IsInf(o.Width, 0) || math.IsInf(o.Height, 0) {
		return o, fmt.Errorf("plot size %.4g×%.4g is not positive and finite", o.Width, o.Height)
	}
	if o.Scale == 0 {
		o.Scale = DefaultPlotScale
	}
	if !(o.Scale > 0 && o.Scale <= MaxPlotScale) {
		return o, fmt.Errorf("plot scale %g is outside (0, %d]", o.Scale, MaxPlotScale)
	}
	if o.Format == "" {
		o.Format = FormatPNG
	}
	switch o.Format {
	case FormatPNG:
		if w, h := o.Width*o.Scale, o.Height*o.Scale; w > maxImageSide || h > maxImageSide {
			return o, fmt.Errorf("plot of %.0f×%.0f pixels exceeds %d pixels a side", w, h, maxImageSide)
		}
	case FormatSVG:
	default:
		return o, fmt.Errorf("unknown plot format %q (want %q or %q)", o.Format, FormatPNG, FormatSVG)
	}
	return o, nil
}

// RenderPlot draws p and returns its bundle: image/png (base64) with
// metadata giving the displayed size, or image/svg+xml, as o.Format says.
// It fails for a nil plot, invalid options, or a plot that gonum/plot
// cannot draw (for example a logarithmic axis over non-positive data);
// a panic inside gonum/plot is returned as an error.
func RenderPlot(p *plot.Plot, o PlotOptions) (Bundle, Metadata, error) {
	if p == nil {
		return nil, nil, errors.New("nil plot")
	}
	o, err := o.resolve()
	if err != nil {
		return nil, nil, err
	}
	if o.Format == FormatSVG {
		b, err := plotSVG(p, o)
		return b, nil, err
	}
	b, err := plotPNG(p, o)
	if err != nil {
		return nil, nil, err
	}
	size := map[string]any{"width": cssPixels(o.Width), "height": cssPixels(o.Height)}
	return b, Metadata{MIMEPNG: size}, nil
}

// cssPixels is a CSS size as JSON would best show it: whole numbers as ints.
func cssPixels(v float64) any {
	if v == math.Trunc(v) {
		return int(v)
	}
	return v
}

func plotPNG(p *plot.Plot, o PlotOptions) (Bundle, error) {
	c := vgimg.NewWith(
		vgimg.UseWH(vg.Length(o.Width), vg.Length(o.Height)),
		vgimg.UseDPI(int(math.Round(72*o.Scale))),
		vgimg.UseBackgroundColor(color.White),
	)
	if err := drawPlot(p, c); err != nil {
		return nil, err
	}
	data, err := encodePNG(c.Image(), png.BestSpeed)
	if err != nil {
		return nil, err
	}
	b, err := pngBundle(data)
	if err != nil {
		return nil, err
	}
	b[MIMEText] = describePlot(p, fmt.Sprintf("%g×%g", o.Width, o.Height))
	return b, nil
}

// svgSize matches the width and height attributes vgsvg writes in points.
var svgSize = regexp.MustCompile(`(width|height)="([0-9.eE+-]+)pt"`)

func plotSVG(p *plot.Plot, o PlotOptions) (Bundle, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(vg.Length(o.Width), vg.Length(o.Height)))
	if err := drawPlot(p, c); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("writing SVG: %w", err)
	}
	// vgsvg sizes the image in points; one point is drawn as one CSS pixel
	// here (as in PNG output), and the viewBox keeps the drawing scaled.
	svg := buf.String()
	if end := len(svg); end > 0 {
		head := min(end, 512)
		svg = svgSize.ReplaceAllString(svg[:head], `${1}="${2}px"`) + svg[head:]
	}
	b, err := svgBundle(svg)
	if err != nil {
		return nil, err
	}
	b[MIMEText] = describePlot(p, fmt.Sprintf("%g×%g", o.Width, o.Height))
	return b, nil
}

// drawPlot draws p on c, turning a panic inside gonum/plot into an error.
func drawPlot(p *plot.Plot, c vg.CanvasSizer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("drawing plot: %v", r)
		}
	}()
	p.Draw(draw.New(c))
	return nil
}

// describePlot is the text/plain fallback of a plot.
func describePlot(p *plot.Plot, size string) string {
	if p.Title.Text != "" {
		return fmt.Sprintf("[plot %q %s]", p.Title.Text, size)
	}
	return "[plot " + size + "]"
}
