package display_test

import (
	"bytes"
	"image"
	"image/png"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/gonn-dev/gonn/display"
)

// The types below know nothing of package display: they only have methods
// of the right names and signatures.

type htmlOnly struct{ n int }

func (h htmlOnly) HTML() string { return "<b>" + strings.Repeat("*", h.n) + "</b>" }

type htmlAndString struct{}

func (htmlAndString) HTML() string   { return "<i>rich</i>" }
func (htmlAndString) String() string { return "plain form" }

type manyFormats struct{}

func (manyFormats) HTML() string     { return "<p>h</p>" }
func (manyFormats) Markdown() string { return "*m*" }
func (manyFormats) LaTeX() string    { return `\alpha` }
func (manyFormats) SVG() string      { return `<svg width="4" height="4"></svg>` }

type pngMaker struct{ data []byte }

func (p pngMaker) PNG() []byte { return p.data }

type jpegMaker struct{ data []byte }

func (j jpegMaker) JPEG() []byte { return j.data }

type bundleMaker struct{ png []byte }

func (b bundleMaker) MIMEBundle() map[string]any {
	return map[string]any{"text/html": "<b>mine</b>", "image/png": b.png, "text/plain": "my text"}
}

// HTML is overridden by the bundle's own text/html.
func (bundleMaker) HTML() string { return "<b>loses</b>" }

// sizedPicture is a PNG that asks to be shown at half its pixel size.
type sizedPicture struct {
	png  []byte
	meta map[string]any
}

func (s sizedPicture) MIMEBundle() map[string]any   { return map[string]any{"image/png": s.png} }
func (s sizedPicture) MIMEMetadata() map[string]any { return s.meta }

// sizedPlot is a PlotMaker whose own metadata overrides the plot's size.
type sizedPlot struct{ lossHistory }

func (sizedPlot) MIMEBundle() map[string]any { return map[string]any{"text/plain": "sized plot"} }
func (sizedPlot) MIMEMetadata() map[string]any {
	return map[string]any{"image/png": map[string]any{"width": 300}, "isolated": true}
}

type lossHistory struct{ loss []float64 }

func (h lossHistory) Plot() *plot.Plot { return lossPlot(h.loss) }

type panicky struct{}

func (panicky) Markdown() string { panic("boom") }

type ptrHTML struct{ s string }

func (p *ptrHTML) HTML() string { return p.s }

type stringerOnly struct{}

func (stringerOnly) String() string { return "just a string" }

func TestRender(t *testing.T) {
	png3x2 := pngBytes(t, testImage(3, 2))
	jpeg4x4 := jpegBytes(t, testImage(4, 4))
	tests := []struct {
		name  string
		v     any
		mimes []string // nil: Render must report no rich form
		text  string
		check func(t *testing.T, b display.Bundle, meta display.Metadata)
	}{
		{name: "nil", v: nil},
		{name: "int", v: 42},
		{name: "string", v: "s"},
		{name: "Stringer only", v: stringerOnly{}},
		{name: "nil pointer with method", v: (*ptrHTML)(nil)},
		{name: "nil plot", v: (*plot.Plot)(nil)},
		{
			name: "HTMLer", v: htmlOnly{3},
			mimes: []string{"text/html", "text/plain"}, text: "***",
		},
		{
			name: "HTMLer through pointer", v: &ptrHTML{"<p>ok</p>"},
			mimes: []string{"text/html", "text/plain"}, text: "ok",
		},
		{
			name: "String method gives the text", v: htmlAndString{},
			mimes: []string{"text/html", "text/plain"}, text: "plain form",
		},
		{
			name: "every method is used", v: manyFormats{},
			mimes: []string{"image/svg+xml", "text/html", "text/latex", "text/markdown", "text/plain"},
			text:  "*m*",
			check: func(t *testing.T, b display.Bundle, _ display.Metadata) {
				if b["text/latex"] != `$$\alpha$$` {
					t.Errorf("latex = %q", b["text/latex"])
				}
			},
		},
		{
			name: "PNGer", v: pngMaker{png3x2},
			mimes: []string{"image/png", "text/plain"}, text: "[PNG image 3×2]",
		},
		{
			name: "PNGer with bad data", v: pngMaker{[]byte("GIF89a")},
			mimes: []string{"text/html", "text/plain"},
			check: func(t *testing.T, b display.Bundle, _ display.Metadata) {
				if !strings.HasPrefix(b.Text(), "display.Render: display_test.pngMaker.PNG: invalid PNG data") {
					t.Errorf("error text %q", b.Text())
				}
			},
		},
		{
			name: "JPEGer", v: jpegMaker{jpeg4x4},
			mimes: []string{"image/jpeg", "text/plain"}, text: "[JPEG image 4×4]",
		},
		{
			name: "MIMEBundler wins over HTMLer", v: bundleMaker{png3x2},
			mimes: []string{"image/png", "text/html", "text/plain"}, text: "my text",
			check: func(t *testing.T, b display.Bundle, _ display.Metadata) {
				if b["text/html"] != "<b>mine</b>" {
					t.Errorf("html = %q", b["text/html"])
				}
				if data, err := b.Binary("image/png"); err != nil || !bytes.Equal(data, png3x2) {
					t.Errorf("[]byte PNG not base64-encoded: %v", err)
				}
			},
		},
		{
			name: "MetadataBundler", v: sizedPicture{png3x2, map[string]any{"image/png": map[string]any{"width": 1.5, "height": 1}}},
			mimes: []string{"image/png", "text/plain"}, text: "[PNG image 3×2]",
			check: func(t *testing.T, b display.Bundle, meta display.Metadata) {
				size, _ := meta["image/png"].(map[string]any)
				if len(meta) != 1 || size["width"] != 1.5 || size["height"] != 1 {
					t.Errorf("metadata %v, want the value's own", meta)
				}
			},
		},
		{
			name: "MetadataBundler without metadata", v: sizedPicture{png: png3x2},
			mimes: []string{"image/png", "text/plain"},
			check: func(t *testing.T, _ display.Bundle, meta display.Metadata) {
				if meta != nil {
					t.Errorf("metadata %v, want none", meta)
				}
			},
		},
		{
			name: "MetadataBundler with metadata that is not JSON", v: sizedPicture{png3x2, map[string]any{"image/png": make(chan int)}},
			mimes: []string{"text/html", "text/plain"},
			check: func(t *testing.T, b display.Bundle, meta display.Metadata) {
				if !strings.HasPrefix(b.Text(), "display.Render: display_test.sizedPicture.MIMEMetadata: metadata is not JSON") || meta != nil {
					t.Errorf("error text %q, metadata %v", b.Text(), meta)
				}
			},
		},
		{
			name: "MetadataBundler overrides a plot's metadata", v: sizedPlot{lossHistory{[]float64{1, 0.5}}},
			mimes: []string{"image/png", "text/plain"}, text: "sized plot",
			check: func(t *testing.T, b display.Bundle, meta display.Metadata) {
				size, _ := meta["image/png"].(map[string]any)
				if size["width"] != 300 || size["height"] != nil || meta["isolated"] != true {
					t.Errorf("metadata %v, want the value's own image/png entry and isolated", meta)
				}
			},
		},
		{
			name: "PlotMaker", v: lossHistory{[]float64{1, 0.5, 0.2}},
			mimes: []string{"image/png", "text/plain"}, text: `[plot "loss" 600×400]`,
			check: func(t *testing.T, b display.Bundle, meta display.Metadata) {
				wantPNGSize(t, b, meta, 1200, 800, 600, 400)
			},
		},
		{
			name: "a panicking method", v: panicky{},
			mimes: []string{"text/html", "text/plain"},
			check: func(t *testing.T, b display.Bundle, _ display.Metadata) {
				if b.Text() != "display.Render: rendering display_test.panicky: boom" {
					t.Errorf("error text %q", b.Text())
				}
			},
		},
		{
			name: "*plot.Plot", v: lossPlot([]float64{3, 2, 1}),
			mimes: []string{"image/png", "text/plain"},
			check: func(t *testing.T, b display.Bundle, meta display.Metadata) {
				wantPNGSize(t, b, meta, 1200, 800, 600, 400)
			},
		},
		{
			name: "image.Image", v: image.NewGray(image.Rect(0, 0, 9, 5)),
			mimes: []string{"image/png", "text/plain"}, text: "[PNG image 9×5]",
		},
		{
			name: "Bundle", v: display.Bundle{"text/markdown": "**b**"},
			mimes: []string{"text/markdown", "text/plain"}, text: "**b**",
		},
		{
			name: "small matrix", v: mat.NewDense(2, 3, []float64{1, 2, 3, 4.5, 5, -6}),
			mimes: []string{"text/html", "text/plain"},
			text:  "*mat.Dense 2×3\n⎡  1  2   3⎤\n⎣4.5  5  -6⎦",
			check: func(t *testing.T, b display.Bundle, _ display.Metadata) {
				html := b["text/html"].(string)
				for _, want := range []string{"<caption>*mat.Dense 2×3</caption>", "<th>2</th>", "<td>4.5</td>", "<td>-6</td>"} {
					if !strings.Contains(html, want) {
						t.Errorf("matrix HTML lacks %q:\n%s", want, html)
					}
				}
			},
		},
		{
			name: "vector", v: mat.NewVecDense(1, []float64{1.0 / 3}),
			mimes: []string{"text/html", "text/plain"}, text: "*mat.VecDense 1×1\n[0.333333]",
		},
		{
			name: "large matrix is excerpted", v: weights(784, 128),
			mimes: []string{"text/html", "text/plain"},
			check: func(t *testing.T, b display.Bundle, _ display.Metadata) {
				lines := strings.Split(b.Text(), "\n")
				if lines[0] != "*mat.Dense 784×128" || len(lines) != 1+9 {
					t.Fatalf("text has %d lines, header %q", len(lines), lines[0])
				}
				// Row 783, column 127 is the last cell: 783*128+127.
				if !strings.HasSuffix(lines[9], "100351⎦") || !strings.Contains(lines[5], "⋱") {
					t.Errorf("excerpt:\n%s", b.Text())
				}
				html := b["text/html"].(string)
				if !strings.Contains(html, "<th>783</th>") || strings.Contains(html, "<th>100</th>") {
					t.Errorf("HTML excerpt has the wrong rows")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, meta, ok := display.Render(tt.v)
			if tt.mimes == nil {
				if ok {
					t.Fatalf("Render(%T) = %v, want no rich form", tt.v, b.MIMETypes())
				}
				return
			}
			if !ok {
				t.Fatalf("Render(%T) found no rich form", tt.v)
			}
			if got := b.MIMETypes(); !slices.Equal(got, tt.mimes) {
				t.Errorf("MIME types %v, want %v", got, tt.mimes)
			}
			if b.Text() == "" {
				t.Error("no text/plain fallback")
			}
			if tt.text != "" && b.Text() != tt.text {
				t.Errorf("text/plain:\n%s\nwant:\n%s", b.Text(), tt.text)
			}
			if tt.check != nil {
				tt.check(t, b, meta)
			}
		})
	}
}

func TestRenderCopiesBundles(t *testing.T) {
	in := display.Bundle{"text/html": "<b>x</b>"}
	out, _, _ := display.Render(in)
	out["text/html"] = "changed"
	if in["text/html"] != "<b>x</b>" || len(in) != 1 {
		t.Errorf("Render changed its argument: %v", in)
	}
}

func TestRendererTypesAreTheInterfaces(t *testing.T) {
	types := display.RendererTypes()
	for i, typ := range types {
		methods := 1
		if i == 0 {
			methods = 2 // MetadataBundler: MIMEBundle and MIMEMetadata
		}
		if typ.Kind().String() != "interface" || typ.NumMethod() != methods || typ.PkgPath() != "github.com/gonn-dev/gonn/display" {
			t.Errorf("%v is not a %d-method interface of package display", typ, methods)
		}
	}
	// yaegi keeps the methods of the first interface a value implements:
	// the one with the most methods must come before the ones it embeds.
	if got := types[0].Name() + " " + types[1].Name(); got != "MetadataBundler MIMEBundler" {
		t.Errorf("most general interfaces first: got %s", got)
	}
}

// TestRenderMetadataIsACopy checks that the metadata Render returns is not
// the value's own map, which a kernel may change.
func TestRenderMetadataIsACopy(t *testing.T) {
	own := map[string]any{"image/png": map[string]any{"width": 2}}
	_, meta, _ := display.Render(sizedPicture{pngBytes(t, testImage(4, 4)), own})
	meta["isolated"] = true
	if len(own) != 1 {
		t.Errorf("Render returned the value's map: %v", own)
	}
}

// weights is an r×c matrix whose element (i, j) is i*c+j.
func weights(r, c int) *mat.Dense {
	data := make([]float64, r*c)
	for i := range data {
		data[i] = float64(i)
	}
	return mat.NewDense(r, c, data)
}

// lossPlot plots loss against step, titled "loss".
func lossPlot(loss []float64) *plot.Plot {
	p := plot.New()
	p.Title.Text = "loss"
	xys := make(plotter.XYs, len(loss))
	for i, l := range loss {
		xys[i] = plotter.XY{X: float64(i), Y: l}
	}
	line, err := plotter.NewLine(xys)
	if err != nil {
		panic(err)
	}
	p.Add(line)
	return p
}

// wantPNGSize checks the pixel size of a PNG entry and its display size in
// the metadata.
func wantPNGSize(t *testing.T, b display.Bundle, meta display.Metadata, w, h, cssW, cssH int) {
	t.Helper()
	data, err := b.Binary("image/png")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != w || cfg.Height != h {
		t.Errorf("PNG is %d×%d pixels, want %d×%d", cfg.Width, cfg.Height, w, h)
	}
	size, _ := meta["image/png"].(map[string]any)
	if size["width"] != cssW || size["height"] != cssH {
		t.Errorf("metadata %v, want width %d height %d", meta, cssW, cssH)
	}
}
