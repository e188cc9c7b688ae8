package nnlib

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// ImageGridOptions configures ImageGrid. The zero value shows up to 100
// images, 10 a row, each pixel drawn as 2×2 screen pixels.
type ImageGridOptions struct {
	// Columns is the number of images a row; 0 means 10.
	Columns int
	// Max is the most images shown (the first ones, or the first wrong
	// ones with OnlyWrong); 0 means 100.
	Max int
	// Scale draws each image pixel as Scale×Scale screen pixels, 1 to 16;
	// 0 means 2 (a 28×28 digit as 56×56).
	Scale int
	// OnlyWrong shows only the images whose prediction differs from their
	// label; it needs both.
	OnlyWrong bool
	// Classes names the classes in captions ("T-shirt", …); nil shows
	// their numbers.
	Classes []string
}

// Layout of ImageGrid, in screen pixels.
const (
	gridPad      = 4  // around each image
	gridCaption  = 14 // caption line under each image
	gridHeader   = 18 // summary line above the grid
	glyphWidth   = 7  // width of a basicfont.Face7x13 character
	captionChars = 10 // characters a caption has room for at least
)

// Caption colours of ImageGrid: dark grey ink, and red for mistakes.
func gridInk() color.RGBA   { return color.RGBA{0x33, 0x33, 0x33, 0xff} }
func gridWrong() color.RGBA { return color.RGBA{0xd6, 0x27, 0x28, 0xff} }

// ImageGrid draws grayscale images — MNIST digits — in a grid, dark ink
// on white, with a caption under each: its label, its predicted class, or
// when both are given and differ, "predicted (true label)" in red with a
// red frame around the image. A line above the grid counts the images and
// the mistakes. Show the result with display.Image, or leave it as a
// notebook cell's value:
//
//	pred := nnlib.Argmax(m.MustPredict(data.TestImages))
//	grid, err := nnlib.ImageGrid(data.TestImages, data.TestLabels, pred, nnlib.ImageGridOptions{OnlyWrong: true})
//	display.Image(grid)
//
// images is a *Tensor (or anything AsTensor takes) of n images, shaped
// n×height×width, or n×k with k a square number (flattened square images);
// the grey levels span the smallest to the largest value shown. labels and
// predicted may each be nil; otherwise they hold one class per image,
// numbered from 0.
//
// It fails for images of another shape, labels or predictions of another
// length, bad options, or a grid over 16384 pixels a side.
func ImageGrid(images any, labels, predicted []int, opts ImageGridOptions) (image.Image, error) {
	img, err := imageGrid(images, labels, predicted, opts)
	if err != nil {
		return nil, fmt.Errorf("nnlib: ImageGrid: %w", err)
	}
	return img, nil
}

func imageGrid(images any, labels, predicted []int, opts ImageGridOptions) (image.Image, error) {
	t, err := AsTensor(images)
	if err != nil {
		return nil, unprefixed{err}
	}
	n, h, w, err := imageShape(t)
	if err != nil {
		return nil, err
	}
	if labels != nil && len(labels) != n {
		return nil, fmt.Errorf("%d labels for %d images", len(labels), n)
	}
	if predicted != nil && len(predicted) != n {
		return nil, fmt.Errorf("%d predictions for %d images", len(predicted), n)
	}
	cols, limit, scale := opts.Columns, opts.Max, opts.Scale
	if cols == 0 {
		cols = 10
	}
	if limit == 0 {
		limit = 100
	}
	if scale == 0 {
		scale = 2
	}
	switch {
	case cols < 0 || limit < 0:
		return nil, fmt.Errorf("the Columns (%d) and Max (%d) options must not be negative", cols, limit)
	case scale < 1 || scale > 16:
		return nil, fmt.Errorf("the Scale option is %d, want 1 to 16", scale)
	case opts.OnlyWrong && (labels == nil || predicted == nil):
		return nil, errors.New("OnlyWrong needs both labels and predictions")
	}

	var shown []int
	wrong := 0
	for i := range n {
		isWrong := labels != nil && predicted != nil && labels[i] != predicted[i]
		if isWrong {
			wrong++
		}
		if len(shown) < limit && (isWrong || !opts.OnlyWrong) {
			shown = append(shown, i)
		}
	}

	cellW := max(w*scale, captionChars*glyphWidth) + 2*gridPad
	cellH := h*scale + 2*gridPad + gridCaption
	cols = max(min(cols, len(shown)), 1)
	rows := (len(shown) + cols - 1) / cols
	width, height := max(cols*cellW, 60*glyphWidth), gridHeader+rows*cellH
	if width > maxFigureSide || height > maxFigureSide {
		return nil, fmt.Errorf("a grid of %d×%d pixels exceeds %d pixels a side (fewer images, or a smaller Scale)",
			width, height, maxFigureSide)
	}
	dst := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)

	header := fmt.Sprintf("%d of %s images", len(shown), commas(n))
	if labels != nil && predicted != nil {
		header += fmt.Sprintf(", %s wrong in all (red: predicted (true))", commas(wrong))
	}
	drawText(dst, header, gridPad, gridHeader-5, gridInk())

	lo, hi := pixelRange(t, shown, h*w)
	for k, i := range shown {
		x0, y0 := (k%cols)*cellW, gridHeader+(k/cols)*cellH
		ix, iy := x0+(cellW-w*scale)/2, y0+gridPad
		drawGray(dst, t.Row(i), w, h, scale, ix, iy, lo, hi)
		caption, col := "", color.Color(gridInk())
		switch {
		case labels != nil && predicted != nil && labels[i] != predicted[i]:
			caption = className(opts.Classes, predicted[i]) + " (" + className(opts.Classes, labels[i]) + ")"
			col = gridWrong()
			frame(dst, image.Rect(ix-2, iy-2, ix+w*scale+2, iy+h*scale+2), 2, gridWrong())
		case labels != nil:
			caption = className(opts.Classes, labels[i])
		case predicted != nil:
			caption = className(opts.Classes, predicted[i])
		}
		if room := (cellW - 2) / glyphWidth; len([]rune(caption)) > room {
			caption = string([]rune(caption)[:room])
		}
		tx := x0 + (cellW-len([]rune(caption))*glyphWidth)/2
		drawText(dst, caption, tx, iy+h*scale+gridCaption-1, col)
	}
	return dst, nil
}

// imageShape returns the number of images of t and their height and width.
func imageShape(t *Tensor) (n, h, w int, err error) {
	s := t.Shape()
	switch len(s) {
	case 3:
		n, h, w = s[0], s[1], s[2]
	case 2:
		side := int(math.Round(math.Sqrt(float64(s[1]))))
		if side*side != s[1] {
			return 0, 0, 0, fmt.Errorf("images of %d values are not square; give them as n×height×width", s[1])
		}
		n, h, w = s[0], side, side
	default:
		return 0, 0, 0, fmt.Errorf("images shaped %s: want n×height×width or n×(side·side)", shapeString(s))
	}
	if n == 0 || h == 0 || w == 0 {
		return 0, 0, 0, fmt.Errorf("no images (shape %s)", shapeString(s))
	}
	return n, h, w, nil
}

// className names class i from names, or by its number.
func className(names []string, i int) string {
	if i >= 0 && i < len(names) && names[i] != "" {
		return names[i]
	}
	return strconv.Itoa(i)
}

// pixelRange returns the smallest and largest finite pixel values of the
// images shown.
func pixelRange(t *Tensor, shown []int, size int) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, i := range shown {
		for _, v := range t.Row(i)[:size] {
			if !isNaNOrInf(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	return lo, hi
}

// drawGray draws one image's values at (x0, y0), each as a scale×scale
// block, the largest value black and the smallest white.
func drawGray(dst *image.RGBA, px []float64, w, h, scale, x0, y0 int, lo, hi float64) {
	for y := range h {
		for x := range w {
			v := px[y*w+x]
			g := uint8(255)
			if hi > lo && !isNaNOrInf(v) {
				g = uint8(math.Round(255 * (1 - (v-lo)/(hi-lo))))
			}
			block := image.Rect(x0+x*scale, y0+y*scale, x0+(x+1)*scale, y0+(y+1)*scale)
			draw.Draw(dst, block, &image.Uniform{C: color.Gray{Y: g}}, image.Point{}, draw.Src)
		}
	}
}

// frame draws a rectangle's outline, thick pixels wide, inside r.
func frame(dst *image.RGBA, r image.Rectangle, thick int, c color.Color) {
	u := &image.Uniform{C: c}
	for _, side := range []image.Rectangle{
		{r.Min, image.Pt(r.Max.X, r.Min.Y+thick)}, {image.Pt(r.Min.X, r.Max.Y-thick), r.Max},
		{r.Min, image.Pt(r.Min.X+thick, r.Max.Y)}, {image.Pt(r.Max.X-thick, r.Min.Y), r.Max},
	} {
		draw.Draw(dst, side, u, image.Point{}, draw.Src)
	}
}

// drawText writes s with its baseline at (x, y) in a 7×13 pixel font.
func drawText(dst *image.RGBA, s string, x, y int, c color.Color) {
	d := font.Drawer{Dst: dst, Src: &image.Uniform{C: c}, Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}
