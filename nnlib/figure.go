package nnlib

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Default size of a Figure's panels, in CSS pixels, and its PNG pixels per
// CSS pixel.
const (
	DefaultPanelWidth  = 420
	DefaultPanelHeight = 280
	DefaultFigureScale = 2
)

// maxFigureSide bounds a figure's pixel width and height, so that a typo
// in a size cannot exhaust memory.
const maxFigureSide = 16384

// Figure is a row of gonum/plot plots drawn side by side as one picture,
// their data areas aligned: how TrainingCurves shows loss and accuracy
// next to each other. Change the plots (titles, axis ranges, …) before the
// figure is shown; a Figure left as a notebook cell's value shows itself
// (see MIMEBundle and MIMEMetadata).
type Figure struct {
	// Plots are drawn left to right, one panel each.
	Plots []*plot.Plot
	// PanelWidth and PanelHeight are the displayed size of each panel in
	// CSS pixels; 0 means DefaultPanelWidth×DefaultPanelHeight.
	PanelWidth, PanelHeight float64
	// Scale is the number of PNG pixels per CSS pixel (at most 8); 0 means
	// DefaultFigureScale, sharp on high-density screens. One plot point
	// (1/72 inch) is one CSS pixel, so 12 pt text shows as 12 px.
	Scale float64
}

// NewFigure returns a Figure of the given plots at the default size.
func NewFigure(plots ...*plot.Plot) *Figure { return &Figure{Plots: plots} }

// Size returns the displayed size of the whole figure in CSS pixels.
func (f *Figure) Size() (width, height float64) {
	w, h := f.PanelWidth, f.PanelHeight
	if w == 0 {
		w = DefaultPanelWidth
	}
	if h == 0 {
		h = DefaultPanelHeight
	}
	return w * float64(len(f.Plots)), h
}

// scale returns the figure's pixels per CSS pixel.
func (f *Figure) scale() float64 {
	if f.Scale == 0 {
		return DefaultFigureScale
	}
	return f.Scale
}

// check reports what makes the figure impossible to draw.
func (f *Figure) check() error {
	if f == nil || len(f.Plots) == 0 {
		return errors.New("the figure has no plots")
	}
	for i, p := range f.Plots {
		if p == nil {
			return fmt.Errorf("plot %d of the figure is nil", i)
		}
	}
	w, h := f.Size()
	s := f.scale()
	if !(w >= 1 && h >= 1 && !math.IsInf(w, 0) && !math.IsInf(h, 0)) {
		return fmt.Errorf("figure size %.4g×%.4g is not positive and finite", w, h)
	}
	if !(s > 0 && s <= 8) {
		return fmt.Errorf("figure scale %g is outside (0, 8]", s)
	}
	if w*s > maxFigureSide || h*s > maxFigureSide {
		return fmt.Errorf("figure of %.0f×%.0f pixels exceeds %d pixels a side", w*s, h*s, maxFigureSide)
	}
	return nil
}

// Image draws the figure on a white background. It fails for a figure
// without plots, a bad size or scale, or a plot gonum/plot cannot draw
// (such as a logarithmic axis over values that are not positive).
func (f *Figure) Image() (image.Image, error) {
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("nnlib: Figure: %w", err)
	}
	w, h := f.Size()
	c := vgimg.NewWith(
		vgimg.UseWH(vg.Length(w), vg.Length(h)),
		vgimg.UseDPI(int(math.Round(72*f.scale()))),
		vgimg.UseBackgroundColor(color.White),
	)
	if err := drawPanels(f.Plots, draw.New(c)); err != nil {
		return nil, fmt.Errorf("nnlib: Figure: %w", err)
	}
	return c.Image(), nil
}

// drawPanels draws plots side by side on dc, turning a panic inside
// gonum/plot into an error.
func drawPanels(plots []*plot.Plot, dc draw.Canvas) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("drawing plot: %v", r)
		}
	}()
	canvases := plot.Align([][]*plot.Plot{plots}, figureTiles(len(plots)), dc)
	for i, p := range plots {
		p.Draw(canvases[0][i])
	}
	return nil
}

// figureTiles lays out n panels in a row.
func figureTiles(n int) draw.Tiles {
	return draw.Tiles{Rows: 1, Cols: n, PadX: 12, PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 8}
}

// EncodePNG draws the figure and encodes it as PNG (see Image).
func (f *Figure) EncodePNG() ([]byte, error) {
	img, err := f.Image()
	if err != nil {
		return nil, err
	}
	return encodePNG(img)
}

// encodePNG encodes img as PNG, trading size for speed as live displays
// need.
func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("nnlib: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// MIMEBundle shows the figure in a notebook: image/png, drawn at Scale
// pixels per CSS pixel, and a text/plain description. MIMEMetadata gives
// the PNG's CSS size, at which front ends show it crisp. When the figure
// cannot be drawn the bundle holds only the error, as text.
func (f *Figure) MIMEBundle() map[string]any {
	data, err := f.EncodePNG()
	if err != nil {
		return map[string]any{"text/plain": err.Error()}
	}
	return map[string]any{"image/png": data, "text/plain": f.String()}
}

// MIMEMetadata gives the displayed size of the figure's PNG, in CSS
// pixels (see Size): {"image/png": {"width": 840, "height": 280}}. It is
// the metadata of MIMEBundle's bundle, as display.MetadataBundler says.
func (f *Figure) MIMEMetadata() map[string]any {
	if f == nil {
		return nil
	}
	return pngSize(f.Size())
}

// pngSize is the display metadata that shows a PNG at w×h CSS pixels.
func pngSize(w, h float64) map[string]any {
	return map[string]any{"image/png": map[string]any{"width": cssPixels(w), "height": cssPixels(h)}}
}

// cssPixels is a size as JSON shows it best: whole numbers as ints.
func cssPixels(v float64) any {
	if v == math.Trunc(v) && math.Abs(v) < 1<<31 {
		return int(v)
	}
	return v
}

// imgTag is an HTML <img> showing PNG data at w×h CSS pixels.
func imgTag(data []byte, w, h float64, alt string) string {
	return fmt.Sprintf(`<img src="data:image/png;base64,%s" width="%g" height="%g" alt="%s">`,
		base64.StdEncoding.EncodeToString(data), w, h, html.EscapeString(alt))
}

// String describes the figure by its plots' titles and its size.
func (f *Figure) String() string {
	if f == nil {
		return "Figure (nil)"
	}
	titles := make([]string, len(f.Plots))
	for i, p := range f.Plots {
		switch {
		case p == nil:
			titles[i] = "nil"
		case p.Title.Text == "":
			titles[i] = "untitled"
		default:
			titles[i] = fmt.Sprintf("%q", p.Title.Text)
		}
	}
	w, h := f.Size()
	return fmt.Sprintf("Figure %g×%g [%s]", w, h, strings.Join(titles, ", "))
}
