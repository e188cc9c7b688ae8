//go:build !purego

package kernels

// uint8To32Wide is Uint8To32 with AVX-512 for the whole blocks of 16.
func uint8To32Wide(dst []float32, src []uint8, scale float64) {
	n := len(src) &^ 15
	uint8To32AVX512(dst, src[:n], scale)
	uint8To32Generic(dst[n:], src[n:], scale)
}

// uint8To32Narrow is Uint8To32 with AVX2 for the whole blocks of 8.
func uint8To32Narrow(dst []float32, src []uint8, scale float64) {
	n := len(src) &^ 7
	uint8To32AVX2(dst, src[:n], scale)
	uint8To32Generic(dst[n:], src[n:], scale)
}

// The conversions in convert_amd64.s (written by go run ./gen); they do
// len(src) rounded down to their block and need len(dst) at least that.

//go:noescape
func uint8To32AVX512(dst []float32, src []uint8, scale float64)

//go:noescape
func uint8To32AVX2(dst []float32, src []uint8, scale float64)
