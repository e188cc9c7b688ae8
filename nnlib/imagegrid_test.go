package nnlib

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/gonn-dev/gonn/display"
)

// dotImages returns n 4×4 images, image i black at one pixel, (i%4, i/4%4),
// and 0 elsewhere.
func dotImages(n int) []float64 {
	data := make([]float64, n*16)
	for i := range n {
		data[i*16+(i/4%4)*4+i%4] = 1
	}
	return data
}

// gridCell returns where ImageGrid draws the k-th image of a grid of
// 4×4 images at the given scale and columns: the top-left pixel of the
// image.
func gridCell(k, cols, scale int) (x, y int) {
	cellW := max(4*scale, captionChars*glyphWidth) + 2*gridPad
	cellH := 4*scale + 2*gridPad + gridCaption
	x0, y0 := (k%cols)*cellW, gridHeader+(k/cols)*cellH
	return x0 + (cellW-4*scale)/2, y0 + gridPad
}

func TestImageGrid(t *testing.T) {
	const n, scale, cols = 12, 3, 5
	labels := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}
	pred := append([]int(nil), labels...)
	pred[2], pred[7] = 5, 1 // two mistakes
	for _, shape := range [][]int{{n, 4, 4}, {n, 16}} {
		images := MustTensor(NewTensor(dotImages(n), shape...))
		img, err := ImageGrid(images, labels, pred, ImageGridOptions{Scale: scale, Columns: cols})
		if err != nil {
			t.Fatal(err)
		}
		// 5 cells of 78 pixels are narrower than the header's 60
		// characters; 3 rows of 34 pixels under the header.
		if got := img.Bounds().Size(); got != image.Pt(60*glyphWidth, gridHeader+3*(4*scale+2*gridPad+gridCaption)) {
			t.Fatalf("shape %v: grid of %v", shape, got)
		}
		for k := range n {
			x, y := gridCell(k, cols, scale)
			dx, dy := (k%4)*scale+1, (k/4%4)*scale+1 // the middle of the dot's block
			if c := color.GrayModel.Convert(img.At(x+dx, y+dy)).(color.Gray); c.Y != 0 {
				t.Errorf("image %d: dot pixel (%d,%d) is %v, want black", k, x+dx, y+dy, c)
			}
			if c := color.GrayModel.Convert(img.At(x+dx+scale, y+dy)).(color.Gray); k%4 != 3 && c.Y != 255 {
				t.Errorf("image %d: pixel beside the dot is %v, want white", k, c)
			}
			wrong := k == 2 || k == 7
			if framed := near(img.At(x-1, y+1), gridWrong(), 0); framed != wrong {
				t.Errorf("image %d: red frame %v, want %v", k, framed, wrong)
			}
			if red := captionHas(img, k, cols, scale, gridWrong()); red != wrong {
				t.Errorf("image %d: red caption %v, want %v", k, red, wrong)
			}
			if ink := captionHas(img, k, cols, scale, gridInk()); ink == wrong {
				t.Errorf("image %d: dark caption %v, want %v", k, ink, !wrong)
			}
		}
	}
}

// captionHas reports whether the caption of the k-th image has a pixel of
// colour c.
func captionHas(img image.Image, k, cols, scale int, c color.RGBA) bool {
	x, y := gridCell(k, cols, scale)
	top := y + 4*scale + 2
	for yy := top; yy < top+gridCaption; yy++ {
		for xx := x - 30; xx < x+4*scale+30; xx++ {
			if near(img.At(xx, yy), c, 0) {
				return true
			}
		}
	}
	return false
}

func TestImageGridOnlyWrong(t *testing.T) {
	images := MustTensor(NewTensor(dotImages(12), 12, 4, 4))
	labels := make([]int, 12)
	pred := make([]int, 12)
	pred[6], pred[9] = 3, 4
	img, err := ImageGrid(images, labels, pred, ImageGridOptions{OnlyWrong: true, Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	if h := img.Bounds().Dy(); h != gridHeader+4+2*gridPad+gridCaption {
		t.Errorf("one row expected, grid is %d pixels high", h)
	}
	// The first cell holds image 6: its dot at (2, 1).
	x, y := gridCell(0, 2, 1)
	if c := color.GrayModel.Convert(img.At(x+2, y+1)).(color.Gray); c.Y != 0 {
		t.Errorf("first cell: pixel of image 6's dot is %v", c)
	}

	// As a cell's value it shows as a PNG.
	b, _, ok := display.Render(img)
	if !ok {
		t.Fatal("display.Render does not show the grid")
	}
	if got := bundlePNG(t, b).Bounds(); got != img.Bounds() {
		t.Errorf("rendered %v, drawn %v", got, img.Bounds())
	}

	// Labels only, predictions only, neither: captions without mistakes.
	for _, lp := range [][2][]int{{labels, nil}, {nil, pred}, {nil, nil}} {
		if _, err := ImageGrid(images, lp[0], lp[1], ImageGridOptions{Max: 3}); err != nil {
			t.Error(err)
		}
	}
}

func TestImageGridMNIST(t *testing.T) {
	d := realMNIST(t)
	first, err := d.TestImages.Slice(0, 20)
	if err != nil {
		t.Fatal(err)
	}
	classes := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	img, err := ImageGrid(first, d.TestLabels[:20], nil, ImageGridOptions{Classes: classes})
	if err != nil {
		t.Fatal(err)
	}
	// 10 columns of 28·2 pixels widened to 70 for captions, 2 rows.
	if got := img.Bounds().Size(); got != image.Pt(10*(70+8), gridHeader+2*(56+8+14)) {
		t.Errorf("grid of %v", got)
	}
	checkNotBlank(t, img)
}

func TestImageGridBadInput(t *testing.T) {
	images := MustTensor(NewTensor(dotImages(3), 3, 4, 4))
	three := []int{0, 1, 2}
	for _, tt := range []struct {
		name         string
		images       any
		labels, pred []int
		opts         ImageGridOptions
		want         string
	}{
		{"not data", "digits", nil, nil, ImageGridOptions{}, "cannot use string as data"},
		{"vector", []float64{1, 2}, nil, nil, ImageGridOptions{}, "images shaped (2,): want"},
		{"not square", MustTensor(NewTensor(make([]float64, 30), 2, 15)), nil, nil, ImageGridOptions{}, "images of 15 values are not square"},
		{"colour", MustTensor(NewTensor(make([]float64, 24), 2, 2, 2, 3)), nil, nil, ImageGridOptions{}, "images shaped (2, 2, 2, 3)"},
		{"labels", images, []int{1}, nil, ImageGridOptions{}, "1 labels for 3 images"},
		{"predictions", images, three, []int{1, 2, 3, 4}, ImageGridOptions{}, "4 predictions for 3 images"},
		{"only wrong", images, three, nil, ImageGridOptions{OnlyWrong: true}, "OnlyWrong needs both"},
		{"scale", images, nil, nil, ImageGridOptions{Scale: 17}, "the Scale option is 17"},
		{"columns", images, nil, nil, ImageGridOptions{Columns: -1}, "must not be negative"},
		{"too large", MustTensor(NewTensor(make([]float64, 12*100*100), 12, 100, 100)), nil, nil,
			ImageGridOptions{Scale: 16, Columns: 20}, "exceeds 16384 pixels a side"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			img, err := ImageGrid(tt.images, tt.labels, tt.pred, tt.opts)
			if err == nil || !strings.HasPrefix(err.Error(), "nnlib: ImageGrid: ") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if img != nil {
				t.Error("an image with the error")
			}
		})
	}
}
