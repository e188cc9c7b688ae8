package display

import (
	"image"
	"os"
	"reflect"

	"gonum.org/v1/plot"
)

// std is the Displayer behind the package-level functions: it prints the
// text/plain form of everything to os.Stdout. It is never replaced; a kernel
// binds the package-level names to its own Displayer instead (see Bindings).
var std = New(NewTextPublisher(stdout{}))

// stdout writes to whatever os.Stdout is at the time of the write.
type stdout struct{}

func (stdout) Write(p []byte) (int, error) { return os.Stdout.Write(p) }

// Bindings returns d's methods by name, one for every function of this
// file: the same names and signatures as the package-level functions. An
// interpreter that should send display output to d (a kernel running a
// cell) binds these in place of the package-level functions.
func Bindings(d *Displayer) map[string]reflect.Value {
	v := reflect.ValueOf(d)
	t := v.Type()
	m := make(map[string]reflect.Value, t.NumMethod())
	for i := range t.NumMethod() {
		m[t.Method(i).Name] = v.Method(i)
	}
	return m
}

// The functions below call the default Displayer. In a gonn notebook they
// are bound to the kernel's Displayer and show rich output in the cell.
// Each has a method of the same name and signature on *Displayer.

// Text shows s as plain text.
func Text(s string) { std.Text(s) }

// HTML shows an HTML fragment; the text fallback is its text without tags.
func HTML(s string) { std.HTML(s) }

// Markdown shows Markdown, with $…$ math; the text fallback is the source.
func Markdown(s string) { std.Markdown(s) }

// LaTeX shows LaTeX math; without $, $$, \(, \[ or \begin delimiters, s is
// shown as one display equation ($$s$$).
func LaTeX(s string) { std.LaTeX(s) }

// SVG shows an SVG document; s must be well-formed XML with an <svg> root.
func SVG(s string) { std.SVG(s) }

// PNG shows PNG image data at its natural size.
func PNG(data []byte) { std.PNG(data) }

// JPEG shows JPEG image data at its natural size.
func JPEG(data []byte) { std.JPEG(data) }

// JSON shows v encoded as JSON, as a collapsible tree in front ends that
// support it.
func JSON(v any) { std.JSON(v) }

// Image shows img as a PNG at its natural size.
func Image(img image.Image) { std.Image(img) }

// ImageScaled shows img enlarged scale times (1 to MaxImageScale) with
// sharp pixels, e.g. a 28×28 MNIST digit with scale 8.
func ImageScaled(img image.Image, scale int) { std.ImageScaled(img, scale) }

// Plot shows a gonum/plot plot as a sharp PNG of DefaultPlotWidth×
// DefaultPlotHeight CSS pixels.
func Plot(p *plot.Plot) { std.Plot(p) }

// PlotSVG shows a gonum/plot plot as SVG.
func PlotSVG(p *plot.Plot) { std.PlotSVG(p) }

// PlotWith shows a gonum/plot plot with the given size, pixel scale and
// format (zero fields take defaults; see PlotOptions).
func PlotWith(p *plot.Plot, o PlotOptions) { std.PlotWith(p, o) }

// Table shows rows under header (which may be nil) as a table.
func Table(header []string, rows [][]string) { std.Table(header, rows) }

// Show shows any value in its richest form (see Render), else as fmt %v.
func Show(v any) { std.Show(v) }

// MIME shows a bundle built by hand, with optional metadata; []byte image
// entries are base64-encoded and a text/plain fallback is added if missing.
func MIME(data Bundle, meta Metadata) { std.MIME(data, meta) }

// ClearOutput clears the cell's output; with wait, only when the next
// output arrives (no flicker when redrawing).
func ClearOutput(wait bool) { std.ClearOutput(wait) }

// NewHandle returns a Handle for an output area updated in place: its first
// content is displayed, later content replaces it.
func NewHandle() *Handle { return std.NewHandle() }

// NewProgress shows a progress bar for total steps, updated in place.
func NewProgress(label string, total int) *Progress { return std.NewProgress(label, total) }
