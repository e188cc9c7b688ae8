package display

import (
	"encoding/json"
	"fmt"
	"image"
	"maps"
	"reflect"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// The rendering interfaces. A value that has one or more of these methods
// is shown with all of them, each under its MIME type. They are matched by
// method set, so a type renders without importing this package: declaring
// `func (h History) HTML() string` is enough.
type (
	// HTMLer is implemented by values that render as an HTML fragment.
	HTMLer interface{ HTML() string }
	// Markdowner is implemented by values that render as Markdown.
	Markdowner interface{ Markdown() string }
	// LaTeXer is implemented by values that render as LaTeX math
	// (with or without $…$ delimiters; see Displayer.LaTeX).
	LaTeXer interface{ LaTeX() string }
	// SVGer is implemented by values that render as an SVG document.
	SVGer interface{ SVG() string }
	// PNGer is implemented by values that render as PNG bytes.
	PNGer interface{ PNG() []byte }
	// JPEGer is implemented by values that render as JPEG bytes.
	JPEGer interface{ JPEG() []byte }
	// MIMEBundler is implemented by values that build their own bundle,
	// MIME type -> content, as for Displayer.MIME: strings, or []byte
	// (base64-encoded for binary types), and any JSON value for
	// application/json.
	MIMEBundler interface{ MIMEBundle() map[string]any }
	// PlotMaker is implemented by values that draw themselves as a
	// gonum/plot plot, such as a training history's loss curve. The plot
	// is rendered like Displayer.Plot does.
	PlotMaker interface{ Plot() *plot.Plot }
	// MetadataBundler is a MIMEBundler that also gives the display
	// metadata of its bundle, keyed by MIME type, as Jupyter's
	// display_data carries it: {"image/png": {"width": 840, "height":
	// 280}} shows a PNG drawn at twice that many pixels crisp at 840×280
	// CSS pixels, with no HTML wrapper around it. The metadata must be
	// encodable as JSON. Render uses MIMEMetadata only together with
	// MIMEBundle, so that a type declared in a notebook cell keeps both
	// methods when yaegi hands it to compiled code.
	MetadataBundler interface {
		MIMEBundler
		MIMEMetadata() map[string]any
	}
)

// RendererTypes returns the rendering interface types in the order Render
// tries them, most general first: MetadataBundler, MIMEBundler, PlotMaker,
// HTMLer, Markdowner, LaTeXer, SVGer, PNGer, JPEGer.
//
// An interpreter that wraps its own values when they cross into compiled
// code needs this list: yaegi passes an interpreted value to a compiled
// func(any) without its methods unless the function is registered in the
// interpreter's MapTypes with these interfaces (and then keeps the methods
// of the first interface the value implements).
func RendererTypes() []reflect.Type {
	return []reflect.Type{
		reflect.TypeFor[MetadataBundler](),
		reflect.TypeFor[MIMEBundler](),
		reflect.TypeFor[PlotMaker](),
		reflect.TypeFor[HTMLer](),
		reflect.TypeFor[Markdowner](),
		reflect.TypeFor[LaTeXer](),
		reflect.TypeFor[SVGer](),
		reflect.TypeFor[PNGer](),
		reflect.TypeFor[JPEGer](),
	}
}

// Render returns the rich representation of v, for a kernel to show as the
// result of a cell, and whether v has one. In order of precedence:
//
//   - a Bundle is shown as it is;
//   - values with rendering methods (HTMLer, Markdowner, LaTeXer, SVGer,
//     PNGer, JPEGer, MIMEBundler, PlotMaker) show every representation they
//     have; the text/plain entry is the value's String method when it has
//     one, else derived from the richest entry; the metadata is that of a
//     PlotMaker's plot, overridden per MIME type by a MetadataBundler's
//     own;
//   - *plot.Plot as a PNG (PlotOptions defaults), image.Image as a PNG;
//   - a gonum mat.Matrix as aligned text and an HTML table (excerpted when
//     large).
//
// Any other value, and nil (including a nil pointer), gives ok false: the
// caller prints it its own way. When v is recognised but cannot be shown —
// its method panics or returns invalid data, a plot cannot be drawn — the
// bundle is an error message and ok is true.
func Render(v any) (data Bundle, meta Metadata, ok bool) {
	if isNil(v) {
		return nil, nil, false
	}
	defer func() {
		if r := recover(); r != nil {
			data, meta, ok = errorBundle("display.Render", fmt.Errorf("rendering %T: %v", v, r)), nil, true
		}
	}()
	if b, ok := v.(Bundle); ok {
		b, err := normalize(b)
		if err != nil {
			return errorBundle("display.Render", err), nil, true
		}
		return b.withFallback(), nil, true
	}
	data, meta, err := renderMethods(v)
	if err != nil {
		return errorBundle("display.Render", err), nil, true
	}
	if len(data) > 0 {
		return data.withFallback(), meta, true
	}
	switch x := v.(type) {
	case *plot.Plot:
		data, meta, err = RenderPlot(x, PlotOptions{})
	case image.Image:
		data, err = imageBundle(x)
	case mat.Matrix:
		data = matrixBundle(x)
	default:
		return nil, nil, false
	}
	if err != nil {
		return errorBundle("display.Render", err), nil, true
	}
	return data, meta, true
}

// renderMethods collects the representations v offers through rendering
// methods; the bundle is empty when v has none. An entry from MIMEBundle
// wins over the same MIME type from a single-format method, and a String
// method over a derived text/plain.
func renderMethods(v any) (Bundle, Metadata, error) {
	b := Bundle{}
	var meta Metadata
	if x, ok := v.(MIMEBundler); ok {
		var err error
		if b, err = normalize(x.MIMEBundle()); err != nil {
			return nil, nil, fmt.Errorf("%T.MIMEBundle: %w", v, err)
		}
	}
	if s, ok := v.(fmt.Stringer); ok && b.Text() == "" && hasRenderMethod(v) {
		b[MIMEText] = s.String()
	}
	if x, ok := v.(PlotMaker); ok {
		pb, pm, err := RenderPlot(x.Plot(), PlotOptions{})
		if err != nil {
			return nil, nil, fmt.Errorf("%T.Plot: %w", v, err)
		}
		addMissing(b, pb)
		meta = pm
	}
	if x, ok := v.(MetadataBundler); ok {
		own, err := checkMetadata(x.MIMEMetadata())
		if err != nil {
			return nil, nil, fmt.Errorf("%T.MIMEMetadata: %w", v, err)
		}
		meta = overlay(meta, own)
	}
	add := func(mime, content string) {
		if _, ok := b[mime]; !ok {
			b[mime] = content
		}
	}
	if x, ok := v.(HTMLer); ok {
		add(MIMEHTML, x.HTML())
	}
	if x, ok := v.(Markdowner); ok {
		add(MIMEMarkdown, x.Markdown())
	}
	if x, ok := v.(LaTeXer); ok {
		add(MIMELaTeX, latexBundle(x.LaTeX())[MIMELaTeX].(string))
	}
	if x, ok := v.(SVGer); ok {
		sb, err := svgBundle(x.SVG())
		if err != nil {
			return nil, nil, fmt.Errorf("%T.SVG: %w", v, err)
		}
		addMissing(b, Bundle{MIMESVG: sb[MIMESVG]})
	}
	if x, ok := v.(PNGer); ok {
		pb, err := pngBundle(x.PNG())
		if err != nil {
			return nil, nil, fmt.Errorf("%T.PNG: %w", v, err)
		}
		addMissing(b, Bundle{MIMEPNG: pb[MIMEPNG]})
	}
	if x, ok := v.(JPEGer); ok {
		jb, err := jpegBundle(x.JPEG())
		if err != nil {
			return nil, nil, fmt.Errorf("%T.JPEG: %w", v, err)
		}
		addMissing(b, Bundle{MIMEJPEG: jb[MIMEJPEG]})
	}
	return b, meta, nil
}

// hasRenderMethod reports whether v implements any rendering interface.
func hasRenderMethod(v any) bool {
	t := reflect.TypeOf(v)
	for _, r := range RendererTypes() {
		if t.Implements(r) {
			return true
		}
	}
	return false
}

// addMissing copies the entries of src whose MIME type dst lacks.
func addMissing(dst, src Bundle) {
	for mime, content := range src {
		if _, ok := dst[mime]; !ok {
			dst[mime] = content
		}
	}
}

// checkMetadata returns a copy of m, or an error when m cannot be sent to
// a front end: its keys must be MIME types (or other metadata names) and
// its values encodable as JSON.
func checkMetadata(m map[string]any) (Metadata, error) {
	if len(m) == 0 {
		return nil, nil
	}
	if _, err := json.Marshal(m); err != nil {
		return nil, fmt.Errorf("metadata is not JSON: %w", err)
	}
	return maps.Clone(Metadata(m)), nil
}

// overlay returns base with the entries of top put over it, as a new map;
// nil when both are empty.
func overlay(base, top Metadata) Metadata {
	if len(base) == 0 && len(top) == 0 {
		return nil
	}
	out := make(Metadata, len(base)+len(top))
	maps.Copy(out, base)
	maps.Copy(out, top)
	return out
}
