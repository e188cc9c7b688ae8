package display

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"strconv"
	"sync/atomic"

	"gonum.org/v1/plot"
)

// Displayer shows content through one Publisher. A kernel makes one per
// interpreter with New; the package-level functions use a default one that
// prints text to os.Stdout. The content methods (HTML, Markdown, …, Show,
// MIME) come from an embedded type shared with Handle, so a Displayer and a
// Handle show things the same way. A Displayer is safe for concurrent use.
type Displayer struct {
	emitter
	pub    Publisher
	prefix string        // random, so that ids of two Displayers never collide
	next   atomic.Uint64 // sequence number of the last display id handed out
}

// New returns a Displayer that sends every display to p. A nil p discards
// everything.
func New(p Publisher) *Displayer {
	if p == nil {
		p = discard{}
	}
	d := &Displayer{pub: p, prefix: randomPrefix()}
	d.emitter = emitter{send: func(b Bundle, m Metadata) { p.Display(b, m, "", false) }}
	return d
}

// randomPrefix returns 12 random hex digits. crypto/rand.Read does not fail
// on supported platforms; should it, the prefix is a fixed string and ids
// stay unique within the Displayer.
func randomPrefix() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "gonn"
	}
	return hex.EncodeToString(b[:])
}

// ClearOutput clears the output area of the running cell. With wait true
// the front end waits for the next output before clearing, so a redraw does
// not flicker. Outputs with display ids in other cells are not affected.
func (d *Displayer) ClearOutput(wait bool) { d.pub.Clear(wait) }

// NewHandle returns a Handle for one output area that can be updated in
// place. Nothing is shown until the first content is sent through the
// Handle; later content replaces it.
func (d *Displayer) NewHandle() *Handle {
	id := "gonn-" + d.prefix + "-" + strconv.FormatUint(d.next.Add(1), 10)
	h := &Handle{id: id, pub: d.pub}
	h.emitter = emitter{send: h.publish}
	return h
}

// emitter holds the content methods of Displayer and Handle: each builds
// one bundle and hands it to send. A content that cannot be built is
// replaced by a message naming the method and the cause.
type emitter struct {
	send func(Bundle, Metadata)
}

func (e *emitter) sendOrFail(op string, b Bundle, meta Metadata, err error) {
	if err != nil {
		e.send(errorBundle("display."+op, err), nil)
		return
	}
	e.send(b, meta)
}

// Text shows s as plain text (text/plain only).
func (e *emitter) Text(s string) { e.send(textBundle(s), nil) }

// HTML shows an HTML fragment (text/html). The text/plain fallback is the
// fragment's text with the tags removed.
func (e *emitter) HTML(s string) { e.send(htmlBundle(s), nil) }

// Markdown shows Markdown (text/markdown); front ends render math between
// $…$ in it too. The text/plain fallback is the source.
func (e *emitter) Markdown(s string) { e.send(markdownBundle(s), nil) }

// LaTeX shows LaTeX math (text/latex). When s has no math delimiters
// ($, $$, \(, \[ or \begin) it is shown as one display equation, as if
// written $$s$$. The text/plain fallback is s.
func (e *emitter) LaTeX(s string) { e.send(latexBundle(s), nil) }

// SVG shows an SVG document (image/svg+xml). s must be well-formed XML
// whose root element is <svg>.
func (e *emitter) SVG(s string) {
	b, err := svgBundle(s)
	e.sendOrFail("SVG", b, nil, err)
}

// PNG shows PNG-encoded image data (image/png, base64 in the bundle) at its
// natural size. The data is checked to be a PNG.
func (e *emitter) PNG(data []byte) {
	b, err := pngBundle(data)
	e.sendOrFail("PNG", b, nil, err)
}

// JPEG shows JPEG-encoded image data (image/jpeg, base64 in the bundle) at
// its natural size. The data is checked to be a JPEG.
func (e *emitter) JPEG(data []byte) {
	b, err := jpegBundle(data)
	e.sendOrFail("JPEG", b, nil, err)
}

// JSON shows v encoded as JSON (application/json), which front ends show
// as a collapsible tree; the text/plain fallback is the indented JSON.
// v is anything encoding/json accepts; a json.RawMessage is shown as is.
func (e *emitter) JSON(v any) {
	b, err := jsonBundle(v)
	e.sendOrFail("JSON", b, nil, err)
}

// Image shows img as a PNG at its natural size.
func (e *emitter) Image(img image.Image) {
	b, err := imageBundle(img)
	e.sendOrFail("Image", b, nil, err)
}

// ImageScaled shows img enlarged by an integer factor (1 to MaxImageScale)
// with each pixel drawn as a sharp square — the way to look at a 28×28
// MNIST digit.
func (e *emitter) ImageScaled(img image.Image, scale int) {
	b, err := scaledImageBundle(img, scale)
	e.sendOrFail("ImageScaled", b, nil, err)
}

// Plot shows a gonum/plot plot as a PNG, DefaultPlotWidth×DefaultPlotHeight
// CSS pixels drawn at DefaultPlotScale pixels per CSS pixel, so it is sharp
// on high-density screens.
func (e *emitter) Plot(p *plot.Plot) { e.PlotWith(p, PlotOptions{}) }

// PlotSVG shows a gonum/plot plot as SVG at the default size.
func (e *emitter) PlotSVG(p *plot.Plot) { e.PlotWith(p, PlotOptions{Format: FormatSVG}) }

// PlotWith shows a gonum/plot plot with the given size, scale and format;
// zero fields take their defaults (see PlotOptions).
func (e *emitter) PlotWith(p *plot.Plot, o PlotOptions) {
	b, meta, err := RenderPlot(p, o)
	e.sendOrFail("Plot", b, meta, err)
}

// Table shows rows under a header as an HTML table, with aligned text as
// the fallback. header may be nil; rows may differ in length. Numeric cells
// are right-aligned.
func (e *emitter) Table(header []string, rows [][]string) {
	e.send(tableBundle(header, rows), nil)
}

// Show shows any value: its rich form when Render has one (plots, images,
// matrices, values with rendering methods), else its fmt %v text.
func (e *emitter) Show(v any) {
	if b, meta, ok := Render(v); ok {
		e.send(b, meta)
		return
	}
	e.send(textBundle(fmt.Sprintf("%v", v)), nil)
}

// MIME shows a bundle built by hand, with optional metadata (nil for
// none). Content is a string, or []byte (text for text types, else
// base64-encoded for you); application/json and other JSON types hold any
// value encoding/json accepts. A text/plain fallback is added when missing.
// The caller's maps are not modified.
func (e *emitter) MIME(data Bundle, meta Metadata) {
	b, err := normalize(data)
	if err == nil {
		_, err = json.Marshal(meta)
	}
	if err != nil {
		e.sendOrFail("MIME", nil, nil, err)
		return
	}
	e.send(b.withFallback(), meta)
}
