package nnlib

import (
	"encoding/base64"
	"image"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gonn-dev/gonn/display"
)

// render shows v as a notebook cell's value would be shown.
func render(t *testing.T, v any) display.Bundle {
	t.Helper()
	b, _ := renderMeta(t, v)
	return b
}

// renderMeta is render with the display metadata.
func renderMeta(t *testing.T, v any) (display.Bundle, display.Metadata) {
	t.Helper()
	b, meta, ok := display.Render(v)
	if !ok {
		t.Fatalf("display.Render does not show %T", v)
	}
	return b, meta
}

// wantCSSSize checks that meta shows the image/png at w×h CSS pixels.
func wantCSSSize(t *testing.T, meta display.Metadata, w, h int) {
	t.Helper()
	size, _ := meta[display.MIMEPNG].(map[string]any)
	if size["width"] != w || size["height"] != h || len(meta) != 1 {
		t.Errorf("metadata %v, want image/png at %d×%d", meta, w, h)
	}
}

func TestHistoryRenders(t *testing.T) {
	x, y := blobs(300, 3)
	m := classifier(ModelOptions{})
	h, err := m.Fit(x, y, FitOptions{Epochs: 3, ValidationSplit: 0.2, Verbose: VerboseSilent})
	if err != nil {
		t.Fatal(err)
	}
	b, meta := renderMeta(t, h)
	if got, want := b.MIMETypes(), []string{"image/png", "text/plain"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("MIME types %v, want %v (the PNG once, no HTML copy)", got, want)
	}
	if b.Text() != h.String() {
		t.Errorf("text/plain %q, want the History's table", b.Text())
	}
	img := bundlePNG(t, b)
	if got := img.Bounds().Size(); got != image.Pt(2*DefaultPanelWidth*DefaultFigureScale, DefaultPanelHeight*DefaultFigureScale) {
		t.Errorf("PNG of %v: want two panels", got)
	}
	checkNotBlank(t, img)
	// The metadata shows the PNG at its CSS size, half its pixels.
	wantCSSSize(t, meta, 2*DefaultPanelWidth, DefaultPanelHeight)

	empty, meta := renderMeta(t, &History{})
	if got := empty.MIMETypes(); !reflect.DeepEqual(got, []string{"text/plain"}) || empty.Text() != "History (no epochs)" || meta != nil {
		t.Errorf("empty history: %v %q, metadata %v", got, empty.Text(), meta)
	}
}

func TestModelRenders(t *testing.T) {
	m := NewSequential(Flatten(), Dense(128, "relu"), Dense(10, "softmax"))
	b := render(t, m)
	if got, want := b.MIMETypes(), []string{"text/html", "text/plain"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("MIME types %v, want %v", got, want)
	}
	if b.Text() != m.Summary() || !strings.Contains(b.Text(), "unbuilt") {
		t.Errorf("text/plain of an unbuilt model:\n%s", b.Text())
	}
	if err := m.Build(28, 28); err != nil {
		t.Fatal(err)
	}
	b = render(t, m)
	if b.Text() != m.Summary() {
		t.Errorf("text/plain is not the Summary:\n%s", b.Text())
	}
	html := b[display.MIMEHTML].(string)
	for _, want := range []string{
		`<b>Model: &#34;sequential&#34;</b>`,
		`<td style="text-align:left">flatten (Flatten)</td><td style="text-align:left">(None, 784)</td><td style="text-align:right">0</td>`,
		`<td style="text-align:left">dense (Dense)</td><td style="text-align:left">(None, 128)</td><td style="text-align:right">100,480</td>`,
		`<td style="text-align:left">dense_1 (Dense)</td><td style="text-align:left">(None, 10)</td><td style="text-align:right">1,290</td>`,
		`Total params: 101,770 (397.54 KB)<br>Trainable params: 101,770 (397.54 KB)<br>Non-trainable params: 0 (0.00 B)`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	named := NewSequentialWith(ModelOptions{Name: "<mlp>"}, Dense(1, ""))
	if html := named.HTML(); !strings.Contains(html, "<b>Model: &#34;&lt;mlp&gt;&#34;</b>") {
		t.Errorf("name not escaped: %s", html)
	}
	if (*Sequential)(nil).HTML() != "" || (*Sequential)(nil).MIMEBundle()["text/plain"] != "Sequential (nil)" {
		t.Error("a nil model does not show as nil")
	}
}

// TestSummaryTextIsAligned checks that every line of the table in a
// model's text/plain is as wide as the others in a monospace font, where
// each box-drawing character takes one column, whatever the layers.
func TestSummaryTextIsAligned(t *testing.T) {
	for _, m := range []*Sequential{
		NewSequential(Flatten(), Dense(128, "relu"), Dense(10, "softmax")),
		NewSequentialWith(ModelOptions{Name: "a model with a long name"}, Input(28, 28), Flatten(),
			Dense(100000, "relu"), Dropout(0.2), Dense(128, "relu"), Dropout(0.2), Dense(10, "softmax")),
	} {
		text := render(t, m).Text()
		lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
		var table []string
		for _, l := range lines {
			if strings.ContainsAny(l[:min(len(l), 4)], "┏┃┡│├└") {
				table = append(table, l)
			}
		}
		if len(table) < 5 {
			t.Fatalf("no table in:\n%s", text)
		}
		for _, l := range table[1:] {
			if utf8.RuneCountInString(l) != utf8.RuneCountInString(table[0]) {
				t.Errorf("misaligned summary:\n%s", text)
				break
			}
		}
	}
}

func TestPicturesRender(t *testing.T) {
	c, err := ConfusionMatrix([]int{0, 1, 1}, []int{0, 1, 0}, 0)
	if err != nil {
		t.Fatal(err)
	}
	b := render(t, c)
	if got := b.MIMETypes(); !reflect.DeepEqual(got, []string{"text/html", "text/plain"}) || b.Text() != c.String() {
		t.Errorf("confusion matrix: %v %q", got, b.Text())
	}

	f, err := TrainingCurves(knownHistory())
	if err != nil {
		t.Fatal(err)
	}
	b, meta := renderMeta(t, f)
	if got := b.MIMETypes(); !reflect.DeepEqual(got, []string{"image/png", "text/plain"}) {
		t.Errorf("figure: %v", got)
	}
	wantCSSSize(t, meta, 840, 280)
	if b.Text() != `Figure 840×280 ["loss", "accuracy"]` {
		t.Errorf("figure text %q", b.Text())
	}
	data, err := base64.StdEncoding.DecodeString(b[display.MIMEPNG].(string))
	if err != nil {
		t.Fatal(err)
	}
	if img := decodePNG(t, data); img.Bounds().Dx() != 840*DefaultFigureScale {
		t.Errorf("figure PNG %d pixels wide, want %d", img.Bounds().Dx(), 840*DefaultFigureScale)
	}

	// A size that is not whole CSS pixels stays a float.
	odd := &Figure{Plots: f.Plots[:1], PanelWidth: 100.5, PanelHeight: 80, Scale: 1}
	_, meta = renderMeta(t, odd)
	if size := meta[display.MIMEPNG].(map[string]any); size["width"] != 100.5 || size["height"] != 80 {
		t.Errorf("metadata of a 100.5×80 figure: %v", meta)
	}
	if (*Figure)(nil).MIMEMetadata() != nil {
		t.Error("a nil figure has metadata")
	}
}
