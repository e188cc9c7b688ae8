package kernels

import "fmt"

// F32 computes C = op(A)·op(B), or C += op(A)·op(B) when accumulate is
// true, in float32, where op(X) is Xᵀ when its flag (tA, tB) is set and X
// otherwise.
//
// op(A) is m×k, op(B) is k×n and C is m×n. Every matrix is row-major with
// its own row stride: A as stored is m×k (k×m when tA) with element (i, p)
// at a[i*lda+p]; likewise B (k×n, or n×k when tB) and C (m×n) with ldb and
// ldc. Strides larger than the row length select a sub-matrix view; only
// the m×n elements of C inside the view are written.
//
// When k is 0, C is zeroed (accumulate false) or left as is (accumulate
// true). When m or n is 0, nothing happens. C must not overlap A or B.
//
// Each element of C is a float32 sum over k in increasing order, rounded
// as the kernel set computes it (fused multiply-adds in the assembly). When
// A is large and mostly zeros, terms whose A element is zero are left out:
// the result is the same up to rounding, except that such a term with an
// infinite or NaN element of B does not turn the sum into NaN.
//
// F32 panics if a dimension is negative, a stride is smaller than the row
// length (or than 1), or a slice is shorter than its matrix needs:
// (rows-1)*ld + cols elements.
func F32(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, accumulate bool) {
	checkGemm("F32", tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	active.f32(tA, tB, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

// F64 is F32 for float64: C = op(A)·op(B), or C += op(A)·op(B) when
// accumulate is true, with the same shapes, strides, edge cases and panics.
//
// It is the correctness and teaching path (plain Go on every platform);
// F32 is the fast one.
func F64(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	checkGemm("F64", tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	gemm64(tA, tB, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

// checkGemm panics unless the arguments of F32 or F64 (named fn) describe
// matrices that fit in their slices.
func checkGemm(fn string, tA, tB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernels.%s: negative dimension (m=%d, n=%d, k=%d)", fn, m, n, k))
	}
	ar, ac, br, bc := storedShapes(tA, tB, m, n, k)
	checkMatrix(fn, "a", ar, ac, lenA, lda)
	checkMatrix(fn, "b", br, bc, lenB, ldb)
	checkMatrix(fn, "c", m, n, lenC, ldc)
}

// checkMatrix panics unless a rows×cols matrix with row stride ld fits in
// a slice of the given length.
func checkMatrix(fn, name string, rows, cols, length, ld int) {
	if ld < max(1, cols) {
		panic(fmt.Sprintf("kernels.%s: ld%s = %d, want ≥ %d (the row length of the %d×%d matrix %s, at least 1)",
			fn, name, ld, max(1, cols), rows, cols, name))
	}
	if rows > 0 && cols > 0 {
		if need := (rows-1)*ld + cols; length < need {
			panic(fmt.Sprintf("kernels.%s: len(%s) = %d, want ≥ %d for a %d×%d matrix with row stride %d",
				fn, name, length, need, rows, cols, ld))
		}
	}
}

// storedShapes returns the rows and columns of A and B as stored, for a
// product of an m×k op(A) and a k×n op(B).
func storedShapes(tA, tB bool, m, n, k int) (ar, ac, br, bc int) {
	ar, ac, br, bc = m, k, k, n
	if tA {
		ar, ac = k, m
	}
	if tB {
		br, bc = n, k
	}
	return ar, ac, br, bc
}
