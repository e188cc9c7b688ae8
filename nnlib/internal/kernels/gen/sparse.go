package main

import "fmt"

// Sparse-A kernels. Inputs such as MNIST images are mostly zeros (81% of
// MNIST's pixels), and the two large products of a step, X·W1 and Xᵀ·dH,
// have X as their A. These kernels find the nonzero elements of each row
// of A a vector at a time (a test against zero gives a bit mask) and do
// the work of those elements only:
//
//	C(i, :) = Σ_p A(i, p)·B(p, :)    p over the nonzeros of row i,
//
// the sums held in registers for the whole row, the terms added in
// increasing p as the dense kernels add them. For Xᵀ·dH the caller first
// transposes X a block at a time (transpose.go).
//
// AVX-512 works in two passes over a group of rows, with a list in the
// caller's buffer. First it finds the nonzero elements of each row a block
// of 16 at a time: VCOMPRESSPS packs their values and VPCOMPRESSD the byte
// offsets of their rows of B, and a row's entries start where the previous
// row's end. Then, row by row, a counted loop does the terms. AVX2 has no
// compress: it visits each block's mask bit by bit (BSF), one term per bit.

// sparseKernel is one sparse kernel: nv vectors of C per row.
type sparseKernel struct {
	isa isa
	nv  int // vectors per row of C: 8, 4, 2 or 1 (1 may be partial)
}

// sparseTiers are the panel widths in vectors, widest first.
var sparseTiers = []int{8, 4, 2, 1}

// sparseKernels lists the sparse kernels of every set.
func sparseKernels() []sparseKernel {
	var ks []sparseKernel
	for _, s := range []isa{avx512, avx2} {
		for _, nv := range sparseTiers {
			ks = append(ks, sparseKernel{s, nv})
		}
	}
	return ks
}

// name is the Go name, e.g. sparse128AVX512.
func (k sparseKernel) name() string {
	return fmt.Sprintf("sparse%d%s", k.nv*k.isa.width, k.isa.name)
}

// constName is the name of the kernel's sparseKernel constant in Go.
func (k sparseKernel) constName() string { return "s" + k.name()[len("sparse"):] }

// The AVX-512 list: listCap offsets into B (int32), listCap values, then
// the index of each row's first entry (maxListRows+1 of them). A row takes
// at most (k/16+1)·16 entries, and the caller sizes each group of rows to
// fit.
const (
	listCap     = 2048
	maxListRows = listCap / 16
	listLen     = 2*listCap + maxListRows + 1
	listVals    = 4 * listCap // byte offset of the values
	listStarts  = 8 * listCap // byte offset of the row starts
)

// Register plan. General registers: R8 rows, SI A at the row, CX blocks
// left, R12 A at the block, DI B, DX C at the row, R9 ldb in bytes (AVX2)
// or the list (AVX-512), R10 ldc in bytes, AX mask bits or entry index,
// BX bit index or B row, R11 and R13 scratch or entry counts.
//
// Vector registers, AVX-512: sums in Z16–Z23, Z0 the block of A, Z8 the
// broadcast element, Z1–Z2 the compressed block, Z14 the B offsets of the
// block, Z12 their step; K1 the lanes of a partial last vector of C, K2
// the nonzero bits, K3 the lanes of the last block of a row. AVX2: sums in
// Y0–Y7, Y8 the broadcast, Y9 the block, Y10 zero, Y11 the last block's
// lanes, Y12 the partial vector's lanes, Y13 scratch.

// sum is register v of a row's sums.
func (k sparseKernel) sum(v int) string {
	if k.isa == avx512 {
		return k.isa.vec(16 + v)
	}
	return k.isa.vec(v)
}

// colMask is the mask of the partial last vector (nv = 1 only).
func (k sparseKernel) colMask() string {
	if k.isa == avx512 {
		return "K1"
	}
	return "Y12"
}

// sparseFile returns sparse_amd64.s.
func sparseFile() []byte {
	var w writer
	w.line("%s", header)
	w.line(`// Sparse-A kernels: the work of the nonzero elements of A only; see
// gen/sparse.go. Go signature:
//
//	func sparseNISA(rows, k int, a *float32, lda int, b *float32, ldb int,
//		c *float32, ldc, cols int, acc bool, list *int32)
//
// C = A·B, or C += A·B when acc, for rows rows of A and C and k columns of
// A. cols is the width of the panel of B and C: N for the kernels of 2 or
// more vectors, 1 to N for those of one. Strides are in elements. list is
// the AVX-512 kernels' buffer (see gen/sparse.go): rows·(k/16+1)·16
// entries must fit in it.`)
	for _, k := range sparseKernels() {
		k.emit(&w)
	}
	for _, s := range []isa{avx512, avx2} {
		countEmit(&w, s)
	}
	laneTable(&w, "sparseLanes<>")
	w.line("")
	w.line("// sparseIota: 0, 1, …, 15 as int32.")
	for i := range 16 {
		w.line("DATA sparseIota<>+%d(SB)/4, $%d", 4*i, i)
	}
	w.line("GLOBL sparseIota<>(SB), RODATA|NOPTR, $64")
	return w.Bytes()
}

// laneMaskAVX2 loads into r the AVX2 mask of the first n lanes, n in
// register n (0 to 8); it uses R11.
func laneMaskAVX2(w *writer, n, r string) {
	w.op("MOVQ $8, R11")
	w.op("SUBQ %s, R11", n)
	w.op("LEAQ sparseLanes<>(SB), %s", n)
	w.op("VMOVDQU (%s)(R11*4), %s", n, r)
}

// maskAVX512 sets mask register k to the first n lanes, n in CX (0–16).
func maskAVX512(w *writer, k string) {
	w.op("MOVL $1, BX")
	w.op("SHLQ CX, BX")
	w.op("DECQ BX")
	w.op("KMOVW BX, %s", k)
}

// emit writes the kernel's TEXT block.
func (k sparseKernel) emit(w *writer) {
	s := k.isa
	w.line("")
	w.line("// func %s(rows, k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc, cols int, acc bool, list *int32)", k.name())
	w.line("TEXT ·%s(SB), NOSPLIT, $0-88", k.name())
	w.note("Strides to bytes, pointers.")
	w.op("MOVQ ldb+40(FP), R9")
	w.op("SHLQ $2, R9")
	w.op("MOVQ ldc+56(FP), R10")
	w.op("SHLQ $2, R10")
	w.op("MOVQ a+16(FP), SI")
	w.op("MOVQ b+32(FP), DI")
	w.op("MOVQ c+48(FP), DX")

	w.note("Lanes of the last block of a row of A, and of a partial vector of C.")
	w.op("MOVQ k+8(FP), CX")
	w.op("ANDQ $%d, CX", s.width-1)
	if s == avx512 {
		maskAVX512(w, "K3")
		if k.nv == 1 {
			w.op("MOVQ cols+64(FP), CX")
			maskAVX512(w, "K1")
		}
		k.emitList(w)
	} else {
		laneMaskAVX2(w, "CX", "Y11")
		if k.nv == 1 {
			w.op("MOVQ cols+64(FP), CX")
			laneMaskAVX2(w, "CX", "Y12")
		}
		w.op("VXORPS Y10, Y10, Y10")
		k.emitBits(w)
	}
	w.label("done")
	w.op("VZEROUPPER")
	w.op("RET")
}

// writeRow writes the sums to the row of C at DX, adding what C holds
// when acc is set.
func (k sparseKernel) writeRow(w *writer) {
	s := k.isa
	w.note("Write the row to C, adding what C holds when acc is set.")
	w.op("CMPB acc+72(FP), $0")
	w.op("JEQ store")
	tmp := s.vec(1)
	if s == avx2 {
		tmp = "Y13"
	}
	for v := range k.nv {
		addr := fmt.Sprintf("%d(DX)", 4*s.width*v)
		if k.nv == 1 {
			w.op("%s", s.loadMasked(addr, k.colMask(), tmp))
		} else {
			w.op("VMOVUPS %s, %s", addr, tmp)
		}
		w.op("VADDPS %s, %s, %s", tmp, k.sum(v), k.sum(v))
	}
	w.label("store")
	for v := range k.nv {
		addr := fmt.Sprintf("%d(DX)", 4*s.width*v)
		if k.nv == 1 {
			w.op("%s", s.storeMasked(k.sum(v), k.colMask(), addr))
		} else {
			w.op("VMOVUPS %s, %s", k.sum(v), addr)
		}
	}
}

// fma writes sums += bcast·(the row of B at BX), reading B in the FMAs.
func (k sparseKernel) fma(w *writer, bcast string) {
	s := k.isa
	for v := range k.nv {
		addr := fmt.Sprintf("%d(BX)", 4*s.width*v)
		switch {
		case k.nv > 1:
			w.op("VFMADD231PS %s, %s, %s", addr, bcast, k.sum(v))
		case s == avx512:
			w.op("VFMADD231PS %s, %s, K1, %s", addr, bcast, k.sum(v))
		default:
			w.op("VMASKMOVPS %s, Y12, Y13", addr)
			w.op("VFMADD231PS Y13, %s, %s", bcast, k.sum(v))
		}
	}
}

// emitList writes the AVX-512 kernel body: the list, then the terms.
func (k sparseKernel) emitList(w *writer) {
	w.note("Byte offsets into B of the rows of a block: Z13 for the first block,")
	w.op("// Z12 the step from one block to the next.")
	w.op("MOVL R9, AX")
	w.op("VPBROADCASTD AX, Z12")
	w.op("VPMULLD sparseIota<>(SB), Z12, Z13")
	w.op("VPSLLD $4, Z12, Z12")
	w.op("MOVQ list+80(FP), R9")
	w.op("MOVQ rows+0(FP), R8")
	w.op("TESTQ R8, R8")
	w.op("JZ done")

	w.note("Pass 1: the list. R11 counts its entries, R13 the rows.")
	w.op("XORQ R11, R11")
	w.op("XORQ R13, R13")
	w.label("lrow")
	w.op("MOVL R11, %d(R9)(R13*4)", listStarts)
	w.op("VMOVDQA32 Z13, Z14")
	w.op("MOVQ SI, R12")
	w.op("MOVQ k+8(FP), CX")
	w.op("SHRQ $4, CX")
	w.op("JZ ltail")
	w.label("lblock")
	w.op("VMOVUPS (R12), Z0")
	k.compress(w)
	w.op("ADDQ $64, R12")
	w.op("VPADDD Z12, Z14, Z14")
	w.op("DECQ CX")
	w.op("JNZ lblock")
	w.label("ltail")
	w.op("VMOVUPS.Z (R12), K3, Z0")
	k.compress(w)
	w.op("MOVQ lda+24(FP), AX")
	w.op("SHLQ $2, AX")
	w.op("ADDQ AX, SI")
	w.op("INCQ R13")
	w.op("CMPQ R13, R8")
	w.op("JNE lrow")
	w.op("MOVL R11, %d(R9)(R13*4)", listStarts)

	w.note("Pass 2: for each row, its terms, then the row of C.")
	w.op("XORQ R13, R13")
	w.label("trow")
	for v := range k.nv {
		w.op("%s", k.isa.zero(k.sum(v)))
	}
	w.op("MOVLQSX %d(R9)(R13*4), AX", listStarts)
	w.op("MOVLQSX %d(R9)(R13*4), R11", listStarts+4)
	w.op("CMPQ AX, R11")
	w.op("JEQ twrite")
	w.label("term")
	w.op("MOVLQSX (R9)(AX*4), BX")
	w.op("VBROADCASTSS %d(R9)(AX*4), Z8", listVals)
	w.op("ADDQ DI, BX")
	k.fma(w, "Z8")
	w.op("INCQ AX")
	w.op("CMPQ AX, R11")
	w.op("JNE term")
	w.label("twrite")
	k.writeRow(w)
	w.op("ADDQ R10, DX")
	w.op("INCQ R13")
	w.op("CMPQ R13, R8")
	w.op("JNE trow")
}

// compress appends the nonzero values of Z0 and the B offsets in Z14 of
// their rows to the list at entry R11. Each store writes a whole vector;
// the entries past the new end are overwritten by the next block.
// VPTESTMD counts −0 as nonzero, which only adds a zero term.
func (k sparseKernel) compress(w *writer) {
	w.op("VPTESTMD Z0, Z0, K2")
	w.op("VCOMPRESSPS.Z Z0, K2, Z1")
	w.op("VPCOMPRESSD.Z Z14, K2, Z2")
	w.op("VMOVUPS Z1, %d(R9)(R11*4)", listVals)
	w.op("VMOVDQU32 Z2, (R9)(R11*4)")
	w.op("KMOVW K2, AX")
	w.op("POPCNTL AX, AX")
	w.op("ADDQ AX, R11")
}

// emitBits writes the AVX2 kernel body: for each row, each block's
// nonzero bits, lowest first, one term per bit.
func (k sparseKernel) emitBits(w *writer) {
	w.op("MOVQ rows+0(FP), R8")
	w.op("TESTQ R8, R8")
	w.op("JZ done")
	w.note("Start a row: clear the sums, point at the first block of A and row 0 of B.")
	w.label("row")
	for v := range k.nv {
		w.op("%s", k.isa.zero(k.sum(v)))
	}
	w.op("MOVQ SI, R12")
	w.op("MOVQ DI, R13")
	w.op("MOVQ k+8(FP), CX")
	w.op("SHRQ $3, CX")
	w.op("JZ tail")
	w.note("A block of A: the bits of its nonzero elements, visited lowest first.")
	w.label("block")
	nonzeroMask(w, avx2, "Y9", false)
	w.op("TESTL AX, AX")
	w.op("JZ next")
	w.label("bit")
	k.bitTerm(w)
	w.op("JNZ bit")
	w.label("next")
	w.op("ADDQ $32, R12")
	w.op("MOVQ R9, R11")
	w.op("SHLQ $3, R11")
	w.op("ADDQ R11, R13")
	w.op("DECQ CX")
	w.op("JNZ block")
	w.note("The last, partial block.")
	w.label("tail")
	nonzeroMask(w, avx2, "Y9", true)
	w.op("TESTL AX, AX")
	w.op("JZ rowdone")
	w.label("tbit")
	k.bitTerm(w)
	w.op("JNZ tbit")
	w.label("rowdone")
	k.writeRow(w)
	w.note("Next row.")
	w.op("MOVQ lda+24(FP), R11")
	w.op("SHLQ $2, R11")
	w.op("ADDQ R11, SI")
	w.op("ADDQ R10, DX")
	w.op("DECQ R8")
	w.op("JNZ row")
}

// bitTerm writes the term of the element at bit BSF(AX) of the block at
// R12 (row R13 of B onwards), clears the bit and leaves the flags for
// AX = 0.
func (k sparseKernel) bitTerm(w *writer) {
	w.op("BSFL AX, BX")
	w.op("VBROADCASTSS (R12)(BX*4), Y8")
	w.op("IMULQ R9, BX")
	w.op("ADDQ R13, BX")
	k.fma(w, "Y8")
	w.op("LEAL -1(AX), R11")
	w.op("ANDL R11, AX")
}

// nonzeroMask sets AX to the bits of the nonzero elements of the block at
// R12, loaded into register r (only its first lanes, by K3 or Y11, when
// tail). VCMPPS's not-equal-unordered counts NaN, so it reaches the sums.
func nonzeroMask(w *writer, s isa, r string, tail bool) {
	if s == avx512 {
		if tail {
			w.op("VMOVUPS.Z (R12), K3, %s", r)
		} else {
			w.op("VMOVUPS (R12), %s", r)
		}
		w.op("VPTESTMD %s, %s, K2", r, r)
		w.op("KMOVW K2, AX")
		return
	}
	if tail {
		w.op("VMASKMOVPS (R12), Y11, %s", r)
	} else {
		w.op("VMOVUPS (R12), %s", r)
	}
	w.op("VCMPPS $4, Y10, %s, %s", r, r)
	w.op("VMOVMSKPS %s, AX", r)
}

// countEmit writes nonzerosISA(rows, cols int, a *float32, lda int) int:
// the number of nonzero elements of a rows×cols matrix.
func countEmit(w *writer, s isa) {
	name := "nonzeros" + s.name
	w.line("")
	w.line("// func %s(rows, cols int, a *float32, lda int) int", name)
	w.line("TEXT ·%s(SB), NOSPLIT, $0-40", name)
	w.op("MOVQ a+16(FP), SI")
	w.op("MOVQ lda+24(FP), R9")
	w.op("SHLQ $2, R9")
	w.op("XORQ DX, DX")
	w.note("Lanes of the last block of a row.")
	w.op("MOVQ cols+8(FP), CX")
	w.op("ANDQ $%d, CX", s.width-1)
	if s == avx512 {
		maskAVX512(w, "K3")
	} else {
		laneMaskAVX2(w, "CX", "Y11")
		w.op("VXORPS Y10, Y10, Y10")
	}
	w.op("MOVQ rows+0(FP), R8")
	w.op("TESTQ R8, R8")
	w.op("JZ done")
	w.label("row")
	w.op("MOVQ SI, R12")
	w.op("MOVQ cols+8(FP), CX")
	w.op("SHRQ $%d, CX", log2(s.width))
	w.op("JZ tail")
	w.label("block")
	bits := func(tail bool) {
		nonzeroMask(w, s, s.vec(9), tail)
		w.op("POPCNTL AX, AX")
		w.op("ADDQ AX, DX")
	}
	bits(false)
	w.op("ADDQ $%d, R12", 4*s.width)
	w.op("DECQ CX")
	w.op("JNZ block")
	w.label("tail")
	bits(true)
	w.op("ADDQ R9, SI")
	w.op("DECQ R8")
	w.op("JNZ row")
	w.label("done")
	w.op("MOVQ DX, ret+32(FP)")
	w.op("VZEROUPPER")
	w.op("RET")
}

// log2 returns the base-2 logarithm of a power of two.
func log2(n int) int {
	l := 0
	for n > 1 {
		n >>= 1
		l++
	}
	return l
}

// sparseGoFile returns sparse_kernels_amd64.go: the Go declarations of the
// sparse and transpose kernels, the switch that calls the sparse ones and
// each set's table.
func sparseGoFile() []byte {
	var w writer
	w.line(`// Code generated by go run ./gen; DO NOT EDIT.

//go:build !purego

package kernels

// sparseKernel names one of the sparse-A kernels of sparse_amd64.s (see
// gen/sparse.go). For rows rows of A and C and k columns of A, they
// compute C = A·B, or C += A·B when acc, visiting only A's nonzero
// elements. cols is the panel width: the kernel's width, or 1 to its width
// for the one-vector kernels. list is scratch for the AVX-512 kernels, of
// sparseListLen int32s; rows·(k/16+1)·16 must be at most sparseListCap.
type sparseKernel uint8

// The list the AVX-512 sparse kernels build: its capacity in entries and
// its length in int32s.
const (
	sparseListCap = %d
	sparseListLen = %d
)

// The kernels, named by width in columns and instruction set.
const (`, listCap, listLen)
	var names []string
	for _, k := range sparseKernels() {
		names = append(names, k.constName())
	}
	enumConsts(&w, "sparseKernel", names)
	w.line(`)

// run calls kernel k, through a switch of direct calls so that the
// compiler sees that the kernels keep no pointer.
func (k sparseKernel) run(rows, depth int, a *float32, lda int, b *float32, ldb int, c *float32, ldc, cols int, acc bool, list *int32) {
	switch k {`)
	for _, k := range sparseKernels() {
		w.op("case %s:", k.constName())
		w.op("\t%s(rows, depth, a, lda, b, ldb, c, ldc, cols, acc, list)", k.name())
	}
	w.op("default:")
	w.op("\tpanic(\"kernels: unknown sparse kernel\")")
	w.line("\t}\n}")
	for _, s := range []isa{avx512, avx2} {
		w.line("")
		w.line("// sparse%s holds the %s sparse kernels, widest first.", s.name, s.name)
		w.line("var sparse%s = &sparseSet{", s.name)
		w.op("width: %d,", s.width)
		var names []string
		for _, nv := range sparseTiers {
			names = append(names, sparseKernel{s, nv}.constName())
		}
		w.op("tiers: [4]sparseKernel{%s, %s, %s, %s},", names[0], names[1], names[2], names[3])
		w.op("count: nonzeros%s,", s.name)
		w.line("}")
	}
	for _, k := range sparseKernels() {
		w.line("")
		w.line("//go:noescape")
		w.line("func %s(rows, k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc, cols int, acc bool, list *int32)", k.name())
	}
	for _, s := range []isa{avx512, avx2} {
		w.line("")
		w.line("// nonzeros%s returns the number of nonzero elements of the rows×cols", s.name)
		w.line("// matrix at a with row stride lda.")
		w.line("//")
		w.line("//go:noescape")
		w.line("func nonzeros%s(rows, cols int, a *float32, lda int) int", s.name)
	}
	for _, s := range []isa{avx512, avx2} {
		t := transposeTile(s)
		w.line("")
		w.line("// transpose%s writes the transpose of the tiles×%d·%d matrix at src", s.name, t, t)
		w.line("// (row stride lds) to dst (row stride ldd): %d×%d tiles, one after the", t, t)
		w.line("// other down src and across dst.")
		w.line("//")
		w.line("//go:noescape")
		w.line("func transpose%s(dst *float32, ldd int, src *float32, lds int, tiles int)", s.name)
	}
	return w.Bytes()
}
