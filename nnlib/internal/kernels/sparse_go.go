package kernels

// The plain-Go sparse-A path of F32, for the generic kernel set: like the
// assembly one (sparse_amd64.go) it does the terms of A's nonzero elements
// only, in increasing k for each element of C. Plain Go multiplies a
// float32 a cycle, so for MNIST's images, 81% zeros, this is what makes
// training usable without assembly.

// sparseMinWork is the least m·n·k for which F32 counts A's zeros: the
// count costs about 1/40 of the dense product in assembly, so it is only
// tried where the product takes tens of microseconds.
const sparseMinWork = 1 << 20

// sparseGoMaxDensity is the fraction of nonzero elements of A below which
// the generic set takes the sparse path: one term costs about as much as
// in the dense loop, so anything much below 1 gains.
const sparseGoMaxDensity = 0.5

// sparseGoWorthIt reports whether the generic F32 should take the sparse
// path: the product is large, B is not transposed, and A is sparse enough.
func sparseGoWorthIt(tA, tB bool, m, n, k int, a []float32, lda int) bool {
	if tB || m*n*k < sparseMinWork {
		return false
	}
	rows, cols := m, k
	if tA {
		rows, cols = k, m
	}
	nz := 0
	for r := range rows {
		for _, x := range a[r*lda : r*lda+cols] {
			if x != 0 {
				nz++
			}
		}
	}
	return float64(nz) < sparseGoMaxDensity*float64(rows*cols)
}

// sparseGo32 is F32 for a non-transposed B by rows of B: C's row i gets
// A(i, p)·(row p of B) for each nonzero A(i, p).
func sparseGo32(tA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	zeroUnlessAcc(m, n, c, ldc, acc)
	if tA {
		// A(i, p) = X(p, i): go down the rows of X, so that X is read in
		// order; each C element still gets its terms in increasing p.
		for p := range k {
			brow := b[p*ldb : p*ldb+n]
			for i, x := range a[p*lda : p*lda+m] {
				if x != 0 {
					axpy(c[i*ldc:i*ldc+n], x, brow)
				}
			}
		}
		return
	}
	for i := range m {
		crow := c[i*ldc : i*ldc+n]
		for p, x := range a[i*lda : i*lda+k] {
			if x != 0 {
				axpy(crow, x, b[p*ldb:p*ldb+n])
			}
		}
	}
}

// axpy sets y += a·x.
func axpy(y []float32, a float32, x []float32) {
	y = y[:len(x)]
	for j, v := range x {
		y[j] += a * v
	}
}
