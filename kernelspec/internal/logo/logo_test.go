package logo

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"testing"
)

func TestPNG(t *testing.T) {
	for _, size := range []int{32, 64} {
		data, err := PNG(size)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Fatalf("size %v", b)
		}
		// Corners are transparent (rounded), the centre is a white node,
		// and between nodes the background is Go blue.
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%d px: corner alpha %d", size, a)
		}
		if r, g, b, _ := img.At(size/2, size/2).RGBA(); r>>8 != 0xff || g>>8 != 0xff || b>>8 != 0xff {
			t.Errorf("%d px: centre is not white", size)
		}
		if r, g, b, _ := img.At(size/16, size/2).RGBA(); r>>8 != 0 || g>>8 != 0xad || b>>8 != 0xd8 {
			t.Errorf("%d px: left edge is %x %x %x, not Go blue", size, r>>8, g>>8, b>>8)
		}
	}
}

func TestSVGIsWellFormed(t *testing.T) {
	d := xml.NewDecoder(bytes.NewReader(SVG()))
	circles := 0
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if s, ok := tok.(xml.StartElement); ok && s.Name.Local == "circle" {
			circles++
		}
	}
	if circles != 7 {
		t.Errorf("%d nodes in the SVG, want 7", circles)
	}
}
