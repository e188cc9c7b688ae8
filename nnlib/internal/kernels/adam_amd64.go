//go:build !purego

package kernels

// The Adam update in adam_amd64.s (written by go run ./gen). The slices
// must have equal lengths.

//go:noescape
func adamAVX512(p, g, m, v []float32, h AdamHyper)

//go:noescape
func adamAVX2(p, g, m, v []float32, h AdamHyper)
