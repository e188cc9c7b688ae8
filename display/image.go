package display

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"reflect"
)

// MaxImageScale is the largest factor accepted by ImageScaled.
const MaxImageScale = 64

// maxImageSide bounds the pixel width and height of an image this package
// encodes, so that a typo in a scale factor cannot exhaust memory.
const maxImageSide = 16384

// imageBundle encodes img as PNG.
func imageBundle(img image.Image) (Bundle, error) {
	if isNil(img) {
		return nil, errors.New("nil image")
	}
	data, err := encodePNG(img, png.DefaultCompression)
	if err != nil {
		return nil, err
	}
	return pngBundle(data)
}

// scaledImageBundle enlarges img by an integer factor, each source pixel
// becoming a scale×scale block, and encodes it as PNG.
func scaledImageBundle(img image.Image, scale int) (Bundle, error) {
	if isNil(img) {
		return nil, errors.New("nil image")
	}
	if scale < 1 || scale > MaxImageScale {
		return nil, fmt.Errorf("scale %d is outside 1..%d", scale, MaxImageScale)
	}
	b := img.Bounds()
	if b.Dx()*scale > maxImageSide || b.Dy()*scale > maxImageSide {
		return nil, fmt.Errorf("%d×%d image scaled by %d exceeds %d pixels a side",
			b.Dx(), b.Dy(), scale, maxImageSide)
	}
	return imageBundle(upscale(img, scale))
}

// upscale enlarges img by nearest-neighbour replication, which keeps small
// images such as 28×28 MNIST digits sharp where a browser would blur them.
func upscale(img image.Image, scale int) image.Image {
	if scale == 1 {
		return img
	}
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx()*scale, b.Dy()*scale))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			x0, y0 := (x-b.Min.X)*scale, (y-b.Min.Y)*scale
			block := image.Rect(x0, y0, x0+scale, y0+scale)
			draw.Draw(dst, block, image.NewUniform(img.At(x, y)), image.Point{}, draw.Src)
		}
	}
	return dst
}

// encodePNG encodes img as PNG at the given compression level.
func encodePNG(img image.Image, level png.CompressionLevel) ([]byte, error) {
	b := img.Bounds()
	if b.Dx() > maxImageSide || b.Dy() > maxImageSide {
		return nil, fmt.Errorf("%d×%d image exceeds %d pixels a side", b.Dx(), b.Dy(), maxImageSide)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: level}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encoding %d×%d image as PNG: %w", b.Dx(), b.Dy(), err)
	}
	return buf.Bytes(), nil
}

// isNil reports whether v is nil or holds a nil pointer, channel or
// function — values whose methods are likely to dereference nil.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Chan, reflect.Func:
		return rv.IsNil()
	}
	return false
}
