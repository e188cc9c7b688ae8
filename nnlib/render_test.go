package nnlib

import (
	"encoding/base64"
	"image"
	"reflect"
	"strings"
	"testing"

	"github.com/gonn-dev/gonn/display"
)

// render shows v as a notebook cell's value would be shown.
func render(t *testing.T, v any) display.Bundle {
	t.Helper()
	b, _, ok := display.Render(v)
	if !ok {
		t.Fatalf("display.Render does not show %T", v)
	}
	return b
}

func TestHistoryRenders(t *testing.T) {
	x, y := blobs(300, 3)
	m := classifier(ModelOptions{})
	h, err := m.Fit(x, y, FitOptions{Epochs: 3, ValidationSplit: 0.2, Verbose: VerboseSilent})
	if err != nil {
		t.Fatal(err)
	}
	b := render(t, h)
	if got, want := b.MIMETypes(), []string{"image/png", "text/html", "text/plain"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("MIME types %v, want %v", got, want)
	}
	if b.Text() != h.String() {
		t.Errorf("text/plain %q, want the History's table", b.Text())
	}
	img := bundlePNG(t, b)
	if got := img.Bounds().Size(); got != image.Pt(2*DefaultPanelWidth*DefaultFigureScale, DefaultPanelHeight*DefaultFigureScale) {
		t.Errorf("PNG of %v: want two panels", got)
	}
	checkNotBlank(t, img)
	// The HTML shows the same PNG at its CSS size.
	html := b[display.MIMEHTML].(string)
	prefix := `<img src="data:image/png;base64,` + b[display.MIMEPNG].(string) + `" width="840" height="280"`
	if !strings.HasPrefix(html, prefix) {
		t.Errorf("HTML %.120q…, want the PNG as a data: URI at 840×280", html)
	}

	empty := render2(&History{})
	if got := empty.MIMETypes(); !reflect.DeepEqual(got, []string{"text/plain"}) || empty.Text() != "History (no epochs)" {
		t.Errorf("empty history: %v %q", got, empty.Text())
	}
}

// render2 is render for values that may show as text only.
func render2(v any) display.Bundle {
	b, _, _ := display.Render(v)
	return b
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
	b = render(t, f)
	if got := b.MIMETypes(); !reflect.DeepEqual(got, []string{"image/png", "text/html", "text/plain"}) {
		t.Errorf("figure: %v", got)
	}
	if b.Text() != `Figure 840×280 ["loss", "accuracy"]` {
		t.Errorf("figure text %q", b.Text())
	}
	data, err := base64.StdEncoding.DecodeString(b[display.MIMEPNG].(string))
	if err != nil {
		t.Fatal(err)
	}
	decodePNG(t, data)
}
