package main

import "fmt"

// Sparse-A kernels. Inputs such as MNIST images are mostly zeros (81% of
// MNIST's pixels), and the two large products of a step, X·W1 and Xᵀ·dH,
// have X as their A. These kernels find the nonzero elements of A a vector
// at a time (a test against zero gives a bit mask; the set bits are visited
// lowest first) and do the work of those elements only:
//
//	NN: C(i, :) = Σ_p A(i, p)·B(p, :)    for each row i, p over the nonzeros
//	    of row i, the sums held in registers for the whole row;
//	TN: C(r, :) += X(p, r)·B(p, :)       for op(A) = Xᵀ: for each row p of the
//	    stored X, r over its nonzeros, C read, updated and written back.
//
// Both add the terms of each element of C in increasing p, as the dense
// kernels do, and differ from them only in skipping terms whose A element
// is zero.

// sparseKernel is one sparse kernel: nv vectors of C per row.
type sparseKernel struct {
	isa   isa
	trans bool // TN (op(A) = Xᵀ) rather than NN
	nv    int  // vectors per row of C: 8, 4, 2 or 1 (1 may be partial)
}

// sparseTiers are the panel widths in vectors, widest first.
var sparseTiers = []int{8, 4, 2, 1}

// sparseKernels lists the sparse kernels of every set.
func sparseKernels() []sparseKernel {
	var ks []sparseKernel
	for _, s := range []isa{avx512, avx2} {
		for _, trans := range []bool{false, true} {
			for _, nv := range sparseTiers {
				ks = append(ks, sparseKernel{s, trans, nv})
			}
		}
	}
	return ks
}

// name is the Go name, e.g. sparseNN128AVX512.
func (k sparseKernel) name() string {
	kind := "NN"
	if k.trans {
		kind = "TN"
	}
	return fmt.Sprintf("sparse%s%d%s", kind, k.nv*k.isa.width, k.isa.name)
}

// constName is the name of the kernel's sparseKernel constant in Go.
func (k sparseKernel) constName() string { return "s" + k.name()[len("sparse"):] }

// Register plan. General registers:
//
//	NN: R8 rows left, SI A at the row, CX blocks left, R12 A at the block,
//	    R13 B at the block's first row, DX C at the row
//	TN: CX rows of X left, SI X at the row, DI B at the row, R8 blocks
//	    left, R12 X at the block, R13 the block's first column index,
//	    DX C
//	both: AX nonzero bits, BX bit index then address, R11 scratch,
//	    R9 ldb in bytes, R10 ldc in bytes
//
// Vector registers, AVX-512: Z0 the scanned block, Z8 the broadcast A
// element; NN sums in Z16–Z23; TN's B row in Z0–Z7 (the block is scanned
// into Z9) and C in Z16–Z23; K1 the lane mask of a partial last vector, K2
// the nonzero bits, K3 the lanes of the last block of A's row. AVX2: sums
// or B row in Y0–Y7, Y8 the broadcast, Y9 the scanned block, Y10 zero,
// Y11 the last block's lanes, Y12 the partial vector's lanes, Y13 scratch.
func (k sparseKernel) scanReg() string {
	if k.isa == avx512 {
		if k.trans {
			return "Z9"
		}
		return "Z0"
	}
	return "Y9"
}

// vector returns register v of the sums (NN) or of the B row (TN).
func (k sparseKernel) vector(v int) string {
	if k.isa == avx512 && !k.trans {
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
//	func sparseKindNISA(outer, inner int, a *float32, lda int, b *float32, ldb int,
//		c *float32, ldc, cols int, acc bool)
//
// outer = m (rows of C), inner = k. NN: C = A·B, or C += A·B when acc.
// TN: C += Xᵀ·B (acc must be true; the caller zeroes C first). cols is the
// width of the panel of B and C: N for the kernels of 2 or more vectors,
// 1 to N for those of one. Strides are in elements.`)
	for _, k := range sparseKernels() {
		k.emit(&w)
	}
	for _, s := range []isa{avx512, avx2} {
		countEmit(&w, s)
	}
	laneTable(&w, "sparseLanes<>")

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
	w.line("// func %s(outer, inner int, a *float32, lda int, b *float32, ldb int, c *float32, ldc, cols int, acc bool)", k.name())
	w.line("TEXT ·%s(SB), NOSPLIT, $0-73", k.name())
	w.note("Strides to bytes, pointers.")
	w.op("MOVQ ldb+40(FP), R9")
	w.op("SHLQ $2, R9")
	w.op("MOVQ ldc+56(FP), R10")
	w.op("SHLQ $2, R10")
	w.op("MOVQ a+16(FP), SI")
	w.op("MOVQ b+32(FP), DI")
	w.op("MOVQ c+48(FP), DX")

	w.note("Lanes of the last block of a row of A, and of a partial vector of C.")
	if k.trans {
		w.op("MOVQ outer+0(FP), CX") // X's rows are m long
	} else {
		w.op("MOVQ inner+8(FP), CX")
	}
	w.op("ANDQ $%d, CX", s.width-1)
	if s == avx512 {
		maskAVX512(w, "K3")
		if k.nv == 1 {
			w.op("MOVQ cols+64(FP), CX")
			maskAVX512(w, "K1")
		}
	} else {
		laneMaskAVX2(w, "CX", "Y11")
		if k.nv == 1 {
			w.op("MOVQ cols+64(FP), CX")
			laneMaskAVX2(w, "CX", "Y12")
		}
		w.op("VXORPS Y10, Y10, Y10")
	}
	if k.trans {
		k.emitTN(w)
	} else {
		k.emitNN(w)
	}
	w.label("done")
	w.op("VZEROUPPER")
	w.op("RET")
}

// emitNN writes the loop over rows of A and C.
func (k sparseKernel) emitNN(w *writer) {
	s := k.isa
	w.op("MOVQ outer+0(FP), R8")
	w.op("TESTQ R8, R8")
	w.op("JZ done")
	w.note("Start a row: clear the sums, point at the first block of A and row 0 of B.")
	w.label("row")
	for v := range k.nv {
		w.op("%s", s.zero(k.vector(v)))
	}
	w.op("MOVQ SI, R12")
	w.op("MOVQ DI, R13")
	w.op("MOVQ inner+8(FP), CX")
	w.op("SHRQ $%d, CX", log2(s.width))
	k.scan(w, "CX", func() {
		w.op("ADDQ $%d, R12", 4*s.width)
		w.op("MOVQ R9, R11")
		w.op("SHLQ $%d, R11", log2(s.width))
		w.op("ADDQ R11, R13")
	})

	k.writeRow(w)
	w.note("Next row.")
	w.op("MOVQ lda+24(FP), R11")
	w.op("SHLQ $2, R11")
	w.op("ADDQ R11, SI")
	w.op("ADDQ R10, DX")
	w.op("DECQ R8")
	w.op("JNZ row")
}

// sum is register v of a row's sums.
func (k sparseKernel) sum(v int) string {
	if k.isa == avx512 {
		return k.isa.vec(16 + v)
	}
	return k.isa.vec(v)
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

// emitTN writes the loop over rows of the stored X (and of B).
func (k sparseKernel) emitTN(w *writer) {
	s := k.isa
	w.op("MOVQ inner+8(FP), CX")
	w.op("TESTQ CX, CX")
	w.op("JZ done")
	w.note("Start a row p of X: load row p of B, point at the first block of X.")
	w.label("prow")
	for v := range k.nv {
		addr := fmt.Sprintf("%d(DI)", 4*s.width*v)
		if k.nv == 1 {
			w.op("%s", s.loadMasked(addr, k.colMask(), k.vector(v)))
		} else {
			w.op("VMOVUPS %s, %s", addr, k.vector(v))
		}
	}
	w.op("MOVQ SI, R12")
	w.op("XORQ R13, R13")
	w.op("MOVQ outer+0(FP), R8")
	w.op("SHRQ $%d, R8", log2(s.width))
	k.scan(w, "R8", func() {
		w.op("ADDQ $%d, R12", 4*s.width)
		w.op("ADDQ $%d, R13", s.width)
	})
	w.note("Next row of X and of B.")
	w.op("MOVQ lda+24(FP), R11")
	w.op("SHLQ $2, R11")
	w.op("ADDQ R11, SI")
	w.op("ADDQ R9, DI")
	w.op("DECQ CX")
	w.op("JNZ prow")
}

// scan writes the walk over one row of A (at R12): blocks of a vector
// (count in register cnt, advance() moves to the next), then the last
// partial block under its mask; for each nonzero element, k.term.
func (k sparseKernel) scan(w *writer, cnt string, advance func()) {
	w.op("TESTQ %s, %s", cnt, cnt)
	w.op("JZ tail")
	w.note("A block of A: the bits of its nonzero elements, visited lowest first.")
	w.label("block")
	k.nonzeroBits(w, false)
	w.op("JZ next")
	w.label("bit")
	k.term(w)
	w.op("LEAL -1(AX), R11")
	w.op("ANDL R11, AX")
	w.op("JNZ bit")
	w.label("next")
	advance()
	w.op("DECQ %s", cnt)
	w.op("JNZ block")
	w.note("The last, partial block.")
	w.label("tail")
	k.nonzeroBits(w, true)
	w.op("JZ rowdone")
	w.label("tbit")
	k.term(w)
	w.op("LEAL -1(AX), R11")
	w.op("ANDL R11, AX")
	w.op("JNZ tbit")
	w.label("rowdone")
}

// nonzeroBits sets AX to the bits of the nonzero elements of the block at
// R12 (only its first lanes when tail) and the flags for AX = 0.
func (k sparseKernel) nonzeroBits(w *writer, tail bool) {
	nonzeroMask(w, k.isa, k.scanReg(), tail)
	w.op("TESTL AX, AX")
}

// nonzeroMask sets AX to the bits of the nonzero elements of the block at
// R12, loaded into register r (only its first lanes, by K3 or Y11, when
// tail). VPTESTMD counts −0 as nonzero, which only adds a zero term;
// VCMPPS's not-equal-unordered counts NaN, so it reaches the sums.
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

// term writes the work of the nonzero element at bit BSF(AX) of the block.
func (k sparseKernel) term(w *writer) {
	s := k.isa
	bc := s.vec(8)
	w.op("BSFL AX, BX")
	w.op("VBROADCASTSS (R12)(BX*4), %s", bc)
	if !k.trans {
		// NN: sums += a·(row p of B), B read straight into the FMAs.
		w.op("IMULQ R9, BX")
		w.op("ADDQ R13, BX")
		for v := range k.nv {
			addr := fmt.Sprintf("%d(BX)", 4*s.width*v)
			switch {
			case k.nv > 1:
				w.op("VFMADD231PS %s, %s, %s", addr, bc, k.vector(v))
			case s == avx512:
				w.op("VFMADD231PS %s, %s, K1, %s", addr, bc, k.vector(v))
			default:
				w.op("VMASKMOVPS %s, Y12, Y13", addr)
				w.op("VFMADD231PS Y13, %s, %s", bc, k.vector(v))
			}
		}
		return
	}
	// TN: row r of C += x·(row p of B).
	w.op("ADDQ R13, BX")
	w.op("IMULQ R10, BX")
	w.op("ADDQ DX, BX")
	for v := range k.nv {
		addr := fmt.Sprintf("%d(BX)", 4*s.width*v)
		tmp := s.vec(16 + v)
		if s == avx2 {
			tmp = "Y13"
		}
		if k.nv == 1 {
			w.op("%s", s.loadMasked(addr, k.colMask(), tmp))
		} else {
			w.op("VMOVUPS %s, %s", addr, tmp)
		}
		w.op("VFMADD231PS %s, %s, %s", k.vector(v), bc, tmp)
		if k.nv == 1 {
			w.op("%s", s.storeMasked(tmp, k.colMask(), addr))
		} else {
			w.op("VMOVUPS %s, %s", tmp, addr)
		}
	}
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
// sparse kernels, the switch that calls them and each set's table.
func sparseGoFile() []byte {
	var w writer
	w.line(`// Code generated by go run ./gen; DO NOT EDIT.

//go:build !purego

package kernels

// sparseKernel names one of the sparse-A kernels of sparse_amd64.s (see
// gen/sparse.go). For the outer = m rows of C and inner = k, NN kernels
// compute C = A·B, or C += A·B when acc; TN kernels compute C += Xᵀ·B
// (acc must be true). Either visits only the nonzero elements of A or X.
// cols is the panel width: the kernel's width, or 1 to its width for the
// one-vector kernels.
type sparseKernel uint8

// The kernels, named by kind, width in columns and instruction set.
const (`)
	var names []string
	for _, k := range sparseKernels() {
		names = append(names, k.constName())
	}
	enumConsts(&w, "sparseKernel", names)
	w.line(`)

// run calls kernel k, through a switch of direct calls so that the
// compiler sees that the kernels keep no pointer.
func (k sparseKernel) run(outer, inner int, a *float32, lda int, b *float32, ldb int, c *float32, ldc, cols int, acc bool) {
	switch k {`)
	for _, k := range sparseKernels() {
		w.op("case %s:", k.constName())
		w.op("\t%s(outer, inner, a, lda, b, ldb, c, ldc, cols, acc)", k.name())
	}
	w.op("default:")
	w.op("\tpanic(\"kernels: unknown sparse kernel\")")
	w.line("\t}\n}")
	for _, s := range []isa{avx512, avx2} {
		w.line("")
		w.line("// sparse%s holds the %s sparse kernels, widest first.", s.name, s.name)
		w.line("var sparse%s = &sparseSet{", s.name)
		w.op("width: %d,", s.width)
		for _, trans := range []bool{false, true} {
			field := map[bool]string{false: "nn", true: "tn"}[trans]
			var names []string
			for _, nv := range sparseTiers {
				names = append(names, sparseKernel{s, trans, nv}.constName())
			}
			w.op("%s: [4]sparseKernel{%s, %s, %s, %s},", field, names[0], names[1], names[2], names[3])
		}
		w.op("count: nonzeros%s,", s.name)
		w.line("}")
	}
	for _, k := range sparseKernels() {
		w.line("")
		w.line("//go:noescape")
		w.line("func %s(outer, inner int, a *float32, lda int, b *float32, ldb int, c *float32, ldc, cols int, acc bool)", k.name())
	}
	for _, s := range []isa{avx512, avx2} {
		w.line("")
		w.line("// nonzeros%s returns the number of nonzero elements of the rows×cols", s.name)
		w.line("// matrix at a with row stride lda.")
		w.line("//")
		w.line("//go:noescape")
		w.line("func nonzeros%s(rows, cols int, a *float32, lda int) int", s.name)
	}
	return w.Bytes()
}
