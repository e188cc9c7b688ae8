// Package kernels holds the compute kernels under nnlib's training loop:
// matrix products (F32, F64), the Adam update (Adam32), and the conversion
// of image bytes to float32 (Uint8To32, with PrefetchBytes to fetch the
// next batch's bytes early).
//
// The float32 kernels are the hot path. On amd64 they run assembly for
// AVX-512 or for AVX2 with FMA, chosen once at program start from the
// CPU's features; everywhere else, and in builds tagged purego, they run
// plain Go. Impl reports which set was chosen. The environment variable
// GONN_KERNELS ("avx512", "avx2" or "generic") can ask for a less capable
// set, for comparisons; a set the CPU cannot run is never chosen. The
// assembly is written by the generator in gen/ (go generate).
//
// F32 has two paths on amd64. Dense products use register-tiled
// micro-kernels (8×32 for AVX-512, 6×16 for AVX2) that read A in place,
// transposed or not. Large products whose A is mostly zeros, as the input
// images of MNIST are, use kernels that find A's nonzero elements and do
// their terms only; F32 counts the zeros to choose.
//
// F64 is the float64 path used for checking and teaching: a clear blocked
// Go loop, not tuned.
//
// Matrices are row-major slices with a row stride (ld), as in BLAS with
// row-major order: element (i, j) of an r×c matrix X is x[i*ldx+j]. The
// functions panic, naming the argument, when a dimension is negative, a
// stride is smaller than the row length, or a slice is too short for the
// matrix it holds, the way gonum's BLAS does; callers validate user input
// before it reaches here. Nothing in the package allocates per call or
// keeps mutable state, so any number of goroutines may call it at once on
// distinct outputs.
package kernels

//go:generate go run ./gen
