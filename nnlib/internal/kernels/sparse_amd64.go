//go:build !purego

package kernels

// F32 looks at the zeros of A when the product is large: inputs such as
// MNIST images are mostly zeros, and the sparse kernels of sparse_amd64.s
// (see gen/sparse.go) then do the work of A's nonzero elements only. They
// add the terms of each element in the same order as the dense kernels and
// leave out only those whose A element is zero (as the reference BLAS
// once did): the sums are the same, except that 0·∞ or 0·NaN terms, which
// would make them NaN, are not formed.

// sparseMinWork is the least m·n·k for which F32 counts A's zeros: the
// count costs about 1/40 of the dense product, so it is only tried where
// the product takes tens of microseconds.
const sparseMinWork = 1 << 20

// The fractions of nonzero elements of A below which the sparse kernels
// are used. Measured on Zen 5 for the MNIST shapes, the NN kernels break
// even with the dense ones at about 50% nonzeros (45% for AVX2), the TN
// kernels at about 32% (40%); at MNIST's 19% they take 40% and 65% of the
// dense time.
const (
	sparseMaxDensityNN = 0.4
	sparseMaxDensityTN = 0.25
)

// sparseSet is the sparse kernels of one instruction set.
type sparseSet struct {
	width  int             // float32 lanes per vector
	nn, tn [4]sparseKernel // 8, 4, 2 and 1 vectors per row of C
	// count returns the number of nonzero elements of a matrix.
	count func(rows, cols int, a *float32, lda int) int
}

// sparseL1 is the number of float32s of B one NN kernel call works on,
// kept in L1 (32 KiB) while the rows of A pass over it: the nonzero
// elements of a row of A ask for rows of B in no pattern the prefetchers
// follow, so without blocks they come from L2 (NN at MNIST's density:
// 31 µs without, 22 µs with). Blocking the rows of C of the TN kernels the
// same way made them slower (53 µs against 40), so they take C whole.
const sparseL1 = 8192

// worthIt reports whether the product should take the sparse kernels:
// it is large, B is not transposed, A is sparse enough, and the offsets
// the kernels compute fit in int32.
func (s *sparseSet) worthIt(tA, tB bool, m, n, k int, a []float32, lda, ldb int) bool {
	if s == nil || tB || m*n*k < sparseMinWork || max(k*ldb, k*lda) >= 1<<29 {
		return false
	}
	rows, cols, limit := m, k, sparseMaxDensityNN
	if tA {
		rows, cols, limit = k, m, sparseMaxDensityTN
	}
	return float64(s.count(rows, cols, &a[0], lda)) < limit*float64(rows*cols)
}

// f32 is F32 for a non-transposed B, by the sparse kernels. C is done in
// panels of 8, 4, 2 or 1 vectors, widest first (only the last may be
// partial); NN kernels take each panel in blocks of k that fit in L1.
func (s *sparseSet) f32(tA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	if tA {
		zeroUnlessAcc(m, n, c, ldc, acc)
	}
	for j0 := 0; j0 < n; {
		t := 0
		for t < len(s.nn)-1 && s.tierWidth(t) > n-j0 {
			t++
		}
		cols := min(s.tierWidth(t), n-j0)
		if tA {
			s.tn[t].run(m, k, &a[0], lda, &b[j0], ldb, &c[j0], ldc, cols, true)
		} else {
			block := sparseL1 / s.tierWidth(t)
			for p0 := 0; p0 < k; p0 += block {
				s.nn[t].run(m, min(block, k-p0), &a[p0], lda, &b[p0*ldb+j0], ldb, &c[j0], ldc, cols, acc || p0 > 0)
			}
		}
		j0 += cols
	}
}

// tierWidth is the panel width in columns of tier t.
func (s *sparseSet) tierWidth(t int) int { return s.width << (len(s.nn) - 1 - t) }
