//go:build !purego

package kernels

// F32 looks at the zeros of A when the product is large: inputs such as
// MNIST images are mostly zeros, and the sparse kernels of sparse_amd64.s
// (see gen/sparse.go) then do the work of A's nonzero elements only. They
// add the terms of each element in increasing k, as the dense kernels do,
// and leave out those whose A element is zero (as the reference BLAS once
// did): the sums agree to rounding, except that 0·∞ or 0·NaN terms, which
// would make them NaN, are not formed.

// The fractions of nonzero elements of A below which the sparse kernels
// are used. Measured on Zen 5 for the MNIST shapes, they break even with
// the dense ones at about 65% nonzeros for X·W1 (45% for AVX2) and 47% for
// Xᵀ·dH (50%), whose 784 rows of C each cost a little even when empty; on
// real MNIST batches they take 36% and 42% of the dense time.
const (
	sparseMaxDensityNN = 0.4
	sparseMaxDensityTN = 0.35
)

// sparseSet is the sparse kernels of one instruction set.
type sparseSet struct {
	width int             // float32 lanes per vector, and the transpose tile
	tiers [4]sparseKernel // 8, 4, 2 and 1 vectors per row of C
	// count returns the number of nonzero elements of a matrix.
	count func(rows, cols int, a *float32, lda int) int
}

// sparseL1 is the number of float32s of B one kernel call works on, kept
// in L1 (32 KiB) while the rows of A pass over it: the nonzero elements of
// a row of A ask for rows of B in no pattern the prefetchers follow, so
// without blocks they come from L2 (X·W1 at MNIST's density: 31 µs
// without, 22 µs with).
const sparseL1 = 8192

// sparseDepth is the most rows of X transposed at a time for Xᵀ·B, and
// sparseScratch the size of the buffer they are transposed into.
const (
	sparseDepth   = 64
	sparseScratch = 2048
)

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
// partial), each in blocks of k whose rows of B fit in L1, and each kernel
// call takes as many rows of C as the AVX-512 kernels' list can hold.
func (s *sparseSet) f32(tA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	var list [sparseListLen]int32
	if tA {
		s.transposed(m, n, k, a, lda, b, ldb, c, ldc, acc, &list)
		return
	}
	for j0 := 0; j0 < n; {
		t, cols := s.tier(n - j0)
		block := sparseL1 / s.tierWidth(t)
		for p0 := 0; p0 < k; p0 += block {
			kb := min(block, k-p0)
			rows := sparseListCap / ((kb/16 + 1) * 16)
			for i0 := 0; i0 < m; i0 += rows {
				s.tiers[t].run(min(rows, m-i0), kb, &a[i0*lda+p0], lda, &b[p0*ldb+j0], ldb, &c[i0*ldc+j0], ldc, cols, acc || p0 > 0, &list[0])
			}
		}
		j0 += cols
	}
}

// transposed is f32 for op(A) = Xᵀ: blocks of up to sparseDepth rows of X
// and a group of its columns are transposed into a buffer on the stack,
// whose rows the kernels then read as rows of A.
func (s *sparseSet) transposed(m, n, k int, x []float32, ldx int, b []float32, ldb int, c []float32, ldc int, acc bool, list *[sparseListLen]int32) {
	var xt [sparseScratch]float32
	for p0 := 0; p0 < k; p0 += sparseDepth {
		kb := min(sparseDepth, k-p0)
		rows := min(sparseScratch/kb, sparseListCap/((kb/16+1)*16)) / s.width * s.width
		for r0 := 0; r0 < m; r0 += rows {
			g := min(rows, m-r0)
			s.transpose(xt[:g*kb], kb, x[p0*ldx+r0:], ldx, kb, g)
			for j0 := 0; j0 < n; {
				t, cols := s.tier(n - j0)
				s.tiers[t].run(g, kb, &xt[0], kb, &b[p0*ldb+j0], ldb, &c[r0*ldc+j0], ldc, cols, acc || p0 > 0, &list[0])
				j0 += cols
			}
		}
	}
}

// transpose sets dst[j*ldd+i] = src[i*lds+j] for i < rows, j < cols: the
// whole tiles in assembly, the rest in Go.
func (s *sparseSet) transpose(dst []float32, ldd int, src []float32, lds, rows, cols int) {
	w := s.width
	rt, ct := rows/w*w, cols/w*w
	if rt > 0 {
		for j := 0; j < ct; j += w {
			if w == 16 {
				transposeAVX512(&dst[j*ldd], ldd, &src[j], lds, rt/w)
			} else {
				transposeAVX2(&dst[j*ldd], ldd, &src[j], lds, rt/w)
			}
		}
	}
	for i := range rows { // the columns right of the whole tiles
		for j := ct; j < cols; j++ {
			dst[j*ldd+i] = src[i*lds+j]
		}
	}
	for i := rt; i < rows; i++ { // the rows below them
		for j := range ct {
			dst[j*ldd+i] = src[i*lds+j]
		}
	}
}

// tier returns the widest panel tier that fits in n columns (the last,
// one vector, may be partial) and the panel's width.
func (s *sparseSet) tier(n int) (t, cols int) {
	for t < len(s.tiers)-1 && s.tierWidth(t) > n {
		t++
	}
	return t, min(s.tierWidth(t), n)
}

// tierWidth is the panel width in columns of tier t.
func (s *sparseSet) tierWidth(t int) int { return s.width << (len(s.tiers) - 1 - t) }
