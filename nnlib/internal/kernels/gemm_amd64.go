//go:build !purego

package kernels

// This file drives the assembly micro-kernels of gemm_amd64.s. The loops
// follow research/gemm-in-go.md: K in blocks of kc; for each block, panels
// of B nr columns wide; for each panel, one kernel call runs every main
// tile down C and a few smaller tiles run the rows left over. Rows of A
// are read in place through (rsa, csa) strides, transposed or not; B is
// read in place too, except when transposed, where each kc×nr block is
// first copied to a buffer on the stack. A ragged last panel is handled
// by the kernels' lane masks, so no C tile is ever staged.

// kc is the depth of one pass over K: a kc×32 block of B (32 KiB) stays in
// L1 while every tile of A passes over it.
const kc = 256

// maxNR is the widest panel of any micro-kernel.
const maxNR = 32

// asmGemm is the set of micro-kernels of one instruction set; the sets
// themselves are in gemm_kernels_amd64.go, written by go run ./gen.
type asmGemm struct {
	nr     int        // width of a full panel
	tiers  []tier     // row tiers, the main tile first
	sparse *sparseSet // the sparse-A kernels of the same instruction set
}

// tier is a pair of kernels for tiles of mr rows: full for panels of
// nr/2 < cols ≤ nr columns, half for 1 ≤ cols ≤ nr/2.
type tier struct {
	mr         int
	full, half microKernel
}

// f32 is F32 after its arguments are checked.
func (g *asmGemm) f32(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		zeroUnlessAcc(m, n, c, ldc, acc)
		return
	}
	if g.sparse.worthIt(tA, tB, m, n, k, a, lda, ldb) {
		g.sparse.f32(tA, m, n, k, a, lda, b, ldb, c, ldc, acc)
		return
	}
	rsa, csa := lda, 1
	if tA {
		rsa, csa = 1, lda
	}
	if tB {
		g.transB(m, n, k, a, rsa, csa, b, ldb, c, ldc, acc)
		return
	}
	for p0 := 0; p0 < k; p0 += kc {
		kb := min(kc, k-p0)
		for j0 := 0; j0 < n; j0 += g.nr {
			g.panel(m, kb, a[p0*csa:], rsa, csa, &b[p0*ldb+j0], ldb, c[j0:], ldc, min(g.nr, n-j0), acc || p0 > 0)
		}
	}
}

// transB is f32 for a transposed B: each kb×nr block of op(B) = Bᵀ is
// copied into rows of a stack buffer before the kernels read it.
func (g *asmGemm) transB(m, n, k int, a []float32, rsa, csa int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	var buf [kc * maxNR]float32
	for p0 := 0; p0 < k; p0 += kc {
		kb := min(kc, k-p0)
		for j0 := 0; j0 < n; j0 += g.nr {
			cols := min(g.nr, n-j0)
			transpose(buf[:kb*g.nr], g.nr, b[j0*ldb+p0:], ldb, cols, kb)
			g.panel(m, kb, a[p0*csa:], rsa, csa, &buf[0], g.nr, c[j0:], ldc, cols, acc || p0 > 0)
		}
	}
}

// transpose copies the first kb elements of rows rows of b (stride ldb)
// into the first rows columns of dst (stride ld): dst[p*ld+j] = b[j*ldb+p].
func transpose(dst []float32, ld int, b []float32, ldb, rows, kb int) {
	for j := range rows {
		src := b[j*ldb : j*ldb+kb]
		for p, x := range src {
			dst[p*ld+j] = x
		}
	}
}

// panel computes the m×cols block of C at c from the m×kb block of op(A)
// at a and the kb×cols panel of op(B) at b: one kernel call runs every
// main tile down C, and at most one call per smaller tier runs the rows
// left over.
func (g *asmGemm) panel(m, kb int, a []float32, rsa, csa int, b *float32, ldb int, c []float32, ldc, cols int, acc bool) {
	narrow := cols <= g.nr/2
	i := 0
	for _, t := range g.tiers {
		tiles := (m - i) / t.mr
		if tiles == 0 {
			continue
		}
		k := t.full
		if narrow {
			k = t.half
		}
		k.run(tiles, kb, &a[i*rsa], rsa, csa, b, ldb, &c[i*ldc], ldc, cols, acc)
		i += tiles * t.mr
	}
}
