package nnlib

import (
	"math"

	"github.com/gonn-dev/gonn/nnlib/internal/kernels"
)

// float is the element type of a model's parameters and activations.
// Generics stay inside the package: yaegi cannot call generic functions.
type float interface{ ~float32 | ~float64 }

// gemmFunc is the shape of kernels.F32 and kernels.F64: C = op(A)·op(B)
// (or C += … when acc), row-major with row strides.
type gemmFunc[T float] func(tA, tB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int, acc bool)

// gemmFor returns the matrix-product kernel for T.
func gemmFor[T float]() gemmFunc[T] {
	var f any
	var zero T
	switch any(zero).(type) {
	case float32:
		f = gemmFunc[float32](kernels.F32)
	default:
		f = gemmFunc[float64](kernels.F64)
	}
	return f.(gemmFunc[T])
}

// isFloat32 reports whether T is float32.
func isFloat32[T float]() bool {
	var zero T
	_, ok := any(zero).(float32)
	return ok
}

// matrix is a row-major rows×cols view of data[:rows*cols].
type matrix[T float] struct {
	rows, cols int
	data       []T
}

// resize returns buf with room for n elements, reallocating only when it
// is too small, so a steady training loop allocates nothing.
func resize[T float](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// view returns a rows×cols matrix over buf, grown as needed.
func view[T float](buf *[]T, rows, cols int) matrix[T] {
	*buf = resize(*buf, rows*cols)
	return matrix[T]{rows, cols, *buf}
}

// sumSquares returns Σ x² in float64, with four accumulators so the loop
// is not bound by one dependency chain.
func sumSquares[T float](x []T) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		a, b, c, d := float64(x[i]), float64(x[i+1]), float64(x[i+2]), float64(x[i+3])
		s0 += a * a
		s1 += b * b
		s2 += c * c
		s3 += d * d
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i]) * float64(x[i])
	}
	return s0 + s1 + s2 + s3
}

// argmaxRow returns the index of the largest value (the first on ties).
func argmaxRow[T float](row []T) int {
	best := 0
	for j, v := range row {
		if v > row[best] {
			best = j
		}
	}
	return best
}

// finite reports whether every element is a finite number.
func finite[T float](x []T) bool {
	for _, v := range x {
		if v-v != 0 {
			return false
		}
	}
	return true
}

// toFloat64s copies x into a new float64 slice.
func toFloat64s[T float](x []T) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// isNaNOrInf reports whether v is not a finite number.
func isNaNOrInf(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
