//go:build !purego

package kernels

// The Adam update in adam_amd64.s (written by go run ./gen), used by both
// the avx512 and avx2 sets: see there why there is no 512-bit version. The
// slices must have equal lengths.

//go:noescape
func adamAVX2(p, g, m, v []float32, h AdamHyper)
