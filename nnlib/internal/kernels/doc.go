// Package kernels holds the compute kernels under nnlib's training loop:
// matrix products (F32, F64) and the fused Adam update (Adam32).
//
// The float32 kernels are the hot path. On amd64 they run hand-written
// AVX-512 or AVX2+FMA assembly, chosen once at program start from the CPU's
// features; everywhere else, and in builds tagged purego, they run plain Go.
// Impl reports which set was chosen. The environment variable GONN_KERNELS
// ("avx512", "avx2" or "generic") can ask for a less capable set, for
// comparisons; a set the CPU cannot run is never chosen.
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
