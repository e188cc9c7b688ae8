package kernels

import "fmt"

// Uint8To32 sets dst[i] = float32(float64(src[i])·scale) for every i: it
// turns image bytes (0–255) into float32 inputs, scale 1/255 giving pixel
// values in [0, 1]. The product is taken in float64 and rounded to float32
// once, so every kernel set, and a 256-entry lookup table built with the
// same expression, give identical bits.
//
// dst and src must have the same length; Uint8To32 panics otherwise.
func Uint8To32(dst []float32, src []uint8, scale float64) {
	if len(dst) != len(src) {
		panic(fmt.Sprintf("kernels.Uint8To32: len(dst) = %d, len(src) = %d; want equal", len(dst), len(src)))
	}
	active.uint8To32(dst, src, scale)
}

// uint8To32Generic is Uint8To32 in plain Go, after the length check.
func uint8To32Generic(dst []float32, src []uint8, scale float64) {
	dst = dst[:len(src)]
	for i, b := range src {
		dst[i] = float32(float64(b) * scale)
	}
}
