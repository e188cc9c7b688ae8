//go:build !purego

package kernels

// The element-wise kernels in elementwise_amd64.s (written by go run
// ./gen); the callers check the slices' lengths.

//go:noescape
func reluAVX512(dst, src []float32)

//go:noescape
func reluAVX2(dst, src []float32)

//go:noescape
func reluGradAVX512(dz, z, da []float32)

//go:noescape
func reluGradAVX2(dz, z, da []float32)

//go:noescape
func colSumsAVX512(sums, x []float32, rows int)

//go:noescape
func colSumsAVX2(sums, x []float32, rows int)
