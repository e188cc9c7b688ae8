package kernels

// This file holds the plain-Go matrix product: F64 on every platform and
// F32 where no assembly runs. It is written for clarity first: C is cut
// into 4×4 tiles, each tile's sixteen sums stay in registers while k runs,
// and the ragged border falls back to one dot product per element.

// float is the element type of the plain-Go kernels.
type float interface{ ~float32 | ~float64 }

// layout locates element (i, p) of op(X) at x[i*row+p*col]: op(X) = X
// reads rows in place (row = ld, col = 1), op(X) = Xᵀ swaps the strides.
type layout struct{ row, col int }

// layoutOf returns the layout of op(X) for a matrix stored with stride ld.
func layoutOf(trans bool, ld int) layout {
	if trans {
		return layout{row: 1, col: ld}
	}
	return layout{row: ld, col: 1}
}

// gemm64 is F64 without the argument checks.
func gemm64(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	gemmGo(m, n, k, a, layoutOf(tA, lda), b, layoutOf(tB, ldb), c, ldc, acc)
}

// gemmGeneric32 is F32 without the argument checks, in plain Go.
func gemmGeneric32(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	if sparseGoWorthIt(tA, tB, m, n, k, a, lda) {
		sparseGo32(tA, m, n, k, a, lda, b, ldb, c, ldc, acc)
		return
	}
	gemmGo(m, n, k, a, layoutOf(tA, lda), b, layoutOf(tB, ldb), c, ldc, acc)
}

// gemmGo computes C (m×n, stride ldc) = op(A)·op(B), plus C when acc, with
// op(A) (m×k) and op(B) (k×n) located by their layouts.
func gemmGo[T float](m, n, k int, a []T, la layout, b []T, lb layout, c []T, ldc int, acc bool) {
	if k == 0 {
		// An empty sum: A and B may hold no element at all.
		zeroUnlessAcc(m, n, c, ldc, acc)
		return
	}
	for i := 0; i < m; i += 4 {
		for j := 0; j < n; j += 4 {
			if i+4 <= m && j+4 <= n {
				tile4x4(k, a[i*la.row:], la, b[j*lb.col:], lb, c[i*ldc+j:], ldc, acc)
				continue
			}
			for ii := i; ii < min(i+4, m); ii++ {
				for jj := j; jj < min(j+4, n); jj++ {
					s := dot(k, a[ii*la.row:], la.col, b[jj*lb.col:], lb.row)
					if acc {
						s += c[ii*ldc+jj]
					}
					c[ii*ldc+jj] = s
				}
			}
		}
	}
}

// dot returns Σ x[p*incX]·y[p*incY] over p < k.
func dot[T float](k int, x []T, incX int, y []T, incY int) T {
	var s T
	for p := range k {
		s += x[p*incX] * y[p*incY]
	}
	return s
}

// tile4x4 computes the 4×4 tile of C at c (stride ldc) from the four rows
// of op(A) at a and the four columns of op(B) at b.
func tile4x4[T float](k int, a []T, la layout, b []T, lb layout, c []T, ldc int, acc bool) {
	var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 T
	ar, br := la.row, lb.col
	for p := range k {
		pa, pb := p*la.col, p*lb.row
		a0, a1, a2, a3 := a[pa], a[pa+ar], a[pa+2*ar], a[pa+3*ar]
		b0, b1, b2, b3 := b[pb], b[pb+br], b[pb+2*br], b[pb+3*br]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	store4(c[0:4], c00, c01, c02, c03, acc)
	store4(c[ldc:ldc+4], c10, c11, c12, c13, acc)
	store4(c[2*ldc:2*ldc+4], c20, c21, c22, c23, acc)
	store4(c[3*ldc:3*ldc+4], c30, c31, c32, c33, acc)
}

// store4 writes (or, when acc, adds) four sums to row.
func store4[T float](row []T, s0, s1, s2, s3 T, acc bool) {
	row = row[:4]
	if acc {
		s0 += row[0]
		s1 += row[1]
		s2 += row[2]
		s3 += row[3]
	}
	row[0], row[1], row[2], row[3] = s0, s1, s2, s3
}

// zeroUnlessAcc sets the m×n matrix C to zero unless acc: the product when
// k is 0.
func zeroUnlessAcc[T float](m, n int, c []T, ldc int, acc bool) {
	if acc {
		return
	}
	if ldc == n {
		clear(c[:m*n]) // one call: twice as fast for 784×128
		return
	}
	for i := range m {
		clear(c[i*ldc : i*ldc+n])
	}
}
