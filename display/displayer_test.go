package display_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gonn-dev/gonn/display"
)

// record runs show against a Displayer backed by a Recorder and returns
// what it published.
func record(show func(d *display.Displayer)) []display.Message {
	var rec display.Recorder
	show(display.New(&rec))
	return rec.Messages()
}

// only returns the single message show published, failing otherwise. Every
// display must carry a non-empty text/plain fallback.
func only(t *testing.T, show func(d *display.Displayer)) display.Message {
	t.Helper()
	msgs := record(show)
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1: %+v", len(msgs), msgs)
	}
	m := msgs[0]
	if m.Data.Text() == "" {
		t.Errorf("no text/plain fallback in %v", m.Data.MIMETypes())
	}
	if m.DisplayID != "" || m.Update || m.Clear {
		t.Errorf("plain display came with id %q, update %v, clear %v", m.DisplayID, m.Update, m.Clear)
	}
	return m
}

// testImage is a w×h image whose pixel (x, y) has red x*10, green y*10.
func testImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 10), uint8(y * 10), 200, 255})
		}
	}
	return img
}

func pngBytes(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegBytes(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decodeEntry decodes the base64 image entry mime of b and checks its format.
func decodeEntry(t *testing.T, b display.Bundle, mime, format string) image.Image {
	t.Helper()
	data, err := b.Binary(mime)
	if err != nil {
		t.Fatal(err)
	}
	img, got, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s entry does not decode: %v", mime, err)
	}
	if got != format {
		t.Fatalf("%s entry is %s, want %s", mime, got, format)
	}
	return img
}

func TestContent(t *testing.T) {
	png3x2 := pngBytes(t, testImage(3, 2))
	jpeg8x6 := jpegBytes(t, testImage(8, 6))
	tests := []struct {
		name  string
		show  func(d *display.Displayer)
		mimes []string // exactly the MIME types of the bundle
		text  string   // the text/plain fallback, when not ""
		check func(t *testing.T, m display.Message)
	}{{
		name:  "Text",
		show:  func(d *display.Displayer) { d.Text("plain words") },
		mimes: []string{"text/plain"},
		text:  "plain words",
	}, {
		name:  "HTML",
		show:  func(d *display.Displayer) { d.HTML("<h3>Loss</h3><p>low &amp; <b>falling</b></p>") },
		mimes: []string{"text/html", "text/plain"},
		text:  "Loss\n\nlow & falling",
		check: func(t *testing.T, m display.Message) {
			if m.Data["text/html"] != "<h3>Loss</h3><p>low &amp; <b>falling</b></p>" {
				t.Errorf("html changed: %q", m.Data["text/html"])
			}
		},
	}, {
		name:  "Markdown",
		show:  func(d *display.Displayer) { d.Markdown("## Step 1\n$w \\leftarrow w - \\eta g$") },
		mimes: []string{"text/markdown", "text/plain"},
		text:  "## Step 1\n$w \\leftarrow w - \\eta g$",
	}, {
		name:  "LaTeX without delimiters becomes display math",
		show:  func(d *display.Displayer) { d.LaTeX(`\frac{\partial L}{\partial w}`) },
		mimes: []string{"text/latex", "text/plain"},
		text:  `\frac{\partial L}{\partial w}`,
		check: func(t *testing.T, m display.Message) {
			if got := m.Data["text/latex"]; got != `$$\frac{\partial L}{\partial w}$$` {
				t.Errorf("latex = %q", got)
			}
		},
	}, {
		name:  "LaTeX with delimiters is kept",
		show:  func(d *display.Displayer) { d.LaTeX(`$x^2$ and \(y\)`) },
		mimes: []string{"text/latex", "text/plain"},
		check: func(t *testing.T, m display.Message) {
			if got := m.Data["text/latex"]; got != `$x^2$ and \(y\)` {
				t.Errorf("latex = %q", got)
			}
		},
	}, {
		name: "SVG",
		show: func(d *display.Displayer) {
			d.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="20"><rect width="5" height="5"/></svg>`)
		},
		mimes: []string{"image/svg+xml", "text/plain"},
		text:  "[SVG image 10×20]",
	}, {
		name:  "SVG that is not well-formed",
		show:  func(d *display.Displayer) { d.SVG(`<svg><g></svg>`) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.SVG", "invalid SVG"),
	}, {
		name:  "SVG whose root is not svg",
		show:  func(d *display.Displayer) { d.SVG(`<html></html>`) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.SVG", "root element is <html>"),
	}, {
		name:  "PNG",
		show:  func(d *display.Displayer) { d.PNG(png3x2) },
		mimes: []string{"image/png", "text/plain"},
		text:  "[PNG image 3×2]",
		check: func(t *testing.T, m display.Message) {
			data, err := m.Data.Binary("image/png")
			if err != nil || !bytes.Equal(data, png3x2) {
				t.Errorf("image/png does not decode to the input (err %v)", err)
			}
		},
	}, {
		name:  "PNG given JPEG data",
		show:  func(d *display.Displayer) { d.PNG(jpeg8x6) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.PNG", "jpeg image, not png"),
	}, {
		name:  "PNG given garbage",
		show:  func(d *display.Displayer) { d.PNG([]byte("not an image")) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.PNG", "invalid PNG data (12 bytes)"),
	}, {
		name:  "PNG given nil",
		show:  func(d *display.Displayer) { d.PNG(nil) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.PNG", "invalid PNG data (0 bytes)"),
	}, {
		name:  "JPEG",
		show:  func(d *display.Displayer) { d.JPEG(jpeg8x6) },
		mimes: []string{"image/jpeg", "text/plain"},
		text:  "[JPEG image 8×6]",
		check: func(t *testing.T, m display.Message) {
			img := decodeEntry(t, m.Data, "image/jpeg", "jpeg")
			if b := img.Bounds(); b.Dx() != 8 || b.Dy() != 6 {
				t.Errorf("decoded JPEG is %v", b)
			}
		},
	}, {
		name:  "JPEG given PNG data",
		show:  func(d *display.Displayer) { d.JPEG(png3x2) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.JPEG", "png image, not jpeg"),
	}, {
		name: "JSON",
		show: func(d *display.Displayer) {
			d.JSON(map[string]any{"layers": []int{784, 128, 10}, "act": "relu", "html": "<b>"})
		},
		mimes: []string{"application/json", "text/plain"},
		check: func(t *testing.T, m display.Message) {
			// The entry is a JSON value inside the message, not a string.
			msg, err := json.Marshal(map[string]any{"data": m.Data})
			if err != nil {
				t.Fatal(err)
			}
			var back struct {
				Data map[string]any `json:"data"`
			}
			if err := json.Unmarshal(msg, &back); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{"layers": []any{784.0, 128.0, 10.0}, "act": "relu", "html": "<b>"}
			if !reflect.DeepEqual(back.Data["application/json"], want) {
				t.Errorf("round trip gave %#v, want %#v", back.Data["application/json"], want)
			}
			if !strings.Contains(m.Data.Text(), "\n  \"act\": \"relu\"") {
				t.Errorf("text fallback is not indented JSON: %q", m.Data.Text())
			}
		},
	}, {
		name:  "JSON of NaN",
		show:  func(d *display.Displayer) { d.JSON(math.NaN()) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.JSON", "cannot encode float64 as JSON"),
	}, {
		name:  "JSON of a channel",
		show:  func(d *display.Displayer) { d.JSON(make(chan int)) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.JSON", "cannot encode chan int as JSON"),
	}, {
		name:  "Image",
		show:  func(d *display.Displayer) { d.Image(testImage(5, 4)) },
		mimes: []string{"image/png", "text/plain"},
		text:  "[PNG image 5×4]",
		check: func(t *testing.T, m display.Message) {
			img := decodeEntry(t, m.Data, "image/png", "png")
			if !samePixels(img, testImage(5, 4)) {
				t.Error("decoded image differs from the input")
			}
		},
	}, {
		name:  "Image of nil",
		show:  func(d *display.Displayer) { d.Image(nil) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.Image", "nil image"),
	}, {
		name:  "Image of a typed nil",
		show:  func(d *display.Displayer) { d.Image((*image.RGBA)(nil)) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.Image", "nil image"),
	}, {
		name:  "Image of an empty image",
		show:  func(d *display.Displayer) { d.Image(image.NewGray(image.Rect(0, 0, 0, 0))) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.Image", "encoding 0×0 image as PNG"),
	}, {
		name:  "ImageScaled",
		show:  func(d *display.Displayer) { d.ImageScaled(testImage(2, 3), 4) },
		mimes: []string{"image/png", "text/plain"},
		text:  "[PNG image 8×12]",
		check: func(t *testing.T, m display.Message) {
			img := decodeEntry(t, m.Data, "image/png", "png")
			src := testImage(2, 3)
			for y := range 12 {
				for x := range 8 {
					if !sameColor(img.At(x, y), src.At(x/4, y/4)) {
						t.Fatalf("pixel (%d,%d) = %v, want source pixel (%d,%d) = %v",
							x, y, img.At(x, y), x/4, y/4, src.At(x/4, y/4))
					}
				}
			}
		},
	}, {
		name:  "ImageScaled by zero",
		show:  func(d *display.Displayer) { d.ImageScaled(testImage(2, 3), 0) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.ImageScaled", "scale 0 is outside 1..64"),
	}, {
		name:  "ImageScaled too large",
		show:  func(d *display.Displayer) { d.ImageScaled(testImage(1000, 10), 64) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.ImageScaled", "exceeds 16384 pixels a side"),
	}, {
		name: "Table",
		show: func(d *display.Displayer) {
			d.Table([]string{"epoch", "loss", "note"}, [][]string{{"1", "0.2931", "<warm-up>"}, {"10", "0.05"}})
		},
		mimes: []string{"text/html", "text/plain"},
		text:  "epoch    loss  note\n-----  ------  ---------\n    1  0.2931  <warm-up>\n   10    0.05",
		check: func(t *testing.T, m display.Message) {
			html := m.Data["text/html"].(string)
			for _, want := range []string{`<th style="text-align:right">epoch</th>`, `<td style="text-align:right">0.2931</td>`, "<td>&lt;warm-up&gt;</td>"} {
				if !strings.Contains(html, want) {
					t.Errorf("table HTML lacks %q:\n%s", want, html)
				}
			}
		},
	}, {
		name:  "Show of a plain value",
		show:  func(d *display.Displayer) { d.Show([]int{1, 2}) },
		mimes: []string{"text/plain"},
		text:  "[1 2]",
	}, {
		name:  "Show of nil",
		show:  func(d *display.Displayer) { d.Show(nil) },
		mimes: []string{"text/plain"},
		text:  "<nil>",
	}, {
		name:  "Show of an image",
		show:  func(d *display.Displayer) { d.Show(testImage(7, 3)) },
		mimes: []string{"image/png", "text/plain"},
		text:  "[PNG image 7×3]",
	}, {
		name: "MIME",
		show: func(d *display.Displayer) {
			d.MIME(display.Bundle{"text/html": "<i>x</i>", "image/png": png3x2},
				display.Metadata{"image/png": map[string]any{"width": 30}})
		},
		mimes: []string{"image/png", "text/html", "text/plain"},
		text:  "x",
		check: func(t *testing.T, m display.Message) {
			if _, ok := m.Data["image/png"].(string); !ok {
				t.Errorf("[]byte PNG entry was not base64-encoded: %T", m.Data["image/png"])
			}
			if !reflect.DeepEqual(m.Metadata, display.Metadata{"image/png": map[string]any{"width": 30}}) {
				t.Errorf("metadata = %v", m.Metadata)
			}
		},
	}, {
		name:  "MIME with a number as HTML",
		show:  func(d *display.Displayer) { d.MIME(display.Bundle{"text/html": 5}, nil) },
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.MIME", "bundle entry text/html is a int, want a string or []byte"),
	}, {
		name: "MIME with NaN in its metadata",
		show: func(d *display.Displayer) {
			d.MIME(display.Bundle{"text/plain": "x"}, display.Metadata{"w": math.NaN()})
		},
		mimes: []string{"text/html", "text/plain"},
		check: wantError("display.MIME", "unsupported value: NaN"),
	}, {
		name:  "MIME with JSON",
		show:  func(d *display.Displayer) { d.MIME(display.Bundle{"application/json": []int{1}}, nil) },
		mimes: []string{"application/json", "text/plain"},
		text:  "[\n  1\n]",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := only(t, tt.show)
			if got := m.Data.MIMETypes(); !slices.Equal(got, tt.mimes) {
				t.Errorf("MIME types %v, want %v", got, tt.mimes)
			}
			if tt.text != "" && m.Data.Text() != tt.text {
				t.Errorf("text/plain:\n%s\nwant:\n%s", m.Data.Text(), tt.text)
			}
			if tt.check != nil {
				tt.check(t, m)
			}
		})
	}
}

// wantError checks that a message reports a failure of op mentioning cause.
func wantError(op, cause string) func(t *testing.T, m display.Message) {
	return func(t *testing.T, m display.Message) {
		t.Helper()
		text := m.Data.Text()
		if !strings.HasPrefix(text, op+": ") || !strings.Contains(text, cause) {
			t.Errorf("error text %q, want %q mentioning %q", text, op+": …", cause)
		}
	}
}

func TestMIMEDoesNotModifyItsArguments(t *testing.T) {
	data := display.Bundle{"image/png": pngBytes(t, testImage(1, 1))}
	record(func(d *display.Displayer) { d.MIME(data, nil) })
	if _, ok := data["image/png"].([]byte); !ok || len(data) != 1 {
		t.Errorf("MIME changed the caller's bundle: %v", data)
	}
}

func samePixels(a, b image.Image) bool {
	if a.Bounds().Size() != b.Bounds().Size() {
		return false
	}
	for y := range a.Bounds().Dy() {
		for x := range a.Bounds().Dx() {
			if !sameColor(a.At(a.Bounds().Min.X+x, a.Bounds().Min.Y+y), b.At(b.Bounds().Min.X+x, b.Bounds().Min.Y+y)) {
				return false
			}
		}
	}
	return true
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}
