package main

import "fmt"

// gemmKernel is one GEMM micro-kernel: it computes tiles of mr rows and
// nv vectors (nv·width columns) of C = A·B, one after the other down C.
type gemmKernel struct {
	isa isa
	mr  int // rows of C per tile: 8 or 4 for the body, 1 for the ragged rows
	nv  int // vectors per row: 2 for full panels, 1 for narrow ones
}

// gemmKernels lists the micro-kernels package kernels uses. Each ISA has a
// main tile, one half as wide for narrow panels (N = 10), and one-row
// versions of both for the rows left over below the last full tile.
var gemmKernels = []gemmKernel{
	{avx512, 8, 2}, {avx512, 8, 1}, {avx512, 1, 2}, {avx512, 1, 1},
	{avx2, 4, 2}, {avx2, 4, 1}, {avx2, 1, 2}, {avx2, 1, 1},
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
// Vector registers (AVX-512 has 32, so the 16 accumulators of the 8×32
// tile sit in Z16–Z31 and no register is spilled; AVX2 has 16 and its
// 4×16 tile needs 8). X15/Y15 is left alone: it is Go's zero register.
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
	return g.isa.vec(8 + v)
}

// bcast is the register holding A(r, p) broadcast to every lane; two
// alternate so one row's broadcast can overlap the previous row's FMAs.
func (g gemmKernel) bcast(r int) string {
	if g.isa == avx512 {
		return g.isa.vec(2 + r%2)
	}
	return g.isa.vec(10 + r%2)
}

// tmp is the register holding C while it is added to the sums.
func (g gemmKernel) tmp() string {
	if g.isa == avx512 {
		return g.isa.vec(4)
	}
	return g.isa.vec(13)
}

// mask is the lane mask of the last vector of each row.
func (g gemmKernel) mask() string {
	if g.isa == avx512 {
		return "K1"
	}
	return "Y12"
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
	for _, g := range gemmKernels {
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

	w.note("One step of k: load row p of the B panel, then for each row r")
	w.op("// of the tile broadcast A(r, p) and multiply-add it into row r's sums.")
	w.label("kloop")
	for v := range g.nv {
		addr := g.offset(v) + "(DI)"
		if v == last {
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
	w.op("JNZ kloop")

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
	default:
		w.op("LEAQ (R11)(R12*%d), R11", g.mr)
	}
	w.op("DECQ R8")
	w.op("JNZ tile")

	w.label("done")
	w.op("VZEROUPPER")
	w.op("RET")
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
// kernels and the switch that calls them.
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
	for i, g := range gemmKernels {
		if i == 0 {
			w.op("%s microKernel = iota", g.constName())
		} else {
			w.op("%s", g.constName())
		}
	}
	w.line(`)

// run calls kernel k. It is a switch of direct calls rather than a func
// value so that the compiler sees the kernels keep no pointer: buffers on
// the caller's stack then stay there.
func (k microKernel) run(tiles, depth int, a *float32, rsa, csa int, b *float32, ldb int, c *float32, ldc, cols int, acc bool) {
	switch k {`)
	for _, g := range gemmKernels {
		w.op("case %s:", g.constName())
		w.op("\t%s(tiles, depth, a, rsa, csa, b, ldb, c, ldc, cols, acc)", g.name())
	}
	w.op("default:")
	w.op("\tpanic(\"kernels: unknown micro-kernel\")")
	w.line("\t}\n}")
	for _, g := range gemmKernels {
		w.line("")
		w.line("//go:noescape")
		w.line("func %s(tiles, k int, a *float32, rsa, csa int, b *float32, ldb int, c *float32, ldc, cols int, acc bool)", g.name())
	}
	return w.Bytes()
}
