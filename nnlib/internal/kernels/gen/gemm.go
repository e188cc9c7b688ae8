package main

import "fmt"

// gemmKernel is one GEMM micro-kernel: it computes tiles of mr rows and
// nv vectors (nv·width columns) of C = A·B, one after the other down C.
type gemmKernel struct {
	isa isa
	mr  int // rows of C per tile
	nv  int // vectors per row: 2 for full panels, 1 for narrow ones
}

// gemmSet is the micro-kernels of one instruction set. The main tile is
// mr×(2·width); each row tier has a kernel for full panels (two vectors
// per row) and one for narrow panels (N = 10: one vector).
type gemmSet struct {
	isa   isa
	tiers []int // rows per tile, largest first: the main tile, then the
	// tiles for the rows left below the last main tile
}

// gemmSets are the kernel sets of package kernels. AVX-512 has 32 vector
// registers: its 8×32 tile keeps 16 accumulators in Z16–Z31. AVX2 has 16:
// its 6×16 tile keeps 12 accumulators, enough to hide the FMA latency at
// two FMAs a cycle, plus two vectors of B, one broadcast and the mask.
var gemmSets = []gemmSet{
	{avx512, []int{8, 4, 2, 1}},
	{avx2, []int{6, 4, 2, 1}},
}

// kernels lists the set's micro-kernels, tier by tier, full then narrow.
func (s gemmSet) kernels() []gemmKernel {
	var ks []gemmKernel
	for _, mr := range s.tiers {
		ks = append(ks, gemmKernel{s.isa, mr, 2}, gemmKernel{s.isa, mr, 1})
	}
	return ks
}

// allKernels lists every micro-kernel of every set.
func allKernels() []gemmKernel {
	var ks []gemmKernel
	for _, s := range gemmSets {
		ks = append(ks, s.kernels()...)
	}
	return ks
}

// name is the Go name of the kernel, e.g. gemm8x32AVX512.
func (g gemmKernel) name() string {
	return fmt.Sprintf("gemm%dx%d%s", g.mr, g.nv*g.isa.width, g.isa.name)
}

// Register plan. General registers:
//
//	R8   tiles left          R11  A at the current tile's row 0, column 0
//	CX   k steps left        SI   A at row 0 of the tile, column p
//	AX   csa in bytes        BX   A at row 4 of the tile, column p
//	R12  rsa in bytes        DI   B at row p of the panel
//	R13  3·rsa in bytes      R9   ldb in bytes
//	DX   C at the current row R10  ldc in bytes
//
// Vector registers, AVX-512: accumulators Z16–Z31, B in Z0–Z1, broadcasts
// alternating in Z2–Z3, C in Z4, the lane mask in K1. AVX2: accumulators
// from Y0 (up to Y11), B in Y12–Y13 (Y12 also holds C at the end), the
// broadcast in Y14 and the lane mask in Y15. Y15 is Go's zero register in
// compiled code, but these are ABI0 functions, in which it is scratch; the
// call wrapper zeroes it again on return.
func (g gemmKernel) acc(r, v int) string {
	if g.isa == avx512 {
		return g.isa.vec(16 + r*g.nv + v)
	}
	return g.isa.vec(r*g.nv + v)
}

// bvec is the register holding vector v of the current row of B.
func (g gemmKernel) bvec(v int) string {
	if g.isa == avx512 {
		return g.isa.vec(v)
	}
	return g.isa.vec(12 + v)
}

// bcast is the register holding A(r, p) broadcast to every lane.
func (g gemmKernel) bcast(r int) string {
	if g.isa == avx512 {
		return g.isa.vec(2 + r%2)
	}
	return g.isa.vec(14)
}

// tmp is the register holding C while it is added to the sums.
func (g gemmKernel) tmp() string {
	if g.isa == avx512 {
		return g.isa.vec(4)
	}
	return g.isa.vec(12)
}

// mask is the lane mask of the last vector of each row.
func (g gemmKernel) mask() string {
	if g.isa == avx512 {
		return "K1"
	}
	return "Y15"
}

// rowA is the address of A(r, p) for row r of the tile: rows 0–3 from SI,
// rows 4–7 from BX, with scaled-index addressing so no per-row pointer is
// kept.
func rowA(r int) string {
	base := "SI"
	if r >= 4 {
		base = "BX"
	}
	return "(" + base + ")" + [4]string{"", "(R12*1)", "(R12*2)", "(R13*1)"}[r%4]
}

// offset is the byte offset of vector v within a row.
func (g gemmKernel) offset(v int) string {
	if v == 0 {
		return ""
	}
	return fmt.Sprint(v * g.isa.width * 4)
}

// gemmFile returns gemm_amd64.s.
func gemmFile() []byte {
	var w writer
	w.line("%s", header)
	w.line(`// GEMM micro-kernels. Each computes C = A·B (or C += A·B) for "tiles"
// consecutive tiles of mr rows of C, all against the same k×cols panel of B:
//
//	A(r, p) = a[r*rsa + p*csa]   rows of A read in place, transposed or not
//	B(p, j) = b[p*ldb + j]       a panel row is contiguous; j < cols
//	C(r, j) = c[r*ldc + j]
//
// Go signature (strides and cols in elements; every pointer and count is
// checked by the Go driver, see gemm_amd64.go):
//
//	func gemmMxN(tiles, k int, a *float32, rsa, csa int, b *float32, ldb int,
//		c *float32, ldc, cols int, acc bool)
//
// cols is the panel width: the last vector of each row is read and written
// under a lane mask, so it may be partial. The main kernels require
// cols > N/2, the narrow ones (one vector per row) 1 ≤ cols ≤ N.`)
	for _, g := range allKernels() {
		g.emit(&w)
	}
	laneTable(&w, "gemmLanes<>")
	return w.Bytes()
}

// emit writes the kernel's TEXT block.
func (g gemmKernel) emit(w *writer) {
	s := g.isa
	w.line("")
	w.line("// func %s(tiles, k int, a *float32, rsa, csa int, b *float32, ldb int, c *float32, ldc, cols int, acc bool)", g.name())
	w.line("// %d×%d tiles, %d accumulators.", g.mr, g.nv*s.width, g.mr*g.nv)
	w.line("TEXT ·%s(SB), NOSPLIT, $0-81", g.name())

	w.note("Strides to bytes; R11 walks the tiles down A, DX down C.")
	w.op("MOVQ rsa+24(FP), R12")
	w.op("SHLQ $2, R12")
	if g.mr > 2 {
		w.op("LEAQ (R12)(R12*2), R13")
	}
	w.op("MOVQ csa+32(FP), AX")
	w.op("SHLQ $2, AX")
	w.op("MOVQ ldb+48(FP), R9")
	w.op("SHLQ $2, R9")
	w.op("MOVQ ldc+64(FP), R10")
	w.op("SHLQ $2, R10")
	w.op("MOVQ a+16(FP), R11")
	w.op("MOVQ c+56(FP), DX")
	w.op("MOVQ tiles+0(FP), R8")

	last := g.nv - 1
	w.note("Mask of the last vector's lanes: cols - %d of them are valid (1 to %d).", last*s.width, s.width)
	if s == avx512 {
		w.op("MOVQ cols+72(FP), CX")
		if last > 0 {
			w.op("SUBQ $%d, CX", last*s.width)
		}
		w.op("MOVL $1, BX")
		w.op("SHLQ CX, BX")
		w.op("DECQ BX")
		w.op("KMOVW BX, K1")
	} else {
		w.op("MOVQ $%d, BX", 8+last*s.width)
		w.op("SUBQ cols+72(FP), BX")
		w.op("LEAQ gemmLanes<>(SB), CX")
		w.op("VMOVDQU (CX)(BX*4), %s", g.mask())
	}
	w.op("TESTQ R8, R8")
	w.op("JZ done")

	w.note("Start a tile: clear the sums, point at row 0 of A and B.")
	w.label("tile")
	for r := range g.mr {
		for v := range g.nv {
			w.op("%s", s.zero(g.acc(r, v)))
		}
	}
	w.op("MOVQ R11, SI")
	if g.mr > 4 {
		w.op("LEAQ (SI)(R12*4), BX")
	}
	w.op("MOVQ b+40(FP), DI")
	w.op("MOVQ k+8(FP), CX")
	w.op("TESTQ CX, CX")
	w.op("JZ sums")

	if s == avx2 {
		// VMASKMOVPS in the loop costs about 12% on full panels, so they
		// get a loop of plain loads.
		w.note("Full panel (cols = %d): the loop without masked loads.", g.nv*s.width)
		w.op("CMPQ cols+72(FP), $%d", g.nv*s.width)
		w.op("JEQ kloop")
		g.kLoop(w, "kloopm", true)
		w.op("JMP sums")
		g.kLoop(w, "kloop", false)
	} else {
		// A masked load costs the same as a plain one on AVX-512.
		g.kLoop(w, "kloop", true)
	}

	w.note("Write the tile to C, adding what C holds when acc is set.")
	w.label("sums")
	w.op("CMPB acc+80(FP), $0")
	w.op("JEQ store")
	g.writeTile(w, true)
	w.op("JMP next")
	w.label("store")
	g.writeTile(w, false)

	w.note("Next tile: %d rows further down A.", g.mr)
	w.label("next")
	switch g.mr {
	case 1:
		w.op("ADDQ R12, R11")
	case 6:
		w.op("LEAQ (R11)(R13*2), R11")
	default:
		w.op("LEAQ (R11)(R12*%d), R11", g.mr)
	}
	w.op("DECQ R8")
	w.op("JNZ tile")

	w.label("done")
	w.op("VZEROUPPER")
	w.op("RET")
}

// kLoop writes the loop over k, at label, loading the last vector of each
// B row under the lane mask when masked.
func (g gemmKernel) kLoop(w *writer, label string, masked bool) {
	s, last := g.isa, g.nv-1
	w.note("One step of k: load row p of the B panel, then for each row r")
	w.op("// of the tile broadcast A(r, p) and multiply-add it into row r's sums.")
	w.label(label)
	for v := range g.nv {
		addr := g.offset(v) + "(DI)"
		if masked && v == last {
			w.op("%s", s.loadMasked(addr, g.mask(), g.bvec(v)))
		} else {
			w.op("VMOVUPS %s, %s", addr, g.bvec(v))
		}
	}
	for r := range g.mr {
		w.op("VBROADCASTSS %s, %s", rowA(r), g.bcast(r))
		for v := range g.nv {
			w.op("VFMADD231PS %s, %s, %s", g.bvec(v), g.bcast(r), g.acc(r, v))
		}
	}
	w.note("Next column of A, next row of B.")
	w.op("ADDQ AX, SI")
	if g.mr > 4 {
		w.op("ADDQ AX, BX")
	}
	w.op("ADDQ R9, DI")
	w.op("DECQ CX")
	w.op("JNZ %s", label)
}

// writeTile writes the sums row by row to C (DX), first adding C to them
// when add is set. DX ends at the row below the tile.
func (g gemmKernel) writeTile(w *writer, add bool) {
	s := g.isa
	last := g.nv - 1
	for r := range g.mr {
		for v := range g.nv {
			addr := g.offset(v) + "(DX)"
			if add {
				if v == last {
					w.op("%s", s.loadMasked(addr, g.mask(), g.tmp()))
				} else {
					w.op("VMOVUPS %s, %s", addr, g.tmp())
				}
				w.op("VADDPS %s, %s, %s", g.tmp(), g.acc(r, v), g.acc(r, v))
			}
			if v == last {
				w.op("%s", s.storeMasked(g.acc(r, v), g.mask(), addr))
			} else {
				w.op("VMOVUPS %s, %s", g.acc(r, v), addr)
			}
		}
		w.op("ADDQ R10, DX")
	}
}

// constName is the name of the kernel's microKernel constant in Go.
func (g gemmKernel) constName() string {
	return fmt.Sprintf("k%dx%d%s", g.mr, g.nv*g.isa.width, g.isa.name)
}

// gemmGoFile returns gemm_kernels_amd64.go: the Go declarations of the
// kernels, the switch that calls them and each set's table of tiers.
func gemmGoFile() []byte {
	var w writer
	w.line(`// Code generated by go run ./gen; DO NOT EDIT.

//go:build !purego

package kernels

// microKernel names one of the GEMM micro-kernels of gemm_amd64.s. Each
// computes C = A·B, or C += A·B when acc, for tiles consecutive tiles of
// mr rows: A(r, p) = a[r*rsa+p*csa], B(p, j) = b[p*ldb+j] and
// C(r, j) = c[r*ldc+j] for p < k and j < cols. A kernel nr columns wide
// needs nr/2 < cols ≤ nr when it has two vectors per row, 1 ≤ cols ≤ nr
// with one. Strides are in elements; every index must be in bounds.
type microKernel uint8

// The kernels, named rows×columns and instruction set.
const (`)
	var names []string
	for _, g := range allKernels() {
		names = append(names, g.constName())
	}
	enumConsts(&w, "microKernel", names)
	w.line(`)

// run calls kernel k. It is a switch of direct calls rather than a func
// value so that the compiler sees the kernels keep no pointer: buffers on
// the caller's stack then stay there.
func (k microKernel) run(tiles, depth int, a *float32, rsa, csa int, b *float32, ldb int, c *float32, ldc, cols int, acc bool) {
	switch k {`)
	for _, g := range allKernels() {
		w.op("case %s:", g.constName())
		w.op("\t%s(tiles, depth, a, rsa, csa, b, ldb, c, ldc, cols, acc)", g.name())
	}
	w.op("default:")
	w.op("\tpanic(\"kernels: unknown micro-kernel\")")
	w.line("\t}\n}")
	for _, s := range gemmSets {
		w.line("")
		w.line("// gemm%s drives the %s kernels.", s.isa.name, s.isa.name)
		w.line("var gemm%s = &asmGemm{", s.isa.name)
		w.op("nr: %d,", 2*s.isa.width)
		w.op("sparse: sparse%s,", s.isa.name)
		w.op("tiers: []tier{")
		for _, mr := range s.tiers {
			full, half := gemmKernel{s.isa, mr, 2}, gemmKernel{s.isa, mr, 1}
			w.op("	{%d, %s, %s},", mr, full.constName(), half.constName())
		}
		w.op("},")
		w.line("}")
	}
	for _, g := range allKernels() {
		w.line("")
		w.line("//go:noescape")
		w.line("func %s(tiles, k int, a *float32, rsa, csa int, b *float32, ldb int, c *float32, ldc, cols int, acc bool)", g.name())
	}
	return w.Bytes()
}
